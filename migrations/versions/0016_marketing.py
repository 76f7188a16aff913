"""marketing

Issue 8 (marketing lists and campaigns): a campaign's budget and expected responses;
marketing lists (static members or a dynamic contact filter), their members, event
invitations (invited → registered → attended / declined / no_show) and the audit of list
exports. The grants for `marketing_list` and `campaign` came with the groundwork (0008).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def _bookkeeping() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("budget", sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column("expected_responses", sa.Integer(), nullable=True))

    op.create_table(
        "marketing_lists",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sort_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("filter", sa.JSON(), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_marketing_lists_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_marketing_lists_campaign_id_campaigns")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_marketing_lists_owner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_lists")),
    )
    with op.batch_alter_table("marketing_lists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_marketing_lists_business_unit_id"), ["business_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_marketing_lists_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_marketing_lists_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_marketing_lists_sort_name_id", ["sort_name", "id"], unique=False)

    op.create_table(
        "marketing_list_members",
        sa.Column("list_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("added_by", sa.Uuid(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"], ["users.id"], name=op.f("fk_marketing_list_members_added_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_marketing_list_members_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["marketing_lists.id"],
            name=op.f("fk_marketing_list_members_list_id_marketing_lists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("list_id", "contact_id", name=op.f("pk_marketing_list_members")),
    )
    with op.batch_alter_table("marketing_list_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_marketing_list_members_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "campaign_invitations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("list_id", sa.Uuid(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        *_bookkeeping(),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_campaign_invitations_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_invitations_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_campaign_invitations_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["marketing_lists.id"],
            name=op.f("fk_campaign_invitations_list_id_marketing_lists"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_campaign_invitations_owner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_invitations")),
        sa.UniqueConstraint("campaign_id", "contact_id", name="uq_campaign_invitations_contact"),
    )
    with op.batch_alter_table("campaign_invitations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_campaign_invitations_campaign_status", ["campaign_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_campaign_invitations_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "marketing_list_exports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("list_id", sa.Uuid(), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("exported_by", sa.Uuid(), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exported_count", sa.Integer(), nullable=False),
        sa.Column("left_out_count", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_marketing_list_exports_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["exported_by"], ["users.id"], name=op.f("fk_marketing_list_exports_exported_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["marketing_lists.id"],
            name=op.f("fk_marketing_list_exports_list_id_marketing_lists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_marketing_list_exports_owner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_list_exports")),
    )
    with op.batch_alter_table("marketing_list_exports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_marketing_list_exports_list_id"), ["list_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("marketing_list_exports")
    op.drop_table("campaign_invitations")
    op.drop_table("marketing_list_members")
    op.drop_table("marketing_lists")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_column("expected_responses")
        batch_op.drop_column("budget")
