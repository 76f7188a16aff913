"""Order use cases: an order comes from an accepted offer (see `offers.accept_offer`) or
directly — a salesperson records one, or the ERP sends it with its own reference (a repeat
of the same reference finds the order instead of making a second); edit, status changes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.offers.common import (
    audit,
    build_lines,
    can_read,
    customer,
    get_order,
    owner_and_unit,
    passive_error,
    save_changed,
    unit_of_active_user,
)
from domain.offers.model import (
    ORDER,
    LineInput,
    Order,
    OrderStatus,
    check_amount,
    check_past_date,
    clean_text,
    clean_title,
    format_order_number,
    lines_total,
    today,
)
from domain.offers.ports import AccountRef, OffersUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    apply_update,
    check_version,
    snapshot,
)

REFERENCE = re.compile(r"^[\w.:/#-]{1,100}$")
EARLIEST = date(2000, 1, 1)


def clean_reference(reference: str | None) -> str | None:
    """1–100 letters, digits and `_ . : / # -`."""
    text = clean_text(reference)
    if text is not None and not REFERENCE.match(text):
        raise ValidationFailed.field(
            "external_reference",
            "The reference is 1–100 letters, digits and _ . : / # - (e.g. ERP:100234).",
        )
    return text


async def check_external_reference(
    uow: OffersUnitOfWork, reference: str | None, order_id: UUID | None = None
) -> str | None:
    """A valid reference that no other order has."""
    text = clean_reference(reference)
    if text is None:
        return None
    existing = await uow.orders.by_external_reference(text)
    if existing is not None and existing.id != order_id:
        raise Conflict(f"Another order has the external reference {text!r}.")
    return text


@dataclass(frozen=True)
class OrderInput:
    title: str
    account_id: UUID
    lines: tuple[LineInput, ...]
    ordered_on: date | None = None  # None: today
    contact_id: UUID | None = None
    external_reference: str | None = None
    description: str | None = None
    # None: whoever looks after the account (its manager, else its owner) when the caller
    # may create orders for them, else the caller.
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None


async def _default_owner(
    uow: OffersUnitOfWork, principal: Principal, account: AccountRef
) -> tuple[UUID, UUID]:
    """An order belongs with the customer: to the account manager (else the account's owner),
    when the caller's create privilege reaches them — the ERP's orders land with the people
    who look after the account; a salesperson's own order stays theirs."""
    candidate = account.account_manager_id or account.owner_id
    unit = await unit_of_active_user(uow, candidate)
    if unit is not None and principal.allows(ORDER, Action.CREATE, candidate, unit):
        return candidate, unit
    return await owner_and_unit(uow, principal, ORDER, None, None)


def _same(order: Order, data: OrderInput, lines: tuple[Any, ...], ordered_on: date) -> bool:
    return (
        order.account_id == data.account_id
        and order.ordered_on == ordered_on
        and order.lines == lines
        and order.title == clean_title(data.title)
    )


async def create_order(
    uow: OffersUnitOfWork, rt: Runtime, principal: Principal, data: OrderInput
) -> tuple[Order, bool]:
    """A direct order; answers (the order, True) when created, or (the existing order,
    False) when one with the same external reference and the same content exists — a
    repeat that differs is a 409 with the existing order's id (edit that one instead)."""
    principal.require(ORDER, Action.CREATE)
    title = clean_title(data.title)
    account = await customer(uow, principal, data.account_id, data.contact_id, new=None)
    now = rt.clock.now()
    ordered_on = check_past_date(
        data.ordered_on or today(now), "ordered_on", now, not_before=EARLIEST
    )
    if not data.lines:
        raise ValidationFailed.field("lines", "An order has at least one line.")
    lines = await build_lines(uow, data.lines)
    reference = clean_reference(data.external_reference)
    if reference is not None:
        existing = await uow.orders.by_external_reference(reference)
        if existing is not None:
            if not can_read(principal, ORDER, existing):
                # Unique across the organisation, but who has it is not the caller's to know.
                raise Conflict(f"Another order has the external reference {reference!r}.")
            if _same(existing, data, lines, ordered_on):
                return existing, False
            raise Conflict(
                f"The order {existing.number} has the external reference {reference!r} with "
                "other content: edit it (PATCH /orders/{id}) instead.",
                existing_id=existing.id,
            )
    if account.passive_since is not None:
        raise passive_error(account, "orders")
    if data.owner_id is not None or data.business_unit_id is not None:
        owner, unit = await owner_and_unit(
            uow, principal, ORDER, data.owner_id, data.business_unit_id
        )
    else:
        owner, unit = await _default_owner(uow, principal, account)
    principal.require_on(ORDER, Action.CREATE, owner, unit)
    year = today(now).year
    order = Order(
        id=rt.ids.new_id(),
        number=format_order_number(year, await uow.orders.next_serial(year)),
        title=title,
        account_id=account.id,
        contact_id=data.contact_id,
        ordered_on=ordered_on,
        owner_id=owner,
        business_unit_id=unit,
        created_at=now,
        updated_at=now,
        external_reference=reference,
        description=clean_text(data.description),
        created_by=principal.user_id,
    )
    order.set_lines(lines)
    await uow.orders.add(order)
    await audit(uow, rt, principal, ORDER, order, Operation.CREATE, None)
    await uow.commit()
    return order, True


async def read_order(uow: OffersUnitOfWork, principal: Principal, order_id: UUID) -> Order:
    return await get_order(uow, principal, order_id)


EDITABLE = frozenset(
    {
        "title",
        "description",
        "contact_id",
        "ordered_on",
        "lines",
        "external_reference",
        "owner_id",
        "business_unit_id",
    }
)
ELSEWHERE = {
    "status": "Change the status with POST /orders/{id}/status.",
    "account_id": "An order stays with its account.",
    "offer_id": "The offer an order came from does not change.",
}


async def update_order(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    order_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Order:
    """Edit an order that is not invoiced or cancelled; `lines` replaces all lines."""
    order = await get_order(uow, principal, order_id)
    for name, msg in ELSEWHERE.items():
        if name in changes:
            raise ValidationFailed.field(name, msg)
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise ValidationFailed.field(unknown[0], "This field cannot be changed.")
    principal.require_on(ORDER, Action.UPDATE, order.owner_id, order.business_unit_id)
    check_version(ORDER, order, expected_version)
    order.require_editable()
    values = dict(changes)
    now = rt.clock.now()
    if "title" in values:
        values["title"] = clean_title(values["title"])
    if "description" in values:
        values["description"] = clean_text(values["description"])
    if "contact_id" in values:
        await customer(uow, principal, order.account_id, values["contact_id"], new=None)
    if "ordered_on" in values:
        values["ordered_on"] = check_past_date(
            values["ordered_on"], "ordered_on", now, not_before=EARLIEST
        )
        started = order.in_delivery_on
        if started is not None and values["ordered_on"] > started:
            raise ValidationFailed.field(
                "ordered_on", f"The order date cannot be after the delivery started ({started})."
            )
    if "external_reference" in values:
        values["external_reference"] = await check_external_reference(
            uow, values["external_reference"], order.id
        )
    if "owner_id" in values or "business_unit_id" in values:
        owner, unit = await owner_and_unit(
            uow,
            principal,
            ORDER,
            values.get("owner_id") or order.owner_id,
            values.get("business_unit_id"),
        )
        principal.require_on(ORDER, Action.ASSIGN, order.owner_id, order.business_unit_id)
        values["owner_id"], values["business_unit_id"] = owner, unit
    if "lines" in values:
        if not values["lines"]:
            raise ValidationFailed.field("lines", "An order has at least one line.")
        values["lines"] = await build_lines(uow, values["lines"])
        values["total"] = check_amount(lines_total(values["lines"]), ("lines",))
    before = snapshot(order, BOOKKEEPING)
    if not apply_update(order, values, now):
        return order
    await uow.orders.update(order, expected_version)
    await audit(uow, rt, principal, ORDER, order, Operation.UPDATE, before)
    await uow.commit()
    return order


async def change_order_status(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    order_id: UUID,
    target: OrderStatus,
    expected_version: int,
    *,
    on: date | None = None,
    reason: str | None = None,
) -> Order:
    """ordered → in delivery (from then on it may be invoiced) → invoiced; ordered or in
    delivery → cancelled (with a reason). The day has happened (today by default)."""
    order = await get_order(uow, principal, order_id)
    principal.require_on(ORDER, Action.UPDATE, order.owner_id, order.business_unit_id)
    check_version(ORDER, order, expected_version)
    why = clean_text(reason)
    if why is not None and len(why) > 500:
        raise ValidationFailed.field("reason", "The reason is at most 500 characters.")
    now = rt.clock.now()
    day = check_past_date(on or today(now), "on", now, not_before=EARLIEST)
    before = snapshot(order, BOOKKEEPING)
    order.change_status(target, day, why)
    await save_changed(uow, rt, principal, order, expected_version, before)
    await uow.commit()
    return order


__all__ = [
    "OrderInput",
    "change_order_status",
    "check_external_reference",
    "create_order",
    "read_order",
    "update_order",
]
