"""/sales-targets: each salesperson's targets for a year (euros; new customers, repeat
purchases, meetings), set by their managers and read by the salesperson."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from api.deps import (
    ContainerDep,
    IdempotencyKey,
    IfMatch,
    PrincipalDep,
    UowDep,
    etag,
    idempotent,
    set_etag,
)
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.offer_common import NOT_FOUND, WRITE_RESPONSES
from api.v1.schemas.offers import TargetCreate, TargetOut, TargetUpdate
from domain.offers import targets
from persistence.queries import offers as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/sales-targets", tags=["offers"])

TargetSort = Literal["year", "-year", "euro_target", "-euro_target", "updated_at", "-updated_at"]


def target_out(view: queries.TargetView) -> TargetOut:
    t = view.target
    return TargetOut.model_validate(
        {
            **{k: getattr(t, k) for k in TargetOut.model_fields if hasattr(t, k)},
            "user_name": view.user_name,
            "business_unit_name": view.business_unit_name,
        }
    )


async def _out(uow: SqlUnitOfWork, target_id: UUID) -> TargetOut:
    return target_out((await queries.target_views(uow.session, [target_id]))[0])


@router.get("", response_model=ListResponse[TargetOut], summary="List sales targets")
async def list_targets(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: TargetSort = "-year",
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    user_id: UUID | None = None,
    business_unit_id: UUID | None = None,
) -> ListResponse[TargetOut]:
    page = page_request(limit, cursor, sort, tuple(queries.TARGET_SORTS))
    result = await queries.list_targets(
        uow.session,
        principal,
        queries.TargetFilters(year=year, user_id=user_id, business_unit_id=business_unit_id),
        page,
    )
    return ListResponse(items=[target_out(v) for v in result.items], next_cursor=result.next_cursor)


@router.post(
    "",
    status_code=201,
    response_model=TargetOut,
    responses={409: {"description": "The user already has targets for the year"}},
    summary="Set a user's targets for a year",
)
async def create_target(
    body: TargetCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await targets.create_target(
            uow, c, principal, targets.TargetInput(**body.model_dump())
        )
        out = await _out(uow, record.id)
        return (
            201,
            out.model_dump(mode="json"),
            {"ETag": etag(record.version), "Location": f"{request.url.path}/{record.id}"},
        )

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{target_id}", response_model=TargetOut, responses=NOT_FOUND)
async def get_target(
    target_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> TargetOut:
    record = await targets.get_target(uow, principal, target_id)
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.patch("/{target_id}", response_model=TargetOut, responses=WRITE_RESPONSES)
async def update_target(
    target_id: UUID,
    body: TargetUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> TargetOut:
    record = await targets.update_target(uow, c, principal, target_id, body.changes(), version)
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.delete("/{target_id}", status_code=204, response_class=Response, responses=WRITE_RESPONSES)
async def delete_target(
    target_id: UUID, version: IfMatch, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> Response:
    await targets.delete_target(uow, c, principal, target_id, version)
    return Response(status_code=204)
