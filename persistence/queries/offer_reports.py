"""Read models of the offer reports: open offers (by type, by owner, expiring soon), won and
lost by type over a period, and each user's orders of a year against their euro target.

Every figure starts from `persistence.scoping.readable()` with the action the caller asked
for (read for the screen, export for the files), so a report never counts an offer, order,
target or meeting the caller may not see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.offers import OFFER, ORDER, SALES_TARGET, OfferStatus
from domain.offers.model import ZONE
from domain.shared import Action, Principal
from persistence.queries.offers import cents, counted_orders, euros
from persistence.scoping import readable
from persistence.tables.accounts import accounts
from persistence.tables.activities import activities
from persistence.tables.identity import users
from persistence.tables.offers import offer_types, offers, orders, sales_targets

OF = offers.c
OR = orders.c


@dataclass(frozen=True)
class Bucket:
    """A group's count and euros."""

    key: UUID | None
    name: str | None
    count: int
    total: Decimal
    name_en: str | None = None
    name_sv: str | None = None


@dataclass(frozen=True)
class ExpiringOffer:
    id: UUID
    number: str
    title: str
    account_id: UUID
    account_name: str | None
    owner_id: UUID
    owner_name: str | None
    valid_until: date
    total: Decimal


@dataclass(frozen=True)
class OpenOffers:
    as_of: date
    expiring_within_days: int
    count: int
    total: Decimal
    expired_count: int
    expired_total: Decimal
    expiring_count: int
    expiring_total: Decimal
    by_type: list[Bucket]
    by_owner: list[Bucket]
    expiring: list[ExpiringOffer]


async def _type_names(session: AsyncSession) -> dict[UUID, Any]:
    rows = await session.execute(
        sa.select(
            offer_types.c.id, offer_types.c.name, offer_types.c.name_en, offer_types.c.name_sv
        )
    )
    return {r.id: r for r in rows}


async def _user_names(session: AsyncSession, ids: set[UUID]) -> dict[UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(sa.select(users.c.id, users.c.name).where(users.c.id.in_(ids)))
    return {r.id: r.name for r in rows}


def _type_buckets(rows: Any, names: dict[UUID, Any]) -> list[Bucket]:
    out = []
    for r in rows:
        known = names.get(r.key)
        out.append(
            Bucket(
                r.key,
                known.name if known else None,
                int(r.n),
                euros(r.cents),
                known.name_en if known else None,
                known.name_sv if known else None,
            )
        )
    return sorted(out, key=lambda b: (-b.total, (b.name or "").casefold()))


async def open_offers(
    session: AsyncSession,
    principal: Principal,
    on: date,
    expiring_within_days: int,
    *,
    action: Action = Action.READ,
    expiring_limit: int = 100,
) -> OpenOffers:
    """Offers open on `on` (expired ones included, and counted apart); expiring: valid until
    a day from `on` to `on` + N days."""
    base = sa.and_(readable(principal, OFFER, offers, action=action), OF.status == "open")
    expired = OF.valid_until < on
    horizon = on + timedelta(days=expiring_within_days)
    expiring = OF.valid_until.between(on, horizon)
    amount = cents(OF.total)
    totals = (
        await session.execute(
            sa.select(
                sa.func.count().label("n"),
                sa.func.coalesce(sa.func.sum(amount), 0).label("cents"),
                sa.func.coalesce(sa.func.sum(sa.case((expired, 1), else_=0)), 0).label("xn"),
                sa.func.coalesce(sa.func.sum(sa.case((expired, amount), else_=0)), 0).label("xc"),
                sa.func.coalesce(sa.func.sum(sa.case((expiring, 1), else_=0)), 0).label("en"),
                sa.func.coalesce(sa.func.sum(sa.case((expiring, amount), else_=0)), 0).label("ec"),
            ).where(base)
        )
    ).one()
    by_type = await session.execute(
        sa.select(
            OF.offer_type_id.label("key"),
            sa.func.count().label("n"),
            sa.func.sum(amount).label("cents"),
        )
        .where(base)
        .group_by(OF.offer_type_id)
    )
    by_owner = (
        await session.execute(
            sa.select(
                OF.owner_id.label("key"),
                sa.func.count().label("n"),
                sa.func.sum(amount).label("cents"),
            )
            .where(base)
            .group_by(OF.owner_id)
        )
    ).all()
    owner_names = await _user_names(session, {r.key for r in by_owner})
    soon = await session.execute(
        sa.select(
            OF.id,
            OF.number,
            OF.title,
            OF.account_id,
            accounts.c.name.label("account_name"),
            OF.owner_id,
            users.c.name.label("owner_name"),
            OF.valid_until,
            OF.total,
        )
        .select_from(
            offers.outerjoin(accounts, accounts.c.id == OF.account_id).outerjoin(
                users, users.c.id == OF.owner_id
            )
        )
        .where(base, expiring)
        .order_by(OF.valid_until, OF.id)
        .limit(expiring_limit)
    )
    return OpenOffers(
        as_of=on,
        expiring_within_days=expiring_within_days,
        count=int(totals.n),
        total=euros(totals.cents),
        expired_count=int(totals.xn),
        expired_total=euros(totals.xc),
        expiring_count=int(totals.en),
        expiring_total=euros(totals.ec),
        by_type=_type_buckets(by_type, await _type_names(session)),
        by_owner=sorted(
            (Bucket(r.key, owner_names.get(r.key), int(r.n), euros(r.cents)) for r in by_owner),
            key=lambda b: (-b.total, (b.name or "").casefold()),
        ),
        expiring=[
            ExpiringOffer(
                r.id,
                r.number,
                r.title,
                r.account_id,
                r.account_name,
                r.owner_id,
                r.owner_name,
                r.valid_until,
                Decimal(str(r.total)).quantize(Decimal("0.01")),
            )
            for r in soon
        ],
    )


# ------------------------------------------------------------------ outcomes


@dataclass(frozen=True)
class OutcomeRow:
    """Offers of a type closed in the period: won, lost and cancelled, count and euros."""

    key: UUID | None
    name: str | None
    name_en: str | None
    name_sv: str | None
    won_count: int = 0
    won_total: Decimal = Decimal("0.00")
    lost_count: int = 0
    lost_total: Decimal = Decimal("0.00")
    cancelled_count: int = 0
    cancelled_total: Decimal = Decimal("0.00")


CLOSED = (OfferStatus.WON.value, OfferStatus.LOST.value, OfferStatus.CANCELLED.value)


async def outcomes(
    session: AsyncSession,
    principal: Principal,
    start: date,
    end: date,
    *,
    action: Action = Action.READ,
) -> list[OutcomeRow]:
    """Offers closed (won, lost, cancelled) on a day from `start` to `end`, per offer type.
    A reopened offer is counted by its latest closing, if it closed again."""
    rows = await session.execute(
        sa.select(
            OF.offer_type_id.label("key"),
            OF.status,
            sa.func.count().label("n"),
            sa.func.sum(cents(OF.total)).label("cents"),
        )
        .where(
            readable(principal, OFFER, offers, action=action),
            OF.status.in_(CLOSED),
            OF.closed_on.between(start, end),
        )
        .group_by(OF.offer_type_id, OF.status)
    )
    names = await _type_names(session)
    figures: dict[UUID, dict[str, Any]] = defaultdict(dict)
    for r in rows:
        figures[r.key][f"{r.status}_count"] = int(r.n)
        figures[r.key][f"{r.status}_total"] = euros(r.cents)
    out = []
    for key, values in figures.items():
        known = names.get(key)
        out.append(
            OutcomeRow(
                key,
                known.name if known else None,
                known.name_en if known else None,
                known.name_sv if known else None,
                **values,
            )
        )
    return sorted(out, key=lambda r: (r.name or "").casefold())


# ------------------------------------------------------------------ targets


@dataclass
class UserYear:
    """One user's year: the target (if set) and what their orders, customers and meetings
    came to, month by month."""

    user_id: UUID
    user_name: str | None
    target_id: UUID | None = None
    euro_target: Decimal | None = None
    new_customers_target: int | None = None
    repeat_purchases_target: int | None = None
    meetings_target: int | None = None
    monthly: list[Decimal] = field(default_factory=lambda: [Decimal("0.00")] * 12)
    orders: int = 0
    new_customers: int = 0
    repeat_customers: int = 0
    meetings: int = 0


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """The Helsinki calendar year as UTC instants [start, end)."""
    start = datetime.combine(date(year, 1, 1), time(0), tzinfo=ZONE).astimezone(UTC)
    end = datetime.combine(date(year + 1, 1, 1), time(0), tzinfo=ZONE).astimezone(UTC)
    return start, end


async def user_years(
    session: AsyncSession, principal: Principal, year: int, *, action: Action = Action.READ
) -> list[UserYear]:
    """Users with a target for `year` the caller may see, and users whose orders of the year
    the caller may see: each with the euros of their orders per month (by purchase date, not
    cancelled), the accounts that became customers with their order (the account's first
    order ever fell in the year) or bought again (the account had ordered before the year),
    and their done meetings of the year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    found: dict[UUID, UserYear] = {}

    def row_for(user_id: UUID) -> UserYear:
        if user_id not in found:
            found[user_id] = UserYear(user_id, None)
        return found[user_id]

    targets = await session.execute(
        sa.select(sales_targets).where(
            readable(principal, SALES_TARGET, sales_targets, action=action, owner_col="user_id"),
            sales_targets.c.year == year,
        )
    )
    for t in targets.mappings():
        entry = row_for(t["user_id"])
        entry.target_id = t["id"]
        entry.euro_target = Decimal(str(t["euro_target"])).quantize(Decimal("0.01"))
        entry.new_customers_target = t["new_customers"]
        entry.repeat_purchases_target = t["repeat_purchases"]
        entry.meetings_target = t["meetings"]
    order_scope = readable(principal, ORDER, orders, action=action)
    in_year = sa.and_(order_scope, counted_orders(), OR.ordered_on.between(first, last))
    month = sa.cast(sa.extract("month", OR.ordered_on), sa.Integer)
    monthly = await session.execute(
        sa.select(
            OR.owner_id,
            month.label("month"),
            sa.func.count().label("n"),
            sa.func.sum(cents(OR.total)).label("cents"),
        )
        .where(in_year)
        .group_by(OR.owner_id, month)
    )
    for r in monthly:
        entry = row_for(r.owner_id)
        entry.monthly[int(r.month) - 1] = euros(r.cents)
        entry.orders += int(r.n)
    # The first order ever of each account (all its orders: being a new customer is a fact
    # about the account); attributed to the owner of that order when it is in scope.
    earlier = orders.alias("earlier")
    before_year = sa.exists().where(
        earlier.c.account_id == OR.account_id,
        earlier.c.status != "cancelled",
        earlier.c.ordered_on < first,
    )
    accounts_in_year = (
        await session.execute(
            sa.select(OR.owner_id, OR.account_id, before_year.label("bought_before"))
            .where(in_year)
            .distinct()
        )
    ).all()
    for r in accounts_in_year:
        entry = row_for(r.owner_id)
        if r.bought_before:
            entry.repeat_customers += 1
    firsts = (
        sa.select(
            OR.account_id,
            OR.owner_id,
            sa.func.row_number()
            .over(partition_by=OR.account_id, order_by=(OR.ordered_on, OR.created_at, OR.id))
            .label("rank"),
            order_scope.label("visible"),
            OR.ordered_on,
        )
        .where(counted_orders())
        .subquery()
    )
    new_rows = await session.execute(
        sa.select(firsts.c.owner_id, sa.func.count().label("n"))
        .where(
            firsts.c.rank == 1,
            firsts.c.visible,
            firsts.c.ordered_on.between(first, last),
        )
        .group_by(firsts.c.owner_id)
    )
    for r in new_rows:
        row_for(r.owner_id).new_customers = int(r.n)
    start, end = _year_bounds(year)
    meetings = await session.execute(
        sa.select(activities.c.owner_id, sa.func.count().label("n"))
        .where(
            readable(principal, "activity", activities),
            activities.c.type == "meeting",
            activities.c.status == "done",
            activities.c.occurred_at >= start,
            activities.c.occurred_at < end,
            activities.c.owner_id.in_(list(found)) if found else sa.false(),
        )
        .group_by(activities.c.owner_id)
    )
    for r in meetings:
        found[r.owner_id].meetings = int(r.n)
    names = await _user_names(session, set(found))
    for entry in found.values():
        entry.user_name = names.get(entry.user_id)
    return sorted(found.values(), key=lambda u: ((u.user_name or "").casefold(), str(u.user_id)))
