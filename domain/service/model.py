"""Customer service: subjects, queues, service requests, their delegations and their log.

The status reasons and the rules for moving between them live here, as pure functions, so
that the use cases, the API and the tests share one state machine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.shared import InvalidTransition, ValidationFailed
from domain.shared.identifiers import normalise_phone as _normalise_phone

GENERAL_CUSTOMER_NAME = "_Asiakaspalvelun yleisasiakas"


class Origin(StrEnum):
    """Alkuperä: how the request reached customer service."""

    PHONE_CALL = "phone_call"
    EMAIL = "email"
    WEB_FORM = "web_form"
    CHAT = "chat"
    VISIT = "visit"
    LETTER = "letter"


class RequestType(StrEnum):
    """Laji."""

    GENERAL = "general"
    CALLBACK = "callback"
    FEEDBACK = "feedback"
    CONTRACT_PURCHASE = "contract_purchase"
    TERMINATION = "termination"
    ADDRESS_CHANGE = "address_change"
    NAME_CHANGE = "name_change"
    METER_READING = "meter_reading"
    BILLING = "billing"
    FAULT = "fault"
    OTHER = "other"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class ServiceChannel(StrEnum):
    """Palvelutapa: the channel customer service answered through (which may differ from
    the origin, e.g. a web form answered by phone)."""

    PHONE = "phone"
    EMAIL = "email"
    WEB = "web"
    CHAT = "chat"
    OFFICE = "office"
    LETTER = "letter"


class BillingStatus(StrEnum):
    NOT_APPLICABLE = "not_applicable"
    PENDING = "pending"
    IN_BILLING = "in_billing"


class State(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class StatusReason(StrEnum):
    """Tilan syy. Open: Kesken, Pidossa, Odotetaan tietoja, Tutkittavana; closed:
    Selvitetty, Valmis."""

    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    WAITING_FOR_INFORMATION = "waiting_for_information"
    UNDER_INVESTIGATION = "under_investigation"
    RESOLVED = "resolved"
    DONE = "done"

    @property
    def state(self) -> State:
        return State.CLOSED if self in CLOSED_REASONS else State.OPEN


OPEN_REASONS = (
    StatusReason.IN_PROGRESS,
    StatusReason.ON_HOLD,
    StatusReason.WAITING_FOR_INFORMATION,
    StatusReason.UNDER_INVESTIGATION,
)
CLOSED_REASONS = (StatusReason.RESOLVED, StatusReason.DONE)


def allowed_transitions(current: StatusReason) -> list[StatusReason]:
    """The status reasons that may follow `current` through a status change (reopening a
    closed request is a separate, explicit step)."""
    if current.state is State.OPEN:
        return [r for r in StatusReason if r is not current]
    if current is StatusReason.RESOLVED:
        return [StatusReason.DONE]
    return []


def check_transition(current: StatusReason, target: StatusReason) -> None:
    allowed = allowed_transitions(current)
    if target in allowed:
        return
    names = [r.value for r in allowed]
    if target is current:
        detail = f"The request is already {current.value}."
    elif current.state is State.CLOSED and target.state is State.OPEN:
        detail = (
            f"A {current.value} request is closed: reopen it (POST …/reopening with a note) "
            f"to make it {target.value}."
        )
    else:
        detail = f"A {current.value} request cannot become {target.value}."
    if names:
        detail += f" Allowed: {', '.join(names)}."
    raise InvalidTransition(detail, allowed=names)


def check_reopening(current: StatusReason, target: StatusReason) -> None:
    if current.state is State.OPEN:
        raise InvalidTransition(
            f"The request is open ({current.value}); only a closed request can be reopened.",
            allowed=[r.value for r in allowed_transitions(current)],
        )
    if target.state is not State.OPEN:
        raise ValidationFailed.field(
            "status_reason",
            f"A reopened request is open: use one of {', '.join(r.value for r in OPEN_REASONS)}.",
        )


class DelegationStatus(StrEnum):
    ACTIVE = "active"
    ACKNOWLEDGED = "acknowledged"
    SUPERSEDED = "superseded"


class EventKind(StrEnum):
    """What one line of a request's append-only log records."""

    CREATED = "created"
    UPDATED = "updated"
    STATUS_CHANGED = "status_changed"
    DELEGATED = "delegated"
    ACKNOWLEDGED = "acknowledged"
    PICKED = "picked"
    REOPENED = "reopened"
    COMMENT = "comment"
    REMINDED = "reminded"


# ------------------------------------------------------------------ entities


@dataclass
class Subject:
    """Aihe: one node of the admin-managed subject tree."""

    id: UUID
    name: str
    created_at: datetime
    updated_at: datetime
    name_en: str | None = None
    parent_id: UUID | None = None
    sort_order: int = 0
    is_active: bool = True
    version: int = 1


@dataclass
class Queue:
    """Jono: requests wait here until a member picks them."""

    id: UUID
    name: str
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    email: str | None = None
    is_active: bool = True
    member_ids: frozenset[UUID] = frozenset()
    version: int = 1


@dataclass
class ServiceRequest:
    id: UUID
    number: str
    title: str
    account_id: UUID
    subject_id: UUID
    origin: Origin
    owner_id: UUID
    business_unit_id: UUID
    received_at: datetime
    created_at: datetime
    updated_at: datetime
    request_type: RequestType = RequestType.GENERAL
    status_reason: StatusReason = StatusReason.IN_PROGRESS
    priority: Priority = Priority.NORMAL
    contact_id: UUID | None = None
    caller_name: str | None = None
    caller_email: str | None = None
    caller_phone: str | None = None
    service_channel: ServiceChannel | None = None
    satisfaction: int | None = None
    follow_up_by: date | None = None
    callback_due_at: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    first_response_hours: float | None = None
    resolution_hours: float | None = None
    description: str | None = None
    site: str | None = None
    usage_point: str | None = None
    contract_number: str | None = None
    meter_number: str | None = None
    business_id: str | None = None
    personal_reference: str | None = None
    billing_status: BillingStatus = BillingStatus.NOT_APPLICABLE
    queue_id: UUID | None = None
    delegated_by_id: UUID | None = None
    delegated_to_user_id: UUID | None = None
    delegated_to_queue_id: UUID | None = None
    delegated_at: datetime | None = None
    created_by: UUID | None = None
    version: int = 1

    @property
    def state(self) -> State:
        return self.status_reason.state


@dataclass
class Delegation:
    """One hand-over of a request to a user or a queue: who, to whom, when, with what note."""

    id: UUID
    request_id: UUID
    delegated_by_id: UUID
    delegated_at: datetime
    remind_at: datetime
    to_user_id: UUID | None = None
    to_queue_id: UUID | None = None
    note: str | None = None
    reminded_at: datetime | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by_id: UUID | None = None
    status: DelegationStatus = DelegationStatus.ACTIVE


@dataclass(frozen=True)
class RequestEvent:
    """One line of a request's append-only log."""

    id: UUID
    request_id: UUID
    kind: EventKind
    at: datetime
    by_id: UUID | None = None
    note: str | None = None
    data: Mapping[str, Any] | None = field(default=None)


# ------------------------------------------------------------------ value rules


def sort_title(title: str) -> str:
    return title.casefold().strip()


def format_number(year: int, serial: int) -> str:
    """The human-facing case number, e.g. PP-2026-000123."""
    return f"PP-{year}-{serial:06d}"


def normalise_phone(value: str, field_name: str = "caller_phone") -> str:
    """A caller's phone number in E.164 (errors name the caller_phone field)."""
    return _normalise_phone(value, field_name)
