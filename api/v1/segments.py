"""/segments: dynamic segments (a rule over accounts, members computed on demand and
refreshed by a job with a membership history) and static ones (hand-picked members, CSV
upload by business ID); counts, members, breakdowns and history — only ever of accounts the
caller may read."""

from __future__ import annotations

import csv
import io
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
from api.v1.offer_common import NOT_FOUND, TRANSITION_RESPONSES, WRITE_RESPONSES
from api.v1.schemas.filters import FilterCatalogueOut
from api.v1.schemas.segments import (
    BreakdownItem,
    MembershipEventOut,
    PreviewOut,
    RefreshOut,
    RulePreview,
    SegmentCreate,
    SegmentMemberOut,
    SegmentMembersAdd,
    SegmentMembersAdded,
    SegmentOut,
    SegmentSummary,
    SegmentUpdate,
    UploadOut,
)
from domain.segmentation import SegmentKind, services
from domain.shared import FieldError, PageRequest, SortKey, ValidationFailed
from domain.shared.filter_catalogues import ACCOUNT_FILTERS
from domain.shared.filters import FilterContext
from persistence.queries import segments as queries

router = APIRouter(prefix="/segments", tags=["segmentation"])

SegmentSort = Literal["name", "-name", "updated_at", "-updated_at", "created_at", "-created_at"]
MemberSort = Literal["name", "-name", "size_class", "-size_class", "created_at", "-created_at"]
MAX_UPLOAD_BYTES = 2_000_000


@router.get("", response_model=ListResponse[SegmentOut], summary="List segments")
async def list_segments(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: SegmentSort = "name",
    kind: SegmentKind | None = None,
    owner_id: UUID | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> ListResponse[SegmentOut]:
    page = page_request(limit, cursor, sort, tuple(queries.SEGMENT_SORTS))
    result = await queries.list_segments(
        uow.session, principal, page, kind=kind.value if kind else None, q=q, owner_id=owner_id
    )
    return ListResponse(
        items=[SegmentOut.model_validate(s) for s in result.items],
        next_cursor=result.next_cursor,
    )


@router.post(
    "",
    status_code=201,
    response_model=SegmentOut,
    responses={422: {"description": "Invalid rule; errors name the path"}},
    summary="Create a segment",
)
async def create_segment(
    body: SegmentCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await services.create_segment(
            uow, c, principal, services.SegmentInput(**body.model_dump())
        )
        return created(request, record, SegmentOut.model_validate(record))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/fields",
    response_model=FilterCatalogueOut,
    summary="The fields and relations a segment rule may use",
    description="The account filter catalogue, the same as `GET /filter-catalogues/account`.",
)
async def segment_fields(principal: PrincipalDep) -> FilterCatalogueOut:
    return FilterCatalogueOut.model_validate(ACCOUNT_FILTERS.describe_tree(3))


@router.post(
    "/preview",
    response_model=PreviewOut,
    summary="Count a rule's accounts (the builder's live count)",
)
async def preview_rule(
    body: RulePreview, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> PreviewOut:
    flt = services.segment_filter(body.rule)
    ctx = FilterContext.of(principal, c.clock.now())
    where = queries.rule_members(flt, ctx, principal)
    count = await queries.count_members(uow.session, where)
    page = PageRequest(limit=10, cursor=None, sort=SortKey("name"))
    sample = await queries.members_page(uow.session, where, page)
    return PreviewOut(
        count=count, sample=[SegmentMemberOut.model_validate(m) for m in sample.items]
    )


@router.get("/{segment_id}", response_model=SegmentOut, responses=NOT_FOUND)
async def get_segment(
    segment_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> SegmentOut:
    record = await services.get_segment(uow, principal, segment_id)
    set_etag(response, record.version)
    return SegmentOut.model_validate(record)


@router.patch("/{segment_id}", response_model=SegmentOut, responses=WRITE_RESPONSES, summary="Edit")
async def update_segment(
    segment_id: UUID,
    body: SegmentUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> SegmentOut:
    record = await services.update_segment(uow, c, principal, segment_id, body.changes(), version)
    set_etag(response, record.version)
    return SegmentOut.model_validate(record)


@router.delete("/{segment_id}", status_code=204, response_class=Response, responses=WRITE_RESPONSES)
async def delete_segment(
    segment_id: UUID, version: IfMatch, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> Response:
    await services.delete_segment(uow, c, principal, segment_id, version)
    return Response(status_code=204)


async def _where(c: ContainerDep, uow: UowDep, principal: PrincipalDep, segment_id: UUID) -> Any:
    segment = await services.get_segment(uow, principal, segment_id)
    flt = services.segment_filter(segment.rule) if segment.rule is not None else None
    return segment, queries.member_condition(segment, flt, principal, c.clock.now())


@router.get(
    "/{segment_id}/members",
    response_model=ListResponse[SegmentMemberOut],
    responses=NOT_FOUND,
    summary="The members you may read (a dynamic segment's computed now)",
)
async def list_members(
    segment_id: UUID,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: MemberSort = "name",
) -> ListResponse[SegmentMemberOut]:
    page = page_request(limit, cursor, sort, tuple(queries.MEMBER_SORTS))
    _segment, where = await _where(c, uow, principal, segment_id)
    result = await queries.members_page(uow.session, where, page)
    return ListResponse(
        items=[SegmentMemberOut.model_validate(m) for m in result.items],
        next_cursor=result.next_cursor,
    )


@router.get(
    "/{segment_id}/summary",
    response_model=SegmentSummary,
    responses=NOT_FOUND,
    summary="Member count and breakdowns (of the members you may read)",
)
async def segment_summary(
    segment_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> SegmentSummary:
    segment, where = await _where(c, uow, principal, segment_id)
    count = await queries.count_members(uow.session, where)
    parts = await queries.breakdown(uow.session, where)
    return SegmentSummary(
        count=count,
        breakdown={
            name: [BreakdownItem(value=v, count=n) for v, n in rows] for name, rows in parts.items()
        },
        refreshed_at=segment.refreshed_at,
    )


@router.post(
    "/{segment_id}/members",
    response_model=SegmentMembersAdded,
    responses=TRANSITION_RESPONSES,
    summary="Add accounts to a static segment",
)
async def add_members(
    segment_id: UUID, body: SegmentMembersAdd, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> SegmentMembersAdded:
    added = await services.add_members(uow, c, principal, segment_id, body.account_ids)
    return SegmentMembersAdded(added=added)


@router.delete(
    "/{segment_id}/members/{account_id}",
    status_code=204,
    response_class=Response,
    responses=TRANSITION_RESPONSES,
    summary="Remove an account from a static segment",
)
async def remove_member(
    segment_id: UUID, account_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> Response:
    await services.remove_member(uow, c, principal, segment_id, account_id)
    return Response(status_code=204)


def business_ids_of(data: bytes) -> list[str]:
    """The business IDs of a CSV: the column named business_id / y-tunnus / ytunnus, else the
    first column; a header row without a business ID is skipped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    sample = text[:2048]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in r)]
    if not rows:
        return []
    header = [h.strip().lower().replace("-", "_") for h in rows[0]]
    column = 0
    for name in ("business_id", "y_tunnus", "ytunnus"):
        if name in header:
            column = header.index(name)
            rows = rows[1:]
            break
    values = [r[column].strip() if column < len(r) else "" for r in rows]
    if (
        values
        and not services.BUSINESS_ID.match(values[0])
        and not any(ch.isdigit() for ch in values[0])
    ):
        values = values[1:]
    return [v for v in values if v]


@router.post(
    "/{segment_id}/members/upload",
    response_model=UploadOut,
    responses=TRANSITION_RESPONSES,
    summary="Add a static segment's members from a CSV of business IDs",
    description="The request body is the CSV itself (`Content-Type: text/csv`, at most 2 MB): "
    "a column named business_id / Y-tunnus (`,` `;` or tab separated), else the first column.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
async def upload_members(
    segment_id: UUID,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> UploadOut:
    await services.get_segment(uow, principal, segment_id)  # 404 before reading the body
    data = b""
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_UPLOAD_BYTES:
            raise ValidationFailed([FieldError(("file",), "At most 2 MB.", "too_large")])
    result = await services.upload_members(uow, c, principal, segment_id, business_ids_of(data))
    return UploadOut(**vars(result))


@router.post(
    "/{segment_id}/refresh",
    response_model=RefreshOut,
    responses=TRANSITION_RESPONSES,
    summary="Recompute a dynamic segment's members now (the job does it periodically)",
)
async def refresh_segment(
    segment_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> RefreshOut:
    joined, left = await services.request_refresh(uow, c, principal, segment_id)
    return RefreshOut(joined=joined, left=left)


@router.get(
    "/{segment_id}/history",
    response_model=list[MembershipEventOut],
    responses=NOT_FOUND,
    summary="Who joined and left, when (accounts you may read), newest first",
)
async def segment_history(
    segment_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 100,
) -> list[MembershipEventOut]:
    segment = await services.get_segment(uow, principal, segment_id)
    rows = await queries.segment_events(uow.session, principal, segment.id, limit)
    return [MembershipEventOut.model_validate(r) for r in rows]
