"""Sales target use cases: a manager sets a user's targets for a year (euros; optionally new
customers, repeat purchases and meetings); the user reads their own. One target per user and
year. A target belongs to its user (the owner in the access rules) and to the unit the user
was in when it was set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.offers.model import (
    SALES_TARGET,
    SalesTarget,
    check_amount,
    check_count,
    check_year,
    clean_text,
)
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

COUNTS = ("new_customers", "repeat_purchases", "meetings")


def can_read(principal: Principal, target: SalesTarget) -> bool:
    """The same rule as readable() on sales_targets with the user as the owner."""
    return principal.allows(SALES_TARGET, Action.READ, target.user_id, target.business_unit_id)


async def get_target(uow: OffersUnitOfWork, principal: Principal, target_id: UUID) -> SalesTarget:
    target = await uow.sales_targets.get(target_id)
    if target is None or not can_read(principal, target):
        raise NotFound(SALES_TARGET, target_id)
    return target


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    if "euro_target" in values:
        values["euro_target"] = check_amount(values["euro_target"], ("euro_target",))
    for name in COUNTS:
        if name in values:
            values[name] = check_count(values[name], name)
    if "note" in values:
        values["note"] = clean_text(values["note"])
    return values


async def _audit(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    target: SalesTarget,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=SALES_TARGET,
        record=target,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=target.user_id,
        business_unit_id=target.business_unit_id,
    )


@dataclass(frozen=True)
class TargetInput:
    user_id: UUID
    year: int
    euro_target: Decimal
    new_customers: int | None = None
    repeat_purchases: int | None = None
    meetings: int | None = None
    note: str | None = None


async def create_target(
    uow: OffersUnitOfWork, rt: Runtime, principal: Principal, data: TargetInput
) -> SalesTarget:
    principal.require(SALES_TARGET, Action.CREATE)
    colleague = await uow.offer_directory.colleague(data.user_id)
    if colleague is None or not colleague.is_active:
        raise ValidationFailed.field("user_id", "No such active user.")
    principal.require_on(SALES_TARGET, Action.CREATE, colleague.id, colleague.business_unit_id)
    values = _clean({k: v for k, v in vars(data).items() if k not in {"user_id", "year"}})
    year = check_year(data.year)
    existing = await uow.sales_targets.find(colleague.id, year)
    if existing is not None:
        raise Conflict(
            f"{colleague.name} already has targets for {year}: edit them instead.",
            existing_id=existing.id if can_read(principal, existing) else None,
        )
    now = rt.clock.now()
    target = SalesTarget(
        id=rt.ids.new_id(),
        user_id=colleague.id,
        year=year,
        business_unit_id=colleague.business_unit_id,
        created_at=now,
        updated_at=now,
        **values,
    )
    await uow.sales_targets.add(target)
    await _audit(uow, rt, principal, target, Operation.CREATE, None)
    await uow.commit()
    return target


EDITABLE = frozenset({"euro_target", *COUNTS, "note"})


async def update_target(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    target_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> SalesTarget:
    target = await get_target(uow, principal, target_id)
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise ValidationFailed.field(
            unknown[0], "Only the figures and the note change: delete and recreate otherwise."
        )
    principal.require_on(SALES_TARGET, Action.UPDATE, target.user_id, target.business_unit_id)
    check_version(SALES_TARGET, target, expected_version)
    values = _clean(dict(changes))
    before = snapshot(target, BOOKKEEPING)
    if not apply_update(target, values, rt.clock.now()):
        return target
    await uow.sales_targets.update(target, expected_version)
    await _audit(uow, rt, principal, target, Operation.UPDATE, before)
    await uow.commit()
    return target


async def delete_target(
    uow: OffersUnitOfWork,
    rt: Runtime,
    principal: Principal,
    target_id: UUID,
    expected_version: int,
) -> None:
    target = await get_target(uow, principal, target_id)
    principal.require_on(SALES_TARGET, Action.DELETE, target.user_id, target.business_unit_id)
    check_version(SALES_TARGET, target, expected_version)
    await uow.sales_targets.delete(target.id)
    await _audit(uow, rt, principal, target, Operation.DELETE, snapshot(target, BOOKKEEPING))
    await uow.commit()


__all__ = ["TargetInput", "create_target", "delete_target", "get_target", "update_target"]
