"""Region and municipality use cases: administrators maintain the table, everyone reads it,
and other contexts resolve a municipality (by code or by its Finnish or Swedish name)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.regions.model import (
    MUNICIPALITY,
    REGION,
    Municipality,
    Region,
    clean_code,
    clean_name,
)
from domain.regions.ports import RegionsUnitOfWork
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


def regions_visible(principal: Principal) -> bool:
    """Organisation-wide set-up, as persistence.scoping.readable with no owner or unit."""
    return principal.allows(REGION, Action.READ, None, None)


async def _audited(
    uow: RegionsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    entity: str,
    record: Region | Municipality,
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
        business_unit_id=None,
    )


def _clean(values: dict[str, Any]) -> None:
    if "code" in values:
        values["code"] = clean_code(values["code"])
    if "name" in values:
        values["name"] = clean_name(values["name"])
    for name in ("name_sv", "name_en"):
        if name in values:
            values[name] = clean_name(values[name], name, required=False)


# ------------------------------------------------------------------ regions


async def get_region(uow: RegionsUnitOfWork, principal: Principal, region_id: UUID) -> Region:
    region = await uow.regions.get(region_id)
    if region is None or not regions_visible(principal):
        raise NotFound(REGION, region_id)
    return region


async def _unique_region(
    uow: RegionsUnitOfWork, region_id: UUID, values: Mapping[str, Any]
) -> None:
    if "code" in values:
        other = await uow.regions.by_code(values["code"])
        if other is not None and other.id != region_id:
            raise Conflict(f"The region code {values['code']} is taken.", existing_id=other.id)
    if "name" in values:
        other = await uow.regions.by_name(values["name"])
        if other is not None and other.id != region_id:
            raise Conflict(f"A region named {values['name']} exists.", existing_id=other.id)


@dataclass(frozen=True)
class RegionInput:
    code: str
    name: str
    name_sv: str | None = None
    name_en: str | None = None
    sort_order: int = 0
    is_active: bool = True


async def create_region(
    uow: RegionsUnitOfWork, rt: Runtime, principal: Principal, data: RegionInput
) -> Region:
    principal.require_on(REGION, Action.CREATE, None, None)
    values = dict(vars(data))
    _clean(values)
    now = rt.clock.now()
    region = Region(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await _unique_region(uow, region.id, values)
    await uow.regions.add(region)
    await _audited(uow, rt, principal, REGION, region, Operation.CREATE, None)
    await uow.commit()
    return region


async def update_region(
    uow: RegionsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    region_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Region:
    region = await get_region(uow, principal, region_id)
    principal.require_on(REGION, Action.UPDATE, None, None)
    check_version(REGION, region, expected_version)
    values = dict(changes)
    _clean(values)
    await _unique_region(uow, region.id, values)
    before = snapshot(region, BOOKKEEPING)
    if not apply_update(region, values, rt.clock.now()):
        return region
    await uow.regions.update(region, expected_version)
    await _audited(uow, rt, principal, REGION, region, Operation.UPDATE, before)
    await uow.commit()
    return region


# ------------------------------------------------------------------ municipalities


async def get_municipality(
    uow: RegionsUnitOfWork, principal: Principal, municipality_id: UUID
) -> Municipality:
    found = await uow.municipalities.get(municipality_id)
    if found is None or not regions_visible(principal):
        raise NotFound(MUNICIPALITY, municipality_id)
    return found


async def resolve_municipality(uow: RegionsUnitOfWork, text: str) -> Municipality | None:
    """The municipality a user or a form named: by its code or its Finnish or Swedish name."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    return await uow.municipalities.by_code(cleaned) or await uow.municipalities.by_name(cleaned)


async def _check_municipality(
    uow: RegionsUnitOfWork, municipality_id: UUID, values: Mapping[str, Any]
) -> None:
    if "region_id" in values and await uow.regions.get(values["region_id"]) is None:
        raise ValidationFailed.field("region_id", "No such region.")
    if "code" in values:
        other = await uow.municipalities.by_code(values["code"])
        if other is not None and other.id != municipality_id:
            raise Conflict(
                f"The municipality code {values['code']} is taken.", existing_id=other.id
            )
    for name in ("name", "name_sv"):
        if values.get(name):
            other = await uow.municipalities.by_name(values[name])
            if other is not None and other.id != municipality_id:
                raise Conflict(f"A municipality named {values[name]} exists.", existing_id=other.id)


@dataclass(frozen=True)
class MunicipalityInput:
    code: str
    name: str
    region_id: UUID
    name_sv: str | None = None
    is_active: bool = True


async def create_municipality(
    uow: RegionsUnitOfWork, rt: Runtime, principal: Principal, data: MunicipalityInput
) -> Municipality:
    principal.require_on(REGION, Action.CREATE, None, None)
    values = dict(vars(data))
    _clean(values)
    now = rt.clock.now()
    municipality = Municipality(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await _check_municipality(uow, municipality.id, values)
    await uow.municipalities.add(municipality)
    await _audited(uow, rt, principal, MUNICIPALITY, municipality, Operation.CREATE, None)
    await uow.commit()
    return municipality


async def update_municipality(
    uow: RegionsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    municipality_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Municipality:
    """Moving a municipality to another region changes where its leads are routed from now on
    (a lead keeps the region it was routed by)."""
    municipality = await get_municipality(uow, principal, municipality_id)
    principal.require_on(REGION, Action.UPDATE, None, None)
    check_version(MUNICIPALITY, municipality, expected_version)
    values = dict(changes)
    _clean(values)
    await _check_municipality(uow, municipality.id, values)
    before = snapshot(municipality, BOOKKEEPING)
    if not apply_update(municipality, values, rt.clock.now()):
        return municipality
    await uow.municipalities.update(municipality, expected_version)
    await _audited(uow, rt, principal, MUNICIPALITY, municipality, Operation.UPDATE, before)
    await uow.commit()
    return municipality


__all__ = [
    "MunicipalityInput",
    "RegionInput",
    "create_municipality",
    "create_region",
    "get_municipality",
    "get_region",
    "regions_visible",
    "resolve_municipality",
    "update_municipality",
    "update_region",
]
