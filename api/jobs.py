"""Background jobs: the periodic work Kumppani does besides answering requests.

On PostgreSQL the jobs run through procrastinate: `kumppani worker` processes share one
queue table, each periodic job is deferred once per tick whatever the number of workers, and
a job that fails is logged and retried at the next tick. With embedded SQLite there is no
separate worker: the API process runs the same jobs on an asyncio timer. Every job is
idempotent, so running it twice, or late, does no harm.

Mail leaves at once, not only at the outbox job's tick: a unit of work that commits outbox
rows sets the container's wake-up event (`Container.wake_outbox`). The embedded runner's
sleep ends on it; on PostgreSQL the API process and each worker run `outbox_pump`, which
sends when woken (FOR UPDATE SKIP LOCKED keeps them from sending a message twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import procrastinate
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from api.deps import Container
from api.outbox import outbox_pump, send_outbox
from domain import careplans, leads, segmentation, service
from persistence.db import is_sqlite
from persistence.tables.identity import refresh_tokens
from persistence.tables.platform import idempotency_keys

log = logging.getLogger("kumppani.worker")
IDEMPOTENCY_TTL = timedelta(hours=24)
QUEUE = "kumppani"


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


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    cron: str  # when procrastinate defers it (PostgreSQL)
    every: timedelta  # the embedded runner's interval (SQLite); the same rhythm
    run: Callable[[Container], Awaitable[dict[str, int]]]


async def delegation_reminders(c: Container) -> dict[str, int]:
    """Remind delegatees who have not acknowledged a delegation in time (and tell the
    delegator); the unit of work's commit wakes the outbox, so the mails leave at once."""
    async with c.uow() as uow:
        reminded = await service.send_due_reminders(uow, c, c.clock.now())
    return {"reminded": reminded}


async def lead_sla_watch(c: Container) -> dict[str, int]:
    """Tell owners of leads entering their last working hours, and the managers and lead
    givers of leads past due (each once)."""
    async with c.uow() as uow:
        result = await leads.watch_sla(uow, c, c.clock.now())
    return {"at_risk": result.at_risk, "breached": result.breached}


async def segment_refresh(c: Container) -> dict[str, int]:
    """Recompute every dynamic segment's members; joins and leaves go to the history."""
    async with c.uow() as uow:
        result = await segmentation.services.refresh_all(uow, c)
    return {"segments": result.segments, "joined": result.joined, "left": result.left}


async def care_plan_generation(c: Container) -> dict[str, int]:
    """Schedule the care plans' touches of the coming horizon for every account a plan in
    force applies to (idempotent; a plan or class change cancels the old plan's future ones)."""
    async with c.uow() as uow:
        result = await careplans.generation.generate(
            uow, c, c.clock.now(), c.settings.care_plan_horizon_days
        )
    return {"accounts": result.accounts, "created": result.created, "cancelled": result.cancelled}


SEND_OUTBOX = "send_outbox"
PERIODIC = (
    PeriodicJob("purge_expired", "*/15 * * * *", timedelta(minutes=15), purge_expired),
    # The safety net under the wake-up: retries, and anything committed by another process.
    PeriodicJob(SEND_OUTBOX, "* * * * *", timedelta(seconds=30), send_outbox),
    PeriodicJob("delegation_reminders", "*/5 * * * *", timedelta(minutes=1), delegation_reminders),
    # leads
    PeriodicJob("lead_sla_watch", "*/5 * * * *", timedelta(minutes=1), lead_sla_watch),
    # segmentation: dynamic segments' membership history
    PeriodicJob("segment_refresh", "17 * * * *", timedelta(hours=1), segment_refresh),
    # care plans: nightly (and at start-up on the embedded runner)
    PeriodicJob("care_plan_generation", "15 2 * * *", timedelta(hours=24), care_plan_generation),
)


async def run_job(c: Container, job: PeriodicJob) -> None:
    try:
        result = await job.run(c)
    except Exception:
        log.exception("job failed", extra={"job": job.name})
        raise
    log.info("job done", extra={"job": job.name, "result": result})


# ------------------------------------------------------------------ PostgreSQL: procrastinate


def libpq_url(database_url: str) -> str:
    """procrastinate talks to PostgreSQL through psycopg: the same URL without +asyncpg."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def procrastinate_app(c: Container) -> procrastinate.App:
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=libpq_url(c.settings.database_url))
    )
    for job in PERIODIC:

        async def task(timestamp: int, job: PeriodicJob = job) -> None:
            await run_job(c, job)

        app.periodic(cron=job.cron, periodic_id=job.name)(
            app.task(name=job.name, queue=QUEUE)(task)
        )
    return app


# ------------------------------------------------------------------ embedded SQLite runner


async def run_embedded(c: Container) -> None:
    """Run every periodic job now and then at its interval, until cancelled; the outbox job
    also as soon as a commit wakes it."""
    loop = asyncio.get_running_loop()
    due = dict.fromkeys((job.name for job in PERIODIC), loop.time())
    while True:
        for job in PERIODIC:
            if due[job.name] <= loop.time():
                due[job.name] = loop.time() + job.every.total_seconds()
                try:
                    await run_job(c, job)
                except Exception:  # logged in run_job; the next tick tries again
                    log.debug("will retry %s at its next tick", job.name)
        if await _woken(c, max(1.0, min(due.values()) - loop.time())):
            due[SEND_OUTBOX] = loop.time()


async def _woken(c: Container, seconds: float) -> bool:
    """Sleep up to `seconds`; True (and the event cleared) when woken earlier."""
    try:
        async with asyncio.timeout(seconds):
            await c.outbox_wakeup.wait()
    except TimeoutError:
        return False
    c.outbox_wakeup.clear()
    return True


async def run_in_api(c: Container) -> None:
    """What the API process runs beside the requests: every periodic job on embedded SQLite
    (there is no worker), only the outbox pump on PostgreSQL (the workers run the jobs)."""
    if is_sqlite(c.settings.database_url):
        await run_embedded(c)
    else:
        await outbox_pump(c)


# ------------------------------------------------------------------ `kumppani worker`


async def run_worker(c: Container, *, once: bool) -> None:
    if once:
        for job in PERIODIC:
            await run_job(c, job)
        return
    if is_sqlite(c.settings.database_url):
        log.info("embedded database: running the periodic jobs in this process")
        await run_embedded(c)
        return
    app = procrastinate_app(c)
    pump = asyncio.create_task(outbox_pump(c))  # mails from this worker's jobs leave at once
    try:
        async with app.open_async():
            await app.run_worker_async(
                queues=[QUEUE], name=f"kumppani-worker-{os.getpid()}", delete_jobs="successful"
            )
    finally:
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pump
