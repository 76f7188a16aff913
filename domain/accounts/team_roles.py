"""Account-team roles, maintained by administrators and read by everyone (organisation-wide
set-up like the catalogue: neither owner nor unit decides who reads it). A role in use is
deactivated, never deleted: members keep it, new members cannot be given it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.accounts.model import TeamRole
from domain.accounts.ports import AccountsUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    NotFound,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    apply_update,
    check_version,
    record_write,
    snapshot,
)

TEAM_ROLE = "account_team_role"
_KEY = re.compile(r"^[a-z][a-z0-9_]{1,49}$")


def team_roles_visible(principal: Principal) -> bool:
    """The same rule as persistence.scoping.readable with neither owner nor unit column."""
    return principal.allows(TEAM_ROLE, Action.READ, None, None)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    for name in ("name", "name_en", "name_sv"):
        if name in values and values[name] is not None:
            values[name] = " ".join(str(values[name]).split()) or None
    if "name" in values and not values["name"]:
        raise ValidationFailed.field("name", "The Finnish name cannot be empty.")
    if "key" in values and not _KEY.match(values["key"]):
        raise ValidationFailed.field(
            "key", "The key is 2–50 lower-case letters, digits or underscores, e.g. key_account."
        )
    return values


async def _audited(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    role: TeamRole,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=TEAM_ROLE,
        record=role,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=None,
        business_unit_id=None,
    )


async def get_team_role(uow: AccountsUnitOfWork, principal: Principal, role_id: UUID) -> TeamRole:
    role = await uow.account_team_roles.get(role_id)
    if role is None or not team_roles_visible(principal):
        raise NotFound(TEAM_ROLE, role_id)
    return role


@dataclass(frozen=True)
class TeamRoleInput:
    key: str
    name: str
    name_en: str | None = None
    name_sv: str | None = None
    sort_order: int = 0
    is_active: bool = True


async def create_team_role(
    uow: AccountsUnitOfWork, rt: Runtime, principal: Principal, data: TeamRoleInput
) -> TeamRole:
    principal.require_on(TEAM_ROLE, Action.CREATE, None, None)
    values = _clean(dict(vars(data)))
    existing = await uow.account_team_roles.by_key(values["key"])
    if existing is not None:
        raise Conflict(f"A team role with key {values['key']} exists.", existing_id=existing.id)
    now = rt.clock.now()
    role = TeamRole(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await uow.account_team_roles.add(role)
    await _audited(uow, rt, principal, role, Operation.CREATE, None)
    await uow.commit()
    return role


async def update_team_role(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    role_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> TeamRole:
    """Rename, reorder, deactivate or reactivate (the key stays: integrations use it)."""
    role = await get_team_role(uow, principal, role_id)
    principal.require_on(TEAM_ROLE, Action.UPDATE, None, None)
    check_version(TEAM_ROLE, role, expected_version)
    values = _clean(dict(changes))
    before = snapshot(role, BOOKKEEPING)
    if not apply_update(role, values, rt.clock.now()):
        return role
    await uow.account_team_roles.update(role, expected_version)
    await _audited(uow, rt, principal, role, Operation.UPDATE, before)
    await uow.commit()
    return role


__all__ = [
    "TEAM_ROLE",
    "TeamRoleInput",
    "create_team_role",
    "get_team_role",
    "team_roles_visible",
    "update_team_role",
]
