"""Care-plan reads: the plan list, the compliance rows (from the caller's read scope on
accounts, so no figure includes an account the caller may not read), the accounts' last
contacts, and an account's next generated touches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.careplans.compliance import ContactRow, TouchRow
from domain.careplans.model import CARE_PLAN, CarePlan
from domain.shared import Page, PageRequest, Principal
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.careplans import load_plans
from persistence.scoping import readable
from persistence.tables.accounts import accounts
from persistence.tables.activities import activities
from persistence.tables.careplans import care_plan_activities, care_plans
from persistence.tables.identity import business_units, users

PLAN_SORTS = {
    "name": care_plans.c.name,
    "updated_at": care_plans.c.updated_at,
    "created_at": care_plans.c.created_at,
}


@dataclass(frozen=True)
class PlanFilters:
    account_class: str | None = None
    business_unit_id: UUID | None = None
    active: bool | None = None
    approved: bool | None = None
    q: str | None = None


async def list_plans(
    session: AsyncSession, principal: Principal, f: PlanFilters, page: PageRequest
) -> Page[CarePlan]:
    conds = [readable(principal, CARE_PLAN, care_plans, owner_col=None, unit_col=None)]
    if f.account_class is not None:
        conds.append(care_plans.c.account_class == f.account_class)
    if f.business_unit_id is not None:
        conds.append(care_plans.c.business_unit_id == f.business_unit_id)
    if f.active is not None:
        conds.append(care_plans.c.is_active == f.active)
    if f.approved is not None:
        has = care_plans.c.active_version.is_not(None)
        conds.append(has if f.approved else sa.not_(has))
    if f.q:
        conds.append(care_plans.c.name.ilike(f"%{f.q}%"))
    ids, next_cursor = await keyset_ids(session, care_plans, sa.and_(*conds), page, PLAN_SORTS)
    found = await load_plans(session, care_plans.c.id.in_(ids)) if ids else []
    return Page(in_order(ids, found), next_cursor)


@dataclass(frozen=True)
class ComplianceFilters:
    first: date
    last: date
    business_unit_id: UUID | None = None
    account_manager_id: UUID | None = None
    account_id: UUID | None = None
    account_class: str | None = None
    plan_id: UUID | None = None


def _account_conds(principal: Principal, f: ComplianceFilters) -> list[sa.ColumnElement[bool]]:
    conds = [readable(principal, "account", accounts)]
    if f.business_unit_id is not None:
        conds.append(accounts.c.business_unit_id == f.business_unit_id)
    if f.account_manager_id is not None:
        conds.append(accounts.c.account_manager_id == f.account_manager_id)
    if f.account_id is not None:
        conds.append(accounts.c.id == f.account_id)
    if f.account_class is not None:
        conds.append(accounts.c.account_class == f.account_class)
    return conds


async def touch_rows(
    session: AsyncSession, principal: Principal, f: ComplianceFilters
) -> list[TouchRow]:
    t = care_plan_activities
    manager = users.alias("manager")
    conds = [
        *_account_conds(principal, f),
        t.c.due_on >= f.first,
        t.c.due_on <= f.last,
        activities.c.status != "cancelled",
    ]
    if f.plan_id is not None:
        conds.append(t.c.plan_id == f.plan_id)
    rows = await session.execute(
        sa.select(
            accounts.c.id,
            accounts.c.name,
            accounts.c.account_manager_id,
            manager.c.name,
            accounts.c.business_unit_id,
            business_units.c.name,
            t.c.due_on,
            activities.c.status == "done",
            activities.c.completed_at,
        )
        .select_from(t)
        .join(accounts, accounts.c.id == t.c.account_id)
        .join(activities, activities.c.id == t.c.activity_id)
        .join(business_units, business_units.c.id == accounts.c.business_unit_id)
        .outerjoin(manager, manager.c.id == accounts.c.account_manager_id)
        .where(*conds)
    )
    return [TouchRow(*r) for r in rows]


async def contact_rows(
    session: AsyncSession,
    principal: Principal,
    f: ComplianceFilters,
    plans: Sequence[tuple[CarePlan, int]],
) -> list[ContactRow]:
    """Per readable account a plan in force applies to: its last done activity."""
    found: list[ContactRow] = []
    manager = users.alias("manager")
    last_done = (
        sa.select(sa.func.max(activities.c.completed_at))
        .where(activities.c.account_id == accounts.c.id, activities.c.status == "done")
        .scalar_subquery()
    )
    chosen: dict[UUID, tuple[CarePlan, int]] = {}
    for plan, allowed in plans:
        rows = await session.execute(
            sa.select(
                accounts.c.id,
                accounts.c.name,
                accounts.c.account_manager_id,
                manager.c.name,
                accounts.c.business_unit_id,
                last_done,
            )
            .outerjoin(manager, manager.c.id == accounts.c.account_manager_id)
            .where(
                *_account_conds(principal, f),
                accounts.c.passive_since.is_(None),
                accounts.c.account_class == plan.account_class,
                *(
                    [accounts.c.business_unit_id == plan.business_unit_id]
                    if plan.business_unit_id
                    else []
                ),
            )
        )
        for r in rows:
            previous = chosen.get(r.id)
            # a unit's own plan wins over the one for every unit
            if previous is not None and previous[0].business_unit_id is not None:
                continue
            chosen[r.id] = (plan, allowed)
            found = [x for x in found if x.account_id != r.id]
            found.append(ContactRow(r[0], r[1], r[2], r[3], plan.id, plan.name, allowed, r[5]))
    return found


@dataclass(frozen=True)
class NextTouch:
    activity_id: UUID
    subject: str
    due_at: datetime | None
    status: str
    owner_id: UUID
    owner_name: str | None
    period: str
    touch_id: UUID


async def next_touches(
    session: AsyncSession, account_id: UUID, first: date, limit: int
) -> list[NextTouch]:
    t = care_plan_activities
    rows = await session.execute(
        sa.select(
            activities.c.id,
            activities.c.subject,
            activities.c.due_at,
            activities.c.status,
            activities.c.owner_id,
            users.c.name,
            t.c.period,
            t.c.touch_id,
        )
        .select_from(t)
        .join(activities, activities.c.id == t.c.activity_id)
        .outerjoin(users, users.c.id == activities.c.owner_id)
        .where(t.c.account_id == account_id, t.c.due_on >= first)
        .order_by(t.c.due_on, activities.c.id)
        .limit(limit)
    )
    return [NextTouch(*r) for r in rows]
