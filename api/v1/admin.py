"""Admin collections: /users, /business-units, /teams, /roles."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response

from api.deps import (
    ContainerDep,
    IdempotencyKey,
    IfMatch,
    PrincipalDep,
    UowDep,
    idempotent,
    set_etag,
)
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.schemas.identity import (
    BusinessUnitCreate,
    BusinessUnitOut,
    BusinessUnitUpdate,
    PrivilegeOut,
    RoleCreate,
    RoleOut,
    RoleUpdate,
    TeamCreate,
    TeamOut,
    TeamUpdate,
    UserCreate,
    UserOut,
    UserUpdate,
)
from domain.identity import Role
from domain.identity import services as identity
from domain.shared import NotFound, Principal, Privilege
from persistence.queries.identity import (
    ROLES,
    TEAMS,
    UNITS,
    USERS,
    Listing,
    get_visible,
    list_records,
)
from persistence.uow import SqlUnitOfWork


async def _forget_principals(request: Request, c: ContainerDep) -> AsyncIterator[None]:
    """Users, roles, teams and units decide access: after a write here, reload principals."""
    yield
    if request.method != "GET":
        c.principals.clear()


router = APIRouter(dependencies=[Depends(_forget_principals)])
PATCH_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found or not visible"},
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}
Q = Annotated[str | None, Query(max_length=200)]
Since = Annotated[datetime | None, Query(description="ISO 8601 with zone")]


async def _visible(
    uow: SqlUnitOfWork, principal: Principal, listing: Listing, record_id: UUID
) -> Any:
    record = await get_visible(uow.session, principal, listing, record_id)
    if record is None:
        raise NotFound(listing.entity, record_id)
    return record


def _created(
    request: Request, record: Any, out: Any
) -> tuple[int, dict[str, object], dict[str, str]]:
    return (
        201,
        out.model_dump(mode="json"),
        {"ETag": f'"{record.version}"', "Location": f"{request.url.path}/{record.id}"},
    )


# ------------------------------------------------------------------ users


def user_out(user: Any) -> UserOut:
    return UserOut.model_validate(user)


@router.get("/users", response_model=ListResponse[UserOut], tags=["admin"])
async def list_users(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: Literal["name", "-name", "email", "-email", "created_at", "-created_at"] = "name",
    q: Q = None,
    updated_since: Since = None,
    business_unit_id: UUID | None = None,
    is_active: bool | None = None,
) -> ListResponse[UserOut]:
    page = await list_records(
        uow.session,
        principal,
        USERS,
        page_request(limit, cursor, sort, tuple(USERS.sorts)),
        {"business_unit_id": business_unit_id, "is_active": is_active},
        q,
        updated_since,
    )
    return ListResponse(items=[user_out(u) for u in page.items], next_cursor=page.next_cursor)


@router.post("/users", status_code=201, response_model=UserOut, tags=["admin"])
async def create_user(
    body: UserCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        user = await identity.create_user(
            uow,
            c,
            c.passwords,
            principal,
            email=str(body.email),
            name=body.name,
            password=body.password,
            business_unit_id=body.business_unit_id,
            role_ids=frozenset(body.role_ids),
            locale=body.locale,
            is_active=body.is_active,
        )
        return _created(request, user, user_out(user))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/users/{user_id}",
    response_model=UserOut,
    tags=["admin"],
    responses={404: {"description": "Not found or not visible"}},
)
async def get_user(
    user_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> UserOut:
    user = await _visible(uow, principal, USERS, user_id)
    set_etag(response, user.version)
    return user_out(user)


@router.patch("/users/{user_id}", response_model=UserOut, tags=["admin"], responses=PATCH_RESPONSES)
async def update_user(
    user_id: UUID,
    body: UserUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> UserOut:
    changes = body.changes()
    if "email" in changes:
        changes["email"] = str(changes["email"])
    user = await identity.update_user(uow, c, c.passwords, principal, user_id, changes, version)
    set_etag(response, user.version)
    return user_out(await _visible(uow, principal, USERS, user.id))


# ------------------------------------------------------------------ business units


@router.get("/business-units", response_model=ListResponse[BusinessUnitOut], tags=["admin"])
async def list_business_units(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: Literal["name", "-name", "created_at", "-created_at"] = "name",
    q: Q = None,
    updated_since: Since = None,
    parent_id: UUID | None = None,
) -> ListResponse[BusinessUnitOut]:
    page = await list_records(
        uow.session,
        principal,
        UNITS,
        page_request(limit, cursor, sort, tuple(UNITS.sorts)),
        {"parent_id": parent_id},
        q,
        updated_since,
    )
    return ListResponse(
        items=[BusinessUnitOut.model_validate(u) for u in page.items], next_cursor=page.next_cursor
    )


@router.post("/business-units", status_code=201, response_model=BusinessUnitOut, tags=["admin"])
async def create_business_unit(
    body: BusinessUnitCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        unit = await identity.create_business_unit(
            uow, c, principal, name=body.name, parent_id=body.parent_id
        )
        return _created(request, unit, BusinessUnitOut.model_validate(unit))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/business-units/{unit_id}",
    response_model=BusinessUnitOut,
    tags=["admin"],
    responses={404: {"description": "Not found or not visible"}},
)
async def get_business_unit(
    unit_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> BusinessUnitOut:
    unit = await _visible(uow, principal, UNITS, unit_id)
    set_etag(response, unit.version)
    return BusinessUnitOut.model_validate(unit)


@router.patch(
    "/business-units/{unit_id}",
    response_model=BusinessUnitOut,
    tags=["admin"],
    responses=PATCH_RESPONSES,
)
async def update_business_unit(
    unit_id: UUID,
    body: BusinessUnitUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> BusinessUnitOut:
    await _visible(uow, principal, UNITS, unit_id)
    unit = await identity.update_business_unit(uow, c, principal, unit_id, body.changes(), version)
    set_etag(response, unit.version)
    return BusinessUnitOut.model_validate(unit)


# ------------------------------------------------------------------ teams


@router.get("/teams", response_model=ListResponse[TeamOut], tags=["admin"])
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
    page = await list_records(
        uow.session,
        principal,
        TEAMS,
        page_request(limit, cursor, sort, tuple(TEAMS.sorts)),
        {"business_unit_id": business_unit_id},
        q,
        updated_since,
    )
    return ListResponse(
        items=[TeamOut.model_validate(t) for t in page.items], next_cursor=page.next_cursor
    )


@router.post("/teams", status_code=201, response_model=TeamOut, tags=["admin"])
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
        return _created(request, team, TeamOut.model_validate(team))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/teams/{team_id}",
    response_model=TeamOut,
    tags=["admin"],
    responses={404: {"description": "Not found or not visible"}},
)
async def get_team(
    team_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> TeamOut:
    team = await _visible(uow, principal, TEAMS, team_id)
    set_etag(response, team.version)
    return TeamOut.model_validate(team)


@router.patch("/teams/{team_id}", response_model=TeamOut, tags=["admin"], responses=PATCH_RESPONSES)
async def update_team(
    team_id: UUID,
    body: TeamUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> TeamOut:
    await _visible(uow, principal, TEAMS, team_id)
    team = await identity.update_team(uow, c, principal, team_id, body.changes(), version)
    set_etag(response, team.version)
    return TeamOut.model_validate(team)


# ------------------------------------------------------------------ roles


def role_out(role: Role) -> RoleOut:
    return RoleOut(
        id=role.id,
        name=role.name,
        created_at=role.created_at,
        updated_at=role.updated_at,
        version=role.version,
        privileges=[
            PrivilegeOut(entity=p.entity, action=p.action, depth=p.depth.label)
            for p in role.privileges
        ],
    )


@router.get("/roles", response_model=ListResponse[RoleOut], tags=["admin"])
async def list_roles(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: Literal["name", "-name", "created_at", "-created_at"] = "name",
    q: Q = None,
    updated_since: Since = None,
) -> ListResponse[RoleOut]:
    page = await list_records(
        uow.session,
        principal,
        ROLES,
        page_request(limit, cursor, sort, tuple(ROLES.sorts)),
        {},
        q,
        updated_since,
    )
    return ListResponse(items=[role_out(r) for r in page.items], next_cursor=page.next_cursor)


def _privileges(body: RoleCreate | RoleUpdate) -> tuple[Privilege, ...]:
    return tuple(Privilege(p.entity, p.action, p.to_depth()) for p in body.privileges or [])


@router.post("/roles", status_code=201, response_model=RoleOut, tags=["admin"])
async def create_role(
    body: RoleCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        role = await identity.create_role(
            uow, c, principal, name=body.name, privileges=_privileges(body)
        )
        return _created(request, role, role_out(role))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/roles/{role_id}",
    response_model=RoleOut,
    tags=["admin"],
    responses={404: {"description": "Not found or not visible"}},
)
async def get_role(
    role_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> RoleOut:
    role = await _visible(uow, principal, ROLES, role_id)
    set_etag(response, role.version)
    return role_out(role)


@router.patch("/roles/{role_id}", response_model=RoleOut, tags=["admin"], responses=PATCH_RESPONSES)
async def update_role(
    role_id: UUID,
    body: RoleUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> RoleOut:
    await _visible(uow, principal, ROLES, role_id)
    changes = body.changes()
    if "privileges" in changes:
        changes["privileges"] = _privileges(body)
    role = await identity.update_role(uow, c, principal, role_id, changes, version)
    set_etag(response, role.version)
    return role_out(role)
