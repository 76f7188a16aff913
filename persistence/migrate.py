"""Run Alembic programmatically: upgrade to head, and tell whether a database is at head."""

from __future__ import annotations

from functools import lru_cache
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


@lru_cache(maxsize=1)
def _revisions() -> tuple[str | None, frozenset[str]]:
    """The head and every revision this code ships, read from disk once per process (the
    readiness probe asks on every call, and the scripts cannot change under a process)."""
    scripts = ScriptDirectory.from_config(alembic_config(""))
    return scripts.get_current_head(), frozenset(r.revision for r in scripts.walk_revisions())


def head_revision() -> str | None:
    return _revisions()[0]


def schema_problem(current: str | None) -> str | None:
    """Why this code cannot serve the database yet, or None. A revision this code does not
    know is newer than it (a rolling deploy migrated first), which older code tolerates:
    migrations only ever add in a backwards-compatible way."""
    head, known = _revisions()
    if current is None:
        return "The database has no schema: run `kumppani migrate`."
    if current != head and current in known:
        return f"The database is at migration {current}, not {head}: run `kumppani migrate`."
    return None


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )
