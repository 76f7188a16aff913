"""Background jobs. Each is idempotent, so several workers may run side by side."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import sqlalchemy as sa

from api.deps import Container
from persistence.tables.identity import refresh_tokens
from persistence.tables.platform import idempotency_keys

log = logging.getLogger("kumppani.worker")
IDEMPOTENCY_TTL = timedelta(hours=24)


async def purge_expired(c: Container) -> dict[str, int]:
    """Drop refresh tokens past their expiry and idempotency keys older than a day."""
    now = c.clock.now()
    async with c.sessions() as session:
        tokens = await session.execute(
            sa.delete(refresh_tokens).where(refresh_tokens.c.expires_at < now)
        )
        keys = await session.execute(
            sa.delete(idempotency_keys).where(idempotency_keys.c.created_at < now - IDEMPOTENCY_TTL)
        )
        await session.commit()
    return {"refresh_tokens": _count(tokens), "idempotency_keys": _count(keys)}


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


JOBS = {"purge_expired": purge_expired}


async def run_worker(c: Container, *, once: bool, interval: int) -> None:
    while True:
        for name, job in JOBS.items():
            try:
                result = await job(c)
                log.info("job done", extra={"job": name, "result": result})
            except Exception:
                log.exception("job failed", extra={"job": name})
        if once:
            return
        await asyncio.sleep(interval)
