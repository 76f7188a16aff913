"""Steps every account and contact use case shares: ownership, visibility, audit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from domain.accounts.model import (
    Account,
    Contact,
)
from domain.accounts.ports import AccountsUnitOfWork
from domain.shared import (
    Action,
    AuditEntry,
    Change,
    FieldChange,
    Forbidden,
    Operation,
    Principal,
    Runtime,
    record_write,
    snapshot,
)
from domain.shared.ownership import owner_and_unit as shared_owner_and_unit

ACCOUNT = "account"
CONTACT = "contact"


async def owner_and_unit(
    uow: AccountsUnitOfWork,
    principal: Principal,
    entity: str,
    owner_id: UUID | None,
    business_unit_id: UUID | None,
) -> tuple[UUID, UUID]:
    """The shared ownership rule (`domain.shared.ownership`) with this context's directory."""
    return await shared_owner_and_unit(
        principal,
        entity,
        owner_id,
        business_unit_id,
        unit_of_active_user=uow.directory.business_unit_of,
        unit_exists=uow.directory.business_unit_exists,
    )


async def audit(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    entity: str,
    record: Account | Contact,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=entity,
        record=record,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=record.owner_id,
        business_unit_id=record.business_unit_id,
    )


def account_ids_of(record: Account | Contact) -> list[UUID]:
    """The accounts a record belongs to: an account itself, a contact's linked accounts."""
    if isinstance(record, Account):
        return [record.id]
    return [link.account_id for link in record.accounts]


def visible(principal: Principal, entity: str, record: Account | Contact | None) -> bool:
    """Within the caller's read scope, or of an account whose team the caller is on."""
    return record is not None and principal.reads(
        entity, record.owner_id, record.business_unit_id, account_ids=account_ids_of(record)
    )


def require_update(principal: Principal, entity: str, record: Account | Contact) -> None:
    """The update privilege must reach the record, or the caller edits the account as a
    member of its team with edit access."""
    if isinstance(record, Account) and record.id in principal.editable_account_ids:
        principal.require(entity, Action.UPDATE)
        return
    principal.require_on(entity, Action.UPDATE, record.owner_id, record.business_unit_id)


def may_update(principal: Principal, account: Account) -> bool:
    try:
        require_update(principal, ACCOUNT, account)
    except Forbidden:
        return False
    return True


async def save_with_history(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    account: Account,
    expected_version: int,
    lines: tuple[FieldChange, ...],
) -> None:
    """Save a change to the account that its own fields do not show (its team, a merge):
    a new version, the given history lines, and the account's state in the changes feed."""
    now = rt.clock.now()
    account.version += 1
    account.updated_at = now
    await uow.accounts.update(account, expected_version)
    await uow.audit.record(
        AuditEntry(ACCOUNT, account.id, Operation.UPDATE, principal.user_id, now, lines),
        Change(
            entity=ACCOUNT,
            record_id=account.id,
            operation=Operation.UPDATE,
            version=account.version,
            changed_at=now,
            owner_id=account.owner_id,
            business_unit_id=account.business_unit_id,
            data=snapshot(account),
        ),
    )


async def apply_reassignment(
    uow: AccountsUnitOfWork,
    principal: Principal,
    entity: str,
    record: Account | Contact,
    values: dict[str, Any],
) -> None:
    """A change of owner or unit in an edit: needs the assign privilege on the record as it
    is, and the same owner/unit rules as a create; fills in the resulting pair."""
    if "owner_id" not in values and "business_unit_id" not in values:
        return
    owner, unit = await owner_and_unit(
        uow,
        principal,
        entity,
        values.get("owner_id", record.owner_id),
        values.get("business_unit_id"),
    )
    principal.require_on(entity, Action.ASSIGN, record.owner_id, record.business_unit_id)
    values["owner_id"], values["business_unit_id"] = owner, unit
