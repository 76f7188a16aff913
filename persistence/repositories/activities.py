"""The activity repository and the lookup of the records activities are about."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.activities import (
    Activity,
    ActivityStatus,
    ActivityType,
    ActivityTypeInfo,
    Direction,
    Priority,
    Regarded,
    RegardingType,
)
from domain.activities.types import ActivityTypeRecord, Keyword
from domain.shared import Principal
from persistence.queries.lead_scope import leads_readable
from persistence.repositories.base import versioned_update
from persistence.scoping import readable
from persistence.tables.accounts import accounts, contact_accounts, contacts
from persistence.tables.activities import activities, activity_participants, activity_types
from persistence.tables.leads import leads
from persistence.tables.offers import offers, orders
from persistence.tables.sales import sales_projects
from persistence.tables.service import service_requests

_COLUMNS = frozenset(c.name for c in activities.columns)


def activity_row(activity: Activity) -> dict[str, Any]:
    row = {name: getattr(activity, name) for name in _COLUMNS}
    row["keywords"] = list(activity.keywords)
    return row


def activity_from_row(row: Any, participant_ids: frozenset[UUID] = frozenset()) -> Activity:
    values = dict(row)
    values["type"] = ActivityType(values["type"])
    values["keywords"] = tuple(values["keywords"] or ())
    values["participant_ids"] = participant_ids
    values["priority"] = Priority(values["priority"])
    values["status"] = ActivityStatus(values["status"])
    if values["direction"] is not None:
        values["direction"] = Direction(values["direction"])
    if values["regarding_type"] is not None:
        values["regarding_type"] = RegardingType(values["regarding_type"])
    return Activity(**values)


async def load_activities(
    session: AsyncSession, condition: sa.ColumnElement[bool], order: Sequence[Any] = ()
) -> list[Activity]:
    rows = (
        (await session.execute(sa.select(activities).where(condition).order_by(*order)))
        .mappings()
        .all()
    )
    participants: dict[UUID, set[UUID]] = {}
    if rows:
        links = await session.execute(
            sa.select(activity_participants.c.activity_id, activity_participants.c.user_id).where(
                activity_participants.c.activity_id.in_([r["id"] for r in rows])
            )
        )
        for activity_id, user_id in links:
            participants.setdefault(activity_id, set()).add(user_id)
    return [activity_from_row(r, frozenset(participants.get(r["id"], ()))) for r in rows]


def type_from_row(row: Any) -> ActivityTypeInfo:
    return ActivityTypeInfo(
        id=row["id"],
        key=row["key"],
        kind=ActivityType(row["kind"]),
        is_visit=row["is_visit"],
        keywords=tuple(k["key"] for k in row["keywords"] or ()),
        is_active=row["is_active"],
    )


def record_from_row(row: Any) -> ActivityTypeRecord:
    values = {c.name: row[c.name] for c in activity_types.columns}
    values["kind"] = ActivityType(values["kind"])
    values["keywords"] = tuple(
        Keyword(k["key"], k["name"], k.get("name_en"), k.get("name_sv"))
        for k in values["keywords"] or ()
    )
    return ActivityTypeRecord(**values)


def record_row(record: ActivityTypeRecord) -> dict[str, Any]:
    row = {c.name: getattr(record, c.name) for c in activity_types.columns}
    row["kind"] = record.kind.value
    row["keywords"] = [
        {"key": k.key, "name": k.name, "name_en": k.name_en, "name_sv": k.name_sv}
        for k in record.keywords
    ]
    return row


class SqlActivityTypes:
    """The admin-managed activity types, as activities need them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, type_id: UUID) -> ActivityTypeRecord | None:
        found = (
            (
                await self.session.execute(
                    sa.select(activity_types).where(activity_types.c.id == type_id)
                )
            )
            .mappings()
            .first()
        )
        return record_from_row(found) if found else None

    async def add(self, record: ActivityTypeRecord) -> None:
        await self.session.execute(sa.insert(activity_types).values(**record_row(record)))

    async def update(self, record: ActivityTypeRecord, expected_version: int) -> None:
        await versioned_update(
            self.session,
            activity_types,
            "activity_type",
            record.id,
            expected_version,
            record_row(record),
        )

    async def _one(self, condition: sa.ColumnElement[bool]) -> ActivityTypeInfo | None:
        row = (await self.session.execute(sa.select(activity_types).where(condition))).mappings()
        found = row.first()
        return type_from_row(found) if found else None

    async def get(self, type_id: UUID) -> ActivityTypeInfo | None:
        return await self._one(activity_types.c.id == type_id)

    async def by_key(self, key: str) -> ActivityTypeInfo | None:
        return await self._one(activity_types.c.key == key)

    async def default_for(self, kind: ActivityType) -> ActivityTypeInfo:
        found = await self._one(
            sa.and_(activity_types.c.kind == kind.value, activity_types.c.is_default)
        )
        if found is None:  # the migration seeds one per kind and nothing may remove it
            raise LookupError(f"no default activity type for {kind.value}")
        return found


async def default_type_ids(session: AsyncSession) -> dict[str, UUID]:
    """Each kind's default activity type id (for bulk loads that write rows directly)."""
    rows = await session.execute(
        sa.select(activity_types.c.kind, activity_types.c.id).where(activity_types.c.is_default)
    )
    return {kind: type_id for kind, type_id in rows}


class SqlActivities:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, activity_id: UUID) -> Activity | None:
        found = await load_activities(self.session, activities.c.id == activity_id)
        return found[0] if found else None

    async def _set_participants(self, activity: Activity) -> None:
        await self.session.execute(
            sa.delete(activity_participants).where(
                activity_participants.c.activity_id == activity.id
            )
        )
        if activity.participant_ids:
            await self.session.execute(
                sa.insert(activity_participants),
                [
                    {"activity_id": activity.id, "user_id": u}
                    for u in sorted(activity.participant_ids)
                ],
            )

    async def add(self, activity: Activity) -> None:
        await self.session.execute(sa.insert(activities).values(**activity_row(activity)))
        if activity.participant_ids:
            await self._set_participants(activity)

    async def add_many(self, batch: Iterable[Activity]) -> None:
        """Bulk insert for demo data, generated work and benchmarks."""
        records = list(batch)
        if records:
            await self.session.execute(sa.insert(activities), [activity_row(a) for a in records])
        links = [
            {"activity_id": a.id, "user_id": u} for a in records for u in sorted(a.participant_ids)
        ]
        if links:
            await self.session.execute(sa.insert(activity_participants), links)

    async def update(self, activity: Activity, expected_version: int) -> None:
        await versioned_update(
            self.session,
            activities,
            "activity",
            activity.id,
            expected_version,
            activity_row(activity),
        )
        await self._set_participants(activity)


def request_label(number: str, title: str) -> str:
    return f"{number} {title}"


def lead_label(company_name: str, contact_name: str) -> str:
    return f"{company_name} ({contact_name})"


def contact_label(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}"


class SqlRegardingLookup:
    """Finds the record an activity is about, within the caller's read scope, and the account
    the activity belongs to through it: the account itself, a contact's first account (the
    oldest linked one, by its time-ordered id), a service request's customer."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(
        self, principal: Principal, regarding_type: RegardingType, regarding_id: UUID
    ) -> Regarded | None:
        found = await self._find(principal, regarding_type, regarding_id)
        if found is None or found.account_id is None:
            return found
        account = (
            await self.session.execute(
                sa.select(
                    accounts.c.name, accounts.c.passive_since, accounts.c.passive_reason
                ).where(accounts.c.id == found.account_id)
            )
        ).first()
        if account is None:  # pragma: no cover - a foreign key keeps it
            return found
        return replace(
            found,
            account_name=account.name,
            passive_since=account.passive_since,
            passive_reason=account.passive_reason,
        )

    async def _find(
        self, principal: Principal, regarding_type: RegardingType, regarding_id: UUID
    ) -> Regarded | None:
        if regarding_type is RegardingType.ACCOUNT:
            row = (
                await self.session.execute(
                    sa.select(accounts.c.name).where(
                        accounts.c.id == regarding_id, readable(principal, "account", accounts)
                    )
                )
            ).first()
            return Regarded(regarding_type, regarding_id, regarding_id, row.name) if row else None
        if regarding_type is RegardingType.CONTACT:
            first_account = (
                sa.select(contact_accounts.c.account_id)
                .where(contact_accounts.c.contact_id == contacts.c.id)
                .order_by(contact_accounts.c.account_id)
                .limit(1)
                .scalar_subquery()
            )
            row = (
                await self.session.execute(
                    sa.select(
                        contacts.c.first_name,
                        contacts.c.last_name,
                        first_account.label("account_id"),
                    ).where(contacts.c.id == regarding_id, readable(principal, "contact", contacts))
                )
            ).first()
            if row is None:
                return None
            label = contact_label(row.first_name, row.last_name)
            return Regarded(regarding_type, regarding_id, row.account_id, label)
        if regarding_type is RegardingType.SERVICE_REQUEST:
            row = (
                await self.session.execute(
                    sa.select(
                        service_requests.c.number,
                        service_requests.c.title,
                        service_requests.c.account_id,
                    ).where(
                        service_requests.c.id == regarding_id,
                        readable(
                            principal, "service_request", service_requests, queue_col="queue_id"
                        ),
                    )
                )
            ).first()
            if row is None:
                return None
            label = request_label(row.number, row.title)
            return Regarded(regarding_type, regarding_id, row.account_id, label)
        if regarding_type is RegardingType.SALES_PROJECT:
            row = (
                await self.session.execute(
                    sa.select(sales_projects.c.name, sales_projects.c.account_id).where(
                        sales_projects.c.id == regarding_id,
                        readable(principal, "sales_project", sales_projects),
                    )
                )
            ).first()
            if row is None:
                return None
            return Regarded(regarding_type, regarding_id, row.account_id, row.name)
        # offers and orders
        if regarding_type in (RegardingType.OFFER, RegardingType.ORDER):
            table = offers if regarding_type is RegardingType.OFFER else orders
            row = (
                await self.session.execute(
                    sa.select(table.c.number, table.c.title, table.c.account_id).where(
                        table.c.id == regarding_id,
                        readable(principal, regarding_type.value, table),
                    )
                )
            ).first()
            if row is None:
                return None
            label = request_label(row.number, row.title)
            return Regarded(regarding_type, regarding_id, row.account_id, label)
        if regarding_type is RegardingType.LEAD:
            row = (
                await self.session.execute(
                    sa.select(leads.c.company_name, leads.c.contact_name, leads.c.account_id).where(
                        leads.c.id == regarding_id, leads_readable(principal)
                    )
                )
            ).first()
            if row is None:
                return None
            label = lead_label(row.company_name, row.contact_name)
            return Regarded(regarding_type, regarding_id, row.account_id, label)
        return None  # pragma: no cover - a new regarding type without a lookup yet
