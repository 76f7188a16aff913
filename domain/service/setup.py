"""Customer service set-up that administrators maintain: the subject tree and the queues."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.service.common import QUEUE, SUBJECT
from domain.service.model import Queue, Subject
from domain.service.ports import ServiceUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    NotFound,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    apply_update,
    check_version,
    record_write,
    snapshot,
)
from domain.shared.hierarchy import check_no_cycle


async def _audited(
    uow: ServiceUnitOfWork,
    rt: Runtime,
    principal: Principal,
    entity: str,
    record: Subject | Queue,
    operation: Operation,
    before: Mapping[str, Any] | None,
    business_unit_id: UUID | None,
) -> None:
    await record_write(
        uow.audit,
        entity=entity,
        record=record,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=None,
        business_unit_id=business_unit_id,
    )


def _clean_name(values: dict[str, Any], name: str = "name", *, optional: bool = False) -> None:
    if name in values and values[name] is not None:
        values[name] = " ".join(str(values[name]).split())
        if not values[name]:
            if not optional:
                raise ValidationFailed.field(name, "The name cannot be empty.")
            values[name] = None


# ------------------------------------------------------------------ subjects


def subject_visible(principal: Principal) -> bool:
    """Subjects are organisation-wide set-up: an organisation-depth read reaches them (as
    persistence.scoping.readable with neither an owner nor a unit column)."""
    return principal.allows(SUBJECT, Action.READ, None, None)


async def get_subject(uow: ServiceUnitOfWork, principal: Principal, subject_id: UUID) -> Subject:
    subject = await uow.subjects.get(subject_id)
    if subject is None or not subject_visible(principal):
        raise NotFound(SUBJECT, subject_id)
    return subject


async def _check_parent(uow: ServiceUnitOfWork, subject_id: UUID, parent_id: UUID | None) -> None:
    if parent_id is None:
        return
    if await uow.subjects.get(parent_id) is None:
        raise ValidationFailed.field("parent_id", "No such subject.")
    check_no_cycle(subject_id, parent_id, await uow.subjects.parents(parent_id), "parent_id")


@dataclass(frozen=True)
class SubjectInput:
    name: str
    name_en: str | None = None
    parent_id: UUID | None = None
    sort_order: int = 0
    is_active: bool = True


async def create_subject(
    uow: ServiceUnitOfWork, rt: Runtime, principal: Principal, data: SubjectInput
) -> Subject:
    principal.require_on(SUBJECT, Action.CREATE, None, None)
    values = dict(vars(data))
    _clean_name(values)
    _clean_name(values, "name_en", optional=True)
    now = rt.clock.now()
    subject = Subject(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await _check_parent(uow, subject.id, subject.parent_id)
    await uow.subjects.add(subject)
    await _audited(uow, rt, principal, SUBJECT, subject, Operation.CREATE, None, None)
    await uow.commit()
    return subject


async def update_subject(
    uow: ServiceUnitOfWork,
    rt: Runtime,
    principal: Principal,
    subject_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Subject:
    subject = await get_subject(uow, principal, subject_id)
    principal.require_on(SUBJECT, Action.UPDATE, None, None)
    check_version(SUBJECT, subject, expected_version)
    values = dict(changes)
    _clean_name(values)
    _clean_name(values, "name_en", optional=True)
    if "parent_id" in values:
        await _check_parent(uow, subject.id, values["parent_id"])
    before = snapshot(subject, BOOKKEEPING)
    if not apply_update(subject, values, rt.clock.now()):
        return subject
    await uow.subjects.update(subject, expected_version)
    await _audited(uow, rt, principal, SUBJECT, subject, Operation.UPDATE, before, None)
    await uow.commit()
    return subject


# ------------------------------------------------------------------ queues


def queue_visible(principal: Principal, queue: Queue) -> bool:
    """Within the caller's queue read scope (by the queue's unit), or the caller is a member."""
    return (
        principal.allows(QUEUE, Action.READ, None, queue.business_unit_id)
        or queue.id in principal.queue_ids
    )


async def get_queue(uow: ServiceUnitOfWork, principal: Principal, queue_id: UUID) -> Queue:
    queue = await uow.queues.get(queue_id)
    if queue is None or not queue_visible(principal, queue):
        raise NotFound(QUEUE, queue_id)
    return queue


async def _check_queue_name(uow: ServiceUnitOfWork, name: str, queue_id: UUID) -> None:
    existing = await uow.queues.by_name(name)
    if existing is not None and existing.id != queue_id:
        raise Conflict(f"A queue named {name!r} already exists.", existing_id=existing.id)


async def _check_unit(uow: ServiceUnitOfWork, unit_id: UUID) -> None:
    if not await uow.service_colleagues.business_unit_exists(unit_id):
        raise ValidationFailed.field("business_unit_id", "No such business unit.")


@dataclass(frozen=True)
class QueueInput:
    name: str
    business_unit_id: UUID
    description: str | None = None
    email: str | None = None
    is_active: bool = True


async def create_queue(
    uow: ServiceUnitOfWork, rt: Runtime, principal: Principal, data: QueueInput
) -> Queue:
    principal.require_on(QUEUE, Action.CREATE, None, data.business_unit_id)
    values = dict(vars(data))
    _clean_name(values)
    await _check_unit(uow, data.business_unit_id)
    now = rt.clock.now()
    queue = Queue(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await _check_queue_name(uow, queue.name, queue.id)
    await uow.queues.add(queue)
    await _audited(uow, rt, principal, QUEUE, queue, Operation.CREATE, None, queue.business_unit_id)
    await uow.commit()
    return queue


async def _save_queue(
    uow: ServiceUnitOfWork,
    rt: Runtime,
    principal: Principal,
    queue: Queue,
    values: Mapping[str, Any],
    expected_version: int,
) -> Queue:
    before = snapshot(queue, BOOKKEEPING)
    if not apply_update(queue, values, rt.clock.now()):
        return queue
    await uow.queues.update(queue, expected_version)
    await _audited(
        uow, rt, principal, QUEUE, queue, Operation.UPDATE, before, queue.business_unit_id
    )
    await uow.commit()
    return queue


async def update_queue(
    uow: ServiceUnitOfWork,
    rt: Runtime,
    principal: Principal,
    queue_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Queue:
    queue = await get_queue(uow, principal, queue_id)
    principal.require_on(QUEUE, Action.UPDATE, None, queue.business_unit_id)
    check_version(QUEUE, queue, expected_version)
    values = dict(changes)
    values.pop("member_ids", None)  # members change through set_queue_members
    _clean_name(values)
    if "name" in values:
        await _check_queue_name(uow, values["name"], queue.id)
    if "business_unit_id" in values:
        await _check_unit(uow, values["business_unit_id"])
        principal.require_on(QUEUE, Action.UPDATE, None, values["business_unit_id"])
    return await _save_queue(uow, rt, principal, queue, values, expected_version)


async def set_queue_members(
    uow: ServiceUnitOfWork,
    rt: Runtime,
    principal: Principal,
    queue_id: UUID,
    user_ids: Iterable[UUID],
    expected_version: int | None = None,
) -> Queue:
    """Replace the queue's member set (only active users may be members)."""
    queue = await get_queue(uow, principal, queue_id)
    principal.require_on(QUEUE, Action.UPDATE, None, queue.business_unit_id)
    if expected_version is not None:
        check_version(QUEUE, queue, expected_version)
    members = frozenset(user_ids)
    active = await uow.service_colleagues.active_users(members)
    missing = sorted(members - active)
    if missing:
        raise ValidationFailed.field(
            "user_ids", f"No such active user: {', '.join(str(m) for m in missing)}."
        )
    return await _save_queue(uow, rt, principal, queue, {"member_ids": members}, queue.version)
