"""Contact use cases: persons, linked to zero or more accounts with a role; marketing
consent kept as evidence (when, through what)."""

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
    visible,
)
from domain.accounts.model import (
    AccountLink,
    Contact,
    Language,
)
from domain.accounts.ports import AccountsUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    FieldError,
    NotFound,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    apply_update,
    check_version,
    snapshot,
)
from domain.shared.identifiers import normalise_phone


async def get_contact(uow: AccountsUnitOfWork, principal: Principal, contact_id: UUID) -> Contact:
    contact = await uow.contacts.get(contact_id)
    if contact is None or not visible(principal, CONTACT, contact):
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
            if not visible(principal, ACCOUNT, account):
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
    owner, unit = await owner_and_unit(
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
    await audit(uow, rt, principal, CONTACT, contact, Operation.CREATE, None)
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
    await apply_reassignment(uow, principal, CONTACT, contact, values)
    before = snapshot(contact, BOOKKEEPING)
    if not apply_update(contact, values, rt.clock.now()):
        return contact  # nothing changed: no new version, no history noise
    await uow.contacts.update(contact, expected_version)
    await audit(uow, rt, principal, CONTACT, contact, Operation.UPDATE, before)
    await uow.commit()
    return contact
