"""/account-team-roles: the roles users have on account teams (sales, training planner,
executive sponsor…), maintained by administrators, read by everyone; deactivated, not
deleted."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Request, Response

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
from api.v1.schemas.account_management import TeamRoleCreate, TeamRoleOut, TeamRoleUpdate
from domain.accounts import team_roles
from persistence.queries import account_management as queries

router = APIRouter(prefix="/account-team-roles", tags=["accounts"])

RoleSort = Literal["sort_order", "-sort_order", "key", "-key", "name", "-name", "created_at"]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such account-team role, or not visible to you"}
}


@router.get("", response_model=ListResponse[TeamRoleOut], summary="List account-team roles")
async def list_team_roles(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: RoleSort = "sort_order",
    active: bool | None = None,
) -> ListResponse[TeamRoleOut]:
    page = page_request(limit, cursor, sort, tuple(queries.ROLE_SORTS))
    result = await queries.list_team_roles(
        uow.session, principal, queries.RoleFilters(active=active), page
    )
    return ListResponse(
        items=[TeamRoleOut.model_validate(r) for r in result.items],
        next_cursor=result.next_cursor,
    )


@router.post(
    "",
    status_code=201,
    response_model=TeamRoleOut,
    responses={409: {"description": "The key is taken"}},
    summary="Create an account-team role",
)
async def create_team_role(
    body: TeamRoleCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        role = await team_roles.create_team_role(
            uow, c, principal, team_roles.TeamRoleInput(**body.model_dump())
        )
        return created(request, role, TeamRoleOut.model_validate(role))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{team_role_id}", response_model=TeamRoleOut, responses=NOT_FOUND)
async def get_team_role(
    team_role_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> TeamRoleOut:
    role = await team_roles.get_team_role(uow, principal, team_role_id)
    set_etag(response, role.version)
    return TeamRoleOut.model_validate(role)


@router.patch(
    "/{team_role_id}",
    response_model=TeamRoleOut,
    responses={
        **NOT_FOUND,
        412: {"description": "Stale ETag"},
        428: {"description": "No If-Match"},
    },
    summary="Rename, reorder, deactivate or reactivate an account-team role",
)
async def update_team_role(
    team_role_id: UUID,
    body: TeamRoleUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> TeamRoleOut:
    role = await team_roles.update_team_role(
        uow, c, principal, team_role_id, body.changes(), version
    )
    set_etag(response, role.version)
    return TeamRoleOut.model_validate(role)
