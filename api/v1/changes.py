"""/changes: the feed an integration pulls to stay in sync with what it may see."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import PrincipalDep, UowDep
from api.pagination import CursorParam, in_query
from api.v1.schemas.accounts import ChangeOut, ChangesResponse
from domain.shared import ValidationFailed
from domain.shared.paging import MAX_LIMIT
from persistence.queries.platform import FEED_ENTITIES, changes_since, parse_feed_cursor

router = APIRouter(tags=["integration"])
FeedEntity = Literal[
    "account",
    "contact",
    "service_request",
    "activity",
    "sales_project",
    # offers and orders
    "offer",
    "order",
    "lead",
    "account_creation_request",
    # segmentation
    "segment",
    "account_class_change",
]


@router.get(
    "/changes",
    response_model=ChangesResponse,
    summary="Records changed since a cursor (first call: no cursor = everything)",
    description="Each record appears once per page with its current state (`data`), or with "
    "`operation: delete` and no data. Keep `next_cursor` and call again; `has_more` tells "
    "whether to call again at once. Only records you may read are included.",
)
async def changes(
    uow: UowDep,
    principal: PrincipalDep,
    cursor: CursorParam = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    entity: Annotated[list[FeedEntity] | None, Query(description="Only these kinds")] = None,
) -> ChangesResponse:
    wanted = tuple(e for e in FEED_ENTITIES if entity is None or e in entity)
    try:
        parse_feed_cursor(cursor)
    except ValidationFailed as exc:
        raise in_query(exc) from exc
    lines, next_cursor = await changes_since(uow.session, principal, cursor, limit, wanted)
    return ChangesResponse(
        items=[ChangeOut.model_validate(line, from_attributes=True) for line in lines],
        next_cursor=next_cursor,
        has_more=len(lines) == limit,
    )
