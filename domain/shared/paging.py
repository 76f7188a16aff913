"""Keyset pagination: a page request, a page, and the opaque cursor that links pages.

The cursor is URL-safe base64 of the last row's sort value and id, plus the sort it belongs
to, so a cursor from one sort order cannot be replayed against another.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from domain.shared.errors import ValidationFailed

T = TypeVar("T")

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class SortKey:
    """A sort field name and direction; `-name` in the query string means descending."""

    field: str
    descending: bool = False

    @classmethod
    def parse(cls, raw: str, allowed: Sequence[str]) -> SortKey:
        descending = raw.startswith("-")
        name = raw[1:] if descending else raw
        if name not in allowed:
            raise ValidationFailed.field(
                "sort",
                f"Cannot sort by {name!r}; use one of: {', '.join(allowed)} (prefix - "
                "for descending).",
            )
        return cls(name, descending)

    def __str__(self) -> str:
        return f"-{self.field}" if self.descending else self.field


@dataclass(frozen=True)
class Cursor:
    sort: str
    value: str | int | float | None
    last_id: UUID

    def encode(self) -> str:
        raw = json.dumps([self.sort, self.value, str(self.last_id)], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, sort: SortKey) -> Cursor:
        try:
            padded = token + "=" * (-len(token) % 4)
            sort_name, value, last_id = json.loads(base64.urlsafe_b64decode(padded))
            cursor = cls(str(sort_name), value, UUID(str(last_id)))
        except (ValueError, TypeError, binascii.Error, json.JSONDecodeError) as exc:
            raise ValidationFailed.field("cursor", "The cursor is not valid.") from exc
        if cursor.sort != str(sort):
            raise ValidationFailed.field(
                "cursor", "The cursor belongs to another sort order; start from the first page."
            )
        if not (value is None or isinstance(value, str | int | float)):
            raise ValidationFailed.field("cursor", "The cursor is not valid.")
        return cursor

    @staticmethod
    def sort_value(value: object) -> str | int | float | None:
        """Turn a row's sort value into something JSON keeps exactly."""
        if isinstance(value, datetime):
            return value.isoformat()
        if value is None or isinstance(value, str | int | float):
            return value
        return str(value)


@dataclass(frozen=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
    sort: SortKey = SortKey("id")

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValidationFailed.field("limit", f"limit must be between 1 and {MAX_LIMIT}.")

    def decoded_cursor(self) -> Cursor | None:
        return Cursor.decode(self.cursor, self.sort) if self.cursor else None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
