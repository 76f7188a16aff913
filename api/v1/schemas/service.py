"""Request/response models of customer service: subjects, queues, service requests,
delegations and the request log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import AwareDatetime, EmailStr, Field, StringConstraints, field_validator

from api.v1.schemas.common import In, Name, Out, Patch, Stamped
from domain.service import (
    BillingStatus,
    DelegationStatus,
    EventKind,
    Origin,
    Priority,
    RequestType,
    ServiceChannel,
    State,
    StatusReason,
    normalise_business_id,
    normalise_phone,
)
from domain.shared import ValidationFailed

Text20 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]
Text50 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)]
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Text300 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
RequiredNote = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
]
Description = Annotated[str, StringConstraints(max_length=20000)]
PhoneText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=30)]
Satisfaction = Annotated[int, Field(ge=1, le=5, description="Customer satisfaction, 1–5.")]


def _phone(value: str | None) -> str | None:
    if value is None or value.strip() == "":
        return None
    try:
        return normalise_phone(value)
    except ValidationFailed as exc:
        raise ValueError(exc.errors[0].msg) from exc


def _business_id(value: str | None) -> str | None:
    if value is None or value.strip() == "":
        return None
    try:
        return normalise_business_id(value)
    except ValidationFailed as exc:
        raise ValueError(exc.errors[0].msg) from exc


# ------------------------------------------------------------------ subjects


class SubjectFields(In):
    name_en: Name | None = Field(None, description="The English name (the name is Finnish).")
    parent_id: UUID | None = Field(None, description="The subject above; none for a top level.")
    sort_order: int = Field(0, ge=-1_000_000, le=1_000_000)
    is_active: bool = Field(True, description="Inactive subjects cannot be chosen for requests.")


class SubjectCreate(SubjectFields):
    name: Name


class SubjectUpdate(SubjectFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name", "sort_order", "is_active")
    name: Name | None = None
    sort_order: int | None = Field(None, ge=-1_000_000, le=1_000_000)  # type: ignore[assignment]
    is_active: bool | None = None  # type: ignore[assignment]


class SubjectOut(Stamped):
    name: str
    name_en: str | None
    parent_id: UUID | None
    sort_order: int
    is_active: bool


# ------------------------------------------------------------------ queues


class QueueFields(In):
    description: Annotated[str, StringConstraints(max_length=1000)] | None = None
    email: EmailStr | None = Field(None, max_length=320, description="The queue's own mailbox.")
    is_active: bool = True

    def domain_values(self, fields: set[str] | None = None) -> dict[str, Any]:
        chosen = fields if fields is not None else set(type(self).model_fields)
        values = {name: getattr(self, name) for name in chosen}
        if values.get("email") is not None:
            values["email"] = str(values["email"]).lower()
        return values


class QueueCreate(QueueFields):
    name: Name
    business_unit_id: UUID


class QueueUpdate(QueueFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name", "business_unit_id", "is_active")
    name: Name | None = None
    business_unit_id: UUID | None = None
    is_active: bool | None = None  # type: ignore[assignment]


class QueueOut(Stamped):
    name: str
    description: str | None
    email: str | None
    business_unit_id: UUID
    is_active: bool
    member_ids: list[UUID]
    open_count: int = Field(description="Open requests waiting in the queue that you may read.")
    is_member: bool = Field(description="Whether you are a member (and may pick from it).")


class QueueMembersIn(In):
    user_ids: list[UUID] = Field(max_length=500, description="The complete new member set.")


class QueueMemberOut(Out):
    id: UUID
    name: str
    email: str
    business_unit_id: UUID
    is_active: bool


# ------------------------------------------------------------------ service requests


class RequestFields(In):
    """Fields a client may set on create and edit; validated here so errors name the field."""

    account_id: UUID | None = Field(
        None,
        description="The customer. Omit for an unknown caller: the request goes to the "
        "general customer service customer.",
    )
    contact_id: UUID | None = None
    caller_name: Text200 | None = None
    caller_email: EmailStr | None = Field(None, max_length=320)
    caller_phone: PhoneText | None = Field(None, description="Stored in E.164.")
    request_type: RequestType = RequestType.GENERAL
    priority: Priority = Priority.NORMAL
    service_channel: ServiceChannel | None = None
    satisfaction: Satisfaction | None = None
    follow_up_by: date | None = None
    callback_due_at: AwareDatetime | None = Field(
        None,
        description="Call-back requests only; defaults to the arrival time plus the "
        "configured working hours.",
    )
    received_at: AwareDatetime | None = Field(None, description="Defaults to now.")
    first_response_at: AwareDatetime | None = None
    description: Description | None = None
    site: Text300 | None = None
    usage_point: Text50 | None = None
    contract_number: Text50 | None = None
    meter_number: Text50 | None = None
    business_id: Text20 | None = Field(
        None, description="Finnish business ID (Y-tunnus); checksum verified."
    )
    personal_reference: Text50 | None = None
    billing_status: BillingStatus = BillingStatus.NOT_APPLICABLE
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None

    _tel = field_validator("caller_phone")(_phone)
    _bid = field_validator("business_id")(_business_id)

    def domain_values(self, fields: set[str] | None = None) -> dict[str, Any]:
        chosen = fields if fields is not None else set(type(self).model_fields)
        values = {name: getattr(self, name) for name in chosen}
        if values.get("caller_email") is not None:
            values["caller_email"] = str(values["caller_email"])
        return values


class ServiceRequestCreate(RequestFields):
    title: Name
    subject_id: UUID
    origin: Origin
    status_reason: StatusReason = Field(
        StatusReason.IN_PROGRESS,
        description="Usually in_progress; a request answered on the spot may start resolved.",
    )


class ServiceRequestUpdate(RequestFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "title",
        "subject_id",
        "origin",
        "account_id",
        "request_type",
        "priority",
        "billing_status",
        "received_at",
        "first_response_at",
        "owner_id",
        "business_unit_id",
    )
    title: Name | None = None
    subject_id: UUID | None = None
    origin: Origin | None = None
    request_type: RequestType | None = None  # type: ignore[assignment]
    priority: Priority | None = None  # type: ignore[assignment]
    billing_status: BillingStatus | None = None  # type: ignore[assignment]
    status_reason: StatusReason | None = Field(
        None, description="Not editable here: use POST …/status or …/reopening (422)."
    )

    def domain_changes(self) -> dict[str, Any]:
        return self.domain_values(set(self.model_fields_set))


class ServiceRequestOut(Stamped):
    number: str = Field(description="The case number, e.g. PP-2026-000123.")
    title: str
    account_id: UUID
    account_name: str | None
    contact_id: UUID | None
    contact_name: str | None
    caller_name: str | None
    caller_email: str | None
    caller_phone: str | None
    subject_id: UUID
    subject_name: str | None
    request_type: RequestType
    origin: Origin
    service_channel: ServiceChannel | None
    state: State
    status_reason: StatusReason
    allowed_transitions: list[StatusReason] = Field(
        description="The status reasons POST …/status accepts now (reopening aside)."
    )
    priority: Priority
    satisfaction: int | None
    follow_up_by: date | None
    callback_due_at: datetime | None
    received_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    first_response_hours: float | None = Field(description="Working hours from arrival.")
    resolution_hours: float | None = Field(description="Working hours from arrival.")
    description: str | None
    site: str | None
    usage_point: str | None
    contract_number: str | None
    meter_number: str | None
    business_id: str | None
    personal_reference: str | None
    billing_status: BillingStatus
    owner_id: UUID
    owner_name: str | None
    business_unit_id: UUID
    business_unit_name: str | None
    queue_id: UUID | None
    queue_name: str | None
    delegated_by_id: UUID | None
    delegated_by_name: str | None
    delegated_to_user_id: UUID | None
    delegated_to_user_name: str | None
    delegated_to_queue_id: UUID | None
    delegated_to_queue_name: str | None
    delegated_at: datetime | None
    delegation_id: UUID | None = Field(description="The newest delegation in the trail.")
    delegation_status: DelegationStatus | None
    delegation_acknowledged_at: datetime | None = Field(
        description="When the newest delegation was acknowledged (or picked); null while not."
    )
    delegation_note: str | None = Field(description="The newest delegation's note.")
    created_by: UUID | None


class StatusChangeIn(In):
    status_reason: StatusReason
    note: Note | None = None
    satisfaction: Satisfaction | None = None


class ReopeningIn(In):
    note: RequiredNote = Field(description="Why the request is reopened.")
    status_reason: StatusReason = Field(
        StatusReason.IN_PROGRESS, description="An open status reason."
    )


class CommentIn(In):
    note: RequiredNote


class DelegationIn(In):
    to_user_id: UUID | None = Field(None, description="Delegate to a user (who becomes owner)…")
    to_queue_id: UUID | None = Field(None, description="…or to a queue (exactly one of them).")
    note: Note | None = None


class DelegationOut(Out):
    id: UUID
    request_id: UUID
    delegated_by_id: UUID
    delegated_by_name: str | None
    to_user_id: UUID | None
    to_user_name: str | None
    to_queue_id: UUID | None
    to_queue_name: str | None
    note: str | None
    delegated_at: datetime
    remind_at: datetime = Field(description="When the delegatee is reminded if not acknowledged.")
    reminded_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by_id: UUID | None
    acknowledged_by_name: str | None
    status: DelegationStatus


class RequestEventOut(Out):
    id: UUID
    request_id: UUID
    kind: EventKind
    at: datetime
    by_id: UUID | None
    by_name: str | None
    note: str | None
    data: dict[str, Any] | None
