"""Care plans (hoitosuunnitelmat): for an account class (A/B/C/potential) within a business
unit or all units — or, later, a customer group — a list of planned touches, each with its
activity type, channel, frequency, responsible and description.

A plan is versioned: editing the touches of an approved plan makes a new draft version, and
the draft takes effect when it is approved (an A plan's by someone holding the approve
privilege, by default a manager). Periods and due days are pure functions of the frequency,
so the generation job and the compliance report agree on them."""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.shared import ValidationFailed

CARE_PLAN = "care_plan"
# Generated touches are due at the end of the office day of their due date, Finnish time.
OFFICE_ZONE = ZoneInfo("Europe/Helsinki")
DUE_TIME = time(16, 0)
MAX_TOUCHES = 100
ACCOUNT_CLASSES = ("A", "B", "C", "potential")


class Frequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    # The key-customer matrix: in the listed months of every year (e.g. a trade fair in
    # March, Christmas greetings in December).
    MONTHS = "months"


class Channel(StrEnum):
    VISIT = "visit"
    MEETING = "meeting"
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    NEWSLETTER = "newsletter"
    EVENT = "event"  # a trade fair, a customer event
    ONLINE = "online"


class ResponsibleKind(StrEnum):
    ACCOUNT_MANAGER = "account_manager"  # the account's manager (else its owner)
    TEAM_ROLE = "team_role"  # the account-team member with this role (else the manager)
    USER = "user"  # a named user (else the manager)


class VersionStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"  # the version in force (one per plan)
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Touch:
    id: UUID
    activity_type_id: UUID
    channel: Channel
    frequency: Frequency
    responsible: ResponsibleKind
    description: str
    months: tuple[int, ...] = ()
    responsible_role_id: UUID | None = None
    responsible_user_id: UUID | None = None

    def interval_days(self) -> int:
        """The longest a plan lets an account go between two touches of this kind."""
        if self.frequency is Frequency.WEEKLY:
            return 7
        if self.frequency is Frequency.MONTHLY:
            return 31
        if self.frequency is Frequency.QUARTERLY:
            return 92
        if self.frequency is Frequency.YEARLY:
            return 366
        months = sorted(set(self.months))
        gaps = [(b - a) for a, b in zip(months, [*months[1:], months[0] + 12], strict=True)]
        return math.ceil(max(gaps) * 30.5)


@dataclass
class CarePlanVersion:
    id: UUID
    plan_id: UUID
    number: int
    touches: tuple[Touch, ...]
    status: VersionStatus
    created_at: datetime
    created_by: UUID | None = None
    note: str | None = None
    approved_by: UUID | None = None
    approved_at: datetime | None = None


@dataclass
class CarePlan:
    id: UUID
    name: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    # The target: an account class within a unit (None: every unit) or a customer group.
    account_class: str | None = None
    classification_id: UUID | None = None
    business_unit_id: UUID | None = None
    is_active: bool = True
    # The version in force (None until the first approval) and the newest one.
    active_version: int | None = None
    latest_version: int = 1
    created_by: UUID | None = None
    version: int = 1
    versions: list[CarePlanVersion] = field(default_factory=list)

    def version_no(self, number: int | None) -> CarePlanVersion | None:
        return next((v for v in self.versions if v.number == number), None)

    @property
    def current(self) -> CarePlanVersion | None:
        return self.version_no(self.active_version)

    @property
    def latest(self) -> CarePlanVersion | None:
        return self.version_no(self.latest_version)

    def applies_to(
        self,
        account_class: str | None,
        business_unit_id: UUID,
        groups: frozenset[UUID] = frozenset(),
    ) -> bool:
        """In force, for the account's unit (or every unit), and for its class — or for one
        of its customer groups (`groups`: its classifications and their ancestors)."""
        if not self.is_active or self.active_version is None:
            return False
        if self.business_unit_id is not None and self.business_unit_id != business_unit_id:
            return False
        if self.account_class is not None:
            return self.account_class == account_class
        return self.classification_id is not None and self.classification_id in groups


# ------------------------------------------------------------------ periods


@dataclass(frozen=True)
class Period:
    key: str  # 2026-W49, 2026-12, 2026-Q4, 2026
    starts: date
    due: date  # the last working day (Mon–Fri) of the period


def _last_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def periods(touch: Touch, first: date, last: date) -> list[Period]:
    """The touch's periods whose due day falls within [first, last]."""
    found: list[Period] = []
    if touch.frequency is Frequency.WEEKLY:
        monday = first - timedelta(days=first.weekday())
        while monday <= last:
            iso = monday.isocalendar()
            found.append(Period(f"{iso.year}-W{iso.week:02d}", monday, monday + timedelta(4)))
            monday += timedelta(days=7)
    else:
        for year in range(first.year, last.year + 1):
            if touch.frequency is Frequency.YEARLY:
                found.append(Period(f"{year}", date(year, 1, 1), _last_weekday(date(year, 12, 31))))
            elif touch.frequency is Frequency.QUARTERLY:
                for q in range(1, 5):
                    end = _month_end(year, q * 3)
                    found.append(
                        Period(f"{year}-Q{q}", date(year, q * 3 - 2, 1), _last_weekday(end))
                    )
            else:
                months = range(1, 13) if touch.frequency is Frequency.MONTHLY else touch.months
                for m in sorted(set(months)):
                    found.append(
                        Period(
                            f"{year}-{m:02d}", date(year, m, 1), _last_weekday(_month_end(year, m))
                        )
                    )
    return [p for p in found if first <= p.due <= last]


def due_at(day: date) -> datetime:
    return datetime.combine(day, DUE_TIME, OFFICE_ZONE).astimezone(UTC)


def office_date(moment: datetime) -> date:
    return moment.astimezone(OFFICE_ZONE).date()


def shortest_interval_days(touches: tuple[Touch, ...]) -> int | None:
    return min((t.interval_days() for t in touches), default=None)


# ------------------------------------------------------------------ value rules


def clean_touch(touch: Touch) -> Touch:
    description = " ".join(touch.description.split())
    if not description:
        raise ValidationFailed.field("touches", "Every touch needs a description.")
    months: tuple[int, ...] = ()
    if touch.frequency is Frequency.MONTHS:
        months = tuple(sorted(set(touch.months)))
        if not months or any(not 1 <= m <= 12 for m in months):
            raise ValidationFailed.field(
                "touches", "A touch in fixed months lists months 1–12 (e.g. [3, 12])."
            )
    elif touch.months:
        raise ValidationFailed.field("touches", "Only a touch in fixed months lists months.")
    if touch.responsible is ResponsibleKind.TEAM_ROLE and touch.responsible_role_id is None:
        raise ValidationFailed.field("touches", "Name the account-team role (responsible_role_id).")
    if touch.responsible is ResponsibleKind.USER and touch.responsible_user_id is None:
        raise ValidationFailed.field("touches", "Name the responsible user (responsible_user_id).")
    return Touch(
        id=touch.id,
        activity_type_id=touch.activity_type_id,
        channel=touch.channel,
        frequency=touch.frequency,
        responsible=touch.responsible,
        description=description[:2000],
        months=months,
        responsible_role_id=(
            touch.responsible_role_id if touch.responsible is ResponsibleKind.TEAM_ROLE else None
        ),
        responsible_user_id=(
            touch.responsible_user_id if touch.responsible is ResponsibleKind.USER else None
        ),
    )


def check_target(account_class: str | None, classification_id: UUID | None) -> None:
    if (account_class is None) == (classification_id is None):
        raise ValidationFailed.field(
            "account_class", "A plan targets an account class or a customer group (one of them)."
        )
    if account_class is not None and account_class not in ACCOUNT_CLASSES:
        raise ValidationFailed.field("account_class", "The class is A, B, C or potential.")
