"""Notifications: in-app messages and email, sent through the outbox.

Other contexts call `notify(uow, rt, notice)` inside their own unit of work: the in-app row
and the outbox row are written in the caller's transaction, so a notice exists exactly when
the change that caused it was committed. A job sends the outbox (see api/outbox.py). A
context that notifies declares its unit of work as extending `NotificationsUnitOfWork`."""

from domain.notifications.model import (
    Channel,
    Notice,
    Notification,
    NotificationKind,
    OutboxMessage,
    Preference,
    Recipient,
    link_path,
)
from domain.notifications.ports import (
    NotificationRepository,
    NotificationsUnitOfWork,
    Outbox,
    PreferenceRepository,
    RecipientDirectory,
)
from domain.notifications.services import (
    get_preferences,
    mark_all_read,
    mark_read,
    notify,
    set_preferences,
)
from domain.notifications.templates import render

__all__ = [
    "Channel",
    "Notice",
    "Notification",
    "NotificationKind",
    "NotificationRepository",
    "NotificationsUnitOfWork",
    "Outbox",
    "OutboxMessage",
    "Preference",
    "PreferenceRepository",
    "Recipient",
    "RecipientDirectory",
    "get_preferences",
    "link_path",
    "mark_all_read",
    "mark_read",
    "notify",
    "render",
    "set_preferences",
]
