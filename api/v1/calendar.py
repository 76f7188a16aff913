"""/calendar: a user's activities (owned or taken part in) in a bounded window, with
colleagues' calendars browsable within the caller's scope."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from api.deps import PrincipalDep, UowDep
from api.pagination import in_query
from api.v1.activities import activities_out
from api.v1.schemas.activities import CalendarEntryOut, CalendarOut
from domain.activities import services as activities
from domain.shared import NotFound, ValidationFailed
from persistence.queries import activities as queries
from persistence.queries.identity import USERS, get_visible

router = APIRouter(prefix="/calendar", tags=["activities"])

MAX_WINDOW = timedelta(days=62)


@router.get(
    "",
    response_model=CalendarOut,
    summary="A user's calendar in a window of at most 62 days",
    description="""The activities a user owns or takes part in that start (`occurred_at`) in
`[from, to)`, earliest first; cancelled ones are left out. A block ends `duration_minutes`
after its start (a block without a duration is a point in time).

`user_id` defaults to you. A colleague's calendar is open to anyone who may see the colleague
(the user directory's scope); its activities you may read come in full, the others as
**busy blocks**: the time only, with no subject, type, record or account. The window is bounded
instead of paged: at most 62 days and 500 entries (`truncated` tells when more were left
out).""",
    responses={
        404: {"description": "No such user, or not visible to you"},
        422: {"description": "The window is empty or longer than 62 days"},
    },
)
async def get_calendar(
    uow: UowDep,
    principal: PrincipalDep,
    start: Annotated[AwareDatetime, Query(alias="from", description="ISO 8601 with zone")],
    end: Annotated[AwareDatetime, Query(alias="to", description="ISO 8601 with zone")],
    user_id: UUID | None = None,
) -> CalendarOut:
    if end <= start:
        raise in_query(ValidationFailed.field("to", "The window ends after it starts."))
    if end - start > MAX_WINDOW:
        raise in_query(ValidationFailed.field("to", "The window is at most 62 days."))
    target = user_id or principal.user_id
    user = await get_visible(uow.session, principal, USERS, target)
    if user is None:
        raise NotFound("user", target)
    items, truncated = await queries.calendar(uow.session, target, start, end)
    readable = [a for a in items if activities.visible(principal, a)]
    full = {o.id: o for o in await activities_out(uow, principal, readable)}
    # no figure names an account outside the caller's scope, even on an activity they read
    hidden = await queries.unreadable_accounts(
        uow.session, principal, {o.account_id for o in full.values() if o.account_id}
    )
    for shown in full.values():
        if shown.account_id in hidden:
            shown.account_id = None
    entries = []
    for a in items:
        finish = a.occurred_at + timedelta(minutes=a.duration_minutes or 0)
        out = full.get(a.id)
        entries.append(
            CalendarEntryOut(start=a.occurred_at, end=finish, busy=out is None, activity=out)
        )
    return CalendarOut(
        user_id=target,
        user_name=getattr(user, "name", None),
        start=start,
        end=end,
        entries=entries,
        truncated=truncated,
    )
