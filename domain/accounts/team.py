"""The account team (asiakkuustiimi): several users with a role on one account besides its
account manager (asiakasvastaava).

Membership is an access team: it lets the member read the account and every record of it
across business units, and edit the account itself with access "edit"
(`Principal.account_ids`, `persistence.scoping`). So only those who may edit the account
change its team, only active users join it, and every change is a line in the account's
history ("who added whom, as what"), with a new version of the account.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.accounts.common import may_update, require_update, save_with_history
from domain.accounts.model import Account, TeamAccess, TeamMember
from domain.accounts.ports import AccountsUnitOfWork
from domain.accounts.services import ACCOUNT, get_account
from domain.shared import (
    FieldChange,
    FieldError,
    NotFound,
    Principal,
    Runtime,
    ValidationFailed,
    check_version,
)

# A team is a handful of people; the bound keeps it one small read (no paging).
TEAM_LIMIT = 50
TEAM_MEMBER = "account_team_member"


@dataclass(frozen=True)
class Team:
    account: Account
    members: tuple[TeamMember, ...]
    # Whether the caller may change the team (and edit the account).
    may_manage: bool


async def get_team(uow: AccountsUnitOfWork, principal: Principal, account_id: UUID) -> Team:
    account = await get_account(uow, principal, account_id)
    members = await uow.account_team.members(account.id)
    return Team(account, tuple(members), may_update(principal, account))


def _user_error(msg: str) -> ValidationFailed:
    return ValidationFailed([FieldError(("path", "user_id"), msg)])


async def member_value(uow: AccountsUnitOfWork, member: TeamMember | None) -> Any:
    """A membership as the history shows it: who, in which role, with which access."""
    if member is None:
        return None
    role = await uow.account_team_roles.get(member.role_id) if member.role_id else None
    return {
        "user_id": str(member.user_id),
        "name": await uow.directory.name_of(member.user_id),
        "role": role.key if role else None,
        "access": member.access.value,
    }


async def _editable(
    uow: AccountsUnitOfWork, principal: Principal, account_id: UUID, expected_version: int
) -> Account:
    account = await get_account(uow, principal, account_id)
    require_update(principal, ACCOUNT, account)
    check_version(ACCOUNT, account, expected_version)
    return account


async def put_member(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    account_id: UUID,
    user_id: UUID,
    *,
    access: TeamAccess,
    role_id: UUID | None,
    expected_version: int,
) -> Team:
    """Add a colleague to the team, or change their role or access."""
    account = await _editable(uow, principal, account_id, expected_version)
    if await uow.directory.business_unit_of(user_id) is None:
        raise _user_error("No such active user.")
    members = list(await uow.account_team.members(account.id))
    current = next((m for m in members if m.user_id == user_id), None)
    if role_id is not None and (current is None or current.role_id != role_id):
        role = await uow.account_team_roles.get(role_id)
        if role is None or not role.is_active:
            raise ValidationFailed.field("role_id", "No such active account-team role.")
    if current is None and len(members) >= TEAM_LIMIT:
        raise _user_error(f"An account team has at most {TEAM_LIMIT} members.")
    if current is not None and (current.access, current.role_id) == (access, role_id):
        return Team(account, tuple(members), True)
    member = TeamMember(
        user_id=user_id,
        access=access,
        role_id=role_id,
        added_at=current.added_at if current else rt.clock.now(),
        added_by=current.added_by if current else principal.user_id,
    )
    await uow.account_team.put(account.id, member)
    line = FieldChange(
        "team_member", await member_value(uow, current), await member_value(uow, member)
    )
    await save_with_history(uow, rt, principal, account, expected_version, (line,))
    await uow.commit()
    members = [member if m.user_id == user_id else m for m in members]
    return Team(account, tuple(members if current else [*members, member]), True)


async def remove_member(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    account_id: UUID,
    user_id: UUID,
    *,
    expected_version: int,
) -> Team:
    """Take a user off the team: they lose what the team let them see and edit."""
    account = await _editable(uow, principal, account_id, expected_version)
    members = await uow.account_team.members(account.id)
    current = next((m for m in members if m.user_id == user_id), None)
    if current is None:
        raise NotFound(TEAM_MEMBER, user_id)
    await uow.account_team.remove(account.id, user_id)
    line = FieldChange("team_member", await member_value(uow, current), None)
    await save_with_history(uow, rt, principal, account, expected_version, (line,))
    await uow.commit()
    return Team(account, tuple(m for m in members if m.user_id != user_id), True)


__all__ = ["TEAM_LIMIT", "TEAM_MEMBER", "Team", "get_team", "put_member", "remove_member"]
