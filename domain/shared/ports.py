"""Ports the whole domain needs: time, identifiers and password hashing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

import uuid6


class Clock(Protocol):
    def now(self) -> datetime: ...


class IdFactory(Protocol):
    def new_id(self) -> UUID: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password: str, hashed: str) -> bool: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class UuidV7Factory:
    """Time-ordered UUIDv7 ids: index-friendly and sortable by creation time."""

    def new_id(self) -> UUID:
        return UUID(bytes=uuid6.uuid7().bytes)


class Runtime(Protocol):
    """The ambient services a use case needs besides its unit of work."""

    @property
    def clock(self) -> Clock: ...
    @property
    def ids(self) -> IdFactory: ...
