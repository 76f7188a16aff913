"""Read models of offers and orders: lists with the names a screen shows (one query per
page), one offer or order with its lines, and an account's purchase volume.

Every list starts from `persistence.scoping.readable()` on `offers` or `orders` (which adds
the account team through ACCOUNT_COLUMNS); the offer types and sales targets read the same
function with their own columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.offers import (
    OFFER,
    OFFER_TYPE,
    ORDER,
    SALES_TARGET,
    Offer,
    OfferStatus,
    OfferType,
    Order,
    OrderStatus,
    PurchaseVolume,
    PurchaseYear,
    SalesTarget,
    window_start,
)
from domain.shared import Page, PageRequest, Principal
from persistence.filters import escape_like
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.offers import (
    load_lines,
    offer_from_row,
    order_from_row,
    target_from_row,
    type_from_row,
)
from persistence.scoping import readable
from persistence.tables.accounts import accounts, contacts
from persistence.tables.activities import activities
from persistence.tables.identity import business_units, users
from persistence.tables.offers import (
    offer_lines,
    offer_types,
    offers,
    order_lines,
    orders,
    sales_targets,
)

OF = offers.c
OR = orders.c


def _like(q: str) -> str:
    return f"%{escape_like(q.strip().casefold())}%"


def cents(column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """Euros as whole cents: sums of integers are exact on both databases (SQLite keeps
    NUMERIC as floating point)."""
    return sa.cast(sa.func.round(column * 100), sa.BigInteger)


def euros(amount_in_cents: int | None) -> Decimal:
    return (Decimal(int(amount_in_cents or 0)) / 100).quantize(Decimal("0.01"))


# ------------------------------------------------------------------ offer types

TYPE_SORTS = {
    "sort_order": offer_types.c.sort_order,
    "name": offer_types.c.name,
    "key": offer_types.c.key,
    "created_at": offer_types.c.created_at,
}


async def list_offer_types(
    session: AsyncSession, principal: Principal, active: bool | None, page: PageRequest
) -> Page[OfferType]:
    conds = [readable(principal, OFFER_TYPE, offer_types, owner_col=None, unit_col=None)]
    if active is not None:
        conds.append(offer_types.c.is_active == active)
    ids, next_cursor = await keyset_ids(session, offer_types, sa.and_(*conds), page, TYPE_SORTS)
    rows = await session.execute(sa.select(offer_types).where(offer_types.c.id.in_(ids)))
    found = [type_from_row(dict(r)) for r in rows.mappings()] if ids else []
    return Page(in_order(ids, found), next_cursor)


# ------------------------------------------------------------------ offers

OFFER_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "offered_on": OF.offered_on,
    "valid_until": OF.valid_until,
    "total": OF.total,
    "title": OF.sort_title,
    "updated_at": OF.updated_at,
    "created_at": OF.created_at,
}


@dataclass(frozen=True)
class OfferFilters:
    q: str | None = None
    status: tuple[str, ...] = ()
    offer_type_id: UUID | None = None
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    # Open and valid until a day in [today, today + expiring_within_days].
    expiring_within_days: int | None = None
    # True: open and past validity; False: not that.
    expired: bool | None = None
    offered_from: date | None = None
    offered_to: date | None = None
    updated_since: datetime | None = None


def offers_readable(principal: Principal) -> sa.ColumnElement[bool]:
    return readable(principal, OFFER, offers)


def offer_conditions(principal: Principal, f: OfferFilters, on: date) -> sa.ColumnElement[bool]:
    conds: list[sa.ColumnElement[bool]] = [offers_readable(principal)]
    for name in ("offer_type_id", "owner_id", "business_unit_id", "account_id", "contact_id"):
        value = getattr(f, name)
        if value is not None:
            conds.append(OF[name] == value)
    if f.status:
        conds.append(OF.status.in_(list(f.status)))
    if f.q and f.q.strip():
        text = _like(f.q)
        conds.append(
            sa.or_(
                OF.sort_title.like(text, escape="\\"),
                sa.func.lower(OF.number).like(text, escape="\\"),
            )
        )
    is_open = OF.status == OfferStatus.OPEN.value
    if f.expiring_within_days is not None:
        conds += [is_open, OF.valid_until.between(on, on + timedelta(days=f.expiring_within_days))]
    if f.expired is not None:
        expired = sa.and_(is_open, OF.valid_until < on)
        conds.append(expired if f.expired else sa.not_(expired))
    if f.offered_from is not None:
        conds.append(OF.offered_on >= f.offered_from)
    if f.offered_to is not None:
        conds.append(OF.offered_on <= f.offered_to)
    if f.updated_since is not None:
        conds.append(OF.updated_at >= f.updated_since)
    return sa.and_(*conds)


@dataclass(frozen=True)
class OfferView:
    offer: Offer
    account_name: str | None
    contact_name: str | None
    offer_type_name: str | None
    offer_type_name_en: str | None
    offer_type_name_sv: str | None
    owner_name: str | None
    business_unit_name: str | None
    order_number: str | None
    order_status: str | None
    activity_subject: str | None = None


def _contact_name() -> sa.ColumnElement[Any]:
    return contacts.c.first_name + sa.literal(" ") + contacts.c.last_name


async def offer_views(
    session: AsyncSession, ids: Sequence[UUID], *, principal: Principal | None = None
) -> list[OfferView]:
    """Offers with their display names and lines, in two queries; with a principal, also the
    subject of the linked activity when the caller may read it."""
    if not ids:
        return []
    stmt = (
        sa.select(
            offers,
            accounts.c.name.label("v_account_name"),
            _contact_name().label("v_contact_name"),
            offer_types.c.name.label("v_offer_type_name"),
            offer_types.c.name_en.label("v_offer_type_name_en"),
            offer_types.c.name_sv.label("v_offer_type_name_sv"),
            users.c.name.label("v_owner_name"),
            business_units.c.name.label("v_business_unit_name"),
            orders.c.number.label("v_order_number"),
            orders.c.status.label("v_order_status"),
        )
        .select_from(
            offers.outerjoin(accounts, accounts.c.id == OF.account_id)
            .outerjoin(contacts, contacts.c.id == OF.contact_id)
            .outerjoin(offer_types, offer_types.c.id == OF.offer_type_id)
            .outerjoin(users, users.c.id == OF.owner_id)
            .outerjoin(business_units, business_units.c.id == OF.business_unit_id)
            .outerjoin(orders, orders.c.id == OF.order_id)
        )
        .where(OF.id.in_(list(ids)))
    )
    rows = (await session.execute(stmt)).mappings().all()
    lines = await load_lines(session, offer_lines, "offer_id", [r["id"] for r in rows])
    subjects: dict[UUID, str] = {}
    linked = [r["activity_id"] for r in rows if r["activity_id"] is not None]
    if principal is not None and linked:
        found = await session.execute(
            sa.select(activities.c.id, activities.c.subject).where(
                activities.c.id.in_(linked), readable(principal, "activity", activities)
            )
        )
        subjects = {r.id: r.subject for r in found}
    views: dict[UUID, OfferView] = {}
    for row in rows:
        base = {k: v for k, v in row.items() if not k.startswith("v_")}
        extra = {k[2:]: v for k, v in row.items() if k.startswith("v_")}
        offer = offer_from_row(base, lines.get(row["id"], ()))
        views[offer.id] = OfferView(
            offer,
            **extra,
            activity_subject=subjects.get(offer.activity_id),  # type: ignore[arg-type]
        )
    return [views[i] for i in ids if i in views]


async def list_offers(
    session: AsyncSession, principal: Principal, f: OfferFilters, page: PageRequest, on: date
) -> Page[OfferView]:
    ids, next_cursor = await keyset_ids(
        session,
        offers,
        offer_conditions(principal, f, on),
        page,
        OFFER_SORTS,
        filter_first=bool(f.q and f.q.strip()),
    )
    return Page(await offer_views(session, ids), next_cursor)


# ------------------------------------------------------------------ orders

ORDER_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "ordered_on": OR.ordered_on,
    "total": OR.total,
    "updated_at": OR.updated_at,
    "created_at": OR.created_at,
}


@dataclass(frozen=True)
class OrderFilters:
    q: str | None = None
    status: tuple[str, ...] = ()
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None
    account_id: UUID | None = None
    offer_id: UUID | None = None
    external_reference: str | None = None
    ordered_from: date | None = None
    ordered_to: date | None = None
    updated_since: datetime | None = None


def order_conditions(principal: Principal, f: OrderFilters) -> sa.ColumnElement[bool]:
    conds: list[sa.ColumnElement[bool]] = [readable(principal, ORDER, orders)]
    for name in ("owner_id", "business_unit_id", "account_id", "offer_id", "external_reference"):
        value = getattr(f, name)
        if value is not None:
            conds.append(OR[name] == value)
    if f.status:
        conds.append(OR.status.in_(list(f.status)))
    if f.q and f.q.strip():
        text = _like(f.q)
        conds.append(
            sa.or_(
                OR.sort_title.like(text, escape="\\"),
                sa.func.lower(OR.number).like(text, escape="\\"),
            )
        )
    if f.ordered_from is not None:
        conds.append(OR.ordered_on >= f.ordered_from)
    if f.ordered_to is not None:
        conds.append(OR.ordered_on <= f.ordered_to)
    if f.updated_since is not None:
        conds.append(OR.updated_at >= f.updated_since)
    return sa.and_(*conds)


@dataclass(frozen=True)
class OrderView:
    order: Order
    account_name: str | None
    contact_name: str | None
    owner_name: str | None
    business_unit_name: str | None
    offer_number: str | None
    offer_type_id: UUID | None
    offer_type_name: str | None


async def order_views(session: AsyncSession, ids: Sequence[UUID]) -> list[OrderView]:
    if not ids:
        return []
    stmt = (
        sa.select(
            orders,
            accounts.c.name.label("v_account_name"),
            _contact_name().label("v_contact_name"),
            users.c.name.label("v_owner_name"),
            business_units.c.name.label("v_business_unit_name"),
            offers.c.number.label("v_offer_number"),
            offers.c.offer_type_id.label("v_offer_type_id"),
            offer_types.c.name.label("v_offer_type_name"),
        )
        .select_from(
            orders.outerjoin(accounts, accounts.c.id == OR.account_id)
            .outerjoin(contacts, contacts.c.id == OR.contact_id)
            .outerjoin(users, users.c.id == OR.owner_id)
            .outerjoin(business_units, business_units.c.id == OR.business_unit_id)
            .outerjoin(offers, offers.c.id == OR.offer_id)
            .outerjoin(offer_types, offer_types.c.id == offers.c.offer_type_id)
        )
        .where(OR.id.in_(list(ids)))
    )
    rows = (await session.execute(stmt)).mappings().all()
    lines = await load_lines(session, order_lines, "order_id", [r["id"] for r in rows])
    views: dict[UUID, OrderView] = {}
    for row in rows:
        base = {k: v for k, v in row.items() if not k.startswith("v_")}
        extra = {k[2:]: v for k, v in row.items() if k.startswith("v_")}
        order = order_from_row(base, lines.get(row["id"], ()))
        views[order.id] = OrderView(order, **extra)
    return [views[i] for i in ids if i in views]


async def list_orders(
    session: AsyncSession, principal: Principal, f: OrderFilters, page: PageRequest
) -> Page[OrderView]:
    ids, next_cursor = await keyset_ids(
        session,
        orders,
        order_conditions(principal, f),
        page,
        ORDER_SORTS,
        filter_first=bool(f.q and f.q.strip()),
    )
    return Page(await order_views(session, ids), next_cursor)


# ------------------------------------------------------------------ sales targets

TARGET_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "year": sales_targets.c.year,
    "euro_target": sales_targets.c.euro_target,
    "updated_at": sales_targets.c.updated_at,
}


@dataclass(frozen=True)
class TargetView:
    target: SalesTarget
    user_name: str | None
    business_unit_name: str | None


def targets_readable(principal: Principal) -> sa.ColumnElement[bool]:
    """A target's user is its owner: a salesperson reads their own, a manager their units'."""
    return readable(principal, SALES_TARGET, sales_targets, owner_col="user_id")


async def target_views(session: AsyncSession, ids: Sequence[UUID]) -> list[TargetView]:
    if not ids:
        return []
    rows = await session.execute(
        sa.select(
            sales_targets,
            users.c.name.label("v_user_name"),
            business_units.c.name.label("v_business_unit_name"),
        )
        .select_from(
            sales_targets.outerjoin(users, users.c.id == sales_targets.c.user_id).outerjoin(
                business_units, business_units.c.id == sales_targets.c.business_unit_id
            )
        )
        .where(sales_targets.c.id.in_(list(ids)))
    )
    views = {}
    for row in rows.mappings():
        base = {k: v for k, v in row.items() if not k.startswith("v_")}
        views[row["id"]] = TargetView(
            target_from_row(base), row["v_user_name"], row["v_business_unit_name"]
        )
    return [views[i] for i in ids if i in views]


@dataclass(frozen=True)
class TargetFilters:
    year: int | None = None
    user_id: UUID | None = None
    business_unit_id: UUID | None = None


async def list_targets(
    session: AsyncSession, principal: Principal, f: TargetFilters, page: PageRequest
) -> Page[TargetView]:
    conds = [targets_readable(principal)]
    for name in ("year", "user_id", "business_unit_id"):
        value = getattr(f, name)
        if value is not None:
            conds.append(sales_targets.c[name] == value)
    ids, next_cursor = await keyset_ids(session, sales_targets, sa.and_(*conds), page, TARGET_SORTS)
    return Page(await target_views(session, ids), next_cursor)


# ------------------------------------------------------------------ purchase volume


def counted_orders() -> sa.ColumnElement[bool]:
    """The orders that are purchases: every order that is not cancelled."""
    return OR.status != OrderStatus.CANCELLED.value


def purchase_volume_cents(
    account_id: sa.ColumnElement[Any], start: date, end: date
) -> sa.ScalarSelect[Any]:
    """An account's purchase volume in whole cents between two purchase dates (both
    included): a correlated scalar subquery, so the filter language can use it as a computed
    field on accounts (`purchase_volume_cents(accounts.c.id, window_start(today), today)`).
    It is a fact about the account (all its orders that are not cancelled), like the ERP's
    purchase history, whoever reads the account; the index ix_orders_account_ordered_on
    answers it."""
    return (
        sa.select(sa.func.coalesce(sa.func.sum(cents(OR.total)), 0))
        .where(OR.account_id == account_id, counted_orders(), OR.ordered_on.between(start, end))
        .scalar_subquery()
    )


async def purchase_volume(session: AsyncSession, account_id: UUID, on: date) -> PurchaseVolume:
    """The account's purchases in the 12 months ending on `on`, and per calendar year (the
    caller has already been shown the account)."""
    start = window_start(on)
    window = (
        await session.execute(
            sa.select(
                sa.func.coalesce(sa.func.sum(cents(OR.total)), 0).label("cents"),
                sa.func.count().label("n"),
            ).where(OR.account_id == account_id, counted_orders(), OR.ordered_on.between(start, on))
        )
    ).one()
    year = sa.extract("year", OR.ordered_on)
    rows = (
        await session.execute(
            sa.select(
                sa.cast(year, sa.Integer).label("year"),
                sa.func.sum(cents(OR.total)).label("cents"),
                sa.func.count().label("n"),
                sa.func.min(OR.ordered_on).label("first"),
                sa.func.max(OR.ordered_on).label("last"),
            )
            .where(OR.account_id == account_id, counted_orders())
            .group_by(year)
            .order_by(year.desc())
        )
    ).all()
    return PurchaseVolume(
        account_id=account_id,
        as_of=on,
        window_from=start,
        window_total=euros(window.cents),
        window_orders=int(window.n),
        years=tuple(PurchaseYear(int(r.year), euros(r.cents), int(r.n)) for r in rows),
        first_ordered_on=min((r.first for r in rows), default=None),
        last_ordered_on=max((r.last for r in rows), default=None),
    )
