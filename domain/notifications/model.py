"""What a notification is about; the text is rendered in the recipient's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID


class NotificationKind(StrEnum):
    DELEGATED = "delegated"  # a request or task was delegated to you (or your queue)
    DELEGATION_REMINDER = "delegation_reminder"  # …and you have not acknowledged it
    DELEGATION_UNACKNOWLEDGED = "delegation_unacknowledged"  # to the delegator: still not seen
    REQUEST_PICKED = "request_picked"  # to the delegator: a queue member picked it
    STATUS_CHANGED = "status_changed"  # a request you delegated changed status


@dataclass(frozen=True)
class Notice:
    """One notification for one user. `params` fill the kind's template (e.g. number, title,
    by); `record_type`/`record_id` say what it links to."""

    user_id: UUID
    kind: NotificationKind
    params: Mapping[str, str] = field(default_factory=dict)
    record_type: str | None = None
    record_id: UUID | None = None
