"""Notification use cases (the notifications helper fills these in)."""

from __future__ import annotations

from typing import Any

from domain.notifications.model import Notice
from domain.shared import Runtime


async def notify(uow: Any, rt: Runtime, notice: Notice) -> None:
    """Write the in-app notification and, per the user's preferences, an outbox email, in the
    caller's transaction. Does not commit."""
    raise NotImplementedError
