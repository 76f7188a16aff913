"""/sales-projects: sales projects and their stages (complete, skip, insert, edit), status
changes, the stage history, the field history, stage work views and the kanban.

The collection-level reads (/sales-projects/stages, /sales-projects/kanban…) are declared
before /{project_id}, so that their paths are not taken for a project id."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime

from api.deps import (
    ContainerDep,
    IdempotencyKey,
    IfMatch,
    PrincipalDep,
    UowDep,
    created,
    etag,
    idempotent,
    set_etag,
)
from api.pagination import CursorParam, Limit, ListResponse, in_query, page_request
from api.v1.history import history_page
from api.v1.schemas.accounts import HistoryOut
from api.v1.schemas.sales import (
    CompletionIn,
    CurrentStageOut,
    KanbanCard,
    KanbanColumnOut,
    KanbanColumnPage,
    KanbanOut,
    ProjectCreate,
    ProjectEventOut,
    ProjectListItem,
    ProjectOut,
    ProjectStageOut,
    ProjectUpdate,
    SkippingIn,
    StageInsertIn,
    StageRowOut,
    StageUpdate,
    StatusIn,
)
from domain import sales
from domain.sales import ProjectStatus, StageInsert
from domain.shared import ValidationFailed
from persistence.queries import sales as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/sales-projects", tags=["sales"])

ProjectSort = Literal[
    "name",
    "-name",
    "updated_at",
    "-updated_at",
    "created_at",
    "-created_at",
    "expected_decision_date",
    "-expected_decision_date",
]
StageSort = Literal["due_date", "-due_date", "started_at", "-started_at"]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such project (or stage), or not visible to you"}
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    409: {"description": "Not allowed now (e.g. a done stage); `allowed` lists what is"},
    412: {"description": "Stale ETag (the project's)"},
    428: {"description": "No If-Match"},
}


# ------------------------------------------------------------------ output


def current_stage_out(view: queries.ProjectView, now: datetime) -> CurrentStageOut | None:
    p = view.project
    if p.current_stage_id is None or view.current_stage_key is None:
        return None
    return CurrentStageOut(
        id=p.current_stage_id,
        key=view.current_stage_key,
        name=view.current_stage_name or "",
        status=sales.StageStatus(view.current_stage_status or "in_progress"),
        is_customer_service=bool(view.current_stage_is_customer_service),
        responsible_user_id=view.current_stage_responsible_user_id,
        responsible_user_name=view.current_stage_responsible_user_name,
        responsible_team_id=view.current_stage_responsible_team_id,
        responsible_team_name=view.current_stage_responsible_team_name,
        due_date=view.current_stage_due_date,
        started_at=view.current_stage_started_at,
        days_in_stage=sales.days_in_stage(view.current_stage_started_at, now),
    )


def _project_values(view: queries.ProjectView, now: datetime) -> dict[str, Any]:
    values = asdict(view.project)
    values.pop("contacts")
    values.update(
        account_name=view.account_name,
        project_type_name=view.project_type_name,
        owner_name=view.owner_name,
        business_unit_name=view.business_unit_name,
        current_stage=current_stage_out(view, now),
    )
    return values


def list_item(view: queries.ProjectView, now: datetime) -> ProjectListItem:
    return ProjectListItem.model_validate(_project_values(view, now))


def stage_out(view: queries.StageView, current_stage_id: UUID | None) -> ProjectStageOut:
    stage = view.stage
    is_current = stage.id == current_stage_id
    return ProjectStageOut.model_validate(
        {
            **asdict(stage),
            "is_current": is_current,
            "allowed_transitions": sales.allowed_stage_transitions(stage, is_current),
            "responsible_user_name": view.responsible_user_name,
            "responsible_team_name": view.responsible_team_name,
        }
    )


def project_out(detail: queries.ProjectDetail, now: datetime) -> ProjectOut:
    project = detail.view.project
    return ProjectOut.model_validate(
        {
            **_project_values(detail.view, now),
            "contacts": [asdict(c) for c in detail.contacts],
            "stages": [stage_out(s, project.current_stage_id) for s in detail.stages],
            "allowed_statuses": sales.allowed_statuses(project.status),
        }
    )


async def _out(uow: SqlUnitOfWork, c: ContainerDep, project_id: UUID) -> ProjectOut:
    return project_out(await queries.project_detail(uow.session, project_id), c.clock.now())


def card(view: queries.ProjectView, now: datetime) -> KanbanCard:
    return KanbanCard.model_validate(_project_values(view, now))


def stage_row_out(row: queries.StageRow, now: datetime) -> StageRowOut:
    values = asdict(row)
    values.update(values.pop("stage"))
    values["days_in_stage"] = sales.days_in_stage(row.stage.started_at, now)
    return StageRowOut.model_validate(values)


# ------------------------------------------------------------------ collection-level reads


@router.get(
    "/stages",
    response_model=ListResponse[StageRowOut],
    summary="Stage work views: my stages, customer-service stages not started, overdue",
)
async def stage_view(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    view: Annotated[
        queries.StageViewName,
        Query(
            description="mine: current stages you (or one of your teams) are responsible "
            "for; customer_service_not_started: current customer-service stages not done "
            "yet; overdue: current stages due before today. Open projects you may read."
        ),
    ] = "mine",
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: StageSort = "due_date",
) -> ListResponse[StageRowOut]:
    now = c.clock.now()
    page = await queries.list_stage_view(
        uow.session,
        principal,
        view,
        sales.today(now),
        page_request(limit, cursor, sort, tuple(queries.STAGE_SORTS)),
    )
    return ListResponse(
        items=[stage_row_out(r, now) for r in page.items], next_cursor=page.next_cursor
    )


async def _template(uow: SqlUnitOfWork, project_type_id: UUID) -> Any:
    template = await uow.sales_templates.current_version(project_type_id)
    if template is None:
        raise in_query(ValidationFailed.field("project_type_id", "No such project type."))
    return template


@router.get(
    "/kanban",
    response_model=KanbanOut,
    summary="Open projects of a type as a kanban: a column per stage (and 'other')",
)
async def kanban(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    project_type_id: UUID,
    region: Annotated[str | None, Query(max_length=100)] = None,
    owner_id: UUID | None = None,
    business_unit_id: UUID | None = None,
    limit_per_stage: Annotated[int, Query(ge=1, le=100)] = 20,
) -> KanbanOut:
    """Columns follow the type's current template version; projects whose current stage
    is an extra one, one of an older version, or who have no current stage left are in
    'other'. Moving a card is completing its stage (POST …/completion)."""
    template = await _template(uow, project_type_id)
    filters = queries.KanbanFilters(project_type_id, region, owner_id, business_unit_id)
    columns = await queries.kanban(uow.session, principal, filters, template, limit_per_stage)
    now = c.clock.now()
    return KanbanOut(
        project_type_id=project_type_id,
        type_version_id=template.id,
        version=template.version,
        columns=[
            KanbanColumnOut(
                key=col.key,
                name=col.name,
                name_en=col.name_en,
                name_sv=col.name_sv,
                position=col.position,
                is_customer_service=col.is_customer_service,
                count=col.count,
                value_sum=col.value_sum,
                cards=[card(v, now) for v in col.cards],
                next_cursor=col.next_cursor,
            )
            for col in columns
        ],
    )


@router.get(
    "/kanban/column",
    response_model=KanbanColumnPage,
    summary="More cards of one kanban column, by name",
)
async def kanban_column(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    project_type_id: UUID,
    stage_key: Annotated[str, Query(max_length=50, description="A column's key, or 'other'.")],
    region: Annotated[str | None, Query(max_length=100)] = None,
    owner_id: UUID | None = None,
    business_unit_id: UUID | None = None,
    limit: Limit = 20,
    cursor: CursorParam = None,
) -> KanbanColumnPage:
    template = await _template(uow, project_type_id)
    filters = queries.KanbanFilters(project_type_id, region, owner_id, business_unit_id)
    page = await queries.kanban_column(
        uow.session,
        principal,
        filters,
        template,
        stage_key,
        page_request(limit, cursor, "name", tuple(queries.KANBAN_SORTS)),
    )
    now = c.clock.now()
    return KanbanColumnPage(cards=[card(v, now) for v in page.items], next_cursor=page.next_cursor)


# ------------------------------------------------------------------ projects


@router.get("", response_model=ListResponse[ProjectListItem], summary="List sales projects")
async def list_projects(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: ProjectSort = "name",
    q: Annotated[str | None, Query(max_length=200, description="Part of the name")] = None,
    status: Annotated[
        list[ProjectStatus] | None, Query(description="One or more (repeat the parameter)")
    ] = None,
    project_type_id: UUID | None = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    owner_id: UUID | None = None,
    business_unit_id: UUID | None = None,
    account_id: UUID | None = None,
    current_stage_key: Annotated[str | None, Query(max_length=50)] = None,
    stalled: Annotated[
        bool,
        Query(
            description="Only stalled projects: open, and no stage completed (nor the "
            "project opened) for KUMPPANI_STALLED_PROJECT_DAYS days (60 by default)."
        ),
    ] = False,
    stalled_days: Annotated[
        int | None,
        Query(ge=1, le=3650, description="Stalled for at least this many days instead."),
    ] = None,
    updated_since: Annotated[AwareDatetime | None, Query(description="ISO 8601 with zone")] = None,
) -> ListResponse[ProjectListItem]:
    page = page_request(limit, cursor, sort, tuple(queries.PROJECT_SORTS))
    now = c.clock.now()
    days = stalled_days or (c.settings.stalled_project_days if stalled else None)
    filters = queries.ProjectFilters(
        q=q,
        status=tuple(s.value for s in status or ()),
        project_type_id=project_type_id,
        region=region,
        owner_id=owner_id,
        business_unit_id=business_unit_id,
        account_id=account_id,
        current_stage_key=current_stage_key,
        stalled_before=sales.stalled_before(now, days) if days else None,
        updated_since=updated_since,
    )
    result = await queries.list_projects(uow.session, principal, filters, page)
    return ListResponse(
        items=[list_item(v, now) for v in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "",
    status_code=201,
    response_model=ProjectOut,
    summary="Create a sales project (its stages come from the type's current template)",
)
async def create_project(
    body: ProjectCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        project = await sales.create_project(
            uow, c, principal, sales.ProjectInput(**body.domain_values())
        )
        return created(request, project, await _out(uow, c, project.id))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{project_id}", response_model=ProjectOut, responses=NOT_FOUND)
async def get_project(
    project_id: UUID, response: Response, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> ProjectOut:
    project = await sales.get_project(uow, principal, project_id)
    set_etag(response, project.version)
    return await _out(uow, c, project.id)


@router.patch("/{project_id}", response_model=ProjectOut, responses=WRITE_RESPONSES)
async def update_project(
    project_id: UUID,
    body: ProjectUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ProjectOut:
    project = await sales.update_project(
        uow, c, principal, project_id, body.domain_changes(), version
    )
    set_etag(response, project.version)
    return await _out(uow, c, project.id)


@router.post(
    "/{project_id}/status",
    response_model=ProjectOut,
    responses=WRITE_RESPONSES,
    summary="Win, lose, cancel or reopen the project",
)
async def change_status(
    project_id: UUID,
    body: StatusIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ProjectOut:
    project = await sales.change_status(
        uow,
        c,
        principal,
        project_id,
        body.status,
        version,
        reason=body.reason,
        closed_on=body.closed_on,
    )
    set_etag(response, project.version)
    return await _out(uow, c, project.id)


# ------------------------------------------------------------------ stages


@router.get(
    "/{project_id}/stages",
    response_model=ListResponse[ProjectStageOut],
    responses=NOT_FOUND,
    summary="The project's stages in order (ETag: the project's)",
)
async def list_stages(
    project_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ListResponse[ProjectStageOut]:
    project = await sales.get_project(uow, principal, project_id)
    set_etag(response, project.version)
    views = await queries.stage_views(uow.session, project.id)
    return ListResponse(
        items=[stage_out(v, project.current_stage_id) for v in views], next_cursor=None
    )


@router.post(
    "/{project_id}/stages",
    status_code=201,
    response_model=ProjectOut,
    responses=WRITE_RESPONSES,
    summary="Insert an extra stage after the current stage or a later one",
)
async def insert_stage(
    project_id: UUID,
    body: StageInsertIn,
    version: IfMatch,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        project, stage = await sales.insert_stage(
            uow,
            c,
            principal,
            project_id,
            StageInsert(**{**body.model_dump(), "checklist": tuple(body.checklist)}),
            version,
        )
        out = await _out(uow, c, project.id)
        return (
            201,
            out.model_dump(mode="json"),
            {"ETag": etag(project.version), "Location": f"{request.url.path}/{stage.id}"},
        )

    return await idempotent(request, c, principal, idempotency_key, create)


@router.patch(
    "/{project_id}/stages/{stage_id}",
    response_model=ProjectOut,
    responses={**WRITE_RESPONSES, 403: {"description": "A done stage: managers only"}},
    summary="Edit a stage: responsible, due date, note, checklist done flags",
)
async def update_stage(
    project_id: UUID,
    stage_id: UUID,
    body: StageUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ProjectOut:
    project = await sales.update_stage(
        uow, c, principal, project_id, stage_id, body.domain_changes(), version
    )
    set_etag(response, project.version)
    return await _out(uow, c, project.id)


@router.post(
    "/{project_id}/stages/{stage_id}/completion",
    response_model=ProjectOut,
    responses=WRITE_RESPONSES,
    summary="Complete the current stage; the next one starts and its responsible is notified",
)
async def complete_stage(
    project_id: UUID,
    stage_id: UUID,
    body: CompletionIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ProjectOut:
    """Completing the last stage leaves the project open: win it with POST …/status."""
    project = await sales.complete_stage(
        uow,
        c,
        principal,
        project_id,
        stage_id,
        version,
        completed_on=body.completed_on,
        note=body.note,
        next_responsible_user_id=body.next_responsible_user_id,
    )
    set_etag(response, project.version)
    return await _out(uow, c, project.id)


@router.post(
    "/{project_id}/stages/{stage_id}/skipping",
    response_model=ProjectOut,
    responses=WRITE_RESPONSES,
    summary="Skip a stage not started or the current one (then the next one starts)",
)
async def skip_stage(
    project_id: UUID,
    stage_id: UUID,
    body: SkippingIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ProjectOut:
    project = await sales.skip_stage(
        uow,
        c,
        principal,
        project_id,
        stage_id,
        version,
        reason=body.reason,
        next_responsible_user_id=body.next_responsible_user_id,
    )
    set_etag(response, project.version)
    return await _out(uow, c, project.id)


# ------------------------------------------------------------------ history


@router.get(
    "/{project_id}/history",
    response_model=ListResponse[ProjectEventOut],
    responses=NOT_FOUND,
    summary="The stage history: stages started, completed, skipped…, status changes; newest first",
)
async def project_history(
    project_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[ProjectEventOut]:
    await sales.get_project(uow, principal, project_id)
    page = await queries.list_events(
        uow.session, project_id, page_request(limit, cursor, "-at", tuple(queries.EVENT_SORTS))
    )
    return ListResponse(
        items=[
            ProjectEventOut.model_validate(
                {
                    **asdict(v.event),
                    "by_name": v.by_name,
                    "stage_key": v.stage_key,
                    "stage_name": v.stage_name,
                }
            )
            for v in page.items
        ],
        next_cursor=page.next_cursor,
    )


@router.get(
    "/{project_id}/changes",
    response_model=ListResponse[HistoryOut],
    responses=NOT_FOUND,
    summary="Field-level change history of the project, newest first",
)
async def project_changes(
    project_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[HistoryOut]:
    await sales.get_project(uow, principal, project_id)
    return await history_page(uow, sales.SALES_PROJECT, project_id, limit, cursor)
