"""The generation job: for every account a plan in force applies to, the plan's touches of
the coming `horizon_days`, each as an open activity of its owner about the account, due on
the period's due day.

Idempotent: a generated touch is remembered by (plan version, touch, account, period), so a
re-run creates nothing twice. When the plan that applies to an account changes — a new
version approved, the plan deactivated or retargeted, the account's class or unit changed,
the account passivated — the future generated touches of the old version that are not done
yet are cancelled (status cancelled: they stay in the account's history) and forgotten, and
the new version's are generated. Touches done, or due before today, are never touched."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.activities import Activity, ActivityTypeInfo
from domain.activities.model import UNFINISHED, ActivityStatus
from domain.activities.services import planned_activity
from domain.careplans.model import (
    CarePlan,
    CarePlanVersion,
    ResponsibleKind,
    Touch,
    due_at,
    office_date,
    periods,
)
from domain.careplans.ports import CarePlansUnitOfWork, Generated, TargetAccount
from domain.shared import Runtime

BATCH = 1000
_UNFINISHED = frozenset(s.value for s in UNFINISHED)


@dataclass(frozen=True)
class GenerationResult:
    accounts: int
    created: int
    cancelled: int


def applying_plan(plans: list[CarePlan], account: TargetAccount) -> CarePlan | None:
    """The one plan an account follows: a plan for its class before a plan for one of its
    customer groups; within each, the plan of its unit before the plan for every unit; then
    the oldest plan (so that a new plan never silently takes an account over)."""
    fitting = [
        p
        for p in plans
        if p.applies_to(account.account_class, account.business_unit_id, account.groups)
    ]
    fitting.sort(
        key=lambda p: (
            p.account_class is None,
            p.business_unit_id is None,
            p.created_at,
            str(p.id),
        )
    )
    return fitting[0] if fitting else None


def responsible(
    touch: Touch, account: TargetAccount, units: dict[UUID, UUID]
) -> tuple[UUID, UUID] | None:
    """(owner, owner's unit) of the account's touch: the named user or the team member with
    the role when there is one, else the account manager, else the account's owner."""
    candidates: list[UUID | None] = []
    if touch.responsible is ResponsibleKind.USER:
        candidates.append(touch.responsible_user_id)
    elif touch.responsible is ResponsibleKind.TEAM_ROLE:
        candidates += [u for u, r in account.team if r == touch.responsible_role_id]
    candidates += [account.account_manager_id, account.owner_id]
    for user in candidates:
        if user is not None and user in units:
            return user, units[user]
    return None


async def generate(
    uow: CarePlansUnitOfWork,
    rt: Runtime,
    now: datetime,
    horizon_days: int,
    only: Collection[UUID] | None = None,
) -> GenerationResult:
    """Plan the touches of the next `horizon_days` for every account a plan applies to (or
    for the accounts in `only`: an account whose class just changed), ending the future
    touches of plans that no longer apply. Idempotent."""
    today = office_date(now)
    last = today + timedelta(days=horizon_days)
    plans = await uow.care_plans.in_force()
    types: dict[UUID, ActivityTypeInfo | None] = {}
    for plan in plans:
        for touch in plan.current.touches if plan.current else ():
            if touch.activity_type_id not in types:
                types[touch.activity_type_id] = await uow.activity_types.get(touch.activity_type_id)
    accounts = created = cancelled = 0
    after: UUID | None = None
    while True:
        batch = await uow.care_plan_targets.accounts(after, BATCH, only)
        if not batch:
            break
        after = batch[-1].id
        accounts += len(batch)
        existing: dict[UUID, list[Generated]] = defaultdict(list)
        for g in await uow.care_plan_touches.from_day([a.id for a in batch], today):
            existing[g.account_id].append(g)
        wanted_users: set[UUID] = set()
        for a in batch:
            wanted_users |= {a.owner_id, *(u for u, _ in a.team)}
            if a.account_manager_id:
                wanted_users.add(a.account_manager_id)
        for plan in plans:
            for t in plan.current.touches if plan.current else ():
                if t.responsible_user_id:
                    wanted_users.add(t.responsible_user_id)
        units = await uow.care_plan_targets.user_units(wanted_users)
        to_end: list[Generated] = []
        to_add: list[tuple[Generated, Activity]] = []
        for account in batch:
            applying = applying_plan(plans, account)
            current: CarePlanVersion | None = applying.current if applying else None
            have = set()
            for g in existing.get(account.id, []):
                if current is None or g.plan_version_id != current.id:
                    if g.activity_status in _UNFINISHED and g.due_on > today:
                        to_end.append(g)
                else:
                    have.add((g.touch_id, g.period))
            if applying is None or current is None:
                continue
            plan = applying
            first = max(today, office_date(current.approved_at or now))
            for touch in current.touches:
                kind = types.get(touch.activity_type_id)
                if kind is None:
                    continue
                for period in periods(touch, first, last):
                    if (touch.id, period.key) in have:
                        continue
                    owner = responsible(touch, account, units)
                    if owner is None:
                        continue
                    activity = planned_activity(
                        rt,
                        kind,
                        subject=f"{plan.name}: {touch.description}",
                        description=touch.description,
                        owner_id=owner[0],
                        business_unit_id=owner[1],
                        account_id=account.id,
                        due_at=due_at(period.due),
                    )
                    to_add.append(
                        (
                            Generated(
                                plan.id,
                                current.id,
                                touch.id,
                                account.id,
                                period.key,
                                period.due,
                                activity.id,
                                ActivityStatus.OPEN.value,
                            ),
                            activity,
                        )
                    )
        if to_end:
            cancelled += await uow.care_plan_touches.end(to_end, now)
        if to_add:
            await uow.care_plan_touches.add_many(to_add, None, now)
            created += len(to_add)
    await uow.commit()
    return GenerationResult(accounts, created, cancelled)
