"""The migrations build exactly the schema the code describes, on the configured database."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from migrations.env_filters import ours
from persistence import migrate
from persistence.tables import metadata

pytestmark = pytest.mark.integration


# Server defaults that differ by dialect on purpose: the metadata holds the portable one,
# the migration sets the PostgreSQL one.
POSTGRES_DEFAULTS = {("changes", "tx"): "pg_current_xact_id()"}


def _compare_default(context, inspected, column, inspected_default, metadata_default, rendered):
    expected = POSTGRES_DEFAULTS.get((column.table.name, column.name))
    if expected is not None and context.dialect.name == "postgresql":
        return expected not in (inspected_default or "")  # True means "differs"
    return None  # Alembic's own comparison


async def test_migrations_produce_exactly_the_table_metadata(container) -> None:
    def diff(connection):
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": _compare_default,
                "include_name": ours,
            },
        )
        return compare_metadata(context, metadata)

    async with container.engine.connect() as conn:
        differences = await conn.run_sync(diff)
    assert differences == [], "run `alembic revision --autogenerate`; differences:\n" + "\n".join(
        map(str, differences)
    )


async def test_the_database_is_at_the_newest_migration(container) -> None:
    assert await migrate.current_revision(container.engine) == migrate.head_revision()


async def test_every_table_of_the_metadata_exists(container) -> None:
    def names(connection):
        from sqlalchemy import inspect

        return set(inspect(connection).get_table_names())

    async with container.engine.connect() as conn:
        tables = await conn.run_sync(names)
    assert set(metadata.tables) <= tables
