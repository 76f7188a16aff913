"""Request/response models of project types, their versioned stage templates and the
migration of projects between template versions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from api.v1.schemas.common import In, Name, Out, Patch, Stamped
from domain.sales.type_services import MigrationOutcome, MigrationReport
from domain.sales.types import (
    DEFAULT_REGION,
    MAX_CHECKLIST_ITEM_LENGTH,
    MAX_CHECKLIST_ITEMS,
    MAX_DURATION_DAYS,
    ProjectType,
    RegionalResponsible,
    StageInput,
    StageTemplate,
    TemplateVersion,
)

Key = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=50),
    Field(
        description="Stable key: a lowercase letter, then lowercase letters, digits or "
        "underscores (e.g. `send_contract`).",
        examples=["send_contract"],
    ),
]
OptionalName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Region = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
ChecklistText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_CHECKLIST_ITEM_LENGTH),
]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


# ------------------------------------------------------------------ stages


class ResponsibleIn(In):
    region: Region = Field(
        description=f"A region as on accounts (compared case-insensitively); "
        f"`{DEFAULT_REGION}` is the default for regions not listed."
    )
    user_id: UUID | None = Field(None, description="An active user…")
    team_id: UUID | None = Field(None, description="…or a team (exactly one of them).")


class StageIn(In):
    key: Key
    name: Name = Field(description="Finnish name.")
    name_en: OptionalName | None = None
    name_sv: OptionalName | None = None
    default_duration_days: int = Field(
        0, ge=0, le=MAX_DURATION_DAYS, description="Default duration in working days."
    )
    is_customer_service: bool = Field(
        False, description="Worked by customer service (e.g. sending the contract)."
    )
    checklist: list[ChecklistText] = Field(default_factory=list, max_length=MAX_CHECKLIST_ITEMS)
    responsibles: list[ResponsibleIn] = Field(default_factory=list, max_length=200)

    def to_input(self) -> StageInput:
        return StageInput(
            key=self.key,
            name=self.name,
            name_en=self.name_en,
            name_sv=self.name_sv,
            default_duration_days=self.default_duration_days,
            is_customer_service=self.is_customer_service,
            checklist=tuple(self.checklist),
            responsibles=tuple(
                RegionalResponsible(r.region, r.user_id, r.team_id) for r in self.responsibles
            ),
        )


class ResponsibleOut(Out):
    region: str
    user_id: UUID | None
    team_id: UUID | None


class TemplateStageOut(Out):
    id: UUID = Field(description="The template stage (project stages point at it).")
    position: int
    key: str
    name: str
    name_en: str | None
    name_sv: str | None
    default_duration_days: int
    is_customer_service: bool
    checklist: list[str]
    responsibles: list[ResponsibleOut] = Field(description="The default region `*` first.")

    @classmethod
    def of(cls, stage: StageTemplate) -> TemplateStageOut:
        regions = sorted(stage.responsibles, key=lambda r: (r != DEFAULT_REGION, r.casefold()))
        return cls(
            id=stage.id,
            position=stage.position,
            key=stage.key,
            name=stage.name,
            name_en=stage.name_en,
            name_sv=stage.name_sv,
            default_duration_days=stage.default_duration_days,
            is_customer_service=stage.is_customer_service,
            checklist=list(stage.checklist),
            responsibles=[
                ResponsibleOut(
                    region=region,
                    user_id=stage.responsibles[region].user_id,
                    team_id=stage.responsibles[region].team_id,
                )
                for region in regions
            ],
        )


# ------------------------------------------------------------------ types


class ProjectTypeCreate(In):
    key: Key
    name: Name = Field(description="Finnish name, e.g. Kaasuliittymämyynti.")
    name_en: OptionalName | None = None
    name_sv: OptionalName | None = None
    description: Description | None = None
    is_active: bool = Field(True, description="Inactive types cannot be chosen for new projects.")
    stages: list[StageIn] = Field(min_length=1, max_length=100)


class ProjectTypeUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name", "is_active")
    name: Name | None = None
    name_en: OptionalName | None = None
    name_sv: OptionalName | None = None
    description: Description | None = None
    is_active: bool | None = None


class StagesIn(In):
    stages: list[StageIn] = Field(min_length=1, max_length=100)
    note: Description | None = Field(None, description="What changed (kept with the version).")


class ProjectTypeOut(Stamped):
    key: str
    name: str
    name_en: str | None
    name_sv: str | None
    description: str | None
    is_active: bool
    current_version: int = Field(description="The template version new projects get.")
    stages: list[TemplateStageOut] = Field(description="The current version's stages, in order.")

    @classmethod
    def of(cls, project_type: ProjectType) -> ProjectTypeOut:
        return cls(
            id=project_type.id,
            created_at=project_type.created_at,
            updated_at=project_type.updated_at,
            version=project_type.version,
            key=project_type.key,
            name=project_type.name,
            name_en=project_type.name_en,
            name_sv=project_type.name_sv,
            description=project_type.description,
            is_active=project_type.is_active,
            current_version=project_type.current_version,
            stages=[TemplateStageOut.of(s) for s in project_type.stages],
        )


class StagesOut(ProjectTypeOut):
    outcome: Literal["unchanged", "rewritten", "published"] = Field(
        description="`rewritten`: no project used the current version, so it was changed in "
        "place; `published`: a new version became current (running projects keep theirs); "
        "`unchanged`: the stages were the same."
    )


# ------------------------------------------------------------------ versions


class VersionSummaryOut(Out):
    id: UUID
    version: int
    created_at: datetime
    created_by: UUID | None
    note: str | None
    stage_count: int
    project_count: int = Field(description="Projects on this version that you may read.")
    is_current: bool


class VersionOut(Out):
    id: UUID
    project_type_id: UUID
    version: int
    created_at: datetime | None
    created_by: UUID | None
    note: str | None
    stages: list[TemplateStageOut]

    @classmethod
    def of(cls, version: TemplateVersion) -> VersionOut:
        return cls(
            id=version.id,
            project_type_id=version.project_type_id,
            version=version.version,
            created_at=version.created_at,
            created_by=version.created_by,
            note=version.note,
            stages=[TemplateStageOut.of(s) for s in version.stages],
        )


# ------------------------------------------------------------------ migration


class MigrationIn(In):
    project_ids: list[UUID] = Field(min_length=1, max_length=500)
    to_version: int = Field(ge=1, le=1_000_000, description="A version of this type's template.")


class MigrationChangesOut(Out):
    kept: list[str] = Field(description="Stage keys kept with their status and dates.")
    added: list[str] = Field(description="Stage keys added (not started, or skipped).")
    skipped: list[str] = Field(description="Added stages before the current one: skipped.")
    dropped: list[str] = Field(description="Not-started stages the new version lacks: removed.")
    extra: list[str] = Field(description="Stages the new version lacks kept as extra stages.")


class MigrationResultOut(Out):
    project_id: UUID
    ok: bool
    problem: str | None = Field(description="Why the project cannot be migrated.")
    from_version: int | None
    changes: MigrationChangesOut | None = Field(
        description="What the migration does to the stages (none when nothing changes)."
    )

    @classmethod
    def of(cls, outcome: MigrationOutcome) -> MigrationResultOut:
        return cls(
            project_id=outcome.project_id,
            ok=outcome.ok,
            problem=outcome.problem,
            from_version=outcome.from_version,
            changes=MigrationChangesOut(**outcome.changes) if outcome.changes else None,
        )


class MigrationOut(Out):
    dry_run: bool
    to_version: int
    migrated: int = Field(description="Projects moved (in a dry run: that would move).")
    results: list[MigrationResultOut]

    @classmethod
    def of(cls, report: MigrationReport) -> MigrationOut:
        return cls(
            dry_run=report.dry_run,
            to_version=report.to_version,
            migrated=report.migrated,
            results=[MigrationResultOut.of(r) for r in report.results],
        )
