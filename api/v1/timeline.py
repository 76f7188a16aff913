"""Timelines: what happened with an account, a contact or a service request, newest first.

An account's timeline is its 360° view: the activities about it, its contacts and its
requests (they all carry the account's id), and its requests' main events. Everything is
shown only as far as the caller may read it."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import PrincipalDep, UowDep
from api.pagination import CursorParam, Limit, ListResponse, in_query, page_request
from api.v1.schemas.activities import RegardingOut, TimelineItemOut
from domain.shared import NotFound, Principal, ValidationFailed
from persistence.queries import timeline as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(tags=["timeline"])

KindsParam = Annotated[
    str | None,
    Query(
        max_length=100,
        description="Comma-separated kinds to show: activity, request_event, service_request "
        "(default: all).",
        examples=["activity,request_event"],
    ),
]


def _kinds(raw: str | None) -> tuple[str, ...]:
    if raw is None or not raw.strip():
        return queries.KINDS
    kinds = tuple(dict.fromkeys(k.strip() for k in raw.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in queries.KINDS]
    if unknown or not kinds:
        what = f"Unknown kind {unknown[0]!r}" if unknown else "No kind given"
        raise in_query(ValidationFailed.field("kinds", f"{what}; use {', '.join(queries.KINDS)}."))
    return kinds


def _item_out(item: queries.TimelineItem) -> TimelineItemOut:
    regarding = (
        RegardingOut(type=item.regarding.type, id=item.regarding.id, label=item.regarding.label)
        if item.regarding is not None
        else None
    )
    return TimelineItemOut.model_validate(
        {**{k: getattr(item, k) for k in TimelineItemOut.model_fields}, "regarding": regarding}
    )


async def _timeline(
    uow: SqlUnitOfWork,
    principal: Principal,
    record: tuple[str, UUID],
    sources: queries.Sources,
    kinds: str | None,
    limit: int,
    cursor: str | None,
) -> ListResponse[TimelineItemOut]:
    wanted = _kinds(kinds)
    page = page_request(limit, cursor, str(queries.TIMELINE_SORT), (queries.TIMELINE_SORT.field,))
    if not await queries.readable_record(uow.session, principal, *record):
        raise NotFound(*record)
    result = await queries.timeline(uow.session, principal, sources, wanted, page)
    return ListResponse(items=[_item_out(i) for i in result.items], next_cursor=result.next_cursor)


def _not_found(entity: str) -> dict[int | str, dict[str, Any]]:
    return {404: {"description": f"No such {entity}, or not visible to you"}}


@router.get(
    "/accounts/{account_id}/timeline",
    response_model=ListResponse[TimelineItemOut],
    responses=_not_found("account"),
    summary="The account's 360° timeline: activities and service requests, newest first",
)
async def account_timeline(
    account_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    kinds: KindsParam = None,
) -> ListResponse[TimelineItemOut]:
    return await _timeline(
        uow,
        principal,
        ("account", account_id),
        queries.account_sources(account_id),
        kinds,
        limit,
        cursor,
    )


@router.get(
    "/contacts/{contact_id}/timeline",
    response_model=ListResponse[TimelineItemOut],
    responses=_not_found("contact"),
    summary="The contact's timeline: activities and service requests, newest first",
)
async def contact_timeline(
    contact_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    kinds: KindsParam = None,
) -> ListResponse[TimelineItemOut]:
    return await _timeline(
        uow,
        principal,
        ("contact", contact_id),
        queries.contact_sources(principal, contact_id),
        kinds,
        limit,
        cursor,
    )


@router.get(
    "/service-requests/{request_id}/timeline",
    response_model=ListResponse[TimelineItemOut],
    responses=_not_found("service request"),
    summary="The request's log merged with the activities about it, newest first",
)
async def request_timeline(
    request_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    kinds: KindsParam = None,
) -> ListResponse[TimelineItemOut]:
    return await _timeline(
        uow,
        principal,
        ("service_request", request_id),
        queries.request_sources(request_id),
        kinds,
        limit,
        cursor,
    )
