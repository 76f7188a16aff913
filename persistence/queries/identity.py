"""List queries for users, business units, teams and roles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.identity import ApiKey, BusinessUnit, Locale, Role, Team, User
from domain.shared import Page, PageRequest, Principal
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.identity import api_key_from_row, role_from_row
from persistence.scoping import readable
from persistence.tables.identity import (
    api_keys,
    business_units,
    roles,
    team_members,
    teams,
    user_roles,
    users,
)

Loader = Callable[[AsyncSession, list[UUID]], Awaitable[list[Any]]]


async def _links(
    session: AsyncSession, table: sa.Table, key: str, value: str, ids: list[UUID]
) -> dict[UUID, frozenset[UUID]]:
    found: dict[UUID, set[UUID]] = defaultdict(set)
    for row in (await session.execute(sa.select(table).where(table.c[key].in_(ids)))).mappings():
        found[row[key]].add(row[value])
    return {k: frozenset(v) for k, v in found.items()}


async def load_users(session: AsyncSession, ids: list[UUID]) -> list[User]:
    rows = (await session.execute(sa.select(users).where(users.c.id.in_(ids)))).mappings().all()
    role_ids = await _links(session, user_roles, "user_id", "role_id", ids)
    team_ids = await _links(session, team_members, "user_id", "team_id", ids)
    return [
        User(
            **{**r, "locale": Locale(r["locale"])},
            role_ids=role_ids.get(r["id"], frozenset()),
            team_ids=team_ids.get(r["id"], frozenset()),
        )
        for r in rows
    ]


async def load_units(session: AsyncSession, ids: list[UUID]) -> list[BusinessUnit]:
    rows = await session.execute(sa.select(business_units).where(business_units.c.id.in_(ids)))
    return [BusinessUnit(**r) for r in rows.mappings()]


async def load_teams(session: AsyncSession, ids: list[UUID]) -> list[Team]:
    rows = (await session.execute(sa.select(teams).where(teams.c.id.in_(ids)))).mappings().all()
    members = await _links(session, team_members, "team_id", "user_id", ids)
    return [Team(**r, member_ids=members.get(r["id"], frozenset())) for r in rows]


async def load_roles(session: AsyncSession, ids: list[UUID]) -> list[Role]:
    rows = await session.execute(sa.select(roles).where(roles.c.id.in_(ids)))
    return [role_from_row(r) for r in rows.mappings()]


async def load_api_keys(session: AsyncSession, ids: list[UUID]) -> list[ApiKey]:
    rows = await session.execute(sa.select(api_keys).where(api_keys.c.id.in_(ids)))
    return [api_key_from_row(r) for r in rows.mappings()]


@dataclass(frozen=True)
class Listing:
    """How one admin collection is scoped, filtered, sorted and loaded."""

    entity: str
    table: sa.Table
    owner_col: str | None
    unit_col: str | None
    sorts: Mapping[str, sa.ColumnElement[Any]]
    loader: Loader


USERS = Listing(
    "user",
    users,
    "id",
    "business_unit_id",
    {"name": users.c.name, "email": users.c.email, "created_at": users.c.created_at},
    load_users,
)
UNITS = Listing(
    "business_unit",
    business_units,
    None,
    "id",
    {"name": business_units.c.name, "created_at": business_units.c.created_at},
    load_units,
)
TEAMS = Listing(
    "team",
    teams,
    None,
    "business_unit_id",
    {"name": teams.c.name, "created_at": teams.c.created_at},
    load_teams,
)
API_KEYS = Listing(
    "api_key",
    api_keys,
    "user_id",
    "business_unit_id",
    {"name": api_keys.c.name, "created_at": api_keys.c.created_at},
    load_api_keys,
)
ROLES = Listing(
    "role", roles, None, None, {"name": roles.c.name, "created_at": roles.c.created_at}, load_roles
)


async def list_records(
    session: AsyncSession,
    principal: Principal,
    listing: Listing,
    page: PageRequest,
    filters: Mapping[str, Any],
    q: str | None = None,
    updated_since: datetime | None = None,
) -> Page[Any]:
    conds = [
        readable(
            principal,
            listing.entity,
            listing.table,
            owner_col=listing.owner_col,
            unit_col=listing.unit_col,
        )
    ]
    conds += [listing.table.c[k] == v for k, v in filters.items() if v is not None]
    if updated_since is not None:
        conds.append(listing.table.c.updated_at >= updated_since)
    if q:
        like = f"%{q.strip().casefold()}%"
        text_cols = [c for c in ("name", "email") if c in listing.table.c]
        conds.append(sa.or_(*[sa.func.lower(listing.table.c[c]).like(like) for c in text_cols]))
    ids, next_cursor = await keyset_ids(
        session, listing.table, sa.and_(*conds), page, listing.sorts
    )
    records = await listing.loader(session, ids) if ids else []
    return Page(in_order(ids, records), next_cursor)


async def get_visible(
    session: AsyncSession, principal: Principal, listing: Listing, record_id: UUID
) -> Any | None:
    """One record, or None when it does not exist or lies outside the caller's scope."""
    condition = sa.and_(
        listing.table.c.id == record_id,
        readable(
            principal,
            listing.entity,
            listing.table,
            owner_col=listing.owner_col,
            unit_col=listing.unit_col,
        ),
    )
    ids = list(await session.scalars(sa.select(listing.table.c.id).where(condition)))
    found = await listing.loader(session, ids) if ids else []
    return found[0] if found else None
