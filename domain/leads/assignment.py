"""Giving a lead to someone: routing it by the rules, applying the decision, the lead task of
its owner, the SLA terms, and the notice.

Who holds a lead after a decision:

- a user: they own it, in their business unit; they get the task "Liidi" (regarding the
  lead, 30 minutes, the lead's priority, due at the SLA due time) and a notice;
- a queue: the lead giver keeps owning it, the lead belongs to the queue's business unit and
  waits in the queue, whose members are told; the member who picks it gets the task;
- nobody (no rule, no fallback queue): it stays with its lead giver, in the giver's unit.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.activities import ActivityInput, ActivityStatus, ActivityType, RegardingType
from domain.activities import Priority as ActivityPriority
from domain.activities import services as activities
from domain.leads.common import routing_actor, send
from domain.leads.model import Lead
from domain.leads.ports import LeadsRuntime, LeadsUnitOfWork, ProductRef
from domain.leads.routing import (
    Decision,
    RoutingFacts,
    RoutingRule,
    TargetKind,
    Targets,
    in_order,
    next_in_turn,
    route,
)
from domain.leads.sla import SlaDefaults, SlaTerms, choose_terms, sla_times
from domain.notifications import NotificationKind
from domain.shared import NotFound, Principal
from domain.shared.transactions import deferred_commit

TASK_MINUTES = 30
LEAD_TASK_TYPE = "lead"


async def facts_of(
    uow: LeadsUnitOfWork, lead: Lead, product: ProductRef | None = None
) -> RoutingFacts:
    product = product or await uow.lead_directory.product(lead.product_id)
    return RoutingFacts(
        region_id=lead.region_id,
        product_id=lead.product_id,
        product_group_ids=product.group_ids if product is not None else frozenset(),
        business_unit_id=lead.target_unit_id,
        source=lead.source,
    )


async def targets_of(uow: LeadsUnitOfWork, rules: list[RoutingRule]) -> Targets:
    """What routing must know about the rules' targets (a few queries, whatever the rules)."""
    team_ids = {r.assign_team_id for r in rules if r.assign_team_id is not None}
    members = await uow.lead_directory.team_members(team_ids)
    people = {r.assign_user_id for r in rules if r.assign_user_id is not None}
    people |= {m for team in members.values() for m in team}
    queue_ids = {r.assign_queue_id for r in rules if r.assign_queue_id is not None}
    settings = await uow.lead_settings.get()
    if settings.fallback_queue_id is not None:
        queue_ids.add(settings.fallback_queue_id)
    turns = await uow.lead_rules.turns([r.id for r in rules if r.assign_team_id is not None])
    return Targets(
        active_users=await uow.lead_directory.active_users(people),
        team_members=members,
        active_queues=await uow.lead_directory.active_queues(queue_ids),
        turns=turns,
    )


async def decide(uow: LeadsUnitOfWork, facts: RoutingFacts, *, take_turn: bool) -> Decision:
    """Route by the current rules. With `take_turn`, a team rule's round robin moves on (its
    turn is locked, so that concurrent leads go to different members); a preview leaves it."""
    rules = in_order(await uow.lead_rules.all())
    targets = await targets_of(uow, rules)
    settings = await uow.lead_settings.get()
    decision = route(rules, facts, targets, settings.fallback_queue_id)
    if not take_turn or decision.team_id is None or decision.rule_id is None:
        return decision
    previous = await uow.lead_rules.locked_turn(decision.rule_id)
    members = targets.team_members.get(decision.team_id, frozenset())
    chosen = next_in_turn(members, targets.active_users, previous) or decision.user_id
    assert chosen is not None  # noqa: S101 - the team had an active member a moment ago
    await uow.lead_rules.set_turn(decision.rule_id, chosen)
    return Decision(
        decision.kind,
        decision.steps,
        decision.rule_id,
        user_id=chosen,
        team_id=decision.team_id,
    )


def sla_unit(lead: Lead) -> UUID:
    """The unit whose SLA policy applies: the one the inquiry is for, else the lead's."""
    return lead.target_unit_id or lead.business_unit_id


async def terms_for(uow: LeadsUnitOfWork, lead: Lead, defaults: SlaDefaults) -> SlaTerms:
    policies = await uow.lead_sla_policies.all()
    return choose_terms(policies, sla_unit(lead), lead.product_id, defaults)


def set_sla(rt: LeadsRuntime, lead: Lead, terms: SlaTerms, start: datetime) -> None:
    times = sla_times(rt.calendar, start, terms)
    lead.sla_due_at = times.due_at
    lead.sla_at_risk_at = times.at_risk_at
    lead.sla_working_hours = times.working_hours
    lead.sla_policy_id = terms.policy_id
    lead.at_risk_notified_at = None
    lead.breach_notified_at = None


async def apply(uow: LeadsUnitOfWork, lead: Lead, decision: Decision, now: datetime) -> None:
    """Owner, unit and queue from the decision, and its explanation."""
    if decision.kind is TargetKind.USER:
        assert decision.user_id is not None  # noqa: S101 - a user decision names the user
        person = await uow.lead_directory.person(decision.user_id)
        if person is None:
            raise NotFound("user", decision.user_id)
        lead.owner_id, lead.business_unit_id = person.id, person.business_unit_id
        lead.queue_id = None
    elif decision.kind is TargetKind.QUEUE:
        assert decision.queue_id is not None  # noqa: S101 - a queue decision names the queue
        queue = await uow.lead_directory.queue(decision.queue_id)
        if queue is None:
            raise NotFound("queue", decision.queue_id)
        await _to_lead_giver(uow, lead)
        lead.business_unit_id, lead.queue_id = queue.business_unit_id, queue.id
    else:
        await _to_lead_giver(uow, lead)
    lead.routing_rule_id = decision.rule_id
    lead.routing = decision.explanation()
    lead.routed_at = now
    lead.assigned_at = now


async def _to_lead_giver(uow: LeadsUnitOfWork, lead: Lead) -> None:
    giver = await uow.lead_directory.person(lead.lead_giver_id)
    lead.owner_id, lead.queue_id = lead.lead_giver_id, None
    if giver is not None:
        lead.business_unit_id = giver.business_unit_id


# ------------------------------------------------------------------ the lead task


async def create_task(uow: LeadsUnitOfWork, rt: LeadsRuntime, actor: Principal, lead: Lead) -> None:
    """The owner's task "Liidi", in the actor's name (who routed, assigned or picked it)."""
    kind = await uow.activity_types.by_key(LEAD_TASK_TYPE)
    task = await activities.create_activity(
        deferred_commit(uow),
        rt,
        routing_actor(actor),
        ActivityInput(
            subject=f"Liidi: {lead.company_name}"[:200],
            type=None if kind is not None else ActivityType.TASK,
            activity_type_id=kind.id if kind is not None else None,
            description=lead.description,
            regarding_type=RegardingType.LEAD,
            regarding_id=lead.id,
            owner_id=lead.owner_id,
            due_at=lead.sla_due_at,
            duration_minutes=TASK_MINUTES,
            priority=ActivityPriority(lead.priority.value),
            notify_owner=False,  # the lead's own notice says it all
        ),
    )
    lead.task_id = task.id


async def finish_task(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    actor: Principal,
    lead: Lead,
    status: ActivityStatus,
) -> None:
    """Close the lead's open task: done when the lead is handled, cancelled when it moves to
    someone else. A task its owner already closed is left as it is."""
    if lead.task_id is None:
        return
    acting = routing_actor(actor)
    task = await uow.activities.get(lead.task_id)
    lead.task_id = None
    if task is None or task.status in (ActivityStatus.DONE, ActivityStatus.CANCELLED):
        return
    await activities.update_activity(
        deferred_commit(uow), rt, acting, task.id, {"status": status}, task.version
    )


async def hand_over(
    uow: LeadsUnitOfWork,
    rt: LeadsRuntime,
    actor: Principal,
    lead: Lead,
    kind: TargetKind,
    previous: tuple[UUID, UUID | None] | None = None,
) -> None:
    """After a decision (`previous`: the owner and queue before it, None for a new lead):
    when the lead moved, the previous owner's task is cancelled; a new owner gets a task and
    a notice, a queue's members a notice. Nobody is told what they did themselves."""
    if previous is not None:
        if previous == (lead.owner_id, lead.queue_id):
            return
        await finish_task(uow, rt, actor, lead, ActivityStatus.CANCELLED)
    if kind is TargetKind.QUEUE and lead.queue_id is not None:
        queue = await uow.lead_directory.queue(lead.queue_id)
        if queue is not None:
            await send(
                uow,
                rt,
                queue.member_ids,
                NotificationKind.LEAD_QUEUED,
                lead,
                by=actor.name,
                exclude=actor.user_id,
                queue=queue.name,
            )
    elif kind is TargetKind.USER:
        await create_task(uow, rt, actor, lead)
        await send(
            uow,
            rt,
            {lead.owner_id},
            NotificationKind.LEAD_ASSIGNED,
            lead,
            by=actor.name,
            exclude=actor.user_id,
        )
