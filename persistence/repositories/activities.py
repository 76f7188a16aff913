"""The activity repository and the lookup of the records activities are about."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.activities import (
    Activity,
    ActivityStatus,
    ActivityType,
    Direction,
    Priority,
    Regarded,
    RegardingType,
)
from domain.shared import Principal
from persistence.repositories.base import versioned_update
from persistence.scoping import readable
from persistence.tables.accounts import accounts, contact_accounts, contacts
from persistence.tables.activities import activities
from persistence.tables.sales import sales_projects
from persistence.tables.service import service_requests

_COLUMNS = frozenset(c.name for c in activities.columns)


def activity_row(activity: Activity) -> dict[str, Any]:
    return {name: getattr(activity, name) for name in _COLUMNS}


def activity_from_row(row: Any) -> Activity:
    values = dict(row)
    values["type"] = ActivityType(values["type"])
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
    rows = await session.execute(sa.select(activities).where(condition).order_by(*order))
    return [activity_from_row(r) for r in rows.mappings()]


class SqlActivities:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, activity_id: UUID) -> Activity | None:
        found = await load_activities(self.session, activities.c.id == activity_id)
        return found[0] if found else None

    async def add(self, activity: Activity) -> None:
        await self.session.execute(sa.insert(activities).values(**activity_row(activity)))

    async def add_many(self, batch: Iterable[Activity]) -> None:
        """Bulk insert for demo data and benchmarks."""
        rows = [activity_row(a) for a in batch]
        if rows:
            await self.session.execute(sa.insert(activities), rows)

    async def update(self, activity: Activity, expected_version: int) -> None:
        await versioned_update(
            self.session,
            activities,
            "activity",
            activity.id,
            expected_version,
            activity_row(activity),
        )


def request_label(number: str, title: str) -> str:
    return f"{number} {title}"


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
        return None  # pragma: no cover - a new regarding type without a lookup yet
