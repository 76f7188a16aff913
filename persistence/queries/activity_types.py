"""The list of activity types (organisation-wide set-up everyone reads)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared import Page, PageRequest, Principal
from persistence.queries.paging import keyset_ids
from persistence.scoping import readable
from persistence.tables.activities import activity_types

ACTIVITY_TYPE = "activity_type"
TYPE_SORTS = {"sort_order": activity_types.c.sort_order, "key": activity_types.c.key}


@dataclass(frozen=True)
class TypeFilters:
    kind: str | None = None
    active: bool | None = None


async def list_activity_types(
    session: AsyncSession, principal: Principal, f: TypeFilters, page: PageRequest
) -> Page[dict[str, Any]]:
    conds = [readable(principal, ACTIVITY_TYPE, activity_types, owner_col=None, unit_col=None)]
    if f.kind is not None:
        conds.append(activity_types.c.kind == f.kind)
    if f.active is not None:
        conds.append(activity_types.c.is_active == f.active)
    ids, next_cursor = await keyset_ids(session, activity_types, sa.and_(*conds), page, TYPE_SORTS)
    rows = await session.execute(sa.select(activity_types).where(activity_types.c.id.in_(ids)))
    by_id = {r["id"]: dict(r) for r in rows.mappings()}
    return Page([by_id[i] for i in ids if i in by_id], next_cursor)


async def get_activity_type(
    session: AsyncSession, principal: Principal, type_id: Any
) -> dict[str, Any] | None:
    row = (
        (
            await session.execute(
                sa.select(activity_types).where(
                    activity_types.c.id == type_id,
                    readable(
                        principal, ACTIVITY_TYPE, activity_types, owner_col=None, unit_col=None
                    ),
                )
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None
