"""Repositories of offers and orders: offer types, offers and orders with their lines, sales
targets, and the little offers read about accounts, contacts, products, activities and
colleagues."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
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
    AccountRef,
    ActivityRef,
    Attachment,
    Colleague,
    ContactRef,
    Line,
    Offer,
    OfferStatus,
    OfferType,
    Order,
    OrderStatus,
    ProductRef,
    SalesTarget,
    sort_key,
)
from domain.shared import Principal
from persistence.repositories.base import TableRecords, versioned_update
from persistence.repositories.directory import business_unit_exists, contact_row, user_row
from persistence.scoping import readable
from persistence.tables.accounts import accounts
from persistence.tables.activities import activities
from persistence.tables.catalog import products
from persistence.tables.offers import (
    offer_lines,
    offer_types,
    offers,
    order_lines,
    orders,
    sales_targets,
)

# Constant keys for PostgreSQL's transaction-level advisory locks on the numbers.
OFFER_NUMBER_LOCK = 7_305_202_611
ORDER_NUMBER_LOCK = 7_305_202_612


async def next_serial(
    session: AsyncSession, table: sa.Table, prefix: str, year: int, lock_key: int
) -> int:
    """max + 1 within the year, with the allocation serialised until commit: PostgreSQL
    takes a transaction-level advisory lock; SQLite takes its single write lock with a no-op
    write first. Numbers have six digits, so the string maximum is the numeric one."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(sa.select(sa.func.pg_advisory_xact_lock(lock_key)))
    else:
        await session.execute(sa.update(table).where(sa.false()).values(number=table.c.number))
    low, high = f"{prefix}-{year}-000000", f"{prefix}-{year}-999999"
    last = await session.scalar(
        sa.select(sa.func.max(table.c.number)).where(table.c.number.between(low, high))
    )
    return int(last.rsplit("-", 1)[1]) + 1 if last else 1


# ------------------------------------------------------------------ offer types


def type_from_row(row: dict[str, Any]) -> OfferType:
    return OfferType(**row)


class SqlOfferTypes(TableRecords[OfferType]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, offer_types, OFFER_TYPE, type_from_row)

    async def by_key(self, key: str) -> OfferType | None:
        return await self.one(offer_types.c.key == key)

    async def delete(self, type_id: UUID) -> None:
        await self.session.execute(sa.delete(offer_types).where(offer_types.c.id == type_id))

    async def in_use(self, type_id: UUID) -> bool:
        found = await self.session.scalar(
            sa.select(offers.c.id).where(offers.c.offer_type_id == type_id).limit(1)
        )
        return found is not None


# ------------------------------------------------------------------ lines


def line_rows(owner_col: str, owner_id: UUID, lines: Sequence[Line]) -> list[dict[str, Any]]:
    return [
        {
            owner_col: owner_id,
            "position": position,
            "product_id": line.product_id,
            "product_code": line.product_code,
            "name": line.name,
            "unit": line.unit,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "discount_percent": line.discount_percent,
            "line_total": line.total,
        }
        for position, line in enumerate(lines, start=1)
    ]


def _decimal(value: Any, places: str) -> Decimal:
    """SQLite hands NUMERIC back as float-ish values: requantize to the column's scale."""
    return Decimal(str(value)).quantize(Decimal(places))


def line_from_row(row: Any) -> Line:
    return Line(
        name=row.name,
        quantity=_decimal(row.quantity, "0.001"),
        unit_price=_decimal(row.unit_price, "0.01"),
        discount_percent=_decimal(row.discount_percent, "0.01"),
        unit=row.unit,
        product_id=row.product_id,
        product_code=row.product_code,
    )


async def load_lines(
    session: AsyncSession, table: sa.Table, owner_col: str, ids: Collection[UUID]
) -> dict[UUID, tuple[Line, ...]]:
    if not ids:
        return {}
    rows = await session.execute(
        sa.select(table).where(table.c[owner_col].in_(list(ids))).order_by(table.c.position)
    )
    found: dict[UUID, list[Line]] = {i: [] for i in ids}
    for row in rows:
        found[getattr(row, owner_col)].append(line_from_row(row))
    return {k: tuple(v) for k, v in found.items()}


async def _replace_lines(
    session: AsyncSession, table: sa.Table, owner_col: str, owner_id: UUID, lines: Sequence[Line]
) -> None:
    await session.execute(sa.delete(table).where(table.c[owner_col] == owner_id))
    rows = line_rows(owner_col, owner_id, lines)
    if rows:
        await session.execute(sa.insert(table), rows)


# ------------------------------------------------------------------ offers


def offer_row(offer: Offer) -> dict[str, Any]:
    values = {c.name: getattr(offer, c.name) for c in offers.columns if hasattr(offer, c.name)}
    values["status"] = offer.status.value
    values["sort_title"] = sort_key(offer.title)
    values["attachments"] = [{"name": a.name, "url": a.url} for a in offer.attachments]
    return values


def offer_from_row(row: Any, lines: Iterable[Line] = ()) -> Offer:
    values = {k: v for k, v in row.items() if k != "sort_title"}
    values["status"] = OfferStatus(values["status"])
    values["total"] = _decimal(values["total"], "0.01")
    values["attachments"] = tuple(Attachment(a["name"], a["url"]) for a in values["attachments"])
    return Offer(**values, lines=tuple(lines))


async def load_offers(session: AsyncSession, condition: sa.ColumnElement[bool]) -> list[Offer]:
    rows = (await session.execute(sa.select(offers).where(condition))).mappings().all()
    lines = await load_lines(session, offer_lines, "offer_id", [r["id"] for r in rows])
    return [offer_from_row(r, lines.get(r["id"], ())) for r in rows]


class SqlOffers:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, offer_id: UUID) -> Offer | None:
        found = await load_offers(self.session, offers.c.id == offer_id)
        return found[0] if found else None

    async def add(self, offer: Offer) -> None:
        await self.session.execute(sa.insert(offers).values(**offer_row(offer)))
        await _replace_lines(self.session, offer_lines, "offer_id", offer.id, offer.lines)

    async def update(self, offer: Offer, expected_version: int) -> None:
        await versioned_update(
            self.session, offers, OFFER, offer.id, expected_version, offer_row(offer)
        )
        await _replace_lines(self.session, offer_lines, "offer_id", offer.id, offer.lines)

    async def next_serial(self, year: int) -> int:
        return await next_serial(self.session, offers, "TAR", year, OFFER_NUMBER_LOCK)


# ------------------------------------------------------------------ orders


def order_row(order: Order) -> dict[str, Any]:
    values = {c.name: getattr(order, c.name) for c in orders.columns if hasattr(order, c.name)}
    values["status"] = order.status.value
    values["sort_title"] = sort_key(order.title)
    return values


def order_from_row(row: Any, lines: Iterable[Line] = ()) -> Order:
    values = {k: v for k, v in row.items() if k != "sort_title"}
    values["status"] = OrderStatus(values["status"])
    values["total"] = _decimal(values["total"], "0.01")
    return Order(**values, lines=tuple(lines))


async def load_orders(session: AsyncSession, condition: sa.ColumnElement[bool]) -> list[Order]:
    rows = (await session.execute(sa.select(orders).where(condition))).mappings().all()
    lines = await load_lines(session, order_lines, "order_id", [r["id"] for r in rows])
    return [order_from_row(r, lines.get(r["id"], ())) for r in rows]


class SqlOrders:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, order_id: UUID) -> Order | None:
        found = await load_orders(self.session, orders.c.id == order_id)
        return found[0] if found else None

    async def by_external_reference(self, reference: str) -> Order | None:
        found = await load_orders(self.session, orders.c.external_reference == reference)
        return found[0] if found else None

    async def add(self, order: Order) -> None:
        await self.session.execute(sa.insert(orders).values(**order_row(order)))
        await _replace_lines(self.session, order_lines, "order_id", order.id, order.lines)

    async def update(self, order: Order, expected_version: int) -> None:
        await versioned_update(
            self.session, orders, ORDER, order.id, expected_version, order_row(order)
        )
        await _replace_lines(self.session, order_lines, "order_id", order.id, order.lines)

    async def next_serial(self, year: int) -> int:
        return await next_serial(self.session, orders, "TIL", year, ORDER_NUMBER_LOCK)


# ------------------------------------------------------------------ sales targets


def target_from_row(row: dict[str, Any]) -> SalesTarget:
    row["euro_target"] = _decimal(row["euro_target"], "0.01")
    return SalesTarget(**row)


class SqlSalesTargets(TableRecords[SalesTarget]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, sales_targets, SALES_TARGET, target_from_row)

    async def find(self, user_id: UUID, year: int) -> SalesTarget | None:
        return await self.one(
            sa.and_(sales_targets.c.user_id == user_id, sales_targets.c.year == year)
        )

    async def delete(self, target_id: UUID) -> None:
        await self.session.execute(sa.delete(sales_targets).where(sales_targets.c.id == target_id))


# ------------------------------------------------------------------ directory


class SqlOfferDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def account(self, account_id: UUID) -> AccountRef | None:
        a = accounts.c
        row = (
            await self.session.execute(
                sa.select(
                    a.id,
                    a.name,
                    a.owner_id,
                    a.business_unit_id,
                    a.account_manager_id,
                    a.passive_since,
                ).where(a.id == account_id)
            )
        ).first()
        if row is None:
            return None
        return AccountRef(
            row.id,
            row.name,
            row.owner_id,
            row.business_unit_id,
            row.account_manager_id,
            row.passive_since,
        )

    async def contact(self, contact_id: UUID) -> ContactRef | None:
        found = await contact_row(self.session, contact_id)
        if found is None:
            return None
        return ContactRef(found.id, found.owner_id, found.business_unit_id, found.account_ids)

    async def products(self, product_ids: Collection[UUID]) -> dict[UUID, ProductRef]:
        if not product_ids:
            return {}
        p = products.c
        rows = await self.session.execute(
            sa.select(p.id, p.name, p.is_active, p.code, p.unit, p.unit_price).where(
                p.id.in_(list(product_ids))
            )
        )
        return {
            r.id: ProductRef(
                r.id,
                r.name,
                r.is_active,
                r.code,
                r.unit,
                _decimal(r.unit_price, "0.01") if r.unit_price is not None else None,
            )
            for r in rows
        }

    async def readable_activity(
        self, principal: Principal, activity_id: UUID
    ) -> ActivityRef | None:
        row = (
            await self.session.execute(
                sa.select(activities.c.id, activities.c.account_id).where(
                    activities.c.id == activity_id, readable(principal, "activity", activities)
                )
            )
        ).first()
        return ActivityRef(row.id, row.account_id) if row else None

    async def colleague(self, user_id: UUID) -> Colleague | None:
        found = await user_row(self.session, user_id)
        if found is None:
            return None
        return Colleague(found.id, found.name, found.business_unit_id, found.is_active)

    async def business_unit_exists(self, unit_id: UUID) -> bool:
        return await business_unit_exists(self.session, unit_id)
