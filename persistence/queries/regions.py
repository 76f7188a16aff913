"""List queries of regions and municipalities (organisation-wide set-up)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.regions import REGION, Municipality, Region, name_key
from domain.shared import Page, PageRequest, Principal
from persistence.filters import escape_like
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.regions import municipality_from_row
from persistence.scoping import readable
from persistence.tables.regions import municipalities, regions

REGION_SORTS = {"sort_order": regions.c.sort_order, "name": regions.c.name, "code": regions.c.code}
MUNICIPALITY_SORTS = {"name": municipalities.c.search_name, "code": municipalities.c.code}


@dataclass(frozen=True)
class RegionFilters:
    active: bool | None = None


async def list_regions(
    session: AsyncSession, principal: Principal, f: RegionFilters, page: PageRequest
) -> Page[Region]:
    conds = [readable(principal, REGION, regions, owner_col=None, unit_col=None)]
    if f.active is not None:
        conds.append(regions.c.is_active == f.active)
    ids, next_cursor = await keyset_ids(session, regions, sa.and_(*conds), page, REGION_SORTS)
    rows = await session.execute(sa.select(regions).where(regions.c.id.in_(ids)))
    found = [Region(**r) for r in rows.mappings()] if ids else []
    return Page(in_order(ids, found), next_cursor)


@dataclass(frozen=True)
class MunicipalityFilters:
    region_id: UUID | None = None
    active: bool | None = None
    q: str | None = None


async def list_municipalities(
    session: AsyncSession, principal: Principal, f: MunicipalityFilters, page: PageRequest
) -> Page[Municipality]:
    conds = [readable(principal, REGION, municipalities, owner_col=None, unit_col=None)]
    if f.region_id is not None:
        conds.append(municipalities.c.region_id == f.region_id)
    if f.active is not None:
        conds.append(municipalities.c.is_active == f.active)
    if f.q:
        # Names are matched case-folded in Python (SQLite's lower() folds ASCII only).
        prefix = escape_like(name_key(f.q)) + "%"
        conds.append(
            sa.or_(
                municipalities.c.search_name.like(prefix, escape="\\"),
                municipalities.c.search_name_sv.like(prefix, escape="\\"),
                municipalities.c.code == f.q.strip(),
            )
        )
    ids, next_cursor = await keyset_ids(
        session, municipalities, sa.and_(*conds), page, MUNICIPALITY_SORTS
    )
    rows = await session.execute(sa.select(municipalities).where(municipalities.c.id.in_(ids)))
    found = [municipality_from_row(dict(r)) for r in rows.mappings()] if ids else []
    return Page(in_order(ids, found), next_cursor)


async def region_names(session: AsyncSession, ids: set[UUID]) -> dict[UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(
        sa.select(regions.c.id, regions.c.name).where(regions.c.id.in_(ids))
    )
    return {r.id: r.name for r in rows}
