"""Engine and session factory for PostgreSQL (asyncpg) and embedded SQLite (aiosqlite)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    kwargs: dict[str, Any] = {"echo": echo}
    if is_sqlite(url):
        kwargs["connect_args"] = {"timeout": 30}
    else:
        # Recycle rather than pre-ping: pre-ping costs a round trip on every checkout.
        kwargs.update(pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800)
        # asyncpg prepares every statement; after five runs PostgreSQL may switch a prepared
        # statement to a generic plan that ignores the values. For filter searches and segment
        # counts that plan misjudges selectivity badly (bench/segments.py: a 1M-account count
        # went from 0.35 s to 1.2–1.9 s on its fifth run), so plan with the values every time.
        kwargs["connect_args"] = {"server_settings": {"plan_cache_mode": "force_custom_plan"}}
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # WAL lets readers run while one writer writes; foreign keys are off by default.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def ping(url: str) -> str | None:
    """None when the database answers within 5 seconds; otherwise a one-line reason."""
    import asyncio

    engine = create_engine(url, pool_size=1)
    try:
        async with asyncio.timeout(5), engine.connect() as conn:
            await conn.exec_driver_sql("SELECT 1")
        return None
    except Exception as exc:  # every failure is reported, none is raised
        return f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    finally:
        await engine.dispose()
