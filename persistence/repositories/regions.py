"""Repositories of regions and municipalities."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.regions import MUNICIPALITY, REGION, Municipality, Region, name_key
from persistence.repositories.base import TableRecords
from persistence.tables.regions import municipalities, regions


def municipality_from_row(row: dict[str, Any]) -> Municipality:
    row.pop("search_name", None)
    row.pop("search_name_sv", None)
    return Municipality(**row)


def _search_names(m: Municipality) -> dict[str, Any]:
    return {
        "search_name": name_key(m.name),
        "search_name_sv": name_key(m.name_sv) if m.name_sv else None,
    }


class SqlRegions(TableRecords[Region]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, regions, REGION, lambda row: Region(**row))

    async def by_code(self, code: str) -> Region | None:
        return await self.one(regions.c.code == code)

    async def by_name(self, name: str) -> Region | None:
        return await self.one(sa.func.lower(regions.c.name) == name.casefold())


class SqlMunicipalities(TableRecords[Municipality]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(
            session, municipalities, MUNICIPALITY, municipality_from_row, _search_names
        )

    async def by_code(self, code: str) -> Municipality | None:
        return await self.one(municipalities.c.code == code)

    async def by_name(self, name: str) -> Municipality | None:
        key = name_key(name)
        return await self.one(
            sa.or_(municipalities.c.search_name == key, municipalities.c.search_name_sv == key)
        )
