"""What a notification is about; the text is rendered in the recipient's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID


class NotificationKind(StrEnum):
    DELEGATED = "delegated"  # a request or task was delegated to you (or your queue)
    DELEGATION_REMINDER = "delegation_reminder"  # …and you have not acknowledged it
    DELEGATION_UNACKNOWLEDGED = "delegation_unacknowledged"  # to the delegator: still not seen
    REQUEST_PICKED = "request_picked"  # to the delegator: a queue member picked it
    STATUS_CHANGED = "status_changed"  # a request you delegated changed status
    STAGE_ASSIGNED = "stage_assigned"  # a sales project's stage was handed to you (or your team)
    # leads
    LEAD_ASSIGNED = "lead_assigned"  # a lead was routed or assigned to you
    LEAD_QUEUED = "lead_queued"  # a lead waits in your queue
    LEAD_AT_RISK = "lead_at_risk"  # your lead is due within the last working hours
    LEAD_BREACHED = "lead_breached"  # to the owner's manager and the lead giver: past due
    ACCOUNT_REQUEST_SUBMITTED = "account_request_submitted"  # to the customer-service queue
    ACCOUNT_REQUEST_COMPLETED = "account_request_completed"  # to the salesperson who asked
    ACCOUNT_REQUEST_REJECTED = "account_request_rejected"  # to the salesperson who asked


@dataclass(frozen=True)
class Notice:
    """One notification for one user. `params` fill the kind's template (e.g. number, title,
    by); `record_type`/`record_id` say what it links to."""

    user_id: UUID
    kind: NotificationKind
    params: Mapping[str, str] = field(default_factory=dict)
    record_type: str | None = None
    record_id: UUID | None = None


# ------------------------------------------------------------------ in-app notifications

TITLE_MAX = 300
BODY_MAX = 2000


@dataclass
class Notification:
    """One in-app notification, already rendered in its recipient's language."""

    id: UUID
    user_id: UUID
    kind: NotificationKind
    title: str
    body: str | None
    record_type: str | None
    record_id: UUID | None
    created_at: datetime
    read_at: datetime | None = None

    @property
    def link(self) -> str | None:
        return link_path(self.record_type, self.record_id)


# Where the web app shows each kind of record.
LINK_PATHS = {
    "service_request": "/service-requests/{id}",
    "activity": "/activities/{id}",
    "account": "/accounts/{id}",
    "contact": "/contacts/{id}",
    "sales_project": "/sales-projects/{id}",
    "lead": "/leads/{id}",
    "account_creation_request": "/account-creation-requests/{id}",
}


def link_path(record_type: str | None, record_id: UUID | None) -> str | None:
    """The web app's path of the record a notification is about (None when it has none)."""
    if record_type is None or record_id is None or record_type not in LINK_PATHS:
        return None
    return LINK_PATHS[record_type].format(id=record_id)


# ------------------------------------------------------------------ preferences

# Kinds that mail by default: someone is waiting for you to act.
EMAIL_BY_DEFAULT = frozenset(
    {
        NotificationKind.DELEGATED,
        NotificationKind.DELEGATION_REMINDER,
        NotificationKind.DELEGATION_UNACKNOWLEDGED,
        NotificationKind.STAGE_ASSIGNED,
        NotificationKind.LEAD_ASSIGNED,
        NotificationKind.LEAD_QUEUED,
        NotificationKind.LEAD_AT_RISK,
        NotificationKind.LEAD_BREACHED,
        NotificationKind.ACCOUNT_REQUEST_SUBMITTED,
        NotificationKind.ACCOUNT_REQUEST_REJECTED,
    }
)


@dataclass(frozen=True)
class Preference:
    """How one user wants one kind of notification: in the app, by email, both or neither."""

    kind: NotificationKind
    in_app: bool
    email: bool

    @classmethod
    def default(cls, kind: NotificationKind) -> Preference:
        return cls(kind, in_app=True, email=kind in EMAIL_BY_DEFAULT)


def effective_preferences(stored: Mapping[NotificationKind, Preference]) -> list[Preference]:
    """Every kind, the stored choice where there is one and the default elsewhere."""
    return [stored.get(kind) or Preference.default(kind) for kind in NotificationKind]


# ------------------------------------------------------------------ recipients and the outbox


@dataclass(frozen=True)
class Recipient:
    """The little notifications need to know about a user."""

    id: UUID
    email: str
    name: str
    locale: str
    is_active: bool


class Channel(StrEnum):
    EMAIL = "email"


@dataclass(frozen=True)
class OutboxMessage:
    """A message waiting to be sent by the outbox job; written in the caller's transaction.
    For email the payload holds to, to_name, subject, text, link (a path in the web app,
    made absolute when sent) and link_label."""

    id: UUID
    channel: Channel
    payload: Mapping[str, Any]
    created_at: datetime
    next_attempt_at: datetime
