"""Timelines: a record's activities and its service requests' events, newest first.

Two sources, one keyset. Each source is a branch that seeks to the cursor in its own index
and stops after `limit + 1` rows (activities: `(account_id | regarding_type, regarding_id,
occurred_at, id)`; request events: `(request_id, at, id)`), and a UNION ALL of the branches
is ordered and cut once more. A page therefore reads at most `limit + 1` rows per branch,
whatever the number of activities on the account, and the same `(at, id)` key orders and
pages the merged stream without duplicates or gaps.

Only what the caller may read is shown: activities through `readable(…, "activity", …)`,
events only of requests readable through `readable(…, "service_request", …, queue_col=…)`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.activities import RegardingType
from domain.shared import Cursor, Page, PageRequest, Principal, SortKey, ValidationFailed
from persistence.queries.activities import regarding_labels
from persistence.repositories.activities import request_label
from persistence.scoping import readable
from persistence.tables.accounts import accounts, contacts
from persistence.tables.activities import activities
from persistence.tables.base import UTCDateTime
from persistence.tables.identity import users
from persistence.tables.service import service_request_events, service_requests

TIMELINE_SORT = SortKey("at", descending=True)
ACTIVITY = "activity"
REQUEST_EVENT = "request_event"
SERVICE_REQUEST = "service_request"  # a request's `created` event: the request itself
KINDS = (ACTIVITY, REQUEST_EVENT, SERVICE_REQUEST)
# What an account's or a contact's timeline shows of each request; a request's own timeline
# shows every event (comments, acknowledgements, …).
SUMMARY_EVENT_KINDS = ("created", "status_changed", "delegated", "picked", "reopened")
SUMMARY_MAX = 500

events = service_request_events
requests = service_requests


@dataclass(frozen=True)
class RegardingRef:
    type: str
    id: UUID
    label: str | None


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    at: datetime
    id: UUID
    type: str
    title: str
    summary: str | None
    by_id: UUID | None
    by_name: str | None
    regarding: RegardingRef | None
    data: dict[str, Any] = field(default_factory=dict)


# ------------------------------------------------------------------ the keyset merge


def _cursor_at(cursor: Cursor) -> datetime:
    try:
        at = datetime.fromisoformat(str(cursor.value))
    except ValueError as exc:
        raise ValidationFailed.field("cursor", "The cursor is not valid.") from exc
    if at.tzinfo is None:
        raise ValidationFailed.field("cursor", "The cursor is not valid.")
    return at


def _before(
    at: sa.ColumnElement[Any], id_: sa.ColumnElement[Any], cursor: Cursor | None
) -> sa.ColumnElement[bool]:
    if cursor is None:
        return sa.true()
    return sa.tuple_(at, id_) < sa.tuple_(
        sa.literal(_cursor_at(cursor), UTCDateTime()),
        sa.literal(cursor.last_id, sa.Uuid()),
    )


def _activity_branch(
    principal: Principal, where: sa.ColumnElement[bool], cursor: Cursor | None, limit: int
) -> sa.Select[Any]:
    at, id_ = activities.c.occurred_at, activities.c.id
    return (
        sa.select(
            sa.literal_column(f"'{ACTIVITY}'", sa.String()).label("kind"),
            at.label("at"),
            id_.label("id"),
        )
        .where(where, readable(principal, "activity", activities), _before(at, id_, cursor))
        .order_by(at.desc(), id_.desc())
        .limit(limit)
    )


def _event_branch(
    principal: Principal,
    request_where: sa.ColumnElement[bool],
    event_kinds: Collection[str] | None,
    wanted: Collection[str],
    cursor: Cursor | None,
    limit: int,
    *,
    lateral: bool,
) -> sa.Select[Any] | None:
    """The newest events of the requests matching `request_where` that the caller may read.

    On PostgreSQL each request's events come from a LATERAL top-N over its
    `(request_id, at, id)` index: the planner otherwise estimates a hash join over the whole
    event table as cheaper for an account with a few hundred requests (10 ms instead of 1 ms
    with 80,000 events, and growing with the table). SQLite always joins by nested loops
    over that index, so the plain join is the same plan there."""
    if REQUEST_EVENT not in wanted and SERVICE_REQUEST not in wanted:
        return None
    conds: list[sa.ColumnElement[bool]] = []
    if event_kinds is not None:
        conds.append(events.c.kind.in_(sorted(event_kinds)))
    if REQUEST_EVENT not in wanted:
        conds.append(events.c.kind == "created")
    elif SERVICE_REQUEST not in wanted:
        conds.append(events.c.kind != "created")
    conds.append(_before(events.c.at, events.c.id, cursor))
    request_conds = [
        request_where,
        readable(principal, "service_request", requests, queue_col="queue_id"),
    ]
    source: Any
    if lateral:
        newest = (
            sa.select(events.c.kind, events.c.at, events.c.id)
            .where(events.c.request_id == requests.c.id, *conds)
            .order_by(events.c.at.desc(), events.c.id.desc())
            .limit(limit)
            .lateral("newest_events")
        )
        source = requests.join(newest, sa.true())
        kind_col, at, id_ = newest.c.kind, newest.c.at, newest.c.id
    else:
        source = events.join(requests, requests.c.id == events.c.request_id)
        request_conds += conds
        kind_col, at, id_ = events.c.kind, events.c.at, events.c.id
    kind = sa.case(
        (kind_col == "created", sa.literal_column(f"'{SERVICE_REQUEST}'", sa.String())),
        else_=sa.literal_column(f"'{REQUEST_EVENT}'", sa.String()),
    )
    return (
        sa.select(kind.label("kind"), at.label("at"), id_.label("id"))
        .select_from(source)
        .where(*request_conds)
        .order_by(at.desc(), id_.desc())
        .limit(limit)
    )


@dataclass(frozen=True)
class Sources:
    """What one timeline gathers: conditions on activities (each its own branch, so each
    uses its own index) and on the requests (table `service_requests`) whose events it
    shows, and which kinds of event (None: all)."""

    activity_wheres: Sequence[sa.ColumnElement[bool]]
    request_where: sa.ColumnElement[bool] | None
    event_kinds: Collection[str] | None = SUMMARY_EVENT_KINDS


async def _page_keys(
    session: AsyncSession,
    principal: Principal,
    sources: Sources,
    kinds: Collection[str],
    page: PageRequest,
) -> tuple[list[Any], str | None]:
    cursor = page.decoded_cursor()
    limit = page.limit + 1
    lateral = session.get_bind().dialect.name == "postgresql"
    branches: list[sa.Select[Any]] = []
    if ACTIVITY in kinds:
        branches += [_activity_branch(principal, w, cursor, limit) for w in sources.activity_wheres]
    if sources.request_where is not None:
        branch = _event_branch(
            principal,
            sources.request_where,
            sources.event_kinds,
            kinds,
            cursor,
            limit,
            lateral=lateral,
        )
        if branch is not None:
            branches.append(branch)
    if not branches:
        return [], None
    # Each branch is wrapped in its own subquery: SQLite allows ORDER BY / LIMIT only on the
    # whole compound select, and the branches' own LIMITs are what keep a page cheap.
    merged = sa.union_all(*(sa.select(b.subquery()) for b in branches)).subquery("timeline")
    stmt = (
        sa.select(merged.c.kind, merged.c.at, merged.c.id)
        .order_by(merged.c.at.desc(), merged.c.id.desc())
        .limit(limit)
    )
    rows = list((await session.execute(stmt)).all())
    next_cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        last = rows[-1]
        next_cursor = Cursor(str(page.sort), Cursor.sort_value(last.at), last.id).encode()
    return rows, next_cursor


# ------------------------------------------------------------------ the items


def _short(text: str | None) -> str | None:
    if text is None or len(text) <= SUMMARY_MAX:
        return text
    return text[: SUMMARY_MAX - 1].rstrip() + "…"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def _activity_items(
    session: AsyncSession, principal: Principal, ids: list[UUID]
) -> dict[UUID, TimelineItem]:
    if not ids:
        return {}
    rows = (
        (
            await session.execute(
                sa.select(activities, users.c.name.label("owner_name"))
                .outerjoin(users, users.c.id == activities.c.owner_id)
                .where(activities.c.id.in_(ids))
            )
        )
        .mappings()
        .all()
    )
    labels = await regarding_labels(
        session,
        principal,
        [(r["regarding_type"], r["regarding_id"]) for r in rows if r["regarding_id"] is not None],
    )
    items = {}
    for r in rows:
        regarding = (
            RegardingRef(
                r["regarding_type"],
                r["regarding_id"],
                labels.get((r["regarding_type"], r["regarding_id"])),
            )
            if r["regarding_id"] is not None
            else None
        )
        items[r["id"]] = TimelineItem(
            kind=ACTIVITY,
            at=r["occurred_at"],
            id=r["id"],
            type=r["type"],
            title=r["subject"],
            summary=_short(r["description"]),
            by_id=r["owner_id"],
            by_name=r["owner_name"],
            regarding=regarding,
            data={
                "status": r["status"],
                "priority": r["priority"],
                "due_at": _iso(r["due_at"]),
                "completed_at": _iso(r["completed_at"]),
                "direction": r["direction"],
                "duration_minutes": r["duration_minutes"],
                "delegated_by_id": str(r["delegated_by_id"]) if r["delegated_by_id"] else None,
            },
        )
    return items


async def _event_items(
    session: AsyncSession, kinds: dict[UUID, str], ids: list[UUID]
) -> dict[UUID, TimelineItem]:
    if not ids:
        return {}
    rows = (
        (
            await session.execute(
                sa.select(
                    events, requests.c.number, requests.c.title, users.c.name.label("by_name")
                )
                .select_from(events.join(requests, requests.c.id == events.c.request_id))
                .outerjoin(users, users.c.id == events.c.by_id)
                .where(events.c.id.in_(ids))
            )
        )
        .mappings()
        .all()
    )
    items = {}
    for r in rows:
        label = request_label(r["number"], r["title"])
        items[r["id"]] = TimelineItem(
            kind=kinds[r["id"]],
            at=r["at"],
            id=r["id"],
            type=r["kind"],
            title=label,
            summary=_short(r["note"]),
            by_id=r["by_id"],
            by_name=r["by_name"],
            regarding=RegardingRef(RegardingType.SERVICE_REQUEST.value, r["request_id"], label),
            data=dict(r["data"] or {}),
        )
    return items


async def timeline(
    session: AsyncSession,
    principal: Principal,
    sources: Sources,
    kinds: Collection[str],
    page: PageRequest,
) -> Page[TimelineItem]:
    keys, next_cursor = await _page_keys(session, principal, sources, kinds, page)
    activity_ids = [k.id for k in keys if k.kind == ACTIVITY]
    event_kinds = {k.id: k.kind for k in keys if k.kind != ACTIVITY}
    found = await _activity_items(session, principal, activity_ids)
    found |= await _event_items(session, event_kinds, list(event_kinds))
    return Page([found[k.id] for k in keys if k.id in found], next_cursor)


# ------------------------------------------------------------------ the three timelines


def account_sources(account_id: UUID) -> Sources:
    """The account's 360° view: every activity whose account is this one (so those about its
    contacts and requests too) and the summary events of its requests."""
    return Sources(
        activity_wheres=[activities.c.account_id == account_id],
        request_where=requests.c.account_id == account_id,
    )


def contact_sources(principal: Principal, contact_id: UUID) -> Sources:
    """Activities about the contact or about its requests, and its requests' events."""
    own_requests = sa.select(requests.c.id).where(
        requests.c.contact_id == contact_id,
        readable(principal, "service_request", requests, queue_col="queue_id"),
    )
    return Sources(
        activity_wheres=[
            sa.and_(
                activities.c.regarding_type == RegardingType.CONTACT.value,
                activities.c.regarding_id == contact_id,
            ),
            sa.and_(
                activities.c.regarding_type == RegardingType.SERVICE_REQUEST.value,
                activities.c.regarding_id.in_(own_requests),
            ),
        ],
        request_where=requests.c.contact_id == contact_id,
    )


def request_sources(request_id: UUID) -> Sources:
    """The request's whole log and the activities about it."""
    return Sources(
        activity_wheres=[
            sa.and_(
                activities.c.regarding_type == RegardingType.SERVICE_REQUEST.value,
                activities.c.regarding_id == request_id,
            )
        ],
        request_where=requests.c.id == request_id,
        event_kinds=None,
    )


async def readable_record(
    session: AsyncSession, principal: Principal, kind: str, record_id: UUID
) -> bool:
    """Whether the record whose timeline is asked for exists and the caller may read it."""
    if kind == "account":
        condition = sa.and_(accounts.c.id == record_id, readable(principal, "account", accounts))
        stmt = sa.select(accounts.c.id).where(condition)
    elif kind == "contact":
        condition = sa.and_(contacts.c.id == record_id, readable(principal, "contact", contacts))
        stmt = sa.select(contacts.c.id).where(condition)
    else:
        condition = sa.and_(
            requests.c.id == record_id,
            readable(principal, "service_request", requests, queue_col="queue_id"),
        )
        stmt = sa.select(requests.c.id).where(condition)
    return await session.scalar(stmt) is not None
