"""Account and contact use cases: create with duplicate checks, read within scope, update with
optimistic concurrency and field history, and duplicate candidates before create."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.accounts.model import (
    Account,
    AccountLink,
    AccountStatus,
    AccountType,
    Contact,
    ExternalId,
    Language,
    check_external_ids,
    normalise_business_id,
    normalise_industry_code,
    normalise_name,
    normalise_phone,
    normalise_tags,
)
from domain.accounts.ports import AccountsUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    FieldError,
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
from domain.shared.hierarchy import check_no_cycle

ACCOUNT = "account"
CONTACT = "contact"


# ------------------------------------------------------------------ shared steps


async def _owner_and_unit(
    uow: AccountsUnitOfWork,
    principal: Principal,
    entity: str,
    owner_id: UUID | None,
    business_unit_id: UUID | None,
) -> tuple[UUID, UUID]:
    """Owner defaults to the caller and the unit to the owner's; giving a record to someone
    else needs the assign privilege."""
    owner = owner_id or principal.user_id
    owner_unit = await uow.directory.business_unit_of(owner)
    if owner_unit is None:
        raise ValidationFailed.field("owner_id", "No such active user.")
    if business_unit_id is not None and not await uow.directory.business_unit_exists(
        business_unit_id
    ):
        raise ValidationFailed.field("business_unit_id", "No such business unit.")
    unit = business_unit_id or owner_unit
    if owner != principal.user_id:
        principal.require_on(entity, Action.ASSIGN, owner, unit)
    return owner, unit


async def _audit(
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


def _visible(principal: Principal, entity: str, record: Account | Contact | None) -> bool:
    return record is not None and principal.allows(
        entity, Action.READ, record.owner_id, record.business_unit_id
    )


# ------------------------------------------------------------------ accounts


async def get_account(uow: AccountsUnitOfWork, principal: Principal, account_id: UUID) -> Account:
    account = await uow.accounts.get(account_id)
    if account is None or not _visible(principal, ACCOUNT, account):
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
                if _visible(principal, ACCOUNT, existing)
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
    if parent is None or not _visible(principal, ACCOUNT, parent):
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
    owner, unit = await _owner_and_unit(
        uow, principal, ACCOUNT, data.owner_id, data.business_unit_id
    )
    principal.require_on(ACCOUNT, Action.CREATE, owner, unit)
    account = new_account(rt, data, owner, unit)
    await _check_unique(uow, principal, account.id, vars(account))
    await _check_parent(uow, principal, account.id, account.parent_id)
    await _check_manager(uow, account.account_manager_id)
    await uow.accounts.add(account)
    await _audit(uow, rt, principal, ACCOUNT, account, Operation.CREATE, None)
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
    principal.require_on(ACCOUNT, Action.UPDATE, account.owner_id, account.business_unit_id)
    check_version(ACCOUNT, account, expected_version)
    values = _clean_account_fields(changes)
    if "owner_id" in values or "business_unit_id" in values:
        owner, unit = await _owner_and_unit(
            uow,
            principal,
            ACCOUNT,
            values.get("owner_id", account.owner_id),
            values.get("business_unit_id"),
        )
        principal.require_on(ACCOUNT, Action.ASSIGN, account.owner_id, account.business_unit_id)
        values["owner_id"], values["business_unit_id"] = owner, unit
    await _check_unique(uow, principal, account.id, values)
    if "parent_id" in values:
        await _check_parent(uow, principal, account.id, values["parent_id"])
    if "account_manager_id" in values:
        await _check_manager(uow, values["account_manager_id"])
    before = snapshot(account, BOOKKEEPING)
    if not apply_update(account, values, rt.clock.now()):
        return account  # nothing changed: no new version, no history noise
    await uow.accounts.update(account, expected_version)
    await _audit(uow, rt, principal, ACCOUNT, account, Operation.UPDATE, before)
    await uow.commit()
    return account


async def find_duplicates(
    uow: AccountsUnitOfWork,
    principal: Principal,
    *,
    name: str | None,
    business_id: str | None,
    limit: int = 10,
) -> list[Account]:
    """Accounts a user should look at before creating a new one: the same business ID first,
    then accounts whose normalised name matches or starts the same way."""
    principal.require(ACCOUNT, Action.READ)
    found: dict[UUID, Account] = {}
    if business_id:
        existing = await uow.accounts.by_business_id(normalise_business_id(business_id))
        if existing is not None and _visible(principal, ACCOUNT, existing):
            found[existing.id] = existing
    if name and normalise_name(name):
        scope = principal.scope(ACCOUNT, Action.READ)
        for account in await uow.accounts.similar(normalise_name(name), scope, limit):
            found.setdefault(account.id, account)
    return list(found.values())[:limit]


# ------------------------------------------------------------------ contacts


async def get_contact(uow: AccountsUnitOfWork, principal: Principal, contact_id: UUID) -> Contact:
    contact = await uow.contacts.get(contact_id)
    if contact is None or not _visible(principal, CONTACT, contact):
        raise NotFound(CONTACT, contact_id)
    return contact


async def _clean_contact_fields(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    values: Mapping[str, Any],
    current: Contact | None,
) -> dict[str, Any]:
    clean = dict(values)
    for name in ("first_name", "last_name"):
        if name in clean:
            clean[name] = " ".join(str(clean[name]).split())
            if not clean[name]:
                raise ValidationFailed.field(name, "The name cannot be empty.")
    if clean.get("phone"):
        clean["phone"] = normalise_phone(clean["phone"])
    if clean.get("email"):
        clean["email"] = str(clean["email"]).strip().lower()
    if "marketing_consent" in clean:
        was = current.marketing_consent if current else False
        if clean["marketing_consent"] != was or current is None:
            # Consent is evidence: when it was given or withdrawn, and through what.
            clean["marketing_consent_at"] = (
                rt.clock.now() if (clean["marketing_consent"] or current is not None) else None
            )
            if clean["marketing_consent"] and not clean.get("marketing_consent_source"):
                raise ValidationFailed.field(
                    "marketing_consent_source",
                    "Say where the consent was given (e.g. web form, event, phone call).",
                )
    if "accounts" in clean:
        links = tuple(clean["accounts"] or ())
        ids = [link.account_id for link in links]
        if len(ids) != len(set(ids)):
            raise ValidationFailed.field("accounts", "Each account may be linked once.")
        for i, link in enumerate(links):
            account = await uow.accounts.get(link.account_id)
            if not _visible(principal, ACCOUNT, account):
                raise ValidationFailed(
                    [FieldError(("accounts", i, "account_id"), "No such account.")]
                )
        clean["accounts"] = links
    return clean


@dataclass(frozen=True)
class ContactInput:
    first_name: str
    last_name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    preferred_language: Language = Language.FI
    marketing_consent: bool = False
    marketing_consent_source: str | None = None
    accounts: tuple[AccountLink, ...] = ()
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None


async def create_contact(
    uow: AccountsUnitOfWork, rt: Runtime, principal: Principal, data: ContactInput
) -> Contact:
    owner, unit = await _owner_and_unit(
        uow, principal, CONTACT, data.owner_id, data.business_unit_id
    )
    principal.require_on(CONTACT, Action.CREATE, owner, unit)
    values = await _clean_contact_fields(
        uow,
        rt,
        principal,
        {k: v for k, v in vars(data).items() if k not in {"owner_id", "business_unit_id"}},
        None,
    )
    now = rt.clock.now()
    contact = Contact(
        id=rt.ids.new_id(),
        owner_id=owner,
        business_unit_id=unit,
        created_at=now,
        updated_at=now,
        **values,
    )
    await uow.contacts.add(contact)
    await _audit(uow, rt, principal, CONTACT, contact, Operation.CREATE, None)
    await uow.commit()
    return contact


async def update_contact(
    uow: AccountsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    contact_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Contact:
    contact = await get_contact(uow, principal, contact_id)
    principal.require_on(CONTACT, Action.UPDATE, contact.owner_id, contact.business_unit_id)
    check_version(CONTACT, contact, expected_version)
    values = await _clean_contact_fields(uow, rt, principal, changes, contact)
    if "owner_id" in values or "business_unit_id" in values:
        owner, unit = await _owner_and_unit(
            uow,
            principal,
            CONTACT,
            values.get("owner_id", contact.owner_id),
            values.get("business_unit_id"),
        )
        principal.require_on(CONTACT, Action.ASSIGN, contact.owner_id, contact.business_unit_id)
        values["owner_id"], values["business_unit_id"] = owner, unit
    before = snapshot(contact, BOOKKEEPING)
    if not apply_update(contact, values, rt.clock.now()):
        return contact  # nothing changed: no new version, no history noise
    await uow.contacts.update(contact, expected_version)
    await _audit(uow, rt, principal, CONTACT, contact, Operation.UPDATE, before)
    await uow.commit()
    return contact
