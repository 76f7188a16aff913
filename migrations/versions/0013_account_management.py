"""account management

Issue 8 (account management): the merge log. Account teams (`account_team_members`,
`account_team_roles`) and the passivation columns came with the groundwork (0008), and the
entities involved (`account`, `account_team_role`) already have their privileges; merging
takes the existing delete privilege on accounts at organisation depth.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_merges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("survivor_id", sa.Uuid(), nullable=False),
        sa.Column("duplicate_id", sa.Uuid(), nullable=False),
        sa.Column("duplicate_name", sa.String(length=200), nullable=False),
        sa.Column("duplicate", sa.JSON(), nullable=False),
        sa.Column("moves", sa.JSON(), nullable=False),
        sa.Column("filled", sa.JSON(), nullable=False),
        sa.Column("merged_by", sa.Uuid(), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["survivor_id"], ["accounts.id"], name=op.f("fk_account_merges_survivor_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["merged_by"], ["users.id"], name=op.f("fk_account_merges_merged_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_merges")),
    )
    with op.batch_alter_table("account_merges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_merges_duplicate_id"), ["duplicate_id"], unique=False
        )
        batch_op.create_index(
            "ix_account_merges_survivor_merged_at",
            ["survivor_id", "merged_at", "id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("account_merges", schema=None) as batch_op:
        batch_op.drop_index("ix_account_merges_survivor_merged_at")
        batch_op.drop_index(batch_op.f("ix_account_merges_duplicate_id"))
    op.drop_table("account_merges")
