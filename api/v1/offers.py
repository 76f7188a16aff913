"""/offers: offers (tarjoukset) with product lines, their status changes — acceptance creates
the order in the same transaction — and the field history."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime

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
from api.v1.history import history_page
from api.v1.offer_common import (
    NOT_FOUND,
    TRANSITION_RESPONSES,
    WRITE_RESPONSES,
    business_day,
    offer_out,
    one_offer,
    one_order,
    policy,
)
from api.v1.schemas.accounts import HistoryOut
from api.v1.schemas.offers import (
    AcceptanceIn,
    AcceptanceOut,
    OfferCreate,
    OfferOut,
    OfferStatusIn,
    OfferUpdate,
    ReopeningIn,
)
from domain.offers import OFFER, OfferStatus
from domain.offers import offers as use_cases
from persistence.queries import offers as queries

router = APIRouter(prefix="/offers", tags=["offers"])

OfferSort = Literal[
    "offered_on",
    "-offered_on",
    "valid_until",
    "-valid_until",
    "total",
    "-total",
    "title",
    "-title",
    "updated_at",
    "-updated_at",
    "created_at",
    "-created_at",
]


@router.get("", response_model=ListResponse[OfferOut], summary="List offers")
async def list_offers(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: OfferSort = "-offered_on",
    q: Annotated[str | None, Query(max_length=200, description="Number or title")] = None,
    status: Annotated[
        list[OfferStatus] | None, Query(description="One or more (repeat the parameter)")
    ] = None,
    offer_type_id: UUID | None = None,
    owner_id: UUID | None = None,
    business_unit_id: UUID | None = None,
    account_id: UUID | None = None,
    contact_id: UUID | None = None,
    expiring_within_days: Annotated[
        int | None,
        Query(ge=0, le=366, description="Open offers valid until today … today + N days."),
    ] = None,
    expired: Annotated[
        bool | None, Query(description="true: open offers past their validity; false: the rest.")
    ] = None,
    offered_from: date | None = None,
    offered_to: date | None = None,
    updated_since: Annotated[AwareDatetime | None, Query(description="ISO 8601 with zone")] = None,
) -> ListResponse[OfferOut]:
    page = page_request(limit, cursor, sort, tuple(queries.OFFER_SORTS))
    filters = queries.OfferFilters(
        q=q,
        status=tuple(s.value for s in status or ()),
        offer_type_id=offer_type_id,
        owner_id=owner_id,
        business_unit_id=business_unit_id,
        account_id=account_id,
        contact_id=contact_id,
        expiring_within_days=expiring_within_days,
        expired=expired,
        offered_from=offered_from,
        offered_to=offered_to,
        updated_since=updated_since,
    )
    on = business_day(c)
    result = await queries.list_offers(uow.session, principal, filters, page, on)
    return ListResponse(
        items=[offer_out(v, on) for v in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "",
    status_code=201,
    response_model=OfferOut,
    summary="Make an offer",
    responses={422: {"description": "Invalid, or the account is passive"}},
)
async def create_offer(
    body: OfferCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await use_cases.create_offer(
            uow, c, principal, policy(c), use_cases.OfferInput(**body.domain_values())
        )
        out = await one_offer(c, uow, principal, record.id)
        return (
            201,
            out.model_dump(mode="json"),
            {"ETag": etag(record.version), "Location": f"{request.url.path}/{record.id}"},
        )

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{offer_id}", response_model=OfferOut, responses=NOT_FOUND)
async def get_offer(
    offer_id: UUID, response: Response, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> OfferOut:
    record = await use_cases.read_offer(uow, principal, offer_id)
    set_etag(response, record.version)
    return await one_offer(c, uow, principal, record.id)


@router.patch(
    "/{offer_id}",
    response_model=OfferOut,
    responses={**WRITE_RESPONSES, 409: {"description": "The offer is not open"}},
    summary="Edit an open offer",
)
async def update_offer(
    offer_id: UUID,
    body: OfferUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> OfferOut:
    record = await use_cases.update_offer(
        uow, c, principal, offer_id, body.domain_changes(), version
    )
    set_etag(response, record.version)
    return await one_offer(c, uow, principal, record.id)


@router.post(
    "/{offer_id}/acceptance",
    response_model=AcceptanceOut,
    responses=TRANSITION_RESPONSES,
    summary="The customer accepted: the offer is won and its order created",
)
async def accept_offer(
    offer_id: UUID,
    body: AcceptanceIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> AcceptanceOut:
    """One transaction: the offer becomes won and an order with the offer's lines is created
    (owner, unit, customer and contact as on the offer). Needs the update privilege on the
    offer and the create privilege on orders. The ETag answered is the offer's."""
    offer, order = await use_cases.accept_offer(
        uow,
        c,
        principal,
        offer_id,
        version,
        ordered_on=body.ordered_on,
        external_reference=body.external_reference,
    )
    set_etag(response, offer.version)
    return AcceptanceOut(
        offer=await one_offer(c, uow, principal, offer.id), order=await one_order(uow, order.id)
    )


@router.post(
    "/{offer_id}/status",
    response_model=OfferOut,
    responses=TRANSITION_RESPONSES,
    summary="Mark an open offer lost or cancelled",
)
async def close_offer(
    offer_id: UUID,
    body: OfferStatusIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> OfferOut:
    record = await use_cases.close_offer(
        uow,
        c,
        principal,
        offer_id,
        OfferStatus(body.status),
        version,
        reason=body.reason,
        closed_on=body.closed_on,
    )
    set_etag(response, record.version)
    return await one_offer(c, uow, principal, record.id)


@router.post(
    "/{offer_id}/reopening",
    response_model=OfferOut,
    responses=TRANSITION_RESPONSES,
    summary="Reopen a lost offer",
)
async def reopen_offer(
    offer_id: UUID,
    body: ReopeningIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> OfferOut:
    record = await use_cases.reopen_offer(
        uow, c, principal, offer_id, version, reason=body.reason, valid_until=body.valid_until
    )
    set_etag(response, record.version)
    return await one_offer(c, uow, principal, record.id)


@router.get(
    "/{offer_id}/history",
    response_model=ListResponse[HistoryOut],
    responses=NOT_FOUND,
    summary="Field-level change history, newest first",
)
async def offer_history(
    offer_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[HistoryOut]:
    await use_cases.read_offer(uow, principal, offer_id)
    return await history_page(uow, OFFER, offer_id, limit, cursor)
