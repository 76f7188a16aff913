"""api keys

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Also gives the existing "admin" role every privilege on API keys (new installations get it
from the default roles).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

ACTIONS = ("create", "read", "update", "delete", "assign", "export")


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        sa.Column("lookup", sa.String(length=20), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_api_keys_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_api_keys_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_keys_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("lookup", name=op.f("uq_api_keys_lookup")),
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_api_keys_business_unit_id"), ["business_unit_id"], unique=False
        )
        batch_op.create_index("ix_api_keys_created_at_id", ["created_at", "id"], unique=False)
        batch_op.create_index("ix_api_keys_name_id", ["name", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_api_keys_user_id"), ["user_id"], unique=False)

    roles = sa.table(
        "roles",
        sa.column("id", sa.Uuid),
        sa.column("name", sa.String),
        sa.column("privileges", sa.JSON),
    )
    bind = op.get_bind()
    for role_id, privileges in bind.execute(
        sa.select(roles.c.id, roles.c.privileges).where(roles.c.name == "admin")
    ):
        granted = {(p["entity"], p["action"]) for p in privileges}
        added = [
            {"entity": "api_key", "action": action, "depth": "organisation"}
            for action in ACTIONS
            if ("api_key", action) not in granted
        ]
        if added:
            bind.execute(
                sa.update(roles).where(roles.c.id == role_id).values(privileges=privileges + added)
            )


def downgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_keys_user_id"))
        batch_op.drop_index("ix_api_keys_name_id")
        batch_op.drop_index("ix_api_keys_created_at_id")
        batch_op.drop_index(batch_op.f("ix_api_keys_business_unit_id"))

    op.drop_table("api_keys")
