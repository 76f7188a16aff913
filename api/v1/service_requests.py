"""/service-requests: customer service requests (palvelupyynnöt), their status changes,
delegations, the append-only log and the field history."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime

from api.deps import (
    Container,
    ContainerDep,
    IdempotencyKey,
    IfMatch,
    PrincipalDep,
    UowDep,
    created,
    etag,
    idempotent,
    set_etag,
)
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.history import history_page
from api.v1.schemas.accounts import HistoryOut
from api.v1.schemas.service import (
    CommentIn,
    DelegationIn,
    DelegationOut,
    ReopeningIn,
    RequestEventOut,
    ServiceRequestCreate,
    ServiceRequestOut,
    ServiceRequestUpdate,
    StatusChangeIn,
)
from domain import service
from domain.service import Origin, Priority, RequestType, State, StatusReason
from persistence.queries import service as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/service-requests", tags=["service"])

RequestSort = Literal[
    "received_at",
    "-received_at",
    "updated_at",
    "-updated_at",
    "created_at",
    "-created_at",
    "callback_due_at",
    "-callback_due_at",
]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such service request, or not visible to you"}
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}
TRANSITION_RESPONSES: dict[int | str, dict[str, Any]] = {
    **WRITE_RESPONSES,
    409: {"description": "Not allowed from the current status; `allowed` lists what is"},
}


def policy(c: Container) -> service.ServicePolicy:
    s = c.settings
    return service.ServicePolicy(
        delegation_reminder_working_hours=s.delegation_reminder_working_hours,
        callback_due_working_hours=s.callback_due_working_hours,
        general_customer_account_id=s.general_customer_account_id,
    )


def request_out(view: queries.RequestView) -> ServiceRequestOut:
    r = view.request
    values = asdict(r)
    values.update(
        {k: v for k, v in asdict(view).items() if k != "request"},
        state=r.state,
        allowed_transitions=service.allowed_transitions(r.status_reason),
    )
    return ServiceRequestOut.model_validate(values)


async def _out(uow: SqlUnitOfWork, request_id: UUID) -> ServiceRequestOut:
    return request_out(await queries.request_view(uow.session, request_id))


def delegation_out(view: queries.DelegationView) -> DelegationOut:
    values = asdict(view.delegation)
    values.update({k: v for k, v in asdict(view).items() if k != "delegation"})
    return DelegationOut.model_validate(values)


def event_out(view: queries.EventView) -> RequestEventOut:
    return RequestEventOut.model_validate({**asdict(view.event), "by_name": view.by_name})


@router.get("", response_model=ListResponse[ServiceRequestOut], summary="List service requests")
async def list_requests(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: Annotated[
        RequestSort,
        Query(description="callback_due_at lists only requests that have a call-back due time."),
    ] = "-received_at",
    q: Annotated[
        str | None,
        Query(max_length=200, description="Case number, title, caller's name, phone or email"),
    ] = None,
    status_reason: Annotated[
        list[StatusReason] | None, Query(description="One or more (repeat the parameter)")
    ] = None,
    state: State | None = None,
    subject_id: UUID | None = None,
    request_type: RequestType | None = None,
    origin: Origin | None = None,
    priority: Priority | None = None,
    owner_id: UUID | None = None,
    business_unit_id: UUID | None = None,
    queue_id: UUID | None = None,
    account_id: UUID | None = None,
    contact_id: UUID | None = None,
    delegated_to_user_id: UUID | None = None,
    delegated_by_id: UUID | None = None,
    billing_status: service.BillingStatus | None = None,
    received_from: Annotated[AwareDatetime | None, Query(description="ISO 8601 with zone")] = None,
    received_to: Annotated[
        AwareDatetime | None, Query(description="ISO 8601 with zone (exclusive)")
    ] = None,
    updated_since: Annotated[AwareDatetime | None, Query(description="ISO 8601 with zone")] = None,
) -> ListResponse[ServiceRequestOut]:
    page = page_request(limit, cursor, sort, tuple(queries.REQUEST_SORTS))
    filters = queries.RequestFilters(
        q=q,
        status_reason=tuple(r.value for r in status_reason or ()),
        state=state,
        subject_id=subject_id,
        request_type=request_type,
        origin=origin,
        priority=priority,
        owner_id=owner_id,
        business_unit_id=business_unit_id,
        queue_id=queue_id,
        account_id=account_id,
        contact_id=contact_id,
        delegated_to_user_id=delegated_to_user_id,
        delegated_by_id=delegated_by_id,
        billing_status=billing_status,
        received_from=received_from,
        received_to=received_to,
        updated_since=updated_since,
    )
    result = await queries.list_requests(uow.session, principal, filters, page)
    return ListResponse(
        items=[request_out(v) for v in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "",
    status_code=201,
    response_model=ServiceRequestOut,
    summary="Create a service request",
)
async def create_request(
    body: ServiceRequestCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await service.create_request(
            uow, c, principal, policy(c), service.RequestInput(**body.domain_values())
        )
        return created(request, record, await _out(uow, record.id))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{request_id}", response_model=ServiceRequestOut, responses=NOT_FOUND)
async def get_request(
    request_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ServiceRequestOut:
    record = await service.get_service_request(uow, principal, request_id)
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.patch("/{request_id}", response_model=ServiceRequestOut, responses=WRITE_RESPONSES)
async def update_request(
    request_id: UUID,
    body: ServiceRequestUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ServiceRequestOut:
    record = await service.update_request(
        uow, c, principal, policy(c), request_id, body.domain_changes(), version
    )
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.post(
    "/{request_id}/status",
    response_model=ServiceRequestOut,
    responses=TRANSITION_RESPONSES,
    summary="Change the status reason",
)
async def change_status(
    request_id: UUID,
    body: StatusChangeIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ServiceRequestOut:
    record = await service.change_status(
        uow,
        c,
        principal,
        request_id,
        body.status_reason,
        version,
        note=body.note or None,
        satisfaction=body.satisfaction,
    )
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.post(
    "/{request_id}/reopening",
    response_model=ServiceRequestOut,
    responses=TRANSITION_RESPONSES,
    summary="Reopen a closed request (the note says why)",
)
async def reopen(
    request_id: UUID,
    body: ReopeningIn,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ServiceRequestOut:
    record = await service.reopen(
        uow, c, principal, request_id, body.note, version, body.status_reason
    )
    set_etag(response, record.version)
    return await _out(uow, record.id)


@router.get(
    "/{request_id}/events",
    response_model=ListResponse[RequestEventOut],
    responses=NOT_FOUND,
    summary="The request's log of actions and changes, newest first",
)
async def list_events(
    request_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[RequestEventOut]:
    await service.get_service_request(uow, principal, request_id)
    page = await queries.list_events(
        uow.session, request_id, page_request(limit, cursor, "-at", tuple(queries.EVENT_SORTS))
    )
    return ListResponse(items=[event_out(e) for e in page.items], next_cursor=page.next_cursor)


@router.post(
    "/{request_id}/comments",
    status_code=201,
    response_model=RequestEventOut,
    responses=NOT_FOUND,
    summary="Add a comment to the request's log",
)
async def add_comment(
    request_id: UUID,
    body: CommentIn,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        event = await service.add_comment(uow, c, principal, request_id, body.note)
        out = RequestEventOut.model_validate({**asdict(event), "by_name": principal.name or None})
        return 201, out.model_dump(mode="json"), {}

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/{request_id}/history",
    response_model=ListResponse[HistoryOut],
    responses=NOT_FOUND,
    summary="Field-level change history, newest first",
)
async def request_history(
    request_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[HistoryOut]:
    await service.get_service_request(uow, principal, request_id)
    return await history_page(uow, service.SERVICE_REQUEST, request_id, limit, cursor)


@router.post(
    "/{request_id}/delegations",
    status_code=201,
    response_model=DelegationOut,
    responses={**NOT_FOUND, 409: {"description": "The request is closed"}},
    summary="Delegate the request to a user or a queue",
)
async def delegate(
    request_id: UUID,
    body: DelegationIn,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        delegation = await service.delegate(
            uow,
            c,
            principal,
            policy(c),
            request_id,
            to_user_id=body.to_user_id,
            to_queue_id=body.to_queue_id,
            note=body.note,
        )
        views = await queries.delegation_views(uow.session, [delegation.id])
        return (
            201,
            delegation_out(views[0]).model_dump(mode="json"),
            {"Location": f"{request.url.path}/{delegation.id}"},
        )

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/{request_id}/delegations",
    response_model=ListResponse[DelegationOut],
    responses=NOT_FOUND,
    summary="Who delegated the request to whom and when, newest first",
)
async def list_delegations(
    request_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[DelegationOut]:
    await service.get_service_request(uow, principal, request_id)
    page = await queries.list_delegations(
        uow.session,
        request_id,
        page_request(limit, cursor, "-delegated_at", tuple(queries.DELEGATION_SORTS)),
    )
    return ListResponse(items=[delegation_out(d) for d in page.items], next_cursor=page.next_cursor)


@router.post(
    "/{request_id}/delegations/{delegation_id}/acknowledgement",
    response_model=DelegationOut,
    responses={**NOT_FOUND, 409: {"description": "Superseded by a newer delegation"}},
    summary="Acknowledge a delegation (its user, or a member of its queue)",
)
async def acknowledge(
    request_id: UUID,
    delegation_id: UUID,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> DelegationOut:
    delegation = await service.acknowledge(uow, c, principal, request_id, delegation_id)
    views = await queries.delegation_views(uow.session, [delegation.id])
    return delegation_out(views[0])


@router.post(
    "/{request_id}/pickup",
    response_model=ServiceRequestOut,
    responses={**NOT_FOUND, 409: {"description": "Not waiting in a queue"}},
    summary="Pick the request from its queue (members): you become its owner",
)
async def pick(
    request_id: UUID,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ServiceRequestOut:
    record = await service.pick(uow, c, principal, request_id)
    response.headers["ETag"] = etag(record.version)
    return await _out(uow, record.id)
