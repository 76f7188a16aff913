"""Typed domain errors; the API maps each class to one RFC 9457 problem type."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class FieldError:
    """One invalid field: its path (as the client sent it) and a human-readable reason."""

    loc: tuple[str | int, ...]
    msg: str
    type: str = "value_error"


class DomainError(Exception):
    """Base of every error a use case raises on purpose."""

    code = "domain-error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """The record does not exist, or the caller may not see it (never tell which)."""

    code = "not-found"

    def __init__(self, entity: str, record_id: UUID | str) -> None:
        super().__init__(f"{entity} {record_id} was not found.")
        self.entity = entity
        self.record_id = record_id


class Forbidden(DomainError):
    """The caller sees the record or collection but lacks the privilege for this action."""

    code = "forbidden"


class Conflict(DomainError):
    """The write collides with existing data (a unique business ID, an external id)."""

    code = "conflict"

    def __init__(self, detail: str, *, existing_id: UUID | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.existing_id = existing_id
        self.extra = extra


class StaleVersion(DomainError):
    """The client edited an older version than the stored one (If-Match mismatch)."""

    code = "stale-version"

    def __init__(self, entity: str, expected: int, actual: int) -> None:
        super().__init__(
            f"{entity} has changed since you loaded it (your version {expected}, "
            f"current version {actual}). Reload it and apply your edit again."
        )
        self.expected = expected
        self.actual = actual


class InvalidTransition(DomainError):
    """The requested state change is not allowed from the current state; `allowed` lists
    the states that may follow the current one (shown to the client)."""

    code = "invalid-transition"

    def __init__(self, detail: str, *, allowed: Sequence[str] = ()) -> None:
        super().__init__(detail)
        self.allowed = list(allowed)


class ValidationFailed(DomainError):
    """Input is well-formed but breaks a business rule; errors name the fields."""

    code = "validation-failed"

    def __init__(self, errors: list[FieldError], detail: str | None = None) -> None:
        summary = "; ".join(f"{'.'.join(map(str, e.loc))}: {e.msg}" for e in errors)
        super().__init__(detail or summary)
        self.errors = errors

    @classmethod
    def field(cls, name: str, msg: str, type_: str = "value_error") -> ValidationFailed:
        return cls([FieldError(loc=(name,), msg=msg, type=type_)])


class Unauthenticated(DomainError):
    """Credentials or tokens are missing, wrong, expired or revoked."""

    code = "unauthenticated"
