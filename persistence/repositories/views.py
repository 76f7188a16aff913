"""Saved views: the repository, the team lookup the views context needs, and the seeding of
the built-in system views (`ensure_system_views`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.shared import Clock, IdFactory, StaleVersion
from domain.views import SavedView, Visibility
from domain.views.system import SYSTEM_KEYS, install_system_views
from persistence.repositories.audit import SqlAuditLog
from persistence.repositories.base import versioned_update
from persistence.tables.identity import business_units, roles, team_members, user_roles, users
from persistence.tables.views import saved_views


def view_row(view: SavedView) -> dict[str, Any]:
    return {
        "id": view.id,
        "entity": view.entity,
        "name": view.name,
        "name_en": view.name_en,
        "filter": view.filter,
        "columns": list(view.columns),
        "sort": view.sort,
        "visibility": view.visibility.value,
        "team_id": view.team_id,
        "system_key": view.system_key,
        "position": view.position,
        "owner_id": view.owner_id,
        "business_unit_id": view.business_unit_id,
        "created_at": view.created_at,
        "updated_at": view.updated_at,
        "version": view.version,
    }


def view_from_row(row: Any) -> SavedView:
    values = dict(row)
    values["columns"] = tuple(values["columns"] or ())
    values["visibility"] = Visibility(values["visibility"])
    values["filter"] = dict(values["filter"] or {})
    return SavedView(**values)


async def load_views(session: AsyncSession, condition: sa.ColumnElement[bool]) -> list[SavedView]:
    rows = (await session.execute(sa.select(saved_views).where(condition))).mappings().all()
    return [view_from_row(r) for r in rows]


class SqlSavedViews:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, view_id: UUID) -> SavedView | None:
        found = await load_views(self.session, saved_views.c.id == view_id)
        return found[0] if found else None

    async def add(self, view: SavedView) -> None:
        await self.session.execute(sa.insert(saved_views).values(**view_row(view)))

    async def update(self, view: SavedView, expected_version: int) -> None:
        values = view_row(view)
        values.pop("id")
        await versioned_update(
            self.session, saved_views, "saved_view", view.id, expected_version, values
        )

    async def delete(self, view: SavedView, expected_version: int) -> None:
        result = await self.session.execute(
            sa.delete(saved_views).where(
                saved_views.c.id == view.id, saved_views.c.version == expected_version
            )
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            current = await self.session.scalar(
                sa.select(saved_views.c.version).where(saved_views.c.id == view.id)
            )
            raise StaleVersion("saved_view", expected_version, int(current or 0))

    async def system_keys(self, entity: str) -> frozenset[str]:
        rows = await self.session.scalars(
            sa.select(saved_views.c.system_key).where(
                saved_views.c.entity == entity, saved_views.c.system_key.is_not(None)
            )
        )
        return frozenset(k for k in rows if k is not None)


class SqlViewDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def team_ids_of(self, user_id: UUID) -> frozenset[UUID]:
        return await team_ids_of(self.session, user_id)


async def team_ids_of(session: AsyncSession, user_id: UUID) -> frozenset[UUID]:
    rows = await session.scalars(
        sa.select(team_members.c.team_id).where(team_members.c.user_id == user_id)
    )
    return frozenset(rows)


# ------------------------------------------------------------------ seeding


@dataclass(frozen=True)
class _Runtime:
    clock: Clock
    ids: IdFactory


class _SeedingUnitOfWork:
    """Just what `install_system_views` needs, on one session."""

    def __init__(self, session: AsyncSession, ids: IdFactory) -> None:
        self.session = session
        self.saved_views = SqlSavedViews(session)
        self.view_directory = SqlViewDirectory(session)
        self.audit = SqlAuditLog(session, ids)

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()


async def _root_admin(session: AsyncSession) -> tuple[UUID, UUID] | None:
    """The owner of the system views: the first active administrator (else the first active
    user), and the root business unit."""
    root = await session.scalar(
        sa.select(business_units.c.id)
        .where(business_units.c.parent_id.is_(None))
        .order_by(business_units.c.created_at)
        .limit(1)
    )
    if root is None:
        return None
    admins = (
        sa.select(user_roles.c.user_id)
        .join(roles, roles.c.id == user_roles.c.role_id)
        .where(roles.c.name == "admin")
    )
    admin_first = sa.case((users.c.id.in_(admins), 0), else_=1)
    owner = await session.scalar(
        sa.select(users.c.id)
        .where(users.c.is_active.is_(True))
        .order_by(admin_first, users.c.created_at, users.c.id)
        .limit(1)
    )
    return (owner, root) if owner is not None else None


async def missing_system_views(session: AsyncSession) -> bool:
    """One indexed count: are any built-in system views missing?"""
    present = await session.scalar(
        sa.select(sa.func.count()).where(saved_views.c.system_key.in_(SYSTEM_KEYS))
    )
    return int(present or 0) < len(SYSTEM_KEYS)


async def ensure_system_views(
    session: AsyncSession, clock: Clock, ids: IdFactory, owner_id: UUID | None = None
) -> int:
    """Create the built-in system views that are missing (idempotent); returns how many it
    created. The owner is `owner_id`, else the first administrator; the unit is the root
    unit. Does nothing (returns 0) before the first user exists. Commits on `session`.

    Safe to run concurrently: if another process creates them at the same moment, the
    unique `system_key` stops the second one and this returns 0."""
    if not await missing_system_views(session):
        return 0
    found = await _root_admin(session)
    if found is None:
        return 0
    owner, root = found
    if owner_id is not None:
        owner = owner_id
    try:
        added = await install_system_views(
            _SeedingUnitOfWork(session, ids), _Runtime(clock, ids), owner, root
        )
    except IntegrityError:
        await session.rollback()
        return 0
    return len(added)
