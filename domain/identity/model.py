"""Users, business units (a tree), teams and roles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.shared import Privilege, ValidationFailed


class Locale(StrEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    """Emails are unique case-insensitively; we keep them lower-cased."""
    value = email.strip().lower()
    if not _EMAIL.match(value):
        raise ValidationFailed.field("email", "Enter a valid e-mail address.")
    return value


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed.field(
            "password", f"The password must have at least {MIN_PASSWORD_LENGTH} characters."
        )


@dataclass
class BusinessUnit:
    id: UUID
    name: str
    parent_id: UUID | None
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def owner_id(self) -> None:
        return None

    @property
    def business_unit_id(self) -> UUID:
        return self.id


def subtree(unit_id: UUID, parents: dict[UUID, UUID | None]) -> frozenset[UUID]:
    """A unit and every unit below it, from a child → parent map of the whole tree."""
    children: dict[UUID, list[UUID]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    found: set[UUID] = set()
    stack = [unit_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return frozenset(found)


@dataclass
class Team:
    id: UUID
    name: str
    business_unit_id: UUID
    member_ids: frozenset[UUID]
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def owner_id(self) -> None:
        return None


@dataclass
class Role:
    id: UUID
    name: str
    privileges: tuple[Privilege, ...]
    created_at: datetime
    updated_at: datetime
    version: int = 1


@dataclass
class User:
    id: UUID
    email: str
    name: str
    locale: Locale
    business_unit_id: UUID
    role_ids: frozenset[UUID]
    is_active: bool
    password_hash: str
    created_at: datetime
    updated_at: datetime
    version: int = 1
    team_ids: frozenset[UUID] = field(default_factory=frozenset)
    # The supervisor (esihenkilö): told, e.g., when the user's leads miss their SLA.
    manager_id: UUID | None = None

    @property
    def owner_id(self) -> UUID:
        return self.id


@dataclass
class RefreshToken:
    """One link in a refresh-token family; a family is one login session on one device."""

    id: UUID
    family_id: UUID
    user_id: UUID
    token_hash: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None


API_KEY_PREFIX = "kmp_"


@dataclass
class ApiKey:
    """A credential for an integration. It acts as its user (typically one with the
    integration role) but only within its scopes ("account:read", …). Only a hash of the
    secret is stored; the secret is shown once, when the key is made."""

    id: UUID
    name: str
    user_id: UUID
    business_unit_id: UUID
    lookup: str  # the public part after "kmp_", unique, used to find the key
    secret_hash: str
    scopes: frozenset[str]
    created_by: UUID
    created_at: datetime
    updated_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    version: int = 1

    @property
    def owner_id(self) -> UUID:
        return self.user_id

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
