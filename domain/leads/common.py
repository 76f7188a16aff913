"""Steps the lead use cases share: who reads a lead, the audit, notices, first actions, and
the principal routing acts as."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain import notifications
from domain.activities import ACTIVITY
from domain.leads.model import LEAD, FirstAction, Lead, LeadStatus
from domain.leads.ports import LeadsRuntime, LeadsUnitOfWork
from domain.leads.requests import ACCOUNT_CREATION_REQUEST, AccountCreationRequest
from domain.notifications import Notice, NotificationKind
from domain.shared import (
    Action,
    Conflict,
    Depth,
    NotFound,
    Operation,
    Principal,
    Runtime,
    record_write,
)

ZONE = ZoneInfo("Europe/Helsinki")


def can_read(principal: Principal, lead: Lead, *, supervises_owner: bool = False) -> bool:
    """The same rule as `persistence.queries.leads.leads_readable`: within the caller's read
    scope (or of an account whose team the caller is on), waiting in one of the caller's
    queues, or — with any read privilege on leads — given by the caller or owned by someone
    the caller supervises (the breach notice goes to both)."""
    if principal.reads(
        LEAD, lead.owner_id, lead.business_unit_id, account_ids=[lead.account_id]
    ) or (lead.queue_id is not None and lead.queue_id in principal.queue_ids):
        return True
    if principal.depth(LEAD, Action.READ) is Depth.NONE:
        return False
    return lead.lead_giver_id == principal.user_id or supervises_owner


async def supervises(uow: LeadsUnitOfWork, principal: Principal, user_id: UUID) -> bool:
    person = await uow.lead_directory.person(user_id)
    return person is not None and person.manager_id == principal.user_id


async def get_lead(uow: LeadsUnitOfWork, principal: Principal, lead_id: UUID) -> Lead:
    lead = await uow.leads.get(lead_id)
    if lead is None:
        raise NotFound(LEAD, lead_id)
    if can_read(principal, lead):
        return lead
    if principal.depth(LEAD, Action.READ) is not Depth.NONE and await supervises(
        uow, principal, lead.owner_id
    ):
        return lead
    raise NotFound(LEAD, lead_id)


def may_update(principal: Principal, lead: Lead) -> bool:
    return principal.allows(LEAD, Action.UPDATE, lead.owner_id, lead.business_unit_id)


def require_update(principal: Principal, lead: Lead) -> None:
    principal.require_on(LEAD, Action.UPDATE, lead.owner_id, lead.business_unit_id)


def require_open(lead: Lead, action: str) -> None:
    if lead.status is not LeadStatus.OPEN:
        raise Conflict(f"The lead is {lead.status.value}: only an open lead can be {action}.")


def routing_actor(principal: Principal) -> Principal:
    """Routing assigns, not the person who entered the lead: the lead's task is created (and
    closed) in that person's name with the privileges this needs — reading, creating,
    assigning and updating activities of any unit, and reading the lead — whatever their own
    role allows.
    Nothing else is widened."""
    extra = {
        (ACTIVITY, Action.READ): Depth.ORGANISATION,
        (ACTIVITY, Action.CREATE): Depth.ORGANISATION,
        (ACTIVITY, Action.ASSIGN): Depth.ORGANISATION,
        (ACTIVITY, Action.UPDATE): Depth.ORGANISATION,
        (LEAD, Action.READ): Depth.ORGANISATION,
    }
    return replace(principal, privileges={**principal.privileges, **extra})


# The records this context owns: each has an owner and a unit, a version and a history.
Owned = Lead | AccountCreationRequest


async def audit(
    uow: LeadsUnitOfWork,
    rt: Runtime,
    by: UUID | None,
    record: Owned,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=LEAD if isinstance(record, Lead) else ACCOUNT_CREATION_REQUEST,
        record=record,
        operation=operation,
        before=before,
        by=by,
        at=rt.clock.now(),
        owner_id=record.owner_id,
        business_unit_id=record.business_unit_id,
    )


async def save(
    uow: LeadsUnitOfWork,
    rt: Runtime,
    by: UUID | None,
    record: Owned,
    before: Mapping[str, Any],
) -> None:
    """Store a changed lead or request as its next version, with its history."""
    expected = record.version
    record.version += 1
    record.updated_at = rt.clock.now()
    if isinstance(record, Lead):
        await uow.leads.update(record, expected)
    else:
        await uow.account_requests.update(record, expected)
    await audit(uow, rt, by, record, Operation.UPDATE, before)


def note_first_action(rt: LeadsRuntime, lead: Lead, kind: FirstAction, at: datetime) -> bool:
    """Record the owner's first reaction, once; its working hours from receipt feed the
    "median time to first action" figure. False when there already was one."""
    if lead.first_action_at is not None:
        return False
    lead.first_action_at = at
    lead.first_action_kind = kind
    lead.first_action_hours = round(
        max(0.0, rt.calendar.working_hours_between(lead.received_at, at)), 2
    )
    return True


def close(lead: Lead, status: LeadStatus, reason: str | None, now: datetime) -> None:
    lead.status = status
    lead.status_reason = reason
    lead.closed_at = now
    lead.sla_met = now <= lead.sla_due_at
    lead.queue_id = None


def helsinki(moment: datetime) -> str:
    return moment.astimezone(ZONE).strftime("%Y-%m-%d %H:%M")


async def send(
    uow: LeadsUnitOfWork,
    rt: Runtime,
    recipients: Iterable[UUID],
    kind: NotificationKind,
    lead: Lead,
    *,
    by: str = "",
    exclude: UUID | None = None,
    **extra: str | None,
) -> None:
    """One notice per recipient in the caller's transaction; params: company, contact,
    product, due, by, and what the kind's template also shows (queue, reason)."""
    product = await uow.lead_directory.product(lead.product_id)
    params = {
        "company": lead.company_name,
        "contact": lead.contact_name,
        "product": product.name if product is not None else "",
        "due": helsinki(lead.sla_due_at),
        "by": by,
    }
    params |= {k: v for k, v in extra.items() if v}
    for user_id in sorted(set(recipients) - {exclude}):
        await notifications.notify(
            uow,
            rt,
            Notice(user_id=user_id, kind=kind, params=params, record_type=LEAD, record_id=lead.id),
        )
