"""/orders: orders (tilaukset) — made by accepting an offer, recorded directly, or sent by
the ERP with its own reference — their status (ordered → in delivery → invoiced, or
cancelled), the field history, and the purchase volume they add up to on the account."""

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
    one_order,
    order_out,
)
from api.v1.schemas.accounts import HistoryOut
from api.v1.schemas.offers import (
    OrderCreate,
    OrderOut,
    OrderStatusIn,
    OrderUpdate,
    PurchaseVolumeOut,
    PurchaseYearOut,
)
from domain.accounts import services as accounts
from domain.offers import ORDER, OrderStatus
from domain.offers import orders as use_cases
from persistence.queries import offers as queries

router = APIRouter(tags=["offers"])

OrderSort = Literal[
    "ordered_on",
    "-ordered_on",
    "total",
    "-total",
    "updated_at",
    "-updated_at",
    "created_at",
    "-created_at",
]


@router.get("/orders", response_model=ListResponse[OrderOut], summary="List orders")
async def list_orders(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: OrderSort = "-ordered_on",
    q: Annotated[str | None, Query(max_length=200, description="Number or title")] = None,
    status: Annotated[
        list[OrderStatus] | None, Query(description="One or more (repeat the parameter)")
    ] = None,
    owner_id: UUID | None = None,
    business_unit_id: UUID | None = None,
    account_id: UUID | None = None,
    offer_id: UUID | None = None,
    external_reference: Annotated[str | None, Query(max_length=100)] = None,
    ordered_from: date | None = None,
    ordered_to: date | None = None,
    updated_since: Annotated[AwareDatetime | None, Query(description="ISO 8601 with zone")] = None,
) -> ListResponse[OrderOut]:
    page = page_request(limit, cursor, sort, tuple(queries.ORDER_SORTS))
    filters = queries.OrderFilters(
        q=q,
        status=tuple(s.value for s in status or ()),
        owner_id=owner_id,
        business_unit_id=business_unit_id,
        account_id=account_id,
        offer_id=offer_id,
        external_reference=external_reference,
        ordered_from=ordered_from,
        ordered_to=ordered_to,
        updated_since=updated_since,
    )
    result = await queries.list_orders(uow.session, principal, filters, page)
    return ListResponse(items=[order_out(v) for v in result.items], next_cursor=result.next_cursor)


@router.post(
    "/orders",
    status_code=201,
    response_model=OrderOut,
    summary="Record an order directly (a salesperson, or the ERP with its reference)",
    responses={
        200: {
            "description": "An order with this external_reference and the same content "
            "exists: it is answered as it is",
            "model": OrderOut,
        },
        409: {"description": "Another order has this external_reference with other content"},
        422: {"description": "Invalid, or the account is passive"},
    },
)
async def create_order(
    body: OrderCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """An integration that sends each ERP order with its `external_reference` can repeat the
    call safely: the same reference and content answer the existing order (200) instead of
    creating a second; a different content answers 409 with `existing_id`."""

    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record, is_new = await use_cases.create_order(
            uow, c, principal, use_cases.OrderInput(**body.domain_values())
        )
        out = await one_order(uow, record.id)
        return (
            201 if is_new else 200,
            out.model_dump(mode="json"),
            {"ETag": etag(record.version), "Location": f"{request.url.path}/{record.id}"},
        )

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/orders/{order_id}", response_model=OrderOut, responses=NOT_FOUND)
async def get_order(
    order_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> OrderOut:
    record = await use_cases.read_order(uow, principal, order_id)
    set_etag(response, record.version)
    return await one_order(uow, record.id)


@router.patch(
    "/orders/{order_id}",
    response_model=OrderOut,
    responses={**WRITE_RESPONSES, 409: {"description": "Invoiced or cancelled"}},
    summary="Edit an order that is not invoiced or cancelled",
)
async def update_order(
    order_id: UUID,
    body: OrderUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> OrderOut:
    record = await use_cases.update_order(
        uow, c, principal, order_id, body.domain_changes(), version
    )
    set_etag(response, record.version)
    return await one_order(uow, record.id)


@router.post(
    "/orders/{order_id}/status",
    response_model=OrderOut,
    responses=TRANSITION_RESPONSES,
    summary="Mark an order in delivery (invoiceable), invoiced or cancelled",
)
async def change_order_status(
    order_id: UUID,
    body: OrderStatusIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> OrderOut:
    record = await use_cases.change_order_status(
        uow,
        c,
        principal,
        order_id,
        OrderStatus(body.status),
        version,
        on=body.on,
        reason=body.reason,
    )
    set_etag(response, record.version)
    return await one_order(uow, record.id)


@router.get(
    "/orders/{order_id}/history",
    response_model=ListResponse[HistoryOut],
    responses=NOT_FOUND,
    summary="Field-level change history, newest first",
)
async def order_history(
    order_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[HistoryOut]:
    await use_cases.read_order(uow, principal, order_id)
    return await history_page(uow, ORDER, order_id, limit, cursor)


@router.get(
    "/accounts/{account_id}/purchase-volume",
    response_model=PurchaseVolumeOut,
    responses={404: {"description": "No such account, or not visible to you"}},
    summary="What the account bought: the last 12 months and each year",
)
async def purchase_volume(
    account_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> PurchaseVolumeOut:
    """The sum of the account's orders that are not cancelled, by purchase date
    (`ordered_on`): in the 12 months ending today (Helsinki) and per calendar year. It is a
    fact about the account — all its orders count, like the ERP's purchase history — shown
    to whoever may read the account; segment rules and the suggested class use the same
    figure."""
    account = await accounts.get_account(uow, principal, account_id)
    volume = await queries.purchase_volume(uow.session, account.id, business_day(c))
    return PurchaseVolumeOut(
        account_id=volume.account_id,
        as_of=volume.as_of,
        window_from=volume.window_from,
        last_12_months_total=volume.window_total,
        last_12_months_orders=volume.window_orders,
        years=[PurchaseYearOut(year=y.year, total=y.total, orders=y.orders) for y in volume.years],
        first_ordered_on=volume.first_ordered_on,
        last_ordered_on=volume.last_ordered_on,
    )
