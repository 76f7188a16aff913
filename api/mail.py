"""Email through SMTP (aiosmtplib): building a message from an outbox payload, and sending it.

Settings (env `KUMPPANI_SMTP_*`): host (unset = mail disabled: the outbox keeps its messages),
port, username/password (login when both are set), starttls (upgrade a plain connection,
typically port 587), use_tls (TLS from the first byte, port 465), timeout, from."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any, Protocol
from uuid import UUID

import aiosmtplib

from api.settings import Settings


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


def mail_enabled(settings: Settings) -> bool:
    return bool(settings.smtp_host)


class SmtpMailer:
    """One SMTP connection per message: simple, and a failed server leaves nothing open."""

    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_host:
            raise ValueError("Mail is disabled: set KUMPPANI_SMTP_HOST.")
        self.settings = settings

    async def send(self, message: EmailMessage) -> None:
        s = self.settings
        login = bool(s.smtp_username and s.smtp_password)
        await aiosmtplib.send(
            message,
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username if login else None,
            password=s.smtp_password if login else None,
            use_tls=s.smtp_use_tls,
            start_tls=s.smtp_starttls,
            timeout=s.smtp_timeout,
        )


def absolute_link(base_url: str, path: str | None) -> str | None:
    if not path:
        return None
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def _domain_of(address: str) -> str:
    _, email = parseaddr(address)
    domain = email.rpartition("@")[2]
    return domain or "localhost"


def build_message(
    settings: Settings, message_id: UUID, payload: Mapping[str, Any], at: datetime
) -> EmailMessage:
    """A UTF-8 text email from an outbox payload (to, to_name, subject, text, link,
    link_label). The Message-ID comes from the outbox row, so a retry of the same message
    carries the same id and receivers can tell a duplicate."""
    to = str(payload["to"])
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    name = str(payload.get("to_name") or "")
    msg["To"] = Address(display_name=name, addr_spec=to) if name else to
    msg["Subject"] = " ".join(str(payload.get("subject") or "").split())
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = f"<{message_id}@{_domain_of(settings.smtp_from)}>"
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to notifications
    text = str(payload.get("text") or "")
    link = absolute_link(settings.public_base_url, payload.get("link"))
    if link:
        label = str(payload.get("link_label") or "")
        text += f"\n\n{label}\n{link}" if label else f"\n\n{link}"
    # Quoted-printable: safe through any relay, with or without 8BITMIME.
    msg.set_content(text + "\n", charset="utf-8", cte="quoted-printable")
    return msg


__all__ = ["Mailer", "SmtpMailer", "absolute_link", "build_message", "mail_enabled"]
