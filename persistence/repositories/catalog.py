"""Repositories of the catalogue: product groups and products."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalog import PRODUCT, PRODUCT_GROUP, Product, ProductGroup, ProductKind
from persistence.repositories.base import TableRecords
from persistence.tables.catalog import product_groups, products
from persistence.tables.identity import business_units


def _sort_name(record: Product | ProductGroup) -> dict[str, Any]:
    return {"sort_name": record.name.casefold()}


def group_from_row(row: dict[str, Any]) -> ProductGroup:
    row.pop("sort_name", None)
    return ProductGroup(**row)


def product_from_row(row: dict[str, Any]) -> Product:
    row.pop("sort_name", None)
    row["kind"] = ProductKind(row["kind"])
    return Product(**row)


class SqlProductGroups(TableRecords[ProductGroup]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, product_groups, PRODUCT_GROUP, group_from_row, _sort_name)


class SqlProducts(TableRecords[Product]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, products, PRODUCT, product_from_row, _sort_name)

    async def by_code(self, code: str) -> Product | None:
        return await self.one(products.c.code == code)


class SqlCatalogDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def business_unit_exists(self, unit_id: UUID) -> bool:
        found = await self.session.scalar(
            sa.select(business_units.c.id).where(business_units.c.id == unit_id)
        )
        return found is not None
