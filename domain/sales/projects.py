"""Sales project use cases: create (stages from the type's current template version), read,
edit, change status; and the steps the stage use cases (`stages`) share: visibility,
ownership, audit, the stage history, starting a stage and notifying its responsible."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain import notifications
from domain.notifications import Notice, NotificationKind
from domain.sales.model import (
    CLOSING_EVENTS,
    EARLIEST,
    ChecklistItem,
    EventKind,
    ProjectContact,
    ProjectEvent,
    ProjectStage,
    ProjectStatus,
    SalesProject,
    StageStatus,
    check_date,
    check_past_date,
    check_probability,
    check_status_change,
    check_value,
    clean_contacts,
    clean_name,
    clean_text,
    due_date,
    start_moment,
    today,
)
from domain.sales.ports import RecordRef, SalesRuntime, SalesUnitOfWork
from domain.sales.types import StageTemplate, TemplateVersion, default_responsible
from domain.shared import (
    BOOKKEEPING,
    Action,
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
from domain.shared.ownership import owner_and_unit as shared_owner_and_unit
from domain.shared.passivity import refuse_if_passive

SALES_PROJECT = "sales_project"
PROJECT_STAGE = "project_stage"


# ------------------------------------------------------------------ shared steps


def can_read(principal: Principal, project: SalesProject) -> bool:
    """The same rule as persistence.scoping.readable on sales_projects."""
    return principal.reads(
        SALES_PROJECT, project.owner_id, project.business_unit_id, account_ids=[project.account_id]
    )


def may_update(principal: Principal, project: SalesProject) -> bool:
    return principal.allows(
        SALES_PROJECT, Action.UPDATE, project.owner_id, project.business_unit_id
    )


async def get_project(uow: SalesUnitOfWork, principal: Principal, project_id: UUID) -> SalesProject:
    project = await uow.sales_projects.get(project_id)
    if project is None or not can_read(principal, project):
        raise NotFound(SALES_PROJECT, project_id)
    return project


async def get_stages(
    uow: SalesUnitOfWork, principal: Principal, project_id: UUID
) -> tuple[SalesProject, list[ProjectStage]]:
    project = await get_project(uow, principal, project_id)
    return project, await uow.sales_stages.for_project(project.id)


async def owner_and_unit(
    uow: SalesUnitOfWork,
    principal: Principal,
    owner_id: UUID | None,
    business_unit_id: UUID | None,
) -> tuple[UUID, UUID]:
    """The shared ownership rule (`domain.shared.ownership`) with this context's directory."""

    async def unit_of_active_user(user_id: UUID) -> UUID | None:
        colleague = await uow.sales_people.colleague(user_id)
        return colleague.business_unit_id if colleague and colleague.is_active else None

    return await shared_owner_and_unit(
        principal,
        SALES_PROJECT,
        owner_id,
        business_unit_id,
        unit_of_active_user=unit_of_active_user,
        unit_exists=uow.sales_people.business_unit_exists,
    )


async def audit_project(
    uow: SalesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    project: SalesProject,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=SALES_PROJECT,
        record=project,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=project.owner_id,
        business_unit_id=project.business_unit_id,
    )


async def audit_stage(
    uow: SalesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    project: SalesProject,
    stage: ProjectStage,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    """A stage's field history (entity project_stage), scoped like its project."""
    await record_write(
        uow.audit,
        entity=PROJECT_STAGE,
        record=stage,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=project.owner_id,
        business_unit_id=project.business_unit_id,
    )


def _json(value: Any) -> Any:
    if isinstance(value, UUID | date):
        return str(value) if isinstance(value, UUID) else value.isoformat()
    return value


async def log_event(
    uow: SalesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    project: SalesProject,
    kind: EventKind,
    happened_on: date,
    *,
    stage: ProjectStage | None = None,
    data: Mapping[str, Any] | None = None,
) -> ProjectEvent:
    event = ProjectEvent(
        id=rt.ids.new_id(),
        project_id=project.id,
        kind=kind,
        happened_on=happened_on,
        at=rt.clock.now(),
        by_id=principal.user_id,
        stage_id=stage.id if stage is not None else None,
        data={k: _json(v) for k, v in data.items()} if data is not None else None,
    )
    await uow.sales_log.append(event)
    return event


async def check_responsible(
    uow: SalesUnitOfWork,
    user_id: UUID | None,
    team_id: UUID | None,
    user_field: str = "responsible_user_id",
    team_field: str = "responsible_team_id",
) -> None:
    if user_id is not None and team_id is not None:
        raise ValidationFailed.field(
            user_field, "A stage's responsible is a user or a team, not both."
        )
    if user_id is not None:
        colleague = await uow.sales_people.colleague(user_id)
        if colleague is None or not colleague.is_active:
            raise ValidationFailed.field(user_field, "No such active user.")
    if team_id is not None and await uow.sales_people.team(team_id) is None:
        raise ValidationFailed.field(team_field, "No such team.")


async def is_responsible(uow: SalesUnitOfWork, principal: Principal, stage: ProjectStage) -> bool:
    """The stage's responsible user, or a member of its responsible team."""
    if stage.responsible_user_id is not None:
        return stage.responsible_user_id == principal.user_id
    if stage.responsible_team_id is not None:
        team = await uow.sales_people.team(stage.responsible_team_id)
        return team is not None and principal.user_id in team.member_ids
    return False


async def notify_assigned(
    uow: SalesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    project: SalesProject,
    stage: ProjectStage,
    note: str | None = None,
) -> None:
    """Tell the stage's responsible (or every member of its team) that the stage is theirs
    now; never the one who handed it over."""
    recipients: set[UUID] = set()
    if stage.responsible_user_id is not None:
        recipients.add(stage.responsible_user_id)
    elif stage.responsible_team_id is not None:
        team = await uow.sales_people.team(stage.responsible_team_id)
        recipients |= set(team.member_ids) if team is not None else set()
    recipients.discard(principal.user_id)
    params = {
        "project": project.name,
        "stage": stage.name,
        "due": stage.due_date.isoformat() if stage.due_date else "",
        "by": principal.name,
        "note": note or "",
    }
    for user_id in sorted(recipients):
        await notifications.notify(
            uow,
            rt,
            Notice(
                user_id=user_id,
                kind=NotificationKind.STAGE_ASSIGNED,
                params=params,
                record_type=SALES_PROJECT,
                record_id=project.id,
            ),
        )


class Templates:
    """The template versions one use case looks at, loaded once each."""

    def __init__(self, uow: SalesUnitOfWork) -> None:
        self.uow = uow
        self._versions: dict[UUID, TemplateVersion | None] = {}

    async def version(self, version_id: UUID) -> TemplateVersion | None:
        if version_id not in self._versions:
            self._versions[version_id] = await self.uow.sales_templates.version(version_id)
        return self._versions[version_id]

    async def stage(self, project: SalesProject, stage: ProjectStage) -> StageTemplate | None:
        if stage.template_stage_id is None:
            return None
        version = await self.version(project.type_version_id)
        if version is None:
            return None
        return next((t for t in version.stages if t.id == stage.template_stage_id), None)


async def start_stage(
    uow: SalesUnitOfWork,
    rt: SalesRuntime,
    principal: Principal,
    project: SalesProject,
    stage: ProjectStage,
    start: date,
    template: StageTemplate | None,
    *,
    chosen_user_id: UUID | None = None,
    chosen_team_id: UUID | None = None,
    log: bool = True,
) -> None:
    """Make `stage` the project's current stage from business date `start`: its responsible
    is the one chosen, else the one already planned on it, else the template's default for
    the project's region; it is due the template's number of working days after `start`
    (unless a due date was planned). Logs stage_started (unless `log` is false: the caller
    logs it with `log_started` once the project is stored); does not notify or save."""
    if chosen_user_id is not None or chosen_team_id is not None:
        stage.responsible_user_id, stage.responsible_team_id = chosen_user_id, chosen_team_id
    elif stage.responsible == (None, None) and template is not None:
        stage.responsible_user_id, stage.responsible_team_id = default_responsible(
            template, project.region
        )
    if stage.due_date is None and template is not None:
        stage.due_date = due_date(rt.calendar, start, template.default_duration_days)
    stage.status = StageStatus.IN_PROGRESS
    stage.started_at = start_moment(start, rt.clock.now())
    project.current_stage_id = stage.id
    if log:
        await log_started(uow, rt, principal, project, stage, start)


async def log_started(
    uow: SalesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    project: SalesProject,
    stage: ProjectStage,
    start: date,
) -> None:
    await log_event(
        uow,
        rt,
        principal,
        project,
        EventKind.STAGE_STARTED,
        start,
        stage=stage,
        data={
            "key": stage.key,
            "responsible_user_id": stage.responsible_user_id,
            "responsible_team_id": stage.responsible_team_id,
            "due_date": stage.due_date,
        },
    )


def stages_from_template(
    rt: Runtime, project: SalesProject, template: TemplateVersion
) -> list[ProjectStage]:
    """Every stage of the version, not started, each with its planned responsible (the
    template's default for the project's region)."""
    now = rt.clock.now()
    stages = []
    for position, t in enumerate(sorted(template.stages, key=lambda s: s.position), start=1):
        user_id, team_id = default_responsible(t, project.region)
        stages.append(
            ProjectStage(
                id=rt.ids.new_id(),
                project_id=project.id,
                position=position,
                key=t.key,
                name=t.name,
                name_en=t.name_en,
                name_sv=t.name_sv,
                is_customer_service=t.is_customer_service,
                template_stage_id=t.id,
                responsible_user_id=user_id,
                responsible_team_id=team_id,
                checklist=tuple(ChecklistItem(item) for item in t.checklist),
                created_at=now,
                updated_at=now,
            )
        )
    return stages


# ------------------------------------------------------------------ customers


def _readable(principal: Principal, entity: str, ref: RecordRef | None) -> bool:
    if ref is None:
        return False
    accounts = [ref.id] if entity == "account" else list(ref.account_ids)
    return principal.reads(entity, ref.owner_id, ref.business_unit_id, account_ids=accounts)


async def _account(uow: SalesUnitOfWork, principal: Principal, account_id: UUID) -> RecordRef:
    """The new project's account: visible to the caller, and not passive."""
    account = await uow.sales_customers.account(account_id)
    if account is None or not _readable(principal, "account", account):
        raise ValidationFailed.field("account_id", "No such account.")
    refuse_if_passive(account.name, account.passive_since, account.passive_reason, "sales projects")
    return account


async def _contacts(
    uow: SalesUnitOfWork,
    principal: Principal,
    account_id: UUID,
    contacts: Sequence[ProjectContact],
) -> tuple[ProjectContact, ...]:
    """Each contact exists, is visible to the caller, and (when linked to accounts at all)
    is linked to the project's account."""
    cleaned = clean_contacts(contacts)
    for index, link in enumerate(cleaned):
        contact = await uow.sales_customers.contact(link.contact_id)
        if contact is None or not _readable(principal, "contact", contact):
            raise ValidationFailed([_contact_error(index, "No such contact.")])
        if contact.account_ids and account_id not in contact.account_ids:
            raise ValidationFailed(
                [_contact_error(index, "The contact is not linked to the project's account.")]
            )
    return cleaned


def _contact_error(index: int, msg: str) -> FieldError:
    return FieldError(("contacts", index, "contact_id"), msg)


# ------------------------------------------------------------------ create


@dataclass(frozen=True)
class ProjectInput:
    name: str
    account_id: UUID
    project_type_id: UUID
    region: str | None = None  # None: the account's region
    estimated_value: Decimal | None = None
    probability: int | None = None
    expected_decision_date: date | None = None
    opened_on: date | None = None  # None: today
    description: str | None = None
    source_lead_id: UUID | None = None
    contacts: tuple[ProjectContact, ...] = ()
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None
    # The first stage's responsible; None: the template's default for the region.
    first_responsible_user_id: UUID | None = None


def _clean_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "name" in clean:
        clean["name"] = clean_name(clean["name"])
    for name in ("region", "description"):
        if name in clean:
            clean[name] = clean_text(clean[name])
    if clean.get("region") is not None and len(clean["region"]) > 100:
        raise ValidationFailed.field("region", "The region is at most 100 characters.")
    if "estimated_value" in clean:
        clean["estimated_value"] = check_value(clean["estimated_value"])
    if "probability" in clean:
        clean["probability"] = check_probability(clean["probability"])
    if "expected_decision_date" in clean:
        check_date(clean["expected_decision_date"], "expected_decision_date")
    return clean


async def create_project(
    uow: SalesUnitOfWork, rt: SalesRuntime, principal: Principal, data: ProjectInput
) -> SalesProject:
    principal.require(SALES_PROJECT, Action.CREATE)
    owner, unit = await owner_and_unit(uow, principal, data.owner_id, data.business_unit_id)
    principal.require_on(SALES_PROJECT, Action.CREATE, owner, unit)
    values = _clean_fields(
        {
            "name": data.name,
            "estimated_value": data.estimated_value,
            "probability": data.probability,
            "expected_decision_date": data.expected_decision_date,
            "description": data.description,
        }
    )
    account = await _account(uow, principal, data.account_id)
    region = (
        _clean_fields({"region": data.region})["region"]
        if data.region is not None
        else (account.region)
    )
    contacts = await _contacts(uow, principal, account.id, data.contacts)
    project_type = await uow.sales_templates.project_type(data.project_type_id)
    if project_type is None or not project_type.is_active:
        raise ValidationFailed.field("project_type_id", "No such active project type.")
    template = await uow.sales_templates.current_version(project_type.id)
    if template is None or not template.stages:
        raise ValidationFailed.field("project_type_id", "The project type has no stages.")
    now = rt.clock.now()
    opened_on = check_past_date(data.opened_on or today(now), "opened_on", now, not_before=EARLIEST)
    if data.first_responsible_user_id is not None:
        await check_responsible(
            uow, data.first_responsible_user_id, None, "first_responsible_user_id"
        )
    project = SalesProject(
        id=rt.ids.new_id(),
        account_id=account.id,
        project_type_id=project_type.id,
        type_version_id=template.id,
        opened_on=opened_on,
        owner_id=owner,
        business_unit_id=unit,
        created_at=now,
        updated_at=now,
        region=region,
        source_lead_id=data.source_lead_id,
        contacts=contacts,
        created_by=principal.user_id,
        **values,
    )
    stages = stages_from_template(rt, project, template)
    first = stages[0]
    first_template = min(template.stages, key=lambda s: s.position)
    await start_stage(
        uow,
        rt,
        principal,
        project,
        first,
        opened_on,
        first_template,
        chosen_user_id=data.first_responsible_user_id,
        log=False,
    )
    await uow.sales_projects.add(project)
    for stage in stages:
        await uow.sales_stages.add(stage)
        await audit_stage(uow, rt, principal, project, stage, Operation.CREATE, None)
    await audit_project(uow, rt, principal, project, Operation.CREATE, None)
    await log_event(
        uow,
        rt,
        principal,
        project,
        EventKind.OPENED,
        opened_on,
        data={
            "project_type_id": project.project_type_id,
            "type_version_id": project.type_version_id,
            "version": template.version,
        },
    )
    await log_started(uow, rt, principal, project, first, opened_on)
    await notify_assigned(uow, rt, principal, project, first)
    await uow.commit()
    return project


# ------------------------------------------------------------------ edit

EDITABLE = frozenset(
    {
        "name",
        "region",
        "estimated_value",
        "probability",
        "expected_decision_date",
        "description",
        "owner_id",
        "business_unit_id",
        "contacts",
        "source_lead_id",
    }
)
ELSEWHERE = {
    "status": "Change the status with POST /sales-projects/{id}/status.",
    "status_reason": "Change the status with POST /sales-projects/{id}/status.",
    "closed_on": "Change the status with POST /sales-projects/{id}/status.",
    "current_stage_id": "Move the project on by completing or skipping its current stage.",
}


async def _redefault_planned(
    uow: SalesUnitOfWork,
    rt: Runtime,
    principal: Principal,
    project: SalesProject,
    old_region: str | None,
) -> None:
    """After a change of region, stages not started yet whose planned responsible is the old
    region's default get the new region's default (a responsible chosen by hand stays)."""
    templates = Templates(uow)
    for stage in await uow.sales_stages.for_project(project.id):
        if stage.status is not StageStatus.NOT_STARTED:
            continue
        template = await templates.stage(project, stage)
        if template is None or stage.responsible != default_responsible(template, old_region):
            continue
        wanted = default_responsible(template, project.region)
        if wanted == stage.responsible:
            continue
        before = snapshot(stage, BOOKKEEPING)
        stage.responsible_user_id, stage.responsible_team_id = wanted
        stage.version += 1
        stage.updated_at = rt.clock.now()
        await uow.sales_stages.update(stage)
        await audit_stage(uow, rt, principal, project, stage, Operation.UPDATE, before)


async def update_project(
    uow: SalesUnitOfWork,
    rt: SalesRuntime,
    principal: Principal,
    project_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> SalesProject:
    project = await get_project(uow, principal, project_id)
    for name, msg in ELSEWHERE.items():
        if name in changes:
            raise ValidationFailed.field(name, msg)
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise ValidationFailed.field(unknown[0], "This field cannot be changed.")
    principal.require_on(SALES_PROJECT, Action.UPDATE, project.owner_id, project.business_unit_id)
    check_version(SALES_PROJECT, project, expected_version)
    values = _clean_fields(changes)
    if "owner_id" in values or "business_unit_id" in values:
        owner, unit = await owner_and_unit(
            uow,
            principal,
            values.get("owner_id") or project.owner_id,
            values.get("business_unit_id"),
        )
        principal.require_on(
            SALES_PROJECT, Action.ASSIGN, project.owner_id, project.business_unit_id
        )
        values["owner_id"], values["business_unit_id"] = owner, unit
    if "contacts" in values:
        values["contacts"] = await _contacts(
            uow, principal, project.account_id, values["contacts"] or ()
        )
    old_region = project.region
    before = snapshot(project, BOOKKEEPING)
    if not apply_update(project, values, rt.clock.now()):
        return project
    await uow.sales_projects.update(project, expected_version)
    await audit_project(uow, rt, principal, project, Operation.UPDATE, before)
    if project.region != old_region:
        await _redefault_planned(uow, rt, principal, project, old_region)
    await uow.commit()
    return project


# ------------------------------------------------------------------ status


async def change_status(
    uow: SalesUnitOfWork,
    rt: SalesRuntime,
    principal: Principal,
    project_id: UUID,
    target: ProjectStatus,
    expected_version: int,
    *,
    reason: str | None = None,
    closed_on: date | None = None,
) -> SalesProject:
    """open → won | lost | cancelled (a reason for lost and cancelled; closed on today unless
    told, never in the future); a closed project → open again (reopening needs a reason)."""
    project = await get_project(uow, principal, project_id)
    principal.require_on(SALES_PROJECT, Action.UPDATE, project.owner_id, project.business_unit_id)
    check_version(SALES_PROJECT, project, expected_version)
    why = clean_text(reason)
    if why is not None and len(why) > 500:
        raise ValidationFailed.field("reason", "The reason is at most 500 characters.")
    check_status_change(project.status, target, why)
    now = rt.clock.now()
    previous = project.status
    before = snapshot(project, BOOKKEEPING)
    if target is ProjectStatus.OPEN:
        if closed_on is not None:
            raise ValidationFailed.field("closed_on", "Only closing a project takes a date.")
        happened_on = today(now)
        project.status, project.status_reason, project.closed_on = target, None, None
        kind = EventKind.REOPENED
    else:
        # A project reopened on day D cannot have closed before D: the monthly report reads
        # the days, and would count it open while it says closed.
        reopened_on = await uow.sales_log.last_reopened_on(project.id)
        happened_on = check_past_date(
            closed_on or today(now),
            "closed_on",
            now,
            not_before=max(project.opened_on, reopened_on or project.opened_on),
        )
        project.status, project.status_reason, project.closed_on = target, why, happened_on
        kind = CLOSING_EVENTS[target]
    project.version += 1
    project.updated_at = now
    await uow.sales_projects.update(project, expected_version)
    await audit_project(uow, rt, principal, project, Operation.UPDATE, before)
    await log_event(
        uow,
        rt,
        principal,
        project,
        kind,
        happened_on,
        data={"from": previous.value, "reason": why},
    )
    await uow.commit()
    return project


__all__ = [
    "PROJECT_STAGE",
    "SALES_PROJECT",
    "ProjectInput",
    "can_read",
    "change_status",
    "create_project",
    "get_project",
    "get_stages",
    "update_project",
]
