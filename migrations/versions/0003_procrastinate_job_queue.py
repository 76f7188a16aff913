"""procrastinate's job queue schema (PostgreSQL only; embedded SQLite runs jobs in-process)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

The schema is procrastinate's own, for the version pinned in requirements/. When that pin
moves, add a migration that runs procrastinate's migration scripts for the versions between.
"""

from collections.abc import Sequence

from alembic import op
from procrastinate.schema import SchemaManager
from sqlalchemy.util import await_only

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # The schema is many statements with PL/pgSQL bodies: asyncpg runs such a script as one
    # simple query on the migration's own connection, inside its transaction.
    driver = bind.connection.dbapi_connection.driver_connection  # type: ignore[union-attr]
    await_only(driver.execute(SchemaManager.get_schema()))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        raise NotImplementedError("procrastinate's schema is not removed by a downgrade")
