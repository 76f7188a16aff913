"""classifications and filters

Issue 8 (filter language, classifications): the classification tree (`classifications`,
admin-managed, fi/en/sv, hierarchical by `parent_id`), its assignments to accounts and to
contacts, and the contact's role in an account's buying centre (`contact_accounts.buying_role`).
The customer groups are seeded as root classifications of accounts by the application
(`persistence.bootstrap`), not here.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def _assignments(table: str, owner: str, owner_table: str) -> None:
    op.create_table(
        table,
        sa.Column(owner, sa.Uuid(), nullable=False),
        sa.Column("classification_id", sa.Uuid(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            [owner],
            [f"{owner_table}.id"],
            name=op.f(f"fk_{table}_{owner}_{owner_table}"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["classification_id"],
            ["classifications.id"],
            name=op.f(f"fk_{table}_classification_id_classifications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by"], ["users.id"], name=op.f(f"fk_{table}_assigned_by_users")
        ),
        sa.PrimaryKeyConstraint(owner, "classification_id", name=op.f(f"pk_{table}")),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f(f"ix_{table}_classification_id"), ["classification_id"], unique=False
        )


def upgrade() -> None:
    op.create_table(
        "classifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=True),
        sa.Column("name_sv", sa.String(length=100), nullable=True),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["classifications.id"],
            name=op.f("fk_classifications_parent_id_classifications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classifications")),
        sa.UniqueConstraint("kind", "key", name="uq_classifications_kind_key"),
    )
    with op.batch_alter_table("classifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_classifications_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_classifications_parent_id"), ["parent_id"], unique=False
        )
    _assignments("account_classifications", "account_id", "accounts")
    _assignments("contact_classifications", "contact_id", "contacts")
    with op.batch_alter_table("contact_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("buying_role", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact_accounts", schema=None) as batch_op:
        batch_op.drop_column("buying_role")
    op.drop_table("contact_classifications")
    op.drop_table("account_classifications")
    with op.batch_alter_table("classifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_classifications_parent_id"))
        batch_op.drop_index(batch_op.f("ix_classifications_kind"))
    op.drop_table("classifications")
