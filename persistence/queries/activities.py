"""Read models for activities: the list, 'my work' buckets and counts, and the names and
labels that go with a page of activities."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.activities import (
    UNFINISHED,
    Activity,
    ActivityStatus,
    ActivityType,
    RegardingType,
    WorkBucket,
    due_window,
)
from domain.shared import Page, PageRequest, Principal, SortKey
from persistence.queries.lead_scope import leads_readable
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.activities import (
    contact_label,
    lead_label,
    load_activities,
    request_label,
)
from persistence.scoping import readable
from persistence.tables.accounts import accounts, contacts
from persistence.tables.activities import activities, activity_participants
from persistence.tables.identity import users
from persistence.tables.leads import leads
from persistence.tables.offers import offers, orders
from persistence.tables.sales import sales_projects
from persistence.tables.service import service_requests

# `due_at` is optional, and a NULL in a (due_at, id) keyset compares as unknown, so the two
# databases would order and page it differently (PostgreSQL puts NULLs last, SQLite first).
# Sorting by due_at therefore lists the activities that have a due time; `occurred_at` (never
# NULL: the due time of what is planned, otherwise when it happened) sorts them all.
ACTIVITY_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "due_at": activities.c.due_at,
    "occurred_at": activities.c.occurred_at,
    "updated_at": activities.c.updated_at,
}


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def participating(user_id: UUID) -> sa.ColumnElement[bool]:
    """Activities the user takes part in (besides owning them)."""
    return sa.exists().where(
        activity_participants.c.activity_id == activities.c.id,
        activity_participants.c.user_id == user_id,
    )


def activity_readable(principal: Principal) -> sa.ColumnElement[bool]:
    """The read rule of `domain.activities.services.visible`: the caller's read scope, the
    account teams the caller is on, and the activities the caller takes part in."""
    return sa.or_(readable(principal, "activity", activities), participating(principal.user_id))


@dataclass(frozen=True)
class ActivityFilters:
    type: ActivityType | None = None
    status: ActivityStatus | None = None
    owner_id: UUID | None = None
    regarding_type: RegardingType | None = None
    regarding_id: UUID | None = None
    account_id: UUID | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    delegated_by_id: UUID | None = None
    q: str | None = None
    updated_since: datetime | None = None
    activity_type_id: UUID | None = None
    participant_id: UUID | None = None


def activity_conditions(
    principal: Principal, f: ActivityFilters, sort: SortKey | None = None
) -> sa.ColumnElement[bool]:
    conds: list[sa.ColumnElement[bool]] = [activity_readable(principal)]
    if f.participant_id is not None:
        conds.append(participating(f.participant_id))
    if f.activity_type_id is not None:
        conds.append(activities.c.activity_type_id == f.activity_type_id)
    for name in (
        "type",
        "status",
        "owner_id",
        "regarding_type",
        "regarding_id",
        "account_id",
        "delegated_by_id",
    ):
        value = getattr(f, name)
        if value is not None:
            conds.append(activities.c[name] == value)
    if f.due_before is not None:
        conds.append(activities.c.due_at < f.due_before)
    if f.due_after is not None:
        conds.append(activities.c.due_at >= f.due_after)
    if f.updated_since is not None:
        conds.append(activities.c.updated_at >= f.updated_since)
    if f.q and f.q.strip():
        # Case-insensitive on both databases (SQLite's LIKE folds ASCII only; lower() both).
        conds.append(
            sa.func.lower(activities.c.subject).like(_like(f.q.strip().lower()), escape="\\")
        )
    if sort is not None and sort.field == "due_at":
        conds.append(activities.c.due_at.is_not(None))
    return sa.and_(*conds)


async def list_activities(
    session: AsyncSession, principal: Principal, filters: ActivityFilters, page: PageRequest
) -> Page[Activity]:
    ids, next_cursor = await keyset_ids(
        session,
        activities,
        activity_conditions(principal, filters, page.sort),
        page,
        ACTIVITY_SORTS,
        filter_first=bool(filters.q),
    )
    records = await load_activities(session, activities.c.id.in_(ids)) if ids else []
    return Page(in_order(ids, records), next_cursor)


# ------------------------------------------------------------------ my work

WORK_SORTS = {
    WorkBucket.OVERDUE: SortKey("due_at"),
    WorkBucket.TODAY: SortKey("due_at"),
    WorkBucket.THIS_WEEK: SortKey("due_at"),
    # What I delegated may have no due time: sorted by when it is planned or was given.
    WorkBucket.DELEGATED_BY_ME: SortKey("occurred_at"),
}


def work_conditions(
    principal: Principal, bucket: WorkBucket, now: datetime
) -> sa.ColumnElement[bool]:
    """Open activities in the bucket, of those the caller may read: due buckets hold what
    the caller owns or takes part in."""
    me = principal.user_id
    conds: list[sa.ColumnElement[bool]] = [
        activity_readable(principal),
        activities.c.status.in_(sorted(s.value for s in UNFINISHED)),
    ]
    window = due_window(bucket, now)
    if window is None:
        conds += [activities.c.delegated_by_id == me, activities.c.owner_id != me]
    else:
        conds += [
            sa.or_(activities.c.owner_id == me, participating(me)),
            activities.c.due_at < window.end,
        ]
        if window.start is not None:
            conds.append(activities.c.due_at >= window.start)
    return sa.and_(*conds)


async def my_work(
    session: AsyncSession,
    principal: Principal,
    bucket: WorkBucket,
    now: datetime,
    page: PageRequest,
) -> Page[Activity]:
    ids, next_cursor = await keyset_ids(
        session, activities, work_conditions(principal, bucket, now), page, ACTIVITY_SORTS
    )
    records = await load_activities(session, activities.c.id.in_(ids)) if ids else []
    return Page(in_order(ids, records), next_cursor)


async def work_summary(
    session: AsyncSession, principal: Principal, now: datetime
) -> dict[str, int]:
    """Counts per bucket, and the caller's open service requests and the open requests the
    caller delegated, in one round trip."""

    def count(table: sa.Table, where: sa.ColumnElement[bool]) -> Any:
        return sa.select(sa.func.count()).select_from(table).where(where).scalar_subquery()

    requests_readable = readable(
        principal, "service_request", service_requests, queue_col="queue_id"
    )
    open_request = service_requests.c.state == "open"
    columns = [
        count(activities, work_conditions(principal, bucket, now)).label(bucket.value)
        for bucket in WorkBucket
    ]
    columns.append(
        count(
            service_requests,
            sa.and_(
                requests_readable, open_request, service_requests.c.owner_id == principal.user_id
            ),
        ).label("open_requests")
    )
    columns.append(
        count(
            service_requests,
            sa.and_(
                requests_readable,
                open_request,
                service_requests.c.delegated_by_id == principal.user_id,
            ),
        ).label("delegated_requests_by_me_open")
    )
    row = (await session.execute(sa.select(*columns))).mappings().one()
    return {k: int(v) for k, v in row.items()}


# ------------------------------------------------------------------ calendar

CALENDAR_LIMIT = 500


async def calendar(
    session: AsyncSession, user_id: UUID, start: datetime, end: datetime
) -> tuple[list[Activity], bool]:
    """The user's activities (owned or taken part in, cancelled ones left out) that start
    in [start, end), by start time; at most CALENDAR_LIMIT, and whether more were left out.
    Whether the caller may read each one is for the caller to decide (busy blocks)."""
    condition = sa.and_(
        sa.or_(activities.c.owner_id == user_id, participating(user_id)),
        activities.c.status != ActivityStatus.CANCELLED.value,
        activities.c.occurred_at >= start,
        activities.c.occurred_at < end,
    )
    ids = list(
        await session.scalars(
            sa.select(activities.c.id)
            .where(condition)
            .order_by(activities.c.occurred_at, activities.c.id)
            .limit(CALENDAR_LIMIT + 1)
        )
    )
    truncated = len(ids) > CALENDAR_LIMIT
    ids = ids[:CALENDAR_LIMIT]
    records = await load_activities(session, activities.c.id.in_(ids)) if ids else []
    return in_order(ids, records), truncated


async def unreadable_accounts(
    session: AsyncSession, principal: Principal, account_ids: set[UUID]
) -> set[UUID]:
    if not account_ids:
        return set()
    seen = set(
        await session.scalars(
            sa.select(accounts.c.id).where(
                accounts.c.id.in_(account_ids), readable(principal, "account", accounts)
            )
        )
    )
    return account_ids - seen


# ------------------------------------------------------------------ names and labels


async def user_names(session: AsyncSession, ids: Iterable[UUID | None]) -> dict[UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await session.execute(sa.select(users.c.id, users.c.name).where(users.c.id.in_(wanted)))
    return {r.id: r.name for r in rows}


RegardingKey = tuple[str, UUID]


async def regarding_labels(
    session: AsyncSession, principal: Principal, refs: Iterable[RegardingKey]
) -> dict[RegardingKey, str]:
    """Labels of the records activities are about, one query per kind; a record the caller
    may not read gets no label (the activity still shows its type and id)."""
    by_type: dict[str, set[UUID]] = {}
    for kind, record_id in refs:
        by_type.setdefault(kind, set()).add(record_id)
    labels: dict[RegardingKey, str] = {}
    if ids := by_type.get(RegardingType.ACCOUNT.value):
        rows = await session.execute(
            sa.select(accounts.c.id, accounts.c.name).where(
                accounts.c.id.in_(ids), readable(principal, "account", accounts)
            )
        )
        labels.update({(RegardingType.ACCOUNT.value, r.id): r.name for r in rows})
    if ids := by_type.get(RegardingType.CONTACT.value):
        rows = await session.execute(
            sa.select(contacts.c.id, contacts.c.first_name, contacts.c.last_name).where(
                contacts.c.id.in_(ids), readable(principal, "contact", contacts)
            )
        )
        labels.update(
            {
                (RegardingType.CONTACT.value, r.id): contact_label(r.first_name, r.last_name)
                for r in rows
            }
        )
    if ids := by_type.get(RegardingType.SERVICE_REQUEST.value):
        rows = await session.execute(
            sa.select(
                service_requests.c.id, service_requests.c.number, service_requests.c.title
            ).where(
                service_requests.c.id.in_(ids),
                readable(principal, "service_request", service_requests, queue_col="queue_id"),
            )
        )
        labels.update(
            {
                (RegardingType.SERVICE_REQUEST.value, r.id): request_label(r.number, r.title)
                for r in rows
            }
        )
    if ids := by_type.get(RegardingType.SALES_PROJECT.value):
        rows = await session.execute(
            sa.select(sales_projects.c.id, sales_projects.c.name).where(
                sales_projects.c.id.in_(ids),
                readable(principal, "sales_project", sales_projects),
            )
        )
        labels.update({(RegardingType.SALES_PROJECT.value, r.id): r.name for r in rows})
    # offers and orders
    for kind, table in ((RegardingType.OFFER, offers), (RegardingType.ORDER, orders)):
        if ids := by_type.get(kind.value):
            rows = await session.execute(
                sa.select(table.c.id, table.c.number, table.c.title).where(
                    table.c.id.in_(ids), readable(principal, kind.value, table)
                )
            )
            labels.update({(kind.value, r.id): request_label(r.number, r.title) for r in rows})
    if ids := by_type.get(RegardingType.LEAD.value):
        rows = await session.execute(
            sa.select(leads.c.id, leads.c.company_name, leads.c.contact_name).where(
                leads.c.id.in_(ids), leads_readable(principal)
            )
        )
        labels.update(
            {
                (RegardingType.LEAD.value, r.id): lead_label(r.company_name, r.contact_name)
                for r in rows
            }
        )
    return labels


@dataclass(frozen=True)
class ActivityView:
    """An activity with the names a screen shows next to it."""

    activity: Activity
    owner_name: str | None
    delegated_by_name: str | None
    regarding_label: str | None
    participant_names: dict[UUID, str]


async def describe(
    session: AsyncSession, principal: Principal, items: list[Activity]
) -> list[ActivityView]:
    names = await user_names(
        session,
        [a.owner_id for a in items]
        + [a.delegated_by_id for a in items]
        + [p for a in items for p in a.participant_ids],
    )
    labels = await regarding_labels(
        session,
        principal,
        [
            (a.regarding_type.value, a.regarding_id)
            for a in items
            if a.regarding_type is not None and a.regarding_id is not None
        ],
    )
    return [
        ActivityView(
            activity=a,
            owner_name=names.get(a.owner_id),
            delegated_by_name=names.get(a.delegated_by_id) if a.delegated_by_id else None,
            regarding_label=labels.get((a.regarding_type.value, a.regarding_id))
            if a.regarding_type is not None and a.regarding_id is not None
            else None,
            participant_names={p: names[p] for p in a.participant_ids if p in names},
        )
        for a in items
    ]
