"""/account-creation-requests: a salesperson asks customer service to create a customer in
the billing system; the request completes when the billing integration brings the account
(PUT /accounts/by-external-id/billing/{customer number})."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime

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
from api.v1.history import history_page
from api.v1.schemas.account_requests import (
    CustomerNumberIn,
    RejectionIn,
    RequestCreate,
    RequestOut,
    RequestUpdate,
)
from api.v1.schemas.accounts import HistoryOut
from domain import leads
from domain.leads import RequestState, account_requests
from persistence.queries import lead_setup as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/account-creation-requests", tags=["leads"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such request, or not visible to you"}
}
STEP_RESPONSES: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    409: {"description": "Not possible in the request's state (`allowed` lists what is)"},
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}


def request_out(view: queries.RequestView) -> RequestOut:
    r = view.request
    values = asdict(r)
    values.update({k: v for k, v in asdict(view).items() if k != "request"})
    values.update(allowed_states=leads.allowed_next(r.state), passive=r.state.is_passive)
    return RequestOut.model_validate(values)


async def _out(uow: SqlUnitOfWork, request_id: UUID) -> RequestOut:
    return request_out((await queries.request_views(uow.session, [request_id]))[0])


@router.get(
    "",
    response_model=ListResponse[RequestOut],
    summary="List account-creation requests",
)
async def list_requests(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: Literal["updated_at", "-updated_at", "created_at", "-created_at", "name", "-name"] = (
        "-updated_at"
    ),
    state: Annotated[list[RequestState] | None, Query(description="Repeat for several")] = None,
    passive: Annotated[
        bool | None, Query(description="true: the passive requests (completed, rejected)")
    ] = None,
    owner_id: UUID | None = None,
    handler_id: UUID | None = None,
    queue_id: UUID | None = None,
    in_my_queues: Annotated[bool | None, Query(description="Waiting in your queues")] = None,
    lead_id: UUID | None = None,
    sales_project_id: UUID | None = None,
    account_id: UUID | None = None,
    customer_number: Annotated[str | None, Query(max_length=50)] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Name, business ID or customer number")
    ] = None,
    updated_since: Annotated[AwareDatetime | None, Query(description="ISO 8601 with zone")] = None,
) -> ListResponse[RequestOut]:
    """Customer service's queue is `in_my_queues=true&state=submitted&state=in_progress`;
    the passive requests are `passive=true`."""
    page = page_request(limit, cursor, sort, tuple(queries.REQUEST_SORTS))
    filters = queries.RequestFilters(
        state=tuple(s.value for s in state or ()),
        passive=passive,
        owner_id=owner_id,
        handler_id=handler_id,
        queue_id=queue_id,
        in_my_queues=in_my_queues,
        lead_id=lead_id,
        sales_project_id=sales_project_id,
        account_id=account_id,
        customer_number=customer_number,
        q=q,
        updated_since=updated_since,
    )
    result = await queries.list_requests(uow.session, principal, filters, page)
    return ListResponse(
        items=[request_out(v) for v in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "",
    status_code=201,
    response_model=RequestOut,
    summary="Start an account-creation request (a draft)",
)
async def create_request(
    body: RequestCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await account_requests.create_request(
            uow, c, principal, leads.RequestInput(**body.domain_values())
        )
        return created(request, record, await _out(uow, record.id))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{account_request_id}", response_model=RequestOut, responses=NOT_FOUND)
async def get_request(
    account_request_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> RequestOut:
    record = await account_requests.get_request(uow, principal, account_request_id)
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.patch("/{account_request_id}", response_model=RequestOut, responses=STEP_RESPONSES)
async def update_request(
    account_request_id: UUID,
    body: RequestUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> RequestOut:
    record = await account_requests.update_request(
        uow, c, principal, account_request_id, body.domain_changes(), version
    )
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.post(
    "/{account_request_id}/submission",
    response_model=RequestOut,
    responses=STEP_RESPONSES,
    summary="Send the draft to the customer-service queue",
)
async def submit(
    account_request_id: UUID,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> RequestOut:
    record = await account_requests.submit(uow, c, principal, account_request_id, version)
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.post(
    "/{account_request_id}/pickup",
    response_model=RequestOut,
    responses={**NOT_FOUND, 409: {"description": "Not submitted"}},
    summary="Customer service takes the request (in progress)",
)
async def pick(
    account_request_id: UUID,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> RequestOut:
    record = await account_requests.pick(uow, c, principal, account_request_id)
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.post(
    "/{account_request_id}/customer-number",
    response_model=RequestOut,
    responses=STEP_RESPONSES,
    summary="Record the billing system's customer number",
)
async def record_customer_number(
    account_request_id: UUID,
    body: CustomerNumberIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> RequestOut:
    """Completes the request at once when the account with this number as its `billing` id
    is already in the CRM; otherwise it completes when the billing integration brings it."""
    record = await account_requests.record_customer_number(
        uow, c, principal, account_request_id, body.customer_number, version
    )
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.post(
    "/{account_request_id}/rejection",
    response_model=RequestOut,
    responses=STEP_RESPONSES,
    summary="Reject the request (with the reason the salesperson will see)",
)
async def reject(
    account_request_id: UUID,
    body: RejectionIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> RequestOut:
    record = await account_requests.reject(
        uow, c, principal, account_request_id, body.reason, version
    )
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.get(
    "/{account_request_id}/history",
    response_model=ListResponse[HistoryOut],
    responses=NOT_FOUND,
    summary="Field-level change history, newest first",
)
async def request_history(
    account_request_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[HistoryOut]:
    await account_requests.get_request(uow, principal, account_request_id)
    return await history_page(
        uow, leads.ACCOUNT_CREATION_REQUEST, account_request_id, limit, cursor
    )
