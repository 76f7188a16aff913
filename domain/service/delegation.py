"""Delegation: handing a request to a colleague or a queue, acknowledging it, picking it from
the queue, and reminding those who have not acknowledged it in time.

The old system's two failures were that a delegatee got no reminder and that nobody could
see who had delegated what to whom; here every hand-over is a row in the trail, the request
shows the current one at a glance, the delegatee is notified at once and reminded after a
configurable number of working hours, and the delegator hears when it stays unacknowledged."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.notifications import NotificationKind
from domain.service.common import (
    SERVICE_REQUEST,
    audit,
    get_request,
    log_event,
    owner_and_unit,
    send,
    working_hours,
)
from domain.service.model import (
    Delegation,
    DelegationStatus,
    EventKind,
    ServiceRequest,
    State,
)
from domain.service.ports import ServicePolicy, ServiceRuntime, ServiceUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    Forbidden,
    NotFound,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    snapshot,
)

DELEGATION = "delegation"
REMINDER_BATCH = 500


def _recipients(
    delegation: Delegation, members: frozenset[UUID], exclude: UUID | None
) -> set[UUID]:
    """The delegatee, or every member of the target queue; never the one who delegated."""
    targets = {delegation.to_user_id} if delegation.to_user_id is not None else set(members)
    return {t for t in targets if t is not None and t != exclude}


async def _queue_name(uow: ServiceUnitOfWork, queue_id: UUID) -> str | None:
    queue = await uow.queues.get(queue_id)
    return queue.name if queue is not None else None


async def _save(
    uow: ServiceUnitOfWork,
    rt: Runtime,
    principal: Principal | None,
    request: ServiceRequest,
    before: dict[str, object],
) -> None:
    expected = request.version
    request.version += 1
    request.updated_at = rt.clock.now()
    await uow.service_requests.update(request, expected)
    await audit(uow, rt, principal, request, Operation.UPDATE, before)


def _first_response(rt: ServiceRuntime, request: ServiceRequest) -> None:
    if request.first_response_at is None:
        request.first_response_at = rt.clock.now()
        request.first_response_hours = working_hours(
            rt, request.received_at, request.first_response_at
        )


async def delegate(
    uow: ServiceUnitOfWork,
    rt: ServiceRuntime,
    principal: Principal,
    policy: ServicePolicy,
    request_id: UUID,
    *,
    to_user_id: UUID | None = None,
    to_queue_id: UUID | None = None,
    note: str | None = None,
) -> Delegation:
    """Give the request to a user (who becomes its owner) or put it in a queue (its owner
    stays until a member picks it)."""
    request = await get_request(uow, principal, request_id)
    if (to_user_id is None) == (to_queue_id is None):
        raise ValidationFailed.field("to_user_id", "Delegate to a user or to a queue (one).")
    if request.state is State.CLOSED:
        raise Conflict("A closed request cannot be delegated; reopen it first.")
    before = snapshot(request, BOOKKEEPING)
    now = rt.clock.now()
    members: frozenset[UUID] = frozenset()
    queue_name: str | None = None
    user_name: str | None = None
    if to_user_id is not None:
        principal.require_on(
            SERVICE_REQUEST, Action.ASSIGN, request.owner_id, request.business_unit_id
        )
        if to_user_id == principal.user_id:
            raise ValidationFailed.field("to_user_id", "You cannot delegate a request to yourself.")
        colleague = await uow.service_colleagues.colleague(to_user_id)
        if colleague is None or not colleague.is_active:
            raise ValidationFailed.field("to_user_id", "No such active user.")
        user_name = colleague.name
        try:
            owner, unit = await owner_and_unit(uow, principal, to_user_id, None)
        except ValidationFailed as exc:
            raise ValidationFailed.field("to_user_id", exc.errors[0].msg) from exc
        request.owner_id, request.business_unit_id = owner, unit
        request.queue_id = None
    else:
        principal.require_on(
            SERVICE_REQUEST, Action.UPDATE, request.owner_id, request.business_unit_id
        )
        assert to_queue_id is not None  # noqa: S101 - exactly one target, checked above
        queue = await uow.queues.get(to_queue_id)
        if queue is None or not queue.is_active:
            raise ValidationFailed.field("to_queue_id", "No such active queue.")
        members = queue.member_ids
        queue_name = queue.name
        request.queue_id = queue.id
    text = (note or "").strip() or None
    delegation = Delegation(
        id=rt.ids.new_id(),
        request_id=request.id,
        delegated_by_id=principal.user_id,
        delegated_at=now,
        remind_at=rt.calendar.add_working_hours(now, policy.delegation_reminder_working_hours),
        to_user_id=to_user_id,
        to_queue_id=to_queue_id,
        note=text,
    )
    previous = await uow.service_delegations.active_for(request.id)
    if previous is not None:
        previous.status = DelegationStatus.SUPERSEDED
        await uow.service_delegations.update(previous)
    request.delegated_by_id = principal.user_id
    request.delegated_to_user_id = to_user_id
    request.delegated_to_queue_id = to_queue_id
    request.delegated_at = now
    await uow.service_delegations.add(delegation)
    await _save(uow, rt, principal, request, before)
    await log_event(
        uow,
        rt,
        request,
        EventKind.DELEGATED,
        principal.user_id,
        note=text,
        data={
            "delegation_id": str(delegation.id),
            "to_user_id": str(to_user_id) if to_user_id else None,
            "to_queue_id": str(to_queue_id) if to_queue_id else None,
            # Names as they were: the log reads right even for a reader who cannot look
            # the user or queue up, and after a rename.
            "to_user_name": user_name,
            "to_queue_name": queue_name,
            "by_name": principal.name,
            "superseded_id": str(previous.id) if previous else None,
        },
    )
    await send(
        uow,
        rt,
        _recipients(delegation, members, principal.user_id),
        NotificationKind.DELEGATED,
        request,
        by=principal.name,
        note=text,
        queue=queue_name,
    )
    await uow.commit()
    return delegation


async def get_delegation(
    uow: ServiceUnitOfWork, principal: Principal, request_id: UUID, delegation_id: UUID
) -> tuple[ServiceRequest, Delegation]:
    request = await get_request(uow, principal, request_id)
    delegation = await uow.service_delegations.get(delegation_id)
    if delegation is None or delegation.request_id != request.id:
        raise NotFound(DELEGATION, delegation_id)
    return request, delegation


def _is_delegatee(principal: Principal, delegation: Delegation) -> bool:
    return delegation.to_user_id == principal.user_id or (
        delegation.to_queue_id is not None and delegation.to_queue_id in principal.queue_ids
    )


async def acknowledge(
    uow: ServiceUnitOfWork,
    rt: ServiceRuntime,
    principal: Principal,
    request_id: UUID,
    delegation_id: UUID,
) -> Delegation:
    """The delegatee (or a member of the target queue) says: seen, on it. Counts as the
    first response. Acknowledging twice changes nothing."""
    request, delegation = await get_delegation(uow, principal, request_id, delegation_id)
    if not _is_delegatee(principal, delegation):
        raise Forbidden("Only the user or queue members it was delegated to can acknowledge it.")
    if delegation.status is DelegationStatus.ACKNOWLEDGED:
        return delegation
    if delegation.status is DelegationStatus.SUPERSEDED:
        raise Conflict("This delegation has been superseded by a newer one.")
    _mark_acknowledged(rt, principal, delegation)
    await uow.service_delegations.update(delegation)
    if request.first_response_at is None:
        before = snapshot(request, BOOKKEEPING)
        _first_response(rt, request)
        await _save(uow, rt, principal, request, before)
    await log_event(
        uow,
        rt,
        request,
        EventKind.ACKNOWLEDGED,
        principal.user_id,
        data={"delegation_id": str(delegation.id)},
    )
    await uow.commit()
    return delegation


def _mark_acknowledged(rt: Runtime, principal: Principal, delegation: Delegation) -> None:
    delegation.status = DelegationStatus.ACKNOWLEDGED
    delegation.acknowledged_at = rt.clock.now()
    delegation.acknowledged_by_id = principal.user_id


async def pick(
    uow: ServiceUnitOfWork, rt: ServiceRuntime, principal: Principal, request_id: UUID
) -> ServiceRequest:
    """A queue member takes a request from the queue: they own it from now on (in their own
    unit), it leaves the queue, and the one who delegated it hears who took it."""
    request = await get_request(uow, principal, request_id)
    if request.queue_id is None:
        raise Conflict("The request is not waiting in a queue.")
    if request.queue_id not in principal.queue_ids:
        raise Forbidden("Only members of the queue can pick requests from it.")
    if request.state is State.CLOSED:
        raise Conflict("A closed request cannot be picked; reopen it first.")
    # The picker will own it: their update privilege must reach a record they own.
    principal.require_on(
        SERVICE_REQUEST, Action.UPDATE, principal.user_id, principal.business_unit_id
    )
    queue_id = request.queue_id
    before = snapshot(request, BOOKKEEPING)
    request.owner_id = principal.user_id
    request.business_unit_id = principal.business_unit_id
    request.queue_id = None
    _first_response(rt, request)
    delegation = await uow.service_delegations.active_for(request.id)
    if delegation is not None and delegation.to_queue_id == queue_id:
        _mark_acknowledged(rt, principal, delegation)
        await uow.service_delegations.update(delegation)
    else:
        delegation = None
    await _save(uow, rt, principal, request, before)
    queue_name = await _queue_name(uow, queue_id)
    await log_event(
        uow,
        rt,
        request,
        EventKind.PICKED,
        principal.user_id,
        data={
            "queue_id": str(queue_id),
            "queue_name": queue_name,
            "by_name": principal.name,
            "delegation_id": str(delegation.id) if delegation else None,
        },
    )
    delegator = delegation.delegated_by_id if delegation else request.delegated_by_id
    if delegator is not None and delegator != principal.user_id:
        await send(
            uow,
            rt,
            {delegator},
            NotificationKind.REQUEST_PICKED,
            request,
            by=principal.name,
            note=delegation.note if delegation else None,
            queue=queue_name,
        )
    await uow.commit()
    return request


async def send_due_reminders(uow: ServiceUnitOfWork, rt: Runtime, now: datetime) -> int:
    """Remind the delegatees of every active delegation whose reminder time has come and
    which nobody has acknowledged, and tell the delegator it is still unacknowledged. Each
    delegation is reminded once (reminded_at), so running this twice, or late, is harmless.
    Returns the number of delegations reminded."""
    sent = 0
    for delegation in await uow.service_delegations.due_reminders(now, REMINDER_BATCH):
        request = await uow.service_requests.get(delegation.request_id)
        if request is None or request.state is State.CLOSED:
            continue
        if not await uow.service_delegations.mark_reminded(delegation.id, now):
            continue  # another worker reminded it first
        queue = await uow.queues.get(delegation.to_queue_id) if delegation.to_queue_id else None
        members = queue.member_ids if queue is not None else frozenset()
        queue_name = queue.name if queue is not None else None
        delegator = await _name(uow, delegation.delegated_by_id)
        await send(
            uow,
            rt,
            _recipients(delegation, members, delegation.delegated_by_id),
            NotificationKind.DELEGATION_REMINDER,
            request,
            by=delegator,
            note=delegation.note,
            queue=queue_name,
        )
        await send(
            uow,
            rt,
            {delegation.delegated_by_id},
            NotificationKind.DELEGATION_UNACKNOWLEDGED,
            request,
            by=delegator,
            note=delegation.note,
            queue=queue_name,
            to=await _name(uow, delegation.to_user_id) if delegation.to_user_id else queue_name,
        )
        await log_event(
            uow,
            rt,
            request,
            EventKind.REMINDED,
            None,
            data={"delegation_id": str(delegation.id)},
        )
        sent += 1
    await uow.commit()
    return sent


async def _name(uow: ServiceUnitOfWork, user_id: UUID) -> str:
    colleague = await uow.service_colleagues.colleague(user_id)
    return colleague.name if colleague is not None else ""
