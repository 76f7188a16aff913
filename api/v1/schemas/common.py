"""Shared pieces of request/response models."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


NUL = "\x00"


def has_nul(value: Any) -> bool:
    """Whether a value holds the NUL character anywhere (PostgreSQL text cannot store it)."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


class In(BaseModel):
    """Base of every request body: unknown fields are refused, not ignored, and no text may
    hold the NUL character."""

    model_config = ConfigDict(extra="forbid", str_max_length=2000)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if has_nul(value):
            raise ValueError("Text cannot contain the NUL character (U+0000).")
        return value


class Patch(In):
    """A partial update: only the fields sent change; `null` is refused where a value is
    required."""

    @model_validator(mode="after")
    def _no_null_for_required(self) -> Patch:
        required: Iterable[str] = getattr(type(self), "REQUIRED", ())
        nulls = [f for f in required if f in self.model_fields_set and getattr(self, f) is None]
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null")
        return self

    def changes(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.model_fields_set}


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Stamped(Out):
    id: UUID
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="Also sent as the ETag header; send it back in If-Match.")
