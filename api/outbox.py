"""Sending the outbox: mails written in the same transaction as the change that caused them.

`send_outbox` takes the due messages oldest first, one row at a time in its own transaction:
on PostgreSQL the row is locked `FOR UPDATE SKIP LOCKED` while it is sent, so any number of
workers (and the API process) can run it at once and never send one message twice; SQLite
has one process. A sent message gets `sent_at`; a failure counts an attempt, keeps the error
and waits 1, 2, 4 … minutes (at most an hour) before the next try; after 10 attempts the
message is dead: kept, with its error, but no longer tried. A failure of the server itself
(refused, timed out, disconnected) ends the run there, so an unreachable server costs one
attempt per run instead of one per waiting message. With no SMTP host configured nothing is
sent and nothing is lost: the messages wait.

Prompt delivery: a unit of work that committed outbox rows calls `Container.wake_outbox()`;
`outbox_pump` (PostgreSQL) and the embedded runner (SQLite, api/jobs.py) wait on that event.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import aiosmtplib
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import Container
from api.mail import Mailer, SmtpMailer, build_message, mail_enabled
from domain.notifications import Channel
from persistence.tables.notifications import outbox

log = logging.getLogger("kumppani.outbox")

MAX_ATTEMPTS = 10
BATCH_SIZE = 100
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=1)
ERROR_MAX = 2000
# Refusals of one message (its recipient, its content); any other sending failure is the
# server's (or its settings'), and the run stops at it. A payload that cannot be made into a
# message fails alone too.
MESSAGE_REFUSALS: tuple[type[Exception], ...] = (
    aiosmtplib.SMTPRecipientsRefused,
    aiosmtplib.SMTPRecipientRefused,
    aiosmtplib.SMTPDataError,
)

_disabled_logged = False


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: 1, 2, 4 … minutes, at most an hour."""
    delay: timedelta = FIRST_BACKOFF * (2 ** max(attempts - 1, 0))
    return min(delay, MAX_BACKOFF)


def pending(now: datetime) -> sa.ColumnElement[bool]:
    """Messages that are due: not sent, not dead, and their next attempt has come."""
    return sa.and_(
        outbox.c.sent_at.is_(None),
        outbox.c.attempts < MAX_ATTEMPTS,
        outbox.c.next_attempt_at <= now,
    )


def dead() -> sa.ColumnElement[bool]:
    return sa.and_(outbox.c.sent_at.is_(None), outbox.c.attempts >= MAX_ATTEMPTS)


def _next_due(now: datetime) -> sa.Select[Any]:
    return (
        sa.select(outbox.c.id, outbox.c.payload, outbox.c.attempts)
        .where(pending(now), outbox.c.channel == Channel.EMAIL.value)
        .order_by(outbox.c.created_at, outbox.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite renders no locking clause
    )


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    return text[:ERROR_MAX]


async def _waiting(c: Container, now: datetime) -> int:
    async with c.sessions() as session:
        count = await session.scalar(
            sa.select(sa.func.count()).select_from(outbox).where(pending(now))
        )
    return int(count or 0)


async def send_outbox(
    c: Container, *, mailer: Mailer | None = None, now: datetime | None = None
) -> dict[str, int]:
    """Send the due messages (at most one batch); counts of sent, failed and dead ones.
    `mailer` and `now` are for tests; by default SMTP from the settings and the clock."""
    global _disabled_logged
    at = now or c.clock.now()
    if mailer is None:
        if not mail_enabled(c.settings):
            waiting = await _waiting(c, at)
            if waiting and not _disabled_logged:
                _disabled_logged = True
                log.warning(
                    "mail is disabled: outbox messages wait until KUMPPANI_SMTP_HOST is set",
                    extra={"waiting": waiting},
                )
            return {"sent": 0, "failed": 0, "dead": 0, "waiting": waiting}
        mailer = SmtpMailer(c.settings)
    counts = {"sent": 0, "failed": 0, "dead": 0}
    for _ in range(BATCH_SIZE):
        async with c.sessions() as session:
            row = (await session.execute(_next_due(at))).mappings().first()
            if row is None:
                break
            attempts = int(row["attempts"]) + 1
            try:
                message = build_message(c.settings, row["id"], row["payload"], at)
            except Exception as exc:  # a malformed payload: this message alone fails
                await _failed(session, row["id"], attempts, exc, at, counts)
                continue
            try:
                await mailer.send(message)
            except Exception as exc:  # every failure is recorded and retried, none is raised
                await _failed(session, row["id"], attempts, exc, at, counts)
                if isinstance(exc, MESSAGE_REFUSALS):
                    continue
                break  # the server is the problem: the others wait for the next run
            await session.execute(
                sa.update(outbox)
                .where(outbox.c.id == row["id"])
                .values(sent_at=at, attempts=attempts, last_error=None)
            )
            await session.commit()
            counts["sent"] += 1
    return counts


async def _failed(
    session: AsyncSession,
    outbox_id: UUID,
    attempts: int,
    exc: Exception,
    at: datetime,
    counts: dict[str, int],
) -> None:
    """Count the attempt, keep the error, and wait before the next one (or give up)."""
    error = _describe(exc)
    await session.execute(
        sa.update(outbox)
        .where(outbox.c.id == outbox_id)
        .values(attempts=attempts, last_error=error, next_attempt_at=at + backoff(attempts))
    )
    await session.commit()
    counts["failed"] += 1
    context = {"outbox_id": str(outbox_id), "attempts": attempts, "error": error}
    if attempts >= MAX_ATTEMPTS:
        counts["dead"] += 1
        log.error("outbox message dead: no more attempts", extra=context)
    else:
        log.warning("outbox message not sent, will retry", extra=context)


async def outbox_pump(c: Container) -> None:
    """Send whenever woken (after a commit that wrote outbox rows), until cancelled. Used where
    the periodic jobs run elsewhere (PostgreSQL: the API process and each worker); SKIP LOCKED
    keeps it from sending what a worker is sending."""
    while True:
        await c.outbox_wakeup.wait()
        c.outbox_wakeup.clear()
        try:
            result = await send_outbox(c)
        except Exception:  # e.g. the database is away: the periodic job tries again
            log.exception("outbox run failed")
            continue
        if result.get("sent", 0) + result.get("failed", 0) >= BATCH_SIZE:
            c.wake_outbox()  # a full batch: there may be more
        await asyncio.sleep(0)
