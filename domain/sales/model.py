"""Sales projects, their stages and the stage history, with the pure rules of each.

A project moves through the stages of its type's template version (see `domain.sales.types`):
one stage at a time is current (`in_progress`); completing it (with the business date it was
done, never in the future) or skipping it makes the next not-skipped stage current. Every
stage change and every status change is one `ProjectEvent`: the append-only history the
monthly movement report counts by `happened_on`, so a month's figures never change later.

Completing the last stage does not close the project: winning (or losing, or cancelling)
is an explicit status change. Stage work needs an open project.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.shared import InvalidTransition, ValidationFailed, WorkingCalendar

# Business dates (opened, completed, closed, due) are days in the organisation's zone.
ZONE = ZoneInfo("Europe/Helsinki")
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
MAX_VALUE = Decimal("999999999999.99")
CENT = Decimal("0.01")
EXTRA_STAGE_KEY = "extra"
MAX_CONTACTS = 50
MAX_CHECKLIST_ITEMS = 30


def today(now: datetime) -> date:
    """The business date of a moment (Helsinki)."""
    return now.astimezone(ZONE).date()


class ProjectStatus(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        return self is not ProjectStatus.OPEN


CLOSED_STATUSES = (ProjectStatus.WON, ProjectStatus.LOST, ProjectStatus.CANCELLED)
# Losing or cancelling needs a reason (shown in reports); winning may have one.
REASON_REQUIRED = frozenset({ProjectStatus.LOST, ProjectStatus.CANCELLED})


class StageStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"

    @property
    def is_finished(self) -> bool:
        return self in (StageStatus.DONE, StageStatus.SKIPPED)


class EventKind(StrEnum):
    """One line of a project's stage history. The monthly movement report reads these kinds
    and their `happened_on`: keep both stable."""

    OPENED = "opened"  # happened_on = opened_on
    STAGE_STARTED = "stage_started"  # the day it became current
    STAGE_COMPLETED = "stage_completed"  # happened_on = completed_on
    STAGE_SKIPPED = "stage_skipped"  # the day it was skipped
    STAGE_INSERTED = "stage_inserted"
    STAGE_REASSIGNED = "stage_reassigned"
    STAGE_REOPENED = "stage_reopened"
    WON = "won"  # happened_on = closed_on
    LOST = "lost"  # happened_on = closed_on
    CANCELLED = "cancelled"  # happened_on = closed_on
    REOPENED = "reopened"  # the day it was reopened
    MIGRATED = "migrated"  # moved to another template version
    IMPORTED = "imported"  # brought over from the previous system


CLOSING_EVENTS = {
    ProjectStatus.WON: EventKind.WON,
    ProjectStatus.LOST: EventKind.LOST,
    ProjectStatus.CANCELLED: EventKind.CANCELLED,
}


# ------------------------------------------------------------------ entities


@dataclass(frozen=True)
class ProjectContact:
    """A contact person of the project, with their role in it (e.g. decision maker)."""

    contact_id: UUID
    role: str | None = None


@dataclass(frozen=True)
class ChecklistItem:
    item: str
    done: bool = False


@dataclass
class SalesProject:
    id: UUID
    name: str
    account_id: UUID
    project_type_id: UUID
    type_version_id: UUID
    opened_on: date
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    status: ProjectStatus = ProjectStatus.OPEN
    status_reason: str | None = None
    closed_on: date | None = None
    region: str | None = None
    estimated_value: Decimal | None = None  # EUR, two decimals
    probability: int | None = None  # 0–100 %
    expected_decision_date: date | None = None
    current_stage_id: UUID | None = None
    last_progress_on: date | None = None  # the latest stage completion date
    source_lead_id: UUID | None = None
    description: str | None = None
    contacts: tuple[ProjectContact, ...] = ()
    created_by: UUID | None = None
    version: int = 1


@dataclass
class ProjectStage:
    id: UUID
    project_id: UUID
    position: int
    key: str
    name: str
    created_at: datetime
    updated_at: datetime
    status: StageStatus = StageStatus.NOT_STARTED
    is_customer_service: bool = False
    template_stage_id: UUID | None = None  # None: an extra stage inserted by hand
    name_en: str | None = None
    name_sv: str | None = None
    responsible_user_id: UUID | None = None
    responsible_team_id: UUID | None = None
    due_date: date | None = None
    started_at: datetime | None = None
    completed_on: date | None = None
    skip_reason: str | None = None
    note: str | None = None
    checklist: tuple[ChecklistItem, ...] = ()
    version: int = 1

    @property
    def responsible(self) -> tuple[UUID | None, UUID | None]:
        return self.responsible_user_id, self.responsible_team_id


@dataclass(frozen=True)
class ProjectEvent:
    """One line of the append-only stage history."""

    id: UUID
    project_id: UUID
    kind: EventKind
    happened_on: date  # the business date the report counts by
    at: datetime  # when it was recorded
    by_id: UUID | None = None
    stage_id: UUID | None = None
    data: Mapping[str, Any] | None = field(default=None)


# ------------------------------------------------------------------ value rules


def sort_name(name: str) -> str:
    return name.casefold().strip()


def clean_name(value: str, field_name: str = "name") -> str:
    name = " ".join(str(value).split())
    if not name:
        raise ValidationFailed.field(field_name, "The name cannot be empty.")
    if len(name) > 200:
        raise ValidationFailed.field(field_name, "The name is at most 200 characters.")
    return name


def clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def check_value(value: Decimal | None, field_name: str = "estimated_value") -> Decimal | None:
    """Euros, exact: not negative, at most two decimals, at most 999 999 999 999.99."""
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationFailed.field(field_name, "The value is not a number.") from exc
    if not amount.is_finite():
        raise ValidationFailed.field(field_name, "The value is not a number.")
    if amount < 0:
        raise ValidationFailed.field(field_name, "The value cannot be negative.")
    if amount > MAX_VALUE:
        raise ValidationFailed.field(field_name, f"The value is at most {MAX_VALUE} EUR.")
    if amount != amount.quantize(CENT):
        raise ValidationFailed.field(field_name, "The value has at most two decimals (cents).")
    return amount.quantize(CENT)


def check_probability(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 100:
        raise ValidationFailed.field("probability", "The probability is 0 to 100 (%).")
    return value


def check_date(value: date | None, field_name: str) -> date | None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationFailed.field(
            field_name, f"The date must be between {EARLIEST} and {LATEST}."
        )
    return value


def check_past_date(value: date, field_name: str, now: datetime, *, not_before: date) -> date:
    """A business date that has happened: today (Helsinki) at the latest, and not before
    `not_before` (the project's opening day)."""
    check_date(value, field_name)
    if value > today(now):
        raise ValidationFailed.field(field_name, "The date cannot be in the future.")
    if value < not_before:
        raise ValidationFailed.field(
            field_name, f"The date cannot be before the project was opened ({not_before})."
        )
    return value


def clean_contacts(contacts: Sequence[ProjectContact]) -> tuple[ProjectContact, ...]:
    if len(contacts) > MAX_CONTACTS:
        raise ValidationFailed.field("contacts", f"At most {MAX_CONTACTS} contacts.")
    seen: set[UUID] = set()
    cleaned: list[ProjectContact] = []
    for contact in contacts:
        if contact.contact_id in seen:
            raise ValidationFailed.field("contacts", "The same contact is listed twice.")
        seen.add(contact.contact_id)
        cleaned.append(ProjectContact(contact.contact_id, clean_text(contact.role)))
    return tuple(cleaned)


# ------------------------------------------------------------------ status rules


def allowed_statuses(current: ProjectStatus) -> list[ProjectStatus]:
    """An open project may be won, lost or cancelled; a closed one may only be reopened."""
    if current is ProjectStatus.OPEN:
        return list(CLOSED_STATUSES)
    return [ProjectStatus.OPEN]


def check_status_change(current: ProjectStatus, target: ProjectStatus, reason: str | None) -> None:
    allowed = allowed_statuses(current)
    if target not in allowed:
        names = [s.value for s in allowed]
        if target is current:
            detail = f"The project is already {current.value}."
        elif current.is_closed:
            detail = f"A {current.value} project must be reopened (status open) first."
        else:
            detail = f"An {current.value} project cannot become {target.value}."
        raise InvalidTransition(f"{detail} Allowed: {', '.join(names)}.", allowed=names)
    if target in REASON_REQUIRED and not reason:
        raise ValidationFailed.field("reason", f"Say why the project is {target.value}.")
    if target is ProjectStatus.OPEN and not reason:
        raise ValidationFailed.field("reason", "Say why the project is reopened.")


# ------------------------------------------------------------------ stage rules


def allowed_stage_transitions(stage: ProjectStage, is_current: bool) -> list[StageStatus]:
    """What a stage may become: the current stage is completed or skipped; a stage that has
    not started may be skipped; a done or skipped stage stays as it is."""
    if stage.status.is_finished:
        return []
    if is_current:
        return [StageStatus.DONE, StageStatus.SKIPPED]
    return [StageStatus.SKIPPED]


def _refuse(stage: ProjectStage, is_current: bool, action: str, why: str) -> InvalidTransition:
    allowed = [s.value for s in allowed_stage_transitions(stage, is_current)]
    suffix = f" Allowed: {', '.join(allowed)}." if allowed else ""
    return InvalidTransition(
        f"Stage {stage.name!r} cannot be {action}: {why}.{suffix}", allowed=allowed
    )


def check_completion(stage: ProjectStage, is_current: bool) -> None:
    if stage.status is StageStatus.DONE:
        raise _refuse(stage, is_current, "completed", "it is already done")
    if stage.status is StageStatus.SKIPPED:
        raise _refuse(stage, is_current, "completed", "it was skipped")
    if not is_current:
        raise _refuse(stage, is_current, "completed", "only the current stage can be completed")


def check_skip(stage: ProjectStage, is_current: bool) -> None:
    if stage.status is StageStatus.DONE:
        raise _refuse(stage, is_current, "skipped", "it is already done")
    if stage.status is StageStatus.SKIPPED:
        raise _refuse(stage, is_current, "skipped", "it was skipped already")


def next_stage(stages: Sequence[ProjectStage], after_position: int) -> ProjectStage | None:
    """The first stage after `after_position` that has not started (skipped and done ones are
    passed over)."""
    following = [
        s for s in stages if s.position > after_position and s.status is StageStatus.NOT_STARTED
    ]
    return min(following, key=lambda s: s.position) if following else None


def renumber(stages: list[ProjectStage]) -> None:
    """Positions 1, 2, 3… in the list's order."""
    for index, stage in enumerate(stages, start=1):
        stage.position = index


def due_date(calendar: WorkingCalendar, start: date, working_days: int) -> date:
    """The day a stage that started on `start` is due: the `working_days`-th working day after
    it (weekends and Finnish public holidays do not count). Zero days: the start day itself,
    or the next working day when it is not one."""
    try:
        if working_days <= 0:
            moment = calendar.add_working_days(datetime.combine(start, time(0), tzinfo=ZONE), 0)
        else:
            # From the very end of the start day: counting begins on the next working day.
            end_of_day = datetime.combine(start, time(23, 59, 59), tzinfo=ZONE)
            moment = calendar.add_working_days(end_of_day, working_days)
        return moment.astimezone(ZONE).date()
    except ValueError:  # the calendar looks ten years ahead at most: count day by day
        day, left = start, max(working_days, 0)
        while left or not calendar.is_working_day(day):
            day += timedelta(days=1)
            if calendar.is_working_day(day):
                left = max(left - 1, 0)
        return day


def start_moment(start: date, now: datetime) -> datetime:
    """When a stage that started on business date `start` became current: now, or the
    beginning of that day when it is recorded afterwards (a back-dated completion)."""
    if start >= today(now):
        return now
    return datetime.combine(start, time(0), tzinfo=ZONE).astimezone(now.tzinfo)


def days_in_stage(started_at: datetime | None, now: datetime) -> int | None:
    if started_at is None:
        return None
    return max((today(now) - today(started_at)).days, 0)


def stalled_before(now: datetime, days: int) -> date:
    """A project is stalled when no stage has been completed (nor the project opened) since
    this day."""
    return today(now) - timedelta(days=days)
