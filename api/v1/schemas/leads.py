"""Request/response models of leads: capture, the inbox, state changes, assignment, routing
explanations, duplicate candidates and conversion."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import AwareDatetime, EmailStr, Field, StringConstraints, field_validator

from api.v1.schemas.accounts import business_id_or_none
from api.v1.schemas.common import In, Name, Out, Patch, Short, Stamped
from api.v1.schemas.sales import Money
from domain.leads import FirstAction, LeadSource, LeadStatus, Outcome, Priority, SlaState
from domain.leads.routing import TargetKind
from domain.shared import ValidationFailed
from domain.shared.identifiers import normalise_phone

PhoneText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=30)]
BusinessIdText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]
Description = Annotated[str, StringConstraints(max_length=20000)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


def phone_or_none(value: str | None) -> str | None:
    """A phone number in E.164; ValueError names the rule."""
    if value is None or value.strip() == "":
        return None
    try:
        return normalise_phone(value)
    except ValidationFailed as exc:
        raise ValueError(exc.errors[0].msg) from exc


class LeadFields(In):
    email: EmailStr | None = Field(None, max_length=320)
    business_id: BusinessIdText | None = Field(
        None, description="Finnish business ID (Y-tunnus); checksum verified."
    )
    municipality_id: UUID | None = Field(
        None, description="The municipality (it decides the region, by the regions table)."
    )
    municipality: Short | None = Field(
        None, description="…or the municipality's code or name (Finnish or Swedish)."
    )
    region_id: UUID | None = Field(None, description="A region alone, when no municipality.")
    description: Description | None = None
    priority: Priority = Priority.NORMAL
    campaign_id: UUID | None = None
    target_unit_id: UUID | None = Field(
        None,
        description="The business unit the inquiry is for (routing rules and SLA policies may "
        "match it); defaults to the product's selling unit.",
    )

    _bid = field_validator("business_id")(business_id_or_none)

    def domain_values(self, fields: set[str] | None = None) -> dict[str, Any]:
        chosen = fields if fields is not None else set(type(self).model_fields)
        values = {name: getattr(self, name) for name in chosen}
        if values.get("email") is not None:
            values["email"] = str(values["email"])
        return values


class LeadCreate(LeadFields):
    company_name: Name = Field(description="The company's name (for a private person, theirs).")
    contact_name: Name = Field(description="The contact person's name.")
    phone: PhoneText = Field(description="Stored in E.164, e.g. +358401234567.")
    product_id: UUID = Field(description="The product or service of interest.")
    source: LeadSource | None = Field(
        None,
        description="Liidin lähde. Default: phone_call, or service_request when "
        "service_request_id is given.",
    )
    service_request_id: UUID | None = Field(
        None, description="The service request the lead came from (GET /leads?service_request_id=)"
    )
    received_at: AwareDatetime | None = Field(
        None,
        description="When the inquiry arrived (not in the future); the SLA counts from it. "
        "Default: now.",
    )

    _tel = field_validator("phone")(phone_or_none)


class LeadUpdate(LeadFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "company_name",
        "contact_name",
        "phone",
        "product_id",
        "priority",
        "source",
    )
    company_name: Name | None = None
    contact_name: Name | None = None
    phone: PhoneText | None = None
    product_id: UUID | None = None
    source: LeadSource | None = None
    priority: Priority | None = None  # type: ignore[assignment]

    _tel = field_validator("phone")(phone_or_none)

    def domain_changes(self) -> dict[str, Any]:
        return self.domain_values(set(self.model_fields_set))


class RoutingStepOut(Out):
    rule_id: UUID
    rule_name: str
    position: int
    outcome: Outcome = Field(
        description="matched (won), not_matched (a condition failed: see failed), or matched "
        "but skipped: inactive_user, no_active_members, inactive_queue."
    )
    failed: list[str] = Field(
        description="Failed conditions: region, product, business_unit, source."
    )


class RoutingOut(Out):
    kind: TargetKind = Field(description="user, queue, or none (stays with the lead giver).")
    rule_id: UUID | None = Field(description="The rule that won; null for fallback or by hand.")
    user_id: UUID | None
    team_id: UUID | None = Field(description="Set when the user came from a team's round robin.")
    queue_id: UUID | None
    fallback: bool = Field(description="The fallback queue took it: no rule did.")
    steps: list[RoutingStepOut] = Field(
        description="Every active rule looked at, in order; empty when assigned by hand."
    )


class LeadOut(Stamped):
    company_name: str
    contact_name: str
    phone: str
    email: str | None
    business_id: str | None
    product_id: UUID
    product_name: str | None
    municipality_id: UUID | None
    municipality_name: str | None
    region_id: UUID | None
    region_name: str | None
    description: str | None
    source: LeadSource
    priority: Priority
    status: LeadStatus = Field(description="open | handled | handled_no_action | disqualified")
    status_reason: str | None = Field(description="Why it was last closed or reopened.")
    allowed_statuses: list[LeadStatus] = Field(
        description="What POST …/status accepts now (handled only comes from a conversion)."
    )
    campaign_id: UUID | None
    campaign_name: str | None
    service_request_id: UUID | None
    target_unit_id: UUID | None
    target_unit_name: str | None
    received_at: datetime
    owner_id: UUID
    owner_name: str | None
    business_unit_id: UUID
    business_unit_name: str | None
    lead_giver_id: UUID = Field(description="Liidin antaja: who entered it. Never changes.")
    lead_giver_name: str | None
    queue_id: UUID | None = Field(description="The queue it waits in until a member picks it.")
    queue_name: str | None
    sla_state: SlaState = Field(
        description="on_track, at_risk, breached; met or missed once closed."
    )
    sla_due_at: datetime
    sla_at_risk_at: datetime
    sla_working_hours: float = Field(description="The SLA's length in working hours.")
    sla_working_hours_left: float | None = Field(
        description="Working hours until due (negative: overdue); null once closed."
    )
    sla_met: bool | None
    sla_policy_id: UUID | None = Field(description="Null: the default SLA from the settings.")
    closed_at: datetime | None
    routing_rule_id: UUID | None
    routing: RoutingOut | None = Field(description="Why it went where it went.")
    routed_at: datetime | None
    assigned_at: datetime | None
    task_id: UUID | None = Field(description='The owner\'s open task "Liidi".')
    acknowledged_at: datetime | None = Field(
        description="The current owner's first reaction; null: not yet acknowledged."
    )
    acknowledged_by_id: UUID | None
    first_action_at: datetime | None
    first_action_kind: FirstAction | None
    first_action_hours: float | None = Field(description="Working hours from receipt.")
    converted_at: datetime | None
    converted_by_id: UUID | None
    account_id: UUID | None
    account_name: str | None
    contact_id: UUID | None
    sales_project_id: UUID | None


class DuplicateOut(Out):
    kind: str = Field(description="lead (an open one), contact or account")
    id: UUID
    label: str
    matched_on: list[str] = Field(description="email, phone, business_id")
    account_id: UUID | None = Field(description="A contact's (first) account, if you see it.")
    account_name: str | None


class LeadCreatedOut(LeadOut):
    duplicates: list[DuplicateOut] = Field(
        description="Open leads, contacts and accounts with the same email, phone or business "
        "ID: a warning to show, not a refusal."
    )


class LeadSummaryOut(Out):
    open: int
    on_track: int
    at_risk: int
    breached: int
    not_acknowledged: int
    in_my_queues: int


class LeadStatusIn(In):
    status: LeadStatus = Field(description="handled_no_action, disqualified, or open (reopen).")
    reason: Reason | None = Field(None, description="Required: why closed, or why reopened.")


class AssignmentIn(In):
    user_id: UUID | None = Field(None, description="Give the lead to a colleague…")
    queue_id: UUID | None = Field(None, description="…or put it in a queue (exactly one).")


class ConversionIn(In):
    project_type_id: UUID = Field(description="The sales project's type.")
    project_name: Name | None = Field(None, description="Default: '<company> – <product>'.")
    account_id: UUID | None = Field(
        None,
        description="The candidate account chosen; omit for a new account from the lead. An "
        "account with the lead's business ID is always used (choosing another is a 422).",
    )
    contact_id: UUID | None = Field(
        None, description="An existing contact to use (linked to the account if not yet)."
    )
    contact_first_name: PersonName | None = Field(
        None, description="For a new contact; default: the lead's name but its last word."
    )
    contact_last_name: PersonName | None = Field(
        None, description="For a new contact; default: the last word of the lead's name."
    )
    contact_title: Short | None = None
    estimated_value: Money | None = None
    expected_decision_date: date | None = None
    first_responsible_user_id: UUID | None = Field(
        None, description="The first stage's responsible; default: the type's for the region."
    )


class ConversionOut(Out):
    lead: LeadOut
    account_id: UUID
    account_created: bool
    contact_id: UUID
    contact_created: bool
    sales_project_id: UUID


class CandidateAccountOut(Out):
    id: UUID
    name: str
    business_id: str | None
    region: str | None
    municipality: str | None
    business_id_match: bool = Field(
        description="Has the lead's business ID: the conversion will use it."
    )


class ConversionCandidatesOut(Out):
    accounts: list[CandidateAccountOut] = Field(
        description="The account with the lead's business ID first, then similar names."
    )
    contacts: list[DuplicateOut] = Field(description="Contacts with the lead's email or phone.")
