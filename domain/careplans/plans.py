"""Care-plan use cases: create, edit (a new draft version when the touches of an approved
version change), approve, read. Plans are organisation-wide set-up: everyone reads them,
managers and administrators write them (`care_plan` privileges)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.careplans.model import (
    CARE_PLAN,
    MAX_TOUCHES,
    CarePlan,
    CarePlanVersion,
    Touch,
    VersionStatus,
    check_target,
    clean_touch,
)
from domain.careplans.ports import CarePlansUnitOfWork
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


def plans_visible(principal: Principal) -> bool:
    return principal.allows(CARE_PLAN, Action.READ, None, None)


async def get_plan(uow: CarePlansUnitOfWork, principal: Principal, plan_id: UUID) -> CarePlan:
    plan = await uow.care_plans.get(plan_id)
    if plan is None or not plans_visible(principal):
        raise NotFound(CARE_PLAN, plan_id)
    return plan


async def _audited(
    uow: CarePlansUnitOfWork,
    rt: Runtime,
    principal: Principal,
    plan: CarePlan,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=CARE_PLAN,
        record=_audit_view(plan),
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=None,
        business_unit_id=plan.business_unit_id,
    )


@dataclass(frozen=True)
class _PlanView:
    """What history and the feed keep of a plan: its fields and the touches of its newest
    version (the versions have their own table)."""

    id: UUID
    name: str
    description: str | None
    account_class: str | None
    classification_id: UUID | None
    business_unit_id: UUID | None
    is_active: bool
    active_version: int | None
    latest_version: int
    touches: list[dict[str, Any]]
    version: int


def _touch_dict(t: Touch) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, UUID) else v) for k, v in vars(t).items()} | {
        "months": list(t.months)
    }


def _audit_view(plan: CarePlan) -> _PlanView:
    latest = plan.latest
    return _PlanView(
        plan.id,
        plan.name,
        plan.description,
        plan.account_class,
        plan.classification_id,
        plan.business_unit_id,
        plan.is_active,
        plan.active_version,
        plan.latest_version,
        [_touch_dict(t) for t in latest.touches] if latest else [],
        plan.version,
    )


def _clean_touches(rt: Runtime, touches: Sequence[Touch]) -> tuple[Touch, ...]:
    if len(touches) > MAX_TOUCHES:
        raise ValidationFailed.field("touches", f"A plan has at most {MAX_TOUCHES} touches.")
    cleaned = []
    for t in touches:
        touch = clean_touch(t)
        cleaned.append(touch)
    ids = [t.id for t in cleaned]
    if len(set(ids)) != len(ids):
        raise ValidationFailed.field("touches", "Two touches have the same id.")
    return tuple(cleaned)


async def _check_types(uow: CarePlansUnitOfWork, touches: Sequence[Touch]) -> None:
    for t in touches:
        found = await uow.activity_types.get(t.activity_type_id)
        if found is None or not found.is_active:
            raise ValidationFailed.field("touches", "No such active activity type.", "not_found")


async def _check_unique(uow: CarePlansUnitOfWork, plan: CarePlan) -> None:
    """One plan in force per target (class and unit, or customer group)."""
    for other in await uow.care_plans.in_force():
        if (
            other.id != plan.id
            and other.account_class == plan.account_class
            and other.classification_id == plan.classification_id
            and other.business_unit_id == plan.business_unit_id
        ):
            raise Conflict(
                f"The plan {other.name} is already in force for this target.",
                existing_id=other.id,
            )


@dataclass(frozen=True)
class PlanInput:
    name: str
    touches: Sequence[Touch]
    description: str | None = None
    account_class: str | None = None
    classification_id: UUID | None = None
    business_unit_id: UUID | None = None
    is_active: bool = True
    note: str | None = None


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationFailed.field("name", "The name cannot be empty.")
    return cleaned[:200]


async def _check_unit(uow: CarePlansUnitOfWork, unit_id: UUID | None) -> None:
    if unit_id is not None and not await uow.catalog_directory.business_unit_exists(unit_id):
        raise ValidationFailed.field("business_unit_id", "No such business unit.")


async def create_plan(
    uow: CarePlansUnitOfWork, rt: Runtime, principal: Principal, data: PlanInput
) -> CarePlan:
    """A new plan with its first version, a draft until approved."""
    principal.require_on(CARE_PLAN, Action.CREATE, None, None)
    check_target(data.account_class, data.classification_id)
    await _check_unit(uow, data.business_unit_id)
    touches = _clean_touches(rt, data.touches)
    await _check_types(uow, touches)
    now = rt.clock.now()
    plan = CarePlan(
        id=rt.ids.new_id(),
        name=_clean_name(data.name),
        description=data.description,
        account_class=data.account_class,
        classification_id=data.classification_id,
        business_unit_id=data.business_unit_id,
        is_active=data.is_active,
        active_version=None,
        latest_version=1,
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
    )
    first = CarePlanVersion(
        id=rt.ids.new_id(),
        plan_id=plan.id,
        number=1,
        touches=touches,
        status=VersionStatus.DRAFT,
        note=data.note,
        created_by=principal.user_id,
        created_at=now,
    )
    plan.versions.append(first)
    await uow.care_plans.add(plan)
    await uow.care_plans.add_version(first)
    await _audited(uow, rt, principal, plan, Operation.CREATE, None)
    await uow.commit()
    return plan


PLAN_FIELDS = frozenset(
    {"name", "description", "account_class", "classification_id", "business_unit_id", "is_active"}
)


async def update_plan(
    uow: CarePlansUnitOfWork,
    rt: Runtime,
    principal: Principal,
    plan_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
    touches: Sequence[Touch] | None = None,
    note: str | None = None,
) -> CarePlan:
    """Change the plan's fields; new touches replace the draft's, or start a new draft
    version when the newest one is approved (the approved one stays in force until the
    draft is approved)."""
    plan = await get_plan(uow, principal, plan_id)
    principal.require_on(CARE_PLAN, Action.UPDATE, None, None)
    check_version(CARE_PLAN, plan, expected_version)
    unknown = set(changes) - PLAN_FIELDS
    if unknown:
        raise ValidationFailed.field(sorted(unknown)[0], "This field cannot be changed.")
    values = dict(changes)
    if "name" in values:
        values["name"] = _clean_name(values["name"])
    check_target(
        values.get("account_class", plan.account_class),
        values.get("classification_id", plan.classification_id),
    )
    if values.get("business_unit_id") is not None:
        await _check_unit(uow, values["business_unit_id"])
    before = snapshot(_audit_view(plan), BOOKKEEPING)
    now = rt.clock.now()
    changed = apply_update(plan, values, now)
    if touches is not None:
        cleaned = _clean_touches(rt, touches)
        await _check_types(uow, cleaned)
        latest = plan.latest
        if latest is not None and latest.status is VersionStatus.DRAFT:
            latest.touches = cleaned
            latest.note = note if note is not None else latest.note
            await uow.care_plans.update_version(latest)
        else:
            draft = CarePlanVersion(
                id=rt.ids.new_id(),
                plan_id=plan.id,
                number=plan.latest_version + 1,
                touches=cleaned,
                status=VersionStatus.DRAFT,
                note=note,
                created_by=principal.user_id,
                created_at=now,
            )
            plan.versions.append(draft)
            await uow.care_plans.add_version(draft)
            plan.latest_version = draft.number
        if not changed:
            plan.updated_at = now
            plan.version += 1
        changed = True
    if not changed:
        return plan
    if plan.is_active and plan.active_version is not None:
        await _check_unique(uow, plan)
    await uow.care_plans.update(plan, expected_version)
    await _audited(uow, rt, principal, plan, Operation.UPDATE, before)
    await uow.commit()
    return plan


async def approve_plan(
    uow: CarePlansUnitOfWork,
    rt: Runtime,
    principal: Principal,
    plan_id: UUID,
    expected_version: int,
    note: str | None = None,
) -> CarePlan:
    """Put the newest (draft) version in force; the one before is superseded. An A plan
    needs the approve privilege (managers); other plans the update privilege."""
    plan = await get_plan(uow, principal, plan_id)
    action = Action.APPROVE if plan.account_class == "A" else Action.UPDATE
    principal.require_on(CARE_PLAN, action, None, None)
    check_version(CARE_PLAN, plan, expected_version)
    latest = plan.latest
    if latest is None or latest.status is not VersionStatus.DRAFT:
        raise Conflict("The plan has no draft version to approve.")
    if not latest.touches:
        raise ValidationFailed.field("touches", "A plan in force has at least one touch.")
    before = snapshot(_audit_view(plan), BOOKKEEPING)
    now = rt.clock.now()
    current = plan.current
    if current is not None:
        current.status = VersionStatus.SUPERSEDED
        await uow.care_plans.update_version(current)
    latest.status = VersionStatus.APPROVED
    latest.approved_by = principal.user_id
    latest.approved_at = now
    if note is not None:
        latest.note = note
    await uow.care_plans.update_version(latest)
    plan.active_version = latest.number
    plan.updated_at = now
    plan.version += 1
    if plan.is_active:
        await _check_unique(uow, plan)
    await uow.care_plans.update(plan, expected_version)
    await _audited(uow, rt, principal, plan, Operation.UPDATE, before)
    await uow.commit()
    return plan
