"""Repositories for the service context: subjects, queues, service requests, delegations, the
request log, and the little it reads about customers and colleagues."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.service import (
    BillingStatus,
    Colleague,
    Delegation,
    DelegationStatus,
    EventKind,
    Origin,
    Priority,
    Queue,
    RecordRef,
    RequestEvent,
    RequestType,
    ServiceChannel,
    ServiceRequest,
    State,
    StatusReason,
    Subject,
    sort_title,
)
from persistence.repositories.base import versioned_update
from persistence.repositories.directory import business_unit_exists, contact_row, user_row
from persistence.tables.accounts import accounts
from persistence.tables.identity import users
from persistence.tables.service import (
    queue_members,
    queues,
    service_request_delegations,
    service_request_events,
    service_requests,
    subjects,
)

# ------------------------------------------------------------------ subjects


def _columns(table: sa.Table, record: object) -> dict[str, Any]:
    return {c.name: getattr(record, c.name) for c in table.columns if hasattr(record, c.name)}


class SqlSubjects:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, subject_id: UUID) -> Subject | None:
        row = (
            (await self.session.execute(sa.select(subjects).where(subjects.c.id == subject_id)))
            .mappings()
            .first()
        )
        return Subject(**row) if row else None

    async def add(self, subject: Subject) -> None:
        await self.session.execute(sa.insert(subjects).values(**_columns(subjects, subject)))

    async def update(self, subject: Subject, expected_version: int) -> None:
        await versioned_update(
            self.session,
            subjects,
            "subject",
            subject.id,
            expected_version,
            _columns(subjects, subject),
        )

    async def parents(self, start: UUID) -> dict[UUID, UUID | None]:
        chain: dict[UUID, UUID | None] = {}
        current: UUID | None = start
        while current is not None and current not in chain:
            parent = await self.session.scalar(
                sa.select(subjects.c.parent_id).where(subjects.c.id == current)
            )
            chain[current] = parent
            current = parent
        return chain


async def load_subjects(session: AsyncSession, ids: Sequence[UUID]) -> list[Subject]:
    rows = await session.execute(sa.select(subjects).where(subjects.c.id.in_(ids)))
    return [Subject(**r) for r in rows.mappings()]


# ------------------------------------------------------------------ queues


async def load_queues(session: AsyncSession, condition: sa.ColumnElement[bool]) -> list[Queue]:
    rows = (await session.execute(sa.select(queues).where(condition))).mappings().all()
    if not rows:
        return []
    members: dict[UUID, set[UUID]] = {r["id"]: set() for r in rows}
    links = await session.execute(
        sa.select(queue_members).where(queue_members.c.queue_id.in_(list(members)))
    )
    for link in links:
        members[link.queue_id].add(link.user_id)
    return [Queue(**r, member_ids=frozenset(members[r["id"]])) for r in rows]


class SqlQueues:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, queue_id: UUID) -> Queue | None:
        found = await load_queues(self.session, queues.c.id == queue_id)
        return found[0] if found else None

    async def by_name(self, name: str) -> Queue | None:
        found = await load_queues(self.session, sa.func.lower(queues.c.name) == name.lower())
        return found[0] if found else None

    async def _set_members(self, queue: Queue) -> None:
        await self.session.execute(
            sa.delete(queue_members).where(queue_members.c.queue_id == queue.id)
        )
        if queue.member_ids:
            await self.session.execute(
                sa.insert(queue_members),
                [{"queue_id": queue.id, "user_id": u} for u in sorted(queue.member_ids)],
            )

    async def add(self, queue: Queue) -> None:
        await self.session.execute(sa.insert(queues).values(**_columns(queues, queue)))
        await self._set_members(queue)

    async def update(self, queue: Queue, expected_version: int) -> None:
        await versioned_update(
            self.session, queues, "queue", queue.id, expected_version, _columns(queues, queue)
        )
        await self._set_members(queue)


# ------------------------------------------------------------------ service requests

ENUMS: dict[str, Any] = {
    "origin": Origin,
    "request_type": RequestType,
    "status_reason": StatusReason,
    "priority": Priority,
    "billing_status": BillingStatus,
    "service_channel": ServiceChannel,
}


def request_row(request: ServiceRequest) -> dict[str, Any]:
    values = _columns(service_requests, request)
    values["state"] = request.state.value
    values["sort_title"] = sort_title(request.title)
    return values


def request_from_row(row: Any) -> ServiceRequest:
    values = {k: v for k, v in row.items() if k not in {"state", "sort_title"}}
    for name, enum in ENUMS.items():
        if values.get(name) is not None:
            values[name] = enum(values[name])
    return ServiceRequest(**values)


async def load_requests(
    session: AsyncSession, condition: sa.ColumnElement[bool]
) -> list[ServiceRequest]:
    rows = await session.execute(sa.select(service_requests).where(condition))
    return [request_from_row(r) for r in rows.mappings()]


# A constant key for PostgreSQL's transaction-level advisory lock on case numbers.
NUMBER_LOCK = 7_305_202_600


class SqlServiceRequests:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, request_id: UUID) -> ServiceRequest | None:
        found = await load_requests(self.session, service_requests.c.id == request_id)
        return found[0] if found else None

    async def add(self, request: ServiceRequest) -> None:
        await self.session.execute(sa.insert(service_requests).values(**request_row(request)))

    async def add_many(self, batch: Iterable[ServiceRequest]) -> None:
        """Bulk insert for demo data and benchmarks (numbers already allocated)."""
        rows = [request_row(r) for r in batch]
        if rows:
            await self.session.execute(sa.insert(service_requests), rows)

    async def update(self, request: ServiceRequest, expected_version: int) -> None:
        await versioned_update(
            self.session,
            service_requests,
            "service_request",
            request.id,
            expected_version,
            request_row(request),
        )

    async def next_serial(self, year: int) -> int:
        """max + 1 within the year, with the allocation serialised until commit: PostgreSQL
        takes a transaction-level advisory lock; SQLite takes its single write lock with a
        no-op write first (writers there are serial anyway). Numbers have six digits, so the
        string maximum is the numeric one."""
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(sa.select(sa.func.pg_advisory_xact_lock(NUMBER_LOCK)))
        else:
            await self.session.execute(
                sa.update(service_requests)
                .where(sa.false())
                .values(number=service_requests.c.number)
            )
        low, high = f"PP-{year}-000000", f"PP-{year}-999999"
        last = await self.session.scalar(
            sa.select(sa.func.max(service_requests.c.number)).where(
                service_requests.c.number.between(low, high)
            )
        )
        return int(last.rsplit("-", 1)[1]) + 1 if last else 1


# ------------------------------------------------------------------ delegations and the log


def delegation_from_row(row: Any) -> Delegation:
    return Delegation(**{**row, "status": DelegationStatus(row["status"])})


class SqlDelegations:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _one(self, condition: sa.ColumnElement[bool]) -> Delegation | None:
        row = (
            (
                await self.session.execute(
                    sa.select(service_request_delegations)
                    .where(condition)
                    .order_by(service_request_delegations.c.delegated_at.desc())
                    .limit(1)
                )
            )
            .mappings()
            .first()
        )
        return delegation_from_row(row) if row else None

    async def get(self, delegation_id: UUID) -> Delegation | None:
        return await self._one(service_request_delegations.c.id == delegation_id)

    async def active_for(self, request_id: UUID) -> Delegation | None:
        d = service_request_delegations.c
        return await self._one(
            sa.and_(d.request_id == request_id, d.status == DelegationStatus.ACTIVE.value)
        )

    async def add(self, delegation: Delegation) -> None:
        await self.session.execute(
            sa.insert(service_request_delegations).values(
                **_columns(service_request_delegations, delegation)
            )
        )

    async def update(self, delegation: Delegation) -> None:
        await self.session.execute(
            sa.update(service_request_delegations)
            .where(service_request_delegations.c.id == delegation.id)
            .values(**_columns(service_request_delegations, delegation))
        )

    async def due_reminders(self, now: datetime, limit: int) -> list[Delegation]:
        d = service_request_delegations.c
        rows = await self.session.execute(
            sa.select(service_request_delegations)
            .join(service_requests, service_requests.c.id == d.request_id)
            .where(
                d.status == DelegationStatus.ACTIVE.value,
                d.remind_at <= now,
                d.reminded_at.is_(None),
                service_requests.c.state == State.OPEN.value,
            )
            .order_by(d.remind_at, d.id)
            .limit(limit)
        )
        return [delegation_from_row(r) for r in rows.mappings()]

    async def mark_reminded(self, delegation_id: UUID, at: datetime) -> bool:
        d = service_request_delegations.c
        result = await self.session.execute(
            sa.update(service_request_delegations)
            .where(d.id == delegation_id, d.reminded_at.is_(None))
            .values(reminded_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def event_row(event: RequestEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "request_id": event.request_id,
        "kind": event.kind.value,
        "at": event.at,
        "by_id": event.by_id,
        "note": event.note,
        "data": dict(event.data) if event.data is not None else None,
    }


def event_from_row(row: Any) -> RequestEvent:
    return RequestEvent(**{**row, "kind": EventKind(row["kind"])})


class SqlRequestLog:
    """Append-only: there is no update or delete."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def append(self, event: RequestEvent) -> None:
        await self.session.execute(sa.insert(service_request_events).values(**event_row(event)))


# ------------------------------------------------------------------ directories


class SqlServiceCustomers:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _account(self, condition: sa.ColumnElement[bool]) -> RecordRef | None:
        row = (
            await self.session.execute(
                sa.select(
                    accounts.c.id,
                    accounts.c.name,
                    accounts.c.owner_id,
                    accounts.c.business_unit_id,
                    accounts.c.passive_since,
                    accounts.c.passive_reason,
                )
                .where(condition)
                .order_by(accounts.c.id)
                .limit(1)
            )
        ).first()
        if row is None:
            return None
        return RecordRef(
            row.id,
            row.name,
            row.owner_id,
            row.business_unit_id,
            passive_since=row.passive_since,
            passive_reason=row.passive_reason,
        )

    async def account(self, account_id: UUID) -> RecordRef | None:
        return await self._account(accounts.c.id == account_id)

    async def account_named(self, name: str) -> RecordRef | None:
        return await self._account(accounts.c.name == name)

    async def contact(self, contact_id: UUID) -> RecordRef | None:
        found = await contact_row(self.session, contact_id)
        if found is None:
            return None
        return RecordRef(
            found.id,
            found.name,
            found.owner_id,
            found.business_unit_id,
            found.account_ids,
        )


class SqlServiceColleagues:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def colleague(self, user_id: UUID) -> Colleague | None:
        found = await user_row(self.session, user_id)
        return (
            Colleague(found.id, found.name, found.business_unit_id, found.is_active)
            if found
            else None
        )

    async def active_users(self, user_ids: frozenset[UUID]) -> frozenset[UUID]:
        if not user_ids:
            return frozenset()
        found = await self.session.scalars(
            sa.select(users.c.id).where(users.c.id.in_(sorted(user_ids)), users.c.is_active)
        )
        return frozenset(found)

    async def business_unit_exists(self, unit_id: UUID) -> bool:
        return await business_unit_exists(self.session, unit_id)
