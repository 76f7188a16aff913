"""Field-level audit history and the change record every write leaves behind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any, Protocol
from uuid import UUID


class Operation(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old_value: Any
    new_value: Any


@dataclass(frozen=True)
class AuditEntry:
    """One write to one record: who, when, which fields changed from what to what."""

    entity: str
    record_id: UUID
    operation: Operation
    changed_by: UUID | None
    changed_at: datetime
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Change:
    """The changes feed's view of a write: the record's state after it, scoped like the record."""

    entity: str
    record_id: UUID
    operation: Operation
    version: int
    changed_at: datetime
    owner_id: UUID | None
    business_unit_id: UUID | None
    data: Mapping[str, Any] | None


def diff_snapshots(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    """Fields whose value differs between two snapshots, in a stable (sorted) order."""
    return tuple(
        FieldChange(key, old.get(key), new.get(key))
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    )


class AuditLog(Protocol):
    """Where writes leave their trace: field history and the changes feed, in one transaction."""

    async def record(self, entry: AuditEntry, change: Change) -> None: ...


def snapshot_value(value: Any) -> Any:
    """A JSON-safe copy of an entity field, for history and the changes feed."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)  # exact (money): JSON numbers would be floats
    if isinstance(value, frozenset | set):
        return sorted(snapshot_value(v) for v in value)
    if isinstance(value, list | tuple):
        return [snapshot_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): snapshot_value(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: snapshot_value(getattr(value, f.name)) for f in fields(value)}
    return value


def snapshot(entity: Any, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A dataclass entity as a flat JSON-safe mapping (bookkeeping fields left out of diffs)."""
    return {
        f.name: snapshot_value(getattr(entity, f.name))
        for f in fields(entity)
        if f.name not in exclude
    }


BOOKKEEPING = frozenset({"created_at", "updated_at", "version"})


async def record_write(
    audit: AuditLog,
    *,
    entity: str,
    record: Any,
    operation: Operation,
    before: Mapping[str, Any] | None,
    by: UUID | None,
    at: datetime,
    owner_id: UUID | None,
    business_unit_id: UUID | None,
    secret_fields: frozenset[str] = frozenset(),
) -> None:
    """Write the field history and the change entry for one create, update or delete."""
    after = snapshot(record, exclude=BOOKKEEPING | secret_fields) if record is not None else {}
    changes = diff_snapshots(before or {}, after)
    data = (
        {**snapshot(record, exclude=secret_fields)}
        if operation is not Operation.DELETE and record is not None
        else None
    )
    await audit.record(
        AuditEntry(entity, record.id, operation, by, at, changes),
        Change(
            entity=entity,
            record_id=record.id,
            operation=operation,
            version=getattr(record, "version", 0),
            changed_at=at,
            owner_id=owner_id,
            business_unit_id=business_unit_id,
            data=data,
        ),
    )
