"""List queries of the catalogue (organisation-wide set-up: read scope has no owner or unit)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalog import PRODUCT, Product, ProductGroup
from domain.shared import Page, PageRequest, Principal
from persistence.filters import escape_like
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.catalog import group_from_row, product_from_row
from persistence.scoping import readable
from persistence.tables.catalog import product_groups, products

GROUP_SORTS = {
    "name": product_groups.c.sort_name,
    "sort_order": product_groups.c.sort_order,
    "created_at": product_groups.c.created_at,
}
PRODUCT_SORTS = {
    "name": products.c.sort_name,
    "code": products.c.code,
    "created_at": products.c.created_at,
    "updated_at": products.c.updated_at,
}


def _text(column: sa.ColumnElement[str], q: str) -> sa.ColumnElement[bool]:
    return sa.func.lower(column).like(f"%{escape_like(q.strip().casefold())}%", escape="\\")


@dataclass(frozen=True)
class GroupFilters:
    parent_id: UUID | None = None
    top_level: bool | None = None
    active: bool | None = None
    q: str | None = None


async def list_product_groups(
    session: AsyncSession, principal: Principal, f: GroupFilters, page: PageRequest
) -> Page[ProductGroup]:
    conds = [readable(principal, PRODUCT, product_groups, owner_col=None, unit_col=None)]
    if f.parent_id is not None:
        conds.append(product_groups.c.parent_id == f.parent_id)
    if f.top_level is not None:
        top = product_groups.c.parent_id.is_(None)
        conds.append(top if f.top_level else sa.not_(top))
    if f.active is not None:
        conds.append(product_groups.c.is_active == f.active)
    if f.q:
        conds.append(
            sa.or_(_text(product_groups.c.sort_name, f.q), _text(product_groups.c.name_en, f.q))
        )
    ids, next_cursor = await keyset_ids(session, product_groups, sa.and_(*conds), page, GROUP_SORTS)
    rows = await session.execute(sa.select(product_groups).where(product_groups.c.id.in_(ids)))
    found = [group_from_row(dict(r)) for r in rows.mappings()] if ids else []
    return Page(in_order(ids, found), next_cursor)


@dataclass(frozen=True)
class ProductFilters:
    product_group_id: UUID | None = None
    kind: str | None = None
    business_unit_id: UUID | None = None
    active: bool | None = None
    q: str | None = None


async def list_products(
    session: AsyncSession, principal: Principal, f: ProductFilters, page: PageRequest
) -> Page[Product]:
    """`code` sorts only products that have a code (a missing one has no place in the order)."""
    conds = [readable(principal, PRODUCT, products, owner_col=None, unit_col=None)]
    for name in ("product_group_id", "kind", "business_unit_id"):
        value = getattr(f, name)
        if value is not None:
            conds.append(products.c[name] == value)
    if f.active is not None:
        conds.append(products.c.is_active == f.active)
    if f.q:
        conds.append(
            sa.or_(
                _text(products.c.sort_name, f.q),
                _text(products.c.name_en, f.q),
                _text(products.c.code, f.q),
            )
        )
    if page.sort.field == "code":
        conds.append(products.c.code.is_not(None))
    ids, next_cursor = await keyset_ids(session, products, sa.and_(*conds), page, PRODUCT_SORTS)
    rows = await session.execute(sa.select(products).where(products.c.id.in_(ids)))
    found = [product_from_row(dict(r)) for r in rows.mappings()] if ids else []
    return Page(in_order(ids, found), next_cursor)
