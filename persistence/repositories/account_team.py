"""Repositories of account teams and of the admin-managed account-team roles."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts import TeamAccess, TeamMember, TeamRole
from domain.accounts.team_roles import TEAM_ROLE
from persistence.repositories.base import TableRecords
from persistence.tables.accounts import account_team_members, account_team_roles


def member_from_row(row: Any) -> TeamMember:
    return TeamMember(
        user_id=row.user_id,
        access=TeamAccess(row.access),
        role_id=row.role_id,
        added_at=row.added_at,
        added_by=row.added_by,
    )


class SqlAccountTeam:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def members(self, account_id: UUID) -> list[TeamMember]:
        rows = await self.session.execute(
            sa.select(account_team_members)
            .where(account_team_members.c.account_id == account_id)
            .order_by(account_team_members.c.added_at, account_team_members.c.user_id)
        )
        return [member_from_row(r) for r in rows]

    async def put(self, account_id: UUID, member: TeamMember) -> None:
        await self.remove(account_id, member.user_id)
        await self.session.execute(
            sa.insert(account_team_members).values(
                account_id=account_id,
                user_id=member.user_id,
                role_id=member.role_id,
                access=member.access.value,
                added_at=member.added_at,
                added_by=member.added_by,
            )
        )

    async def remove(self, account_id: UUID, user_id: UUID) -> None:
        await self.session.execute(
            sa.delete(account_team_members).where(
                account_team_members.c.account_id == account_id,
                account_team_members.c.user_id == user_id,
            )
        )


class SqlTeamRoles(TableRecords[TeamRole]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, account_team_roles, TEAM_ROLE, lambda row: TeamRole(**row))

    async def by_key(self, key: str) -> TeamRole | None:
        return await self.one(account_team_roles.c.key == key)
