"""/project-types: the admin-managed project types with their versioned stage templates, and
the explicit migration of chosen projects to another template version."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from api.deps import (
    ContainerDep,
    IdempotencyKey,
    IfMatch,
    PrincipalDep,
    UowDep,
    created,
    idempotent,
    set_etag,
)
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.history import history_page
from api.v1.schemas.accounts import HistoryOut
from api.v1.schemas.project_types import (
    MigrationIn,
    MigrationOut,
    ProjectTypeCreate,
    ProjectTypeOut,
    ProjectTypeUpdate,
    StagesIn,
    StagesOut,
    VersionOut,
    VersionSummaryOut,
)
from domain.sales import type_services
from persistence.repositories import project_types as repo

router = APIRouter(prefix="/project-types", tags=["sales"])

TypeSort = Literal[
    "name", "-name", "key", "-key", "created_at", "-created_at", "updated_at", "-updated_at"
]
VersionSort = Literal["version", "-version"]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such project type, or not visible to you"}
}
WRITE: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}


@router.get("", response_model=ListResponse[ProjectTypeOut], summary="List project types")
async def list_project_types(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: TypeSort = "name",
    active: Annotated[bool | None, Query(description="Only active (or inactive) types")] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Key or name (any language)")
    ] = None,
) -> ListResponse[ProjectTypeOut]:
    page = page_request(limit, cursor, sort, tuple(repo.TYPE_SORTS))
    result = await repo.list_project_types(
        uow.session, principal, repo.TypeFilters(active=active, q=q), page
    )
    return ListResponse(
        items=[ProjectTypeOut.of(t) for t in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "",
    status_code=201,
    response_model=ProjectTypeOut,
    summary="Create a project type with its stages (template version 1)",
)
async def create_project_type(
    body: ProjectTypeCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        project_type = await type_services.create_project_type(
            uow,
            c,
            principal,
            type_services.ProjectTypeInput(
                key=body.key,
                name=body.name,
                name_en=body.name_en,
                name_sv=body.name_sv,
                description=body.description,
                is_active=body.is_active,
                stages=[s.to_input() for s in body.stages],
            ),
        )
        return created(request, project_type, ProjectTypeOut.of(project_type))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/{type_id}",
    response_model=ProjectTypeOut,
    responses=NOT_FOUND,
    summary="A project type with its current stages",
)
async def get_project_type(
    type_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ProjectTypeOut:
    project_type = await type_services.get_project_type(uow, principal, type_id)
    set_etag(response, project_type.version)
    return ProjectTypeOut.of(project_type)


@router.patch(
    "/{type_id}",
    response_model=ProjectTypeOut,
    responses=WRITE,
    summary="Rename, describe, activate or deactivate a project type",
)
async def update_project_type(
    type_id: UUID,
    body: ProjectTypeUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ProjectTypeOut:
    project_type = await type_services.update_project_type(
        uow, c, principal, type_id, body.changes(), version
    )
    set_etag(response, project_type.version)
    return ProjectTypeOut.of(project_type)


@router.get(
    "/{type_id}/history",
    response_model=ListResponse[HistoryOut],
    responses=NOT_FOUND,
    summary="Field-level change history (names, stages, versions), newest first",
)
async def project_type_history(
    type_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[HistoryOut]:
    await type_services.get_project_type(uow, principal, type_id)
    return await history_page(uow, type_services.PROJECT_TYPE, type_id, limit, cursor)


@router.put(
    "/{type_id}/stages",
    response_model=StagesOut,
    responses=WRITE,
    summary="Replace the stages (a new template version once a project uses the current one)",
    description="While no project uses the current template version it is rewritten in "
    "place; once one does, a new version (current + 1) is published and becomes current. "
    "Running projects keep their version until migrated (POST …/migrations). Send the type's "
    "ETag in If-Match.",
)
async def replace_stages(
    type_id: UUID,
    body: StagesIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> StagesOut:
    result = await type_services.replace_stages(
        uow, c, principal, type_id, [s.to_input() for s in body.stages], version, body.note
    )
    set_etag(response, result.project_type.version)
    return StagesOut(
        **ProjectTypeOut.of(result.project_type).model_dump(),
        outcome=result.outcome,
    )


@router.get(
    "/{type_id}/versions",
    response_model=ListResponse[VersionSummaryOut],
    responses=NOT_FOUND,
    summary="The template versions of a type, with stage and project counts",
)
async def list_versions(
    type_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: VersionSort = "version",
) -> ListResponse[VersionSummaryOut]:
    project_type = await type_services.get_project_type(uow, principal, type_id)
    page = page_request(limit, cursor, sort, tuple(repo.VERSION_SORTS))
    result = await repo.list_versions(uow.session, principal, project_type, page)
    return ListResponse(
        items=[VersionSummaryOut.model_validate(v) for v in result.items],
        next_cursor=result.next_cursor,
    )


@router.get(
    "/{type_id}/versions/{version}",
    response_model=VersionOut,
    responses={404: {"description": "No such project type or version, or not visible to you"}},
    summary="One template version with its stages",
)
async def get_version(
    type_id: UUID,
    version: Annotated[int, Path(ge=1, le=1_000_000, description="The version number")],
    uow: UowDep,
    principal: PrincipalDep,
) -> VersionOut:
    found = await type_services.get_version(uow, principal, type_id, version)
    return VersionOut.of(found)


@router.post(
    "/{type_id}/migrations",
    response_model=MigrationOut,
    responses={
        **NOT_FOUND,
        422: {
            "description": "A real run where some project cannot be migrated: nothing was "
            "changed; `errors` name the projects (`body.project_ids.<index>`) and why"
        },
    },
    summary="Migrate chosen projects of this type to another template version",
    description="Stages map by key: kept stages keep their status, dates, responsible and "
    "note; stages the version adds are not started (skipped if before the current stage); "
    "not-started stages it lacks are removed, others stay as extra stages. Try "
    "`dry_run=true` first: it reports every project's outcome and problem and changes "
    "nothing. The real run changes all the projects or none.",
)
async def migrate_projects(
    type_id: UUID,
    body: MigrationIn,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    dry_run: Annotated[bool, Query(description="Only report what would happen")] = False,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def run() -> tuple[int, dict[str, object], dict[str, str]]:
        report = await type_services.migrate_projects(
            uow, c, principal, type_id, body.project_ids, body.to_version, dry_run=dry_run
        )
        return 200, MigrationOut.of(report).model_dump(mode="json"), {}

    if dry_run:  # changes nothing, so nothing to make idempotent
        status, payload, _ = await run()
        return JSONResponse(payload, status_code=status)
    return await idempotent(request, c, principal, idempotency_key, run)
