"""Capturing leads: by hand (customer service during a call, a salesperson), from a service
request, from an integration, or from the website's form. Every lead is routed as it is
received and gets its SLA due time then.

The minimum is the contact's name, a phone number, the product or service of interest and
the company's name; the rest (email, business ID, municipality or region, description,
source, campaign) helps routing and the salesperson. The lead giver is whoever entered it
(for a web form, the form's user) and never changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.leads.assignment import apply, decide, facts_of, hand_over, set_sla, terms_for
from domain.leads.common import audit
from domain.leads.forms import LeadForm
from domain.leads.model import (
    EARLIEST,
    FUTURE_TOLERANCE,
    LEAD,
    Lead,
    LeadSource,
    Priority,
)
from domain.leads.ports import LeadsRuntime, LeadsUnitOfWork, PlaceRef, ProductRef
from domain.leads.sla import SlaDefaults
from domain.shared import (
    Action,
    Depth,
    NotFound,
    Operation,
    Principal,
    ValidationFailed,
)
from domain.shared.identifiers import normalise_business_id, normalise_phone

TEXT_FIELDS = {"company_name": 200, "contact_name": 200}


@dataclass(frozen=True)
class LeadPolicy:
    """The configurable defaults of leads (from the settings)."""

    sla: SlaDefaults = field(default_factory=SlaDefaults)


@dataclass(frozen=True)
class LeadInput:
    company_name: str
    contact_name: str
    phone: str
    product_id: UUID
    email: str | None = None
    business_id: str | None = None
    municipality_id: UUID | None = None
    # A municipality by code or name (for integrations and the web form); resolved.
    municipality: str | None = None
    region_id: UUID | None = None
    description: str | None = None
    source: LeadSource | None = None  # None: phone call (service request when linked to one)
    priority: Priority = Priority.NORMAL
    campaign_id: UUID | None = None
    service_request_id: UUID | None = None
    target_unit_id: UUID | None = None
    received_at: datetime | None = None  # None: now


def clean_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical forms; errors name the field."""
    clean = dict(values)
    for name in TEXT_FIELDS:
        if name in clean:
            clean[name] = " ".join(str(clean[name] or "").split())
            if not clean[name]:
                raise ValidationFailed.field(name, "This field cannot be empty.")
    if "phone" in clean:
        phone = str(clean["phone"] or "").strip()
        if not phone:
            raise ValidationFailed.field("phone", "Enter the phone number to call back.")
        clean["phone"] = normalise_phone(phone)
    if "email" in clean:
        clean["email"] = str(clean["email"] or "").strip().lower() or None
    if "business_id" in clean:
        bid = str(clean["business_id"] or "").strip()
        clean["business_id"] = normalise_business_id(bid) if bid else None
    if "description" in clean and clean["description"] is not None:
        clean["description"] = str(clean["description"]).strip() or None
    return clean


async def product_of(uow: LeadsUnitOfWork, product_id: UUID) -> ProductRef:
    product = await uow.lead_directory.product(product_id)
    if product is None or not product.is_active:
        raise ValidationFailed.field("product_id", "No such active product or service.")
    return product


async def place_of(
    uow: LeadsUnitOfWork,
    municipality_id: UUID | None,
    municipality: str | None,
    region_id: UUID | None,
) -> PlaceRef | None:
    """The lead's municipality and region: a municipality decides the region (the regions
    table); a region may also be given alone."""
    place: PlaceRef | None = None
    if municipality_id is not None:
        place = await uow.lead_directory.municipality(municipality_id)
        if place is None:
            raise ValidationFailed.field("municipality_id", "No such municipality.")
    elif municipality is not None and municipality.strip():
        place = await uow.lead_directory.municipality_named(municipality.strip())
        if place is None:
            raise ValidationFailed.field("municipality", "No such municipality.")
    if region_id is not None:
        if place is not None and place.region_id != region_id:
            raise ValidationFailed.field(
                "region_id", "The municipality is in another region; leave the region out."
            )
        if place is None:
            place = await uow.lead_directory.region(region_id)
            if place is None:
                raise ValidationFailed.field("region_id", "No such region.")
    return place


async def check_links(
    uow: LeadsUnitOfWork,
    principal: Principal,
    *,
    campaign_id: UUID | None = None,
    service_request_id: UUID | None = None,
    target_unit_id: UUID | None = None,
) -> None:
    directory = uow.lead_directory
    if campaign_id is not None and await directory.unknown("campaign", [campaign_id]):
        raise ValidationFailed.field("campaign_id", "No such campaign.")
    if target_unit_id is not None and await directory.unknown("business_unit", [target_unit_id]):
        raise ValidationFailed.field("target_unit_id", "No such business unit.")
    if service_request_id is not None and not await directory.service_request_readable(
        principal, service_request_id
    ):
        raise ValidationFailed.field("service_request_id", "No such service request.")


def check_received_at(moment: datetime | None, now: datetime) -> None:
    if moment is None:
        return
    if moment < EARLIEST:
        raise ValidationFailed.field("received_at", f"The time must be after {EARLIEST.date()}.")
    if moment > now + FUTURE_TOLERANCE:
        raise ValidationFailed.field("received_at", "The lead cannot arrive in the future.")


async def create_lead(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    policy: LeadPolicy,
    data: LeadInput,
) -> Lead:
    """Capture a lead, route it and start its SLA; one transaction."""
    principal.require(LEAD, Action.CREATE)
    now = rt.clock.now()
    values = clean_values(
        {
            "company_name": data.company_name,
            "contact_name": data.contact_name,
            "phone": data.phone,
            "email": data.email,
            "business_id": data.business_id,
            "description": data.description,
        }
    )
    check_received_at(data.received_at, now)
    product = await product_of(uow, data.product_id)
    place = await place_of(uow, data.municipality_id, data.municipality, data.region_id)
    await check_links(
        uow,
        principal,
        campaign_id=data.campaign_id,
        service_request_id=data.service_request_id,
        target_unit_id=data.target_unit_id,
    )
    source = data.source or (
        LeadSource.SERVICE_REQUEST if data.service_request_id else LeadSource.PHONE_CALL
    )
    received = data.received_at or now
    lead = Lead(
        id=rt.ids.new_id(),
        product_id=product.id,
        source=source,
        priority=data.priority,
        received_at=received,
        owner_id=principal.user_id,
        business_unit_id=principal.business_unit_id,
        lead_giver_id=principal.user_id,
        # Placeholders until the SLA is set below, once the lead's unit is known.
        sla_due_at=received,
        sla_at_risk_at=received,
        sla_working_hours=0.0,
        created_at=now,
        updated_at=now,
        municipality_id=place.municipality_id if place else None,
        region_id=place.region_id if place else None,
        campaign_id=data.campaign_id,
        service_request_id=data.service_request_id,
        target_unit_id=data.target_unit_id or product.business_unit_id,
        **values,
    )
    decision = await decide(uow, await facts_of(uow, lead, product), take_turn=True)
    await apply(uow, lead, decision, now)
    set_sla(rt, lead, await terms_for(uow, lead, policy.sla), received)
    await uow.leads.add(lead)
    await hand_over(uow, rt, principal, lead, decision.kind)
    if lead.task_id is not None:
        await uow.leads.update(lead, lead.version)  # the task id, in the same first version
    await audit(uow, rt, principal.user_id, lead, Operation.CREATE, None)
    await uow.commit()
    return lead


@dataclass(frozen=True)
class WebLeadInput:
    """What a visitor may send through the organisation's website form."""

    company_name: str
    contact_name: str
    phone: str
    email: str | None = None
    business_id: str | None = None
    product_id: UUID | None = None
    product_code: str | None = None
    municipality: str | None = None
    description: str | None = None


def form_principal(form: LeadForm, name: str, business_unit_id: UUID) -> Principal:
    """The form acts as its user with nothing but the right to enter leads: the visitor
    reads nothing, and what routing needs it gets like any lead giver."""
    return Principal(
        user_id=form.lead_giver_id,
        business_unit_id=business_unit_id,
        name=name,
        privileges={(LEAD, Action.CREATE): Depth.ORGANISATION},
    )


async def active_form(uow: LeadsUnitOfWork, token: str) -> LeadForm:
    """The active form with this token; an unknown or switched-off one is not found."""
    form = await uow.lead_forms.by_token(token)
    if form is None or not form.is_active:
        raise NotFound("lead_form", "with this token")
    return form


async def submit_web_form(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    policy: LeadPolicy,
    form: LeadForm,
    data: WebLeadInput,
) -> Lead:
    """A lead from the website: entered as the form's user, with the form's defaults."""
    giver = await uow.lead_directory.person(form.lead_giver_id)
    if giver is None or not giver.is_active:
        raise NotFound("lead_form", "with this token")  # a form without a user is off
    product_id = data.product_id
    if product_id is None and data.product_code:
        found = await uow.lead_directory.product_by_code(data.product_code.strip())
        if found is None or not found.is_active:
            raise ValidationFailed.field("product_code", "No such product or service.")
        product_id = found.id
    product_id = product_id or form.product_id
    if product_id is None:
        raise ValidationFailed.field("product_id", "Choose the product or service.", "missing")
    return await create_lead(
        uow,
        rt,
        form_principal(form, giver.name, giver.business_unit_id),
        policy,
        LeadInput(
            company_name=data.company_name,
            contact_name=data.contact_name,
            phone=data.phone,
            email=data.email,
            business_id=data.business_id,
            product_id=product_id,
            municipality=data.municipality,
            description=data.description,
            source=form.source,
            campaign_id=form.campaign_id,
            target_unit_id=form.target_unit_id,
        ),
    )
