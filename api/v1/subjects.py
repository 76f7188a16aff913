"""/subjects: the admin-managed subject tree service requests are classified by."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

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
from api.v1.schemas.service import SubjectCreate, SubjectOut, SubjectUpdate
from domain import service
from persistence.queries import service as queries

router = APIRouter(prefix="/subjects", tags=["service"])

SubjectSort = Literal["name", "-name", "sort_order", "-sort_order", "created_at", "-created_at"]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such subject, or not visible to you"}
}


@router.get("", response_model=ListResponse[SubjectOut], summary="List subjects")
async def list_subjects(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: SubjectSort = "name",
    parent_id: Annotated[UUID | None, Query(description="Children of this subject")] = None,
    top_level: Annotated[
        bool | None, Query(description="true: only subjects without a parent")
    ] = None,
    active: bool | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Name (Finnish or English)")] = None,
) -> ListResponse[SubjectOut]:
    page = page_request(limit, cursor, sort, tuple(queries.SUBJECT_SORTS))
    result = await queries.list_subjects(
        uow.session,
        principal,
        queries.SubjectFilters(parent_id=parent_id, top_level=top_level, active=active, q=q),
        page,
    )
    return ListResponse(
        items=[SubjectOut.model_validate(s) for s in result.items], next_cursor=result.next_cursor
    )


@router.post("", status_code=201, response_model=SubjectOut, summary="Create a subject")
async def create_subject(
    body: SubjectCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        subject = await service.create_subject(
            uow, c, principal, service.SubjectInput(**body.model_dump())
        )
        return created(request, subject, SubjectOut.model_validate(subject))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{subject_id}", response_model=SubjectOut, responses=NOT_FOUND)
async def get_subject(
    subject_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> SubjectOut:
    subject = await service.get_subject(uow, principal, subject_id)
    set_etag(response, subject.version)
    return SubjectOut.model_validate(subject)


@router.patch(
    "/{subject_id}",
    response_model=SubjectOut,
    responses={
        **NOT_FOUND,
        412: {"description": "Stale ETag"},
        428: {"description": "No If-Match"},
    },
)
async def update_subject(
    subject_id: UUID,
    body: SubjectUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> SubjectOut:
    subject = await service.update_subject(uow, c, principal, subject_id, body.changes(), version)
    set_etag(response, subject.version)
    return SubjectOut.model_validate(subject)
