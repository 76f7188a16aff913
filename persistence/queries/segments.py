"""Segment read models: a rule as SQL over accounts, members pages, counts and breakdowns,
membership history, class changes and the Potential review list. Every figure and list is
the members the caller may read (`readable()` on accounts) — never a count over everything.

Rules are the shared filter language over the account catalogue
(`domain.shared.filter_catalogues.ACCOUNT_FILTERS`), compiled by
`persistence.queries.filter_search` — the same as account search and saved views."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.segmentation import ACCOUNT_CLASS_CHANGE, SEGMENT, Segment, SegmentKind
from domain.shared import Page, PageRequest, Principal
from domain.shared.filters import Filter, FilterContext
from persistence.queries import filter_search
from persistence.queries.paging import keyset_ids
from persistence.scoping import readable
from persistence.tables import offers as offer_tables
from persistence.tables import segments as segment_tables
from persistence.tables.accounts import accounts

A = accounts
OR = offer_tables.orders.c
CC = segment_tables.account_class_changes
POL = segment_tables.account_class_policies
SM = segment_tables.segment_members
EV = segment_tables.segment_membership_events
S = segment_tables.segments

ACCOUNT = "account"


def rule_condition(flt: Filter, ctx: FilterContext) -> sa.ColumnElement[bool]:
    """A dynamic segment's rule over every account (its own definition; readers see the
    members through `readable()`)."""
    return filter_search.account_rule_condition(flt, ctx)


def account_ids_matching(
    flt: Filter, ctx: FilterContext, principal: Principal | None
) -> sa.Select[Any]:
    """SELECT accounts.id of the accounts matching the filter and readable by `principal`
    (related records too); None: the rule over every account, for the refresh job."""
    if principal is None:
        return sa.select(A.c.id).where(rule_condition(flt, ctx))
    return filter_search.account_ids_matching(flt, ctx, principal)


def rule_members(flt: Filter, ctx: FilterContext, principal: Principal) -> sa.ColumnElement[bool]:
    """The accounts a rule makes members that the caller may read: what a dynamic segment
    with this rule shows its reader (the builder's live count counts the same)."""
    return sa.and_(rule_condition(flt, ctx), readable(principal, ACCOUNT, A))


def segment_context(segment: Segment, now: datetime) -> FilterContext:
    """A segment's rule resolves $me and $my_unit as its owner's."""
    return FilterContext(segment.owner_id, segment.business_unit_id, frozenset(), now)


def member_condition(
    segment: Segment, flt: Filter | None, principal: Principal, now: datetime
) -> sa.ColumnElement[bool]:
    """Accounts in the segment that the caller may read: a dynamic segment computed on
    demand from its rule, a static one from its hand-picked members."""
    if segment.kind is SegmentKind.DYNAMIC and flt is not None:
        return rule_members(flt, segment_context(segment, now), principal)
    inside = A.c.id.in_(sa.select(SM.c.account_id).where(SM.c.segment_id == segment.id))
    return sa.and_(inside, readable(principal, ACCOUNT, A))


# ------------------------------------------------------------------ segments


SEGMENT_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "name": S.c.name,
    "updated_at": S.c.updated_at,
    "created_at": S.c.created_at,
}


def segment_from_row(row: dict[str, Any]) -> Segment:
    return Segment(**{**row, "kind": SegmentKind(row["kind"])})


async def list_segments(
    session: AsyncSession,
    principal: Principal,
    page: PageRequest,
    *,
    kind: str | None = None,
    q: str | None = None,
    owner_id: UUID | None = None,
) -> Page[Segment]:
    conds = [readable(principal, SEGMENT, S)]
    if kind:
        conds.append(S.c.kind == kind)
    if owner_id:
        conds.append(S.c.owner_id == owner_id)
    if q:
        from persistence.filters import escape_like

        conds.append(S.c.name.ilike(f"%{escape_like(q)}%", escape="\\"))
    ids, next_cursor = await keyset_ids(session, S, sa.and_(*conds), page, SEGMENT_SORTS)
    rows = (await session.execute(sa.select(S).where(S.c.id.in_(ids)))).mappings().all()
    by_id = {r["id"]: segment_from_row(dict(r)) for r in rows}
    return Page([by_id[i] for i in ids if i in by_id], next_cursor)


# ------------------------------------------------------------------ members


MEMBER_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "name": A.c.sort_name,
    "size_class": A.c.size_class,
    "created_at": A.c.created_at,
}

MEMBER_COLUMNS = (
    A.c.id,
    A.c.name,
    A.c.business_id,
    A.c.type,
    A.c.status,
    A.c.account_class,
    A.c.industry_code,
    A.c.size_class,
    A.c.region,
    A.c.municipality,
    A.c.owner_id,
    A.c.business_unit_id,
)


async def members_page(
    session: AsyncSession, where: sa.ColumnElement[bool], page: PageRequest
) -> Page[dict[str, Any]]:
    ids, next_cursor = await keyset_ids(session, A, where, page, MEMBER_SORTS)
    if not ids:
        return Page([], next_cursor)
    rows = (await session.execute(sa.select(*MEMBER_COLUMNS).where(A.c.id.in_(ids)))).mappings()
    by_id = {r["id"]: dict(r) for r in rows}
    return Page([by_id[i] for i in ids if i in by_id], next_cursor)


async def count_members(session: AsyncSession, where: sa.ColumnElement[bool]) -> int:
    return int(await session.scalar(sa.select(sa.func.count()).select_from(A).where(where)) or 0)


BREAKDOWNS: dict[str, sa.ColumnElement[Any]] = {
    "size_class": A.c.size_class,
    "region": A.c.region,
    "type": A.c.type,
    "status": A.c.status,
    "industry": sa.func.substr(A.c.industry_code, 1, 2),
    "account_class": A.c.account_class,
}


async def breakdown(
    session: AsyncSession, where: sa.ColumnElement[bool], top: int = 20
) -> dict[str, list[tuple[Any, int]]]:
    """Per dimension: (value, count), largest first (null: not set), at most `top` values."""
    result: dict[str, list[tuple[Any, int]]] = {}
    for name, column in BREAKDOWNS.items():
        n = sa.func.count().label("n")
        value = column.label("value")
        rows = await session.execute(
            sa.select(value, n).where(where).group_by(value).order_by(n.desc(), value).limit(top)
        )
        result[name] = [(r.value, int(r.n)) for r in rows]
    return result


# ------------------------------------------------------------------ history


@dataclass(frozen=True)
class HistoryRow:
    segment_id: UUID
    segment_name: str
    event: str
    at: datetime
    by: UUID | None


async def segment_history(
    session: AsyncSession, principal: Principal, account_id: UUID, limit: int
) -> list[HistoryRow]:
    """The account's joins and leaves of the segments the caller may read, newest first."""
    rows = await session.execute(
        sa.select(EV.c.segment_id, S.c.name, EV.c.event, EV.c.at, EV.c.by)
        .join(S, S.c.id == EV.c.segment_id)
        .where(EV.c.account_id == account_id, readable(principal, SEGMENT, S))
        .order_by(EV.c.at.desc(), EV.c.id.desc())
        .limit(limit)
    )
    return [HistoryRow(r.segment_id, r.name, r.event, r.at, r.by) for r in rows]


async def segment_events(
    session: AsyncSession, principal: Principal, segment_id: UUID, limit: int
) -> list[dict[str, Any]]:
    """A segment's joins and leaves, newest first: only of accounts the caller may read."""
    rows = await session.execute(
        sa.select(EV.c.account_id, A.c.name, EV.c.event, EV.c.at, EV.c.by)
        .join(A, A.c.id == EV.c.account_id)
        .where(EV.c.segment_id == segment_id, readable(principal, ACCOUNT, A))
        .order_by(EV.c.at.desc(), EV.c.id.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


# ------------------------------------------------------------------ classes


CHANGE_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "proposed_at": CC.c.proposed_at,
    "updated_at": CC.c.updated_at,
}


async def list_class_changes(
    session: AsyncSession,
    principal: Principal,
    page: PageRequest,
    *,
    status: Sequence[str] = (),
    account_id: UUID | None = None,
) -> Page[dict[str, Any]]:
    conds = [readable(principal, ACCOUNT_CLASS_CHANGE, CC)]
    if status:
        conds.append(CC.c.status.in_(list(status)))
    if account_id:
        conds.append(CC.c.account_id == account_id)
    ids, next_cursor = await keyset_ids(session, CC, sa.and_(*conds), page, CHANGE_SORTS)
    if not ids:
        return Page([], next_cursor)
    rows = await session.execute(
        sa.select(CC, A.c.name.label("account_name"))
        .join(A, A.c.id == CC.c.account_id)
        .where(CC.c.id.in_(ids))
    )
    by_id = {r["id"]: dict(r) for r in rows.mappings()}
    return Page([by_id[i] for i in ids if i in by_id], next_cursor)


REVIEW_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "account_class_since": A.c.account_class_since,
    "name": A.c.sort_name,
}


async def potential_review(
    session: AsyncSession, principal: Principal, now: datetime, page: PageRequest
) -> Page[dict[str, Any]]:
    """Potential accounts the caller may read that have been Potential longer than their
    unit's policy allows (the organisation default, else 6 months)."""
    from domain.segmentation import DEFAULT_POLICY_VALUES, review_cutoff

    policies = (await session.execute(sa.select(POL))).mappings().all()
    default_months = next(
        (p["potential_review_months"] for p in policies if p["business_unit_id"] is None),
        DEFAULT_POLICY_VALUES["potential_review_months"],
    )
    per_unit = {
        p["business_unit_id"]: p["potential_review_months"]
        for p in policies
        if p["business_unit_id"] is not None
    }
    since = A.c.account_class_since
    parts = [
        sa.and_(A.c.business_unit_id == unit, since < review_cutoff(now, months))
        for unit, months in per_unit.items()
    ]
    parts.append(
        sa.and_(
            A.c.business_unit_id.not_in(list(per_unit)) if per_unit else sa.true(),
            since < review_cutoff(now, default_months),
        )
    )
    where = sa.and_(
        A.c.account_class == "potential",
        since.is_not(None),
        sa.or_(*parts),
        readable(principal, ACCOUNT, A),
    )
    ids, next_cursor = await keyset_ids(session, A, where, page, REVIEW_SORTS)
    if not ids:
        return Page([], next_cursor)
    rows = await session.execute(
        sa.select(*MEMBER_COLUMNS, A.c.account_class_since, A.c.account_manager_id).where(
            A.c.id.in_(ids)
        )
    )
    by_id = {r["id"]: dict(r) for r in rows.mappings()}
    return Page([by_id[i] for i in ids if i in by_id], next_cursor)


async def list_policies(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.execute(
        sa.select(POL).order_by(POL.c.business_unit_id.is_not(None), POL.c.created_at)
    )
    return [dict(r) for r in rows.mappings()]
