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


FEED_ENTITIES = (
    "account",
    "contact",
    "service_request",
    "activity",
    "sales_project",
    # offers and orders
    "offer",
    "order",
    "lead",
    "account_creation_request",
    # segmentation
    "segment",
    "account_class_change",
)


# A feed position is (transaction id, sequence number). On PostgreSQL, sequence numbers are
# handed out at insert time but become visible at commit time, so a later-committing
# transaction can reveal a *lower* seq after a reader has moved past it. The feed therefore
# only hands out rows of transactions older than the oldest one still running
# (pg_snapshot_xmin): every row below that horizon is committed or rolled back for good,
# and everything that becomes visible later sorts after it. SQLite serialises writers, so
# there seq alone is in commit order and the transaction id is always 0.
Position = tuple[int, int]
_POSITION = SortKey("position")


def _encode_position(position: Position) -> str:
    return Cursor(str(_POSITION), f"{position[0]}.{position[1]}", UUID(int=0)).encode()


def parse_feed_cursor(token: str | None) -> Position:
    if not token:
        return (-1, 0)
    cursor = Cursor.decode(token, _POSITION)
    try:
        tx, seq = (int(part) for part in str(cursor.value).split("."))
    except ValueError as exc:
        raise ValidationFailed.field("cursor", "The cursor is not valid.") from exc
    if tx < -1 or seq < 0:
        raise ValidationFailed.field("cursor", "The cursor is not valid.")
    return (tx, seq)


_TX = changes.c.tx


async def _oldest_running_tx(session: AsyncSession) -> int | None:
    """PostgreSQL: every transaction below this id has ended. None where writers are serial."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    snapshot_xmin = sa.func.pg_snapshot_xmin(sa.func.pg_current_snapshot())
    return int(
        await session.scalar(sa.select(sa.cast(sa.cast(snapshot_xmin, sa.Text), sa.BigInteger)))
        or 0
    )


def _settled(table: sa.FromClause, horizon: int | None) -> sa.ColumnElement[bool]:
    return sa.true() if horizon is None else table.c.tx < horizon


async def changes_since(
    session: AsyncSession,
    principal: Principal,
    cursor: str | None,
    limit: int,
    entities: tuple[str, ...] = FEED_ENTITIES,
) -> tuple[list[ChangeLine], str]:
    """Changes after the cursor in commit order, only the newest change of each record (its
    current state), and only for records the caller may read now. The returned cursor is
    always set: an integration stores it and asks again later for what changed since."""
    after = parse_feed_cursor(cursor)
    # One horizon for every statement below, so that none sees rows another did not.
    horizon = await _oldest_running_tx(session)
    newer = changes.alias("newer")
    superseded = sa.exists().where(
        newer.c.entity == changes.c.entity,
        newer.c.record_id == changes.c.record_id,
        newer.c.seq > changes.c.seq,
        _settled(newer, horizon),
    )
    visible = sa.or_(
        sa.false(),
        *[
            sa.and_(changes.c.entity == entity, readable(principal, entity, changes))
            for entity in entities
        ],
    )
    after_cursor = sa.tuple_(_TX, changes.c.seq) > sa.tuple_(
        sa.literal(after[0]), sa.literal(after[1])
    )
    rows = (
        (
            await session.execute(
                sa.select(changes, _TX.label("position_tx"))
                .where(after_cursor, _settled(changes, horizon), visible, sa.not_(superseded))
                .order_by(_TX, changes.c.seq)
                .limit(limit)
            )
        )
        .mappings()
        .all()
    )
    lines = [ChangeLine(**{k: r[k] for k in ChangeLine.__dataclass_fields__}) for r in rows]
    if len(lines) == limit:
        next_position: Position = (int(rows[-1]["position_tx"]), int(rows[-1]["seq"]))
    else:
        # Everything settled has been scanned: move the cursor to the newest settled change,
        # so that the next call only looks at what happens after it.
        newest = (
            await session.execute(
                sa.select(_TX, changes.c.seq)
                .where(_settled(changes, horizon))
                .order_by(_TX.desc(), changes.c.seq.desc())
                .limit(1)
            )
        ).first()
        next_position = max(after, (int(newest[0]), int(newest[1]))) if newest else after
    return lines, _encode_position(next_position)
