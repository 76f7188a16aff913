"""Activities: tasks, phone calls, meetings, emails and notes regarding any record."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, bookkeeping, metadata, uuid_pk

activities = sa.Table(
    "activities",
    metadata,
    uuid_pk(),
    # task | phone_call | meeting | email | note
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    # What the activity is about: account, contact, lead, sales_project, service_request, …
    sa.Column("regarding_type", sa.String(30), nullable=True),
    sa.Column("regarding_id", sa.Uuid, nullable=True),
    # The account the regarding record belongs to (the account itself, a contact's first
    # account, a request's customer): the account's 360° timeline reads this one column.
    sa.Column("account_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=True),
    sa.Column("due_at", UTCDateTime(), nullable=True),
    sa.Column("duration_minutes", sa.Integer, nullable=True),
    sa.Column("priority", sa.String(10), nullable=False),
    # open | done | cancelled
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("completed_at", UTCDateTime(), nullable=True),
    # phone calls and emails: incoming | outgoing
    sa.Column("direction", sa.String(10), nullable=True),
    # When it happened (or is planned): the timeline's sort key.
    sa.Column("occurred_at", UTCDateTime(), nullable=False),
    sa.Column("delegated_by_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True, index=True),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    sa.Column("created_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    *bookkeeping(),
)
sa.Index(
    "ix_activities_regarding",
    activities.c.regarding_type,
    activities.c.regarding_id,
    activities.c.occurred_at,
    activities.c.id,
)
sa.Index(
    "ix_activities_account_timeline",
    activities.c.account_id,
    activities.c.occurred_at,
    activities.c.id,
)
sa.Index(
    "ix_activities_owner_status_due",
    activities.c.owner_id,
    activities.c.status,
    activities.c.due_at,
)
sa.Index("ix_activities_due_at_id", activities.c.due_at, activities.c.id)
sa.Index("ix_activities_updated_at_id", activities.c.updated_at, activities.c.id)
sa.Index("ix_activities_occurred_at_id", activities.c.occurred_at, activities.c.id)
