"""Saved views and what they show: the caller's visible views, a view's (or an ad-hoc
filter's) service requests, and the counts of all visible views in one statement.

Every request query is the filter AND `persistence.scoping.readable()`: a view, a search or a
count never reaches a request the caller could not open. Saved views themselves are seen by
their own rule (system: everyone; team: the team's members; personal: the owner), the one
`domain.views.services.is_visible` states."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared import Page, PageRequest, Principal, ValidationFailed
from domain.shared.filters import Filter, FilterContext
from domain.views import SERVICE_REQUEST, SERVICE_REQUESTS, SavedView, Visibility
from domain.views.model import VISIBILITY_RANK
from domain.views.services import view_filter
from persistence.filters import compile_filter
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.views import load_views, team_ids_of
from persistence.scoping import readable
from persistence.tables.service import service_requests
from persistence.tables.views import saved_views

SR = service_requests.c
V = saved_views.c

# The filter fields of the catalogue are the table's own columns.
REQUEST_COLUMNS: dict[str, sa.ColumnElement[Any]] = {
    name: SR[name] for name in SERVICE_REQUESTS.fields.fields
}
# contains / starts_with on the title match its case-folded copy.
REQUEST_FOLDED: dict[str, sa.ColumnElement[Any]] = {"title": SR.sort_title}
REQUEST_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "received_at": SR.received_at,
    "updated_at": SR.updated_at,
    "created_at": SR.created_at,
    # Call-backs by due time; one without a due time sorts by its arrival, so that a view
    # lists exactly the requests its count counts.
    "callback_due_at": sa.func.coalesce(SR.callback_due_at, SR.received_at),
    "number": SR.number,
    "title": SR.sort_title,
}
if set(REQUEST_SORTS) != set(SERVICE_REQUESTS.sorts):  # pragma: no cover - import-time check
    raise RuntimeError("the view sorts and the catalogue's sorts differ")


def requests_readable(principal: Principal) -> sa.ColumnElement[bool]:
    return readable(principal, SERVICE_REQUEST, service_requests, queue_col="queue_id")


def request_condition(
    principal: Principal, filter: Filter, now: datetime
) -> sa.ColumnElement[bool]:
    """The filter within the caller's read scope."""
    where = compile_filter(
        filter, REQUEST_COLUMNS, FilterContext.of(principal, now), folded=REQUEST_FOLDED
    )
    return sa.and_(requests_readable(principal), where)


async def search_request_ids(
    session: AsyncSession,
    principal: Principal,
    filter: Filter,
    page: PageRequest,
    now: datetime,
) -> tuple[list[UUID], str | None]:
    """One page of the ids of the requests the filter selects, in the page's sort."""
    return await keyset_ids(
        session,
        service_requests,
        request_condition(principal, filter, now),
        page,
        REQUEST_SORTS,
    )


# ------------------------------------------------------------------ the views themselves


def visible_clause(principal: Principal, team_ids: frozenset[UUID]) -> sa.ColumnElement[bool]:
    """SQL for `domain.views.services.is_visible`."""
    options: list[sa.ColumnElement[bool]] = [
        V.visibility == Visibility.SYSTEM.value,
        V.owner_id == principal.user_id,
    ]
    if team_ids:
        options.append(
            sa.and_(V.visibility == Visibility.TEAM.value, V.team_id.in_(sorted(team_ids)))
        )
    return sa.or_(*options)


# System views first, then team views, then personal ones; by position within each.
_RANK = sa.case({v.value: rank for v, rank in VISIBILITY_RANK.items()}, value=V.visibility, else_=9)
VIEW_ORDER: dict[str, sa.ColumnElement[Any]] = {"order": _RANK * 100_000 + V.position}


async def list_views(
    session: AsyncSession, principal: Principal, entity: str, page: PageRequest
) -> Page[SavedView]:
    team_ids = await team_ids_of(session, principal.user_id)
    where = sa.and_(V.entity == entity, visible_clause(principal, team_ids))
    ids, next_cursor = await keyset_ids(session, saved_views, where, page, VIEW_ORDER)
    found = await load_views(session, V.id.in_(ids)) if ids else []
    return Page(in_order(ids, found), next_cursor)


async def count_requests(
    session: AsyncSession, principal: Principal, views: list[SavedView], now: datetime
) -> dict[UUID, int | None]:
    """How many requests each view shows the caller, in one statement (one scalar subquery
    per view, each planned on its own indexes). A view whose stored filter no longer fits
    the catalogue counts None."""
    counted: list[tuple[UUID, sa.ScalarSelect[Any]]] = []
    result: dict[UUID, int | None] = {}
    for view in views:
        try:
            filter_ = view_filter(view)
        except ValidationFailed:
            result[view.id] = None
            continue
        counted.append(
            (
                view.id,
                sa.select(sa.func.count())
                .select_from(service_requests)
                .where(request_condition(principal, filter_, now))
                .scalar_subquery(),
            )
        )
    if counted:
        stmt = sa.select(*(sub.label(f"c{i}") for i, (_, sub) in enumerate(counted)))
        row = (await session.execute(stmt)).one()
        for i, (view_id, _) in enumerate(counted):
            result[view_id] = int(row[i] or 0)
    return {v.id: result[v.id] for v in views}
