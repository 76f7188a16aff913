"""Activities: tasks, phone calls, meetings, logged emails and notes regarding a record.

An activity has an owner (who does it) and, when someone else gave it to that owner, the user
who delegated it. Its status moves open → done | cancelled and back to open (reopening is
allowed and shows in the history like every other change)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.shared import InvalidTransition, ValidationFailed

ACTIVITY = "activity"
MAX_DURATION_MINUTES = 7 * 24 * 60  # a week


class ActivityType(StrEnum):
    TASK = "task"
    PHONE_CALL = "phone_call"
    MEETING = "meeting"
    EMAIL = "email"  # a logged email (Kumppani does not send it)
    NOTE = "note"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class ActivityStatus(StrEnum):
    """Hoitamatta (open), Kesken (in progress), OK (done), or cancelled."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


class RegardingType(StrEnum):
    """The kinds of record an activity may be about: the one list to extend when leads and
    sales projects arrive (and the persistence lookup learns them)."""

    ACCOUNT = "account"
    CONTACT = "contact"
    SERVICE_REQUEST = "service_request"
    SALES_PROJECT = "sales_project"
    # offers and orders
    OFFER = "offer"
    ORDER = "order"
    LEAD = "lead"


# Which status may follow which; reopening a done or cancelled activity is allowed.
TRANSITIONS: dict[ActivityStatus, frozenset[ActivityStatus]] = {
    ActivityStatus.OPEN: frozenset(
        {ActivityStatus.IN_PROGRESS, ActivityStatus.DONE, ActivityStatus.CANCELLED}
    ),
    ActivityStatus.IN_PROGRESS: frozenset(
        {ActivityStatus.OPEN, ActivityStatus.DONE, ActivityStatus.CANCELLED}
    ),
    ActivityStatus.DONE: frozenset({ActivityStatus.OPEN}),
    ActivityStatus.CANCELLED: frozenset({ActivityStatus.OPEN}),
}
# Statuses of work still to do (the open-work lists and reminders count these).
UNFINISHED = frozenset({ActivityStatus.OPEN, ActivityStatus.IN_PROGRESS})
# Only calls and emails go in or out.
DIRECTED_TYPES = frozenset({ActivityType.PHONE_CALL, ActivityType.EMAIL})
# Planned things happen when they are due; the rest when they are logged.
SCHEDULED_TYPES = frozenset({ActivityType.TASK, ActivityType.MEETING})
# What is logged has already happened: a logged email or a note is done when created.
LOGGED_TYPES = frozenset({ActivityType.EMAIL, ActivityType.NOTE})


def allowed_statuses(current: ActivityStatus) -> list[str]:
    return sorted(s.value for s in TRANSITIONS[current])


@dataclass(frozen=True)
class ActivityTypeInfo:
    """An admin-managed activity type (toimenpidetyyppi) as activities need it: its kind
    decides how an activity of the type behaves; keywords refine it."""

    id: UUID
    key: str
    kind: ActivityType
    is_visit: bool = False
    keywords: tuple[str, ...] = ()
    is_active: bool = True


@dataclass
class Activity:
    id: UUID
    type: ActivityType
    # The admin-managed type (customer feedback, visit, steering group…); fixed, like `type`,
    # which is its kind.
    activity_type_id: UUID
    subject: str
    priority: Priority
    status: ActivityStatus
    occurred_at: datetime
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    regarding_type: RegardingType | None = None
    regarding_id: UUID | None = None
    account_id: UUID | None = None
    due_at: datetime | None = None
    duration_minutes: int | None = None
    completed_at: datetime | None = None
    direction: Direction | None = None
    delegated_by_id: UUID | None = None
    created_by: UUID | None = None
    # Keys of the activity type's keywords that apply (feedback: positive / negative).
    keywords: tuple[str, ...] = ()
    # A visit's goal (before) and the actions agreed in it (after).
    goal: str | None = None
    agreed_actions: str | None = None
    # Colleagues taking part besides the owner; each sees the activity in their own work.
    participant_ids: frozenset[UUID] = frozenset()
    version: int = 1

    def status_change(self, new: ActivityStatus, now: datetime) -> dict[str, object]:
        """The fields a move to `new` sets (nothing when it is the current status); refuses a
        move the transition table does not allow, naming the allowed ones."""
        if new == self.status:
            return {}
        if new not in TRANSITIONS[self.status]:
            raise InvalidTransition(
                f"An activity that is {self.status.value} cannot become {new.value}.",
                allowed=allowed_statuses(self.status),
            )
        return {"status": new, "completed_at": now if new is ActivityStatus.DONE else None}


# ------------------------------------------------------------------ value rules


def clean_subject(value: str) -> str:
    subject = " ".join(value.split())
    if not subject:
        raise ValidationFailed.field("subject", "The subject cannot be empty.")
    return subject


def check_duration(minutes: int | None) -> None:
    if minutes is not None and not 0 <= minutes <= MAX_DURATION_MINUTES:
        raise ValidationFailed.field(
            "duration_minutes", f"The duration is 0 to {MAX_DURATION_MINUTES} minutes (a week)."
        )


def check_direction(type_: ActivityType, direction: Direction | None) -> None:
    if direction is not None and type_ not in DIRECTED_TYPES:
        raise ValidationFailed.field(
            "direction", "Only phone calls and emails have a direction (incoming or outgoing)."
        )


def check_keywords(activity_type: ActivityTypeInfo, keywords: tuple[str, ...]) -> tuple[str, ...]:
    """The keywords in the type's order, once each; refuses a key the type does not have."""
    chosen = set(keywords)
    unknown = sorted(chosen - set(activity_type.keywords))
    if unknown:
        known = ", ".join(activity_type.keywords) or "none"
        raise ValidationFailed.field(
            "keywords",
            f"The type {activity_type.key} has no keyword {unknown[0]!r} (its keywords: {known}).",
            "unknown_keyword",
        )
    return tuple(k for k in activity_type.keywords if k in chosen)


VISIT_FIELDS = ("goal", "agreed_actions")


def check_visit_fields(activity_type: ActivityTypeInfo, values: dict[str, object]) -> None:
    """A goal and agreed actions belong to visits only."""
    if activity_type.is_visit:
        return
    for name in VISIT_FIELDS:
        if values.get(name) not in (None, ""):
            raise ValidationFailed.field(
                name, "Only a visit has a goal and agreed actions.", "not_a_visit"
            )


def check_regarding(regarding_type: RegardingType | None, regarding_id: UUID | None) -> None:
    if (regarding_type is None) != (regarding_id is None):
        name = "regarding_id" if regarding_id is None else "regarding_type"
        raise ValidationFailed.field(name, "Give both regarding_type and regarding_id, or neither.")
