"""/users: who may sign in, in which unit, with which roles."""

from __future__ import annotations

from typing import Any, Literal
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
from api.v1.schemas.identity import UserCreate, UserOut, UserUpdate
from domain.identity import services as identity
from persistence.queries.identity import USERS

router = admin_router()


def user_out(user: Any) -> UserOut:
    return UserOut.model_validate(user)


@router.get("/users", response_model=ListResponse[UserOut])
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
    query = ListQuery(limit, cursor, sort, q, updated_since)
    return await list_page(
        uow,
        principal,
        USERS,
        query,
        {"business_unit_id": business_unit_id, "is_active": is_active},
        user_out,
    )


@router.post("/users", status_code=201, response_model=UserOut)
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
            manager_id=body.manager_id,
        )
        return created(request, user, user_out(user))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/users/{user_id}",
    response_model=UserOut,
    responses=NOT_VISIBLE,
)
async def get_user(
    user_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> UserOut:
    user = await visible(uow, principal, USERS, user_id)
    set_etag(response, user.version)
    return user_out(user)


@router.patch("/users/{user_id}", response_model=UserOut, responses=PATCH_RESPONSES)
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
    return user_out(await visible(uow, principal, USERS, user.id))
