"""Helpers every update use case shares: version checks and applying a partial change."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

from domain.shared.audit import BOOKKEEPING, snapshot
from domain.shared.errors import NotFound, StaleVersion


class Versioned(Protocol):
    id: UUID
    version: int


V = TypeVar("V", bound=Versioned)


def found(entity: str, record_id: UUID, record: V | None) -> V:
    if record is None:
        raise NotFound(entity, record_id)
    return record


def check_version(entity: str, record: Versioned, expected_version: int) -> None:
    if record.version != expected_version:
        raise StaleVersion(entity, expected_version, record.version)


def apply_changes(record: object, changes: Mapping[str, Any]) -> None:
    for name, value in changes.items():
        if not hasattr(record, name):
            raise AttributeError(f"{type(record).__name__} has no field {name!r}")
        setattr(record, name, value)


class Updatable(Versioned, Protocol):
    updated_at: datetime


def apply_update(record: Updatable, changes: Mapping[str, Any], now: datetime) -> bool:
    """Apply a partial change. Only when a field really changed does the record get a new
    version and time (False: nothing to save, no history noise, the client's ETag stays)."""
    before = snapshot(record, BOOKKEEPING)
    apply_changes(record, changes)
    if snapshot(record, BOOKKEEPING) == before:
        return False
    record.version += 1
    record.updated_at = now
    return True
