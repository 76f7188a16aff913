"""/activity-types: the admin-managed types activities have (customer feedback, visit, steering
group, lead…), each with its kind and keywords."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Response

from api.deps import PrincipalDep, UowDep, set_etag
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.schemas.activities import ActivityTypeOut
from domain.activities import ActivityType
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
