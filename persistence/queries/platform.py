"""Field history of one record and the changes feed across everything a caller may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared import Cursor, Page, PageRequest, Principal, SortKey, ValidationFailed
from persistence.scoping import readable
from persistence.tables.identity import users
from persistence.tables.platform import audit_entries, changes


@dataclass(frozen=True)
class HistoryLine:
    id: UUID
    changed_at: datetime
    changed_by: UUID | None
    changed_by_name: str | None
    operation: str
    field: str | None
    old_value: Any
    new_value: Any


async def history(
    session: AsyncSession, entity: str, record_id: UUID, page: PageRequest
) -> Page[HistoryLine]:
    """Newest first. The caller has already been shown the record (scope checked there)."""
    stmt = (
        sa.select(audit_entries, users.c.name.label("changed_by_name"))
        .outerjoin(users, users.c.id == audit_entries.c.changed_by)
        .where(audit_entries.c.entity == entity, audit_entries.c.record_id == record_id)
    )
    cursor = page.decoded_cursor()
    if cursor is not None:
        stmt = stmt.where(audit_entries.c.id < cursor.last_id)
    rows = (
        (await session.execute(stmt.order_by(audit_entries.c.id.desc()).limit(page.limit + 1)))
        .mappings()
        .all()
    )
    next_cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        next_cursor = Cursor(str(page.sort), None, rows[-1]["id"]).encode()
    return Page(
        [HistoryLine(**{k: r[k] for k in HistoryLine.__dataclass_fields__}) for r in rows],
        next_cursor,
    )


HISTORY_SORT = SortKey("changed_at", descending=True)


@dataclass(frozen=True)
class ChangeLine:
    seq: int
    entity: str
    record_id: UUID
    operation: str
    version: int
    changed_at: datetime
    data: dict[str, Any] | None


FEED_ENTITIES = ("account", "contact")


def _feed_cursor(seq: int) -> str:
    return Cursor("seq", seq, UUID(int=0)).encode()


def parse_feed_cursor(token: str | None) -> int:
    if not token:
        return 0
    cursor = Cursor.decode(token, SortKey("seq"))
    if not isinstance(cursor.value, int) or cursor.value < 0:
        raise ValidationFailed.field("cursor", "The cursor is not valid.")
    return cursor.value


async def changes_since(
    session: AsyncSession,
    principal: Principal,
    cursor: str | None,
    limit: int,
    entities: tuple[str, ...] = FEED_ENTITIES,
) -> tuple[list[ChangeLine], str]:
    """Changes after the cursor, oldest first, only the newest change of each record (its
    current state), and only for records the caller may read now. The returned cursor is
    always set: an integration stores it and asks again later for what changed since."""
    after = parse_feed_cursor(cursor)
    latest = (
        sa.select(sa.func.max(changes.c.seq))
        .where(changes.c.seq > after)
        .group_by(changes.c.entity, changes.c.record_id)
    )
    visible = sa.or_(
        sa.false(),
        *[
            sa.and_(changes.c.entity == entity, readable(principal, entity, changes))
            for entity in entities
        ],
    )
    rows = (
        (
            await session.execute(
                sa.select(changes)
                .where(changes.c.seq.in_(latest), visible)
                .order_by(changes.c.seq)
                .limit(limit)
            )
        )
        .mappings()
        .all()
    )
    lines = [ChangeLine(**{k: r[k] for k in ChangeLine.__dataclass_fields__}) for r in rows]
    if len(lines) == limit:
        next_seq = lines[-1].seq
    else:
        # Nothing more visible now: move the cursor to the newest change of all, so that the
        # next call only scans what happens after it.
        next_seq = max(after, int(await session.scalar(sa.select(sa.func.max(changes.c.seq))) or 0))
    return lines, _feed_cursor(next_seq)
