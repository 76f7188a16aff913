"""The merge adapter: moves every reference to a duplicate account onto the survivor.

Which columns refer to accounts is read from the table metadata — every foreign key to
`accounts.id`, whichever module declared its table — so that tables added later (classes,
segments, offers, leads…) move without this module knowing them. Polymorphic references
("regarding" an account, a notification about one) have no foreign key and are listed in
`POLYMORPHIC_REFERENCES`; a test fails when a table has a `<x>_type`/`<x>_id` pair or an
`…account_id` column that is neither.

A moved row can collide with a row the survivor already has under a unique key that contains
the column (the same contact linked to both, the same team member, an id in the same external
system). Such rows are combined into the survivor's — the survivor's row wins; a table with
something to carry over has a resolver in `RESOLVERS` (a contact's role, a member's edit
access) — and the duplicate's copy is deleted; the report keeps the first copies.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.util import ClauseAdapter

from domain.accounts.ports import AccountMerge, ReferenceMove
from domain.shared import StaleVersion
from domain.shared.audit import snapshot_value
from persistence.tables import metadata
from persistence.tables.accounts import (
    account_merges,
    account_team_members,
    accounts,
    contact_accounts,
    contacts,
)

# (table, type column, id column): rows whose type column says "account" refer to one.
POLYMORPHIC_REFERENCES = (
    ("activities", "regarding_type", "regarding_id"),
    ("notifications", "record_type", "record_id"),
)
ACCOUNT_TYPE = "account"
# How many merged rows per column the report lists (the counts are always complete).
ROWS_SHOWN = 20


@dataclass(frozen=True)
class UniqueKey:
    columns: tuple[sa.Column[Any], ...]
    where: sa.ColumnElement[bool] | None = None  # a partial unique index's condition


@dataclass(frozen=True)
class Reference:
    """One column holding account ids."""

    table: sa.Table
    column: sa.Column[Any]
    keys: tuple[UniqueKey, ...] = ()
    type_column: sa.Column[Any] | None = None

    @property
    def name(self) -> str:
        return f"{self.table.name}.{self.column.name}"


def _unique_keys(table: sa.Table, column: sa.Column[Any]) -> tuple[UniqueKey, ...]:
    keys: list[UniqueKey] = []
    for constraint in table.constraints:
        if isinstance(constraint, sa.PrimaryKeyConstraint | sa.UniqueConstraint):
            cols = tuple(constraint.columns)
            if column in cols:
                keys.append(UniqueKey(cols))
    for index in table.indexes:
        cols = tuple(c for c in index.expressions if isinstance(c, sa.Column))
        if index.unique and column in cols and len(cols) == len(index.expressions):
            where = index.dialect_options["postgresql"].get("where") or index.dialect_options[
                "sqlite"
            ].get("where")
            keys.append(UniqueKey(cols, where))
    return tuple(keys)


def account_references(meta: sa.MetaData = metadata) -> list[Reference]:
    """Every column that refers to an account, from the schema."""
    refs = [
        Reference(table, fk.parent, _unique_keys(table, fk.parent))
        for table in meta.sorted_tables
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name)
        if fk.column.table.name == accounts.name and fk.column.name == "id"
    ]
    for table_name, type_column, id_column in POLYMORPHIC_REFERENCES:
        table = meta.tables[table_name]
        refs.append(Reference(table, table.c[id_column], type_column=table.c[type_column]))
    return refs


# ------------------------------------------------------------------ one column


def _of(ref: Reference, account_id: UUID, table: Any = None) -> sa.ColumnElement[bool]:
    """Rows of the column that refer to `account_id` (through an alias when given)."""
    source = ref.table if table is None else table
    conds = [source.c[ref.column.name] == account_id]
    if ref.type_column is not None:
        conds.append(source.c[ref.type_column.name] == ACCOUNT_TYPE)
    return sa.and_(*conds)


def _collides(ref: Reference, survivor_id: UUID) -> sa.ColumnElement[bool]:
    """Duplicate rows that the survivor already has an equal of under a unique key."""
    options: list[sa.ColumnElement[bool]] = []
    for key in ref.keys:
        theirs = ref.table.alias("survivor_rows")
        conds = [_of(ref, survivor_id, theirs)]
        conds += [
            theirs.c[c.name] == ref.table.c[c.name] for c in key.columns if c is not ref.column
        ]
        if key.where is not None:
            conds.append(ClauseAdapter(theirs).traverse(key.where))
            options.append(sa.and_(key.where, sa.exists().where(*conds)))
        else:
            options.append(sa.exists().where(*conds))
    return sa.or_(*options) if options else sa.false()


def _moving(ref: Reference, survivor_id: UUID, duplicate_id: UUID) -> sa.ColumnElement[bool]:
    condition = _of(ref, duplicate_id)
    if ref.table is accounts:
        # The two accounts' own rows are the use case's to write (the duplicate is deleted).
        condition = sa.and_(condition, accounts.c.id.not_in([survivor_id, duplicate_id]))
    return condition


async def _survey(
    session: AsyncSession, ref: Reference, survivor_id: UUID, duplicate_id: UUID
) -> ReferenceMove:
    moving = _moving(ref, survivor_id, duplicate_id)
    rows = await session.scalar(sa.select(sa.func.count()).select_from(ref.table).where(moving))
    merged = 0
    rows_shown: tuple[dict[str, Any], ...] = ()
    if ref.keys and rows:
        colliding = sa.and_(moving, _collides(ref, survivor_id))
        merged = int(
            await session.scalar(sa.select(sa.func.count()).select_from(ref.table).where(colliding))
            or 0
        )
        if merged:
            shown = [c for c in ref.table.columns if c is not ref.column]
            # Ordered by the keys' other columns: plain values (a JSON column has no order).
            keys = dict.fromkeys(c for k in ref.keys for c in k.columns if c is not ref.column)
            found = await session.execute(
                sa.select(*shown).where(colliding).order_by(*keys).limit(ROWS_SHOWN)
            )
            rows_shown = tuple(
                {c.name: snapshot_value(v) for c, v in zip(shown, row, strict=True)}
                for row in found
            )
    return ReferenceMove(ref.table.name, ref.column.name, int(rows or 0), merged, rows_shown)


# ------------------------------------------------------------------ resolvers


Resolver = Callable[[AsyncSession, UUID, UUID, datetime], Awaitable[None]]


async def _contact_links(
    session: AsyncSession, survivor_id: UUID, duplicate_id: UUID, at: datetime
) -> None:
    """A contact linked to both keeps the survivor's link, with the duplicate's role when the
    survivor's link has none. The contacts whose links move get a new version."""
    theirs = contact_accounts.alias("duplicate_links")
    role = (
        sa.select(theirs.c.role)
        .where(
            theirs.c.account_id == duplicate_id,
            theirs.c.contact_id == contact_accounts.c.contact_id,
        )
        .scalar_subquery()
    )
    await session.execute(
        sa.update(contact_accounts)
        .where(
            contact_accounts.c.account_id == survivor_id,
            contact_accounts.c.role.is_(None),
            contact_accounts.c.contact_id.in_(
                sa.select(theirs.c.contact_id).where(
                    theirs.c.account_id == duplicate_id, theirs.c.role.is_not(None)
                )
            ),
        )
        .values(role=role)
    )
    await session.execute(
        sa.update(contacts)
        .where(
            contacts.c.id.in_(
                sa.select(contact_accounts.c.contact_id).where(
                    contact_accounts.c.account_id == duplicate_id
                )
            )
        )
        .values(version=contacts.c.version + 1, updated_at=at)
    )


async def _team_members(
    session: AsyncSession, survivor_id: UUID, duplicate_id: UUID, at: datetime
) -> None:
    """A user on both teams keeps the survivor's membership, with edit access when either
    had it and the duplicate's role when the survivor's membership has none."""
    theirs = account_team_members.alias("duplicate_team")
    mine = account_team_members.c

    def on_both(*conds: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
        return mine.user_id.in_(
            sa.select(theirs.c.user_id).where(theirs.c.account_id == duplicate_id, *conds)
        )

    await session.execute(
        sa.update(account_team_members)
        .where(mine.account_id == survivor_id, on_both(theirs.c.access == "edit"))
        .values(access="edit")
    )
    role = (
        sa.select(theirs.c.role_id)
        .where(theirs.c.account_id == duplicate_id, theirs.c.user_id == mine.user_id)
        .scalar_subquery()
    )
    await session.execute(
        sa.update(account_team_members)
        .where(
            mine.account_id == survivor_id,
            mine.role_id.is_(None),
            on_both(theirs.c.role_id.is_not(None)),
        )
        .values(role_id=role)
    )


RESOLVERS: dict[str, Resolver] = {
    contact_accounts.name: _contact_links,
    account_team_members.name: _team_members,
}


# ------------------------------------------------------------------ the adapter


class SqlAccountMerger:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, survivor_id: UUID, duplicate_id: UUID) -> None:
        # A row that refers to an account takes a key-share lock on it (PostgreSQL), so
        # FOR UPDATE makes a concurrent insert for the duplicate wait, then fail once it is
        # gone, instead of slipping in between the move and the delete. SQLite serialises
        # writers and ignores the clause.
        await self.session.execute(
            sa.select(accounts.c.id)
            .where(accounts.c.id.in_([survivor_id, duplicate_id]))
            .order_by(accounts.c.id)
            .with_for_update()
        )

    async def plan(self, survivor_id: UUID, duplicate_id: UUID) -> list[ReferenceMove]:
        return [
            await _survey(self.session, ref, survivor_id, duplicate_id)
            for ref in account_references()
        ]

    async def move(
        self, survivor_id: UUID, duplicate_id: UUID, at: datetime
    ) -> list[ReferenceMove]:
        done = []
        for ref in account_references():
            report = await _survey(self.session, ref, survivor_id, duplicate_id)
            done.append(report)
            if not report.rows:
                continue
            resolver = RESOLVERS.get(ref.table.name)
            if resolver is not None:
                await resolver(self.session, survivor_id, duplicate_id, at)
            moving = _moving(ref, survivor_id, duplicate_id)
            if report.merged:
                await self.session.execute(
                    sa.delete(ref.table).where(moving, _collides(ref, survivor_id))
                )
            values: dict[str, Any] = {ref.column.name: survivor_id}
            if "version" in ref.table.c and "updated_at" in ref.table.c:
                values |= {"version": ref.table.c.version + 1, "updated_at": at}
            await self.session.execute(sa.update(ref.table).where(moving).values(**values))
        return done

    async def release(self, account_id: UUID, expected_version: int) -> None:
        result = await self.session.execute(
            sa.update(accounts)
            .where(accounts.c.id == account_id, accounts.c.version == expected_version)
            .values(business_id=None)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            current = await self.session.scalar(
                sa.select(accounts.c.version).where(accounts.c.id == account_id)
            )
            raise StaleVersion("account", expected_version, int(current or 0))

    async def delete(self, account_id: UUID) -> None:
        await self.session.execute(sa.delete(accounts).where(accounts.c.id == account_id))

    async def record(self, merge: AccountMerge) -> None:
        await self.session.execute(
            sa.insert(account_merges).values(
                id=merge.id,
                survivor_id=merge.survivor_id,
                duplicate_id=merge.duplicate_id,
                duplicate_name=merge.duplicate_name,
                duplicate=dict(merge.duplicate),
                moves=[
                    {
                        "table": m.table,
                        "column": m.column,
                        "rows": m.rows,
                        "merged": m.merged,
                        "merged_rows": [dict(k) for k in m.merged_rows],
                    }
                    for m in merge.moves
                ],
                filled=dict(merge.filled),
                merged_by=merge.merged_by,
                merged_at=merge.merged_at,
            )
        )
