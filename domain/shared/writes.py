"""Helpers every update use case shares: version checks and applying a partial change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeVar
from uuid import UUID

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
