"""Shared repository mechanics: optimistic-concurrency updates."""

from __future__ import annotations

from typing import Any
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
