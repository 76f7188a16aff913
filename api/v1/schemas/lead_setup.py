"""Request/response models of the leads set-up (routing rules and the test tool, SLA policies,
web forms, lead settings) and of the public web form."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import EmailStr, Field, StringConstraints, field_validator

from api.v1.schemas.accounts import business_id_or_none
from api.v1.schemas.common import In, Name, Out, Patch, Short, Stamped
from api.v1.schemas.leads import BusinessIdText, PhoneText, RoutingOut, phone_or_none
from domain.leads import LeadSource
from domain.leads.sla import MAX_AT_RISK_HOURS, MAX_WORKING_DAYS

IdList = Annotated[list[UUID], Field(max_length=500)]
Origin = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text2000 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
WorkingDays = Annotated[
    float, Field(gt=0, le=MAX_WORKING_DAYS, description="Working days of office hours.")
]
AtRiskHours = Annotated[
    float, Field(ge=0, le=MAX_AT_RISK_HOURS, description="The last working hours before due.")
]


def _set(values: list[Any] | None) -> frozenset[Any]:
    return frozenset(values or ())


# ------------------------------------------------------------------ routing rules


class RuleFields(In):
    description: Text2000 | None = None
    is_active: bool = True
    region_ids: IdList = Field(default_factory=list, description="Any of these regions.")
    product_ids: IdList = Field(default_factory=list, description="Any of these products…")
    product_group_ids: IdList = Field(
        default_factory=list, description="…or products of these groups (and the groups below)."
    )
    business_unit_ids: IdList = Field(
        default_factory=list, description="The unit the inquiry is for is one of these."
    )
    sources: list[LeadSource] = Field(default_factory=list, max_length=20)
    assign_user_id: UUID | None = Field(None, description="Assign to this user…")
    assign_team_id: UUID | None = Field(None, description="…or round robin in this team…")
    assign_queue_id: UUID | None = Field(None, description="…or to this queue (exactly one).")

    def domain_values(self, fields: set[str] | None = None) -> dict[str, Any]:
        chosen = fields if fields is not None else set(type(self).model_fields)
        values = {name: getattr(self, name) for name in chosen}
        for name in ("region_ids", "product_ids", "product_group_ids", "business_unit_ids"):
            if name in values:
                values[name] = _set(values[name])
        if "sources" in values:
            values["sources"] = _set(values["sources"])
        return values


class RuleCreate(RuleFields):
    name: Name
    position: int | None = Field(
        None, ge=0, le=1_000_000, description="Lower first; default: after the last rule."
    )


class RuleUpdate(RuleFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "name",
        "position",
        "is_active",
        "region_ids",
        "product_ids",
        "product_group_ids",
        "business_unit_ids",
        "sources",
    )
    name: Name | None = None
    position: int | None = Field(None, ge=0, le=1_000_000)
    is_active: bool | None = None  # type: ignore[assignment]
    region_ids: IdList | None = None  # type: ignore[assignment]
    product_ids: IdList | None = None  # type: ignore[assignment]
    product_group_ids: IdList | None = None  # type: ignore[assignment]
    business_unit_ids: IdList | None = None  # type: ignore[assignment]
    sources: list[LeadSource] | None = Field(None, max_length=20)  # type: ignore[assignment]

    def domain_changes(self) -> dict[str, Any]:
        return self.domain_values(set(self.model_fields_set))


class RuleOut(Stamped):
    name: str
    description: str | None
    position: int
    is_active: bool
    region_ids: list[UUID]
    product_ids: list[UUID]
    product_group_ids: list[UUID]
    business_unit_ids: list[UUID]
    sources: list[LeadSource]
    assign_user_id: UUID | None
    assign_team_id: UUID | None
    assign_queue_id: UUID | None


class RuleOrderIn(In):
    rule_ids: IdList = Field(description="Every rule exactly once, in the new order.")


class RoutingTestIn(In):
    product_id: UUID
    municipality_id: UUID | None = None
    municipality: Short | None = Field(None, description="Code or name of the municipality.")
    region_id: UUID | None = None
    target_unit_id: UUID | None = None
    source: LeadSource = LeadSource.PHONE_CALL


class RoutingTestOut(Out):
    routing: RoutingOut = Field(description="The winning rule and owner, and every rule's step.")
    region_id: UUID | None = Field(description="The region routing used (from the municipality).")
    region_name: str | None
    target_unit_id: UUID | None = Field(description="The unit routing used (or the product's).")
    user_name: str | None = Field(description="Who would get the lead.")
    queue_name: str | None
    rule_name: str | None


# ------------------------------------------------------------------ SLA policies


class PolicyCreate(In):
    business_unit_id: UUID | None = Field(None, description="For this unit (the inquiry's)…")
    product_id: UUID | None = Field(None, description="…and/or this product (at least one).")
    working_days: WorkingDays
    at_risk_working_hours: AtRiskHours = 4.0
    restarts_on_reassignment: bool = Field(
        False, description="Start the clock again when a lead is re-routed or reassigned."
    )
    is_active: bool = True


class PolicyUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "working_days",
        "at_risk_working_hours",
        "restarts_on_reassignment",
        "is_active",
    )
    business_unit_id: UUID | None = None
    product_id: UUID | None = None
    working_days: WorkingDays | None = None
    at_risk_working_hours: AtRiskHours | None = None
    restarts_on_reassignment: bool | None = None
    is_active: bool | None = None


class PolicyOut(Stamped):
    business_unit_id: UUID | None
    product_id: UUID | None
    working_days: float
    at_risk_working_hours: float
    restarts_on_reassignment: bool
    is_active: bool


# ------------------------------------------------------------------ web forms


class FormFields(In):
    is_active: bool = True
    source: LeadSource = LeadSource.WEB_FORM
    product_id: UUID | None = Field(
        None, description="The product when the visitor does not choose one."
    )
    target_unit_id: UUID | None = None
    campaign_id: UUID | None = None
    allowed_origins: list[Origin] = Field(
        default_factory=list,
        max_length=20,
        description="Origins browsers may post from, e.g. https://www.example.fi (no wildcard).",
    )

    def domain_values(self, fields: set[str] | None = None) -> dict[str, Any]:
        chosen = fields if fields is not None else set(type(self).model_fields)
        values = {name: getattr(self, name) for name in chosen}
        if values.get("allowed_origins") is not None:
            values["allowed_origins"] = tuple(values["allowed_origins"])
        return values


class FormCreate(FormFields):
    name: Name
    lead_giver_id: UUID = Field(
        description="The user web leads are entered as: their lead giver (and owner when no "
        "rule routes them), e.g. a customer-service user."
    )


class FormUpdate(FormFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "name",
        "lead_giver_id",
        "is_active",
        "source",
        "allowed_origins",
    )
    name: Name | None = None
    lead_giver_id: UUID | None = None
    is_active: bool | None = None  # type: ignore[assignment]
    source: LeadSource | None = None  # type: ignore[assignment]
    allowed_origins: list[Origin] | None = Field(None, max_length=20)  # type: ignore[assignment]

    def domain_changes(self) -> dict[str, Any]:
        return self.domain_values(set(self.model_fields_set))


class FormOut(Stamped):
    name: str
    token: str = Field(description="In the form's public address; rotate it to change it.")
    public_path: str = Field(description="POST here from the website: /api/v1/public/lead-forms/…")
    lead_giver_id: UUID
    is_active: bool
    source: LeadSource
    product_id: UUID | None
    target_unit_id: UUID | None
    campaign_id: UUID | None
    allowed_origins: list[str]


# ------------------------------------------------------------------ lead settings


class LeadSettingsOut(Out):
    fallback_queue_id: UUID | None = Field(
        description="Where a lead goes when no rule takes it; null: it stays with its giver."
    )
    account_request_queue_id: UUID | None = Field(
        description="The customer-service queue account-creation requests are submitted to."
    )
    version: int


class LeadSettingsUpdate(Patch):
    fallback_queue_id: UUID | None = None
    account_request_queue_id: UUID | None = None


# ------------------------------------------------------------------ the public web form


class WebLeadIn(In):
    """What the website's form may send; anything else is refused."""

    company_name: Name
    contact_name: Name
    phone: PhoneText
    email: EmailStr | None = Field(None, max_length=320)
    business_id: BusinessIdText | None = None
    product_id: UUID | None = Field(None, description="Default: the form's product.")
    product_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] | None = (
        Field(None, description="…or the product's code.")
    )
    municipality: Short | None = Field(None, description="Code or name of the municipality.")
    description: Annotated[str, StringConstraints(max_length=5000)] | None = None
    website: Annotated[str, StringConstraints(max_length=500)] | None = Field(
        None,
        description="Leave empty: a field hidden from people (a honeypot). Filled in, the "
        "submission is answered as received and thrown away.",
    )

    _tel = field_validator("phone")(phone_or_none)
    _bid = field_validator("business_id")(business_id_or_none)


class WebLeadReceived(Out):
    status: str = Field(description="Always 'received'.", examples=["received"])
