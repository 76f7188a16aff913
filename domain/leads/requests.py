"""Account-creation requests (asiakkuuden perustamislomake): a salesperson asks customer
service to create a new customer in the billing system.

draft → submitted (to the customer-service queue) → in progress (a member picked it) →
completed | rejected (with a reason). Customer service records the billing system's customer
number; the request completes when the account with that number as its `billing` external
id exists in the CRM — at once if the billing integration already brought it, otherwise in
the transaction of the integration's upsert. Completed and rejected requests are the
"passive requests".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from domain.accounts import Address
from domain.shared import InvalidTransition, ValidationFailed

ACCOUNT_CREATION_REQUEST = "account_creation_request"
# The external system whose customer numbers complete requests.
BILLING_SYSTEM = "billing"
_CUSTOMER_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,49}$")


class RequestState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REJECTED = "rejected"

    @property
    def is_passive(self) -> bool:
        return self in (RequestState.COMPLETED, RequestState.REJECTED)


ACTIVE_STATES = (RequestState.DRAFT, RequestState.SUBMITTED, RequestState.IN_PROGRESS)
PASSIVE_STATES = (RequestState.COMPLETED, RequestState.REJECTED)


class CustomerType(StrEnum):
    COMPANY = "company"
    PERSON = "person"


# The explicit steps and the states each may start from.
STEPS: dict[str, tuple[RequestState, ...]] = {
    "submit": (RequestState.DRAFT,),
    "pickup": (RequestState.SUBMITTED,),
    "customer_number": (RequestState.SUBMITTED, RequestState.IN_PROGRESS),
    "reject": (RequestState.SUBMITTED, RequestState.IN_PROGRESS),
    "edit": ACTIVE_STATES,
}


def check_step(step: str, state: RequestState) -> None:
    allowed = STEPS[step]
    if state not in allowed:
        raise InvalidTransition(
            f"A {state.value} request cannot be {_VERB[step]}.",
            allowed=[s.value for s in allowed_next(state)],
        )


_VERB = {
    "submit": "submitted",
    "pickup": "picked up",
    "customer_number": "given a customer number",
    "reject": "rejected",
    "edit": "edited",
}


def allowed_next(state: RequestState) -> list[RequestState]:
    return {
        RequestState.DRAFT: [RequestState.SUBMITTED],
        RequestState.SUBMITTED: [
            RequestState.IN_PROGRESS,
            RequestState.COMPLETED,
            RequestState.REJECTED,
        ],
        RequestState.IN_PROGRESS: [RequestState.COMPLETED, RequestState.REJECTED],
    }.get(state, [])


def clean_customer_number(value: str) -> str:
    number = value.strip()
    if not _CUSTOMER_NUMBER.match(number):
        raise ValidationFailed.field(
            "customer_number",
            "The customer number is 1 to 50 letters, digits or . _ / - (as the billing system "
            "shows it).",
        )
    return number


@dataclass
class AccountCreationRequest:
    id: UUID
    name: str  # the company's name, or the person's full name
    owner_id: UUID  # the salesperson who asks; stays the owner throughout
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    state: RequestState = RequestState.DRAFT
    customer_type: CustomerType = CustomerType.COMPANY
    business_id: str | None = None
    personal_reference: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    billing_address: Address | None = None
    e_invoice_address: str | None = None
    contract_type: str | None = None
    site_address: str | None = None  # käyttöpaikka
    usage_point: str | None = None  # käyttöpaikan numero
    start_date: date | None = None
    notes: str | None = None
    lead_id: UUID | None = None
    sales_project_id: UUID | None = None
    queue_id: UUID | None = None
    submitted_at: datetime | None = None
    handler_id: UUID | None = None  # the customer-service member who picked it
    picked_at: datetime | None = None
    customer_number: str | None = None
    account_id: UUID | None = None
    completed_at: datetime | None = None
    rejection_reason: str | None = None
    rejected_at: datetime | None = None
    created_by: UUID | None = None
    version: int = 1

    def missing_for_submission(self) -> list[str]:
        """The fields customer service needs before it can create the customer."""
        missing = []
        if self.customer_type is CustomerType.COMPANY and not self.business_id:
            missing.append("business_id")
        address = self.billing_address
        for part in ("street", "postal_code", "city"):
            if address is None or not getattr(address, part):
                missing.append(f"billing_address.{part}")
        if not (self.contact_phone or self.contact_email):
            missing.append("contact_phone")
        return missing
