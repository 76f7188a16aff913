"""What the admin collections (/users, /business-units, /teams, /roles) share."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request

from api.deps import ContainerDep
from domain.shared import NotFound, Principal
from persistence.queries.identity import Listing, get_visible
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
