"""Notification use cases: notify (called by other contexts inside their own transaction),
mark read, and each user's preferences per kind."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from domain.notifications.model import (
    Channel,
    Notice,
    Notification,
    OutboxMessage,
    Preference,
    Recipient,
    effective_preferences,
    link_path,
)
from domain.notifications.ports import NotificationsUnitOfWork
from domain.notifications.templates import LINK_LABELS, Rendered, locale_of, render
from domain.shared import FieldError, NotFound, Principal, Runtime, ValidationFailed

NOTIFICATION = "notification"


async def notify(uow: NotificationsUnitOfWork, rt: Runtime, notice: Notice) -> None:
    """Write the in-app notification and, per the user's preferences, an outbox email, in the
    caller's transaction. Does not commit. An inactive (or unknown) user gets nothing."""
    recipient = await uow.recipients.get(notice.user_id)
    if recipient is None or not recipient.is_active:
        return
    preference = await uow.notification_preferences.get(
        notice.user_id, notice.kind
    ) or Preference.default(notice.kind)
    if not (preference.in_app or preference.email):
        return
    text = render(notice.kind, notice.params, recipient.locale, notice.record_type)
    now = rt.clock.now()
    if preference.in_app:
        await uow.notifications.add(
            Notification(
                id=rt.ids.new_id(),
                user_id=notice.user_id,
                kind=notice.kind,
                title=text.title,
                body=text.body,
                record_type=notice.record_type,
                record_id=notice.record_id,
                created_at=now,
            )
        )
    if preference.email and recipient.email:
        await uow.outbox.add(
            OutboxMessage(
                id=rt.ids.new_id(),
                channel=Channel.EMAIL,
                payload=email_payload(recipient, text, notice),
                created_at=now,
                next_attempt_at=now,
            )
        )


def email_payload(recipient: Recipient, text: Rendered, notice: Notice) -> dict[str, str | None]:
    """What the outbox job needs to send the mail; the link stays a path until then, so that
    the public address is the one configured when the mail leaves."""
    lang = locale_of(recipient.locale)
    return {
        "to": recipient.email,
        "to_name": recipient.name,
        "subject": text.title,
        "text": text.title + (f"\n\n{text.body}" if text.body else ""),
        "link": link_path(notice.record_type, notice.record_id),
        "link_label": LINK_LABELS[lang],
        "kind": notice.kind.value,
        "locale": lang,
    }


async def mark_read(
    uow: NotificationsUnitOfWork, rt: Runtime, principal: Principal, notification_id: UUID
) -> None:
    """Someone else's notification, or one about a record the caller no longer sees, is not
    found."""
    if not await uow.notifications.mark_read(principal, notification_id, rt.clock.now()):
        raise NotFound(NOTIFICATION, notification_id)
    await uow.commit()


async def mark_all_read(uow: NotificationsUnitOfWork, rt: Runtime, principal: Principal) -> int:
    count = await uow.notifications.mark_all_read(principal, rt.clock.now())
    await uow.commit()
    return count


async def get_preferences(uow: NotificationsUnitOfWork, principal: Principal) -> list[Preference]:
    """Every kind with the caller's effective choice (stored or default)."""
    stored = await uow.notification_preferences.for_user(principal.user_id)
    return effective_preferences({p.kind: p for p in stored})


async def set_preferences(
    uow: NotificationsUnitOfWork, principal: Principal, preferences: Sequence[Preference]
) -> list[Preference]:
    """Replace the caller's preferences; kinds left out go back to their defaults."""
    seen: set[str] = set()
    for index, preference in enumerate(preferences):
        if preference.kind in seen:
            raise ValidationFailed(
                [
                    FieldError(
                        ("items", index, "kind"),
                        f"The kind {preference.kind.value!r} is given twice.",
                    )
                ]
            )
        seen.add(preference.kind)
    # Only choices that differ from the default are stored: a later change of a default then
    # reaches everyone who never chose otherwise.
    chosen = [p for p in preferences if p != Preference.default(p.kind)]
    await uow.notification_preferences.replace(principal.user_id, chosen)
    await uow.commit()
    return effective_preferences({p.kind: p for p in chosen})
