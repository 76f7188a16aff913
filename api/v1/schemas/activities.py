"""Activity, timeline and 'my work' request/response models."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from pydantic import AwareDatetime, Field, StringConstraints

from api.v1.schemas.common import In, Out, Patch, Stamped
from domain.activities import (
    ActivityStatus,
    ActivityType,
    Direction,
    Priority,
    RegardingType,
)
from domain.activities.model import MAX_DURATION_MINUTES

Subject = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(max_length=10_000)]
Duration = Annotated[int, Field(ge=0, le=MAX_DURATION_MINUTES, description="Minutes, 0 to a week.")]
VisitText = Annotated[str, StringConstraints(max_length=10_000)]
KeywordKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,49}$")]
Keywords = Annotated[
    list[KeywordKey],
    Field(
        max_length=50,
        description="Keys of the activity type's keywords (GET /activity-types); others are "
        "refused.",
    ),
]
Participants = Annotated[
    list[UUID],
    Field(
        max_length=100,
        description="Colleagues taking part besides the owner: each sees the activity in their "
        "own work and calendar, and may read it.",
    ),
]


class ActivityFields(In):
    description: Description | None = None
    regarding_type: RegardingType | None = Field(
        None, description="What the activity is about; give regarding_id with it."
    )
    regarding_id: UUID | None = None
    owner_id: UUID | None = Field(
        None,
        description="Defaults to you; another owner needs the assign privilege, and giving "
        "the activity to someone else delegates it (they are notified).",
    )
    due_at: AwareDatetime | None = None
    duration_minutes: Duration | None = None
    direction: Direction | None = Field(None, description="Phone calls and emails only.")
    occurred_at: AwareDatetime | None = Field(
        None,
        description="When it happened or is planned (the timeline's time). Defaults to the "
        "due time of a task or meeting, otherwise now.",
    )
    goal: VisitText | None = Field(None, description="Visits only: the goal, written before.")
    agreed_actions: VisitText | None = Field(
        None, description="Visits only: the actions agreed, written after."
    )


class ActivityCreate(ActivityFields):
    type: ActivityType | None = Field(
        None,
        description="The kind: task, phone_call, meeting, email or note. Give it, or the "
        "activity_type_id (whose kind it then is), or both when they agree.",
    )
    activity_type_id: UUID | None = Field(
        None,
        description="The admin-managed type (GET /activity-types); fixed after creation. "
        "Defaults to the kind's default type.",
    )
    subject: Subject
    priority: Priority = Priority.NORMAL
    status: ActivityStatus | None = Field(
        None,
        description="Defaults to open for tasks, calls and meetings and to done for logged "
        "emails and notes.",
    )
    keywords: Keywords = Field(default_factory=list)
    participant_ids: Participants = Field(default_factory=list)


class ActivityUpdate(ActivityFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "subject",
        "priority",
        "status",
        "occurred_at",
        "owner_id",
        "keywords",
        "participant_ids",
    )
    subject: Subject | None = None
    priority: Priority | None = None
    status: ActivityStatus | None = Field(
        None,
        description="open → in_progress | done | cancelled; in_progress → open | done | "
        "cancelled; done | cancelled → open (reopen).",
    )
    owner_id: UUID | None = Field(None, description="A new owner; the activity is delegated.")
    keywords: Keywords | None = None
    participant_ids: Participants | None = Field(
        None, description="The whole list (or use PUT/DELETE …/participants/{user_id})."
    )
    type: ActivityType | None = Field(
        None, description="Fixed after creation: only the current value is accepted."
    )
    activity_type_id: UUID | None = Field(
        None, description="Fixed after creation: only the current value is accepted."
    )


class RegardingOut(Out):
    type: str
    id: UUID
    label: str | None = Field(None, description="Absent when you may not read the record.")


class ParticipantOut(Out):
    id: UUID
    name: str | None


class ActivityOut(Stamped):
    type: ActivityType
    activity_type_id: UUID
    subject: str
    description: str | None
    regarding: RegardingOut | None
    account_id: UUID | None
    due_at: datetime | None
    duration_minutes: int | None
    priority: Priority
    status: ActivityStatus
    completed_at: datetime | None
    direction: Direction | None
    occurred_at: datetime
    owner_id: UUID
    owner_name: str | None
    business_unit_id: UUID
    delegated_by_id: UUID | None
    delegated_by_name: str | None
    created_by: UUID | None
    keywords: list[str]
    goal: str | None
    agreed_actions: str | None
    participant_ids: list[UUID]
    participants: list[ParticipantOut]


TimelineKind = Literal["activity", "request_event", "service_request"]


class TimelineItemOut(Out):
    kind: TimelineKind = Field(
        description="activity; service_request (a request was created); request_event (a "
        "request's status change, delegation, pick, reopening, …)"
    )
    at: datetime
    id: UUID = Field(description="The activity's or the request event's id.")
    type: str = Field(description="The activity type, or the request event's kind.")
    title: str
    summary: str | None
    by_id: UUID | None = Field(description="The activity's owner, or who caused the event.")
    by_name: str | None
    regarding: RegardingOut | None
    data: dict[str, Any]


class WorkSummaryOut(Out):
    overdue: int
    today: int
    this_week: int
    delegated_by_me: int
    open_requests: int = Field(description="Open service requests you own.")
    delegated_requests_by_me_open: int = Field(description="Open requests you delegated.")


class KeywordOut(Out):
    key: str
    name: str
    name_en: str | None = None
    name_sv: str | None = None


class ActivityTypeOut(Stamped):
    key: str
    name: str
    name_en: str | None
    name_sv: str | None
    kind: ActivityType = Field(description="How an activity of this type behaves.")
    is_default: bool = Field(description="The type an activity of its kind gets by default.")
    is_visit: bool = Field(description="A visit records its goal and the actions agreed.")
    keywords: list[KeywordOut]
    sort_order: int
    is_active: bool


KeyStr = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9_]{0,49}$")]
TypeName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class KeywordIn(In):
    key: KeyStr
    name: TypeName = Field(description="Finnish name.")
    name_en: TypeName | None = None
    name_sv: TypeName | None = None


class ActivityTypeFields(In):
    name_en: TypeName | None = None
    name_sv: TypeName | None = None
    is_visit: bool = False
    keywords: list[KeywordIn] = Field([], max_length=50)
    sort_order: int = Field(0, ge=-1_000_000, le=1_000_000)
    is_active: bool = True


class ActivityTypeCreate(ActivityTypeFields):
    key: KeyStr = Field(description="Stable: lowercase letters, digits and _; fixed.")
    name: TypeName = Field(description="Finnish name.")
    kind: ActivityType = Field(description="How its activities behave; fixed.")


class ActivityTypeUpdate(ActivityTypeFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "name",
        "is_visit",
        "keywords",
        "sort_order",
        "is_active",
        "key",
        "kind",
    )
    key: KeyStr | None = Field(None, description="Fixed: only the current value is accepted.")
    kind: ActivityType | None = Field(
        None, description="Fixed: only the current value is accepted."
    )
    name: TypeName | None = None
    is_visit: bool | None = None  # type: ignore[assignment]
    keywords: list[KeywordIn] | None = Field(None, max_length=50)  # type: ignore[assignment]
    sort_order: int | None = Field(None, ge=-1_000_000, le=1_000_000)  # type: ignore[assignment]
    is_active: bool | None = None  # type: ignore[assignment]


class CalendarEntryOut(Out):
    """One block in a user's calendar. `busy` blocks are activities the caller may not read:
    only their time shows (no subject, type, record or account)."""

    start: datetime
    end: datetime
    busy: bool = Field(description="True: you may not read it; only the time is shown.")
    activity: ActivityOut | None = Field(None, description="Absent for busy blocks.")


class CalendarOut(Out):
    user_id: UUID
    user_name: str | None
    start: datetime = Field(description="The window's start (`from`).")
    end: datetime = Field(description="The window's end (`to`), exclusive.")
    entries: list[CalendarEntryOut]
    truncated: bool = Field(description="More than 500 entries: narrow the window.")
