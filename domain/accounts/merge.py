"""Merging a duplicate account into the one that stays (the survivor), by an administrator.

Only a clear duplicate is ever deleted, and only this way (seed 002: "asiakkaita saa poistaa
ainoastaan tapauksissa, joissa kyseessä on selkeä duplikaatti … pääkäyttäjä"). In one
transaction: every record that refers to the duplicate moves to the survivor (the adapter
finds the referring columns in the schema, so tables added later move too); the survivor
keeps its own values and takes the duplicate's where its own are empty; the duplicate's
account manager, when another than the survivor's, joins the survivor's team so that they
keep their access; the duplicate is deleted; and the merge is logged with the duplicate as
it was, who merged it, when, and what moved. A dry run answers the same report and changes
nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.accounts.common import ACCOUNT, visible
from domain.accounts.model import Account, TeamAccess, TeamMember, normalise_tags
from domain.accounts.ports import AccountMerge, AccountsUnitOfWork, ReferenceMove
from domain.accounts.services import get_account
from domain.accounts.team import member_value
from domain.shared import (
    BOOKKEEPING,
    Action,
    AuditEntry,
    Change,
    Depth,
    FieldChange,
    Forbidden,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    apply_changes,
    check_version,
    diff_snapshots,
    snapshot,
)
from domain.shared.audit import snapshot_value

# Fields the survivor takes from the duplicate when its own is empty. Name, type, status,
# owner and unit are the survivor's own choice; the class changes only through its approval
# flow; passivity is the survivor's state.
FILLABLE = (
    "business_id",
    "industry_code",
    "size_class",
    "region",
    "municipality",
    "visiting_address",
    "postal_address",
    "billing_address",
    "phone",
    "email",
    "website",
    "parent_id",
    "account_manager_id",
)


def _empty(name: str, value: Any) -> bool:
    # Size class 0 means "unknown", as good as empty.
    return value is None or value == "" or (name == "size_class" and value == 0)


def fill_from(survivor: Account, duplicate: Account) -> dict[str, Any]:
    """The values the survivor takes from the duplicate: each empty field of the survivor
    that the duplicate has, the union of the tags, and the duplicate's external ids for
    systems the survivor has no id in (the survivor's own id in a system wins)."""
    values = {
        name: getattr(duplicate, name)
        for name in FILLABLE
        if _empty(name, getattr(survivor, name)) and not _empty(name, getattr(duplicate, name))
    }
    tags = normalise_tags(survivor.tags + duplicate.tags)
    if tags != survivor.tags:
        values["tags"] = tags
    systems = {e.system for e in survivor.external_ids}
    extra = tuple(e for e in duplicate.external_ids if e.system not in systems)
    if extra:
        values["external_ids"] = survivor.external_ids + extra
    return values


@dataclass(frozen=True)
class MergeReport:
    dry_run: bool
    # The survivor after the merge (in a dry run: as it would be).
    survivor: Account
    duplicate: Account
    moves: tuple[ReferenceMove, ...]
    # Field → the value the survivor took from the duplicate.
    filled: Mapping[str, Any]
    # The duplicate's account manager, who joins the survivor's team with edit access.
    joins_team: UUID | None
    merge_id: UUID | None = None


def require_merge(principal: Principal) -> None:
    """Merging deletes an account and moves records of every unit: it takes the delete
    privilege on accounts across the organisation (by default, administrators only)."""
    if principal.depth(ACCOUNT, Action.DELETE) is not Depth.ORGANISATION:
        raise Forbidden(
            "Merging duplicate accounts is for administrators: it needs the delete privilege "
            "on accounts across the organisation."
        )


async def _parent(
    uow: AccountsUnitOfWork, survivor: Account, duplicate: Account, values: dict[str, Any]
) -> None:
    """Keep the group hierarchy a tree once the duplicate's children are the survivor's."""
    if survivor.parent_id == duplicate.id:
        # The survivor sat under its duplicate: it takes the duplicate's place.
        parent = duplicate.parent_id
        values["parent_id"] = parent if parent != survivor.id else None
        return
    if survivor.parent_id is not None:
        above = await uow.accounts.parents(survivor.parent_id)
        if duplicate.id in above:
            raise ValidationFailed.field(
                "duplicate_id",
                "The duplicate is above this account in the group hierarchy: change this "
                "account's parent first.",
            )
    taken = values.get("parent_id")
    if taken is not None:
        chain = await uow.accounts.parents(taken)
        if survivor.id in chain or duplicate.id in chain:
            del values["parent_id"]  # it would put the survivor under itself


async def _manager_joining(
    uow: AccountsUnitOfWork, survivor: Account, duplicate: Account, values: dict[str, Any]
) -> UUID | None:
    """A deactivated manager is not taken over; another active one joins the team."""
    manager = duplicate.account_manager_id
    if manager is None or await uow.directory.business_unit_of(manager) is None:
        values.pop("account_manager_id", None)
        return None
    kept = values.get("account_manager_id", survivor.account_manager_id)
    return None if kept == manager else manager


async def merge_accounts(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    survivor_id: UUID,
    duplicate_id: UUID,
    *,
    dry_run: bool,
    expected_version: int | None = None,
    duplicate_version: int | None = None,
) -> MergeReport:
    survivor = await get_account(uow, principal, survivor_id)
    require_merge(principal)
    if duplicate_id == survivor.id:
        raise ValidationFailed.field("duplicate_id", "An account cannot be merged into itself.")
    if not dry_run:
        await uow.account_merger.lock(survivor.id, duplicate_id)
        survivor = await get_account(uow, principal, survivor_id)
    duplicate = await uow.accounts.get(duplicate_id)
    if duplicate is None or not visible(principal, ACCOUNT, duplicate):
        raise ValidationFailed.field("duplicate_id", "No such account.")
    if expected_version is not None:
        check_version(ACCOUNT, survivor, expected_version)
    if duplicate_version is not None:
        check_version(ACCOUNT, duplicate, duplicate_version)
    values = fill_from(survivor, duplicate)
    await _parent(uow, survivor, duplicate, values)
    joins = await _manager_joining(uow, survivor, duplicate, values)
    if dry_run:
        return MergeReport(
            dry_run=True,
            survivor=dataclasses.replace(survivor, **values),
            duplicate=duplicate,
            moves=tuple(await uow.account_merger.plan(survivor.id, duplicate.id)),
            filled=values,
            joins_team=joins,
        )
    assert expected_version is not None  # noqa: S101 - the API requires If-Match for a real run
    return await _merge(uow, rt, principal, survivor, duplicate, values, joins, expected_version)


async def _merge(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    survivor: Account,
    duplicate: Account,
    values: dict[str, Any],
    joins: UUID | None,
    expected_version: int,
) -> MergeReport:
    now = rt.clock.now()
    moves = tuple(await uow.account_merger.move(survivor.id, duplicate.id, now))
    lines: list[FieldChange] = []
    if joins is not None:
        members = await uow.account_team.members(survivor.id)
        current = next((m for m in members if m.user_id == joins), None)
        member = TeamMember(
            user_id=joins,
            access=TeamAccess.EDIT,
            role_id=current.role_id if current else None,
            added_at=current.added_at if current else now,
            added_by=current.added_by if current else principal.user_id,
        )
        if member != current:
            await uow.account_team.put(survivor.id, member)
            line = FieldChange(
                "team_member",
                await member_value(uow, current),
                await member_value(uow, member),
            )
            lines.append(line)
    # The survivor may take the duplicate's business ID, which is unique; the duplicate goes
    # last, because the survivor may still sit under it in the hierarchy until it is saved.
    await uow.account_merger.release(duplicate.id, duplicate.version)
    before = snapshot(survivor, BOOKKEEPING)
    apply_changes(survivor, values)
    survivor.version += 1
    survivor.updated_at = now
    await uow.accounts.update(survivor, expected_version)
    await uow.account_merger.delete(duplicate.id)
    merge = AccountMerge(
        id=rt.ids.new_id(),
        survivor_id=survivor.id,
        duplicate_id=duplicate.id,
        duplicate_name=duplicate.name,
        duplicate=snapshot(duplicate),
        merged_by=principal.user_id,
        merged_at=now,
        moves=moves,
        filled={name: snapshot_value(value) for name, value in values.items()},
    )
    await uow.account_merger.record(merge)
    merged = {"id": str(duplicate.id), "name": duplicate.name, "merge_id": str(merge.id)}
    lines = [
        FieldChange("merged_account", None, merged),
        *lines,
        *diff_snapshots(before, snapshot(survivor, BOOKKEEPING)),
    ]
    await _history(uow, principal, survivor, duplicate, tuple(lines), now)
    await uow.commit()
    return MergeReport(False, survivor, duplicate, moves, values, joins, merge.id)


async def _history(
    uow: AccountsUnitOfWork,
    principal: Principal,
    survivor: Account,
    duplicate: Account,
    lines: tuple[FieldChange, ...],
    now: datetime,
) -> None:
    """The survivor's history says what it took and from whom; the changes feed has the
    survivor's new state and the duplicate's delete, which names where it went."""
    by = principal.user_id
    await uow.audit.record(
        AuditEntry(ACCOUNT, survivor.id, Operation.UPDATE, by, now, lines),
        Change(
            ACCOUNT,
            survivor.id,
            Operation.UPDATE,
            survivor.version,
            now,
            survivor.owner_id,
            survivor.business_unit_id,
            snapshot(survivor),
        ),
    )
    await uow.audit.record(
        AuditEntry(ACCOUNT, duplicate.id, Operation.DELETE, by, now, ()),
        Change(
            ACCOUNT,
            duplicate.id,
            Operation.DELETE,
            duplicate.version + 1,
            now,
            duplicate.owner_id,
            duplicate.business_unit_id,
            {"merged_into": str(survivor.id)},
        ),
    )


__all__ = ["FILLABLE", "MergeReport", "fill_from", "merge_accounts", "require_merge"]
