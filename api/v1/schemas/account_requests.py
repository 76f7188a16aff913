"""Request/response models of account-creation requests (asiakkuuden perustamislomake)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import EmailStr, Field, StringConstraints, field_validator

from api.v1.schemas.accounts import AddressModel, business_id_or_none
from api.v1.schemas.common import In, Name, Out, Patch, Stamped
from api.v1.schemas.leads import BusinessIdText, PhoneText, phone_or_none
from domain.leads import CustomerType, RequestState

Text50 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)]
Text100 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Text300 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Notes = Annotated[str, StringConstraints(max_length=5000)]


class RequestFields(In):
    customer_type: CustomerType = CustomerType.COMPANY
    business_id: BusinessIdText | None = Field(
        None, description="Finnish business ID (a company needs one to be submitted)."
    )
    personal_reference: Text50 | None = Field(
        None, description="A person's reference for the billing system (no identity codes)."
    )
    contact_name: Text200 | None = None
    contact_email: EmailStr | None = Field(None, max_length=320)
    contact_phone: PhoneText | None = None
    billing_address: AddressModel | None = None
    e_invoice_address: Text100 | None = Field(None, description="E-invoice address (OVT).")
    contract_type: Text100 | None = Field(
        None, description="e.g. fixed price or metered (kiinteähintainen / mittaroitu)."
    )
    site_address: Text300 | None = Field(None, description="The site / usage point's address.")
    usage_point: Text50 | None = Field(None, description="The usage point's number.")
    start_date: date | None = Field(None, description="When the contract should start.")
    notes: Notes | None = None
    lead_id: UUID | None = Field(None, description="The lead this customer came from.")
    sales_project_id: UUID | None = Field(None, description="The sales project it is for.")

    _bid = field_validator("business_id")(business_id_or_none)
    _tel = field_validator("contact_phone")(phone_or_none)

    def domain_values(self, fields: set[str] | None = None) -> dict[str, Any]:
        chosen = fields if fields is not None else set(type(self).model_fields)
        values = {name: getattr(self, name) for name in chosen}
        if isinstance(values.get("billing_address"), AddressModel):
            values["billing_address"] = values["billing_address"].to_domain()
        if values.get("contact_email") is not None:
            values["contact_email"] = str(values["contact_email"])
        return values


class RequestCreate(RequestFields):
    name: Name = Field(description="The company's name, or the person's full name.")


class RequestUpdate(RequestFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name", "customer_type")
    name: Name | None = None
    customer_type: CustomerType | None = None  # type: ignore[assignment]

    def domain_changes(self) -> dict[str, Any]:
        return self.domain_values(set(self.model_fields_set))


class AddressOut(Out):
    street: str | None
    postal_code: str | None
    city: str | None
    country: str


class RequestOut(Stamped):
    state: RequestState
    allowed_states: list[RequestState] = Field(description="The states it may move to next.")
    passive: bool = Field(description="Completed or rejected: the passive requests.")
    customer_type: CustomerType
    name: str
    business_id: str | None
    personal_reference: str | None
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    billing_address: AddressOut | None
    e_invoice_address: str | None
    contract_type: str | None
    site_address: str | None
    usage_point: str | None
    start_date: date | None
    notes: str | None
    lead_id: UUID | None
    sales_project_id: UUID | None
    queue_id: UUID | None
    queue_name: str | None
    submitted_at: datetime | None
    handler_id: UUID | None
    handler_name: str | None
    picked_at: datetime | None
    customer_number: str | None = Field(description="The billing system's customer number.")
    account_id: UUID | None = Field(description="The account, once it is in the CRM.")
    account_name: str | None
    completed_at: datetime | None
    rejection_reason: str | None
    rejected_at: datetime | None
    owner_id: UUID
    owner_name: str | None
    business_unit_id: UUID
    created_by: UUID | None


class CustomerNumberIn(In):
    customer_number: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)
    ] = Field(description="As the billing system shows it.")


class RejectionIn(In):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
