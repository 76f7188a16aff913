"""The outbox against a real SMTP server (aiosmtpd on 127.0.0.1): mails arrive in UTF-8 with
the right subject and recipient, a stopped server loses nothing and the mail is sent exactly
once after it is back, retries back off and give up after 10 attempts, a commit wakes the
sender at once, and on PostgreSQL two concurrent senders never send one row twice."""

from __future__ import annotations

import asyncio
import dataclasses
import email
import email.policy
import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from api import outbox as outbox_module
from api.app import build_container
from api.deps import Container
from api.jobs import PERIODIC, run_embedded
from api.mail import SmtpMailer, build_message
from api.outbox import MAX_ATTEMPTS, backoff, outbox_pump, send_outbox
from api.settings import Settings
from domain.notifications import Channel, Notice, NotificationKind, OutboxMessage, notify
from persistence.tables.notifications import outbox

pytestmark = pytest.mark.integration

REQUEST = UUID("01900000-0000-7000-8000-000000000123")
SUBJECT = "Sinulle delegoitiin palvelupyyntö PP-2026-000123: Laskutusvirhe – sähkö"


class Inbox:
    """An aiosmtpd handler that keeps what it receives; refuses the addresses in `refuse`."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Session, envelope: Envelope
    ) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(e.original_content or b"", policy=email.policy.default)
            for e in self.envelopes
        ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpServer:
    """A local SMTP server that can be stopped and started again on the same port."""

    def __init__(self, port: int, **options: Any) -> None:
        self.port = port
        self.inbox = Inbox()
        self.options = options
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, **self.options
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail(container: Container, smtp: SmtpServer) -> Container:
    """The test container with mail pointed at the local server (same database and engine)."""
    settings = container.settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "smtp_timeout": 5.0,
            "smtp_from": "Kumppani <kumppani@energia.example>",
            "public_base_url": "https://crm.energia.example/",
        }
    )
    return dataclasses.replace(container, settings=settings)


async def notify_user(c: Container, user_id: UUID | str, **params: str) -> None:
    async with c.uow() as uow:
        await notify(
            uow,
            c,
            Notice(
                user_id=UUID(str(user_id)),
                kind=NotificationKind.DELEGATED,
                params={
                    "number": "PP-2026-000123",
                    "title": "Laskutusvirhe – sähkö",
                    "by": "Åsa Öberg",
                    "note": "Asiakas pyytää hyvitystä, äkkiä!",
                    **params,
                },
                record_type="service_request",
                record_id=REQUEST,
            ),
        )
        await uow.commit()


async def rows(c: Container) -> list[dict[str, Any]]:
    async with c.sessions() as session:
        result = await session.execute(sa.select(outbox).order_by(outbox.c.created_at))
        return [dict(r) for r in result.mappings()]


@pytest.fixture
async def recipient(make_user) -> dict[str, Any]:
    user, _ = await make_user("service", name="Äijä Ölander")
    return user  # type: ignore[no-any-return]


async def test_an_outbox_mail_arrives_in_utf8_with_subject_recipient_and_link(
    mail, smtp, recipient
) -> None:
    await notify_user(mail, recipient["id"])
    [row] = await rows(mail)
    assert row["sent_at"] is None
    assert await send_outbox(mail) == {"sent": 1, "failed": 0, "dead": 0}
    [envelope] = smtp.inbox.envelopes
    assert envelope.rcpt_tos == [recipient["email"]]
    assert envelope.mail_from == "kumppani@energia.example"
    [message] = smtp.inbox.messages
    assert message["Subject"] == SUBJECT
    assert message["To"].addresses[0].addr_spec == recipient["email"]
    assert message["To"].addresses[0].display_name == "Äijä Ölander"
    assert message["Message-ID"] == f"<{row['id']}@energia.example>"
    assert message["Date"] is not None
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_charset() == "utf-8"
    body = message.get_content().replace("\r\n", "\n")  # CRLF on the wire
    assert "Delegoija: Åsa Öberg" in body
    assert "Asiakas pyytää hyvitystä, äkkiä!" in body
    assert f"Avaa Kumppanissa:\nhttps://crm.energia.example/service-requests/{REQUEST}" in body
    [after] = await rows(mail)
    assert after["sent_at"] is not None
    assert after["attempts"] == 1
    # sent exactly once: another run finds nothing
    assert await send_outbox(mail) == {"sent": 0, "failed": 0, "dead": 0}
    assert len(smtp.inbox.envelopes) == 1


async def test_a_stopped_server_loses_nothing_and_the_mail_is_sent_once_later(
    mail, smtp, recipient
) -> None:
    smtp.stop()
    await notify_user(mail, recipient["id"])
    started = mail.clock.now()
    result = await send_outbox(mail)
    assert result == {"sent": 0, "failed": 1, "dead": 0}
    [row] = await rows(mail)
    assert row["sent_at"] is None
    assert row["attempts"] == 1
    assert row["next_attempt_at"] > started
    assert row["next_attempt_at"] - started <= timedelta(minutes=1, seconds=5)
    assert row["last_error"]
    # not due yet: the next run does not try again
    assert await send_outbox(mail) == {"sent": 0, "failed": 0, "dead": 0}
    assert (await rows(mail))[0]["attempts"] == 1

    smtp.start()
    later = started + timedelta(minutes=2)
    assert await send_outbox(mail, now=later) == {"sent": 1, "failed": 0, "dead": 0}
    assert await send_outbox(mail, now=later + timedelta(minutes=5)) == {
        "sent": 0,
        "failed": 0,
        "dead": 0,
    }
    [message] = smtp.inbox.messages
    assert message["Subject"] == SUBJECT
    [row] = await rows(mail)
    assert row["sent_at"] == later
    assert row["attempts"] == 2
    assert row["last_error"] is None


async def test_an_unreachable_server_costs_one_attempt_per_run_not_one_per_mail(
    mail, smtp, recipient
) -> None:
    smtp.stop()
    for n in range(3):
        await notify_user(mail, recipient["id"], number=f"PP-{n}")
    assert await send_outbox(mail) == {"sent": 0, "failed": 1, "dead": 0}
    assert sorted(r["attempts"] for r in await rows(mail)) == [0, 0, 1]


async def test_a_refused_recipient_does_not_hold_up_the_others(
    mail, smtp, recipient, make_user
) -> None:
    refused, _ = await make_user("service")
    smtp.inbox.refuse.add(refused["email"])
    await notify_user(mail, refused["id"])
    await notify_user(mail, recipient["id"])
    assert await send_outbox(mail) == {"sent": 1, "failed": 1, "dead": 0}
    assert [e.rcpt_tos for e in smtp.inbox.envelopes] == [[recipient["email"]]]
    by_to = {r["payload"]["to"]: r for r in await rows(mail)}
    assert by_to[refused["email"]]["sent_at"] is None
    assert "550" in by_to[refused["email"]]["last_error"]


async def test_a_malformed_message_fails_alone(mail, smtp, recipient) -> None:
    async with mail.uow() as uow:
        now = mail.clock.now()
        await uow.outbox.add(
            OutboxMessage(mail.ids.new_id(), Channel.EMAIL, {"subject": "no recipient"}, now, now)
        )
        await uow.commit()
    await notify_user(mail, recipient["id"])
    assert await send_outbox(mail) == {"sent": 1, "failed": 1, "dead": 0}
    assert [e.rcpt_tos for e in smtp.inbox.envelopes] == [[recipient["email"]]]
    broken = next(r for r in await rows(mail) if r["sent_at"] is None)
    assert broken["last_error"] == "KeyError: 'to'"


def _only(login: str, password: str) -> Any:
    def _text(value: bytes | str) -> str:
        return value.decode() if isinstance(value, bytes) else value

    def authenticate(
        server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (
            _text(data.login),
            _text(data.password),
        ) == (login, password)
        return AuthResult(success=ok)

    return authenticate


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_a_server_that_requires_login_gets_the_configured_credentials(
    mail, recipient
) -> None:
    server = SmtpServer(
        free_port(),
        authenticator=_only("kumppani", "salainen-sana"),
        auth_required=True,
        auth_require_tls=False,
    )
    server.start()
    try:
        anonymous = dataclasses.replace(
            mail, settings=mail.settings.model_copy(update={"smtp_port": server.port})
        )
        await notify_user(anonymous, recipient["id"])
        assert (await send_outbox(anonymous))["failed"] == 1
        assert "530" in (await rows(mail))[0]["last_error"]
        signed_in = dataclasses.replace(
            anonymous,
            settings=anonymous.settings.model_copy(
                update={"smtp_username": "kumppani", "smtp_password": "salainen-sana"}
            ),
        )
        later = mail.clock.now() + timedelta(minutes=2)
        assert (await send_outbox(signed_in, now=later))["sent"] == 1
        assert [e.rcpt_tos for e in server.inbox.envelopes] == [[recipient["email"]]]
    finally:
        server.stop()


def test_backoff_doubles_from_a_minute_up_to_an_hour() -> None:
    assert [backoff(n) for n in range(1, 11)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60, 60, 60)
    ]


class BrokenMailer:
    def __init__(self) -> None:
        self.calls = 0

    async def send(self, message: EmailMessage) -> None:
        self.calls += 1
        raise ConnectionRefusedError("Connection refused")


async def test_after_ten_attempts_the_mail_is_dead_but_kept(mail, recipient) -> None:
    await notify_user(mail, recipient["id"])
    broken = BrokenMailer()
    now = mail.clock.now()
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        result = await send_outbox(mail, mailer=broken, now=now)
        assert result["failed"] == 1
        assert result["dead"] == (1 if attempt == MAX_ATTEMPTS else 0)
        [row] = await rows(mail)
        assert row["attempts"] == attempt
        waits.append(row["next_attempt_at"] - now)
        now = row["next_attempt_at"]
    assert waits == [backoff(n) for n in range(1, MAX_ATTEMPTS + 1)]
    # dead: never tried again, however late, but still there with its error
    assert await send_outbox(mail, mailer=broken, now=now + timedelta(days=30)) == {
        "sent": 0,
        "failed": 0,
        "dead": 0,
    }
    assert broken.calls == MAX_ATTEMPTS
    [row] = await rows(mail)
    assert row["sent_at"] is None
    assert row["last_error"] == "ConnectionRefusedError: Connection refused"


async def test_with_mail_disabled_messages_wait_and_it_is_logged_once(
    container, recipient, caplog, monkeypatch
) -> None:
    assert container.settings.smtp_host is None
    monkeypatch.setattr(outbox_module, "_disabled_logged", False)
    await notify_user(container, recipient["id"])
    with caplog.at_level(logging.WARNING, logger="kumppani.outbox"):
        first = await send_outbox(container)
        second = await send_outbox(container)
    assert first == second == {"sent": 0, "failed": 0, "dead": 0, "waiting": 1}
    assert len([r for r in caplog.records if "mail is disabled" in r.message]) == 1
    [row] = await rows(container)
    assert row["attempts"] == 0
    assert row["sent_at"] is None


def test_the_message_is_built_from_the_payload_without_a_link() -> None:
    message = build_message(
        Settings(smtp_from="crm@example.fi"),
        UUID(int=7),
        {"to": "a@example.fi", "subject": "Hei", "text": "Rivi\nToinen"},
        datetime(2026, 6, 19, 12, tzinfo=UTC),
    )
    assert message["To"] == "a@example.fi"
    assert message["Message-ID"] == f"<{UUID(int=7)}@example.fi>"
    assert message.get_content() == "Rivi\nToinen\n"


# ------------------------------------------------------------------ delivery at once


async def _arrives(smtp: SmtpServer, count: int = 1, seconds: float = 10.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if len(smtp.inbox.envelopes) >= count:
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_commit_with_mail_wakes_the_sender(mail, recipient) -> None:
    mail.outbox_wakeup.clear()
    async with mail.uow() as uow:  # a commit without outbox rows does not
        await uow.commit()
    assert not mail.outbox_wakeup.is_set()
    await notify_user(mail, recipient["id"])
    assert mail.outbox_wakeup.is_set()


async def test_the_embedded_runner_sends_right_after_the_commit(mail, smtp, recipient) -> None:
    job = next(j for j in PERIODIC if j.name == "send_outbox")
    assert job.every >= timedelta(seconds=30)  # so a quick arrival proves the wake-up
    runner = asyncio.create_task(run_embedded(mail))
    try:
        await asyncio.sleep(0.5)  # its first round of jobs finds nothing to send
        assert smtp.inbox.envelopes == []
        await notify_user(mail, recipient["id"])
        assert await _arrives(smtp, seconds=10), "the mail did not leave at once"
    finally:
        runner.cancel()
        with pytest.raises(asyncio.CancelledError):
            await runner
    [row] = await rows(mail)
    assert row["sent_at"] is not None


async def test_the_pump_sends_when_woken(mail, smtp, recipient) -> None:
    mail.outbox_wakeup.clear()
    pump = asyncio.create_task(outbox_pump(mail))
    try:
        await notify_user(mail, recipient["id"])
        assert await _arrives(smtp, seconds=10)
    finally:
        pump.cancel()
        with pytest.raises(asyncio.CancelledError):
            await pump
    assert len(smtp.inbox.envelopes) == 1


# ------------------------------------------------------------------ PostgreSQL: many senders


class SlowMailer:
    """The real SMTP server, a little slower, so that two senders overlap."""

    def __init__(self, settings: Settings) -> None:
        self.inner = SmtpMailer(settings)

    async def send(self, message: EmailMessage) -> None:
        await asyncio.sleep(0.01)
        await self.inner.send(message)


async def test_two_concurrent_senders_send_each_mail_once_on_postgresql(
    mail, smtp, recipient
) -> None:
    if mail.engine.dialect.name != "postgresql":
        pytest.skip("FOR UPDATE SKIP LOCKED is PostgreSQL's; SQLite has one sending process")
    for n in range(30):
        await notify_user(mail, recipient["id"], number=f"PP-{n:03}")
    workers = [build_container(mail.settings), build_container(mail.settings)]
    try:
        results = await asyncio.gather(
            *(send_outbox(w, mailer=SlowMailer(mail.settings)) for w in workers)
        )
    finally:
        for w in workers:
            await w.engine.dispose()
    assert sum(r["sent"] for r in results) == 30
    assert all(r["sent"] > 0 for r in results), f"the runs did not overlap: {results}"
    ids = [m["Message-ID"] for m in smtp.inbox.messages]
    assert len(ids) == len(set(ids)) == 30
    assert all(r["sent_at"] is not None and r["attempts"] == 1 for r in await rows(mail))
