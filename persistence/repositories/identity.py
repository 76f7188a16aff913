"""Repositories for users, business units, teams, roles and refresh tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.identity import ApiKey, BusinessUnit, Locale, RefreshToken, Role, Team, User
from domain.shared import Action, Depth, Privilege
from persistence.repositories.base import versioned_update
from persistence.tables.accounts import account_team_members, accounts
from persistence.tables.identity import (
    api_keys,
    business_units,
    refresh_tokens,
    roles,
    team_members,
    teams,
    user_roles,
    users,
)
from persistence.tables.service import queue_members


def _columns(record: Any, table: sa.Table) -> dict[str, Any]:
    return {c.name: getattr(record, c.name) for c in table.columns if hasattr(record, c.name)}


class SqlBusinessUnits:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, unit_id: UUID) -> BusinessUnit | None:
        row = (
            (
                await self.session.execute(
                    sa.select(business_units).where(business_units.c.id == unit_id)
                )
            )
            .mappings()
            .first()
        )
        return BusinessUnit(**row) if row else None

    async def parents(self) -> dict[UUID, UUID | None]:
        rows = await self.session.execute(
            sa.select(business_units.c.id, business_units.c.parent_id)
        )
        return {r.id: r.parent_id for r in rows}

    async def add(self, unit: BusinessUnit) -> None:
        await self.session.execute(
            sa.insert(business_units).values(**_columns(unit, business_units))
        )

    async def update(self, unit: BusinessUnit, expected_version: int) -> None:
        await versioned_update(
            self.session,
            business_units,
            "business_unit",
            unit.id,
            expected_version,
            _columns(unit, business_units),
        )


def role_from_row(row: Any) -> Role:
    privileges = tuple(
        Privilege(p["entity"], Action(p["action"]), Depth.parse(p["depth"]))
        for p in row["privileges"]
    )
    return Role(
        row["id"], row["name"], privileges, row["created_at"], row["updated_at"], row["version"]
    )


def privileges_json(role: Role) -> list[dict[str, str]]:
    return [
        {"entity": p.entity, "action": p.action.value, "depth": p.depth.label}
        for p in role.privileges
    ]


class SqlRoles:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, role_id: UUID) -> Role | None:
        row = (
            (await self.session.execute(sa.select(roles).where(roles.c.id == role_id)))
            .mappings()
            .first()
        )
        return role_from_row(row) if row else None

    async def get_many(self, role_ids: frozenset[UUID]) -> list[Role]:
        if not role_ids:
            return []
        rows = (
            await self.session.execute(sa.select(roles).where(roles.c.id.in_(role_ids)))
        ).mappings()
        return [role_from_row(r) for r in rows]

    async def get_by_name(self, name: str) -> Role | None:
        row = (
            (await self.session.execute(sa.select(roles).where(roles.c.name == name)))
            .mappings()
            .first()
        )
        return role_from_row(row) if row else None

    async def add(self, role: Role) -> None:
        await self.session.execute(
            sa.insert(roles).values(
                **{**_columns(role, roles), "privileges": privileges_json(role)}
            )
        )

    async def update(self, role: Role, expected_version: int) -> None:
        await versioned_update(
            self.session,
            roles,
            "role",
            role.id,
            expected_version,
            {**_columns(role, roles), "privileges": privileges_json(role)},
        )


class SqlUsers:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _load(self, condition: sa.ColumnElement[bool]) -> User | None:
        row = (await self.session.execute(sa.select(users).where(condition))).mappings().first()
        if row is None:
            return None
        role_ids = await self.session.scalars(
            sa.select(user_roles.c.role_id).where(user_roles.c.user_id == row["id"])
        )
        team_ids = await self.session.scalars(
            sa.select(team_members.c.team_id).where(team_members.c.user_id == row["id"])
        )
        return User(
            **{**row, "locale": Locale(row["locale"])},
            role_ids=frozenset(role_ids),
            team_ids=frozenset(team_ids),
        )

    async def get(self, user_id: UUID) -> User | None:
        return await self._load(users.c.id == user_id)

    async def get_by_email(self, email: str) -> User | None:
        return await self._load(users.c.email == email.lower())

    async def _set_roles(self, user: User) -> None:
        await self.session.execute(sa.delete(user_roles).where(user_roles.c.user_id == user.id))
        if user.role_ids:
            await self.session.execute(
                sa.insert(user_roles), [{"user_id": user.id, "role_id": r} for r in user.role_ids]
            )

    async def add(self, user: User) -> None:
        await self.session.execute(sa.insert(users).values(**_columns(user, users)))
        await self._set_roles(user)

    async def update(self, user: User, expected_version: int) -> None:
        await versioned_update(
            self.session, users, "user", user.id, expected_version, _columns(user, users)
        )
        await self._set_roles(user)


class SqlTeams:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, team_id: UUID) -> Team | None:
        row = (
            (await self.session.execute(sa.select(teams).where(teams.c.id == team_id)))
            .mappings()
            .first()
        )
        if row is None:
            return None
        members = await self.session.scalars(
            sa.select(team_members.c.user_id).where(team_members.c.team_id == team_id)
        )
        return Team(**row, member_ids=frozenset(members))

    async def _set_members(self, team: Team) -> None:
        await self.session.execute(sa.delete(team_members).where(team_members.c.team_id == team.id))
        if team.member_ids:
            await self.session.execute(
                sa.insert(team_members),
                [{"team_id": team.id, "user_id": u} for u in team.member_ids],
            )

    async def add(self, team: Team) -> None:
        await self.session.execute(sa.insert(teams).values(**_columns(team, teams)))
        await self._set_members(team)

    async def update(self, team: Team, expected_version: int) -> None:
        await versioned_update(
            self.session, teams, "team", team.id, expected_version, _columns(team, teams)
        )
        await self._set_members(team)

    async def teammates(self, user_id: UUID) -> frozenset[UUID]:
        mine = sa.select(team_members.c.team_id).where(team_members.c.user_id == user_id)
        rows = await self.session.scalars(
            sa.select(team_members.c.user_id).where(team_members.c.team_id.in_(mine)).distinct()
        )
        return frozenset(rows) | {user_id}

    async def queues_of(self, user_id: UUID) -> frozenset[UUID]:
        rows = await self.session.scalars(
            sa.select(queue_members.c.queue_id).where(queue_members.c.user_id == user_id)
        )
        return frozenset(rows)

    async def accounts_of(self, user_id: UUID) -> tuple[frozenset[UUID], frozenset[UUID]]:
        team = (
            await self.session.execute(
                sa.select(account_team_members.c.account_id, account_team_members.c.access).where(
                    account_team_members.c.user_id == user_id
                )
            )
        ).all()
        managed = set(
            await self.session.scalars(
                sa.select(accounts.c.id).where(accounts.c.account_manager_id == user_id)
            )
        )
        readable = {account_id for account_id, _ in team} | managed
        editable = {account_id for account_id, access in team if access == "edit"} | managed
        return frozenset(readable), frozenset(editable)


class SqlRefreshTokens:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        row = (
            (
                await self.session.execute(
                    sa.select(refresh_tokens).where(refresh_tokens.c.token_hash == token_hash)
                )
            )
            .mappings()
            .first()
        )
        return RefreshToken(**row) if row else None

    async def add(self, token: RefreshToken) -> None:
        await self.session.execute(
            sa.insert(refresh_tokens).values(**_columns(token, refresh_tokens))
        )

    async def mark_used(self, token: RefreshToken, at: datetime) -> bool:
        result = await self.session.execute(
            sa.update(refresh_tokens)
            .where(refresh_tokens.c.id == token.id, refresh_tokens.c.used_at.is_(None))
            .values(used_at=at)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def revoke_family(self, family_id: UUID, at: datetime) -> None:
        await self.session.execute(
            sa.update(refresh_tokens)
            .where(refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    async def revoke_family_of_user(self, user_id: UUID, at: datetime) -> None:
        await self.session.execute(
            sa.update(refresh_tokens)
            .where(refresh_tokens.c.user_id == user_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )


def api_key_from_row(row: Any) -> ApiKey:
    return ApiKey(**{**row, "scopes": frozenset(row["scopes"])})


class SqlApiKeys:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _one(self, condition: sa.ColumnElement[bool]) -> ApiKey | None:
        row = (await self.session.execute(sa.select(api_keys).where(condition))).mappings().first()
        return api_key_from_row(row) if row else None

    async def get(self, key_id: UUID) -> ApiKey | None:
        return await self._one(api_keys.c.id == key_id)

    async def get_by_lookup(self, lookup: str) -> ApiKey | None:
        return await self._one(api_keys.c.lookup == lookup)

    async def add(self, key: ApiKey) -> None:
        await self.session.execute(
            sa.insert(api_keys).values(**{**_columns(key, api_keys), "scopes": sorted(key.scopes)})
        )

    async def update(self, key: ApiKey, expected_version: int) -> None:
        await versioned_update(
            self.session,
            api_keys,
            "api_key",
            key.id,
            expected_version,
            {**_columns(key, api_keys), "scopes": sorted(key.scopes)},
        )

    async def touch(self, key_id: UUID, at: datetime) -> None:
        await self.session.execute(
            sa.update(api_keys).where(api_keys.c.id == key_id).values(last_used_at=at)
        )
