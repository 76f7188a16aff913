"""Service request use cases: create, read, edit, change status, reopen, comment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.notifications import NotificationKind
from domain.service.common import (
    SERVICE_REQUEST,
    audit,
    can_read,
    get_request,
    log_event,
    owner_and_unit,
    send,
    working_hours,
)
from domain.service.model import (
    GENERAL_CUSTOMER_NAME,
    BillingStatus,
    EventKind,
    Origin,
    Priority,
    RequestEvent,
    RequestType,
    ServiceChannel,
    ServiceRequest,
    State,
    StatusReason,
    check_reopening,
    check_transition,
    format_number,
    normalise_phone,
)
from domain.service.ports import RecordRef, ServicePolicy, ServiceRuntime, ServiceUnitOfWork
from domain.shared import (
    BOOKKEEPING,
    Action,
    Forbidden,
    Operation,
    Principal,
    ValidationFailed,
    apply_update,
    check_version,
    diff_snapshots,
    snapshot,
)
from domain.shared.identifiers import normalise_business_id
from domain.shared.passivity import refuse_if_passive

# Case numbers follow the organisation's calendar year.
NUMBER_ZONE = ZoneInfo("Europe/Helsinki")
# Clocks differ a little; a receipt time further ahead than this is a typing error.
FUTURE_TOLERANCE = timedelta(minutes=5)
CALLBACK_HORIZON = timedelta(days=366)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
OPTIONAL_TEXT = (
    "caller_name",
    "description",
    "site",
    "usage_point",
    "contract_number",
    "meter_number",
    "personal_reference",
)


@dataclass(frozen=True)
class RequestInput:
    title: str
    subject_id: UUID
    origin: Origin
    account_id: UUID | None = None
    contact_id: UUID | None = None
    caller_name: str | None = None
    caller_email: str | None = None
    caller_phone: str | None = None
    request_type: RequestType = RequestType.GENERAL
    status_reason: StatusReason = StatusReason.IN_PROGRESS
    priority: Priority = Priority.NORMAL
    service_channel: ServiceChannel | None = None
    satisfaction: int | None = None
    follow_up_by: date | None = None
    callback_due_at: datetime | None = None
    received_at: datetime | None = None
    first_response_at: datetime | None = None
    description: str | None = None
    site: str | None = None
    usage_point: str | None = None
    contract_number: str | None = None
    meter_number: str | None = None
    business_id: str | None = None
    personal_reference: str | None = None
    billing_status: BillingStatus = BillingStatus.NOT_APPLICABLE
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical forms of the fields that have one; errors name the field."""
    clean = dict(values)
    if "title" in clean:
        clean["title"] = " ".join(str(clean["title"]).split())
        if not clean["title"]:
            raise ValidationFailed.field("title", "The title cannot be empty.")
    for name in OPTIONAL_TEXT:
        if name in clean and clean[name] is not None:
            text = str(clean[name]).strip()
            clean[name] = text or None
    if "caller_phone" in clean:
        phone = (clean["caller_phone"] or "").strip()
        clean["caller_phone"] = normalise_phone(phone) if phone else None
    if "caller_email" in clean:
        email = (clean["caller_email"] or "").strip().lower()
        clean["caller_email"] = email or None
    if "business_id" in clean:
        bid = (clean["business_id"] or "").strip()
        clean["business_id"] = normalise_business_id(bid) if bid else None
    satisfaction = clean.get("satisfaction")
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise ValidationFailed.field("satisfaction", "Satisfaction is 1 (poor) to 5 (excellent).")
    return clean


def _readable_record(principal: Principal, entity: str, ref: RecordRef | None) -> bool:
    if ref is None:
        return False
    accounts = [ref.id] if entity == "account" else list(ref.account_ids)
    return principal.reads(entity, ref.owner_id, ref.business_unit_id, account_ids=accounts)


async def _general_customer(uow: ServiceUnitOfWork, policy: ServicePolicy) -> RecordRef | None:
    if policy.general_customer_account_id is not None:
        return await uow.service_customers.account(policy.general_customer_account_id)
    return await uow.service_customers.account_named(GENERAL_CUSTOMER_NAME)


async def _customer(
    uow: ServiceUnitOfWork,
    principal: Principal,
    policy: ServicePolicy,
    account_id: UUID | None,
    contact_id: UUID | None,
    *,
    new_work: bool = True,
) -> UUID:
    """The request's account (the general customer when none is given), checked with the
    contact: both must exist and be visible to the caller, and a passive account takes no
    new requests (`new_work`: a request is created, or moved to this account)."""
    general = account_id is None
    if general:
        account = await _general_customer(uow, policy)
        if account is None:
            raise ValidationFailed.field(
                "account_id",
                "Choose the customer: no general customer service customer is set up "
                f"(an account named {GENERAL_CUSTOMER_NAME!r}, or the setting "
                "KUMPPANI_GENERAL_CUSTOMER_ACCOUNT_ID).",
            )
        if not _readable_record(principal, "account", account):
            raise ValidationFailed.field(
                "account_id",
                "Choose the customer: the general customer service customer is not visible to you.",
            )
    else:
        assert account_id is not None  # noqa: S101 - narrowed by `general`
        account = await uow.service_customers.account(account_id)
        if account is None or not _readable_record(principal, "account", account):
            raise ValidationFailed.field("account_id", "No such account.")
    if new_work:
        refuse_if_passive(
            account.name, account.passive_since, account.passive_reason, "service requests"
        )
    if contact_id is not None:
        contact = await uow.service_customers.contact(contact_id)
        if contact is None or not _readable_record(principal, "contact", contact):
            raise ValidationFailed.field("contact_id", "No such contact.")
        if contact.account_ids and account.id not in contact.account_ids and not general:
            raise ValidationFailed.field(
                "contact_id", "The contact is not linked to the request's account."
            )
    return account.id


async def _check_subject(uow: ServiceUnitOfWork, subject_id: UUID) -> None:
    subject = await uow.subjects.get(subject_id)
    if subject is None or not subject.is_active:
        raise ValidationFailed.field("subject_id", "No such active subject.")


def _check_given_moments(values: Mapping[str, Any], now: datetime) -> None:
    """Times a client gives must be plausible before any working-time arithmetic runs on
    them: from EARLIEST on, arrivals and responses not in the future, a call-back due
    within a year."""
    latest = {
        "received_at": now + FUTURE_TOLERANCE,
        "first_response_at": now + FUTURE_TOLERANCE,
        "callback_due_at": now + CALLBACK_HORIZON,
    }
    for name, bound in latest.items():
        moment = values.get(name)
        if moment is None:
            continue
        if moment < EARLIEST:
            raise ValidationFailed.field(name, f"The time must be after {EARLIEST.date()}.")
        if moment > bound:
            raise ValidationFailed.field(
                name,
                "A call-back can be due at most a year ahead."
                if name == "callback_due_at"
                else "The time cannot be in the future.",
            )


def _check_moments(request: ServiceRequest, now: datetime) -> None:
    if request.received_at > now + FUTURE_TOLERANCE:
        raise ValidationFailed.field("received_at", "The request cannot arrive in the future.")
    for name in ("first_response_at", "resolved_at"):
        moment = getattr(request, name)
        if moment is not None and moment < request.received_at:
            field = "received_at" if name == "resolved_at" else name
            raise ValidationFailed.field(
                field, "The first response and resolution come after the request arrived."
            )


def _recompute_hours(rt: ServiceRuntime, request: ServiceRequest) -> None:
    """The SLA figures: working hours from arrival to first response and to resolution."""
    request.first_response_hours = (
        working_hours(rt, request.received_at, request.first_response_at)
        if request.first_response_at is not None
        else None
    )
    request.resolution_hours = (
        working_hours(rt, request.received_at, request.resolved_at)
        if request.resolved_at is not None
        else None
    )


def default_callback_due(
    rt: ServiceRuntime, policy: ServicePolicy, received_at: datetime
) -> datetime:
    """A call-back is due a configurable number of working hours after the call came in."""
    return rt.calendar.add_working_hours(received_at, policy.callback_due_working_hours)


def _callback_rules(
    rt: ServiceRuntime,
    policy: ServicePolicy,
    values: dict[str, Any],
    current: ServiceRequest | None,
) -> None:
    """Only call-back requests have a due time; theirs defaults from the arrival time."""
    kind = values.get("request_type", current.request_type if current else None)
    if kind is not RequestType.CALLBACK:
        if values.get("callback_due_at") is not None:
            raise ValidationFailed.field(
                "callback_due_at", "Only call-back requests (request_type callback) have one."
            )
        if current is not None and current.callback_due_at is not None:
            values["callback_due_at"] = None
        return
    given = values.get("callback_due_at")
    existing = current.callback_due_at if current else None
    if given is None and ("callback_due_at" in values or existing is None):
        received = values.get("received_at") or (current.received_at if current else None)
        assert received is not None  # noqa: S101 - a request always has an arrival time
        values["callback_due_at"] = default_callback_due(rt, policy, received)


def _first_response_on_status(rt: ServiceRuntime, request: ServiceRequest) -> None:
    """Leaving in_progress counts as the first response, if there has been none."""
    if request.first_response_at is None and request.status_reason is not (
        StatusReason.IN_PROGRESS
    ):
        request.first_response_at = rt.clock.now()


async def create_request(
    uow: ServiceUnitOfWork,
    rt: ServiceRuntime,
    principal: Principal,
    policy: ServicePolicy,
    data: RequestInput,
) -> ServiceRequest:
    principal.require(SERVICE_REQUEST, Action.CREATE)
    owner, unit = await owner_and_unit(uow, principal, data.owner_id, data.business_unit_id)
    principal.require_on(SERVICE_REQUEST, Action.CREATE, owner, unit)
    values = _clean(
        {k: v for k, v in vars(data).items() if k not in {"owner_id", "business_unit_id"}}
    )
    now = rt.clock.now()
    _check_given_moments(values, now)
    values["received_at"] = values.get("received_at") or now
    values["account_id"] = await _customer(uow, principal, policy, data.account_id, data.contact_id)
    await _check_subject(uow, data.subject_id)
    _callback_rules(rt, policy, values, None)
    serial = await uow.service_requests.next_serial(now.astimezone(NUMBER_ZONE).year)
    request = ServiceRequest(
        id=rt.ids.new_id(),
        number=format_number(now.astimezone(NUMBER_ZONE).year, serial),
        owner_id=owner,
        business_unit_id=unit,
        created_at=now,
        updated_at=now,
        created_by=principal.user_id,
        **values,
    )
    _first_response_on_status(rt, request)
    if request.state is State.CLOSED:
        request.resolved_at = now
    _check_moments(request, now)
    _recompute_hours(rt, request)
    await uow.service_requests.add(request)
    await audit(uow, rt, principal, request, Operation.CREATE, None)
    await log_event(
        uow,
        rt,
        request,
        EventKind.CREATED,
        principal.user_id,
        data={"status_reason": request.status_reason.value, "number": request.number},
    )
    await uow.commit()
    return request


async def get_service_request(
    uow: ServiceUnitOfWork, principal: Principal, request_id: UUID
) -> ServiceRequest:
    return await get_request(uow, principal, request_id)


PATCH_ONLY_ELSEWHERE = {
    "status_reason": "Change the status with POST /service-requests/{id}/status "
    "(or reopen a closed request with POST /service-requests/{id}/reopening).",
}


async def update_request(
    uow: ServiceUnitOfWork,
    rt: ServiceRuntime,
    principal: Principal,
    policy: ServicePolicy,
    request_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> ServiceRequest:
    request = await get_request(uow, principal, request_id)
    for name, msg in PATCH_ONLY_ELSEWHERE.items():
        if name in changes:
            raise ValidationFailed.field(name, msg)
    principal.require_on(SERVICE_REQUEST, Action.UPDATE, request.owner_id, request.business_unit_id)
    check_version(SERVICE_REQUEST, request, expected_version)
    values = _clean(changes)
    _check_given_moments(values, rt.clock.now())
    if "owner_id" in values or "business_unit_id" in values:
        owner, unit = await owner_and_unit(
            uow,
            principal,
            values.get("owner_id", request.owner_id),
            values.get("business_unit_id"),
        )
        principal.require_on(
            SERVICE_REQUEST, Action.ASSIGN, request.owner_id, request.business_unit_id
        )
        values["owner_id"], values["business_unit_id"] = owner, unit
    if "account_id" in values or "contact_id" in values:
        account_id = values.get("account_id", request.account_id)
        contact_id = values.get("contact_id", request.contact_id)
        moved = account_id != request.account_id
        await _customer(uow, principal, policy, account_id, contact_id, new_work=moved)
    if "subject_id" in values and values["subject_id"] != request.subject_id:
        await _check_subject(uow, values["subject_id"])
    _callback_rules(rt, policy, values, request)
    before = snapshot(request, BOOKKEEPING)
    now = rt.clock.now()
    if not apply_update(request, values, now):
        return request
    _check_moments(request, now)
    _recompute_hours(rt, request)
    await uow.service_requests.update(request, expected_version)
    await audit(uow, rt, principal, request, Operation.UPDATE, before)
    changed = [c.field for c in diff_snapshots(before, snapshot(request, BOOKKEEPING))]
    await log_event(
        uow, rt, request, EventKind.UPDATED, principal.user_id, data={"fields": changed}
    )
    await uow.commit()
    return request


async def _notify_delegator(
    uow: ServiceUnitOfWork,
    rt: ServiceRuntime,
    principal: Principal,
    request: ServiceRequest,
    note: str | None,
) -> None:
    if request.delegated_by_id is not None and request.delegated_by_id != principal.user_id:
        await send(
            uow,
            rt,
            {request.delegated_by_id},
            NotificationKind.STATUS_CHANGED,
            request,
            by=principal.name,
            note=note,
            status=request.status_reason.value,
        )


async def change_status(
    uow: ServiceUnitOfWork,
    rt: ServiceRuntime,
    principal: Principal,
    request_id: UUID,
    target: StatusReason,
    expected_version: int,
    *,
    note: str | None = None,
    satisfaction: int | None = None,
) -> ServiceRequest:
    """Move an open request to another status reason, or a resolved one to done."""
    request = await get_request(uow, principal, request_id)
    principal.require_on(SERVICE_REQUEST, Action.UPDATE, request.owner_id, request.business_unit_id)
    check_version(SERVICE_REQUEST, request, expected_version)
    check_transition(request.status_reason, target)
    _clean({"satisfaction": satisfaction})
    previous = request.status_reason
    before = snapshot(request, BOOKKEEPING)
    now = rt.clock.now()
    request.status_reason = target
    if satisfaction is not None:
        request.satisfaction = satisfaction
    _first_response_on_status(rt, request)
    if target.state is State.CLOSED and previous.state is State.OPEN:
        request.resolved_at = now
    _recompute_hours(rt, request)
    request.version += 1
    request.updated_at = now
    await uow.service_requests.update(request, expected_version)
    await audit(uow, rt, principal, request, Operation.UPDATE, before)
    await log_event(
        uow,
        rt,
        request,
        EventKind.STATUS_CHANGED,
        principal.user_id,
        note=note,
        data={"from": previous.value, "to": target.value},
    )
    await _notify_delegator(uow, rt, principal, request, note)
    await uow.commit()
    return request


async def reopen(
    uow: ServiceUnitOfWork,
    rt: ServiceRuntime,
    principal: Principal,
    request_id: UUID,
    note: str,
    expected_version: int,
    target: StatusReason = StatusReason.IN_PROGRESS,
) -> ServiceRequest:
    """Reopening is explicit and logged with the reason why."""
    request = await get_request(uow, principal, request_id)
    principal.require_on(SERVICE_REQUEST, Action.UPDATE, request.owner_id, request.business_unit_id)
    check_version(SERVICE_REQUEST, request, expected_version)
    if not note.strip():
        raise ValidationFailed.field("note", "Say why the request is reopened.")
    check_reopening(request.status_reason, target)
    previous = request.status_reason
    before = snapshot(request, BOOKKEEPING)
    now = rt.clock.now()
    request.status_reason = target
    request.resolved_at = None
    _recompute_hours(rt, request)
    request.version += 1
    request.updated_at = now
    await uow.service_requests.update(request, expected_version)
    await audit(uow, rt, principal, request, Operation.UPDATE, before)
    await log_event(
        uow,
        rt,
        request,
        EventKind.REOPENED,
        principal.user_id,
        note=note.strip(),
        data={"from": previous.value, "to": target.value},
    )
    await _notify_delegator(uow, rt, principal, request, note.strip())
    await uow.commit()
    return request


def may_work_on(principal: Principal, request: ServiceRequest) -> bool:
    """Update privilege on the record, or membership of the queue it waits in."""
    return principal.allows(
        SERVICE_REQUEST, Action.UPDATE, request.owner_id, request.business_unit_id
    ) or (request.queue_id is not None and request.queue_id in principal.queue_ids)


async def add_comment(
    uow: ServiceUnitOfWork, rt: ServiceRuntime, principal: Principal, request_id: UUID, note: str
) -> RequestEvent:
    request = await get_request(uow, principal, request_id)
    if not may_work_on(principal, request):
        raise Forbidden("Commenting needs the update privilege on the request.")
    text = note.strip()
    if not text:
        raise ValidationFailed.field("note", "The comment cannot be empty.")
    event = await log_event(uow, rt, request, EventKind.COMMENT, principal.user_id, note=text)
    await uow.commit()
    return event


__all__ = [
    "RequestInput",
    "add_comment",
    "can_read",
    "change_status",
    "create_request",
    "default_callback_due",
    "get_service_request",
    "reopen",
    "update_request",
]
