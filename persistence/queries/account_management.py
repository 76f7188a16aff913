"""Read models of account management: the names a team screen shows, the account-team roles
(organisation-wide set-up: its read scope has no owner or unit) and the merge log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts import TeamRole
from domain.accounts.team_roles import TEAM_ROLE
from domain.shared import Page, PageRequest, Principal
from persistence.queries.paging import in_order, keyset_ids
from persistence.scoping import readable
from persistence.tables.accounts import account_merges, account_team_roles
from persistence.tables.identity import users

ROLE_SORTS = {
    "sort_order": account_team_roles.c.sort_order,
    "key": account_team_roles.c.key,
    "name": account_team_roles.c.name,
    "created_at": account_team_roles.c.created_at,
}


@dataclass(frozen=True)
class Person:
    name: str
    is_active: bool


async def people(session: AsyncSession, ids: Iterable[UUID | None]) -> dict[UUID, Person]:
    """Users by id, with whether they are still active (a member who left stays listed)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await session.execute(
        sa.select(users.c.id, users.c.name, users.c.is_active).where(users.c.id.in_(wanted))
    )
    return {r.id: Person(r.name, r.is_active) for r in rows}


async def team_roles_by_id(
    session: AsyncSession, ids: Iterable[UUID | None]
) -> dict[UUID, TeamRole]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await session.execute(
        sa.select(account_team_roles).where(account_team_roles.c.id.in_(wanted))
    )
    return {r["id"]: TeamRole(**r) for r in rows.mappings()}


@dataclass(frozen=True)
class RoleFilters:
    active: bool | None = None


async def list_team_roles(
    session: AsyncSession, principal: Principal, f: RoleFilters, page: PageRequest
) -> Page[TeamRole]:
    conds = [readable(principal, TEAM_ROLE, account_team_roles, owner_col=None, unit_col=None)]
    if f.active is not None:
        conds.append(account_team_roles.c.is_active == f.active)
    ids, next_cursor = await keyset_ids(
        session, account_team_roles, sa.and_(*conds), page, ROLE_SORTS
    )
    found = list((await team_roles_by_id(session, ids)).values())
    return Page(in_order(ids, found), next_cursor)


@dataclass(frozen=True)
class MergeLine:
    id: UUID
    survivor_id: UUID
    duplicate_id: UUID
    duplicate_name: str
    duplicate: dict[str, Any]
    moves: list[dict[str, Any]]
    filled: dict[str, Any]
    merged_by: UUID
    merged_by_name: str | None
    merged_at: datetime


MERGE_SORTS = {"merged_at": account_merges.c.merged_at}


async def list_merges(
    session: AsyncSession, survivor_id: UUID, page: PageRequest
) -> Page[MergeLine]:
    """The merges into an account, newest first. The caller has been shown the account."""
    ids, next_cursor = await keyset_ids(
        session, account_merges, account_merges.c.survivor_id == survivor_id, page, MERGE_SORTS
    )
    rows = (
        await session.execute(
            sa.select(account_merges, users.c.name.label("merged_by_name"))
            .outerjoin(users, users.c.id == account_merges.c.merged_by)
            .where(account_merges.c.id.in_(ids))
        )
    ).mappings()
    found = [MergeLine(**dict(r)) for r in rows] if ids else []
    return Page(in_order(ids, found), next_cursor)
