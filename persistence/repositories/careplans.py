"""Care plans with their versions, the accounts the generation job targets, and the touches
it generated (set-based inserts and cancellations, each activity with its history line and
changes-feed row)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.activities import ACTIVITY, Activity
from domain.careplans.model import (
    CarePlan,
    CarePlanVersion,
    Channel,
    Frequency,
    ResponsibleKind,
    Touch,
    VersionStatus,
)
from domain.careplans.ports import Generated, TargetAccount
from domain.shared import AuditEntry, Change, FieldChange, IdFactory, Operation, snapshot
from persistence.repositories.activities import activity_row
from persistence.repositories.audit import change_row, history_rows
from persistence.repositories.base import versioned_update
from persistence.tables.accounts import account_team_members, accounts
from persistence.tables.activities import activities
from persistence.tables.careplans import care_plan_activities, care_plan_versions, care_plans
from persistence.tables.classifications import account_classifications, classifications
from persistence.tables.identity import users
from persistence.tables.platform import audit_entries, changes

CHUNK = 2000


def touch_json(t: Touch) -> dict[str, Any]:
    return {
        "id": str(t.id),
        "activity_type_id": str(t.activity_type_id),
        "channel": t.channel.value,
        "frequency": t.frequency.value,
        "months": list(t.months),
        "responsible": t.responsible.value,
        "responsible_role_id": str(t.responsible_role_id) if t.responsible_role_id else None,
        "responsible_user_id": str(t.responsible_user_id) if t.responsible_user_id else None,
        "description": t.description,
    }


def touch_from_json(d: dict[str, Any]) -> Touch:
    return Touch(
        id=UUID(d["id"]),
        activity_type_id=UUID(d["activity_type_id"]),
        channel=Channel(d["channel"]),
        frequency=Frequency(d["frequency"]),
        months=tuple(d.get("months") or ()),
        responsible=ResponsibleKind(d["responsible"]),
        responsible_role_id=UUID(d["responsible_role_id"])
        if d.get("responsible_role_id")
        else None,
        responsible_user_id=UUID(d["responsible_user_id"])
        if d.get("responsible_user_id")
        else None,
        description=d["description"],
    )


def version_from_row(row: Any) -> CarePlanVersion:
    return CarePlanVersion(
        id=row["id"],
        plan_id=row["plan_id"],
        number=row["number"],
        touches=tuple(touch_from_json(t) for t in row["touches"]),
        status=VersionStatus(row["status"]),
        note=row["note"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        approved_by=row["approved_by"],
        approved_at=row["approved_at"],
    )


def _version_row(v: CarePlanVersion) -> dict[str, Any]:
    return {
        "id": v.id,
        "plan_id": v.plan_id,
        "number": v.number,
        "touches": [touch_json(t) for t in v.touches],
        "status": v.status.value,
        "note": v.note,
        "created_by": v.created_by,
        "created_at": v.created_at,
        "approved_by": v.approved_by,
        "approved_at": v.approved_at,
    }


def _plan_row(p: CarePlan) -> dict[str, Any]:
    return {c.name: getattr(p, c.name) for c in care_plans.columns}


async def load_plans(session: AsyncSession, condition: sa.ColumnElement[bool]) -> list[CarePlan]:
    rows = (await session.execute(sa.select(care_plans).where(condition))).mappings().all()
    if not rows:
        return []
    plans = {r["id"]: CarePlan(**{k: r[k] for k in r}) for r in rows}
    versions = (
        await session.execute(
            sa.select(care_plan_versions)
            .where(care_plan_versions.c.plan_id.in_(list(plans)))
            .order_by(care_plan_versions.c.number)
        )
    ).mappings()
    for v in versions:
        plans[v["plan_id"]].versions.append(version_from_row(v))
    return list(plans.values())


class SqlCarePlans:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, plan_id: UUID) -> CarePlan | None:
        found = await load_plans(self.session, care_plans.c.id == plan_id)
        return found[0] if found else None

    async def add(self, plan: CarePlan) -> None:
        await self.session.execute(sa.insert(care_plans).values(**_plan_row(plan)))

    async def update(self, plan: CarePlan, expected_version: int) -> None:
        await versioned_update(
            self.session, care_plans, "care_plan", plan.id, expected_version, _plan_row(plan)
        )

    async def add_version(self, version: CarePlanVersion) -> None:
        await self.session.execute(sa.insert(care_plan_versions).values(**_version_row(version)))

    async def update_version(self, version: CarePlanVersion) -> None:
        await self.session.execute(
            sa.update(care_plan_versions)
            .where(care_plan_versions.c.id == version.id)
            .values(**_version_row(version))
        )

    async def in_force(self) -> list[CarePlan]:
        return await load_plans(
            self.session, sa.and_(care_plans.c.is_active, care_plans.c.active_version.is_not(None))
        )


async def account_groups(
    session: AsyncSession, account_ids: Sequence[UUID]
) -> dict[UUID, frozenset[UUID]]:
    """Each account's classifications with all their ancestors (a plan for a customer group
    applies to the accounts in any group below it too)."""
    parents = dict(
        (await session.execute(sa.select(classifications.c.id, classifications.c.parent_id))).all()
    )
    found: dict[UUID, set[UUID]] = {}
    for i in range(0, len(account_ids), CHUNK):
        rows = await session.execute(
            sa.select(
                account_classifications.c.account_id, account_classifications.c.classification_id
            ).where(account_classifications.c.account_id.in_(account_ids[i : i + CHUNK]))
        )
        for account_id, classification_id in rows:
            mine = found.setdefault(account_id, set())
            node: UUID | None = classification_id
            while node is not None and node not in mine:
                mine.add(node)
                node = parents.get(node)
    return {a: frozenset(g) for a, g in found.items()}


class SqlCarePlanTargets:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def accounts(
        self, after: UUID | None, limit: int, only: Collection[UUID] | None = None
    ) -> list[TargetAccount]:
        conds: list[sa.ColumnElement[bool]] = [
            sa.or_(
                accounts.c.account_class.is_not(None),
                accounts.c.id.in_(sa.select(account_classifications.c.account_id)),
            ),
            accounts.c.passive_since.is_(None),
        ]
        if only is not None:
            conds.append(accounts.c.id.in_(list(only)))
        if after is not None:
            conds.append(accounts.c.id > after)
        rows = (
            await self.session.execute(
                sa.select(
                    accounts.c.id,
                    accounts.c.name,
                    accounts.c.account_class,
                    accounts.c.business_unit_id,
                    accounts.c.owner_id,
                    accounts.c.account_manager_id,
                )
                .where(*conds)
                .order_by(accounts.c.id)
                .limit(limit)
            )
        ).all()
        if not rows:
            return []
        team: dict[UUID, list[tuple[UUID, UUID | None]]] = {}
        ids = [r.id for r in rows]
        for i in range(0, len(ids), CHUNK):
            members = await self.session.execute(
                sa.select(
                    account_team_members.c.account_id,
                    account_team_members.c.user_id,
                    account_team_members.c.role_id,
                )
                .where(account_team_members.c.account_id.in_(ids[i : i + CHUNK]))
                .order_by(account_team_members.c.added_at, account_team_members.c.user_id)
            )
            for m in members:
                team.setdefault(m.account_id, []).append((m.user_id, m.role_id))
        groups = await account_groups(self.session, ids)
        return [
            TargetAccount(
                id=r.id,
                name=r.name,
                account_class=r.account_class,
                business_unit_id=r.business_unit_id,
                owner_id=r.owner_id,
                account_manager_id=r.account_manager_id,
                team=tuple(team.get(r.id, ())),
                groups=groups.get(r.id, frozenset()),
            )
            for r in rows
        ]

    async def user_units(self, user_ids: set[UUID]) -> dict[UUID, UUID]:
        wanted = sorted(user_ids)
        found: dict[UUID, UUID] = {}
        for i in range(0, len(wanted), CHUNK):
            rows = await self.session.execute(
                sa.select(users.c.id, users.c.business_unit_id).where(
                    users.c.id.in_(wanted[i : i + CHUNK]), users.c.is_active
                )
            )
            found.update({r.id: r.business_unit_id for r in rows})
        return found


class SqlGeneratedTouches:
    def __init__(self, session: AsyncSession, ids: IdFactory) -> None:
        self.session = session
        self.ids = ids

    async def from_day(self, account_ids: Sequence[UUID], first: date) -> list[Generated]:
        found: list[Generated] = []
        ids = list(account_ids)
        t = care_plan_activities
        for i in range(0, len(ids), CHUNK):
            rows = await self.session.execute(
                sa.select(
                    t.c.plan_id,
                    t.c.plan_version_id,
                    t.c.touch_id,
                    t.c.account_id,
                    t.c.period,
                    t.c.due_on,
                    t.c.activity_id,
                    activities.c.status,
                )
                .join(activities, activities.c.id == t.c.activity_id)
                .where(t.c.account_id.in_(ids[i : i + CHUNK]), t.c.due_on >= first)
            )
            found += [Generated(*r) for r in rows]
        return found

    async def add_many(
        self, items: Sequence[tuple[Generated, Activity]], by: UUID | None, at: datetime
    ) -> None:
        for i in range(0, len(items), CHUNK):
            part = items[i : i + CHUNK]
            await self.session.execute(sa.insert(activities), [activity_row(a) for _, a in part])
            await self.session.execute(
                sa.insert(care_plan_activities),
                [
                    {
                        "plan_version_id": g.plan_version_id,
                        "touch_id": g.touch_id,
                        "account_id": g.account_id,
                        "period": g.period,
                        "plan_id": g.plan_id,
                        "due_on": g.due_on,
                        "activity_id": a.id,
                        "created_at": at,
                    }
                    for g, a in part
                ],
            )
            history: list[dict[str, Any]] = []
            feed = []
            for _, a in part:
                history += history_rows(
                    AuditEntry(ACTIVITY, a.id, Operation.CREATE, by, at, ()), self.ids
                )
                feed.append(
                    change_row(
                        Change(
                            ACTIVITY,
                            a.id,
                            Operation.CREATE,
                            a.version,
                            at,
                            a.owner_id,
                            a.business_unit_id,
                            snapshot(a),
                        )
                    )
                )
            await self.session.execute(sa.insert(audit_entries), history)
            await self.session.execute(sa.insert(changes), feed)

    async def end(self, items: Sequence[Generated], at: datetime) -> int:
        cancelled = 0
        t = care_plan_activities
        for i in range(0, len(items), CHUNK):
            part = items[i : i + CHUNK]
            activity_ids = [g.activity_id for g in part]
            rows = (
                await self.session.execute(
                    sa.update(activities)
                    .where(
                        activities.c.id.in_(activity_ids),
                        activities.c.status.in_(("open", "in_progress")),
                    )
                    .values(
                        status="cancelled",
                        completed_at=None,
                        updated_at=at,
                        version=activities.c.version + 1,
                    )
                    .returning(
                        activities.c.id,
                        activities.c.version,
                        activities.c.owner_id,
                        activities.c.business_unit_id,
                    )
                )
            ).all()
            await self.session.execute(sa.delete(t).where(t.c.activity_id.in_(activity_ids)))
            if not rows:
                continue
            cancelled += len(rows)
            history: list[dict[str, Any]] = []
            feed = []
            for r in rows:
                history += history_rows(
                    AuditEntry(
                        ACTIVITY,
                        r.id,
                        Operation.UPDATE,
                        None,
                        at,
                        (FieldChange("status", "open", "cancelled"),),
                    ),
                    self.ids,
                )
                feed.append(
                    change_row(
                        Change(
                            ACTIVITY,
                            r.id,
                            Operation.UPDATE,
                            r.version,
                            at,
                            r.owner_id,
                            r.business_unit_id,
                            {"status": "cancelled"},
                        )
                    )
                )
            await self.session.execute(sa.insert(audit_entries), history)
            await self.session.execute(sa.insert(changes), feed)
        return cancelled
