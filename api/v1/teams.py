"""/teams: groups of users; team depth reaches records owned by teammates."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import Request, Response

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
from api.pagination import CursorParam, Limit, ListResponse
from api.v1.admin_common import (
    NOT_VISIBLE,
    PATCH_RESPONSES,
    ListQuery,
    Q,
    Since,
    admin_router,
    list_page,
    visible,
)
from api.v1.schemas.identity import TeamCreate, TeamOut, TeamUpdate
from domain.identity import services as identity
from persistence.queries.identity import TEAMS

router = admin_router()


@router.get("/teams", response_model=ListResponse[TeamOut])
async def list_teams(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: Literal["name", "-name", "created_at", "-created_at"] = "name",
    q: Q = None,
    updated_since: Since = None,
    business_unit_id: UUID | None = None,
) -> ListResponse[TeamOut]:
    query = ListQuery(limit, cursor, sort, q, updated_since)
    return await list_page(
        uow, principal, TEAMS, query, {"business_unit_id": business_unit_id}, TeamOut.model_validate
    )


@router.post("/teams", status_code=201, response_model=TeamOut)
async def create_team(
    body: TeamCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        team = await identity.create_team(
            uow,
            c,
            principal,
            name=body.name,
            business_unit_id=body.business_unit_id,
            member_ids=frozenset(body.member_ids),
        )
        return created(request, team, TeamOut.model_validate(team))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/teams/{team_id}",
    response_model=TeamOut,
    responses=NOT_VISIBLE,
)
async def get_team(
    team_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> TeamOut:
    team = await visible(uow, principal, TEAMS, team_id)
    set_etag(response, team.version)
    return TeamOut.model_validate(team)


@router.patch("/teams/{team_id}", response_model=TeamOut, responses=PATCH_RESPONSES)
async def update_team(
    team_id: UUID,
    body: TeamUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> TeamOut:
    await visible(uow, principal, TEAMS, team_id)
    team = await identity.update_team(uow, c, principal, team_id, body.changes(), version)
    set_etag(response, team.version)
    return TeamOut.model_validate(team)
