"""Passivation (passivointi): an account that ceased trading is made passive, never deleted.
It keeps its history and records (its contacts stay readable), leaves the default lists and
pickers, and takes no new sales projects, service requests, activities or offers — each of
those contexts asks its own customer port whether the account is passive. Reactivation
undoes it. Both are on the account's field history (`passive_since`, `passive_reason`)."""

from __future__ import annotations

from uuid import UUID

from domain.accounts.common import ACCOUNT, audit, require_update
from domain.accounts.model import Account
from domain.accounts.ports import AccountsUnitOfWork
from domain.accounts.services import get_account
from domain.shared import BOOKKEEPING, Operation, Principal, Runtime, check_version, snapshot


async def _transition(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    account_id: UUID,
    expected_version: int,
    reason: str | None,
) -> Account:
    account = await get_account(uow, principal, account_id)
    require_update(principal, ACCOUNT, account)
    check_version(ACCOUNT, account, expected_version)
    before = snapshot(account, BOOKKEEPING)
    now = rt.clock.now()
    if reason is None:
        account.reactivate()
    else:
        account.passivate(reason, now)
    account.version += 1
    account.updated_at = now
    await uow.accounts.update(account, expected_version)
    await audit(uow, rt, principal, ACCOUNT, account, Operation.UPDATE, before)
    await uow.commit()
    return account


async def passivate_account(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    account_id: UUID,
    reason: str,
    expected_version: int,
) -> Account:
    return await _transition(uow, rt, principal, account_id, expected_version, reason)


async def reactivate_account(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    account_id: UUID,
    expected_version: int,
) -> Account:
    return await _transition(uow, rt, principal, account_id, expected_version, None)


__all__ = ["passivate_account", "reactivate_account"]
