"""Background jobs: the periodic jobs (clean-up, the outbox, delegation reminders) run in
`kumppani worker` (procrastinate on PostgreSQL) and in the API process itself on embedded
SQLite."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from api.jobs import PERIODIC, QUEUE, procrastinate_app, run_embedded, run_worker
from domain.identity import RefreshToken
from persistence.tables.identity import refresh_tokens
from persistence.tables.notifications import outbox
from tests.api.service_factories import (
    make_general_customer,
    make_request,
    make_subject,
)

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


def test_the_periodic_jobs_and_their_rhythm() -> None:
    assert {job.name: (job.cron, job.every) for job in PERIODIC} == {
        "purge_expired": ("*/15 * * * *", timedelta(minutes=15)),
        "send_outbox": ("* * * * *", timedelta(seconds=30)),
        "delegation_reminders": ("*/5 * * * *", timedelta(minutes=1)),
        "lead_sla_watch": ("*/5 * * * *", timedelta(minutes=1)),
        "segment_refresh": ("17 * * * *", timedelta(hours=1)),
        "care_plan_generation": ("15 2 * * *", timedelta(days=1)),
    }


class FixedClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


async def test_the_reminder_job_reminds_once_and_wakes_the_outbox(
    client, container, admin_headers, make_user
) -> None:
    await make_general_customer(client, admin_headers)
    subject = await make_subject(client, admin_headers)
    alice, alice_headers = await make_user("service", name="Alice Agent")
    bob, _ = await make_user("service", name="Bob Back-office")
    request = await make_request(client, alice_headers, subject["id"], title="Mittarivika")
    resp = await client.post(
        f"/api/v1/service-requests/{request['id']}/delegations",
        json={"to_user_id": bob["id"]},
        headers=alice_headers,
    )
    assert resp.status_code == 201, resp.text
    job = next(j for j in PERIODIC if j.name == "delegation_reminders")
    remind_at = datetime.fromisoformat(resp.json()["remind_at"])
    early = dataclasses.replace(container, clock=FixedClock(remind_at - timedelta(minutes=1)))
    assert await job.run(early) == {"reminded": 0}
    container.outbox_wakeup.clear()
    due = dataclasses.replace(container, clock=FixedClock(remind_at))
    assert await job.run(due) == {"reminded": 1}
    assert container.outbox_wakeup.is_set()  # its mails leave at once, not at the next tick
    assert await job.run(due) == {"reminded": 0}
    async with container.sessions() as session:
        mails = [p for p in await session.scalars(sa.select(outbox.c.payload))]
    kinds = sorted((m["to"], m["kind"]) for m in mails)
    assert kinds == sorted(
        [
            (bob["email"], "delegated"),
            (bob["email"], "delegation_reminder"),
            (alice["email"], "delegation_unacknowledged"),
        ]
    )
