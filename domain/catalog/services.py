"""Catalogue use cases: product groups and products, maintained by administrators and read by
everyone (organisation-wide set-up: neither owner nor unit decides who reads it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.catalog.model import (
    PRODUCT,
    Product,
    ProductGroup,
    ProductKind,
    clean_price,
    clean_text,
)
from domain.catalog.ports import CatalogUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    NotFound,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    apply_update,
    check_version,
    record_write,
    snapshot,
)
from domain.shared.hierarchy import check_no_cycle

PRODUCT_GROUP = "product_group"


def catalog_visible(principal: Principal) -> bool:
    """The same rule as persistence.scoping.readable with neither owner nor unit column."""
    return principal.allows(PRODUCT, Action.READ, None, None)


async def _audited(
    uow: CatalogUnitOfWork,
    rt: Runtime,
    principal: Principal,
    entity: str,
    record: Product | ProductGroup,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=entity,
        record=record,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=None,
        business_unit_id=getattr(record, "business_unit_id", None),
    )


def _names(values: dict[str, Any]) -> None:
    if "name" in values:
        values["name"] = clean_text(values["name"], "name", required=True)
    for name in ("name_en", "name_sv", "unit", "description", "code"):
        if name in values:
            values[name] = clean_text(values[name], name)


# ------------------------------------------------------------------ product groups


async def get_product_group(
    uow: CatalogUnitOfWork, principal: Principal, group_id: UUID
) -> ProductGroup:
    group = await uow.product_groups.get(group_id)
    if group is None or not catalog_visible(principal):
        raise NotFound(PRODUCT_GROUP, group_id)
    return group


async def _check_group_parent(
    uow: CatalogUnitOfWork, group_id: UUID, parent_id: UUID | None
) -> None:
    if parent_id is None:
        return
    if await uow.product_groups.get(parent_id) is None:
        raise ValidationFailed.field("parent_id", "No such product group.")
    check_no_cycle(group_id, parent_id, await uow.product_groups.parents(parent_id), "parent_id")


@dataclass(frozen=True)
class ProductGroupInput:
    name: str
    name_en: str | None = None
    name_sv: str | None = None
    parent_id: UUID | None = None
    sort_order: int = 0
    is_active: bool = True


async def create_product_group(
    uow: CatalogUnitOfWork, rt: Runtime, principal: Principal, data: ProductGroupInput
) -> ProductGroup:
    principal.require_on(PRODUCT, Action.CREATE, None, None)
    values = dict(vars(data))
    _names(values)
    now = rt.clock.now()
    group = ProductGroup(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await _check_group_parent(uow, group.id, group.parent_id)
    await uow.product_groups.add(group)
    await _audited(uow, rt, principal, PRODUCT_GROUP, group, Operation.CREATE, None)
    await uow.commit()
    return group


async def update_product_group(
    uow: CatalogUnitOfWork,
    rt: Runtime,
    principal: Principal,
    group_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> ProductGroup:
    group = await get_product_group(uow, principal, group_id)
    principal.require_on(PRODUCT, Action.UPDATE, None, None)
    check_version(PRODUCT_GROUP, group, expected_version)
    values = dict(changes)
    _names(values)
    if "parent_id" in values:
        await _check_group_parent(uow, group.id, values["parent_id"])
    before = snapshot(group, BOOKKEEPING)
    if not apply_update(group, values, rt.clock.now()):
        return group
    await uow.product_groups.update(group, expected_version)
    await _audited(uow, rt, principal, PRODUCT_GROUP, group, Operation.UPDATE, before)
    await uow.commit()
    return group


# ------------------------------------------------------------------ products


async def get_product(uow: CatalogUnitOfWork, principal: Principal, product_id: UUID) -> Product:
    product = await uow.products.get(product_id)
    if product is None or not catalog_visible(principal):
        raise NotFound(PRODUCT, product_id)
    return product


async def _check_product(
    uow: CatalogUnitOfWork, product_id: UUID, values: Mapping[str, Any]
) -> None:
    group_id = values.get("product_group_id")
    if group_id is not None and await uow.product_groups.get(group_id) is None:
        raise ValidationFailed.field("product_group_id", "No such product group.")
    if values.get("business_unit_id") is not None and not (
        await uow.catalog_directory.business_unit_exists(values["business_unit_id"])
    ):
        raise ValidationFailed.field("business_unit_id", "No such business unit.")
    if values.get("code"):
        existing = await uow.products.by_code(values["code"])
        if existing is not None and existing.id != product_id:
            raise Conflict(
                f"The product code {values['code']} belongs to {existing.name!r}.",
                existing_id=existing.id,
            )


@dataclass(frozen=True)
class ProductInput:
    name: str
    kind: ProductKind = ProductKind.PRODUCT
    code: str | None = None
    name_en: str | None = None
    name_sv: str | None = None
    product_group_id: UUID | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    business_unit_id: UUID | None = None
    description: str | None = None
    is_active: bool = True


async def create_product(
    uow: CatalogUnitOfWork, rt: Runtime, principal: Principal, data: ProductInput
) -> Product:
    principal.require_on(PRODUCT, Action.CREATE, None, None)
    values = dict(vars(data))
    _names(values)
    values["unit_price"] = clean_price(values["unit_price"])
    now = rt.clock.now()
    product = Product(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await _check_product(uow, product.id, values)
    await uow.products.add(product)
    await _audited(uow, rt, principal, PRODUCT, product, Operation.CREATE, None)
    await uow.commit()
    return product


async def update_product(
    uow: CatalogUnitOfWork,
    rt: Runtime,
    principal: Principal,
    product_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Product:
    product = await get_product(uow, principal, product_id)
    principal.require_on(PRODUCT, Action.UPDATE, None, None)
    check_version(PRODUCT, product, expected_version)
    values = dict(changes)
    _names(values)
    if "unit_price" in values:
        values["unit_price"] = clean_price(values["unit_price"])
    await _check_product(uow, product.id, values)
    before = snapshot(product, BOOKKEEPING)
    if not apply_update(product, values, rt.clock.now()):
        return product
    await uow.products.update(product, expected_version)
    await _audited(uow, rt, principal, PRODUCT, product, Operation.UPDATE, before)
    await uow.commit()
    return product


__all__ = [
    "PRODUCT_GROUP",
    "ProductGroupInput",
    "ProductInput",
    "catalog_visible",
    "create_product",
    "create_product_group",
    "get_product",
    "get_product_group",
    "update_product",
    "update_product_group",
]
