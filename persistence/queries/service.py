"""List queries for subjects, queues, service requests, their delegations and their log.

Every query starts from `persistence.scoping.readable()`; a request is readable when its
owner/unit is within the caller's read scope or it waits in one of the caller's queues."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.service import (
    QUEUE,
    SERVICE_REQUEST,
    SUBJECT,
    Delegation,
    Queue,
    RequestEvent,
    ServiceRequest,
    State,
    Subject,
    normalise_phone,
)
from domain.shared import Page, PageRequest, Principal, ValidationFailed
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.service import (
    delegation_from_row,
    event_from_row,
    load_queues,
    load_subjects,
    request_from_row,
)
from persistence.scoping import readable
from persistence.tables.accounts import accounts, contacts
from persistence.tables.identity import business_units, users
from persistence.tables.service import (
    queue_members,
    queues,
    service_request_delegations,
    service_request_events,
    service_requests,
    subjects,
)

SR = service_requests.c


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# ------------------------------------------------------------------ subjects

SUBJECT_SORTS = {
    "name": subjects.c.name,
    "sort_order": subjects.c.sort_order,
    "created_at": subjects.c.created_at,
}


def subjects_readable(principal: Principal) -> sa.ColumnElement[bool]:
    """Organisation-wide set-up: no owner, no unit."""
    return readable(principal, SUBJECT, subjects, owner_col=None, unit_col=None)


@dataclass(frozen=True)
class SubjectFilters:
    parent_id: UUID | None = None
    top_level: bool | None = None
    active: bool | None = None
    q: str | None = None


async def list_subjects(
    session: AsyncSession, principal: Principal, f: SubjectFilters, page: PageRequest
) -> Page[Subject]:
    conds: list[sa.ColumnElement[bool]] = [subjects_readable(principal)]
    if f.parent_id is not None:
        conds.append(subjects.c.parent_id == f.parent_id)
    if f.top_level is not None:
        conds.append(
            subjects.c.parent_id.is_(None) if f.top_level else subjects.c.parent_id.is_not(None)
        )
    if f.active is not None:
        conds.append(subjects.c.is_active == f.active)
    if f.q:
        text = _like(f.q.strip().casefold())
        conds.append(
            sa.or_(
                sa.func.lower(subjects.c.name).like(text, escape="\\"),
                sa.func.lower(subjects.c.name_en).like(text, escape="\\"),
            )
        )
    ids, next_cursor = await keyset_ids(session, subjects, sa.and_(*conds), page, SUBJECT_SORTS)
    found = await load_subjects(session, ids) if ids else []
    return Page(in_order(ids, found), next_cursor)


# ------------------------------------------------------------------ queues

QUEUE_SORTS = {"name": queues.c.name, "created_at": queues.c.created_at}


def queues_readable(principal: Principal) -> sa.ColumnElement[bool]:
    """By the queue's unit; members read their own queues whatever their depth."""
    return readable(principal, QUEUE, queues, owner_col=None, unit_col="business_unit_id") | (
        queues.c.id.in_(sorted(principal.queue_ids)) if principal.queue_ids else sa.false()
    )


@dataclass(frozen=True)
class QueueFilters:
    q: str | None = None
    active: bool | None = None
    business_unit_id: UUID | None = None
    member: bool | None = None  # true: only the caller's queues


@dataclass(frozen=True)
class QueueSummary:
    queue: Queue
    open_count: int
    is_member: bool


async def _summaries(
    session: AsyncSession, principal: Principal, found: list[Queue]
) -> list[QueueSummary]:
    """Each queue with the number of open requests waiting in it that the caller may read
    (one grouped query for the page)."""
    if not found:
        return []
    counts: dict[UUID, int] = dict(
        (
            await session.execute(
                sa.select(SR.queue_id, sa.func.count())
                .where(
                    SR.queue_id.in_([q.id for q in found]),
                    SR.state == State.OPEN.value,
                    readable(principal, SERVICE_REQUEST, service_requests, queue_col="queue_id"),
                )
                .group_by(SR.queue_id)
            )
        ).all()
    )
    return [QueueSummary(q, int(counts.get(q.id, 0)), q.id in principal.queue_ids) for q in found]


async def list_queues(
    session: AsyncSession, principal: Principal, f: QueueFilters, page: PageRequest
) -> Page[QueueSummary]:
    conds: list[sa.ColumnElement[bool]] = [queues_readable(principal)]
    if f.active is not None:
        conds.append(queues.c.is_active == f.active)
    if f.business_unit_id is not None:
        conds.append(queues.c.business_unit_id == f.business_unit_id)
    if f.member is not None:
        mine = queues.c.id.in_(sorted(principal.queue_ids))
        conds.append(mine if f.member else sa.not_(mine))
    if f.q:
        conds.append(sa.func.lower(queues.c.name).like(_like(f.q.strip().casefold()), escape="\\"))
    ids, next_cursor = await keyset_ids(session, queues, sa.and_(*conds), page, QUEUE_SORTS)
    found = await load_queues(session, queues.c.id.in_(ids)) if ids else []
    return Page(await _summaries(session, principal, in_order(ids, found)), next_cursor)


async def queue_summary(session: AsyncSession, principal: Principal, queue: Queue) -> QueueSummary:
    return (await _summaries(session, principal, [queue]))[0]


@dataclass(frozen=True)
class Member:
    id: UUID
    name: str
    email: str
    business_unit_id: UUID
    is_active: bool


async def queue_member_list(session: AsyncSession, queue_id: UUID) -> list[Member]:
    rows = await session.execute(
        sa.select(
            users.c.id, users.c.name, users.c.email, users.c.business_unit_id, users.c.is_active
        )
        .join(queue_members, queue_members.c.user_id == users.c.id)
        .where(queue_members.c.queue_id == queue_id)
        .order_by(users.c.name, users.c.id)
    )
    return [Member(**r) for r in rows.mappings()]


# ------------------------------------------------------------------ service requests

REQUEST_SORTS: dict[str, sa.ColumnElement[Any]] = {
    "received_at": SR.received_at,
    "updated_at": SR.updated_at,
    "created_at": SR.created_at,
    # Call-back requests by due time (ix_service_requests_callback_due_id); lists only
    # requests that have one.
    "callback_due_at": SR.callback_due_at,
}


def requests_readable(principal: Principal) -> sa.ColumnElement[bool]:
    return readable(principal, SERVICE_REQUEST, service_requests, queue_col="queue_id")


@dataclass(frozen=True)
class RequestFilters:
    q: str | None = None
    status_reason: tuple[str, ...] = ()
    state: str | None = None
    subject_id: UUID | None = None
    request_type: str | None = None
    origin: str | None = None
    priority: str | None = None
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None
    queue_id: UUID | None = None
    account_id: UUID | None = None
    contact_id: UUID | None = None
    delegated_to_user_id: UUID | None = None
    delegated_by_id: UUID | None = None
    billing_status: str | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    updated_since: datetime | None = None


EQUALITY_FILTERS = (
    "state",
    "subject_id",
    "request_type",
    "origin",
    "priority",
    "owner_id",
    "business_unit_id",
    "queue_id",
    "account_id",
    "contact_id",
    "delegated_to_user_id",
    "delegated_by_id",
    "billing_status",
)


def _text_search(q: str) -> sa.ColumnElement[bool]:
    """Case number, title, or the caller's name, phone or email."""
    text = q.strip()
    folded = _like(text.casefold())
    options: list[sa.ColumnElement[bool]] = [
        SR.number == text.upper(),
        SR.sort_title.like(folded, escape="\\"),
        sa.func.lower(SR.caller_name).like(folded, escape="\\"),
        SR.caller_email.like(folded, escape="\\"),
    ]
    if text.upper().startswith("PP-"):
        options.append(SR.number.like(_like(text.upper()), escape="\\"))
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 4:
        options.append(SR.caller_phone.like(_like(digits), escape="\\"))
        with contextlib.suppress(ValidationFailed):  # not a phone number: others still apply
            options.append(SR.caller_phone == normalise_phone(text))
    return sa.or_(*options)


def request_conditions(
    principal: Principal, f: RequestFilters, sort_field: str | None = None
) -> sa.ColumnElement[bool]:
    conds: list[sa.ColumnElement[bool]] = [requests_readable(principal)]
    for name in EQUALITY_FILTERS:
        value = getattr(f, name)
        if value is not None:
            conds.append(SR[name] == value)
    if f.status_reason:
        conds.append(SR.status_reason.in_(list(f.status_reason)))
    if f.received_from is not None:
        conds.append(SR.received_at >= f.received_from)
    if f.received_to is not None:
        conds.append(SR.received_at < f.received_to)
    if f.updated_since is not None:
        conds.append(SR.updated_at >= f.updated_since)
    if f.q and f.q.strip():
        conds.append(_text_search(f.q))
    if sort_field == "callback_due_at":
        conds.append(SR.callback_due_at.is_not(None))
    return sa.and_(*conds)


@dataclass(frozen=True)
class RequestView:
    """A request with the names the SPA shows next to it, and its current delegation."""

    request: ServiceRequest
    account_name: str | None
    contact_name: str | None
    subject_name: str | None
    owner_name: str | None
    business_unit_name: str | None
    queue_name: str | None
    delegated_by_name: str | None
    delegated_to_user_name: str | None
    delegated_to_queue_name: str | None
    delegation_id: UUID | None
    delegation_status: str | None
    delegation_acknowledged_at: datetime | None
    delegation_note: str | None


async def load_views(session: AsyncSession, ids: list[UUID]) -> list[RequestView]:
    """Requests with their display names, in one query."""
    if not ids:
        return []
    owner = users.alias("owner")
    by = users.alias("delegated_by")
    to_user = users.alias("delegated_to_user")
    queue = queues.alias("queue")
    to_queue = queues.alias("delegated_to_queue")
    d = service_request_delegations.alias("current_delegation")
    newest = (
        sa.select(d.c.id)
        .where(d.c.request_id == SR.id)
        .order_by(d.c.delegated_at.desc(), d.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    current = service_request_delegations.alias("delegation")
    stmt = (
        sa.select(
            service_requests,
            accounts.c.name.label("v_account_name"),
            (contacts.c.first_name + " " + contacts.c.last_name).label("v_contact_name"),
            subjects.c.name.label("v_subject_name"),
            owner.c.name.label("v_owner_name"),
            business_units.c.name.label("v_business_unit_name"),
            queue.c.name.label("v_queue_name"),
            by.c.name.label("v_delegated_by_name"),
            to_user.c.name.label("v_delegated_to_user_name"),
            to_queue.c.name.label("v_delegated_to_queue_name"),
            current.c.id.label("v_delegation_id"),
            current.c.status.label("v_delegation_status"),
            current.c.acknowledged_at.label("v_delegation_acknowledged_at"),
            current.c.note.label("v_delegation_note"),
        )
        .select_from(
            service_requests.outerjoin(accounts, accounts.c.id == SR.account_id)
            .outerjoin(contacts, contacts.c.id == SR.contact_id)
            .outerjoin(subjects, subjects.c.id == SR.subject_id)
            .outerjoin(owner, owner.c.id == SR.owner_id)
            .outerjoin(business_units, business_units.c.id == SR.business_unit_id)
            .outerjoin(queue, queue.c.id == SR.queue_id)
            .outerjoin(by, by.c.id == SR.delegated_by_id)
            .outerjoin(to_user, to_user.c.id == SR.delegated_to_user_id)
            .outerjoin(to_queue, to_queue.c.id == SR.delegated_to_queue_id)
            .outerjoin(current, current.c.id == newest)
        )
        .where(SR.id.in_(ids))
    )
    by_id: dict[UUID, RequestView] = {}
    for row in (await session.execute(stmt)).mappings():
        base = {k: v for k, v in row.items() if not k.startswith("v_")}
        extra = {k[2:]: v for k, v in row.items() if k.startswith("v_")}
        view = RequestView(request=request_from_row(base), **extra)
        by_id[view.request.id] = view
    return [by_id[i] for i in ids if i in by_id]


async def list_requests(
    session: AsyncSession, principal: Principal, filters: RequestFilters, page: PageRequest
) -> Page[RequestView]:
    ids, next_cursor = await keyset_ids(
        session,
        service_requests,
        request_conditions(principal, filters, page.sort.field),
        page,
        REQUEST_SORTS,
        filter_first=bool(filters.q and filters.q.strip()),
    )
    return Page(await load_views(session, ids), next_cursor)


async def request_view(session: AsyncSession, request_id: UUID) -> RequestView:
    """One request the caller has already been shown (scope checked by the use case)."""
    return (await load_views(session, [request_id]))[0]


# ------------------------------------------------------------------ the log and the trail

EVENT_SORTS = {"at": service_request_events.c.at}
DELEGATION_SORTS = {"delegated_at": service_request_delegations.c.delegated_at}


@dataclass(frozen=True)
class EventView:
    event: RequestEvent
    by_name: str | None


async def list_events(
    session: AsyncSession, request_id: UUID, page: PageRequest
) -> Page[EventView]:
    """Newest first. The caller has already been shown the request."""
    e = service_request_events.c
    ids, next_cursor = await keyset_ids(
        session, service_request_events, e.request_id == request_id, page, EVENT_SORTS
    )
    if not ids:
        return Page([], next_cursor)
    rows = await session.execute(
        sa.select(service_request_events, users.c.name.label("by_name"))
        .outerjoin(users, users.c.id == e.by_id)
        .where(e.id.in_(ids))
    )
    found = {}
    for row in rows.mappings():
        values = {k: v for k, v in row.items() if k != "by_name"}
        found[row["id"]] = EventView(event_from_row(values), row["by_name"])
    return Page([found[i] for i in ids if i in found], next_cursor)


@dataclass(frozen=True)
class DelegationView:
    delegation: Delegation
    delegated_by_name: str | None
    to_user_name: str | None
    to_queue_name: str | None
    acknowledged_by_name: str | None


async def delegation_views(session: AsyncSession, ids: list[UUID]) -> list[DelegationView]:
    if not ids:
        return []
    d = service_request_delegations.c
    by = users.alias("by_user")
    to_user = users.alias("to_user")
    ack = users.alias("ack_user")
    rows = await session.execute(
        sa.select(
            service_request_delegations,
            by.c.name.label("v_delegated_by_name"),
            to_user.c.name.label("v_to_user_name"),
            queues.c.name.label("v_to_queue_name"),
            ack.c.name.label("v_acknowledged_by_name"),
        )
        .select_from(
            service_request_delegations.outerjoin(by, by.c.id == d.delegated_by_id)
            .outerjoin(to_user, to_user.c.id == d.to_user_id)
            .outerjoin(queues, queues.c.id == d.to_queue_id)
            .outerjoin(ack, ack.c.id == d.acknowledged_by_id)
        )
        .where(d.id.in_(ids))
    )
    found = {}
    for row in rows.mappings():
        base = {k: v for k, v in row.items() if not k.startswith("v_")}
        extra = {k[2:]: v for k, v in row.items() if k.startswith("v_")}
        found[row["id"]] = DelegationView(delegation_from_row(base), **extra)
    return [found[i] for i in ids if i in found]


async def list_delegations(
    session: AsyncSession, request_id: UUID, page: PageRequest
) -> Page[DelegationView]:
    """The request's delegation trail, newest first."""
    ids, next_cursor = await keyset_ids(
        session,
        service_request_delegations,
        service_request_delegations.c.request_id == request_id,
        page,
        DELEGATION_SORTS,
    )
    return Page(await delegation_views(session, ids), next_cursor)
