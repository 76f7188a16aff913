"""Converting a lead: the account, the contact and a sales project of a chosen type, all in
one transaction with the lead's own change.

The account is the one with the lead's business ID when there is one (it is never
duplicated), otherwise the candidate the user chose, otherwise a new account from the lead.
The contact is the chosen existing one (linked to the account if it is not yet) or a new
one from the lead's name, email and phone. The project is opened with the contact, from
the lead (`source_lead_id`), in the lead's region. The lead becomes handled and keeps the
links; converting twice is refused. Each step is the owning context's own use case, run with
its commit deferred: when any step fails, nothing of the conversion is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.accounts import Account, AccountInput, AccountLink, Contact, ContactInput
from domain.accounts import services as accounts
from domain.activities import ActivityStatus
from domain.leads.assignment import finish_task
from domain.leads.common import close, get_lead, require_update, save
from domain.leads.model import LEAD, FirstAction, Lead, LeadStatus, split_name
from domain.leads.ports import LeadsRuntime, LeadsUnitOfWork
from domain.leads.work import reacted
from domain.sales import ProjectContact, ProjectInput, create_project
from domain.shared import (
    BOOKKEEPING,
    Conflict,
    InvalidTransition,
    NotFound,
    Principal,
    ValidationFailed,
    check_version,
    snapshot,
)
from domain.shared.transactions import deferred_commit


@dataclass(frozen=True)
class ConversionInput:
    project_type_id: UUID
    project_name: str | None = None  # None: "<company> – <product>"
    # The candidate account chosen in the wizard; used only when no account has the lead's
    # business ID. None: a new account from the lead.
    account_id: UUID | None = None
    # An existing contact to use; None: a new contact from the lead.
    contact_id: UUID | None = None
    contact_first_name: str | None = None
    contact_last_name: str | None = None
    contact_title: str | None = None
    estimated_value: Decimal | None = None
    expected_decision_date: date | None = None
    first_responsible_user_id: UUID | None = None


@dataclass(frozen=True)
class Conversion:
    lead: Lead
    account_id: UUID
    account_created: bool
    contact_id: UUID
    contact_created: bool
    sales_project_id: UUID


async def _account(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    lead: Lead,
    chosen: UUID | None,
    region: str | None,
    municipality: str | None,
) -> tuple[Account, bool]:
    if lead.business_id:
        existing = await uow.accounts.by_business_id(lead.business_id)
        if existing is not None:
            try:
                account = await accounts.get_account(uow, principal, existing.id)
            except NotFound as exc:
                raise Conflict(
                    f"An account with business ID {lead.business_id} exists, but you cannot "
                    "see it; ask an administrator to share it or to convert the lead."
                ) from exc
            if chosen is not None and chosen != account.id:
                raise ValidationFailed.field(
                    "account_id",
                    f"The account {account.name!r} has the lead's business ID "
                    f"{lead.business_id}: the lead is converted to it.",
                )
            return account, False
    if chosen is not None:
        try:
            return await accounts.get_account(uow, principal, chosen), False
        except NotFound as exc:
            raise ValidationFailed.field("account_id", "No such account.") from exc
    account = await accounts.create_account(
        deferred_commit(uow),
        rt,
        principal,
        AccountInput(
            name=lead.company_name,
            business_id=lead.business_id,
            region=region,
            municipality=municipality,
        ),
    )
    return account, True


async def _contact(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    lead: Lead,
    account: Account,
    data: ConversionInput,
) -> tuple[Contact, bool]:
    work = deferred_commit(uow)
    if data.contact_id is not None:
        try:
            contact = await accounts.get_contact(uow, principal, data.contact_id)
        except NotFound as exc:
            raise ValidationFailed.field("contact_id", "No such contact.") from exc
        if all(link.account_id != account.id for link in contact.accounts):
            links = (*contact.accounts, AccountLink(account.id))
            contact = await accounts.update_contact(
                work, rt, principal, contact.id, {"accounts": links}, contact.version
            )
        return contact, False
    first, last = split_name(lead.contact_name)
    first = (data.contact_first_name or first).strip()
    last = (data.contact_last_name or last).strip()
    if not first:
        raise ValidationFailed.field(
            "contact_first_name", "The lead has one name only: give the contact's first name."
        )
    contact = await accounts.create_contact(
        work,
        rt,
        principal,
        ContactInput(
            first_name=first,
            last_name=last,
            title=data.contact_title,
            email=lead.email,
            phone=lead.phone,
            accounts=(AccountLink(account.id),),
        ),
    )
    return contact, True


async def convert(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    lead_id: UUID,
    expected_version: int,
    data: ConversionInput,
) -> Conversion:
    lead = await get_lead(uow, principal, lead_id)
    require_update(principal, lead)
    check_version(LEAD, lead, expected_version)
    if lead.status is LeadStatus.HANDLED:
        raise Conflict("The lead has already been converted.", existing_id=lead.sales_project_id)
    if lead.status is not LeadStatus.OPEN:
        raise InvalidTransition(
            f"A {lead.status.value} lead cannot be converted: reopen it first.",
            allowed=[LeadStatus.OPEN.value],
        )
    place = await uow.lead_directory.region(lead.region_id) if lead.region_id else None
    municipality = (
        await uow.lead_directory.municipality(lead.municipality_id)
        if lead.municipality_id
        else None
    )
    region = place.region_name if place else None
    account, account_created = await _account(
        uow,
        rt,
        principal,
        lead,
        data.account_id,
        region,
        municipality.municipality_name if municipality else None,
    )
    if account.is_passive:
        raise ValidationFailed.field(
            "account_id", "The account is passive: it takes no new sales projects."
        )
    contact, contact_created = await _contact(uow, rt, principal, lead, account, data)
    product = await uow.lead_directory.product(lead.product_id)
    name = (data.project_name or "").strip() or (
        f"{lead.company_name} – {product.name}" if product else lead.company_name
    )
    project = await create_project(
        deferred_commit(uow),
        rt,
        principal,
        ProjectInput(
            name=name[:200],
            account_id=account.id,
            project_type_id=data.project_type_id,
            region=region,
            estimated_value=data.estimated_value,
            expected_decision_date=data.expected_decision_date,
            description=lead.description,
            source_lead_id=lead.id,
            contacts=(ProjectContact(contact.id),),
            first_responsible_user_id=data.first_responsible_user_id,
        ),
    )
    before = snapshot(lead, BOOKKEEPING)
    now = rt.clock.now()
    reacted(rt, lead, principal, FirstAction.CONVERSION)
    close(lead, LeadStatus.HANDLED, None, now)
    lead.converted_at, lead.converted_by_id = now, principal.user_id
    lead.account_id, lead.contact_id, lead.sales_project_id = account.id, contact.id, project.id
    await finish_task(uow, rt, principal, lead, ActivityStatus.DONE)
    await save(uow, rt, principal.user_id, lead, before)
    await uow.commit()
    return Conversion(lead, account.id, account_created, contact.id, contact_created, project.id)
