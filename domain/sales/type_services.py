"""Project type use cases: create and edit types, replace a type's stages (rewriting the
current template version in place while no project uses it, publishing a new version once one
does), and migrating chosen projects to another version of their type's template.

Project types are organisation-wide set-up: everyone holding `project_type` read reads them;
writing needs the organisation-depth privilege administrators have.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal, Protocol
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.sales.ports import SalesProjectRepository
from domain.sales.types import (
    KEY_PATTERN,
    MAX_NAME_LENGTH,
    CleanStage,
    ProjectType,
    StageInput,
    StageTemplate,
    TemplateVersion,
    clean_stages,
    default_responsible,
    same_stages,
)
from domain.shared import (
    BOOKKEEPING,
    Action,
    AuditLog,
    Conflict,
    FieldError,
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

PROJECT_TYPE = "project_type"
SALES_PROJECT = "sales_project"
BUSINESS_ZONE = ZoneInfo("Europe/Helsinki")
MAX_DESCRIPTION_LENGTH = 2000
MAX_NOTE_LENGTH = 2000
MAX_MIGRATION_PROJECTS = 500

# Project and stage states as stored (the projects part of the context owns their rules).
OPEN = "open"
NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
SKIPPED = "skipped"
MIGRATED = "migrated"


# ------------------------------------------------------------------ the project side of a
# migration: just what moving a project to another template version reads and writes


@dataclass(frozen=True)
class ChecklistItem:
    item: str
    done: bool = False


@dataclass(frozen=True)
class MigratingStage:
    """A project's stage, as stored in `project_stages`."""

    id: UUID
    project_id: UUID
    template_stage_id: UUID | None
    position: int
    key: str
    name: str
    is_customer_service: bool
    status: str
    created_at: datetime
    updated_at: datetime
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


@dataclass
class MigratingProject:
    """The part of a sales project a migration reads and writes."""

    id: UUID
    name: str
    project_type_id: UUID
    type_version_id: UUID
    status: str
    owner_id: UUID
    business_unit_id: UUID
    updated_at: datetime
    region: str | None = None
    current_stage_id: UUID | None = None
    version: int = 1
    stages: tuple[MigratingStage, ...] = ()


@dataclass(frozen=True)
class MigrationEvent:
    """A `project_events` row of kind `migrated`."""

    id: UUID
    project_id: UUID
    kind: str
    happened_on: date
    at: datetime
    by_id: UUID | None
    data: Mapping[str, Any]
    stage_id: UUID | None = None


@dataclass(frozen=True)
class MigrationPlan:
    """A project's stages after the migration (in order, renumbered), what to insert and
    delete, and the stage keys by what happened to them."""

    stages: tuple[MigratingStage, ...]
    inserted: frozenset[UUID]
    dropped: tuple[MigratingStage, ...]
    kept: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    def summary(self) -> dict[str, list[str]]:
        return {
            "kept": list(self.kept),
            "added": list(self.added),
            "skipped": list(self.skipped),
            "dropped": list(self.removed),
            "extra": list(self.extra),
        }


def _checklist(template: StageTemplate, old: Sequence[ChecklistItem]) -> tuple[ChecklistItem, ...]:
    """The new version's items, each done if the same text was done before; items done
    before that the new version no longer lists are kept (done work is not forgotten)."""
    done = {c.item for c in old if c.done}
    items = [ChecklistItem(text, text in done) for text in template.checklist]
    listed = set(template.checklist)
    items += [c for c in old if c.done and c.item not in listed]
    return tuple(items)


def plan_migration(
    project: MigratingProject,
    target: TemplateVersion,
    *,
    now: datetime,
    new_id: Callable[[], UUID],
) -> MigrationPlan:
    """Map a project's stages onto another template version, by stage key:

    - a stage whose key is in the target is kept with its status, dates, responsible and
      note; its names, position, customer-service flag and checklist texts follow the target
      (done flags kept by item text);
    - a target stage the project lacks is added: not started without a due date, its
      responsible the region's default; skipped ("added by template version n") when it
      comes before the project's current stage (the project is already past it);
    - a template stage whose key the target lacks is dropped if not started; one that was
      started, done or skipped, the current stage, and any stage inserted by hand stay as
      extra stages (no template stage), right after the stage they followed.
    """
    old = sorted(project.stages, key=lambda s: (s.position, str(s.id)))
    matched: dict[str, MigratingStage] = {}
    for stage in old:  # a template stage wins over a hand-inserted one with the same key
        have = matched.get(stage.key)
        if have is None or (have.template_stage_id is None and stage.template_stage_id):
            matched[stage.key] = stage
    target_keys = {t.key for t in target.stages}
    used = {matched[k].id for k in target_keys if k in matched}

    result: list[MigratingStage] = []
    inserted: set[UUID] = set()
    kept: list[str] = []
    added: list[str] = []
    for template in target.stages:
        have = matched.get(template.key)
        if have is not None:
            kept.append(template.key)
            result.append(
                replace(
                    have,
                    template_stage_id=template.id,
                    name=template.name,
                    name_en=template.name_en,
                    name_sv=template.name_sv,
                    is_customer_service=template.is_customer_service,
                    checklist=_checklist(template, have.checklist),
                )
            )
            continue
        user_id, team_id = default_responsible(template, project.region)
        stage = MigratingStage(
            id=new_id(),
            project_id=project.id,
            template_stage_id=template.id,
            position=0,
            key=template.key,
            name=template.name,
            name_en=template.name_en,
            name_sv=template.name_sv,
            is_customer_service=template.is_customer_service,
            status=NOT_STARTED,
            responsible_user_id=user_id,
            responsible_team_id=team_id,
            checklist=tuple(ChecklistItem(text) for text in template.checklist),
            created_at=now,
            updated_at=now,
        )
        inserted.add(stage.id)
        added.append(template.key)
        result.append(stage)

    dropped: list[MigratingStage] = []
    extra: list[str] = []
    front = 0
    anchor: UUID | None = None  # the last old stage that is in the result
    for stage in old:
        if stage.id in used:
            anchor = stage.id
            continue
        if (
            stage.template_stage_id is not None
            and stage.status == NOT_STARTED
            and stage.id != project.current_stage_id
        ):
            dropped.append(stage)
            continue
        extra.append(stage.key)
        moved = replace(stage, template_stage_id=None)
        if anchor is None:
            result.insert(front, moved)
            front += 1
        else:
            at = next(i for i, s in enumerate(result) if s.id == anchor)
            result.insert(at + 1, moved)
        anchor = stage.id

    # Where the project is: its current stage, else its first open stage; a stage added
    # before that point is one the project has already passed.
    ids = [s.id for s in result]
    existing = [(i, s) for i, s in enumerate(result) if s.id not in inserted]
    if project.current_stage_id in ids:
        frontier: int | None = ids.index(project.current_stage_id)
    else:
        frontier = next((i for i, s in existing if s.status in (NOT_STARTED, IN_PROGRESS)), None)
        if frontier is None:
            passed = [i for i, s in existing if s.status in (DONE, SKIPPED)]
            frontier = passed[-1] if passed else None
    skipped: list[str] = []
    final: list[MigratingStage] = []
    for index, stage in enumerate(result):
        if stage.id in inserted and frontier is not None and index < frontier:
            stage = replace(
                stage, status=SKIPPED, skip_reason=f"added by template version {target.version}"
            )
            skipped.append(stage.key)
        stage = replace(stage, position=index + 1)
        if stage.id not in inserted:
            before = next(s for s in old if s.id == stage.id)
            if stage != before:
                stage = replace(stage, updated_at=now, version=before.version + 1)
        final.append(stage)
    return MigrationPlan(
        stages=tuple(final),
        inserted=frozenset(inserted),
        dropped=tuple(dropped),
        kept=tuple(kept),
        added=tuple(added),
        skipped=tuple(skipped),
        removed=tuple(s.key for s in dropped),
        extra=tuple(extra),
    )


# ------------------------------------------------------------------ ports


class ProjectTypeRepository(Protocol):
    async def get(self, type_id: UUID) -> ProjectType | None:
        """The type with its current version's stages."""
        ...

    async def by_key(self, key: str) -> ProjectType | None: ...
    async def add(self, project_type: ProjectType) -> None: ...
    async def update(self, project_type: ProjectType, expected_version: int) -> None: ...
    async def version(self, type_id: UUID, number: int) -> TemplateVersion | None: ...
    async def version_by_id(self, version_id: UUID) -> TemplateVersion | None: ...
    async def add_version(self, version: TemplateVersion) -> None: ...
    async def rewrite_version(self, version: TemplateVersion) -> None:
        """Replace the stages of a stored version that no project uses (same id)."""
        ...

    async def version_in_use(self, version_id: UUID) -> bool:
        """Whether any project uses the version (or any project stage one of its stages)."""
        ...

    async def active_users(self, user_ids: Iterable[UUID]) -> set[UUID]: ...
    async def existing_teams(self, team_ids: Iterable[UUID]) -> set[UUID]: ...


class ProjectMigrationRepository(Protocol):
    async def load(self, project_id: UUID) -> MigratingProject | None: ...
    async def save(
        self, project: MigratingProject, plan: MigrationPlan, expected_version: int
    ) -> None:
        """Apply a plan: insert, update and delete stages, move the project to its new
        version (UPDATE … WHERE version = expected_version)."""
        ...

    async def add_event(self, event: MigrationEvent) -> None: ...


class TypesUnitOfWork(Protocol):
    @property
    def project_types(self) -> ProjectTypeRepository: ...
    @property
    def project_migrations(self) -> ProjectMigrationRepository: ...
    @property
    def sales_projects(self) -> SalesProjectRepository: ...
    @property
    def audit(self) -> AuditLog: ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


# ------------------------------------------------------------------ types


def type_visible(principal: Principal) -> bool:
    """Organisation-wide set-up: an organisation-depth read reaches it (as
    persistence.scoping.readable with neither an owner nor a unit column)."""
    return principal.allows(PROJECT_TYPE, Action.READ, None, None)


async def get_project_type(
    uow: TypesUnitOfWork, principal: Principal, type_id: UUID
) -> ProjectType:
    project_type = await uow.project_types.get(type_id)
    if project_type is None or not type_visible(principal):
        raise NotFound(PROJECT_TYPE, type_id)
    return project_type


async def get_version(
    uow: TypesUnitOfWork, principal: Principal, type_id: UUID, number: int
) -> TemplateVersion:
    await get_project_type(uow, principal, type_id)
    version = await uow.project_types.version(type_id, number)
    if version is None:
        raise NotFound("project_type_version", f"{type_id} v{number}")
    return version


def _clean_text(values: dict[str, Any], name: str, limit: int, *, required: bool) -> None:
    if name not in values:
        return
    value = values[name]
    cleaned = " ".join(str(value).split()) if value is not None else ""
    if not cleaned:
        if required:
            raise ValidationFailed.field(name, "The name cannot be empty.")
        values[name] = None
        return
    if len(cleaned) > limit:
        raise ValidationFailed.field(name, f"At most {limit} characters.")
    values[name] = cleaned


def _clean_type_fields(values: dict[str, Any]) -> dict[str, Any]:
    _clean_text(values, "name", MAX_NAME_LENGTH, required=True)
    _clean_text(values, "name_en", MAX_NAME_LENGTH, required=False)
    _clean_text(values, "name_sv", MAX_NAME_LENGTH, required=False)
    if "description" in values:
        text = (values["description"] or "").strip()
        if len(text) > MAX_DESCRIPTION_LENGTH:
            raise ValidationFailed.field(
                "description", f"At most {MAX_DESCRIPTION_LENGTH} characters."
            )
        values["description"] = text or None
    return values


async def _check_responsibles(uow: TypesUnitOfWork, stages: Sequence[CleanStage]) -> None:
    user_ids = {r.user_id for s in stages for r in s.responsibles.values() if r.user_id}
    team_ids = {r.team_id for s in stages for r in s.responsibles.values() if r.team_id}
    users = await uow.project_types.active_users(user_ids) if user_ids else set()
    teams = await uow.project_types.existing_teams(team_ids) if team_ids else set()
    errors: list[FieldError] = []
    for index, stage in enumerate(stages):
        for line, responsible in enumerate(stage.responsibles.values()):
            loc: tuple[str | int, ...] = ("stages", index, "responsibles", line)
            if responsible.user_id and responsible.user_id not in users:
                errors.append(FieldError((*loc, "user_id"), "No such active user."))
            if responsible.team_id and responsible.team_id not in teams:
                errors.append(FieldError((*loc, "team_id"), "No such team."))
    if errors:
        raise ValidationFailed(errors)


async def _valid_stages(uow: TypesUnitOfWork, stages: Sequence[StageInput]) -> list[CleanStage]:
    cleaned = clean_stages(stages)
    await _check_responsibles(uow, cleaned)
    return cleaned


def _templates(
    rt: Runtime, stages: Sequence[CleanStage], reuse: Mapping[str, UUID] | None = None
) -> tuple[StageTemplate, ...]:
    return tuple(
        StageTemplate(
            id=(reuse or {}).get(stage.key) or rt.ids.new_id(),
            position=index + 1,
            key=stage.key,
            name=stage.name,
            name_en=stage.name_en,
            name_sv=stage.name_sv,
            default_duration_days=stage.default_duration_days,
            is_customer_service=stage.is_customer_service,
            checklist=stage.checklist,
            responsibles=stage.responsibles,
        )
        for index, stage in enumerate(stages)
    )


def _note(note: str | None) -> str | None:
    text = (note or "").strip()
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationFailed.field("note", f"At most {MAX_NOTE_LENGTH} characters.")
    return text or None


async def _audited(
    uow: TypesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    record: ProjectType,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=PROJECT_TYPE,
        record=record,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=None,
        business_unit_id=None,
    )


@dataclass(frozen=True)
class ProjectTypeInput:
    key: str
    name: str
    stages: Sequence[StageInput]
    name_en: str | None = None
    name_sv: str | None = None
    description: str | None = None
    is_active: bool = True


def check_key(key: str, field_name: str = "key") -> str:
    cleaned = key.strip()
    if not KEY_PATTERN.fullmatch(cleaned):
        raise ValidationFailed.field(
            field_name,
            "A key is 2–50 characters: a lowercase letter, then lowercase letters, digits or "
            "underscores.",
        )
    return cleaned


async def create_project_type(
    uow: TypesUnitOfWork, rt: Runtime, principal: Principal, data: ProjectTypeInput
) -> ProjectType:
    """A new type and its template version 1."""
    principal.require_on(PROJECT_TYPE, Action.CREATE, None, None)
    key = check_key(data.key)
    values = _clean_type_fields(
        {
            "name": data.name,
            "name_en": data.name_en,
            "name_sv": data.name_sv,
            "description": data.description,
        }
    )
    stages = await _valid_stages(uow, data.stages)
    existing = await uow.project_types.by_key(key)
    if existing is not None:
        raise Conflict(
            f"A project type with the key {key!r} already exists.", existing_id=existing.id
        )
    now = rt.clock.now()
    type_id = rt.ids.new_id()
    version = TemplateVersion(
        id=rt.ids.new_id(),
        project_type_id=type_id,
        version=1,
        stages=_templates(rt, stages),
        created_at=now,
        created_by=principal.user_id,
    )
    project_type = ProjectType(
        id=type_id,
        key=key,
        is_active=data.is_active,
        current_version=1,
        created_at=now,
        updated_at=now,
        stages=version.stages,
        **values,
    )
    await uow.project_types.add(project_type)
    await uow.project_types.add_version(version)
    await _audited(uow, rt, principal, project_type, Operation.CREATE, None)
    await uow.commit()
    return project_type


EDITABLE = frozenset({"name", "name_en", "name_sv", "description", "is_active"})


async def update_project_type(
    uow: TypesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    type_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> ProjectType:
    """Names, description and whether new projects may use the type (stages: replace_stages)."""
    project_type = await get_project_type(uow, principal, type_id)
    principal.require_on(PROJECT_TYPE, Action.UPDATE, None, None)
    check_version(PROJECT_TYPE, project_type, expected_version)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationFailed.field(sorted(unknown)[0], "This field cannot be changed here.")
    values = _clean_type_fields(dict(changes))
    if "is_active" in values and values["is_active"] is None:
        raise ValidationFailed.field("is_active", "Give true or false.")
    before = snapshot(project_type, BOOKKEEPING)
    if not apply_update(project_type, values, rt.clock.now()):
        return project_type
    await uow.project_types.update(project_type, expected_version)
    await _audited(uow, rt, principal, project_type, Operation.UPDATE, before)
    await uow.commit()
    return project_type


@dataclass(frozen=True)
class StagesReplaced:
    project_type: ProjectType
    # "unchanged": nothing differed; "rewritten": the current version, which no project used,
    # was changed in place; "published": a new version became current.
    outcome: Literal["unchanged", "rewritten", "published"]


async def replace_stages(
    uow: TypesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    type_id: UUID,
    stages: Sequence[StageInput],
    expected_version: int,
    note: str | None = None,
) -> StagesReplaced:
    """Replace the stage list of a type. While no project uses the current version it is
    rewritten in place; once one does, a new version (current + 1) is published and becomes
    current, and the running projects keep theirs."""
    project_type = await get_project_type(uow, principal, type_id)
    principal.require_on(PROJECT_TYPE, Action.UPDATE, None, None)
    check_version(PROJECT_TYPE, project_type, expected_version)
    cleaned = await _valid_stages(uow, stages)
    note = _note(note)
    current = await uow.project_types.version(type_id, project_type.current_version)
    if current is None:  # the tables guarantee it; a broken row is a server error
        raise RuntimeError(f"project type {type_id} lacks version {project_type.current_version}")
    if same_stages(current.stages, cleaned):
        return StagesReplaced(project_type, "unchanged")
    before = snapshot(project_type, BOOKKEEPING)
    now = rt.clock.now()
    if await uow.project_types.version_in_use(current.id):
        version = TemplateVersion(
            id=rt.ids.new_id(),
            project_type_id=type_id,
            version=current.version + 1,
            stages=_templates(rt, cleaned),
            created_at=now,
            created_by=principal.user_id,
            note=note,
        )
        await uow.project_types.add_version(version)
        outcome: Literal["rewritten", "published"] = "published"
    else:
        version = replace(
            current,
            stages=_templates(rt, cleaned, {s.key: s.id for s in current.stages}),
            note=note if note is not None else current.note,
        )
        await uow.project_types.rewrite_version(version)
        outcome = "rewritten"
    project_type.stages = version.stages
    project_type.current_version = version.version
    project_type.version += 1
    project_type.updated_at = now
    await uow.project_types.update(project_type, expected_version)
    await _audited(uow, rt, principal, project_type, Operation.UPDATE, before)
    await uow.commit()
    return StagesReplaced(project_type, outcome)


# ------------------------------------------------------------------ migration


@dataclass(frozen=True)
class MigrationOutcome:
    project_id: UUID
    ok: bool
    problem: str | None = None
    from_version: int | None = None
    changes: Mapping[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class MigrationReport:
    to_version: int
    dry_run: bool
    results: tuple[MigrationOutcome, ...]

    @property
    def migrated(self) -> int:
        """Projects moved (or, in a dry run, that would move)."""
        return sum(1 for r in self.results if r.ok and r.from_version != self.to_version)


def business_day(moment: datetime) -> date:
    return moment.astimezone(BUSINESS_ZONE).date()


async def migrate_projects(
    uow: TypesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    type_id: UUID,
    project_ids: Sequence[UUID],
    to_version: int,
    *,
    dry_run: bool,
) -> MigrationReport:
    """Move chosen projects of a type to another version of its template (see
    `plan_migration` for how stages map). A dry run reports what each project would get and
    any problem; the real run changes all of them or, if any has a problem, none."""
    project_type = await get_project_type(uow, principal, type_id)
    principal.require_on(PROJECT_TYPE, Action.UPDATE, None, None)
    if not project_ids:
        raise ValidationFailed.field("project_ids", "Choose at least one project.")
    if len(project_ids) > MAX_MIGRATION_PROJECTS:
        raise ValidationFailed.field(
            "project_ids", f"At most {MAX_MIGRATION_PROJECTS} projects at a time."
        )
    target = await uow.project_types.version(project_type.id, to_version)
    if target is None:
        raise ValidationFailed.field(
            "to_version",
            f"The type has no version {to_version} (its newest is {project_type.current_version}).",
        )
    now = rt.clock.now()
    versions: dict[UUID, int | None] = {target.id: target.version}
    results: list[MigrationOutcome] = []
    work: list[tuple[MigratingProject, MigrationPlan, int]] = []
    seen: set[UUID] = set()
    for project_id in project_ids:
        if project_id in seen:
            continue
        seen.add(project_id)
        project = await uow.project_migrations.load(project_id)
        if project is None or not principal.allows(
            SALES_PROJECT, Action.READ, project.owner_id, project.business_unit_id
        ):
            results.append(MigrationOutcome(project_id, False, "No such project."))
            continue
        if project.type_version_id not in versions:
            found = await uow.project_types.version_by_id(project.type_version_id)
            versions[project.type_version_id] = found.version if found else None
        from_version = versions[project.type_version_id]
        problem = None
        if project.project_type_id != project_type.id:
            problem = "The project is of another type."
        elif project.status != OPEN:
            problem = f"Only open projects can be migrated; this one is {project.status}."
        elif not principal.allows(
            SALES_PROJECT, Action.UPDATE, project.owner_id, project.business_unit_id
        ):
            problem = "You may not change this project."
        if problem is not None:
            results.append(MigrationOutcome(project_id, False, problem, from_version))
            continue
        if project.type_version_id == target.id:
            results.append(MigrationOutcome(project_id, True, None, from_version))
            continue
        plan = plan_migration(project, target, now=now, new_id=rt.ids.new_id)
        results.append(MigrationOutcome(project_id, True, None, from_version, plan.summary()))
        work.append((project, plan, from_version or 0))
    report = MigrationReport(target.version, dry_run, tuple(results))
    if dry_run:
        return report
    failed = [
        FieldError(("project_ids", list(project_ids).index(r.project_id)), r.problem or "")
        for r in results
        if not r.ok
    ]
    if failed:
        raise ValidationFailed(
            failed, "Nothing was migrated: fix or leave out the projects with problems."
        )
    today = business_day(now)
    for project, plan, from_version in work:
        # The audit line and the changes feed carry the whole project, as every other
        # write of a sales project does (stages are audited on their own).
        full = await uow.sales_projects.get(project.id)
        before = snapshot(full if full is not None else project, BOOKKEEPING)
        expected = project.version
        project.type_version_id = target.id
        project.stages = plan.stages
        project.version += 1
        project.updated_at = now
        await uow.project_migrations.save(project, plan, expected)
        await uow.project_migrations.add_event(
            MigrationEvent(
                id=rt.ids.new_id(),
                project_id=project.id,
                kind=MIGRATED,
                happened_on=today,
                at=now,
                by_id=principal.user_id,
                data={
                    "project_type_id": str(project_type.id),
                    "from_version": from_version,
                    "to_version": target.version,
                    **plan.summary(),
                },
            )
        )
        audited: Any = project
        if full is not None:
            full.type_version_id = project.type_version_id
            full.version = project.version
            full.updated_at = project.updated_at
            audited = full
        await record_write(
            uow.audit,
            entity=SALES_PROJECT,
            record=audited,
            operation=Operation.UPDATE,
            before=before,
            by=principal.user_id,
            at=now,
            owner_id=project.owner_id,
            business_unit_id=project.business_unit_id,
        )
    await uow.commit()
    return report
