"""Customer service: subjects, queues, service requests, delegations and the request log."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, bookkeeping, metadata, uuid_pk

subjects = sa.Table(
    "subjects",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=True),
    sa.Column("parent_id", sa.Uuid, sa.ForeignKey("subjects.id"), nullable=True, index=True),
    sa.Column("sort_order", sa.Integer, nullable=False, server_default="0"),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *bookkeeping(),
)

queues = sa.Table(
    "queues",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("description", sa.String(1000), nullable=True),
    sa.Column("email", sa.String(320), nullable=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *bookkeeping(),
)

queue_members = sa.Table(
    "queue_members",
    metadata,
    sa.Column(
        "queue_id", sa.Uuid, sa.ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "user_id",
        sa.Uuid,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

service_requests = sa.Table(
    "service_requests",
    metadata,
    uuid_pk(),
    # Human-facing case number, e.g. "PP-2026-000123" (unique).
    sa.Column("number", sa.String(30), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("sort_title", sa.String(200), nullable=False),
    sa.Column("account_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=False, index=True),
    sa.Column("contact_id", sa.Uuid, sa.ForeignKey("contacts.id"), nullable=True, index=True),
    sa.Column("caller_name", sa.String(200), nullable=True),
    sa.Column("caller_email", sa.String(320), nullable=True),
    sa.Column("caller_phone", sa.String(20), nullable=True),
    sa.Column("subject_id", sa.Uuid, sa.ForeignKey("subjects.id"), nullable=False, index=True),
    sa.Column("request_type", sa.String(30), nullable=False, index=True),
    sa.Column("origin", sa.String(20), nullable=False, index=True),
    sa.Column("service_channel", sa.String(30), nullable=True),
    # open | closed, derived from status_reason; kept as a column for the views' indexes.
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("status_reason", sa.String(30), nullable=False, index=True),
    sa.Column("priority", sa.String(10), nullable=False),
    sa.Column("satisfaction", sa.SmallInteger, nullable=True),
    sa.Column("follow_up_by", sa.Date, nullable=True),
    sa.Column("callback_due_at", UTCDateTime(), nullable=True),
    sa.Column("received_at", UTCDateTime(), nullable=False),
    sa.Column("first_response_at", UTCDateTime(), nullable=True),
    sa.Column("resolved_at", UTCDateTime(), nullable=True),
    # Working hours (Finnish office calendar) from received_at, fixed when the moment is set.
    sa.Column("first_response_hours", sa.Float, nullable=True),
    sa.Column("resolution_hours", sa.Float, nullable=True),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("site", sa.String(300), nullable=True),
    sa.Column("usage_point", sa.String(50), nullable=True),
    sa.Column("contract_number", sa.String(50), nullable=True),
    sa.Column("meter_number", sa.String(50), nullable=True),
    sa.Column("business_id", sa.String(9), nullable=True),
    sa.Column("personal_reference", sa.String(50), nullable=True),
    # not_applicable | pending | in_billing: the "not yet in billing" views.
    sa.Column("billing_status", sa.String(20), nullable=False),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    # The queue the request waits in (members of the queue may read and pick it).
    sa.Column("queue_id", sa.Uuid, sa.ForeignKey("queues.id"), nullable=True, index=True),
    # The current delegation at a glance (the full trail is service_request_delegations).
    sa.Column("delegated_by_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("delegated_to_user_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("delegated_to_queue_id", sa.Uuid, sa.ForeignKey("queues.id"), nullable=True),
    sa.Column("delegated_at", UTCDateTime(), nullable=True),
    sa.Column("created_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    *bookkeeping(),
)
# Keyset pagination and the system views: one composite index per sort and hot filter.
sa.Index(
    "ix_service_requests_received_at_id", service_requests.c.received_at, service_requests.c.id
)
sa.Index("ix_service_requests_updated_at_id", service_requests.c.updated_at, service_requests.c.id)
sa.Index("ix_service_requests_created_at_id", service_requests.c.created_at, service_requests.c.id)
sa.Index(
    "ix_service_requests_callback_due_id",
    service_requests.c.callback_due_at,
    service_requests.c.id,
)
sa.Index(
    "ix_service_requests_state_received",
    service_requests.c.state,
    service_requests.c.received_at,
    service_requests.c.id,
)
sa.Index(
    "ix_service_requests_owner_state",
    service_requests.c.owner_id,
    service_requests.c.state,
    service_requests.c.received_at,
)
sa.Index(
    "ix_service_requests_unit_state",
    service_requests.c.business_unit_id,
    service_requests.c.state,
    service_requests.c.received_at,
)
sa.Index(
    "ix_service_requests_type_state",
    service_requests.c.request_type,
    service_requests.c.state,
    service_requests.c.received_at,
)

service_request_delegations = sa.Table(
    "service_request_delegations",
    metadata,
    uuid_pk(),
    sa.Column(
        "request_id",
        sa.Uuid,
        sa.ForeignKey("service_requests.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("delegated_by_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("to_user_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True, index=True),
    sa.Column("to_queue_id", sa.Uuid, sa.ForeignKey("queues.id"), nullable=True, index=True),
    sa.Column("note", sa.String(2000), nullable=True),
    sa.Column("delegated_at", UTCDateTime(), nullable=False),
    # When the reminder falls due: delegated_at + N working hours (settings).
    sa.Column("remind_at", UTCDateTime(), nullable=False),
    sa.Column("reminded_at", UTCDateTime(), nullable=True),
    sa.Column("acknowledged_at", UTCDateTime(), nullable=True),
    sa.Column("acknowledged_by_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    # active | acknowledged | superseded
    sa.Column("status", sa.String(20), nullable=False),
)
sa.Index(
    "ix_service_request_delegations_due",
    service_request_delegations.c.status,
    service_request_delegations.c.remind_at,
)

# The append-only log of what happened to a request: created, status changes, delegations,
# acknowledgements, picks, reopenings, comments. Never updated or deleted.
service_request_events = sa.Table(
    "service_request_events",
    metadata,
    uuid_pk(),
    sa.Column(
        "request_id",
        sa.Uuid,
        sa.ForeignKey("service_requests.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("by_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("note", sa.String(2000), nullable=True),
    sa.Column("data", sa.JSON, nullable=True),
)
sa.Index(
    "ix_service_request_events_request",
    service_request_events.c.request_id,
    service_request_events.c.at,
    service_request_events.c.id,
)
