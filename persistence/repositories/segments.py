"""Repositories of segmentation: segments and their members (with the membership events),
account-class changes and policies, the facts classes need, and the refresh job's rule
evaluation."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts import Account, AccountClass
from domain.offers import window_start
from domain.segmentation import (
    ACCOUNT_CLASS_CHANGE,
    SEGMENT,
    AccountClassChange,
    ChangeStatus,
    ClassPolicy,
    MembershipEvent,
    Segment,
    SegmentKind,
)
from domain.shared import IdFactory
from domain.shared.filter_catalogues import ACCOUNT_FILTERS
from domain.shared.filters import parse_filter
from persistence.queries.offers import purchase_volume_cents
from persistence.queries.segments import account_ids_matching, segment_context, segment_from_row
from persistence.repositories.accounts import load_accounts
from persistence.repositories.base import TableRecords
from persistence.tables.accounts import accounts
from persistence.tables.segments import (
    account_class_changes,
    account_class_policies,
    segment_members,
    segment_membership_events,
    segments,
)

CHUNK = 1_000


class SqlSegments(TableRecords[Segment]):
    def __init__(self, session: AsyncSession, ids: IdFactory) -> None:
        super().__init__(session, segments, SEGMENT, segment_from_row)
        self._ids = ids

    async def delete(self, segment_id: UUID) -> None:
        for table in (segment_membership_events, segment_members):
            await self.session.execute(sa.delete(table).where(table.c.segment_id == segment_id))
        await self.session.execute(sa.delete(segments).where(segments.c.id == segment_id))

    async def member_ids(self, segment_id: UUID) -> set[UUID]:
        rows = await self.session.scalars(
            sa.select(segment_members.c.account_id).where(
                segment_members.c.segment_id == segment_id
            )
        )
        return set(rows)

    async def _events(
        self,
        segment_id: UUID,
        account_ids: Collection[UUID],
        event: MembershipEvent,
        at: datetime,
        by: UUID | None,
    ) -> None:
        rows = [
            {
                "id": self._ids.new_id(),
                "segment_id": segment_id,
                "account_id": a,
                "event": event.value,
                "at": at,
                "by": by,
            }
            for a in account_ids
        ]
        for start in range(0, len(rows), CHUNK):
            await self.session.execute(
                sa.insert(segment_membership_events), rows[start : start + CHUNK]
            )

    async def join(
        self, segment_id: UUID, account_ids: Collection[UUID], at: datetime, by: UUID | None
    ) -> None:
        rows = [
            {"segment_id": segment_id, "account_id": a, "joined_at": at, "added_by": by}
            for a in account_ids
        ]
        for start in range(0, len(rows), CHUNK):
            await self.session.execute(sa.insert(segment_members), rows[start : start + CHUNK])
        await self._events(segment_id, account_ids, MembershipEvent.JOINED, at, by)

    async def leave(
        self, segment_id: UUID, account_ids: Collection[UUID], at: datetime, by: UUID | None
    ) -> None:
        ids = list(account_ids)
        for start in range(0, len(ids), CHUNK):
            await self.session.execute(
                sa.delete(segment_members).where(
                    segment_members.c.segment_id == segment_id,
                    segment_members.c.account_id.in_(ids[start : start + CHUNK]),
                )
            )
        await self._events(segment_id, ids, MembershipEvent.LEFT, at, by)

    async def dynamic_ids(self) -> list[UUID]:
        rows = await self.session.scalars(
            sa.select(segments.c.id)
            .where(segments.c.kind == SegmentKind.DYNAMIC.value)
            .order_by(segments.c.id)
        )
        return list(rows)


class SqlSegmentRules:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all_matching(self, segment: Segment, now: datetime) -> set[UUID]:
        flt = parse_filter(segment.rule, ACCOUNT_FILTERS, path="rule")
        stmt = account_ids_matching(flt, segment_context(segment, now), None)
        return set(await self.session.scalars(stmt))


def change_from_row(row: dict[str, Any]) -> AccountClassChange:
    values = dict(row)
    values["to_class"] = AccountClass(values["to_class"])
    values["status"] = ChangeStatus(values["status"])
    for name in ("from_class", "suggested_class"):
        values[name] = AccountClass(values[name]) if values[name] else None
    return AccountClassChange(**values)


class SqlClassChanges(TableRecords[AccountClassChange]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, account_class_changes, ACCOUNT_CLASS_CHANGE, change_from_row)

    async def pending_for(self, account_id: UUID) -> AccountClassChange | None:
        return await self.one(
            sa.and_(
                account_class_changes.c.account_id == account_id,
                account_class_changes.c.status == ChangeStatus.PENDING.value,
            )
        )


class SqlClassPolicies(TableRecords[ClassPolicy]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(
            session,
            account_class_policies,
            "account_class_policy",
            lambda row: ClassPolicy(**row),
        )

    async def for_unit(self, business_unit_id: UUID | None) -> ClassPolicy | None:
        column = account_class_policies.c.business_unit_id
        return await self.one(
            column.is_(None) if business_unit_id is None else column == business_unit_id
        )


class SqlClassFacts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def accounts_with_class(self, business_unit_id: UUID, account_class: str) -> int:
        found = await self.session.scalar(
            sa.select(sa.func.count())
            .select_from(accounts)
            .where(
                accounts.c.business_unit_id == business_unit_id,
                accounts.c.account_class == str(account_class),
            )
        )
        return int(found or 0)

    async def volume_cents(self, account_id: UUID, on: date) -> int:
        found = await self.session.scalar(
            sa.select(
                purchase_volume_cents(sa.literal(account_id, sa.Uuid()), window_start(on), on)
            )
        )
        return int(found or 0)

    async def accounts_by_business_id(self, business_ids: Collection[str]) -> dict[str, Account]:
        if not business_ids:
            return {}
        found = await load_accounts(self.session, accounts.c.business_id.in_(list(business_ids)))
        return {a.business_id: a for a in found if a.business_id}
