"""Activities: tasks, phone calls, meetings, emails and notes regarding any record, their
admin-managed types and their participants."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, bookkeeping, metadata, uuid_pk

# Toimenpidetyypit: what an activity is (customer feedback, visit, steering group, lead…).
# Each type has a built-in kind (task, phone_call, meeting, email, note) that decides how it
# behaves; keywords refine it (feedback: positive / negative).
activity_types = sa.Table(
    "activity_types",
    metadata,
    uuid_pk(),
    sa.Column("key", sa.String(50), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("name_en", sa.String(100), nullable=True),
    sa.Column("name_sv", sa.String(100), nullable=True),
    sa.Column("kind", sa.String(20), nullable=False),
    # The type an activity of its kind gets when none is given (one per kind).
    sa.Column("is_default", sa.Boolean, nullable=False),
    # A visit has a goal (before) and agreed actions (after).
    sa.Column("is_visit", sa.Boolean, nullable=False),
    # [{"key": "positive", "name": "Myönteinen", "name_en": "Positive", "name_sv": "Positiv"}]
    sa.Column("keywords", sa.JSON, nullable=False),
    sa.Column("sort_order", sa.Integer, nullable=False, server_default="0"),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *bookkeeping(),
)

activities = sa.Table(
    "activities",
    metadata,
    uuid_pk(),
    # task | phone_call | meeting | email | note (the kind of its activity type)
    sa.Column("type", sa.String(20), nullable=False),
    # Fixed after creation, like the kind.
    sa.Column(
        "activity_type_id", sa.Uuid, sa.ForeignKey("activity_types.id"), nullable=False, index=True
    ),
    # Keys of the type's keywords that apply.
    sa.Column("keywords", sa.JSON, nullable=False),
    # A visit's goal (written before it) and the actions agreed in it (after).
    sa.Column("goal", sa.Text, nullable=True),
    sa.Column("agreed_actions", sa.Text, nullable=True),
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
    # open (Hoitamatta) | in_progress (Kesken) | done (OK) | cancelled
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
# A user's calendar: what they own, by start time (0012).
sa.Index(
    "ix_activities_owner_occurred",
    activities.c.owner_id,
    activities.c.occurred_at,
    activities.c.id,
)
sa.Index("ix_activities_updated_at_id", activities.c.updated_at, activities.c.id)
sa.Index("ix_activities_occurred_at_id", activities.c.occurred_at, activities.c.id)

# Colleagues who take part in an activity besides its owner: each sees it in their own work
# (and may read it).
activity_participants = sa.Table(
    "activity_participants",
    metadata,
    sa.Column(
        "activity_id",
        sa.Uuid,
        sa.ForeignKey("activities.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "user_id",
        sa.Uuid,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)
