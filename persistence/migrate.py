"""Run Alembic programmatically: upgrade to head, and tell whether a database is at head."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def known_revisions(url: str) -> set[str]:
    return {r.revision for r in ScriptDirectory.from_config(alembic_config(url)).walk_revisions()}


def schema_problem(current: str | None, url: str) -> str | None:
    """Why this code cannot serve the database yet, or None. A revision this code does not
    know is newer than it (a rolling deploy migrated first), which older code tolerates:
    migrations only ever add in a backwards-compatible way."""
    head = head_revision(url)
    if current is None:
        return "The database has no schema: run `kumppani migrate`."
    if current != head and current in known_revisions(url):
        return f"The database is at migration {current}, not {head}: run `kumppani migrate`."
    return None


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )
