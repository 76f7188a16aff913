"""Service figures: requests per subject, unit, origin or month with response and resolution
times (working hours, stored on each request), and the backlog over time.

Both run within the caller's read scope (`persistence.scoping.readable`). Months and days
are those of Europe/Helsinki: month buckets are a CASE over month boundaries computed here
(the same SQL on SQLite and PostgreSQL, correct across DST changes), and the backlog adds up
hourly counts (Helsinki's offset is whole hours, so every local midnight is a UTC hour).
The median of first-response times is `percentile_cont` on PostgreSQL and computed here
from the values on SQLite (which has no percentile function)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared import FieldError, Principal, ValidationFailed
from domain.shared.filters import HELSINKI
from persistence.scoping import readable
from persistence.tables.identity import business_units
from persistence.tables.service import service_requests, subjects

SR = service_requests.c
GroupBy = Literal["subject", "business_unit", "origin", "month"]
Interval = Literal["day", "week", "month"]
MAX_MONTHS = 240
MAX_POINTS = 400


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in Helsinki, in UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=HELSINKI).astimezone(UTC)


def today(now: datetime) -> date:
    return now.astimezone(HELSINKI).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def _scope(principal: Principal) -> sa.ColumnElement[bool]:
    return readable(principal, "service_request", service_requests, queue_col="queue_id")


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


@dataclass(frozen=True)
class ReportRow:
    key: str | None
    label: str | None
    label_en: str | None
    count: int
    open: int
    closed: int
    avg_first_response_hours: float | None
    median_first_response_hours: float | None
    avg_resolution_hours: float | None


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


async def _month_keys(
    session: AsyncSession, where: sa.ColumnElement[bool], start: date | None, end: date | None
) -> list[date]:
    """The first days of the months the report covers (Helsinki)."""
    if start is None or end is None:
        low, high = (
            await session.execute(
                sa.select(sa.func.min(SR.received_at), sa.func.max(SR.received_at)).where(where)
            )
        ).one()
        if low is None:
            return []
        start = start or low.astimezone(HELSINKI).date()
        end = end or high.astimezone(HELSINKI).date()
    first, last = start.replace(day=1), end.replace(day=1)
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    if count > MAX_MONTHS:
        raise ValidationFailed(
            [
                FieldError(
                    ("query", "received_from"),
                    f"A report by month covers at most {MAX_MONTHS} months; narrow "
                    "received_from and received_to.",
                )
            ]
        )
    return [add_months(first, i) for i in range(max(count, 0))]


def _month_case(months: Sequence[date]) -> sa.ColumnElement[Any]:
    whens = [(SR.received_at < day_start(add_months(m, 1)), m.strftime("%Y-%m")) for m in months]
    return sa.case(*whens, else_=sa.null()) if whens else sa.null()


async def request_figures(
    session: AsyncSession,
    principal: Principal,
    group_by: GroupBy,
    received_from: date | None = None,
    received_to: date | None = None,
) -> list[ReportRow]:
    """One row per group: counts, open/closed, and response and resolution times."""
    conds: list[sa.ColumnElement[bool]] = [_scope(principal)]
    if received_from is not None:
        conds.append(SR.received_at >= day_start(received_from))
    if received_to is not None:
        conds.append(SR.received_at < day_start(received_to + timedelta(days=1)))
    where = sa.and_(*conds)
    months: list[date] = []
    if group_by == "month":
        months = await _month_keys(session, where, received_from, received_to)
        if not months:
            return []
        key: sa.ColumnElement[Any] = _month_case(months)
    else:
        key = {"subject": SR.subject_id, "business_unit": SR.business_unit_id, "origin": SR.origin}[
            group_by
        ]
    # Group over a subquery: PostgreSQL does not see two renderings of a CASE with bound
    # parameters (SELECT and GROUP BY) as the same expression.
    inner = (
        sa.select(
            key.label("key"),
            SR.state,
            SR.first_response_hours.label("first"),
            SR.resolution_hours.label("resolution"),
        )
        .where(where)
        .subquery("grouped")
    )
    postgres = _is_postgres(session)
    median: sa.ColumnElement[Any] = (
        sa.func.percentile_cont(0.5).within_group(inner.c.first.asc()) if postgres else sa.null()
    )
    stmt = sa.select(
        inner.c.key,
        sa.func.count().label("count"),
        sa.func.sum(sa.case((inner.c.state == "open", 1), else_=0)).label("open"),
        sa.func.sum(sa.case((inner.c.state == "closed", 1), else_=0)).label("closed"),
        sa.func.avg(inner.c.first).label("avg_first"),
        median.label("median_first"),
        sa.func.avg(inner.c.resolution).label("avg_resolution"),
    ).group_by(inner.c.key)
    rows = (await session.execute(stmt)).mappings().all()
    medians: dict[Any, float | None] = {}
    if not postgres:
        values: dict[Any, list[float]] = defaultdict(list)
        for k, first in await session.execute(
            sa.select(inner.c.key, inner.c.first).where(inner.c.first.is_not(None))
        ):
            values[k].append(float(first))
        medians = {k: statistics.median(v) for k, v in values.items()}
    labels = await _labels(session, group_by, [r["key"] for r in rows])
    out = {
        _key(r["key"]): ReportRow(
            key=_key(r["key"]),
            label=labels.get(r["key"], (_key(r["key"]), None))[0],
            label_en=labels.get(r["key"], (None, None))[1],
            count=int(r["count"]),
            open=int(r["open"] or 0),
            closed=int(r["closed"] or 0),
            avg_first_response_hours=_round(r["avg_first"]),
            median_first_response_hours=_round(
                r["median_first"] if postgres else medians.get(r["key"])
            ),
            avg_resolution_hours=_round(r["avg_resolution"]),
        )
        for r in rows
    }
    if group_by == "month":
        for m in months:
            k = m.strftime("%Y-%m")
            out.setdefault(k, ReportRow(k, k, None, 0, 0, 0, None, None, None))
        return [out[k] for k in sorted(out, key=lambda k: (k is None, k or ""))]
    return sorted(out.values(), key=lambda r: (-r.count, r.label or "", r.key or ""))


def _key(value: Any) -> str | None:
    return None if value is None else str(value)


async def _labels(
    session: AsyncSession, group_by: GroupBy, keys: list[Any]
) -> dict[Any, tuple[str | None, str | None]]:
    ids = [k for k in keys if isinstance(k, UUID)]
    if not ids:
        return {}
    if group_by == "subject":
        rows = await session.execute(
            sa.select(subjects.c.id, subjects.c.name, subjects.c.name_en).where(
                subjects.c.id.in_(ids)
            )
        )
        return {r.id: (r.name, r.name_en) for r in rows}
    rows = await session.execute(
        sa.select(business_units.c.id, business_units.c.name).where(business_units.c.id.in_(ids))
    )
    return {r.id: (r.name, None) for r in rows}


# ------------------------------------------------------------------ backlog


@dataclass(frozen=True)
class BacklogPoint:
    date: date
    at: datetime
    open: int


def backlog_days(start: date, end: date, interval: Interval) -> list[date]:
    """The days whose ends are the points: `start`, then one interval after another up to
    `end`."""
    if end < start:
        raise ValidationFailed([FieldError(("query", "to"), "`to` is before `from`.")])
    days: list[date] = []
    step = 0
    while True:
        if interval == "month":
            day = add_months(start, step)
        else:
            day = start + timedelta(days=step * (7 if interval == "week" else 1))
        if day > end:
            return days
        days.append(day)
        if len(days) > MAX_POINTS:
            raise ValidationFailed(
                [
                    FieldError(
                        ("query", "to"),
                        f"A backlog has at most {MAX_POINTS} points; choose a shorter range "
                        "or a longer interval.",
                    )
                ]
            )
        step += 1


def _hour_bucket(session: AsyncSession, moment: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """The UTC hour of a moment: a string 'YYYY-MM-DD HH' on SQLite (which stores UTC
    text), a timestamp without zone on PostgreSQL."""
    if _is_postgres(session):
        return sa.func.date_trunc("hour", sa.func.timezone("UTC", moment))
    return sa.func.substr(moment, 1, 13)


def _hour(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.strptime(str(value)[:13], "%Y-%m-%d %H").replace(tzinfo=UTC)


async def _hourly(
    session: AsyncSession,
    moment: sa.ColumnElement[Any],
    where: sa.ColumnElement[bool],
    start: datetime,
    end: datetime,
) -> list[tuple[datetime, int]]:
    inner = (
        sa.select(_hour_bucket(session, moment).label("hour"))
        .where(where, moment >= start, moment < end)
        .subquery("moments")
    )
    rows = await session.execute(
        sa.select(inner.c.hour, sa.func.count()).group_by(inner.c.hour).order_by(inner.c.hour)
    )
    return [(_hour(h), int(n)) for h, n in rows]


async def backlog(
    session: AsyncSession,
    principal: Principal,
    start: date,
    end: date,
    interval: Interval,
    now: datetime,
) -> list[BacklogPoint]:
    """For the end of each day in the series (or now, for today): how many requests had been
    received and were not resolved yet."""
    days = backlog_days(start, end, interval)
    if not days:
        return []
    scope = _scope(principal)
    # When a request left the backlog: its resolution (never before its arrival).
    gone = sa.case((SR.resolved_at > SR.received_at, SR.resolved_at), else_=SR.received_at)
    resolved = sa.and_(scope, SR.resolved_at.is_not(None))
    ends = [day_start(d + timedelta(days=1)) for d in days]
    past = [e for e in ends if e <= now]
    first = day_start(days[0])
    received_before, gone_before = (
        await session.execute(
            sa.select(
                sa.select(sa.func.count()).where(scope, SR.received_at < first).scalar_subquery(),
                sa.select(sa.func.count()).where(resolved, gone < first).scalar_subquery(),
            )
        )
    ).one()
    points: list[BacklogPoint] = []
    if past:
        arrivals = await _hourly(session, SR.received_at, scope, first, past[-1])
        departures = await _hourly(session, gone, resolved, first, past[-1])
        received, left = int(received_before or 0), int(gone_before or 0)
        a = d = 0
        for day, at in zip(days, past, strict=False):
            while a < len(arrivals) and arrivals[a][0] < at:
                received += arrivals[a][1]
                a += 1
            while d < len(departures) and departures[d][0] < at:
                left += departures[d][1]
                d += 1
            points.append(BacklogPoint(day, at, received - left))
    if len(past) < len(days):
        # The first point that has not ended yet is "now"; later ones are in the future.
        day = days[len(past)]
        received_now, gone_now = (
            await session.execute(
                sa.select(
                    sa.select(sa.func.count()).where(scope, SR.received_at < now).scalar_subquery(),
                    sa.select(sa.func.count()).where(resolved, gone < now).scalar_subquery(),
                )
            )
        ).one()
        points.append(BacklogPoint(day, now, int(received_now or 0) - int(gone_now or 0)))
    return points
