"""Web forms that post leads from the organisation's website, and the organisation-wide lead
settings (the fallback queue of routing, the queue account-creation requests go to).

A form is identified by a random token in its public address
(`POST /api/v1/public/lead-forms/{token}`). The token is not a password — it is in the
website's page — but it is unguessable, can be rotated, and a form can be switched off.
Browsers may post from the form's allowed origins only. Leads from a form are entered as
the form's user (their lead giver), with the form's defaults.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID

from domain.leads.model import LeadSource
from domain.shared import FieldError, ValidationFailed

LEAD_FORM = "lead_form"
LEAD_SETTINGS = "lead_settings"
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{20,64}$"  # noqa: S105 - a pattern, not a secret
MAX_ORIGINS = 20
# The one row of lead settings.
SETTINGS_ID = UUID("00000000-0000-7000-8000-00000000c0de")


def new_token() -> str:
    return secrets.token_urlsafe(24)


_TOKEN = re.compile(TOKEN_PATTERN)


def is_token(value: str) -> bool:
    return bool(_TOKEN.match(value))


def normalise_origin(value: str, index: int) -> str:
    """An origin as browsers send it: scheme://host[:port], nothing else."""
    text = value.strip().lower().rstrip("/")
    parts = urlsplit(text)
    valid = (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not parts.path
        and not parts.query
        and not parts.fragment
        and parts.username is None
        and "*" not in text
    )
    if not valid:
        raise ValidationFailed(
            [
                FieldError(
                    ("allowed_origins", index),
                    "An origin is scheme and host, e.g. https://www.example.fi (no path, "
                    "no wildcard).",
                )
            ]
        )
    return text


def normalise_origins(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if len(values) > MAX_ORIGINS:
        raise ValidationFailed.field("allowed_origins", f"At most {MAX_ORIGINS} origins.")
    seen: dict[str, None] = {}
    for index, value in enumerate(values):
        seen.setdefault(normalise_origin(value, index), None)
    return tuple(seen)


@dataclass
class LeadForm:
    id: UUID
    name: str
    token: str
    # The user web leads are entered as: their lead giver, and their owner when no rule
    # routes them.
    lead_giver_id: UUID
    created_at: datetime
    updated_at: datetime
    is_active: bool = True
    source: LeadSource = LeadSource.WEB_FORM
    product_id: UUID | None = None  # used when the visitor does not choose one
    target_unit_id: UUID | None = None
    campaign_id: UUID | None = None
    allowed_origins: tuple[str, ...] = ()
    version: int = 1

    def allows_origin(self, origin: str | None) -> bool:
        """Server-to-server posts send no Origin; a browser's must be one of the form's."""
        return origin is None or origin.strip().lower().rstrip("/") in self.allowed_origins


@dataclass
class LeadSettings:
    id: UUID
    updated_at: datetime
    # Where a lead goes when no routing rule takes it (None: it stays with its lead giver).
    fallback_queue_id: UUID | None = None
    # The customer-service queue account-creation requests are submitted to.
    account_request_queue_id: UUID | None = None
    version: int = 1
