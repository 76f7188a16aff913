"""Background jobs: the periodic clean-up runs in `kumppani worker` (procrastinate on
PostgreSQL) and in the API process itself on embedded SQLite."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa

from api.jobs import QUEUE, procrastinate_app, run_embedded, run_worker
from domain.identity import RefreshToken
from persistence.tables.identity import refresh_tokens

pytestmark = pytest.mark.integration


async def _tokens(container, admin) -> tuple[str, str]:
    """One refresh token that expired yesterday and one that is still valid."""
    now = container.clock.now()
    async with container.uow() as uow:
        for name, expires in (("old", now - timedelta(days=1)), ("new", now + timedelta(days=1))):
            await uow.refresh_tokens.add(
                RefreshToken(
                    id=container.ids.new_id(),
                    family_id=container.ids.new_id(),
                    user_id=admin.id,
                    token_hash=f"{name}-{now.timestamp()}",
                    issued_at=now - timedelta(days=15),
                    expires_at=expires,
                )
            )
        await uow.commit()
    return f"old-{now.timestamp()}", f"new-{now.timestamp()}"


async def _left(container) -> set[str]:
    async with container.sessions() as session:
        return set(await session.scalars(sa.select(refresh_tokens.c.token_hash)))


async def test_the_worker_drops_expired_refresh_tokens_and_keeps_valid_ones(
    container, admin
) -> None:
    old, new = await _tokens(container, admin)
    await run_worker(container, once=True)
    left = await _left(container)
    assert old not in left
    assert new in left


async def test_the_embedded_runner_runs_the_jobs_when_it_starts(container, admin) -> None:
    old, new = await _tokens(container, admin)
    runner = asyncio.create_task(run_embedded(container))
    try:
        for _ in range(100):
            if old not in await _left(container):
                break
            await asyncio.sleep(0.05)
    finally:
        runner.cancel()
    assert old not in await _left(container)
    assert new in await _left(container)


async def test_procrastinate_runs_the_job_on_postgresql(container, admin) -> None:
    if container.engine.dialect.name != "postgresql":
        pytest.skip("procrastinate is the PostgreSQL job queue; SQLite runs jobs in-process")
    old, new = await _tokens(container, admin)
    app = procrastinate_app(container)
    async with app.open_async():
        await app.tasks["purge_expired"].defer_async(timestamp=0)
        await app.run_worker_async(queues=[QUEUE], wait=False, install_signal_handlers=False)
    left = await _left(container)
    assert old not in left
    assert new in left
