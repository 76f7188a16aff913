"""The migrations build exactly the schema the code describes, on the configured database."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from persistence import migrate
from persistence.tables import metadata

pytestmark = pytest.mark.integration


async def test_migrations_produce_exactly_the_table_metadata(container) -> None:
    def diff(connection):
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, metadata)

    async with container.engine.connect() as conn:
        differences = await conn.run_sync(diff)
    assert differences == [], "run `alembic revision --autogenerate`; differences:\n" + "\n".join(
        map(str, differences)
    )


async def test_the_database_is_at_the_newest_migration(container, database_url) -> None:
    assert await migrate.current_revision(container.engine) == migrate.head_revision(database_url)


async def test_every_table_of_the_metadata_exists(container) -> None:
    def names(connection):
        from sqlalchemy import inspect

        return set(inspect(connection).get_table_names())

    async with container.engine.connect() as conn:
        tables = await conn.run_sync(names)
    assert set(metadata.tables) <= tables
