"""/offer-types: the admin-managed offer types (apprenticeship, labour-policy training, staff
training, service order…)."""

from __future__ import annotations

from typing import Literal
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
from api.v1.offer_common import NOT_FOUND, WRITE_RESPONSES
from api.v1.schemas.offers import OfferTypeCreate, OfferTypeOut, OfferTypeUpdate
from domain.offers import offer_types
from persistence.queries import offers as queries

router = APIRouter(prefix="/offer-types", tags=["offers"])

TypeSort = Literal["sort_order", "-sort_order", "name", "-name", "key", "-key"]


@router.get("", response_model=ListResponse[OfferTypeOut], summary="List offer types")
async def list_offer_types(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: TypeSort = "sort_order",
    active: bool | None = None,
) -> ListResponse[OfferTypeOut]:
    page = page_request(limit, cursor, sort, tuple(queries.TYPE_SORTS))
    result = await queries.list_offer_types(uow.session, principal, active, page)
    return ListResponse(
        items=[OfferTypeOut.model_validate(t) for t in result.items],
        next_cursor=result.next_cursor,
    )


@router.post(
    "",
    status_code=201,
    response_model=OfferTypeOut,
    responses={409: {"description": "The key is taken"}},
    summary="Create an offer type",
)
async def create_offer_type(
    body: OfferTypeCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await offer_types.create_offer_type(
            uow, c, principal, offer_types.OfferTypeInput(**body.model_dump())
        )
        return created(request, record, OfferTypeOut.model_validate(record))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{offer_type_id}", response_model=OfferTypeOut, responses=NOT_FOUND)
async def get_offer_type(
    offer_type_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> OfferTypeOut:
    record = await offer_types.get_offer_type(uow, principal, offer_type_id)
    set_etag(response, record.version)
    return OfferTypeOut.model_validate(record)


@router.patch(
    "/{offer_type_id}",
    response_model=OfferTypeOut,
    responses=WRITE_RESPONSES,
    summary="Edit or deactivate an offer type",
)
async def update_offer_type(
    offer_type_id: UUID,
    body: OfferTypeUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> OfferTypeOut:
    record = await offer_types.update_offer_type(
        uow, c, principal, offer_type_id, body.changes(), version
    )
    set_etag(response, record.version)
    return OfferTypeOut.model_validate(record)


@router.delete(
    "/{offer_type_id}",
    status_code=204,
    response_class=Response,
    responses={**WRITE_RESPONSES, 409: {"description": "Offers have the type: deactivate it"}},
    summary="Delete an offer type no offer has",
)
async def delete_offer_type(
    offer_type_id: UUID, version: IfMatch, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> Response:
    await offer_types.delete_offer_type(uow, c, principal, offer_type_id, version)
    return Response(status_code=204)
