"""Account-creation request use cases, and the hook the billing integration's account upsert
calls so that a request completes itself in the same transaction.

Who does what: the salesperson who asks owns the request throughout (and so keeps seeing
it); customer service reads every request, picks submitted ones from its queue and records
the customer number; the integration's upsert completes it. The hook lives here, in the
leads process, and the API composes it with the accounts context's upsert: the accounts
context knows nothing about requests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any
from uuid import UUID

from domain import notifications
from domain.accounts import Account, Address, ExternalId
from domain.leads.common import audit, get_lead, save
from domain.leads.ports import LeadsRuntime, LeadsUnitOfWork
from domain.leads.requests import (
    ACCOUNT_CREATION_REQUEST,
    BILLING_SYSTEM,
    AccountCreationRequest,
    CustomerType,
    RequestState,
    check_step,
    clean_customer_number,
)
from domain.notifications import Notice, NotificationKind
from domain.sales import get_project
from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    apply_update,
    check_version,
    snapshot,
)
from domain.shared.identifiers import normalise_business_id, normalise_phone

ACR = ACCOUNT_CREATION_REQUEST
TEXT_LIMITS = {
    "name": 200,
    "personal_reference": 50,
    "contact_name": 200,
    "contact_email": 320,
    "e_invoice_address": 100,
    "contract_type": 100,
    "site_address": 300,
    "usage_point": 50,
    "notes": 5000,
}


@dataclass(frozen=True)
class RequestInput:
    name: str
    customer_type: CustomerType = CustomerType.COMPANY
    business_id: str | None = None
    personal_reference: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    billing_address: Address | None = None
    e_invoice_address: str | None = None
    contract_type: str | None = None
    site_address: str | None = None
    usage_point: str | None = None
    start_date: date | None = None
    notes: str | None = None
    lead_id: UUID | None = None
    sales_project_id: UUID | None = None


EDITABLE = frozenset(f.name for f in fields(RequestInput))


def can_read(principal: Principal, request: AccountCreationRequest) -> bool:
    """The same rule as persistence's: within the read scope (or of an account whose team
    the caller is on), or waiting in one of the caller's queues."""
    return principal.reads(
        ACR, request.owner_id, request.business_unit_id, account_ids=[request.account_id]
    ) or (request.queue_id is not None and request.queue_id in principal.queue_ids)


async def get_request(
    uow: LeadsUnitOfWork, principal: Principal, request_id: UUID
) -> AccountCreationRequest:
    request = await uow.account_requests.get(request_id)
    if request is None or not can_read(principal, request):
        raise NotFound(ACR, request_id)
    return request


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    for name in TEXT_LIMITS:
        if name in clean and clean[name] is not None:
            text = " ".join(str(clean[name]).split()) if name != "notes" else str(clean[name])
            clean[name] = text.strip() or None
    if "name" in clean and not clean["name"]:
        raise ValidationFailed.field("name", "Give the customer's name.")
    if clean.get("contact_email"):
        clean["contact_email"] = str(clean["contact_email"]).lower()
    if "contact_phone" in clean:
        phone = str(clean["contact_phone"] or "").strip()
        clean["contact_phone"] = normalise_phone(phone, "contact_phone") if phone else None
    if "business_id" in clean:
        bid = str(clean["business_id"] or "").strip()
        clean["business_id"] = normalise_business_id(bid) if bid else None
    return clean


async def _check_links(
    uow: LeadsUnitOfWork, principal: Principal, values: Mapping[str, Any]
) -> None:
    if values.get("lead_id") is not None:
        try:
            await get_lead(uow, principal, values["lead_id"])
        except NotFound as exc:
            raise ValidationFailed.field("lead_id", "No such lead.") from exc
    if values.get("sales_project_id") is not None:
        try:
            await get_project(uow, principal, values["sales_project_id"])
        except NotFound as exc:
            raise ValidationFailed.field("sales_project_id", "No such sales project.") from exc


async def _notify(
    uow: LeadsUnitOfWork,
    rt: Runtime,
    recipients: set[UUID] | frozenset[UUID],
    kind: NotificationKind,
    request: AccountCreationRequest,
    *,
    by: str,
    exclude: UUID | None,
    reason: str | None = None,
) -> None:
    params = {"name": request.name, "number": request.customer_number or "", "by": by}
    if reason:
        params["reason"] = reason
    for user_id in sorted(set(recipients) - {exclude}):
        await notifications.notify(
            uow,
            rt,
            Notice(user_id, kind, params, record_type=ACR, record_id=request.id),
        )


async def create_request(
    uow: LeadsUnitOfWork, rt: LeadsRuntime, principal: Principal, data: RequestInput
) -> AccountCreationRequest:
    """A draft, owned by the salesperson who fills it."""
    principal.require_on(ACR, Action.CREATE, principal.user_id, principal.business_unit_id)
    values = _clean(vars(data))
    await _check_links(uow, principal, values)
    now = rt.clock.now()
    request = AccountCreationRequest(
        id=rt.ids.new_id(),
        owner_id=principal.user_id,
        business_unit_id=principal.business_unit_id,
        created_at=now,
        updated_at=now,
        created_by=principal.user_id,
        **values,
    )
    await uow.account_requests.add(request)
    await audit(uow, rt, principal.user_id, request, Operation.CREATE, None)
    await uow.commit()
    return request


def _require_update(principal: Principal, request: AccountCreationRequest) -> None:
    principal.require_on(ACR, Action.UPDATE, request.owner_id, request.business_unit_id)


async def update_request(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    request_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> AccountCreationRequest:
    """The salesperson completes a draft; customer service may correct a submitted one."""
    request = await get_request(uow, principal, request_id)
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise ValidationFailed.field(unknown[0], "This field cannot be changed here.")
    _require_update(principal, request)
    check_version(ACR, request, expected_version)
    check_step("edit", request.state)
    values = _clean(changes)
    await _check_links(uow, principal, values)
    before = snapshot(request, BOOKKEEPING)
    if not apply_update(request, values, rt.clock.now()):
        return request
    await uow.account_requests.update(request, expected_version)
    await audit(uow, rt, principal.user_id, request, Operation.UPDATE, before)
    await uow.commit()
    return request


async def submit(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    request_id: UUID,
    expected_version: int,
) -> AccountCreationRequest:
    """Send the draft to the customer-service queue (lead settings), whose members are told."""
    request = await get_request(uow, principal, request_id)
    _require_update(principal, request)
    check_version(ACR, request, expected_version)
    check_step("submit", request.state)
    missing = request.missing_for_submission()
    if missing:
        raise ValidationFailed(
            [
                FieldError(tuple(m.split(".")), "Customer service needs this to create it.")
                for m in missing
            ]
        )
    settings = await uow.lead_settings.get()
    queue = (
        await uow.lead_directory.queue(settings.account_request_queue_id)
        if settings.account_request_queue_id
        else None
    )
    if queue is None or not queue.is_active:
        raise Conflict(
            "No customer-service queue is set for account-creation requests: an administrator "
            "sets one in the lead settings (account_request_queue_id)."
        )
    before = snapshot(request, BOOKKEEPING)
    request.state = RequestState.SUBMITTED
    request.queue_id = queue.id
    request.submitted_at = rt.clock.now()
    await save(uow, rt, principal.user_id, request, before)
    await _notify(
        uow,
        rt,
        queue.member_ids,
        NotificationKind.ACCOUNT_REQUEST_SUBMITTED,
        request,
        by=principal.name,
        exclude=principal.user_id,
    )
    await uow.commit()
    return request


def _may_handle(principal: Principal, request: AccountCreationRequest) -> bool:
    """Customer service handles requests: a member of the request's queue, or someone whose
    update privilege covers the request's whole unit — not its owner merely as the owner."""
    return (
        request.queue_id is not None and request.queue_id in principal.queue_ids
    ) or principal.reaches_unit(ACR, Action.UPDATE, request.business_unit_id)


async def pick(
    uow: LeadsUnitOfWork, rt: LeadsRuntime, principal: Principal, request_id: UUID
) -> AccountCreationRequest:
    """Customer service takes the request: in progress, with them as its handler."""
    request = await get_request(uow, principal, request_id)
    check_step("pickup", request.state)
    if not _may_handle(principal, request):
        raise Forbidden("Only customer service (the request's queue) can pick it.")
    before = snapshot(request, BOOKKEEPING)
    _start(rt, principal, request)
    await save(uow, rt, principal.user_id, request, before)
    await uow.commit()
    return request


def _start(rt: Runtime, principal: Principal, request: AccountCreationRequest) -> None:
    request.state = RequestState.IN_PROGRESS
    request.handler_id = principal.user_id
    request.picked_at = rt.clock.now()


async def record_customer_number(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    request_id: UUID,
    customer_number: str,
    expected_version: int,
) -> AccountCreationRequest:
    """The billing system's customer number. When the account with it as its billing id is
    already in the CRM the request completes now; otherwise when the integration brings it."""
    request = await get_request(uow, principal, request_id)
    check_version(ACR, request, expected_version)
    check_step("customer_number", request.state)
    if not _may_handle(principal, request):
        raise Forbidden("Only customer service handling the request records its number.")
    number = clean_customer_number(customer_number)
    for other in await uow.account_requests.awaiting(number):
        if other.id != request.id:
            raise Conflict(
                f"The customer number {number} is already recorded on another request.",
                existing_id=other.id if can_read(principal, other) else None,
            )
    before = snapshot(request, BOOKKEEPING)
    if request.state is RequestState.SUBMITTED:
        _start(rt, principal, request)
    request.customer_number = number
    account = await uow.accounts.by_external_id(ExternalId(BILLING_SYSTEM, number))
    if account is not None:
        _complete(rt, request, account)
    await save(uow, rt, principal.user_id, request, before)
    if account is not None:
        await _told_complete(uow, rt, principal.user_id, principal.name, request)
    await uow.commit()
    return request


async def reject(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    request_id: UUID,
    reason: str,
    expected_version: int,
) -> AccountCreationRequest:
    request = await get_request(uow, principal, request_id)
    check_version(ACR, request, expected_version)
    check_step("reject", request.state)
    if not _may_handle(principal, request):
        raise Forbidden("Only customer service handling the request can reject it.")
    text = reason.strip()
    if not text:
        raise ValidationFailed.field("reason", "Say why the request is rejected.")
    before = snapshot(request, BOOKKEEPING)
    request.state = RequestState.REJECTED
    request.rejection_reason = text
    request.rejected_at = rt.clock.now()
    request.queue_id = None
    await save(uow, rt, principal.user_id, request, before)
    await _notify(
        uow,
        rt,
        {request.owner_id},
        NotificationKind.ACCOUNT_REQUEST_REJECTED,
        request,
        by=principal.name,
        exclude=principal.user_id,
        reason=text,
    )
    await uow.commit()
    return request


def _complete(rt: Runtime, request: AccountCreationRequest, account: Account) -> None:
    request.state = RequestState.COMPLETED
    request.account_id = account.id
    request.completed_at = rt.clock.now()
    request.queue_id = None


async def _told_complete(
    uow: LeadsUnitOfWork,
    rt: Runtime,
    by_id: UUID | None,
    by_name: str,
    request: AccountCreationRequest,
) -> None:
    await _notify(
        uow,
        rt,
        {request.owner_id},
        NotificationKind.ACCOUNT_REQUEST_COMPLETED,
        request,
        by=by_name,
        exclude=by_id,
    )


async def account_arrived(
    uow: LeadsUnitOfWork, rt: Runtime, principal: Principal, account: Account
) -> list[UUID]:
    """The upsert stored an account: requests in progress whose customer number is its
    billing id complete now, in the upsert's transaction (commits nothing itself). Returns
    the completed requests' ids."""
    completed: list[UUID] = []
    numbers = [e.external_id for e in account.external_ids if e.system == BILLING_SYSTEM]
    for number in numbers:
        for request in await uow.account_requests.awaiting(number):
            before = snapshot(request, BOOKKEEPING)
            _complete(rt, request, account)
            await save(uow, rt, principal.user_id, request, before)
            await _told_complete(uow, rt, principal.user_id, principal.name, request)
            completed.append(request.id)
    return completed


__all__ = [
    "RequestInput",
    "account_arrived",
    "create_request",
    "get_request",
    "pick",
    "record_customer_number",
    "reject",
    "submit",
    "update_request",
]
