"""/notifications: the caller's in-app notifications (list, unread count, mark read) and
/me/notification-preferences (in the app and by email, per kind)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.deps import ContainerDep, PrincipalDep, UowDep
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.schemas.notifications import (
    NotificationOut,
    PreferenceOut,
    PreferencesIn,
    PreferencesOut,
    UnreadCountOut,
)
from domain import notifications
from domain.notifications import Notification, Preference
from persistence.queries import notifications as queries

router = APIRouter(tags=["notifications"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such notification of yours, or its record is no longer visible"}
}


def notification_out(n: Notification) -> NotificationOut:
    return NotificationOut(
        id=n.id,
        kind=n.kind,
        title=n.title,
        body=n.body,
        record_type=n.record_type,
        record_id=n.record_id,
        link=n.link,
        created_at=n.created_at,
        read_at=n.read_at,
    )


def preferences_out(preferences: list[Preference]) -> PreferencesOut:
    return PreferencesOut(
        items=[PreferenceOut(kind=p.kind, in_app=p.in_app, email=p.email) for p in preferences]
    )


@router.get(
    "/notifications",
    response_model=ListResponse[NotificationOut],
    summary="Your notifications, newest first",
    description="Only notifications about records you may still read are shown.",
)
async def list_notifications(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    unread: Annotated[bool, Query(description="Only the unread ones")] = False,
) -> ListResponse[NotificationOut]:
    page = page_request(limit, cursor, "-created_at", tuple(queries.SORTS))
    result = await queries.list_notifications(
        uow.session, principal, queries.NotificationFilters(unread=unread), page
    )
    return ListResponse(
        items=[notification_out(n) for n in result.items], next_cursor=result.next_cursor
    )


@router.get(
    "/notifications/unread-count",
    response_model=UnreadCountOut,
    summary="How many of your notifications are unread (the bell's badge)",
)
async def unread_count(uow: UowDep, principal: PrincipalDep) -> UnreadCountOut:
    return UnreadCountOut(count=await queries.unread_count(uow.session, principal))


@router.post(
    "/notifications/read-all",
    status_code=204,
    summary="Mark all your notifications read",
)
async def mark_all_read(c: ContainerDep, uow: UowDep, principal: PrincipalDep) -> Response:
    await notifications.mark_all_read(uow, c, principal)
    return Response(status_code=204)


@router.post(
    "/notifications/{notification_id}/read",
    status_code=204,
    responses=NOT_FOUND,
    summary="Mark one of your notifications read",
)
async def mark_read(
    notification_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> Response:
    await notifications.mark_read(uow, c, principal, notification_id)
    return Response(status_code=204)


@router.get(
    "/me/notification-preferences",
    response_model=PreferencesOut,
    summary="Your notification preferences: every kind, in the app and by email",
)
async def get_preferences(uow: UowDep, principal: PrincipalDep) -> PreferencesOut:
    return preferences_out(await notifications.get_preferences(uow, principal))


@router.put(
    "/me/notification-preferences",
    response_model=PreferencesOut,
    summary="Replace your notification preferences",
    description="Kinds left out go back to their defaults: in the app on; email on for "
    "delegations, their reminders and unacknowledged delegations, off for the rest.",
)
async def put_preferences(
    body: PreferencesIn, uow: UowDep, principal: PrincipalDep
) -> PreferencesOut:
    chosen = [item.domain() for item in body.items]
    return preferences_out(await notifications.set_preferences(uow, principal, chosen))
