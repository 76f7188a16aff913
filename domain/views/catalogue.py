"""What a saved view may filter, show and sort by, per entity.

The views context keeps its own lists of the service request enums (contexts do not import
each other); `tests/unit/test_filters.py` checks them against `domain.service`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.shared.filters import FieldCatalogue, FieldSpec, FieldType, Ref

SERVICE_REQUEST = "service_request"

STATES = ("open", "closed")
STATUS_REASONS = (
    "in_progress",
    "on_hold",
    "waiting_for_information",
    "under_investigation",
    "resolved",
    "done",
)
REQUEST_TYPES = (
    "general",
    "callback",
    "feedback",
    "contract_purchase",
    "termination",
    "address_change",
    "name_change",
    "meter_reading",
    "billing",
    "fault",
    "other",
)
ORIGINS = ("phone_call", "email", "web_form", "chat", "visit", "letter")
PRIORITIES = ("low", "normal", "high", "urgent")
SERVICE_CHANNELS = ("phone", "email", "web", "chat", "office", "letter")
BILLING_STATUSES = ("not_applicable", "pending", "in_billing")


@dataclass(frozen=True, eq=False)
class ViewCatalogue:
    """An entity's filterable fields, the columns a view may show, the sorts it may use."""

    fields: FieldCatalogue
    columns: tuple[str, ...]
    sorts: tuple[str, ...]
    default_columns: tuple[str, ...]
    default_sort: str

    @property
    def entity(self) -> str:
        return self.fields.entity


def _text(name: str, nullable: bool = True) -> FieldSpec:
    return FieldSpec(name, FieldType.TEXT, nullable=nullable)


def _enum(name: str, values: tuple[str, ...], nullable: bool = False) -> FieldSpec:
    return FieldSpec(name, FieldType.ENUM, values, nullable=nullable)


def _id(name: str, refers_to: Ref = Ref.OTHER, nullable: bool = False) -> FieldSpec:
    return FieldSpec(name, FieldType.UUID, nullable=nullable, refers_to=refers_to)


def _moment(name: str, nullable: bool = True) -> FieldSpec:
    return FieldSpec(name, FieldType.DATETIME, nullable=nullable)


SERVICE_REQUEST_FIELDS = FieldCatalogue.of(
    SERVICE_REQUEST,
    [
        _text("number", nullable=False),
        _text("title", nullable=False),
        _enum("state", STATES),
        _enum("status_reason", STATUS_REASONS),
        _enum("request_type", REQUEST_TYPES),
        _enum("origin", ORIGINS),
        _enum("priority", PRIORITIES),
        _enum("service_channel", SERVICE_CHANNELS, nullable=True),
        _enum("billing_status", BILLING_STATUSES),
        FieldSpec("satisfaction", FieldType.NUMBER, nullable=True),
        _id("account_id"),
        _id("contact_id", nullable=True),
        _id("subject_id"),
        _id("owner_id", Ref.USER),
        _id("business_unit_id", Ref.BUSINESS_UNIT),
        _id("queue_id", Ref.QUEUE, nullable=True),
        _id("delegated_by_id", Ref.USER, nullable=True),
        _id("delegated_to_user_id", Ref.USER, nullable=True),
        _id("delegated_to_queue_id", Ref.QUEUE, nullable=True),
        _id("created_by", Ref.USER, nullable=True),
        _moment("received_at", nullable=False),
        _moment("callback_due_at"),
        FieldSpec("follow_up_by", FieldType.DATE, nullable=True),
        _moment("first_response_at"),
        _moment("resolved_at"),
        _moment("delegated_at"),
        _moment("created_at", nullable=False),
        _moment("updated_at", nullable=False),
        FieldSpec("first_response_hours", FieldType.NUMBER, nullable=True),
        FieldSpec("resolution_hours", FieldType.NUMBER, nullable=True),
        _text("caller_name"),
        _text("caller_email"),
        _text("caller_phone"),
        _text("site"),
        _text("usage_point"),
        _text("contract_number"),
        _text("meter_number"),
        _text("business_id"),
    ],
)

# Column keys are the field names of a list item (`GET /service-requests` items), so that a
# client shows `item[column]`.
SERVICE_REQUEST_COLUMNS = (
    "number",
    "title",
    "account_name",
    "contact_name",
    "caller_name",
    "caller_phone",
    "caller_email",
    "subject_name",
    "request_type",
    "origin",
    "service_channel",
    "status_reason",
    "state",
    "priority",
    "satisfaction",
    "owner_name",
    "business_unit_name",
    "queue_name",
    "delegated_by_name",
    "delegated_to_user_name",
    "delegated_to_queue_name",
    "delegated_at",
    "delegation_status",
    "received_at",
    "callback_due_at",
    "follow_up_by",
    "first_response_at",
    "resolved_at",
    "first_response_hours",
    "resolution_hours",
    "billing_status",
    "site",
    "usage_point",
    "contract_number",
    "meter_number",
    "business_id",
    "created_at",
    "updated_at",
)

SERVICE_REQUESTS = ViewCatalogue(
    fields=SERVICE_REQUEST_FIELDS,
    columns=SERVICE_REQUEST_COLUMNS,
    sorts=("received_at", "updated_at", "created_at", "callback_due_at", "number", "title"),
    default_columns=(
        "number",
        "title",
        "account_name",
        "subject_name",
        "status_reason",
        "priority",
        "owner_name",
        "received_at",
    ),
    default_sort="-received_at",
)

CATALOGUES: Mapping[str, ViewCatalogue] = {SERVICE_REQUEST: SERVICE_REQUESTS}
