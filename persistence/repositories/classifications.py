"""The classification tree and its assignments to accounts and contacts."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts.classifications import CLASSIFICATION, MAX_LEVELS, Classification
from persistence.repositories.base import TableRecords
from persistence.tables.classifications import (
    account_classifications,
    classifications,
    contact_classifications,
)

_LINKS = {
    "account": (account_classifications, "account_id"),
    "contact": (contact_classifications, "contact_id"),
}


class SqlClassifications(TableRecords[Classification]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(
            session, classifications, CLASSIFICATION, lambda row: Classification(**row)
        )

    async def by_key(self, kind: str, key: str) -> Classification | None:
        return await self.one(sa.and_(classifications.c.kind == kind, classifications.c.key == key))

    async def subtree_height(self, record_id: UUID) -> int:
        """1 for a leaf (or a record not stored yet), 2 with children, and so on."""
        level: set[UUID] = {record_id}
        height = 0
        while level and height <= MAX_LEVELS:
            height += 1
            rows = await self.session.scalars(
                sa.select(classifications.c.id).where(classifications.c.parent_id.in_(level))
            )
            level = set(rows)
        return height

    async def assign(
        self, kind: str, record_id: UUID, classification_id: UUID, at: datetime, by: UUID
    ) -> bool:
        table, owner = _LINKS[kind]
        exists = await self.session.scalar(
            sa.select(sa.func.count())
            .select_from(table)
            .where(table.c[owner] == record_id, table.c.classification_id == classification_id)
        )
        if exists:
            return False
        await self.session.execute(
            sa.insert(table).values(
                {
                    owner: record_id,
                    "classification_id": classification_id,
                    "assigned_at": at,
                    "assigned_by": by,
                }
            )
        )
        return True

    async def unassign(self, kind: str, record_id: UUID, classification_id: UUID) -> bool:
        table, owner = _LINKS[kind]
        result = await self.session.execute(
            sa.delete(table).where(
                table.c[owner] == record_id, table.c.classification_id == classification_id
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def assigned_ids(session: AsyncSession, kind: str, record_id: UUID) -> list[UUID]:
    table, owner = _LINKS[kind]
    rows = await session.scalars(
        sa.select(table.c.classification_id).where(table.c[owner] == record_id)
    )
    return list(rows)
