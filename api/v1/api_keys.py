"""/api-keys: credentials for integrations, made by an administrator, shown once, revocable."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import Request, Response

from api.deps import (
    ContainerDep,
    IdempotencyKey,
    PrincipalDep,
    UowDep,
    created,
    idempotent,
    set_etag,
)
from api.pagination import CursorParam, Limit, ListResponse
from api.v1.admin_common import NOT_VISIBLE, ListQuery, Q, Since, admin_router, list_page
from api.v1.schemas.identity import ApiKeyCreate, ApiKeyCreated, ApiKeyOut
from domain.identity import ApiKey
from domain.identity import api_keys as keys
from domain.identity.model import API_KEY_PREFIX
from persistence.queries.identity import API_KEYS

router = admin_router()


def key_out(key: ApiKey) -> ApiKeyOut:
    return ApiKeyOut(
        id=key.id,
        name=key.name,
        user_id=key.user_id,
        business_unit_id=key.business_unit_id,
        prefix=f"{API_KEY_PREFIX}{key.lookup}",
        scopes=sorted(key.scopes),
        created_by=key.created_by,
        expires_at=key.expires_at,
        revoked_at=key.revoked_at,
        last_used_at=key.last_used_at,
        created_at=key.created_at,
        updated_at=key.updated_at,
        version=key.version,
    )


@router.get("/api-keys", response_model=ListResponse[ApiKeyOut])
async def list_api_keys(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: Literal["name", "-name", "created_at", "-created_at"] = "-created_at",
    q: Q = None,
    updated_since: Since = None,
    user_id: UUID | None = None,
) -> ListResponse[ApiKeyOut]:
    query = ListQuery(limit, cursor, sort, q, updated_since)
    return await list_page(uow, principal, API_KEYS, query, {"user_id": user_id}, key_out)


@router.post(
    "/api-keys",
    status_code=201,
    response_model=ApiKeyCreated,
    summary="Make an API key (its secret is in this response only)",
)
async def create_api_key(
    body: ApiKeyCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        issued = await keys.create_api_key(
            uow,
            c,
            principal,
            name=body.name,
            user_id=body.user_id,
            scopes=body.scopes,
            expires_at=body.expires_at,
        )
        out = ApiKeyCreated(**key_out(issued.key).model_dump(), secret=issued.secret)
        return created(request, issued.key, out)

    return await idempotent(request, c, principal, idempotency_key, create, redact=("secret",))


@router.get("/api-keys/{key_id}", response_model=ApiKeyOut, responses=NOT_VISIBLE)
async def get_api_key(
    key_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ApiKeyOut:
    key = await keys.get_api_key(uow, principal, key_id)
    set_etag(response, key.version)
    return key_out(key)


@router.post(
    "/api-keys/{key_id}/revocation",
    response_model=ApiKeyOut,
    responses={**NOT_VISIBLE, 409: {"description": "Already revoked"}},
    summary="Revoke the key: it stops working at once",
)
async def revoke_api_key(
    key_id: UUID, response: Response, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> ApiKeyOut:
    key = await keys.revoke_api_key(uow, c, principal, key_id)
    set_etag(response, key.version)
    return key_out(key)
