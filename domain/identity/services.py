"""Identity use cases: the admin writes for users, business units, teams and roles. Each write
checks the caller's privilege on the record, validates, leaves an audit entry and commits
once. Sessions (sign-in, refresh, sign-out, principals) are in `sessions` and re-exported
here, so callers use one module."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any
from uuid import UUID

from domain.identity.model import (
    BusinessUnit,
    Locale,
    Role,
    Team,
    User,
    check_password,
    normalise_email,
)
from domain.identity.ports import IdentityUnitOfWork
from domain.identity.sessions import (
    Session,
    authenticate,
    hash_refresh_token,
    login,
    logout,
    principal_for,
    refresh,
)
from domain.shared import (
    Action,
    Conflict,
    NotFound,
    Operation,
    PasswordHasher,
    Principal,
    Privilege,
    Runtime,
    ValidationFailed,
    apply_update,
    check_version,
    found,
    record_write,
    snapshot,
)
from domain.shared.audit import BOOKKEEPING
from domain.shared.hierarchy import check_no_cycle

SECRET_FIELDS = frozenset({"password_hash"})


async def _audited(
    uow: IdentityUnitOfWork,
    rt: Runtime,
    principal: Principal,
    entity: str,
    record: Any,
    operation: Operation,
    before: Mapping[str, Any] | None,
    business_unit_id: UUID | None,
) -> None:
    await record_write(
        uow.audit,
        entity=entity,
        record=record,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=getattr(record, "owner_id", None),
        business_unit_id=business_unit_id,
        secret_fields=SECRET_FIELDS,
    )


async def _require_unit(uow: IdentityUnitOfWork, unit_id: UUID, field_name: str) -> None:
    if await uow.business_units.get(unit_id) is None:
        raise ValidationFailed.field(field_name, "No such business unit.")


async def create_business_unit(
    uow: IdentityUnitOfWork, rt: Runtime, principal: Principal, *, name: str, parent_id: UUID | None
) -> BusinessUnit:
    principal.require_on("business_unit", Action.CREATE, None, parent_id)
    if parent_id is not None:
        await _require_unit(uow, parent_id, "parent_id")
    now = rt.clock.now()
    unit = BusinessUnit(rt.ids.new_id(), name.strip(), parent_id, now, now)
    await uow.business_units.add(unit)
    await _audited(uow, rt, principal, "business_unit", unit, Operation.CREATE, None, unit.id)
    await uow.commit()
    return unit


async def update_business_unit(
    uow: IdentityUnitOfWork,
    rt: Runtime,
    principal: Principal,
    unit_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> BusinessUnit:
    unit = found("business_unit", unit_id, await uow.business_units.get(unit_id))
    principal.require_on("business_unit", Action.UPDATE, None, unit.id)
    check_version("business_unit", unit, expected_version)
    if "parent_id" in changes:
        if changes["parent_id"] is None and unit.parent_id is not None:
            raise ValidationFailed.field("parent_id", "Only the root unit has no parent.")
        if changes["parent_id"] is not None:
            await _require_unit(uow, changes["parent_id"], "parent_id")
            check_no_cycle(
                unit.id, changes["parent_id"], await uow.business_units.parents(), "parent_id"
            )
    before = snapshot(unit, BOOKKEEPING)
    if not apply_update(unit, changes, rt.clock.now()):
        return unit
    await uow.business_units.update(unit, expected_version)
    await _audited(uow, rt, principal, "business_unit", unit, Operation.UPDATE, before, unit.id)
    await uow.commit()
    return unit


async def _check_users(uow: IdentityUnitOfWork, user_ids: Iterable[UUID], field_name: str) -> None:
    for user_id in user_ids:
        if await uow.users.get(user_id) is None:
            raise ValidationFailed.field(field_name, f"No such user: {user_id}.")


async def create_team(
    uow: IdentityUnitOfWork,
    rt: Runtime,
    principal: Principal,
    *,
    name: str,
    business_unit_id: UUID,
    member_ids: frozenset[UUID],
) -> Team:
    principal.require_on("team", Action.CREATE, None, business_unit_id)
    await _require_unit(uow, business_unit_id, "business_unit_id")
    await _check_users(uow, member_ids, "member_ids")
    now = rt.clock.now()
    team = Team(rt.ids.new_id(), name.strip(), business_unit_id, frozenset(member_ids), now, now)
    await uow.teams.add(team)
    await _audited(uow, rt, principal, "team", team, Operation.CREATE, None, business_unit_id)
    await uow.commit()
    return team


async def update_team(
    uow: IdentityUnitOfWork,
    rt: Runtime,
    principal: Principal,
    team_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Team:
    team = found("team", team_id, await uow.teams.get(team_id))
    principal.require_on("team", Action.UPDATE, None, team.business_unit_id)
    check_version("team", team, expected_version)
    if "business_unit_id" in changes:
        await _require_unit(uow, changes["business_unit_id"], "business_unit_id")
        principal.require_on("team", Action.UPDATE, None, changes["business_unit_id"])
    if "member_ids" in changes:
        changes = {**changes, "member_ids": frozenset(changes["member_ids"])}
        await _check_users(uow, changes["member_ids"], "member_ids")
    before = snapshot(team, BOOKKEEPING)
    if not apply_update(team, changes, rt.clock.now()):
        return team
    await uow.teams.update(team, expected_version)
    await _audited(
        uow, rt, principal, "team", team, Operation.UPDATE, before, team.business_unit_id
    )
    await uow.commit()
    return team


async def _unique_role_name(uow: IdentityUnitOfWork, name: str, role_id: UUID | None) -> None:
    existing = await uow.roles.get_by_name(name)
    if existing is not None and existing.id != role_id:
        raise Conflict(f"A role named {name!r} already exists.", existing_id=existing.id)


async def create_role(
    uow: IdentityUnitOfWork,
    rt: Runtime,
    principal: Principal,
    *,
    name: str,
    privileges: tuple[Privilege, ...],
) -> Role:
    principal.require_on("role", Action.CREATE, None, None)
    await _unique_role_name(uow, name.strip(), None)
    now = rt.clock.now()
    role = Role(rt.ids.new_id(), name.strip(), privileges, now, now)
    await uow.roles.add(role)
    await _audited(uow, rt, principal, "role", role, Operation.CREATE, None, None)
    await uow.commit()
    return role


async def update_role(
    uow: IdentityUnitOfWork,
    rt: Runtime,
    principal: Principal,
    role_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Role:
    role = found("role", role_id, await uow.roles.get(role_id))
    principal.require_on("role", Action.UPDATE, None, None)
    check_version("role", role, expected_version)
    if "name" in changes:
        await _unique_role_name(uow, changes["name"].strip(), role.id)
    before = snapshot(role, BOOKKEEPING)
    if not apply_update(role, changes, rt.clock.now()):
        return role
    await uow.roles.update(role, expected_version)
    await _audited(uow, rt, principal, "role", role, Operation.UPDATE, before, None)
    await uow.commit()
    return role


async def _check_roles(uow: IdentityUnitOfWork, role_ids: frozenset[UUID]) -> None:
    if len(await uow.roles.get_many(role_ids)) != len(role_ids):
        raise ValidationFailed.field("role_ids", "One or more roles do not exist.")


async def _check_manager(uow: IdentityUnitOfWork, user_id: UUID, manager_id: UUID | None) -> None:
    """A supervisor is another active user, and no one supervises their own supervisor."""
    if manager_id is None:
        return
    manager = await uow.users.get(manager_id)
    if manager is None or not manager.is_active:
        raise ValidationFailed.field("manager_id", "No such active user.")
    chain: dict[UUID, UUID | None] = {}
    current: User | None = manager
    while current is not None and current.id not in chain:
        chain[current.id] = current.manager_id
        current = await uow.users.get(current.manager_id) if current.manager_id else None
    check_no_cycle(user_id, manager_id, chain, "manager_id")


async def create_user(
    uow: IdentityUnitOfWork,
    rt: Runtime,
    hasher: PasswordHasher,
    principal: Principal | None,
    *,
    email: str,
    name: str,
    password: str,
    business_unit_id: UUID,
    role_ids: frozenset[UUID],
    locale: Locale = Locale.FI,
    is_active: bool = True,
    manager_id: UUID | None = None,
) -> User:
    """Create a user. `principal` is None only for the bootstrap admin made from the CLI."""
    if principal is not None:
        principal.require_on("user", Action.CREATE, None, business_unit_id)
    email = normalise_email(email)
    check_password(password)
    existing = await uow.users.get_by_email(email)
    if existing is not None:
        raise Conflict(f"A user with e-mail {email} already exists.", existing_id=existing.id)
    await _require_unit(uow, business_unit_id, "business_unit_id")
    await _check_roles(uow, role_ids)
    now = rt.clock.now()
    user_id = rt.ids.new_id()
    await _check_manager(uow, user_id, manager_id)
    user = User(
        id=user_id,
        email=email,
        name=name.strip(),
        locale=locale,
        business_unit_id=business_unit_id,
        role_ids=frozenset(role_ids),
        is_active=is_active,
        password_hash=hasher.hash(password),
        created_at=now,
        updated_at=now,
        manager_id=manager_id,
    )
    await uow.users.add(user)
    await record_write(
        uow.audit,
        entity="user",
        record=user,
        operation=Operation.CREATE,
        before=None,
        by=principal.user_id if principal else None,
        at=now,
        owner_id=user.id,
        business_unit_id=business_unit_id,
        secret_fields=SECRET_FIELDS,
    )
    await uow.commit()
    return user


async def update_user(
    uow: IdentityUnitOfWork,
    rt: Runtime,
    hasher: PasswordHasher,
    principal: Principal,
    user_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> User:
    user = await uow.users.get(user_id)
    if user is None or not principal.allows("user", Action.READ, user.id, user.business_unit_id):
        raise NotFound("user", user_id)
    principal.require_on("user", Action.UPDATE, user.id, user.business_unit_id)
    check_version("user", user, expected_version)
    changes = dict(changes)
    if "email" in changes:
        changes["email"] = normalise_email(changes["email"])
        other = await uow.users.get_by_email(changes["email"])
        if other is not None and other.id != user.id:
            raise Conflict(
                f"A user with e-mail {changes['email']} already exists.", existing_id=other.id
            )
    if "password" in changes:
        password = changes.pop("password")
        check_password(password)
        changes["password_hash"] = hasher.hash(password)
    if "role_ids" in changes:
        changes["role_ids"] = frozenset(changes["role_ids"])
        await _check_roles(uow, changes["role_ids"])
    if "business_unit_id" in changes:
        await _require_unit(uow, changes["business_unit_id"], "business_unit_id")
        principal.require_on("user", Action.UPDATE, user.id, changes["business_unit_id"])
    if "manager_id" in changes and changes["manager_id"] != user.manager_id:
        await _check_manager(uow, user.id, changes["manager_id"])
    if changes.get("is_active") is False and user.id == principal.user_id:
        raise ValidationFailed.field("is_active", "You cannot deactivate your own account.")
    if "role_ids" in changes and user.id == principal.user_id and principal.is_admin:
        # An administrator cannot lock themselves out; another administrator may demote them.
        roles = await uow.roles.get_many(changes["role_ids"])
        after = replace(
            principal, privileges=Principal.merge(p for r in roles for p in r.privileges)
        )
        if not after.is_admin:
            raise ValidationFailed.field(
                "role_ids", "You cannot take away your own administrator privileges."
            )
    before = snapshot(user, BOOKKEEPING | SECRET_FIELDS)
    if not apply_update(user, changes, rt.clock.now()):
        return user
    await uow.users.update(user, expected_version)
    if changes.get("is_active") is False or "password_hash" in changes:
        await uow.refresh_tokens.revoke_family_of_user(user.id, rt.clock.now())
    await _audited(
        uow, rt, principal, "user", user, Operation.UPDATE, before, user.business_unit_id
    )
    await uow.commit()
    return user


__all__ = [
    "Session",
    "authenticate",
    "create_business_unit",
    "create_role",
    "create_team",
    "create_user",
    "hash_refresh_token",
    "login",
    "logout",
    "principal_for",
    "refresh",
    "update_business_unit",
    "update_role",
    "update_team",
    "update_user",
]
