"""Care plans: plans with versions and touches, generation runs, compliance."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from api.v1.schemas.common import In, Out, Patch, Stamped
from domain.careplans import Channel, Frequency, ResponsibleKind, Touch

AccountClass = Literal["A", "B", "C", "potential"]


class TouchIn(In):
    id: UUID | None = Field(None, description="Keep a touch's id across versions; new: omit.")
    activity_type_id: UUID
    channel: Channel
    frequency: Frequency
    months: list[int] = Field(
        default_factory=list, description="Frequency `months`: the months 1–12 of every year."
    )
    responsible: ResponsibleKind = ResponsibleKind.ACCOUNT_MANAGER
    responsible_role_id: UUID | None = None
    responsible_user_id: UUID | None = None
    description: str = Field(min_length=1, max_length=2000)

    def touch(self, new_id: UUID) -> Touch:
        return Touch(
            id=self.id or new_id,
            activity_type_id=self.activity_type_id,
            channel=self.channel,
            frequency=self.frequency,
            months=tuple(self.months),
            responsible=self.responsible,
            responsible_role_id=self.responsible_role_id,
            responsible_user_id=self.responsible_user_id,
            description=self.description,
        )


class TouchOut(Out):
    id: UUID
    activity_type_id: UUID
    channel: Channel
    frequency: Frequency
    months: list[int]
    responsible: ResponsibleKind
    responsible_role_id: UUID | None
    responsible_user_id: UUID | None
    description: str
    interval_days: int


class PlanCreate(In):
    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    account_class: AccountClass | None = None
    classification_id: UUID | None = Field(
        None,
        description="A customer group (a classification) instead of a class: the plan applies "
        "to the accounts classified in it or in any group below it, unless a plan for their "
        "class applies.",
    )
    business_unit_id: UUID | None = Field(None, description="None: every business unit.")
    is_active: bool = True
    touches: list[TouchIn] = Field(default_factory=list, max_length=100)
    note: str | None = Field(None, description="What this version changes.")


class PlanUpdate(Patch):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    account_class: AccountClass | None = None
    classification_id: UUID | None = None
    business_unit_id: UUID | None = None
    is_active: bool | None = None
    touches: list[TouchIn] | None = Field(
        None,
        max_length=100,
        description="New touches: replace the draft's, or start a new draft version.",
    )
    note: str | None = None


class CarePlanVersionOut(Out):
    id: UUID
    number: int
    status: Literal["draft", "approved", "superseded"]
    note: str | None
    touches: list[TouchOut]
    created_by: UUID | None
    created_at: datetime
    approved_by: UUID | None
    approved_at: datetime | None


class PlanOut(Stamped):
    name: str
    description: str | None
    account_class: AccountClass | None
    classification_id: UUID | None
    business_unit_id: UUID | None
    is_active: bool
    active_version: int | None = Field(description="The version in force (None: not approved).")
    latest_version: int
    shortest_interval_days: int | None
    current: CarePlanVersionOut | None = Field(description="The version in force.")
    latest: CarePlanVersionOut = Field(description="The newest version (a draft when it differs).")


class ApprovalIn(In):
    note: str | None = None


class RunIn(In):
    now: AwareDatetime | None = Field(
        None,
        description="Generate as of this moment (default: now). A moved clock is for test and "
        "development installations only (422 in production).",
    )
    horizon_days: int | None = Field(None, ge=1, le=730, description="Default: the setting.")


class RunOut(Out):
    now: datetime
    horizon_days: int
    accounts: int
    created: int
    cancelled: int


class CareFiguresOut(Out):
    planned: int
    due: int
    on_time: int
    late: int
    missed: int
    open: int
    rate: float | None = Field(description="On time out of on time + late + missed, per cent.")


class ComplianceRowOut(CareFiguresOut):
    key: str = Field(description="Account, user or unit id, or YYYY-MM.")
    label: str | None


class NoContactOut(Out):
    account_id: UUID
    account_name: str
    account_manager_id: UUID | None
    account_manager_name: str | None
    plan_id: UUID
    plan_name: str
    allowed_days: int
    last_contact_at: datetime | None
    days_since: int | None


class ComplianceOut(Out):
    start: date
    end: date
    group_by: Literal["account", "account_manager", "business_unit", "month"]
    rows: list[ComplianceRowOut]
    total: CareFiguresOut
    no_contact: list[NoContactOut]


class NextTouchOut(Out):
    activity_id: UUID
    subject: str
    due_at: datetime | None
    status: str
    owner_id: UUID
    owner_name: str | None
    period: str
    touch_id: UUID


class AccountPlanOut(Out):
    account_id: UUID
    account_class: str | None
    plan: PlanOut | None
    next_touches: list[NextTouchOut]
