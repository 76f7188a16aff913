"""/activities: tasks, phone calls, meetings, logged emails and notes."""

from __future__ import annotations

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
from api.pagination import CursorParam, Limit, ListResponse, in_query, page_request
from api.v1.history import history_page
from api.v1.schemas.accounts import HistoryOut
from api.v1.schemas.activities import (
    ActivityCreate,
    ActivityOut,
    ActivityUpdate,
    RegardingOut,
)
from domain.activities import (
    Activity,
    ActivityInput,
    ActivityStatus,
    ActivityType,
    RegardingType,
)
from domain.activities import services as activities
from domain.leads import activity_recorded
from domain.shared import Principal, ValidationFailed
from domain.shared.transactions import deferred_commit
from persistence.queries import activities as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/activities", tags=["activities"])

ActivitySort = Literal[
    "due_at", "-due_at", "occurred_at", "-occurred_at", "updated_at", "-updated_at"
]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such activity, or not visible to you"}
}


def activity_input(body: ActivityCreate) -> ActivityInput:
    data = body.model_dump()
    data["keywords"] = tuple(data["keywords"])
    data["participant_ids"] = frozenset(data["participant_ids"])
    return ActivityInput(**data)


def activity_out(view: queries.ActivityView) -> ActivityOut:
    a = view.activity
    regarding = (
        RegardingOut(type=a.regarding_type.value, id=a.regarding_id, label=view.regarding_label)
        if a.regarding_type is not None and a.regarding_id is not None
        else None
    )
    data = {k: getattr(a, k) for k in ActivityOut.model_fields if hasattr(a, k)}
    participants = sorted(a.participant_ids)
    return ActivityOut.model_validate(
        {
            **data,
            "keywords": list(a.keywords),
            "participant_ids": participants,
            "participants": [
                {"id": p, "name": view.participant_names.get(p)} for p in participants
            ],
            "regarding": regarding,
            "owner_name": view.owner_name,
            "delegated_by_name": view.delegated_by_name,
        }
    )


async def activities_out(
    uow: SqlUnitOfWork, principal: Principal, items: list[Activity]
) -> list[ActivityOut]:
    """Activities with their owners' names and what they are about (a few queries a page)."""
    return [activity_out(v) for v in await queries.describe(uow.session, principal, items)]


@router.get(
    "",
    response_model=ListResponse[ActivityOut],
    summary="List activities",
    description="Sorting by `due_at` lists only activities that have a due time (a missing "
    "one has no place in the order); `occurred_at` sorts them all.",
)
async def list_activities(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: ActivitySort = "-occurred_at",
    type: ActivityType | None = None,
    status: ActivityStatus | None = None,
    owner_id: UUID | None = None,
    regarding_type: RegardingType | None = None,
    regarding_id: UUID | None = None,
    account_id: UUID | None = None,
    due_before: Annotated[AwareDatetime | None, Query(description="ISO 8601 with zone")] = None,
    due_after: Annotated[AwareDatetime | None, Query(description="ISO 8601 with zone")] = None,
    delegated_by_id: UUID | None = None,
    activity_type_id: UUID | None = None,
    participant_id: Annotated[
        UUID | None, Query(description="Activities this user takes part in")
    ] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words in the subject")] = None,
    updated_since: Annotated[AwareDatetime | None, Query(description="ISO 8601 with zone")] = None,
) -> ListResponse[ActivityOut]:
    if (regarding_type is None) != (regarding_id is None):
        raise in_query(
            ValidationFailed.field(
                "regarding_id" if regarding_id is None else "regarding_type",
                "Filter by regarding_type and regarding_id together.",
            )
        )
    page = page_request(limit, cursor, sort, tuple(queries.ACTIVITY_SORTS))
    filters = queries.ActivityFilters(
        type=type,
        status=status,
        owner_id=owner_id,
        regarding_type=regarding_type,
        regarding_id=regarding_id,
        account_id=account_id,
        due_before=due_before,
        due_after=due_after,
        delegated_by_id=delegated_by_id,
        activity_type_id=activity_type_id,
        participant_id=participant_id,
        q=q,
        updated_since=updated_since,
    )
    result = await queries.list_activities(uow.session, principal, filters, page)
    return ListResponse(
        items=await activities_out(uow, principal, result.items), next_cursor=result.next_cursor
    )


@router.post(
    "",
    status_code=201,
    response_model=ActivityOut,
    summary="Create an activity",
    responses={
        403: {"description": "Another owner needs the assign privilege"},
        422: {"description": "Invalid fields, or the regarding record is not found"},
    },
)
async def create_activity(
    body: ActivityCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        activity = await activities.create_activity(
            deferred_commit(uow), c, principal, ActivityInput(**body.model_dump())
        )
        await activity_recorded(uow, c, activity)  # leads: the owner's first action
        await uow.commit()
        (out,) = await activities_out(uow, principal, [activity])
        return created(request, activity, out)

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{activity_id}", response_model=ActivityOut, responses=NOT_FOUND)
async def get_activity(
    activity_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ActivityOut:
    activity = await activities.get_activity(uow, principal, activity_id)
    set_etag(response, activity.version)
    (out,) = await activities_out(uow, principal, [activity])
    return out


@router.patch(
    "/{activity_id}",
    response_model=ActivityOut,
    summary="Change an activity (status changes included)",
    responses={
        **NOT_FOUND,
        409: {"description": "Status transition not allowed; `allowed` lists the next ones"},
        412: {"description": "Stale ETag"},
        428: {"description": "No If-Match"},
    },
)
async def update_activity(
    activity_id: UUID,
    body: ActivityUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ActivityOut:
    changes = body.changes()
    if changes.get("keywords") is not None:
        changes["keywords"] = tuple(changes["keywords"])
    if changes.get("participant_ids") is not None:
        changes["participant_ids"] = frozenset(changes["participant_ids"])
    activity = await activities.update_activity(
        deferred_commit(uow), c, principal, activity_id, changes, version
    )
    await activity_recorded(uow, c, activity)  # leads: the owner's first action
    await uow.commit()
    set_etag(response, activity.version)
    (out,) = await activities_out(uow, principal, [activity])
    return out


@router.get(
    "/{activity_id}/history",
    response_model=ListResponse[HistoryOut],
    responses=NOT_FOUND,
    summary="Field-level change history, newest first",
)
async def activity_history(
    activity_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[HistoryOut]:
    await activities.get_activity(uow, principal, activity_id)
    return await history_page(uow, "activity", activity_id, limit, cursor)


PARTICIPANT_RESPONSES: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    403: {"description": "You may not change the activity"},
    412: {"description": "Stale ETag"},
    422: {"description": "No such active user, or the user is the owner"},
    428: {"description": "No If-Match"},
}


@router.put(
    "/{activity_id}/participants/{user_id}",
    response_model=ActivityOut,
    responses=PARTICIPANT_RESPONSES,
    summary="Add a participant (idempotent: adding one already there changes nothing)",
)
async def add_participant(
    activity_id: UUID,
    user_id: UUID,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ActivityOut:
    activity = await activities.set_participation(
        uow, c, principal, activity_id, user_id, taking_part=True, expected_version=version
    )
    set_etag(response, activity.version)
    (out,) = await activities_out(uow, principal, [activity])
    return out


@router.delete(
    "/{activity_id}/participants/{user_id}",
    response_model=ActivityOut,
    responses=PARTICIPANT_RESPONSES,
    summary="Remove a participant (a participant may remove themselves)",
)
async def remove_participant(
    activity_id: UUID,
    user_id: UUID,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ActivityOut:
    activity = await activities.set_participation(
        uow, c, principal, activity_id, user_id, taking_part=False, expected_version=version
    )
    set_etag(response, activity.version)
    (out,) = await activities_out(uow, principal, [activity])
    return out
