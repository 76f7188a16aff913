"""Steps the offer and order use cases share: visibility, ownership, the customer checks
(readable, not passive, the contact linked), lines from the catalogue, audit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from domain.offers.model import (
    MAX_LINES,
    OFFER,
    ORDER,
    Line,
    LineInput,
    Offer,
    Order,
    check_amount,
    check_discount,
    check_quantity,
)
from domain.offers.ports import AccountRef, OffersUnitOfWork
from domain.shared import (
    FieldError,
    NotFound,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    record_write,
)
from domain.shared.ownership import owner_and_unit as shared_owner_and_unit


def can_read(principal: Principal, entity: str, record: Offer | Order) -> bool:
    """The same rule as persistence.scoping.readable on offers and orders: within the read
    scope, or of an account whose team the caller is on."""
    return principal.reads(
        entity, record.owner_id, record.business_unit_id, account_ids=[record.account_id]
    )


async def get_offer(uow: OffersUnitOfWork, principal: Principal, offer_id: UUID) -> Offer:
    offer = await uow.offers.get(offer_id)
    if offer is None or not can_read(principal, OFFER, offer):
        raise NotFound(OFFER, offer_id)
    return offer


async def get_order(uow: OffersUnitOfWork, principal: Principal, order_id: UUID) -> Order:
    order = await uow.orders.get(order_id)
    if order is None or not can_read(principal, ORDER, order):
        raise NotFound(ORDER, order_id)
    return order


async def unit_of_active_user(uow: OffersUnitOfWork, user_id: UUID) -> UUID | None:
    colleague = await uow.offer_directory.colleague(user_id)
    return colleague.business_unit_id if colleague and colleague.is_active else None


async def owner_and_unit(
    uow: OffersUnitOfWork,
    principal: Principal,
    entity: str,
    owner_id: UUID | None,
    business_unit_id: UUID | None,
) -> tuple[UUID, UUID]:
    """The shared ownership rule (`domain.shared.ownership`) with this context's directory."""

    async def lookup(user_id: UUID) -> UUID | None:
        return await unit_of_active_user(uow, user_id)

    return await shared_owner_and_unit(
        principal,
        entity,
        owner_id,
        business_unit_id,
        unit_of_active_user=lookup,
        unit_exists=uow.offer_directory.business_unit_exists,
    )


def passive_error(account: AccountRef, what: str) -> ValidationFailed:
    assert account.passive_since is not None  # noqa: S101 - only called for passive accounts
    since = account.passive_since.date().isoformat()
    return ValidationFailed.field(
        "account_id",
        f"The account {account.name!r} is passive (since {since}): it takes no new {what}.",
        "account_passive",
    )


async def customer(
    uow: OffersUnitOfWork,
    principal: Principal,
    account_id: UUID,
    contact_id: UUID | None,
    *,
    new: str | None,
) -> AccountRef:
    """The account (readable by the caller) and the contact (readable, and linked to the
    account when it is linked to any). `new` names what is being created on the account
    ("offers", "orders"): a passive account refuses it."""
    account = await uow.offer_directory.account(account_id)
    if account is None or not principal.reads(
        "account", account.owner_id, account.business_unit_id, account_ids=[account.id]
    ):
        raise ValidationFailed.field("account_id", "No such account.")
    if new is not None and account.passive_since is not None:
        raise passive_error(account, new)
    if contact_id is not None:
        contact = await uow.offer_directory.contact(contact_id)
        if contact is None or not principal.reads(
            "contact", contact.owner_id, contact.business_unit_id, account_ids=contact.account_ids
        ):
            raise ValidationFailed.field("contact_id", "No such contact.")
        if contact.account_ids and account.id not in contact.account_ids:
            raise ValidationFailed.field(
                "contact_id", f"The contact is not linked to the account {account.name!r}."
            )
    return account


async def build_lines(uow: OffersUnitOfWork, lines: Sequence[LineInput]) -> tuple[Line, ...]:
    """Lines from what the client sent: a product's name, unit and unit price are the defaults
    (the client may override each); a free-text line needs a name and a unit price. Errors
    name the line (`lines[2].unit_price`)."""
    if len(lines) > MAX_LINES:
        raise ValidationFailed.field("lines", f"At most {MAX_LINES} lines.")
    wanted = {line.product_id for line in lines if line.product_id is not None}
    products = await uow.offer_directory.products(wanted) if wanted else {}
    built: list[Line] = []
    errors: list[FieldError] = []
    for index, data in enumerate(lines):

        def loc(name: str, i: int = index) -> tuple[str | int, ...]:
            return ("lines", i, name)

        try:
            product = None
            if data.product_id is not None:
                product = products.get(data.product_id)
                if product is None or not product.is_active:
                    raise ValidationFailed(
                        [FieldError(loc("product_id"), "No such active product.")]
                    )
            name = " ".join((data.name or (product.name if product else "")).split())
            if not name:
                raise ValidationFailed(
                    [FieldError(loc("name"), "A line without a product needs a name.")]
                )
            if len(name) > 300:
                raise ValidationFailed(
                    [FieldError(loc("name"), "The name is at most 300 characters.")]
                )
            price = (
                data.unit_price
                if data.unit_price is not None
                else (product.unit_price if product else None)
            )
            if price is None:
                raise ValidationFailed(
                    [FieldError(loc("unit_price"), "Give the unit price (the product has none).")]
                )
            unit = " ".join((data.unit or (product.unit if product else "") or "").split()) or None
            if unit is not None and len(unit) > 20:
                raise ValidationFailed(
                    [FieldError(loc("unit"), "The unit is at most 20 characters.")]
                )
            line = Line(
                name=name,
                quantity=check_quantity(data.quantity, loc("quantity")),
                unit_price=check_amount(price, loc("unit_price")),
                discount_percent=check_discount(data.discount_percent, loc("discount_percent")),
                unit=unit,
                product_id=product.id if product else None,
                product_code=product.code if product else None,
            )
            check_amount(line.total, loc("quantity"))
            built.append(line)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return tuple(built)


async def audit(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    entity: str,
    record: Offer | Order,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    """The field history and the changes-feed entry, scoped like the record."""
    await record_write(
        uow.audit,
        entity=entity,
        record=record,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=record.owner_id,
        business_unit_id=record.business_unit_id,
    )


async def save_changed(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    record: Offer | Order,
    expected_version: int,
    before: Mapping[str, Any],
) -> None:
    """A status change: the record's new version and time, saved (version-checked) with its
    history. The caller commits (an acceptance saves two records in one transaction)."""
    record.version += 1
    record.updated_at = rt.clock.now()
    if isinstance(record, Offer):
        await uow.offers.update(record, expected_version)
        await audit(uow, rt, principal, OFFER, record, Operation.UPDATE, before)
    else:
        await uow.orders.update(record, expected_version)
        await audit(uow, rt, principal, ORDER, record, Operation.UPDATE, before)


async def linked_activity(
    uow: OffersUnitOfWork, principal: Principal, activity_id: UUID | None, account_id: UUID
) -> UUID | None:
    """The activity an offer was made in: readable by the caller and about the same account."""
    if activity_id is None:
        return None
    activity = await uow.offer_directory.readable_activity(principal, activity_id)
    if activity is None:
        raise ValidationFailed.field("activity_id", "No such activity.")
    if activity.account_id is not None and activity.account_id != account_id:
        raise ValidationFailed.field(
            "activity_id", "The activity is about another account than the offer."
        )
    return activity.id
