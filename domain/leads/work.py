"""Working a lead: editing it, acknowledging it, picking it from a queue, passing it on by hand
or routing it again, closing and reopening it, and noticing the owner's first action.

The first action is the owner's first reaction to the lead — acknowledging it, picking it
from a queue, marking its task done, an activity of their own on it, a status change, the
conversion. Its working hours from receipt feed "median time to first action". Each owner's
reaction also acknowledges the lead (`acknowledged_at`): customer service watches the open
leads nobody has acknowledged yet. A lead passed on to someone else waits for the new
owner's acknowledgement; its first action stays what it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.activities import Activity, ActivityStatus, RegardingType
from domain.leads.assignment import (
    apply,
    create_task,
    decide,
    facts_of,
    finish_task,
    hand_over,
    set_sla,
    terms_for,
)
from domain.leads.capture import (
    LeadPolicy,
    check_links,
    clean_values,
    place_of,
    product_of,
)
from domain.leads.common import (
    audit,
    close,
    get_lead,
    note_first_action,
    require_open,
    require_update,
    save,
)
from domain.leads.model import (
    LEAD,
    FirstAction,
    Lead,
    LeadStatus,
    check_status_change,
)
from domain.leads.ports import LeadsRuntime, LeadsUnitOfWork
from domain.leads.routing import Decision, TargetKind
from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    Forbidden,
    Operation,
    Principal,
    ValidationFailed,
    apply_update,
    check_version,
    snapshot,
)

EDITABLE = frozenset(
    {
        "company_name",
        "contact_name",
        "phone",
        "email",
        "business_id",
        "product_id",
        "municipality_id",
        "municipality",
        "region_id",
        "description",
        "priority",
        "source",
        "campaign_id",
        "target_unit_id",
    }
)
ELSEWHERE = {
    "status": "Change the status with POST /leads/{id}/status (or convert the lead).",
    "owner_id": "Pass the lead on with POST /leads/{id}/assignment, or route it again with "
    "POST /leads/{id}/routing.",
    "queue_id": "Pass the lead on with POST /leads/{id}/assignment.",
    "received_at": "The receipt time is fixed: the SLA is counted from it.",
}


def acknowledge_by(lead: Lead, principal: Principal, at: datetime) -> None:
    if lead.acknowledged_at is None:
        lead.acknowledged_at = at
        lead.acknowledged_by_id = principal.user_id


def reacted(rt: LeadsRuntime, lead: Lead, principal: Principal, kind: FirstAction) -> None:
    """The owner (or whoever acts on the owner's behalf) reacted to the lead."""
    now = rt.clock.now()
    note_first_action(rt, lead, kind, now)
    acknowledge_by(lead, principal, now)


async def update_lead(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    lead_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Lead:
    """Correct the lead's details. Routing does not follow an edit by itself: route the lead
    again (POST …/routing) when its region or product changed."""
    lead = await get_lead(uow, principal, lead_id)
    for name, msg in ELSEWHERE.items():
        if name in changes:
            raise ValidationFailed.field(name, msg)
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise ValidationFailed.field(unknown[0], "This field cannot be changed.")
    require_update(principal, lead)
    check_version(LEAD, lead, expected_version)
    values = clean_values(changes)
    if "product_id" in values:
        values["product_id"] = (await product_of(uow, values["product_id"])).id
    if {"municipality_id", "municipality", "region_id"} & set(values):
        place = await place_of(
            uow,
            values.pop("municipality_id", None),
            values.pop("municipality", None),
            values.pop("region_id", None),
        )
        values["municipality_id"] = place.municipality_id if place else None
        values["region_id"] = place.region_id if place else None
    await check_links(
        uow,
        principal,
        campaign_id=values.get("campaign_id"),
        target_unit_id=values.get("target_unit_id"),
    )
    before = snapshot(lead, BOOKKEEPING)
    if not apply_update(lead, values, rt.clock.now()):
        return lead
    await uow.leads.update(lead, expected_version)
    await audit(uow, rt, principal.user_id, lead, Operation.UPDATE, before)
    await uow.commit()
    return lead


async def acknowledge(
    uow: LeadsUnitOfWork, rt: LeadsRuntime, principal: Principal, lead_id: UUID
) -> Lead:
    """The owner says: seen, on it. Acknowledging twice changes nothing."""
    lead = await get_lead(uow, principal, lead_id)
    if lead.owner_id != principal.user_id or lead.queue_id is not None:
        raise Forbidden(
            "Only the lead's owner acknowledges it (a lead in a queue is picked from it)."
        )
    require_open(lead, "acknowledged")
    if lead.acknowledged_at is not None:
        return lead
    before = snapshot(lead, BOOKKEEPING)
    reacted(rt, lead, principal, FirstAction.ACKNOWLEDGED)
    await save(uow, rt, principal.user_id, lead, before)
    await uow.commit()
    return lead


async def pick(uow: LeadsUnitOfWork, rt: LeadsRuntime, principal: Principal, lead_id: UUID) -> Lead:
    """A member of the queue takes the lead: they own it (in their unit), get its task, and
    the pick counts as their acknowledgement."""
    lead = await get_lead(uow, principal, lead_id)
    if lead.queue_id is None:
        raise Conflict("The lead is not waiting in a queue.")
    if lead.queue_id not in principal.queue_ids:
        raise Forbidden("Only members of the queue can pick leads from it.")
    require_open(lead, "picked")
    principal.require_on(LEAD, Action.UPDATE, principal.user_id, principal.business_unit_id)
    before = snapshot(lead, BOOKKEEPING)
    lead.owner_id, lead.business_unit_id, lead.queue_id = (
        principal.user_id,
        principal.business_unit_id,
        None,
    )
    lead.assigned_at = rt.clock.now()
    lead.acknowledged_at = None
    reacted(rt, lead, principal, FirstAction.PICKED)
    await finish_task(uow, rt, principal, lead, ActivityStatus.CANCELLED)
    await create_task(uow, rt, principal, lead)
    await save(uow, rt, principal.user_id, lead, before)
    await uow.commit()
    return lead


async def _after_decision(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    policy: LeadPolicy,
    lead: Lead,
    decision: Decision,
) -> None:
    """Apply a routing or assignment decision to an open lead and save it."""
    before = snapshot(lead, BOOKKEEPING)
    previous = (lead.owner_id, lead.queue_id)
    now = rt.clock.now()
    await apply(uow, lead, decision, now)
    moved = previous != (lead.owner_id, lead.queue_id)
    if moved:
        lead.acknowledged_at = None
        lead.acknowledged_by_id = None
        terms = await terms_for(uow, lead, policy.sla)
        if terms.restarts_on_reassignment:
            set_sla(rt, lead, terms, now)
    await hand_over(uow, rt, principal, lead, decision.kind, previous)
    await save(uow, rt, principal.user_id, lead, before)


async def route_again(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    policy: LeadPolicy,
    lead_id: UUID,
    expected_version: int,
) -> Lead:
    """Run the routing rules again (after the region or product changed, or the rules)."""
    lead = await get_lead(uow, principal, lead_id)
    principal.require_on(LEAD, Action.ASSIGN, lead.owner_id, lead.business_unit_id)
    check_version(LEAD, lead, expected_version)
    require_open(lead, "routed")
    decision = await decide(uow, await facts_of(uow, lead), take_turn=True)
    await _after_decision(uow, rt, principal, policy, lead, decision)
    await uow.commit()
    return lead


async def assign(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    policy: LeadPolicy,
    lead_id: UUID,
    expected_version: int,
    *,
    user_id: UUID | None = None,
    queue_id: UUID | None = None,
) -> Lead:
    """Pass the lead to a colleague or a queue by hand. Needs the assign privilege on the lead
    as it is (a salesperson may pass their own lead to anyone); the explanation records that
    it was assigned by hand."""
    lead = await get_lead(uow, principal, lead_id)
    if (user_id is None) == (queue_id is None):
        raise ValidationFailed.field("user_id", "Assign to a user or to a queue (one).")
    principal.require_on(LEAD, Action.ASSIGN, lead.owner_id, lead.business_unit_id)
    check_version(LEAD, lead, expected_version)
    require_open(lead, "assigned")
    if user_id is not None:
        person = await uow.lead_directory.person(user_id)
        if person is None or not person.is_active:
            raise ValidationFailed.field("user_id", "No such active user.")
        decision = Decision(TargetKind.USER, (), user_id=user_id)
    else:
        assert queue_id is not None  # noqa: S101 - one of them, checked above
        queue = await uow.lead_directory.queue(queue_id)
        if queue is None or not queue.is_active:
            raise ValidationFailed.field("queue_id", "No such active queue.")
        decision = Decision(TargetKind.QUEUE, (), queue_id=queue_id)
    await _after_decision(uow, rt, principal, policy, lead, decision)
    await uow.commit()
    return lead


async def change_status(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    principal: Principal,
    lead_id: UUID,
    target: LeadStatus,
    expected_version: int,
    *,
    reason: str | None = None,
) -> Lead:
    """Close an open lead without a sales project (a reason is required), or reopen one
    closed that way. Closing marks its task done; reopening gives the owner a new one. The
    SLA due time stays what it was."""
    lead = await get_lead(uow, principal, lead_id)
    require_update(principal, lead)
    check_version(LEAD, lead, expected_version)
    text = (reason or "").strip() or None
    check_status_change(lead.status, target, text)
    before = snapshot(lead, BOOKKEEPING)
    now = rt.clock.now()
    if target is LeadStatus.OPEN:
        lead.status, lead.status_reason = LeadStatus.OPEN, text
        lead.closed_at = lead.sla_met = None
        lead.acknowledged_at = lead.acknowledged_by_id = None
        await create_task(uow, rt, principal, lead)
    else:
        reacted(rt, lead, principal, FirstAction.STATUS_CHANGE)
        close(lead, target, text, now)
        await finish_task(uow, rt, principal, lead, ActivityStatus.DONE)
    await save(uow, rt, principal.user_id, lead, before)
    await uow.commit()
    return lead


async def activity_recorded(uow: LeadsUnitOfWork, rt: LeadsRuntime, activity: Activity) -> None:
    """An activity was saved (created or changed): when it is about an open lead and is the
    owner's reaction — their own activity on it, or its task marked done — note it. Called
    by the API in the activity's transaction; commits nothing."""
    if activity.regarding_type is not RegardingType.LEAD or activity.regarding_id is None:
        return
    lead = await uow.leads.get(activity.regarding_id)
    if lead is None or lead.status is not LeadStatus.OPEN:
        return
    if activity.id == lead.task_id:
        if activity.status is not ActivityStatus.DONE:
            return
        kind = FirstAction.TASK_DONE
    elif activity.created_by == lead.owner_id and lead.queue_id is None:
        kind = FirstAction.ACTIVITY
    else:
        return
    if lead.acknowledged_at is not None and lead.first_action_at is not None:
        return
    before = snapshot(lead, BOOKKEEPING)
    at = rt.clock.now()
    note_first_action(rt, lead, kind, at)
    if lead.acknowledged_at is None:
        lead.acknowledged_at, lead.acknowledged_by_id = at, activity.created_by
    await save(uow, rt, activity.created_by, lead, before)


__all__ = [
    "acknowledge",
    "activity_recorded",
    "assign",
    "change_status",
    "pick",
    "route_again",
    "update_lead",
]
