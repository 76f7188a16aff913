"""Offer type use cases: administrators maintain the list (seeded: apprenticeship, labour-policy
training, staff training, service order); everyone reads it. A type that offers use is
deactivated, never deleted."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.offers.model import OFFER_TYPE, OfferType
from domain.offers.ports import OffersUnitOfWork
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

KEY = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


def type_visible(principal: Principal) -> bool:
    """Organisation-wide set-up: the same rule as readable() with neither owner nor unit."""
    return principal.allows(OFFER_TYPE, Action.READ, None, None)


async def get_offer_type(uow: OffersUnitOfWork, principal: Principal, type_id: UUID) -> OfferType:
    found = await uow.offer_types.get(type_id)
    if found is None or not type_visible(principal):
        raise NotFound(OFFER_TYPE, type_id)
    return found


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    if "key" in values:
        key = str(values["key"]).strip()
        if not KEY.match(key):
            raise ValidationFailed.field(
                "key", "The key is 1–50 lowercase letters, digits and _ (e.g. staff_training)."
            )
        values["key"] = key
    if "name" in values:
        name = " ".join(str(values["name"]).split())
        if not name:
            raise ValidationFailed.field("name", "The name cannot be empty.")
        values["name"] = name
    for name in ("name_en", "name_sv", "description"):
        if name in values and values[name] is not None:
            values[name] = " ".join(str(values[name]).split()) or None
    return values


async def _audit(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    offer_type: OfferType,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=OFFER_TYPE,
        record=offer_type,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=None,
        business_unit_id=None,
    )


@dataclass(frozen=True)
class OfferTypeInput:
    key: str
    name: str
    name_en: str | None = None
    name_sv: str | None = None
    description: str | None = None
    sort_order: int = 0
    is_active: bool = True


async def _check_key(uow: OffersUnitOfWork, key: str, type_id: UUID) -> None:
    existing = await uow.offer_types.by_key(key)
    if existing is not None and existing.id != type_id:
        raise Conflict(
            f"The key {key!r} belongs to the type {existing.name!r}.", existing_id=existing.id
        )


async def create_offer_type(
    uow: OffersUnitOfWork, rt: Runtime, principal: Principal, data: OfferTypeInput
) -> OfferType:
    principal.require_on(OFFER_TYPE, Action.CREATE, None, None)
    values = _clean(dict(vars(data)))
    now = rt.clock.now()
    offer_type = OfferType(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await _check_key(uow, offer_type.key, offer_type.id)
    await uow.offer_types.add(offer_type)
    await _audit(uow, rt, principal, offer_type, Operation.CREATE, None)
    await uow.commit()
    return offer_type


async def update_offer_type(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    type_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> OfferType:
    offer_type = await get_offer_type(uow, principal, type_id)
    principal.require_on(OFFER_TYPE, Action.UPDATE, None, None)
    check_version(OFFER_TYPE, offer_type, expected_version)
    values = _clean(dict(changes))
    if "key" in values and values["key"] != offer_type.key:
        await _check_key(uow, values["key"], offer_type.id)
    before = snapshot(offer_type, BOOKKEEPING)
    if not apply_update(offer_type, values, rt.clock.now()):
        return offer_type
    await uow.offer_types.update(offer_type, expected_version)
    await _audit(uow, rt, principal, offer_type, Operation.UPDATE, before)
    await uow.commit()
    return offer_type


async def delete_offer_type(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    type_id: UUID,
    expected_version: int,
) -> None:
    """Only a type no offer has: offers keep their type, so a used one is deactivated."""
    offer_type = await get_offer_type(uow, principal, type_id)
    principal.require_on(OFFER_TYPE, Action.DELETE, None, None)
    check_version(OFFER_TYPE, offer_type, expected_version)
    if await uow.offer_types.in_use(offer_type.id):
        raise Conflict(
            f"Offers have the type {offer_type.name!r}: deactivate it (is_active false) instead.",
            existing_id=offer_type.id,
        )
    await uow.offer_types.delete(offer_type.id)
    await record_write(
        uow.audit,
        entity=OFFER_TYPE,
        record=offer_type,
        operation=Operation.DELETE,
        before=snapshot(offer_type, BOOKKEEPING),
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=None,
        business_unit_id=None,
    )
    await uow.commit()
