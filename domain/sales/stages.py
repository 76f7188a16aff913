"""Stage use cases: complete the current stage, skip a stage, insert an extra stage, edit a
stage. Each is one transaction that bumps the project's version (stage writes take the
project's ETag in If-Match), saves the stages it changed with their field history, and
appends the stage history the monthly movement report reads.

Who may work on a stage: anyone whose sales_project update privilege reaches the project;
besides them, the current stage's responsible user (or a member of its responsible team)
may complete, skip or annotate that stage when they can read the project. A done or
skipped stage may be edited only by a manager: the update privilege at business-unit
depth or deeper, reaching the project.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from uuid import UUID

from domain.sales.model import (
    EXTRA_STAGE_KEY,
    MAX_CHECKLIST_ITEMS,
    ChecklistItem,
    EventKind,
    ProjectStage,
    SalesProject,
    StageStatus,
    check_completion,
    check_date,
    check_past_date,
    check_skip,
    clean_name,
    clean_text,
    next_stage,
    renumber,
    today,
)
from domain.sales.ports import SalesRuntime, SalesUnitOfWork
from domain.sales.projects import (
    PROJECT_STAGE,
    SALES_PROJECT,
    Templates,
    audit_project,
    audit_stage,
    check_responsible,
    get_stages,
    is_responsible,
    log_event,
    may_update,
    notify_assigned,
    start_stage,
)
from domain.shared import (
    BOOKKEEPING,
    Action,
    Depth,
    FieldError,
    Forbidden,
    InvalidTransition,
    NotFound,
    Operation,
    Principal,
    ValidationFailed,
    check_version,
    snapshot,
)

NOTE_MAX = 2000
REASON_MAX = 500


def is_manager(principal: Principal, project: SalesProject) -> bool:
    """The update privilege at business-unit depth or deeper, reaching the project."""
    return principal.depth(SALES_PROJECT, Action.UPDATE) >= Depth.BUSINESS_UNIT and may_update(
        principal, project
    )


@dataclass
class _Work:
    """A project and its stages as loaded, with snapshots to save only what changed."""

    project: SalesProject
    stages: list[ProjectStage]
    before_project: dict[str, Any]
    before_stages: dict[UUID, dict[str, Any]]
    added: list[ProjectStage]

    def stage(self, stage_id: UUID) -> ProjectStage:
        found = next((s for s in self.stages if s.id == stage_id), None)
        if found is None:
            raise NotFound(PROJECT_STAGE, stage_id)
        return found

    def is_current(self, stage: ProjectStage) -> bool:
        return stage.id == self.project.current_stage_id

    @property
    def current(self) -> ProjectStage | None:
        return next((s for s in self.stages if s.id == self.project.current_stage_id), None)


async def _load(
    uow: SalesUnitOfWork, principal: Principal, project_id: UUID, stage_id: UUID | None
) -> tuple[_Work, ProjectStage | None]:
    project, stages = await get_stages(uow, principal, project_id)
    work = _Work(
        project,
        stages,
        snapshot(project, BOOKKEEPING),
        {s.id: snapshot(s, BOOKKEEPING) for s in stages},
        [],
    )
    return work, work.stage(stage_id) if stage_id is not None else None


def _require_open(project: SalesProject) -> None:
    if project.status.is_closed:
        raise InvalidTransition(
            f"The project is {project.status.value}: reopen it before working on its stages.",
            allowed=[],
        )


async def _require_stage_work(
    uow: SalesUnitOfWork, principal: Principal, work: _Work, stage: ProjectStage, action: str
) -> None:
    """The update privilege on the project, or: the caller is responsible for this stage
    and it is the current one."""
    if may_update(principal, work.project):
        return
    if work.is_current(stage) and await is_responsible(uow, principal, stage):
        return
    raise Forbidden(
        f"To {action} this stage you need the update privilege on the project, or to be "
        "responsible for it while it is the current stage."
    )


async def _save(
    uow: SalesUnitOfWork,
    rt: SalesRuntime,
    principal: Principal,
    work: _Work,
    expected_version: int,
) -> None:
    now = rt.clock.now()
    project = work.project
    for stage in work.stages:
        if stage in work.added:
            await uow.sales_stages.add(stage)
            await audit_stage(uow, rt, principal, project, stage, Operation.CREATE, None)
            continue
        before = work.before_stages[stage.id]
        if snapshot(stage, BOOKKEEPING) == before:
            continue
        stage.version += 1
        stage.updated_at = now
        await uow.sales_stages.update(stage)
        await audit_stage(uow, rt, principal, project, stage, Operation.UPDATE, before)
    changed = snapshot(project, BOOKKEEPING) != work.before_project
    project.version = expected_version + 1
    project.updated_at = now
    await uow.sales_projects.update(project, expected_version)
    if changed:  # a stage-only change is in the stage's own history
        await audit_project(uow, rt, principal, project, Operation.UPDATE, work.before_project)


async def _advance(
    uow: SalesUnitOfWork,
    rt: SalesRuntime,
    principal: Principal,
    work: _Work,
    after: ProjectStage,
    start: date,
    chosen_user_id: UUID | None,
) -> ProjectStage | None:
    """The next stage that has not started becomes current from `start`; none left: the
    project has no current stage (it stays open until it is won, lost or cancelled)."""
    following = next_stage(work.stages, after.position)
    if following is None:
        if chosen_user_id is not None:
            raise ValidationFailed.field(
                "next_responsible_user_id", "There is no next stage to hand over to."
            )
        work.project.current_stage_id = None
        return None
    if chosen_user_id is not None:
        await check_responsible(uow, chosen_user_id, None, "next_responsible_user_id")
    template = await Templates(uow).stage(work.project, following)
    await start_stage(
        uow, rt, principal, work.project, following, start, template, chosen_user_id=chosen_user_id
    )
    return following


# ------------------------------------------------------------------ complete


async def complete_stage(
    uow: SalesUnitOfWork,
    rt: SalesRuntime,
    principal: Principal,
    project_id: UUID,
    stage_id: UUID,
    expected_version: int,
    *,
    completed_on: date,
    note: str | None = None,
    next_responsible_user_id: UUID | None = None,
) -> SalesProject:
    """Mark the current stage done on `completed_on` (not in the future, not before the
    project opened) and hand the project to its next stage, whose responsible is notified.
    Completing the last stage leaves the project open: winning it is a separate step."""
    work, stage = await _load(uow, principal, project_id, stage_id)
    assert stage is not None  # noqa: S101 - a stage id was given
    await _require_stage_work(uow, principal, work, stage, "complete")
    check_version(SALES_PROJECT, work.project, expected_version)
    _require_open(work.project)
    check_completion(stage, work.is_current(stage))
    now = rt.clock.now()
    check_past_date(completed_on, "completed_on", now, not_before=work.project.opened_on)
    text = _note(note)
    stage.status = StageStatus.DONE
    stage.completed_on = completed_on
    if text is not None:
        stage.note = text
    project = work.project
    if project.last_progress_on is None or completed_on > project.last_progress_on:
        project.last_progress_on = completed_on
    await log_event(
        uow,
        rt,
        principal,
        project,
        EventKind.STAGE_COMPLETED,
        completed_on,
        stage=stage,
        data={"key": stage.key, "note": text},
    )
    following = await _advance(
        uow, rt, principal, work, stage, completed_on, next_responsible_user_id
    )
    await _save(uow, rt, principal, work, expected_version)
    if following is not None:
        await notify_assigned(uow, rt, principal, project, following, text)
    await uow.commit()
    return project


def _note(note: str | None) -> str | None:
    text = clean_text(note)
    if text is not None and len(text) > NOTE_MAX:
        raise ValidationFailed.field("note", f"The note is at most {NOTE_MAX} characters.")
    return text


# ------------------------------------------------------------------ skip


async def skip_stage(
    uow: SalesUnitOfWork,
    rt: SalesRuntime,
    principal: Principal,
    project_id: UUID,
    stage_id: UUID,
    expected_version: int,
    *,
    reason: str,
    next_responsible_user_id: UUID | None = None,
) -> SalesProject:
    """Skip a stage that has not started, or the current one (then the next stage becomes
    current today, without a completion). A done stage cannot be skipped."""
    work, stage = await _load(uow, principal, project_id, stage_id)
    assert stage is not None  # noqa: S101 - a stage id was given
    await _require_stage_work(uow, principal, work, stage, "skip")
    check_version(SALES_PROJECT, work.project, expected_version)
    _require_open(work.project)
    was_current = work.is_current(stage)
    check_skip(stage, was_current)
    why = clean_text(reason)
    if why is None:
        raise ValidationFailed.field("reason", "Say why the stage is skipped.")
    if len(why) > REASON_MAX:
        raise ValidationFailed.field("reason", f"The reason is at most {REASON_MAX} characters.")
    if not was_current and next_responsible_user_id is not None:
        raise ValidationFailed.field(
            "next_responsible_user_id", "Only skipping the current stage hands the project over."
        )
    now = rt.clock.now()
    day = today(now)
    stage.status = StageStatus.SKIPPED
    stage.skip_reason = why
    await log_event(
        uow,
        rt,
        principal,
        work.project,
        EventKind.STAGE_SKIPPED,
        day,
        stage=stage,
        data={"key": stage.key, "reason": why, "was_current": was_current},
    )
    following = None
    if was_current:
        following = await _advance(uow, rt, principal, work, stage, day, next_responsible_user_id)
    await _save(uow, rt, principal, work, expected_version)
    if following is not None:
        await notify_assigned(uow, rt, principal, work.project, following)
    await uow.commit()
    return work.project


# ------------------------------------------------------------------ insert


@dataclass(frozen=True)
class StageInsert:
    name: str
    after_stage_id: UUID
    responsible_user_id: UUID | None = None
    responsible_team_id: UUID | None = None
    due_date: date | None = None
    is_customer_service: bool = False
    checklist: tuple[str, ...] = ()


def _checklist_items(items: Sequence[str]) -> tuple[ChecklistItem, ...]:
    cleaned = [" ".join(i.split()) for i in items]
    errors = [
        FieldError(("checklist", n), "A checklist item is 1–200 characters.")
        for n, item in enumerate(cleaned)
        if not item or len(item) > 200
    ]
    if len(cleaned) > MAX_CHECKLIST_ITEMS:
        errors.append(FieldError(("checklist",), f"At most {MAX_CHECKLIST_ITEMS} items."))
    if len(set(cleaned)) != len(cleaned):
        errors.append(FieldError(("checklist",), "The same item is listed twice."))
    if errors:
        raise ValidationFailed(errors)
    return tuple(ChecklistItem(item) for item in cleaned)


async def insert_stage(
    uow: SalesUnitOfWork,
    rt: SalesRuntime,
    principal: Principal,
    project_id: UUID,
    data: StageInsert,
    expected_version: int,
) -> tuple[SalesProject, ProjectStage]:
    """Add an extra stage (no template) after the current stage or a later one. When the
    project has no current stage left, the extra stage goes after the last one and becomes
    current at once."""
    work, _ = await _load(uow, principal, project_id, None)
    project = work.project
    principal.require_on(SALES_PROJECT, Action.UPDATE, project.owner_id, project.business_unit_id)
    check_version(SALES_PROJECT, project, expected_version)
    _require_open(project)
    name = clean_name(data.name)
    anchor = next((s for s in work.stages if s.id == data.after_stage_id), None)
    if anchor is None:
        raise ValidationFailed.field("after_stage_id", "No such stage in this project.")
    current = work.current
    if current is not None and anchor.position < current.position:
        raise ValidationFailed.field(
            "after_stage_id", "An extra stage goes after the current stage or a later one."
        )
    if current is None and anchor.position < max(s.position for s in work.stages):
        raise ValidationFailed.field(
            "after_stage_id", "The project has no current stage: add the extra stage last."
        )
    await check_responsible(uow, data.responsible_user_id, data.responsible_team_id)
    check_date(data.due_date, "due_date")
    now = rt.clock.now()
    stage = ProjectStage(
        id=rt.ids.new_id(),
        project_id=project.id,
        position=0,
        key=EXTRA_STAGE_KEY,
        name=name,
        is_customer_service=data.is_customer_service,
        responsible_user_id=data.responsible_user_id,
        responsible_team_id=data.responsible_team_id,
        due_date=data.due_date,
        checklist=_checklist_items(data.checklist),
        created_at=now,
        updated_at=now,
    )
    ordered = sorted(work.stages, key=lambda s: s.position)
    ordered.insert(ordered.index(anchor) + 1, stage)
    renumber(ordered)
    work.stages = ordered
    work.added.append(stage)
    day = today(now)
    await log_event(
        uow,
        rt,
        principal,
        project,
        EventKind.STAGE_INSERTED,
        day,
        stage=stage,
        data={"key": stage.key, "name": name, "position": stage.position, "after": anchor.key},
    )
    if current is None:
        await start_stage(uow, rt, principal, project, stage, day, None)
    await _save(uow, rt, principal, work, expected_version)
    if current is None:
        await notify_assigned(uow, rt, principal, project, stage)
    await uow.commit()
    return project, stage


# ------------------------------------------------------------------ edit

STAGE_FIELDS = frozenset(
    {"responsible_user_id", "responsible_team_id", "due_date", "note", "checklist"}
)
# What the current stage's responsible may change without the update privilege.
RESPONSIBLE_FIELDS = frozenset({"note", "checklist"})


def _checklist_flags(
    stage: ProjectStage, flags: Sequence[ChecklistItem]
) -> tuple[ChecklistItem, ...]:
    """The stage's checklist with the done flags of the items named (by their text)."""
    wanted: dict[str, bool] = {}
    errors = []
    texts = {c.item for c in stage.checklist}
    for index, flag in enumerate(flags):
        if flag.item not in texts:
            errors.append(
                FieldError(("checklist", index, "item"), "The stage has no such checklist item.")
            )
        wanted[flag.item] = flag.done
    if errors:
        raise ValidationFailed(errors)
    return tuple(replace(c, done=wanted.get(c.item, c.done)) for c in stage.checklist)


async def update_stage(
    uow: SalesUnitOfWork,
    rt: SalesRuntime,
    principal: Principal,
    project_id: UUID,
    stage_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> SalesProject:
    """Change a stage's responsible, due date, note or checklist done flags. A new
    responsible of the current stage is notified (stage_reassigned in the history)."""
    work, stage = await _load(uow, principal, project_id, stage_id)
    assert stage is not None  # noqa: S101 - a stage id was given
    project = work.project
    unknown = sorted(set(changes) - STAGE_FIELDS)
    if unknown:
        raise ValidationFailed.field(unknown[0], "This field of a stage cannot be changed here.")
    if stage.status.is_finished:
        if not is_manager(principal, project):
            raise Forbidden(
                f"The stage is {stage.status.value}: only a manager (the update privilege on "
                "sales projects at business-unit depth or deeper) may edit it."
            )
    elif not may_update(principal, project):
        responsible_edit = set(changes) <= RESPONSIBLE_FIELDS
        if not (
            responsible_edit
            and work.is_current(stage)
            and await is_responsible(uow, principal, stage)
        ):
            raise Forbidden(
                "Editing this stage needs the update privilege on the project (the current "
                "stage's responsible may change its note and checklist)."
            )
    check_version(SALES_PROJECT, project, expected_version)
    _require_open(project)
    old_responsible = stage.responsible
    if "responsible_user_id" in changes or "responsible_team_id" in changes:
        user_id = changes.get("responsible_user_id")
        team_id = changes.get("responsible_team_id")
        if "responsible_user_id" not in changes and team_id is None:
            user_id = stage.responsible_user_id
        if "responsible_team_id" not in changes and user_id is None:
            team_id = stage.responsible_team_id
        await check_responsible(uow, user_id, team_id)
        stage.responsible_user_id, stage.responsible_team_id = user_id, team_id
    if "due_date" in changes:
        stage.due_date = check_date(changes["due_date"], "due_date")
    if "note" in changes:
        stage.note = _note(changes["note"])
    if "checklist" in changes:
        stage.checklist = _checklist_flags(stage, changes["checklist"] or ())
    if snapshot(stage, BOOKKEEPING) == work.before_stages[stage.id]:
        return project  # nothing changed: no new version, no history noise
    reassigned = stage.responsible != old_responsible
    if reassigned:
        await log_event(
            uow,
            rt,
            principal,
            project,
            EventKind.STAGE_REASSIGNED,
            today(rt.clock.now()),
            stage=stage,
            data={
                "key": stage.key,
                "from_user_id": old_responsible[0],
                "from_team_id": old_responsible[1],
                "to_user_id": stage.responsible_user_id,
                "to_team_id": stage.responsible_team_id,
            },
        )
    await _save(uow, rt, principal, work, expected_version)
    if reassigned and work.is_current(stage):
        await notify_assigned(uow, rt, principal, project, stage)
    await uow.commit()
    return project


__all__ = [
    "StageInsert",
    "complete_stage",
    "insert_stage",
    "is_manager",
    "skip_stage",
    "update_stage",
]
