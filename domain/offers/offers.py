"""Offer use cases: create, read, edit, accept (the order is created in the same
transaction), lose or cancel, reopen a lost one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.offers.common import (
    audit,
    build_lines,
    customer,
    get_offer,
    linked_activity,
    owner_and_unit,
    passive_error,
    save_changed,
)
from domain.offers.model import (
    OFFER,
    ORDER,
    Attachment,
    LineInput,
    Offer,
    OfferStatus,
    Order,
    check_amount,
    check_date,
    check_past_date,
    clean_attachments,
    clean_text,
    clean_title,
    format_offer_number,
    format_order_number,
    lines_total,
    order_from_offer,
    today,
)
from domain.offers.orders import check_external_reference
from domain.offers.ports import OfferPolicy, OffersUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    apply_update,
    check_version,
    snapshot,
)

MAX_VALIDITY = timedelta(days=3 * 366)


@dataclass(frozen=True)
class OfferInput:
    title: str
    account_id: UUID
    offer_type_id: UUID
    lines: tuple[LineInput, ...]
    contact_id: UUID | None = None
    offered_on: date | None = None  # None: today
    valid_until: date | None = None  # None: the policy's validity from offered_on
    description: str | None = None
    attachments: tuple[Attachment, ...] = ()
    activity_id: UUID | None = None
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None


async def _check_type(uow: OffersUnitOfWork, type_id: UUID) -> None:
    offer_type = await uow.offer_types.get(type_id)
    if offer_type is None or not offer_type.is_active:
        raise ValidationFailed.field("offer_type_id", "No such active offer type.")


def _check_validity(offered_on: date, valid_until: date) -> None:
    check_date(valid_until, "valid_until")
    if valid_until < offered_on:
        raise ValidationFailed.field(
            "valid_until", f"The offer cannot expire before its date ({offered_on})."
        )
    if valid_until - offered_on > MAX_VALIDITY:
        raise ValidationFailed.field("valid_until", "An offer is valid for at most three years.")


def _text_fields(values: dict[str, Any]) -> dict[str, Any]:
    if "title" in values:
        values["title"] = clean_title(values["title"])
    if "description" in values:
        values["description"] = clean_text(values["description"])
    if "attachments" in values:
        values["attachments"] = clean_attachments(values["attachments"] or ())
    return values


async def create_offer(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    policy: OfferPolicy,
    data: OfferInput,
) -> Offer:
    principal.require(OFFER, Action.CREATE)
    owner, unit = await owner_and_unit(uow, principal, OFFER, data.owner_id, data.business_unit_id)
    principal.require_on(OFFER, Action.CREATE, owner, unit)
    values = _text_fields(
        {"title": data.title, "description": data.description, "attachments": data.attachments}
    )
    account = await customer(uow, principal, data.account_id, data.contact_id, new="offers")
    await _check_type(uow, data.offer_type_id)
    now = rt.clock.now()
    offered_on = check_past_date(
        data.offered_on or today(now), "offered_on", now, not_before=date(2000, 1, 1)
    )
    valid_until = data.valid_until or offered_on + timedelta(days=policy.validity_days)
    _check_validity(offered_on, valid_until)
    if not data.lines:
        raise ValidationFailed.field("lines", "An offer has at least one line.")
    lines = await build_lines(uow, data.lines)
    activity_id = await linked_activity(uow, principal, data.activity_id, account.id)
    year = today(now).year
    serial = await uow.offers.next_serial(year)
    offer = Offer(
        id=rt.ids.new_id(),
        number=format_offer_number(year, serial),
        account_id=account.id,
        contact_id=data.contact_id,
        offer_type_id=data.offer_type_id,
        offered_on=offered_on,
        valid_until=valid_until,
        activity_id=activity_id,
        owner_id=owner,
        business_unit_id=unit,
        created_at=now,
        updated_at=now,
        created_by=principal.user_id,
        **values,
    )
    offer.set_lines(lines)
    await uow.offers.add(offer)
    await audit(uow, rt, principal, OFFER, offer, Operation.CREATE, None)
    await uow.commit()
    return offer


EDITABLE = frozenset(
    {
        "title",
        "description",
        "contact_id",
        "offer_type_id",
        "offered_on",
        "valid_until",
        "lines",
        "attachments",
        "activity_id",
        "owner_id",
        "business_unit_id",
    }
)
ELSEWHERE = {
    "status": "Change the status with POST /offers/{id}/status, /acceptance or /reopening.",
    "account_id": "An offer stays with its account: make a new offer for another one.",
}


async def update_offer(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    offer_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Offer:
    """Edit an open offer; `lines` replaces all lines."""
    offer = await get_offer(uow, principal, offer_id)
    for name, msg in ELSEWHERE.items():
        if name in changes:
            raise ValidationFailed.field(name, msg)
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise ValidationFailed.field(unknown[0], "This field cannot be changed.")
    principal.require_on(OFFER, Action.UPDATE, offer.owner_id, offer.business_unit_id)
    check_version(OFFER, offer, expected_version)
    offer.require_open("edited")
    values = _text_fields(dict(changes))
    if "owner_id" in values or "business_unit_id" in values:
        owner, unit = await owner_and_unit(
            uow,
            principal,
            OFFER,
            values.get("owner_id") or offer.owner_id,
            values.get("business_unit_id"),
        )
        principal.require_on(OFFER, Action.ASSIGN, offer.owner_id, offer.business_unit_id)
        values["owner_id"], values["business_unit_id"] = owner, unit
    if "contact_id" in values:
        await customer(uow, principal, offer.account_id, values["contact_id"], new=None)
    if "offer_type_id" in values and values["offer_type_id"] != offer.offer_type_id:
        await _check_type(uow, values["offer_type_id"])
    if "activity_id" in values:
        values["activity_id"] = await linked_activity(
            uow, principal, values["activity_id"], offer.account_id
        )
    now = rt.clock.now()
    if "offered_on" in values:
        values["offered_on"] = check_past_date(
            values["offered_on"], "offered_on", now, not_before=date(2000, 1, 1)
        )
    if "lines" in values:
        if not values["lines"]:
            raise ValidationFailed.field("lines", "An offer has at least one line.")
        values["lines"] = await build_lines(uow, values["lines"])
        values["total"] = check_amount(lines_total(values["lines"]), ("lines",))
    before = snapshot(offer, BOOKKEEPING)
    if not apply_update(offer, values, now):
        return offer
    _check_validity(offer.offered_on, offer.valid_until)
    await uow.offers.update(offer, expected_version)
    await audit(uow, rt, principal, OFFER, offer, Operation.UPDATE, before)
    await uow.commit()
    return offer


async def accept_offer(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    offer_id: UUID,
    expected_version: int,
    *,
    ordered_on: date | None = None,
    external_reference: str | None = None,
) -> tuple[Offer, Order]:
    """The customer accepted: the offer is won and its order created, lines copied, in one
    transaction (either both are saved or neither)."""
    offer = await get_offer(uow, principal, offer_id)
    principal.require_on(OFFER, Action.UPDATE, offer.owner_id, offer.business_unit_id)
    principal.require_on(ORDER, Action.CREATE, offer.owner_id, offer.business_unit_id)
    check_version(OFFER, offer, expected_version)
    account = await customer(uow, principal, offer.account_id, None, new=None)
    if account.passive_since is not None:
        raise passive_error(account, "orders")
    now = rt.clock.now()
    on = check_past_date(ordered_on or today(now), "ordered_on", now, not_before=offer.offered_on)
    reference = await check_external_reference(uow, external_reference)
    before = snapshot(offer, BOOKKEEPING)
    order_id = rt.ids.new_id()
    offer.win(order_id, on)
    year = today(now).year
    order = order_from_offer(
        offer, order_id, format_order_number(year, await uow.orders.next_serial(year)), on, now
    )
    order.external_reference = reference
    order.created_by = principal.user_id
    await uow.orders.add(order)
    await audit(uow, rt, principal, ORDER, order, Operation.CREATE, None)
    await save_changed(uow, rt, principal, offer, expected_version, before)
    await uow.commit()
    return offer, order


async def close_offer(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    offer_id: UUID,
    target: OfferStatus,
    expected_version: int,
    *,
    reason: str | None = None,
    closed_on: date | None = None,
) -> Offer:
    """open → lost (a reason is required) or cancelled, on a day that has happened (today by
    default) and not before the offer's date."""
    offer = await get_offer(uow, principal, offer_id)
    principal.require_on(OFFER, Action.UPDATE, offer.owner_id, offer.business_unit_id)
    check_version(OFFER, offer, expected_version)
    why = clean_text(reason)
    if why is not None and len(why) > 500:
        raise ValidationFailed.field("reason", "The reason is at most 500 characters.")
    now = rt.clock.now()
    on = check_past_date(closed_on or today(now), "closed_on", now, not_before=date(2000, 1, 1))
    before = snapshot(offer, BOOKKEEPING)
    offer.close(target, why, on)
    await save_changed(uow, rt, principal, offer, expected_version, before)
    await uow.commit()
    return offer


async def reopen_offer(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    offer_id: UUID,
    expected_version: int,
    *,
    reason: str,
    valid_until: date | None = None,
) -> Offer:
    """A lost offer is open again (the customer came back to it), valid today or later. A
    passive account takes no offers, so its lost offers stay lost."""
    offer = await get_offer(uow, principal, offer_id)
    principal.require_on(OFFER, Action.UPDATE, offer.owner_id, offer.business_unit_id)
    check_version(OFFER, offer, expected_version)
    account = await customer(uow, principal, offer.account_id, None, new=None)
    why = clean_text(reason)
    if why is not None and len(why) > 500:
        raise ValidationFailed.field("reason", "The reason is at most 500 characters.")
    now = rt.clock.now()
    before = snapshot(offer, BOOKKEEPING)
    offer.reopen(why, valid_until, today(now))
    if account.passive_since is not None:
        raise passive_error(account, "offers")
    _check_validity(offer.offered_on, offer.valid_until)
    await save_changed(uow, rt, principal, offer, expected_version, before)
    await uow.commit()
    return offer


async def read_offer(uow: OffersUnitOfWork, principal: Principal, offer_id: UUID) -> Offer:
    return await get_offer(uow, principal, offer_id)


__all__ = [
    "OfferInput",
    "accept_offer",
    "close_offer",
    "create_offer",
    "read_offer",
    "reopen_offer",
    "update_offer",
]
