"""changes feed in commit order: the writing transaction's id on each change

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("changes") as batch_op:
        batch_op.add_column(sa.Column("tx", sa.BigInteger(), nullable=False, server_default="0"))
        batch_op.create_index("ix_changes_position", ["tx", "seq"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE changes ALTER COLUMN tx SET DEFAULT (pg_current_xact_id()::text::bigint)"
        )


def downgrade() -> None:
    with op.batch_alter_table("changes") as batch_op:
        batch_op.drop_index("ix_changes_position")
        batch_op.drop_column("tx")
