"""What the admin collections (/users, /business-units, /teams, /roles) share."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request

from api.deps import ContainerDep
from api.pagination import ListResponse, page_request
from domain.shared import NotFound, Principal
from persistence.queries.identity import Listing, get_visible, list_records
from persistence.uow import SqlUnitOfWork


async def forget_principals(request: Request, c: ContainerDep) -> AsyncIterator[None]:
    """Users, roles, teams and units decide access: after a write here, reload principals."""
    yield
    if request.method != "GET":
        c.principals.clear()


def admin_router() -> APIRouter:
    return APIRouter(tags=["admin"], dependencies=[Depends(forget_principals)])


PATCH_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found or not visible"},
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}
NOT_VISIBLE: dict[int | str, dict[str, Any]] = {404: {"description": "Not found or not visible"}}
Q = Annotated[str | None, Query(max_length=200)]
Since = Annotated[datetime | None, Query(description="ISO 8601 with zone")]


async def visible(
    uow: SqlUnitOfWork, principal: Principal, listing: Listing, record_id: UUID
) -> Any:
    """The record, or 404 when it does not exist or lies outside the caller's scope."""
    record = await get_visible(uow.session, principal, listing, record_id)
    if record is None:
        raise NotFound(listing.entity, record_id)
    return record


T = TypeVar("T")


@dataclass(frozen=True)
class ListQuery:
    """The query string every admin list shares."""

    limit: int
    cursor: str | None
    sort: str
    q: str | None
    updated_since: datetime | None


async def list_page(
    uow: SqlUnitOfWork,
    principal: Principal,
    listing: Listing,
    query: ListQuery,
    filters: Mapping[str, Any],
    out: Callable[[Any], T],
) -> ListResponse[T]:
    """One page of an admin collection, scoped to the caller, as response models."""
    page = await list_records(
        uow.session,
        principal,
        listing,
        page_request(query.limit, query.cursor, query.sort, tuple(listing.sorts)),
        filters,
        query.q,
        query.updated_since,
    )
    return ListResponse(items=[out(r) for r in page.items], next_cursor=page.next_cursor)
