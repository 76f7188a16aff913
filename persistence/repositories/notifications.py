"""Repositories of the notifications context: in-app notifications, preferences, the outbox
and the recipient directory."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.notifications import (
    Notification,
    NotificationKind,
    OutboxMessage,
    Preference,
    Recipient,
)
from domain.shared import Principal
from persistence.queries.notifications import is_visible, visible
from persistence.tables.identity import users
from persistence.tables.notifications import notification_preferences, notifications, outbox


class SqlNotifications:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, notification: Notification) -> None:
        await self.session.execute(
            sa.insert(notifications).values(
                id=notification.id,
                user_id=notification.user_id,
                kind=notification.kind.value,
                title=notification.title,
                body=notification.body,
                record_type=notification.record_type,
                record_id=notification.record_id,
                created_at=notification.created_at,
                read_at=notification.read_at,
            )
        )

    async def mark_read(self, principal: Principal, notification_id: UUID, at: datetime) -> bool:
        result = await self.session.execute(
            sa.update(notifications)
            .where(
                notifications.c.id == notification_id,
                notifications.c.read_at.is_(None),
                visible(principal),
            )
            .values(read_at=at)
        )
        if getattr(result, "rowcount", 0) == 1:
            return True
        return await is_visible(self.session, principal, notification_id)  # already read

    async def mark_all_read(self, principal: Principal, at: datetime) -> int:
        result = await self.session.execute(
            sa.update(notifications)
            .where(notifications.c.read_at.is_(None), visible(principal))
            .values(read_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)


def _preference(row: sa.RowMapping) -> Preference:
    return Preference(NotificationKind(row["kind"]), in_app=row["in_app"], email=row["email"])


class SqlNotificationPreferences:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: UUID, kind: NotificationKind) -> Preference | None:
        row = (
            (
                await self.session.execute(
                    sa.select(notification_preferences).where(
                        notification_preferences.c.user_id == user_id,
                        notification_preferences.c.kind == kind.value,
                    )
                )
            )
            .mappings()
            .first()
        )
        return _preference(row) if row is not None else None

    async def for_user(self, user_id: UUID) -> list[Preference]:
        known = {k.value for k in NotificationKind}
        rows = (
            (
                await self.session.execute(
                    sa.select(notification_preferences)
                    .where(notification_preferences.c.user_id == user_id)
                    .order_by(notification_preferences.c.kind)
                )
            )
            .mappings()
            .all()
        )
        return [_preference(r) for r in rows if r["kind"] in known]

    async def replace(self, user_id: UUID, preferences: list[Preference]) -> None:
        await self.session.execute(
            sa.delete(notification_preferences).where(notification_preferences.c.user_id == user_id)
        )
        if preferences:
            await self.session.execute(
                sa.insert(notification_preferences),
                [
                    {"user_id": user_id, "kind": p.kind.value, "in_app": p.in_app, "email": p.email}
                    for p in preferences
                ],
            )


class SqlOutbox:
    """Adds messages in the unit of work's transaction and counts them, so that the unit of
    work can wake the sender once they are committed."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.added = 0

    async def add(self, message: OutboxMessage) -> None:
        await self.session.execute(
            sa.insert(outbox).values(
                id=message.id,
                channel=message.channel.value,
                payload=dict(message.payload),
                created_at=message.created_at,
                attempts=0,
                next_attempt_at=message.next_attempt_at,
            )
        )
        self.added += 1


class SqlRecipients:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: UUID) -> Recipient | None:
        row = (
            (
                await self.session.execute(
                    sa.select(
                        users.c.id, users.c.email, users.c.name, users.c.locale, users.c.is_active
                    ).where(users.c.id == user_id)
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        return Recipient(
            id=row["id"],
            email=row["email"],
            name=row["name"],
            locale=row["locale"],
            is_active=row["is_active"],
        )
