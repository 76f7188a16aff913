"""What the notifications context needs from the outside world.

Other contexts call `notify(uow, …)` with their own unit of work: theirs extends
`NotificationsUnitOfWork` (`class ServiceUnitOfWork(NotificationsUnitOfWork, Protocol)`), and
the SQL unit of work implements every context's ports."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.notifications.model import (
    Notification,
    NotificationKind,
    OutboxMessage,
    Preference,
    Recipient,
)
from domain.shared import Principal


class NotificationRepository(Protocol):
    async def add(self, notification: Notification) -> None: ...

    async def mark_read(self, principal: Principal, notification_id: UUID, at: datetime) -> bool:
        """Mark one of the caller's visible notifications read (a read one stays as it is).
        False when there is no such notification for the caller."""
        ...

    async def mark_all_read(self, principal: Principal, at: datetime) -> int:
        """Mark every unread notification the caller sees read; how many were."""
        ...


class PreferenceRepository(Protocol):
    async def get(self, user_id: UUID, kind: NotificationKind) -> Preference | None: ...
    async def for_user(self, user_id: UUID) -> list[Preference]: ...
    async def replace(self, user_id: UUID, preferences: list[Preference]) -> None: ...


class Outbox(Protocol):
    async def add(self, message: OutboxMessage) -> None: ...


class RecipientDirectory(Protocol):
    async def get(self, user_id: UUID) -> Recipient | None: ...


class NotificationsUnitOfWork(Protocol):
    @property
    def notifications(self) -> NotificationRepository: ...
    @property
    def notification_preferences(self) -> PreferenceRepository: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def recipients(self) -> RecipientDirectory: ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
