"""Notifications: in-app messages and email, sent through the outbox.

Other contexts call `notify(uow, rt, notice)` inside their own unit of work: the in-app row
and the outbox row are written in the caller's transaction, so a notice exists exactly when
the change that caused it was committed. A job sends the outbox (see api/jobs.py)."""

from domain.notifications.model import Notice, NotificationKind
from domain.notifications.services import notify

__all__ = ["Notice", "NotificationKind", "notify"]
