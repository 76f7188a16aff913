"""Care plans, their versions (the touches as JSON) and the touches generated from them."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, bookkeeping, metadata, uuid_pk

care_plans = sa.Table(
    "care_plans",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    # The target: an account class (A | B | C | potential) within a unit (None: every unit),
    # or a customer group (a classification of the filters work; no FK, matched later).
    sa.Column("account_class", sa.String(10), nullable=True),
    sa.Column("classification_id", sa.Uuid, nullable=True),
    sa.Column("business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=True),
    sa.Column("is_active", sa.Boolean, nullable=False),
    sa.Column("active_version", sa.Integer, nullable=True),
    sa.Column("latest_version", sa.Integer, nullable=False),
    sa.Column("created_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    *bookkeeping(),
)
sa.Index("ix_care_plans_name_id", care_plans.c.name, care_plans.c.id)
sa.Index("ix_care_plans_updated_at_id", care_plans.c.updated_at, care_plans.c.id)

care_plan_versions = sa.Table(
    "care_plan_versions",
    metadata,
    uuid_pk(),
    sa.Column(
        "plan_id", sa.Uuid, sa.ForeignKey("care_plans.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("number", sa.Integer, nullable=False),
    # [{"id", "activity_type_id", "channel", "frequency", "months", "responsible",
    #   "responsible_role_id", "responsible_user_id", "description"}]
    sa.Column("touches", sa.JSON, nullable=False),
    # draft | approved | superseded
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("created_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("approved_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("approved_at", UTCDateTime(), nullable=True),
    sa.UniqueConstraint("plan_id", "number", name="uq_care_plan_versions_plan_number"),
)

# What the generation job made: one activity per plan version, touch, account and period.
care_plan_activities = sa.Table(
    "care_plan_activities",
    metadata,
    sa.Column(
        "plan_version_id",
        sa.Uuid,
        sa.ForeignKey("care_plan_versions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("touch_id", sa.Uuid, primary_key=True),
    sa.Column(
        "account_id",
        sa.Uuid,
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("period", sa.String(10), primary_key=True),
    sa.Column(
        "plan_id", sa.Uuid, sa.ForeignKey("care_plans.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column(
        "activity_id",
        sa.Uuid,
        sa.ForeignKey("activities.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)
sa.Index(
    "ix_care_plan_activities_account_due",
    care_plan_activities.c.account_id,
    care_plan_activities.c.due_on,
)
sa.Index("ix_care_plan_activities_due_on", care_plan_activities.c.due_on)
