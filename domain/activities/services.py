"""Activity use cases: create (and delegate), read within scope, update with optimistic
concurrency, status transitions and reassignment.

Giving an activity to another owner is delegation: the system records who gave it
(`delegated_by_id`) and notifies the new owner in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.activities.model import (
    ACTIVITY,
    LOGGED_TYPES,
    SCHEDULED_TYPES,
    Activity,
    ActivityStatus,
    ActivityType,
    ActivityTypeInfo,
    Direction,
    Priority,
    RegardingType,
    check_direction,
    check_duration,
    check_keywords,
    check_regarding,
    check_visit_fields,
    clean_subject,
)
from domain.activities.ports import ActivitiesUnitOfWork, Regarded
from domain.notifications import Notice, NotificationKind, notify
from domain.shared import (
    BOOKKEEPING,
    Action,
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
from domain.shared.passivity import refuse_if_passive


def visible(principal: Principal, activity: Activity | None) -> bool:
    """Within the caller's read scope, about an account whose team the caller is on, or one
    the caller takes part in (participation grants read, never write)."""
    return activity is not None and (
        principal.reads(
            ACTIVITY,
            activity.owner_id,
            activity.business_unit_id,
            account_ids=[activity.account_id],
        )
        or principal.user_id in activity.participant_ids
    )


async def get_activity(
    uow: ActivitiesUnitOfWork, principal: Principal, activity_id: UUID
) -> Activity:
    activity = await uow.activities.get(activity_id)
    if activity is None or not visible(principal, activity):
        raise NotFound(ACTIVITY, activity_id)
    return activity


async def _owner(
    uow: ActivitiesUnitOfWork, principal: Principal, owner_id: UUID | None
) -> tuple[UUID, UUID]:
    """The owner defaults to the caller and the unit is always the owner's; giving an
    activity to someone else needs the assign privilege reaching that user."""
    owner = owner_id or principal.user_id
    unit = await uow.directory.business_unit_of(owner)
    if unit is None:
        raise ValidationFailed.field("owner_id", "No such active user.")
    if owner != principal.user_id:
        principal.require_on(ACTIVITY, Action.ASSIGN, owner, unit)
    return owner, unit


async def _regarded(
    uow: ActivitiesUnitOfWork,
    principal: Principal,
    regarding_type: RegardingType | None,
    regarding_id: UUID | None,
) -> Regarded | None:
    check_regarding(regarding_type, regarding_id)
    if regarding_type is None or regarding_id is None:
        return None
    found = await uow.activity_regarding.find(principal, regarding_type, regarding_id)
    if found is None:
        raise ValidationFailed.field(
            "regarding_id", f"No such {regarding_type.value.replace('_', ' ')}.", "not_found"
        )
    refuse_if_passive(
        found.account_name or found.label,
        found.passive_since,
        found.passive_reason,
        "activities",
        field="regarding_id",
    )
    return found


async def _participants(
    uow: ActivitiesUnitOfWork, owner_id: UUID, user_ids: frozenset[UUID]
) -> frozenset[UUID]:
    """Active users other than the owner (who takes part anyway)."""
    for user_id in sorted(user_ids):
        if user_id == owner_id:
            raise ValidationFailed.field(
                "participant_ids", "The owner takes part anyway: give colleagues only.", "owner"
            )
        if await uow.directory.business_unit_of(user_id) is None:
            raise ValidationFailed.field("participant_ids", f"No such active user: {user_id}.")
    return user_ids


async def _audit(
    uow: ActivitiesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    activity: Activity,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=ACTIVITY,
        record=activity,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=activity.owner_id,
        business_unit_id=activity.business_unit_id,
    )


async def _notify_delegated(
    uow: ActivitiesUnitOfWork, rt: Runtime, principal: Principal, activity: Activity
) -> None:
    await notify(
        uow,
        rt,
        Notice(
            user_id=activity.owner_id,
            kind=NotificationKind.DELEGATED,
            params={"title": activity.subject, "by": principal.name},
            record_type=ACTIVITY,
            record_id=activity.id,
        ),
    )


async def activity_type_of(
    uow: ActivitiesUnitOfWork, kind: ActivityType | None, type_id: UUID | None
) -> ActivityTypeInfo:
    """The admin-managed type a new activity gets: the one chosen (whose kind must agree with
    a kind also given), or the default type of the kind."""
    if type_id is not None:
        chosen = await uow.activity_types.get(type_id)
        if chosen is None or not chosen.is_active:
            raise ValidationFailed.field("activity_type_id", "No such active activity type.")
        if kind is not None and kind is not chosen.kind:
            raise ValidationFailed.field(
                "type",
                f"An activity of this type is a {chosen.kind.value}: leave type out or give "
                f"{chosen.kind.value}.",
            )
        return chosen
    if kind is None:
        raise ValidationFailed.field(
            "activity_type_id",
            "Give the activity's type (activity_type_id) or its kind (type).",
            "missing",
        )
    return await uow.activity_types.default_for(kind)


@dataclass(frozen=True)
class ActivityInput:
    subject: str
    # The kind (task, phone call…) and/or the admin-managed type; at least one is needed,
    # and a type's kind wins (see `activity_type_of`).
    type: ActivityType | None = None
    activity_type_id: UUID | None = None
    description: str | None = None
    regarding_type: RegardingType | None = None
    regarding_id: UUID | None = None
    owner_id: UUID | None = None
    due_at: datetime | None = None
    duration_minutes: int | None = None
    priority: Priority = Priority.NORMAL
    # None: open for what is planned (task, call, meeting), done for what is logged
    # (email, note).
    status: ActivityStatus | None = None
    direction: Direction | None = None
    # None: the due time of a task or meeting, otherwise now.
    occurred_at: datetime | None = None
    # False when the caller tells the new owner itself (a lead's task: the lead's own notice).
    notify_owner: bool = True
    # Keys of the type's keywords (feedback: positive / negative).
    keywords: tuple[str, ...] = ()
    # Visits only: the goal (before) and the actions agreed (after).
    goal: str | None = None
    agreed_actions: str | None = None
    # Colleagues taking part besides the owner.
    participant_ids: frozenset[UUID] = frozenset()


async def create_activity(
    uow: ActivitiesUnitOfWork, rt: Runtime, principal: Principal, data: ActivityInput
) -> Activity:
    principal.require(ACTIVITY, Action.CREATE)
    subject = clean_subject(data.subject)
    check_duration(data.duration_minutes)
    activity_type = await activity_type_of(uow, data.type, data.activity_type_id)
    kind = activity_type.kind
    check_direction(kind, data.direction)
    keywords = check_keywords(activity_type, tuple(data.keywords))
    check_visit_fields(activity_type, {"goal": data.goal, "agreed_actions": data.agreed_actions})
    owner, unit = await _owner(uow, principal, data.owner_id)
    principal.require_on(ACTIVITY, Action.CREATE, owner, unit)
    participant_ids = await _participants(uow, owner, frozenset(data.participant_ids))
    regarded = await _regarded(uow, principal, data.regarding_type, data.regarding_id)
    now = rt.clock.now()
    status = data.status or (ActivityStatus.DONE if kind in LOGGED_TYPES else ActivityStatus.OPEN)
    occurred_at = data.occurred_at or (
        data.due_at if kind in SCHEDULED_TYPES and data.due_at is not None else now
    )
    delegated = owner != principal.user_id
    activity = Activity(
        id=rt.ids.new_id(),
        type=kind,
        activity_type_id=activity_type.id,
        subject=subject,
        description=data.description,
        regarding_type=data.regarding_type,
        regarding_id=data.regarding_id,
        account_id=regarded.account_id if regarded else None,
        due_at=data.due_at,
        duration_minutes=data.duration_minutes,
        priority=data.priority,
        status=status,
        completed_at=now if status is ActivityStatus.DONE else None,
        direction=data.direction,
        occurred_at=occurred_at,
        delegated_by_id=principal.user_id if delegated else None,
        owner_id=owner,
        business_unit_id=unit,
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
        keywords=keywords,
        goal=data.goal or None,
        agreed_actions=data.agreed_actions or None,
        participant_ids=participant_ids,
    )
    await uow.activities.add(activity)
    await _audit(uow, rt, principal, activity, Operation.CREATE, None)
    if delegated and data.notify_owner:
        await _notify_delegated(uow, rt, principal, activity)
    await uow.commit()
    return activity


# Fields a client may change; the type is fixed once created (a call does not become a note).
UPDATABLE = frozenset(
    {
        "subject",
        "description",
        "regarding_type",
        "regarding_id",
        "owner_id",
        "due_at",
        "duration_minutes",
        "priority",
        "status",
        "direction",
        "occurred_at",
        "keywords",
        "goal",
        "agreed_actions",
        "participant_ids",
    }
)
# Fixed once created: giving the same value is accepted (a form sends the whole record).
FIXED = frozenset({"type", "activity_type_id"})


async def update_activity(
    uow: ActivitiesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    activity_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Activity:
    activity = await get_activity(uow, principal, activity_id)
    principal.require_on(ACTIVITY, Action.UPDATE, activity.owner_id, activity.business_unit_id)
    check_version(ACTIVITY, activity, expected_version)
    values = dict(changes)
    for name in sorted(set(values) & FIXED):
        if values[name] is not None and values[name] != getattr(activity, name):
            raise ValidationFailed.field(
                name,
                "An activity's type is fixed once it is created: create a new activity "
                "of the other type instead.",
                "immutable",
            )
        values.pop(name)
    unknown = set(values) - UPDATABLE
    if unknown:
        raise ValidationFailed.field(sorted(unknown)[0], "This field cannot be changed.")
    now = rt.clock.now()
    if {"keywords", "goal", "agreed_actions"} & set(values):
        activity_type = await uow.activity_types.get(activity.activity_type_id)
        if activity_type is None:  # pragma: no cover - a foreign key keeps it
            raise NotFound("activity_type", activity.activity_type_id)
        if "keywords" in values:
            values["keywords"] = check_keywords(activity_type, tuple(values["keywords"] or ()))
        check_visit_fields(activity_type, values)
        for name in ("goal", "agreed_actions"):
            if name in values:
                values[name] = values[name] or None
    if "subject" in values:
        values["subject"] = clean_subject(values["subject"])
    if "duration_minutes" in values:
        check_duration(values["duration_minutes"])
    if "direction" in values:
        check_direction(activity.type, values["direction"])
    if "regarding_type" in values or "regarding_id" in values:
        regarded = await _regarded(
            uow,
            principal,
            values.get("regarding_type", activity.regarding_type),
            values.get("regarding_id", activity.regarding_id),
        )
        values["account_id"] = regarded.account_id if regarded else None
    if "status" in values:
        values.update(activity.status_change(ActivityStatus(values.pop("status")), now))
    if (
        values.get("due_at") is not None
        and "occurred_at" not in values
        and activity.type in SCHEDULED_TYPES
        and activity.occurred_at == activity.due_at
    ):
        values["occurred_at"] = values["due_at"]  # a planned activity moves with its due time
    delegated = False
    if "owner_id" in values and values["owner_id"] != activity.owner_id:
        principal.require_on(ACTIVITY, Action.ASSIGN, activity.owner_id, activity.business_unit_id)
        owner, unit = await _owner(uow, principal, values["owner_id"])
        delegated = owner != principal.user_id
        values["owner_id"], values["business_unit_id"] = owner, unit
        values["delegated_by_id"] = principal.user_id if delegated else None
    else:
        values.pop("owner_id", None)
    if "participant_ids" in values:
        values["participant_ids"] = await _participants(
            uow, values.get("owner_id", activity.owner_id), frozenset(values["participant_ids"])
        )
    elif "owner_id" in values and values["owner_id"] in activity.participant_ids:
        # the new owner takes part anyway
        values["participant_ids"] = activity.participant_ids - {values["owner_id"]}
    before = snapshot(activity, BOOKKEEPING)
    if not apply_update(activity, values, now):
        return activity  # nothing changed: no new version, no history noise
    await uow.activities.update(activity, expected_version)
    await _audit(uow, rt, principal, activity, Operation.UPDATE, before)
    if delegated:
        await _notify_delegated(uow, rt, principal, activity)
    await uow.commit()
    return activity


async def set_participation(
    uow: ActivitiesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    activity_id: UUID,
    user_id: UUID,
    *,
    taking_part: bool,
    expected_version: int,
) -> Activity:
    """Add a colleague to the activity's participants, or remove one: a change of the
    activity (its version moves on; the history shows who was added or removed). Needs the
    update privilege on the activity; a participant may remove themselves."""
    activity = await get_activity(uow, principal, activity_id)
    leaving = not taking_part and user_id == principal.user_id
    if not leaving:
        principal.require_on(ACTIVITY, Action.UPDATE, activity.owner_id, activity.business_unit_id)
    check_version(ACTIVITY, activity, expected_version)
    if taking_part:
        if user_id in activity.participant_ids:
            return activity
        wanted = await _participants(uow, activity.owner_id, activity.participant_ids | {user_id})
    else:
        if user_id not in activity.participant_ids:
            return activity
        wanted = activity.participant_ids - {user_id}
    before = snapshot(activity, BOOKKEEPING)
    apply_update(activity, {"participant_ids": wanted}, rt.clock.now())
    await uow.activities.update(activity, expected_version)
    await _audit(uow, rt, principal, activity, Operation.UPDATE, before)
    await uow.commit()
    return activity


__all__ = [
    "ActivityInput",
    "activity_type_of",
    "create_activity",
    "get_activity",
    "planned_activity",
    "set_participation",
    "update_activity",
    "visible",
]


def planned_activity(
    rt: Runtime,
    activity_type: ActivityTypeInfo,
    *,
    subject: str,
    description: str | None,
    owner_id: UUID,
    business_unit_id: UUID,
    account_id: UUID,
    due_at: datetime,
) -> Activity:
    """An open activity about an account that a process (a care plan) schedules for its
    owner: the same rules as `create_activity`, without a caller; the process stores it (set
    based) with its history and changes-feed rows."""
    now = rt.clock.now()
    return Activity(
        id=rt.ids.new_id(),
        type=activity_type.kind,
        activity_type_id=activity_type.id,
        subject=clean_subject(subject)[:200],
        description=description,
        regarding_type=RegardingType.ACCOUNT,
        regarding_id=account_id,
        account_id=account_id,
        due_at=due_at,
        priority=Priority.NORMAL,
        status=ActivityStatus.OPEN,
        occurred_at=due_at,
        owner_id=owner_id,
        business_unit_id=business_unit_id,
        created_at=now,
        updated_at=now,
    )
