"""Steps the service use cases share: visibility, ownership, audit, the log, notices."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from domain import notifications
from domain.notifications import Notice, NotificationKind
from domain.service.model import EventKind, RequestEvent, ServiceRequest
from domain.service.ports import ServiceRuntime, ServiceUnitOfWork
from domain.shared import (
    NotFound,
    Operation,
    Principal,
    Runtime,
    record_write,
)
from domain.shared.ownership import owner_and_unit as shared_owner_and_unit

SERVICE_REQUEST = "service_request"
SUBJECT = "subject"
QUEUE = "queue"


def can_read(principal: Principal, request: ServiceRequest) -> bool:
    """The record's owner/unit is within the caller's read scope, or it waits in one of the
    caller's queues (the same rule as persistence.scoping.readable with queue_col)."""
    return principal.reads(
        SERVICE_REQUEST,
        request.owner_id,
        request.business_unit_id,
        account_ids=[request.account_id],
    ) or (request.queue_id is not None and request.queue_id in principal.queue_ids)


async def get_request(
    uow: ServiceUnitOfWork, principal: Principal, request_id: UUID
) -> ServiceRequest:
    request = await uow.service_requests.get(request_id)
    if request is None or not can_read(principal, request):
        raise NotFound(SERVICE_REQUEST, request_id)
    return request


async def owner_and_unit(
    uow: ServiceUnitOfWork,
    principal: Principal,
    owner_id: UUID | None,
    business_unit_id: UUID | None,
) -> tuple[UUID, UUID]:
    """The shared ownership rule (`domain.shared.ownership`) with this context's directory."""

    async def unit_of_active_user(user_id: UUID) -> UUID | None:
        colleague = await uow.service_colleagues.colleague(user_id)
        return colleague.business_unit_id if colleague and colleague.is_active else None

    return await shared_owner_and_unit(
        principal,
        SERVICE_REQUEST,
        owner_id,
        business_unit_id,
        unit_of_active_user=unit_of_active_user,
        unit_exists=uow.service_colleagues.business_unit_exists,
    )


async def audit(
    uow: ServiceUnitOfWork,
    rt: Runtime,
    principal: Principal | None,
    request: ServiceRequest,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=SERVICE_REQUEST,
        record=request,
        operation=operation,
        before=before,
        by=principal.user_id if principal else None,
        at=rt.clock.now(),
        owner_id=request.owner_id,
        business_unit_id=request.business_unit_id,
    )


async def log_event(
    uow: ServiceUnitOfWork,
    rt: Runtime,
    request: ServiceRequest,
    kind: EventKind,
    by: UUID | None,
    *,
    note: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> RequestEvent:
    event = RequestEvent(
        id=rt.ids.new_id(),
        request_id=request.id,
        kind=kind,
        at=rt.clock.now(),
        by_id=by,
        note=note,
        data=dict(data) if data is not None else None,
    )
    await uow.service_log.append(event)
    return event


async def send(
    uow: ServiceUnitOfWork,
    rt: Runtime,
    recipients: set[UUID] | frozenset[UUID],
    kind: NotificationKind,
    request: ServiceRequest,
    *,
    by: str,
    note: str | None = None,
    **extra: str | None,
) -> None:
    """One notice per recipient, written in the caller's transaction. Params: number,
    title, by, note, and what the kind's template also shows (queue, to, status)."""
    params = {"number": request.number, "title": request.title, "by": by, "note": note or ""}
    params |= {k: v for k, v in extra.items() if v}
    for user_id in sorted(recipients):
        await notifications.notify(
            uow,
            rt,
            Notice(
                user_id=user_id,
                kind=kind,
                params=params,
                record_type=SERVICE_REQUEST,
                record_id=request.id,
            ),
        )


def working_hours(rt: ServiceRuntime, start: datetime, end: datetime) -> float:
    return round(rt.calendar.working_hours_between(start, end), 2)
