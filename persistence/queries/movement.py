"""The monthly movement report in SQL: the same figures as `domain.sales.movement.movement`
(whose docstring has the definitions), computed by the database with one statement.

How, for a month M (first day F, last day L) and the month before (first day F0):

1. `status`: every opening/closing event on or before L, with the day of the project's next
   status event (`LEAD(happened_on)` in the order happened_on, at, id). The event is the
   project's status from its day until the day before that next one, so "open at the end of
   day D" is "some opening has happened_on ≤ D < next day (or no next event)". Same-day
   events that are not the day's last get an empty interval, which is the tie rule.
2. `states`: per project, open at the end of F0−1, F−1 and L, and the first opening day.
3. `moves`: per project, flags for completions, openings and closings in M and in the month
   before (a range scan of `ix_project_events_kind_on` over two months).
4. Per project in the caller's read scope (`persistence.scoping.readable`), the 0/1 figures
   of both months and its group key; then sums per group.

Window functions and CASE only: the same SQL runs on SQLite (≥ 3.25) and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.sales.movement import (
    CLOSINGS,
    FIGURES,
    FIRST_OPENINGS,
    OPENINGS,
    PROGRESS,
    STATUS_KINDS,
    Figures,
    MovementReport,
    MovementRow,
    add_months,
    last_day,
    month_of,
    total_of,
)
from domain.shared import Action, Principal
from persistence.scoping import readable
from persistence.tables.identity import business_units
from persistence.tables.sales import project_events, project_types, sales_projects

GroupBy = Literal["type", "region", "business_unit"]

E = project_events.c
P = sales_projects.c
GROUP_COLUMNS: dict[str, sa.ColumnElement[Any]] = {
    "type": P.project_type_id,
    "region": P.region,
    "business_unit": P.business_unit_id,
}


def _flag(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.case((condition, 1), else_=0)


def _any(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    """1 when some row of the group meets `condition`, else 0."""
    return sa.func.max(_flag(condition))


def _between(col: sa.ColumnElement[Any], first: date, last: date) -> sa.ColumnElement[bool]:
    return sa.and_(col >= first, col <= last)


def movement_statement(
    principal: Principal,
    month: date,
    group_by: GroupBy,
    *,
    action: Action = Action.READ,
) -> sa.Select[Any]:
    """Per group: the seven figures of `month` (`<figure>`) and of the month before
    (`prev_<figure>`), for the projects `principal` may `action` (and read)."""
    first = month_of(month)
    last = last_day(first)
    prev_first = add_months(first, -1)
    prev_last = first - timedelta(days=1)

    status = (
        sa.select(
            E.project_id,
            E.kind,
            E.happened_on,
            sa.func.lead(E.happened_on, type_=sa.Date)
            .over(partition_by=E.project_id, order_by=(E.happened_on, E.at, E.id))
            .label("until"),
        )
        .where(E.kind.in_(sorted(STATUS_KINDS)), E.happened_on <= last)
        .subquery("status")
    )
    s = status.c

    def open_at(day: date) -> sa.ColumnElement[int]:
        return _any(
            sa.and_(
                s.kind.in_(sorted(OPENINGS)),
                s.happened_on <= day,
                sa.or_(s.until.is_(None), s.until > day),
            )
        )

    states = (
        sa.select(
            s.project_id,
            open_at(prev_first - timedelta(days=1)).label("open_prev_start"),
            open_at(prev_last).label("open_start"),
            open_at(last).label("open_end"),
            sa.func.min(
                sa.case((s.kind.in_(sorted(FIRST_OPENINGS)), s.happened_on), else_=sa.null())
            ).label("first_opened"),
        )
        .group_by(s.project_id)
        .subquery("states")
    )

    def in_month(kinds: frozenset[str] | str, current: bool) -> sa.ColumnElement[int]:
        kind = E.kind.in_(sorted(kinds)) if isinstance(kinds, frozenset) else E.kind == kinds
        day = E.happened_on >= first if current else E.happened_on < first
        return _any(sa.and_(kind, day))

    move_cols: dict[str, frozenset[str] | str] = {
        "done": PROGRESS,
        "opening": OPENINGS,
        "won": "won",
        "lost": "lost",
        "cancelled": "cancelled",
    }
    moves = (
        sa.select(
            E.project_id,
            *(
                in_month(kinds, current).label(f"{name}{'' if current else '_prev'}")
                for name, kinds in move_cols.items()
                for current in (True, False)
            ),
        )
        .where(
            E.kind.in_(sorted(CLOSINGS | OPENINGS | {PROGRESS})),
            _between(E.happened_on, prev_first, last),
        )
        .group_by(E.project_id)
        .subquery("moves")
    )
    st, mv = states.c, moves.c

    def moved(name: str) -> sa.ColumnElement[bool]:
        return sa.func.coalesce(mv[name], 0) == 1

    active = sa.or_(st.open_start == 1, moved("opening"))
    active_prev = sa.or_(st.open_prev_start == 1, moved("opening_prev"))
    scope = readable(principal, "sales_project", sales_projects)
    if action is not Action.READ:
        scope = sa.and_(scope, readable(principal, "sales_project", sales_projects, action=action))
    per_project = (
        sa.select(
            GROUP_COLUMNS[group_by].label("key"),
            st.open_end.label("open_at_end"),
            _flag(_between(st.first_opened, first, last)).label("new"),
            _flag(sa.and_(active, moved("done"))).label("progressed"),
            _flag(sa.and_(active, sa.not_(moved("done")))).label("not_progressed"),
            _flag(moved("won")).label("won"),
            _flag(moved("lost")).label("lost"),
            _flag(moved("cancelled")).label("cancelled"),
            st.open_start.label("prev_open_at_end"),
            _flag(_between(st.first_opened, prev_first, prev_last)).label("prev_new"),
            _flag(sa.and_(active_prev, moved("done_prev"))).label("prev_progressed"),
            _flag(sa.and_(active_prev, sa.not_(moved("done_prev")))).label("prev_not_progressed"),
            _flag(moved("won_prev")).label("prev_won"),
            _flag(moved("lost_prev")).label("prev_lost"),
            _flag(moved("cancelled_prev")).label("prev_cancelled"),
        )
        .select_from(
            states.join(sales_projects, P.id == st.project_id).outerjoin(
                moves, mv.project_id == st.project_id
            )
        )
        .where(scope)
        .subquery("per_project")
    )
    pp = per_project.c
    sums = [
        sa.func.sum(pp[f"{prefix}{name}"]).label(f"{prefix}{name}")
        for prefix in ("", "prev_")
        for name in FIGURES
    ]
    return sa.select(pp.key, *sums).group_by(pp.key)


def _key(value: Any) -> str | None:
    return None if value is None else str(value)


async def monthly_movement(
    session: AsyncSession,
    principal: Principal,
    month: date,
    group_by: GroupBy,
    *,
    action: Action = Action.READ,
) -> MovementReport:
    """The report for `month` (any day of it), one row per group with anything to show."""
    result = await session.execute(movement_statement(principal, month, group_by, action=action))
    rows: list[MovementRow] = []
    for r in result.mappings():
        current = Figures(*(int(r[name] or 0) for name in FIGURES))
        previous = Figures(*(int(r[f"prev_{name}"] or 0) for name in FIGURES))
        if current.is_zero and previous.is_zero:
            continue
        rows.append(MovementRow(_key(r["key"]), current, previous))
    rows.sort(key=lambda row: (row.key is None, row.key or ""))
    return MovementReport(month_of(month), tuple(rows), total_of(rows))


async def group_labels(
    session: AsyncSession, group_by: GroupBy, keys: list[str | None]
) -> dict[str | None, tuple[str | None, str | None]]:
    """(Finnish name, English name) of each group key: a type's names, a unit's name, the
    region itself. Keys with no name (no region) map to (None, None)."""
    if group_by == "region":
        return {k: (k, None) for k in keys}
    ids = [UUID(k) for k in keys if k is not None]
    labels: dict[str | None, tuple[str | None, str | None]] = {None: (None, None)}
    if not ids:
        return labels
    if group_by == "type":
        rows = await session.execute(
            sa.select(project_types.c.id, project_types.c.name, project_types.c.name_en).where(
                project_types.c.id.in_(ids)
            )
        )
        labels.update({str(r.id): (r.name, r.name_en) for r in rows})
    else:
        rows = await session.execute(
            sa.select(business_units.c.id, business_units.c.name).where(
                business_units.c.id.in_(ids)
            )
        )
        labels.update({str(r.id): (r.name, None) for r in rows})
    return labels
