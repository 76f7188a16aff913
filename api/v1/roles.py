"""/roles: privileges per entity and action, each at a depth."""

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
from api.v1.schemas.identity import PrivilegeOut, RoleCreate, RoleOut, RoleUpdate
from domain.identity import Role
from domain.identity import services as identity
from domain.shared import Privilege
from persistence.queries.identity import ROLES

router = admin_router()


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


@router.get("/roles", response_model=ListResponse[RoleOut])
async def list_roles(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: Literal["name", "-name", "created_at", "-created_at"] = "name",
    q: Q = None,
    updated_since: Since = None,
) -> ListResponse[RoleOut]:
    query = ListQuery(limit, cursor, sort, q, updated_since)
    return await list_page(uow, principal, ROLES, query, {}, role_out)


def _privileges(body: RoleCreate | RoleUpdate) -> tuple[Privilege, ...]:
    return tuple(Privilege(p.entity, p.action, p.to_depth()) for p in body.privileges or [])


@router.post("/roles", status_code=201, response_model=RoleOut)
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
        return created(request, role, role_out(role))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/roles/{role_id}",
    response_model=RoleOut,
    responses=NOT_VISIBLE,
)
async def get_role(
    role_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> RoleOut:
    role = await visible(uow, principal, ROLES, role_id)
    set_etag(response, role.version)
    return role_out(role)


@router.patch("/roles/{role_id}", response_model=RoleOut, responses=PATCH_RESPONSES)
async def update_role(
    role_id: UUID,
    body: RoleUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> RoleOut:
    await visible(uow, principal, ROLES, role_id)
    changes = body.changes()
    if "privileges" in changes:
        changes["privileges"] = _privileges(body)
    role = await identity.update_role(uow, c, principal, role_id, changes, version)
    set_etag(response, role.version)
    return role_out(role)
