"""/activity-types: the admin-managed types activities have (customer feedback, visit, steering
group, lead…), each with its kind and keywords."""

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
from api.v1.schemas.activities import ActivityTypeCreate, ActivityTypeOut, ActivityTypeUpdate
from domain.activities import ActivityType
from domain.activities import types as activity_types
from domain.activities.types import ActivityTypeRecord
from domain.shared import NotFound
from persistence.queries import activity_types as queries

router = APIRouter(prefix="/activity-types", tags=["activities"])

TypeSort = Literal["sort_order", "-sort_order", "key", "-key"]


@router.get("", response_model=ListResponse[ActivityTypeOut], summary="List activity types")
async def list_activity_types(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: TypeSort = "sort_order",
    kind: ActivityType | None = None,
    active: bool | None = None,
) -> ListResponse[ActivityTypeOut]:
    page = page_request(limit, cursor, sort, tuple(queries.TYPE_SORTS))
    result = await queries.list_activity_types(
        uow.session,
        principal,
        queries.TypeFilters(kind=kind.value if kind else None, active=active),
        page,
    )
    return ListResponse(
        items=[ActivityTypeOut.model_validate(r) for r in result.items],
        next_cursor=result.next_cursor,
    )


@router.get(
    "/{activity_type_id}",
    response_model=ActivityTypeOut,
    responses={404: {"description": "Not found"}},
)
async def get_activity_type(
    activity_type_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ActivityTypeOut:
    row = await queries.get_activity_type(uow.session, principal, activity_type_id)
    if row is None:
        raise NotFound(queries.ACTIVITY_TYPE, activity_type_id)
    set_etag(response, row["version"])
    return ActivityTypeOut.model_validate(row)


WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "Administrators only (the activity_type privilege)"},
    404: {"description": "Not found"},
    409: {"description": "The default type of a kind cannot be deactivated"},
    412: {"description": "Stale ETag"},
    422: {"description": "Invalid fields, or the key or kind changed (they are fixed)"},
    428: {"description": "No If-Match"},
}


def type_out(record: ActivityTypeRecord) -> ActivityTypeOut:
    data = {k: getattr(record, k) for k in ActivityTypeOut.model_fields if hasattr(record, k)}
    data["keywords"] = [vars(k) for k in record.keywords]
    return ActivityTypeOut.model_validate(data)


def _keywords(changes: dict[str, Any]) -> dict[str, Any]:
    if changes.get("keywords") is not None:
        changes["keywords"] = tuple(changes["keywords"])
    return changes


@router.post(
    "",
    status_code=201,
    response_model=ActivityTypeOut,
    responses={409: {"description": "The key is taken"}, 403: WRITE_RESPONSES[403]},
    summary="Create an activity type",
)
async def create_activity_type(
    body: ActivityTypeCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await activity_types.create_activity_type(
            uow, c, principal, activity_types.ActivityTypeInput(**_keywords(body.model_dump()))
        )
        return created(request, record, type_out(record))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.patch(
    "/{activity_type_id}",
    response_model=ActivityTypeOut,
    responses=WRITE_RESPONSES,
    summary="Edit an activity type (names, keywords, visit, order, active)",
)
async def update_activity_type(
    activity_type_id: UUID,
    body: ActivityTypeUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ActivityTypeOut:
    changes = body.changes()
    if changes.get("keywords") is not None:
        changes["keywords"] = [k.model_dump() for k in body.keywords or ()]
    record = await activity_types.update_activity_type(
        uow, c, principal, activity_type_id, changes, version
    )
    set_etag(response, record.version)
    return type_out(record)


@router.post(
    "/{activity_type_id}/deactivate",
    response_model=ActivityTypeOut,
    responses=WRITE_RESPONSES,
    summary="Deactivate an activity type (its activities keep it; new ones cannot choose it)",
)
async def deactivate_activity_type(
    activity_type_id: UUID,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ActivityTypeOut:
    record = await activity_types.update_activity_type(
        uow, c, principal, activity_type_id, {"is_active": False}, version
    )
    set_etag(response, record.version)
    return type_out(record)
