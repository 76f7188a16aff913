"""care plans

Issue 8 (care plans): care plans for an account class within a unit (or a customer group),
their versions with the planned touches, and the touches the generation job made (one
activity per plan version, touch, account and period). The `care_plan` entity's privileges
came with the groundwork.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def _bookkeeping() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "care_plans",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("account_class", sa.String(length=10), nullable=True),
        sa.Column("classification_id", sa.Uuid(), nullable=True),
        sa.Column("business_unit_id", sa.Uuid(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("active_version", sa.Integer(), nullable=True),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_care_plans_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_care_plans_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_plans")),
    )
    with op.batch_alter_table("care_plans", schema=None) as batch_op:
        batch_op.create_index("ix_care_plans_name_id", ["name", "id"], unique=False)
        batch_op.create_index("ix_care_plans_updated_at_id", ["updated_at", "id"], unique=False)
    op.create_table(
        "care_plan_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("touches", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["care_plans.id"],
            name=op.f("fk_care_plan_versions_plan_id_care_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_care_plan_versions_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["users.id"], name=op.f("fk_care_plan_versions_approved_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_plan_versions")),
        sa.UniqueConstraint("plan_id", "number", name="uq_care_plan_versions_plan_number"),
    )
    op.create_table(
        "care_plan_activities",
        sa.Column("plan_version_id", sa.Uuid(), nullable=False),
        sa.Column("touch_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_version_id"],
            ["care_plan_versions.id"],
            name=op.f("fk_care_plan_activities_plan_version_id_care_plan_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_care_plan_activities_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["care_plans.id"],
            name=op.f("fk_care_plan_activities_plan_id_care_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_care_plan_activities_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "plan_version_id",
            "touch_id",
            "account_id",
            "period",
            name=op.f("pk_care_plan_activities"),
        ),
        sa.UniqueConstraint("activity_id", name=op.f("uq_care_plan_activities_activity_id")),
    )
    with op.batch_alter_table("care_plan_activities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_care_plan_activities_account_due", ["account_id", "due_on"], unique=False
        )
        batch_op.create_index("ix_care_plan_activities_due_on", ["due_on"], unique=False)


def downgrade() -> None:
    op.drop_table("care_plan_activities")
    op.drop_table("care_plan_versions")
    op.drop_table("care_plans")
