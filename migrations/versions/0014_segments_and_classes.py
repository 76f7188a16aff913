"""segments and classes

Issue 8 (segments): segments with their members and membership history, account-class
changes (with approval) and the class policies; the index the segmentation benchmark's
region + size-class rule needs.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_class_policies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=True),
        sa.Column("a_cap", sa.Integer(), nullable=True),
        sa.Column("potential_review_months", sa.Integer(), nullable=False),
        sa.Column("a_threshold_cents", sa.BigInteger(), nullable=True),
        sa.Column("b_threshold_cents", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_account_class_policies_business_unit_id_business_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_class_policies")),
        sa.UniqueConstraint(
            "business_unit_id", name=op.f("uq_account_class_policies_business_unit_id")
        ),
    )
    op.create_table(
        "segments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_segments_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_segments_owner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segments")),
    )
    with op.batch_alter_table("segments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_segments_business_unit_id"), ["business_unit_id"], unique=False
        )
        batch_op.create_index("ix_segments_name_id", ["name", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_segments_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_segments_updated_at_id", ["updated_at", "id"], unique=False)

    op.create_table(
        "account_class_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("from_class", sa.String(length=10), nullable=True),
        sa.Column("to_class", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("suggested_class", sa.String(length=10), nullable=True),
        sa.Column("proposed_by", sa.Uuid(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.String(length=1000), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_class_changes_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_account_class_changes_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_account_class_changes_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_account_class_changes_owner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by"], ["users.id"], name=op.f("fk_account_class_changes_proposed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_class_changes")),
    )
    with op.batch_alter_table("account_class_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_account_class_changes_account_at", ["account_id", "proposed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_account_class_changes_business_unit_id"),
            ["business_unit_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_account_class_changes_owner_id"), ["owner_id"], unique=False
        )
        batch_op.create_index(
            "ix_account_class_changes_status_at", ["status", "proposed_at", "id"], unique=False
        )

    op.create_table(
        "segment_members",
        sa.Column("segment_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_segment_members_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["added_by"], ["users.id"], name=op.f("fk_segment_members_added_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segments.id"],
            name=op.f("fk_segment_members_segment_id_segments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("segment_id", "account_id", name=op.f("pk_segment_members")),
    )
    with op.batch_alter_table("segment_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_segment_members_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "segment_membership_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("segment_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("event", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_segment_membership_events_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["by"], ["users.id"], name=op.f("fk_segment_membership_events_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segments.id"],
            name=op.f("fk_segment_membership_events_segment_id_segments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segment_membership_events")),
    )
    with op.batch_alter_table("segment_membership_events", schema=None) as batch_op:
        batch_op.create_index("ix_segment_events_account_at", ["account_id", "at"], unique=False)
        batch_op.create_index("ix_segment_events_segment_at", ["segment_id", "at"], unique=False)

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_accounts_region_size_class", ["region", "size_class"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_accounts_region_size_class")

    with op.batch_alter_table("segment_membership_events", schema=None) as batch_op:
        batch_op.drop_index("ix_segment_events_segment_at")
        batch_op.drop_index("ix_segment_events_account_at")

    op.drop_table("segment_membership_events")
    with op.batch_alter_table("segment_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_segment_members_account_id"))

    op.drop_table("segment_members")
    with op.batch_alter_table("account_class_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_account_class_changes_status_at")
        batch_op.drop_index(batch_op.f("ix_account_class_changes_owner_id"))
        batch_op.drop_index(batch_op.f("ix_account_class_changes_business_unit_id"))
        batch_op.drop_index("ix_account_class_changes_account_at")

    op.drop_table("account_class_changes")
    with op.batch_alter_table("segments", schema=None) as batch_op:
        batch_op.drop_index("ix_segments_updated_at_id")
        batch_op.drop_index(batch_op.f("ix_segments_owner_id"))
        batch_op.drop_index("ix_segments_name_id")
        batch_op.drop_index(batch_op.f("ix_segments_business_unit_id"))

    op.drop_table("segments")
    op.drop_table("account_class_policies")
