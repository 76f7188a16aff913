"""/queues: service queues (jonot), their members, and how much waits in each."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Header, Query, Request, Response

from api.deps import (
    ContainerDep,
    IdempotencyKey,
    IfMatch,
    PrincipalDep,
    UowDep,
    created,
    expected_version,
    idempotent,
    set_etag,
)
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.schemas.service import (
    QueueCreate,
    QueueMemberOut,
    QueueMembersIn,
    QueueOut,
    QueueUpdate,
)
from domain import service
from persistence.queries import service as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/queues", tags=["service"])

QueueSort = Literal["name", "-name", "created_at", "-created_at"]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such queue, or not visible to you"}
}


def queue_out(summary: queries.QueueSummary) -> QueueOut:
    values = asdict(summary.queue)
    values["member_ids"] = sorted(summary.queue.member_ids)
    return QueueOut(**values, open_count=summary.open_count, is_member=summary.is_member)


async def _out(uow: SqlUnitOfWork, principal: Any, queue: service.Queue) -> QueueOut:
    return queue_out(await queries.queue_summary(uow.session, principal, queue))


@router.get("", response_model=ListResponse[QueueOut], summary="List queues with open counts")
async def list_queues(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: QueueSort = "name",
    q: Annotated[str | None, Query(max_length=200, description="Name")] = None,
    active: bool | None = None,
    business_unit_id: UUID | None = None,
    member: Annotated[
        bool | None, Query(description="true: only queues you are a member of")
    ] = None,
) -> ListResponse[QueueOut]:
    page = page_request(limit, cursor, sort, tuple(queries.QUEUE_SORTS))
    result = await queries.list_queues(
        uow.session,
        principal,
        queries.QueueFilters(q=q, active=active, business_unit_id=business_unit_id, member=member),
        page,
    )
    return ListResponse(items=[queue_out(s) for s in result.items], next_cursor=result.next_cursor)


@router.post(
    "",
    status_code=201,
    response_model=QueueOut,
    summary="Create a queue",
    responses={409: {"description": "A queue with this name exists"}},
)
async def create_queue(
    body: QueueCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        queue = await service.create_queue(
            uow, c, principal, service.QueueInput(**body.domain_values())
        )
        return created(request, queue, await _out(uow, principal, queue))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{queue_id}", response_model=QueueOut, responses=NOT_FOUND)
async def get_queue(
    queue_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> QueueOut:
    queue = await service.get_queue(uow, principal, queue_id)
    set_etag(response, queue.version)
    return await _out(uow, principal, queue)


@router.patch(
    "/{queue_id}",
    response_model=QueueOut,
    responses={
        **NOT_FOUND,
        412: {"description": "Stale ETag"},
        428: {"description": "No If-Match"},
    },
)
async def update_queue(
    queue_id: UUID,
    body: QueueUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> QueueOut:
    queue = await service.update_queue(
        uow, c, principal, queue_id, body.domain_values(set(body.model_fields_set)), version
    )
    set_etag(response, queue.version)
    return await _out(uow, principal, queue)


async def _members(uow: SqlUnitOfWork, queue_id: UUID) -> ListResponse[QueueMemberOut]:
    members = await queries.queue_member_list(uow.session, queue_id)
    return ListResponse(items=[QueueMemberOut.model_validate(m) for m in members], next_cursor=None)


@router.get(
    "/{queue_id}/members",
    response_model=ListResponse[QueueMemberOut],
    responses=NOT_FOUND,
    summary="The queue's members, by name (one page: queues are small)",
)
async def list_members(
    queue_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ListResponse[QueueMemberOut]:
    queue = await service.get_queue(uow, principal, queue_id)
    set_etag(response, queue.version)
    return await _members(uow, queue_id)


@router.put(
    "/{queue_id}/members",
    response_model=ListResponse[QueueMemberOut],
    responses={**NOT_FOUND, 412: {"description": "Stale ETag (when If-Match is sent)"}},
    summary="Replace the queue's member set",
)
async def replace_members(
    queue_id: UUID,
    body: QueueMembersIn,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description="Optional: the queue's ETag, to refuse the change if it is stale.",
        ),
    ] = None,
) -> ListResponse[QueueMemberOut]:
    version = expected_version(if_match) if if_match else None
    queue = await service.set_queue_members(
        uow, c, principal, queue_id, body.user_ids, expected_version=version
    )
    # Membership decides what the members may read (Principal.queue_ids): reload principals.
    c.principals.clear()
    set_etag(response, queue.version)
    return await _members(uow, queue_id)
