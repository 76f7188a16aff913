"""Account use cases: create with duplicate checks, read within scope, update with optimistic
concurrency and field history, and duplicate candidates before create. Contact use cases are
in `contacts` and re-exported here, so callers use one module."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.accounts.common import (
    ACCOUNT,
    CONTACT,
    apply_reassignment,
    audit,
    owner_and_unit,
    require_update,
    visible,
)
from domain.accounts.contacts import ContactInput, create_contact, get_contact, update_contact
from domain.accounts.model import (
    Account,
    AccountStatus,
    AccountType,
    ExternalId,
    check_external_ids,
    normalise_industry_code,
    normalise_name,
    normalise_tags,
)
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
    snapshot,
)
from domain.shared.hierarchy import check_no_cycle
from domain.shared.identifiers import normalise_business_id, normalise_phone


async def get_account(uow: AccountsUnitOfWork, principal: Principal, account_id: UUID) -> Account:
    account = await uow.accounts.get(account_id)
    if account is None or not visible(principal, ACCOUNT, account):
        raise NotFound(ACCOUNT, account_id)
    return account


def _clean_account_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise the fields that have a canonical form; validation errors name the field."""
    clean = dict(values)
    if "name" in clean:
        clean["name"] = " ".join(str(clean["name"]).split())
        if not clean["name"]:
            raise ValidationFailed.field("name", "The name cannot be empty.")
    if clean.get("business_id"):
        clean["business_id"] = normalise_business_id(clean["business_id"])
    elif "business_id" in clean:
        clean["business_id"] = None
    if clean.get("industry_code"):
        clean["industry_code"] = normalise_industry_code(clean["industry_code"])
    if clean.get("phone"):
        clean["phone"] = normalise_phone(clean["phone"])
    if clean.get("email"):
        clean["email"] = str(clean["email"]).strip().lower()
    if "tags" in clean:
        clean["tags"] = normalise_tags(clean["tags"] or ())
    if "external_ids" in clean:
        clean["external_ids"] = tuple(clean["external_ids"] or ())
        check_external_ids(clean["external_ids"])
    if (
        "size_class" in clean
        and clean["size_class"] is not None
        and not (0 <= clean["size_class"] <= 9)
    ):
        raise ValidationFailed.field("size_class", "The size class is 0 (unknown) to 9.")
    return clean


async def _check_unique(
    uow: AccountsUnitOfWork, principal: Principal, account_id: UUID, values: Mapping[str, Any]
) -> None:
    if values.get("business_id"):
        existing = await uow.accounts.by_business_id(values["business_id"])
        if existing is not None and existing.id != account_id:
            named = (
                f"{existing.name!r} ({existing.id})"
                if visible(principal, ACCOUNT, existing)
                else "an account you cannot see; ask an administrator"
            )
            raise Conflict(
                f"An account with business ID {values['business_id']} already exists: {named}.",
                existing_id=existing.id,
            )
    for external in values.get("external_ids", ()):
        other = await uow.accounts.by_external_id(external)
        if other is not None and other.id != account_id:
            raise Conflict(
                f"The {external.system} id {external.external_id} already belongs to another "
                "account.",
                existing_id=other.id,
            )


async def _check_parent(
    uow: AccountsUnitOfWork, principal: Principal, account_id: UUID, parent_id: UUID | None
) -> None:
    if parent_id is None:
        return
    parent = await uow.accounts.get(parent_id)
    if parent is None or not visible(principal, ACCOUNT, parent):
        raise ValidationFailed.field("parent_id", "No such account.")
    check_no_cycle(account_id, parent_id, await uow.accounts.parents(parent_id), "parent_id")


async def _check_manager(uow: AccountsUnitOfWork, manager_id: UUID | None) -> None:
    if manager_id is not None and await uow.directory.business_unit_of(manager_id) is None:
        raise ValidationFailed.field("account_manager_id", "No such active user.")


@dataclass(frozen=True)
class AccountInput:
    name: str
    type: AccountType = AccountType.COMPANY
    status: AccountStatus = AccountStatus.PROSPECT
    business_id: str | None = None
    industry_code: str | None = None
    size_class: int | None = None
    region: str | None = None
    municipality: str | None = None
    visiting_address: Any = None
    postal_address: Any = None
    billing_address: Any = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    parent_id: UUID | None = None
    account_manager_id: UUID | None = None
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None
    tags: tuple[str, ...] = ()
    external_ids: tuple[ExternalId, ...] = ()


def new_account(rt: Runtime, data: AccountInput, owner_id: UUID, business_unit_id: UUID) -> Account:
    """Build a valid account without storing it (also used by bulk loads)."""
    values = _clean_account_fields(
        {k: v for k, v in vars(data).items() if k not in {"owner_id", "business_unit_id"}}
    )
    now = rt.clock.now()
    return Account(
        id=rt.ids.new_id(),
        owner_id=owner_id,
        business_unit_id=business_unit_id,
        created_at=now,
        updated_at=now,
        **values,
    )


async def create_account(
    uow: AccountsUnitOfWork, rt: Runtime, principal: Principal, data: AccountInput
) -> Account:
    owner, unit = await owner_and_unit(
        uow, principal, ACCOUNT, data.owner_id, data.business_unit_id
    )
    principal.require_on(ACCOUNT, Action.CREATE, owner, unit)
    account = new_account(rt, data, owner, unit)
    await _check_unique(uow, principal, account.id, vars(account))
    await _check_parent(uow, principal, account.id, account.parent_id)
    await _check_manager(uow, account.account_manager_id)
    await uow.accounts.add(account)
    await audit(uow, rt, principal, ACCOUNT, account, Operation.CREATE, None)
    await uow.commit()
    return account


async def update_account(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    account_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Account:
    account = await get_account(uow, principal, account_id)
    require_update(principal, ACCOUNT, account)
    check_version(ACCOUNT, account, expected_version)
    values = _clean_account_fields(changes)
    await apply_reassignment(uow, principal, ACCOUNT, account, values)
    await _check_unique(uow, principal, account.id, values)
    if "parent_id" in values:
        await _check_parent(uow, principal, account.id, values["parent_id"])
    if "account_manager_id" in values:
        await _check_manager(uow, values["account_manager_id"])
    before = snapshot(account, BOOKKEEPING)
    if not apply_update(account, values, rt.clock.now()):
        return account  # nothing changed: no new version, no history noise
    await uow.accounts.update(account, expected_version)
    await audit(uow, rt, principal, ACCOUNT, account, Operation.UPDATE, before)
    await uow.commit()
    return account


async def upsert_by_external_id(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    external: ExternalId,
    values: Mapping[str, Any],
    expected_version: int | None = None,
) -> tuple[Account, bool]:
    """Create or update the account that has `external` as its id in that system (an
    integration's upsert, e.g. the billing system's customer number). Creating takes
    `values` as a create does (a name is needed); updating changes only the fields in
    `values`, with the same rules, history and version check (`expected_version` None: the
    current one — last write wins). The account keeps its ids in other systems. An account
    with that id which the caller may not see is not found. Returns (account, created)."""
    if "external_ids" in values:
        raise ValidationFailed.field("external_ids", "The path gives the external id.")
    existing = await uow.accounts.by_external_id(external)
    if existing is None:
        if not values.get("name"):
            raise ValidationFailed.field("name", "A new account needs a name.", "missing")
        data = AccountInput(**{**values, "external_ids": (external,)})
        return await create_account(uow, rt, principal, data), True
    if not visible(principal, ACCOUNT, existing):
        raise NotFound(ACCOUNT, f"{external.system}/{external.external_id}")
    version = existing.version if expected_version is None else expected_version
    account = await update_account(uow, rt, principal, existing.id, values, version)
    return account, False


async def find_duplicates(
    uow: AccountsUnitOfWork,
    principal: Principal,
    *,
    name: str | None,
    business_id: str | None,
    limit: int = 10,
    include_passive: bool = False,
) -> list[Account]:
    """Accounts a user should look at before creating a new one: the same business ID first,
    then accounts whose normalised name matches or starts the same way. Passive accounts
    are left out of the name matches unless asked for; an account with the same business ID
    is always shown, passive or not, because creating it again would be refused (409) — the
    user should reactivate it instead."""
    principal.require(ACCOUNT, Action.READ)
    found: dict[UUID, Account] = {}
    if business_id:
        existing = await uow.accounts.by_business_id(normalise_business_id(business_id))
        if existing is not None and visible(principal, ACCOUNT, existing):
            found[existing.id] = existing
    if name and normalise_name(name):
        scope = principal.scope(ACCOUNT, Action.READ)
        similar = await uow.accounts.similar(
            normalise_name(name), scope, limit, include_passive=include_passive
        )
        for account in similar:
            found.setdefault(account.id, account)
    return list(found.values())[:limit]


__all__ = [
    "ACCOUNT",
    "CONTACT",
    "AccountInput",
    "ContactInput",
    "create_account",
    "create_contact",
    "find_duplicates",
    "get_account",
    "get_contact",
    "new_account",
    "update_account",
    "update_contact",
    "upsert_by_external_id",
]
