"""Shared repository mechanics: optimistic-concurrency updates, one-table repositories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared import StaleVersion


async def versioned_update(
    session: AsyncSession,
    table: sa.Table,
    entity: str,
    record_id: UUID,
    expected_version: int,
    values: dict[str, Any],
) -> None:
    """UPDATE … WHERE version = expected: of two writers with the same version only one wins."""
    result = await session.execute(
        sa.update(table)
        .where(table.c.id == record_id, table.c.version == expected_version)
        .values(**values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        current = await session.scalar(sa.select(table.c.version).where(table.c.id == record_id))
        raise StaleVersion(entity, expected_version, int(current or 0))


T = TypeVar("T")


class TableRecords(Generic[T]):
    """A repository for an entity stored as one row of one table: get, find one, add and a
    version-checked update. `to_entity` turns a row into the entity (the dataclass by
    default); the row is the entity's fields that are columns of the table, plus `extra`."""

    def __init__(
        self,
        session: AsyncSession,
        table: sa.Table,
        entity: str,
        to_entity: Callable[[dict[str, Any]], T],
        extra: Callable[[T], dict[str, Any]] | None = None,
    ) -> None:
        self.session = session
        self.table = table
        self.entity = entity
        self._to_entity = to_entity
        self._extra = extra

    def row(self, record: T) -> dict[str, Any]:
        values = {
            c.name: getattr(record, c.name) for c in self.table.columns if hasattr(record, c.name)
        }
        if self._extra is not None:
            values.update(self._extra(record))
        return values

    async def one(self, condition: sa.ColumnElement[bool]) -> T | None:
        found = (await self.session.execute(sa.select(self.table).where(condition))).mappings()
        row = found.first()
        return self._to_entity(dict(row)) if row else None

    async def get(self, record_id: UUID) -> T | None:
        return await self.one(self.table.c.id == record_id)

    async def add(self, record: T) -> None:
        await self.session.execute(sa.insert(self.table).values(**self.row(record)))

    async def update(self, record: T, expected_version: int) -> None:
        await versioned_update(
            self.session,
            self.table,
            self.entity,
            record.id,  # type: ignore[attr-defined]  # every TableRecords entity has an id
            expected_version,
            self.row(record),
        )

    async def parents(self, start: UUID) -> dict[UUID, UUID | None]:
        """The chain of parents above `start` (child → parent), for tables with parent_id."""
        chain: dict[UUID, UUID | None] = {}
        current: UUID | None = start
        while current is not None and current not in chain:
            parent = await self.session.scalar(
                sa.select(self.table.c.parent_id).where(self.table.c.id == current)
            )
            chain[current] = parent
            current = parent
        return chain
