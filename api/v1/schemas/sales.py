"""Request/response models of sales projects: projects, their stages and stage history, the
stage work views, the kanban and the pipeline. Money is exact: send it as a string or a
number with at most two decimals; it comes back as a string ("15000.00")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import Field, StringConstraints

from api.v1.schemas.common import In, Name, Out, Patch, Short, Stamped
from domain.sales import (
    MAX_VALUE,
    ChecklistItem,
    EventKind,
    ProjectContact,
    ProjectStatus,
    StageStatus,
)

Money = Annotated[
    Decimal,
    Field(
        ge=0,
        le=MAX_VALUE,
        max_digits=14,
        decimal_places=2,
        description="EUR, exact, at most two decimals.",
        examples=["15000.00"],
    ),
]
Probability = Annotated[int, Field(ge=0, le=100, description="Per cent, 0–100.")]
Region = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Description = Annotated[str, StringConstraints(max_length=20000)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
RequiredReason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)
]
ChecklistText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]


# ------------------------------------------------------------------ projects


class ProjectContactIn(In):
    contact_id: UUID
    role: Short | None = Field(None, description="The contact's role, e.g. decision maker.")


class ProjectFields(In):
    region: Region | None = Field(
        None, description="Free text, as on accounts; on create defaults to the account's."
    )
    estimated_value: Money | None = None
    probability: Probability | None = None
    expected_decision_date: date | None = None
    description: Description | None = None
    source_lead_id: UUID | None = Field(None, description="The lead the project came from.")
    contacts: list[ProjectContactIn] = Field(default_factory=list, max_length=50)
    owner_id: UUID | None = Field(None, description="Defaults to you; others need assign.")
    business_unit_id: UUID | None = Field(None, description="Defaults to the owner's unit.")

    def domain_values(self, fields: set[str] | None = None) -> dict[str, Any]:
        chosen = fields if fields is not None else set(type(self).model_fields)
        values = {name: getattr(self, name) for name in chosen}
        if "contacts" in values and values["contacts"] is not None:
            values["contacts"] = tuple(
                ProjectContact(c.contact_id, c.role) for c in values["contacts"]
            )
        return values


class ProjectCreate(ProjectFields):
    name: Name
    account_id: UUID
    project_type_id: UUID = Field(description="Its current template version gives the stages.")
    opened_on: date | None = Field(
        None, description="Defaults to today (Helsinki); may be in the past, never the future."
    )
    first_responsible_user_id: UUID | None = Field(
        None,
        description="The first stage's responsible; defaults to the template's for the region.",
    )


class ProjectUpdate(ProjectFields, Patch):
    """name, region, value, probability, decision date, description, owner (assign),
    contacts. Status and stages change through their own endpoints."""

    REQUIRED: ClassVar[tuple[str, ...]] = ("name", "owner_id", "business_unit_id", "contacts")
    name: Name | None = None
    contacts: list[ProjectContactIn] | None = Field(None, max_length=50)  # type: ignore[assignment]

    def domain_changes(self) -> dict[str, Any]:
        return self.domain_values(set(self.model_fields_set))


class StatusIn(In):
    status: ProjectStatus = Field(
        description="open → won | lost | cancelled; a closed project → open (reopen)."
    )
    reason: Reason | None = Field(None, description="Required for lost, cancelled and reopening.")
    closed_on: date | None = Field(
        None, description="When closing: defaults to today, never in the future."
    )


class ChecklistItemOut(Out):
    item: str
    done: bool


class CurrentStageOut(Out):
    id: UUID
    key: str
    name: str
    status: StageStatus
    is_customer_service: bool
    responsible_user_id: UUID | None
    responsible_user_name: str | None
    responsible_team_id: UUID | None
    responsible_team_name: str | None
    due_date: date | None
    started_at: datetime | None
    days_in_stage: int | None


class ProjectListItem(Stamped):
    name: str
    account_id: UUID
    account_name: str | None
    project_type_id: UUID
    project_type_name: str | None
    type_version_id: UUID
    region: str | None
    estimated_value: Decimal | None = Field(description="EUR, as a string with two decimals.")
    probability: int | None
    expected_decision_date: date | None
    status: ProjectStatus
    status_reason: str | None
    opened_on: date
    closed_on: date | None
    last_progress_on: date | None = Field(description="The latest stage completion date.")
    owner_id: UUID
    owner_name: str | None
    business_unit_id: UUID
    business_unit_name: str | None
    source_lead_id: UUID | None
    current_stage: CurrentStageOut | None
    created_by: UUID | None


class ProjectContactOut(Out):
    contact_id: UUID
    role: str | None
    name: str | None


class ProjectStageOut(Out):
    id: UUID
    project_id: UUID
    position: int
    key: str = Field(description="The template stage's stable key; 'extra' when inserted.")
    name: str
    name_en: str | None
    name_sv: str | None
    is_customer_service: bool
    status: StageStatus
    is_current: bool
    allowed_transitions: list[StageStatus] = Field(
        description="What the stage may become now: done (completion), skipped."
    )
    template_stage_id: UUID | None
    responsible_user_id: UUID | None
    responsible_user_name: str | None
    responsible_team_id: UUID | None
    responsible_team_name: str | None
    due_date: date | None
    started_at: datetime | None
    completed_on: date | None
    skip_reason: str | None
    note: str | None
    checklist: list[ChecklistItemOut]
    created_at: datetime
    updated_at: datetime


class ProjectOut(ProjectListItem):
    description: str | None
    contacts: list[ProjectContactOut]
    stages: list[ProjectStageOut]
    allowed_statuses: list[ProjectStatus] = Field(
        description="The statuses POST …/status accepts now."
    )


# ------------------------------------------------------------------ stages


class CompletionIn(In):
    completed_on: date = Field(
        description="The day the stage was done: not in the future, not before the project opened."
    )
    note: Note | None = None
    next_responsible_user_id: UUID | None = Field(
        None,
        description="The next stage's responsible; defaults to the one planned on it (the "
        "template's default for the project's region).",
    )


class SkippingIn(In):
    reason: RequiredReason
    next_responsible_user_id: UUID | None = Field(
        None, description="When skipping the current stage: the next stage's responsible."
    )


class StageInsertIn(In):
    name: Name
    after_stage_id: UUID = Field(description="The current stage or a later one.")
    responsible_user_id: UUID | None = None
    responsible_team_id: UUID | None = None
    due_date: date | None = None
    is_customer_service: bool = False
    checklist: list[ChecklistText] = Field(default_factory=list, max_length=30)


class ChecklistFlagIn(In):
    item: ChecklistText = Field(description="An item of the stage's checklist, by its text.")
    done: bool


class StageUpdate(Patch):
    """A done or skipped stage: managers only (update at business-unit depth or deeper).
    The current stage's responsible may change its note and checklist."""

    REQUIRED: ClassVar[tuple[str, ...]] = ("checklist",)
    responsible_user_id: UUID | None = Field(None, description="Setting one clears the team.")
    responsible_team_id: UUID | None = Field(None, description="Setting one clears the user.")
    due_date: date | None = None
    note: Note | None = None
    checklist: list[ChecklistFlagIn] | None = Field(
        None, max_length=30, description="Done flags of the items named; others stay."
    )

    def domain_changes(self) -> dict[str, Any]:
        values = self.changes()
        if values.get("checklist") is not None:
            values["checklist"] = [ChecklistItem(c.item, c.done) for c in values["checklist"]]
        return values


class ProjectEventOut(Out):
    id: UUID
    project_id: UUID
    kind: EventKind
    happened_on: date = Field(description="The business date (what reports count by).")
    at: datetime = Field(description="When it was recorded.")
    by_id: UUID | None
    by_name: str | None
    stage_id: UUID | None
    stage_key: str | None
    stage_name: str | None
    data: dict[str, Any] | None


class StageRowOut(Out):
    """A current stage in a work list, with its project."""

    id: UUID
    key: str
    name: str
    name_en: str | None
    name_sv: str | None
    position: int
    status: StageStatus
    is_customer_service: bool
    responsible_user_id: UUID | None
    responsible_user_name: str | None
    responsible_team_id: UUID | None
    responsible_team_name: str | None
    due_date: date | None
    started_at: datetime | None
    days_in_stage: int | None
    checklist: list[ChecklistItemOut]
    project_id: UUID
    project_name: str
    project_version: int = Field(description="The project's ETag, for the stage's actions.")
    project_type_id: UUID
    project_type_name: str | None
    account_id: UUID
    account_name: str | None
    owner_id: UUID
    owner_name: str | None
    region: str | None


# ------------------------------------------------------------------ kanban and pipeline


class KanbanCard(Out):
    id: UUID
    name: str
    version: int
    account_id: UUID
    account_name: str | None
    estimated_value: Decimal | None
    probability: int | None
    expected_decision_date: date | None
    owner_id: UUID
    owner_name: str | None
    region: str | None
    current_stage: CurrentStageOut | None


class KanbanColumnOut(Out):
    key: str = Field(description="A stage key of the current template version, or 'other'.")
    name: str | None
    name_en: str | None
    name_sv: str | None
    position: int | None
    is_customer_service: bool
    count: int
    value_sum: Decimal = Field(description="Σ estimated values, EUR.")
    cards: list[KanbanCard]
    next_cursor: str | None = Field(
        description="More cards: GET /sales-projects/kanban/column with this cursor."
    )


class KanbanOut(Out):
    project_type_id: UUID
    type_version_id: UUID
    version: int
    columns: list[KanbanColumnOut]


class KanbanColumnPage(Out):
    cards: list[KanbanCard]
    next_cursor: str | None


class PipelineRowOut(Out):
    key: str | None = Field(
        description="YYYY-MM, a project type id or a region; null: not set on the projects."
    )
    label: str | None
    count: int
    value_sum: Decimal = Field(description="Σ estimated values, EUR.")
    weighted_value: Decimal = Field(
        description="Σ value × probability, EUR, rounded once to cents (half up)."
    )


class PipelineOut(Out):
    group_by: str
    items: list[PipelineRowOut]
    total: PipelineRowOut
