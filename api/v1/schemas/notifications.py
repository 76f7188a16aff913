"""Request and response models of /notifications and /me/notification-preferences."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from api.v1.schemas.common import In, Out
from domain.notifications import NotificationKind, Preference


class NotificationOut(Out):
    id: UUID
    kind: NotificationKind
    title: str = Field(description="Rendered in the recipient's language when it was created")
    body: str | None
    record_type: str | None = Field(description="service_request, activity, account, contact")
    record_id: UUID | None
    link: str | None = Field(
        description="The record's path in the web app, e.g. /service-requests/…"
    )
    created_at: datetime
    read_at: datetime | None


class UnreadCountOut(Out):
    count: int


class PreferenceIn(In):
    kind: NotificationKind
    in_app: bool
    email: bool

    def domain(self) -> Preference:
        return Preference(self.kind, in_app=self.in_app, email=self.email)


class PreferenceOut(Out):
    kind: NotificationKind
    in_app: bool
    email: bool


class PreferencesIn(In):
    """The whole set: kinds left out go back to their defaults."""

    items: list[PreferenceIn] = Field(max_length=len(NotificationKind))


class PreferencesOut(Out):
    items: list[PreferenceOut]
