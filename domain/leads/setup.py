"""What administrators maintain for leads: routing rules (and their order), SLA policies,
web forms, and the lead settings (fallback queue, the account-request queue). All of it is
organisation-wide set-up under the privilege `lead_setup`: everyone reads it, admins write
it. The routing test tool lives here too: which rule and owner would win, without moving
any round robin."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any
from uuid import UUID

from domain.leads.assignment import decide
from domain.leads.capture import place_of, product_of
from domain.leads.forms import (
    LEAD_FORM,
    LEAD_SETTINGS,
    LeadForm,
    LeadSettings,
    new_token,
    normalise_origins,
)
from domain.leads.model import LEAD_SETUP, LeadSource
from domain.leads.ports import Kind, LeadsUnitOfWork
from domain.leads.routing import ROUTING_RULE, Decision, RoutingFacts, RoutingRule
from domain.leads.sla import SLA_POLICY, SlaPolicy
from domain.shared import (
    BOOKKEEPING,
    Action,
    Conflict,
    FieldError,
    NotFound,
    Operation,
    Principal,
    Runtime,
    ValidationFailed,
    apply_update,
    check_version,
    record_write,
    snapshot,
)

Record = RoutingRule | SlaPolicy | LeadForm | LeadSettings


def setup_visible(principal: Principal) -> bool:
    """Organisation-wide set-up: an organisation-depth read reaches it (as
    persistence.scoping.readable with neither an owner nor a unit column)."""
    return principal.allows(LEAD_SETUP, Action.READ, None, None)


def _require(principal: Principal, action: Action) -> None:
    principal.require_on(LEAD_SETUP, action, None, None)


async def _audited(
    uow: LeadsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    entity: str,
    record: Record,
    operation: Operation,
    before: Mapping[str, Any] | None,
) -> None:
    await record_write(
        uow.audit,
        entity=entity,
        record=record,
        operation=operation,
        before=before,
        by=principal.user_id,
        at=rt.clock.now(),
        owner_id=None,
        business_unit_id=None,
    )


def _clean_name(values: dict[str, Any]) -> None:
    if "name" in values:
        values["name"] = " ".join(str(values["name"] or "").split())
        if not values["name"]:
            raise ValidationFailed.field("name", "The name cannot be empty.")


async def _known(
    uow: LeadsUnitOfWork, kind: Kind, field_name: str, ids: frozenset[UUID] | set[UUID]
) -> None:
    unknown = await uow.lead_directory.unknown(kind, ids)
    if unknown:
        raise ValidationFailed.field(
            field_name, f"No such {kind.replace('_', ' ')}: {', '.join(sorted(map(str, unknown)))}."
        )


async def _active_user(uow: LeadsUnitOfWork, user_id: UUID | None, field_name: str) -> None:
    if user_id is None:
        return
    person = await uow.lead_directory.person(user_id)
    if person is None or not person.is_active:
        raise ValidationFailed.field(field_name, "No such active user.")


async def _active_queue(uow: LeadsUnitOfWork, queue_id: UUID | None, field_name: str) -> None:
    if queue_id is None:
        return
    queue = await uow.lead_directory.queue(queue_id)
    if queue is None or not queue.is_active:
        raise ValidationFailed.field(field_name, "No such active queue.")


# ------------------------------------------------------------------ routing rules


@dataclass(frozen=True)
class RuleInput:
    name: str
    description: str | None = None
    position: int | None = None  # None: after the last rule
    is_active: bool = True
    region_ids: frozenset[UUID] = frozenset()
    product_ids: frozenset[UUID] = frozenset()
    product_group_ids: frozenset[UUID] = frozenset()
    business_unit_ids: frozenset[UUID] = frozenset()
    sources: frozenset[LeadSource] = frozenset()
    assign_user_id: UUID | None = None
    assign_team_id: UUID | None = None
    assign_queue_id: UUID | None = None


async def _check_rule(uow: LeadsUnitOfWork, rule: RoutingRule, changed: set[str]) -> None:
    rule.check()
    if "region_ids" in changed:
        await _known(uow, "region", "region_ids", rule.region_ids)
    if "product_ids" in changed:
        await _known(uow, "product", "product_ids", rule.product_ids)
    if "product_group_ids" in changed:
        await _known(uow, "product_group", "product_group_ids", rule.product_group_ids)
    if "business_unit_ids" in changed:
        await _known(uow, "business_unit", "business_unit_ids", rule.business_unit_ids)
    if "assign_user_id" in changed:
        await _active_user(uow, rule.assign_user_id, "assign_user_id")
    if "assign_team_id" in changed and rule.assign_team_id is not None:
        await _known(uow, "team", "assign_team_id", {rule.assign_team_id})
    if "assign_queue_id" in changed:
        await _active_queue(uow, rule.assign_queue_id, "assign_queue_id")


async def get_rule(uow: LeadsUnitOfWork, principal: Principal, rule_id: UUID) -> RoutingRule:
    rule = await uow.lead_rules.get(rule_id)
    if rule is None or not setup_visible(principal):
        raise NotFound(ROUTING_RULE, rule_id)
    return rule


async def create_rule(
    uow: LeadsUnitOfWork, rt: Runtime, principal: Principal, data: RuleInput
) -> RoutingRule:
    _require(principal, Action.CREATE)
    values = dict(vars(data))
    _clean_name(values)
    if values["position"] is None:
        existing = await uow.lead_rules.all()
        values["position"] = max((r.position for r in existing), default=0) + 10
    now = rt.clock.now()
    rule = RoutingRule(id=rt.ids.new_id(), created_at=now, updated_at=now, **values)
    await _check_rule(uow, rule, set(values))
    await uow.lead_rules.add(rule)
    await _audited(uow, rt, principal, ROUTING_RULE, rule, Operation.CREATE, None)
    await uow.commit()
    return rule


RULE_FIELDS = frozenset(f.name for f in fields(RuleInput))


async def update_rule(
    uow: LeadsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    rule_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> RoutingRule:
    rule = await get_rule(uow, principal, rule_id)
    _require(principal, Action.UPDATE)
    check_version(ROUTING_RULE, rule, expected_version)
    values = {k: v for k, v in changes.items() if k in RULE_FIELDS}
    _clean_name(values)
    before = snapshot(rule, BOOKKEEPING)
    if not apply_update(rule, values, rt.clock.now()):
        return rule
    await _check_rule(uow, rule, set(values))
    await uow.lead_rules.update(rule, expected_version)
    await _audited(uow, rt, principal, ROUTING_RULE, rule, Operation.UPDATE, before)
    await uow.commit()
    return rule


async def reorder_rules(
    uow: LeadsUnitOfWork, rt: Runtime, principal: Principal, rule_ids: Sequence[UUID]
) -> list[RoutingRule]:
    """Put the rules in this order (every rule exactly once): positions 10, 20, 30…"""
    _require(principal, Action.UPDATE)
    rules = {r.id: r for r in await uow.lead_rules.all()}
    if len(rule_ids) != len(set(rule_ids)) or set(rule_ids) != set(rules):
        raise ValidationFailed.field(
            "rule_ids", "List every routing rule exactly once, in the new order."
        )
    ordered = []
    for index, rule_id in enumerate(rule_ids, start=1):
        rule = rules[rule_id]
        before = snapshot(rule, BOOKKEEPING)
        expected = rule.version
        if apply_update(rule, {"position": index * 10}, rt.clock.now()):
            await uow.lead_rules.update(rule, expected)
            await _audited(uow, rt, principal, ROUTING_RULE, rule, Operation.UPDATE, before)
        ordered.append(rule)
    await uow.commit()
    return ordered


@dataclass(frozen=True)
class RoutingQuestion:
    """The test tool's input: a lead as routing would see it."""

    product_id: UUID
    municipality_id: UUID | None = None
    municipality: str | None = None
    region_id: UUID | None = None
    target_unit_id: UUID | None = None
    source: LeadSource = LeadSource.PHONE_CALL


@dataclass(frozen=True)
class RoutingAnswer:
    decision: Decision
    region_id: UUID | None
    region_name: str | None
    target_unit_id: UUID | None


async def preview_routing(
    uow: LeadsUnitOfWork, principal: Principal, question: RoutingQuestion
) -> RoutingAnswer:
    """Which rule and owner would win now — the next in a team's round robin — without
    changing anything."""
    if not setup_visible(principal):
        raise NotFound(LEAD_SETUP, "routing")
    product = await product_of(uow, question.product_id)
    place = await place_of(uow, question.municipality_id, question.municipality, question.region_id)
    target_unit = question.target_unit_id or product.business_unit_id
    facts = RoutingFacts(
        region_id=place.region_id if place else None,
        product_id=product.id,
        product_group_ids=product.group_ids,
        business_unit_id=target_unit,
        source=question.source,
    )
    decision = await decide(uow, facts, take_turn=False)
    return RoutingAnswer(
        decision,
        place.region_id if place else None,
        place.region_name if place else None,
        target_unit,
    )


# ------------------------------------------------------------------ SLA policies


@dataclass(frozen=True)
class PolicyInput:
    working_days: float
    at_risk_working_hours: float
    business_unit_id: UUID | None = None
    product_id: UUID | None = None
    restarts_on_reassignment: bool = False
    is_active: bool = True


POLICY_FIELDS = frozenset(f.name for f in fields(PolicyInput))


async def _check_policy(uow: LeadsUnitOfWork, policy: SlaPolicy) -> None:
    policy.check()
    if policy.business_unit_id is not None:
        await _known(uow, "business_unit", "business_unit_id", {policy.business_unit_id})
    if policy.product_id is not None:
        await _known(uow, "product", "product_id", {policy.product_id})
    for other in await uow.lead_sla_policies.all():
        if other.id != policy.id and (other.business_unit_id, other.product_id) == (
            policy.business_unit_id,
            policy.product_id,
        ):
            raise Conflict(
                "There is already a policy for this business unit and product.",
                existing_id=other.id,
            )


async def get_policy(uow: LeadsUnitOfWork, principal: Principal, policy_id: UUID) -> SlaPolicy:
    policy = await uow.lead_sla_policies.get(policy_id)
    if policy is None or not setup_visible(principal):
        raise NotFound(SLA_POLICY, policy_id)
    return policy


async def create_policy(
    uow: LeadsUnitOfWork, rt: Runtime, principal: Principal, data: PolicyInput
) -> SlaPolicy:
    _require(principal, Action.CREATE)
    now = rt.clock.now()
    policy = SlaPolicy(id=rt.ids.new_id(), created_at=now, updated_at=now, **vars(data))
    await _check_policy(uow, policy)
    await uow.lead_sla_policies.add(policy)
    await _audited(uow, rt, principal, SLA_POLICY, policy, Operation.CREATE, None)
    await uow.commit()
    return policy


async def update_policy(
    uow: LeadsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    policy_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
) -> SlaPolicy:
    policy = await get_policy(uow, principal, policy_id)
    _require(principal, Action.UPDATE)
    check_version(SLA_POLICY, policy, expected_version)
    before = snapshot(policy, BOOKKEEPING)
    values = {k: v for k, v in changes.items() if k in POLICY_FIELDS}
    if not apply_update(policy, values, rt.clock.now()):
        return policy
    await _check_policy(uow, policy)
    await uow.lead_sla_policies.update(policy, expected_version)
    await _audited(uow, rt, principal, SLA_POLICY, policy, Operation.UPDATE, before)
    await uow.commit()
    return policy


# ------------------------------------------------------------------ web forms


@dataclass(frozen=True)
class FormInput:
    name: str
    lead_giver_id: UUID
    is_active: bool = True
    source: LeadSource = LeadSource.WEB_FORM
    product_id: UUID | None = None
    target_unit_id: UUID | None = None
    campaign_id: UUID | None = None
    allowed_origins: tuple[str, ...] = ()


FORM_FIELDS = frozenset(f.name for f in fields(FormInput))


async def _check_form(uow: LeadsUnitOfWork, form: LeadForm, changed: set[str]) -> None:
    if "lead_giver_id" in changed:
        await _active_user(uow, form.lead_giver_id, "lead_giver_id")
    if "product_id" in changed and form.product_id is not None:
        await product_of(uow, form.product_id)
    if "target_unit_id" in changed and form.target_unit_id is not None:
        await _known(uow, "business_unit", "target_unit_id", {form.target_unit_id})
    if "campaign_id" in changed and form.campaign_id is not None:
        await _known(uow, "campaign", "campaign_id", {form.campaign_id})


async def get_form(uow: LeadsUnitOfWork, principal: Principal, form_id: UUID) -> LeadForm:
    form = await uow.lead_forms.get(form_id)
    if form is None or not setup_visible(principal):
        raise NotFound(LEAD_FORM, form_id)
    return form


async def create_form(
    uow: LeadsUnitOfWork, rt: Runtime, principal: Principal, data: FormInput
) -> LeadForm:
    _require(principal, Action.CREATE)
    values = dict(vars(data))
    _clean_name(values)
    values["allowed_origins"] = normalise_origins(values["allowed_origins"])
    now = rt.clock.now()
    form = LeadForm(id=rt.ids.new_id(), token=new_token(), created_at=now, updated_at=now, **values)
    await _check_form(uow, form, set(values))
    await uow.lead_forms.add(form)
    await _audited(uow, rt, principal, LEAD_FORM, form, Operation.CREATE, None)
    await uow.commit()
    return form


async def update_form(
    uow: LeadsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    form_id: UUID,
    changes: Mapping[str, Any],
    expected_version: int,
    *,
    rotate_token: bool = False,
) -> LeadForm:
    """Edit a form; `rotate_token` gives it a new token (the old address stops working)."""
    form = await get_form(uow, principal, form_id)
    _require(principal, Action.UPDATE)
    check_version(LEAD_FORM, form, expected_version)
    values = {k: v for k, v in changes.items() if k in FORM_FIELDS}
    _clean_name(values)
    if "allowed_origins" in values:
        values["allowed_origins"] = normalise_origins(values["allowed_origins"] or ())
    if rotate_token:
        values["token"] = new_token()
    before = snapshot(form, BOOKKEEPING)
    if not apply_update(form, values, rt.clock.now()):
        return form
    await _check_form(uow, form, set(values))
    await uow.lead_forms.update(form, expected_version)
    await _audited(uow, rt, principal, LEAD_FORM, form, Operation.UPDATE, before)
    await uow.commit()
    return form


# ------------------------------------------------------------------ lead settings


async def get_settings(uow: LeadsUnitOfWork, principal: Principal) -> LeadSettings:
    if not setup_visible(principal):
        raise NotFound(LEAD_SETTINGS, "settings")
    return await uow.lead_settings.get()


async def update_settings(
    uow: LeadsUnitOfWork,
    rt: Runtime,
    principal: Principal,
    changes: Mapping[str, Any],
    expected_version: int,
) -> LeadSettings:
    settings = await get_settings(uow, principal)
    _require(principal, Action.UPDATE)
    check_version(LEAD_SETTINGS, settings, expected_version)
    errors = []
    for name in ("fallback_queue_id", "account_request_queue_id"):
        if changes.get(name) is not None:
            queue = await uow.lead_directory.queue(changes[name])
            if queue is None or not queue.is_active:
                errors.append(FieldError((name,), "No such active queue."))
    if errors:
        raise ValidationFailed(errors)
    values = {
        k: v for k, v in changes.items() if k in ("fallback_queue_id", "account_request_queue_id")
    }
    before = snapshot(settings, BOOKKEEPING)
    if not apply_update(settings, values, rt.clock.now()):
        return settings
    await uow.lead_settings.save(settings, expected_version)
    await _audited(uow, rt, principal, LEAD_SETTINGS, settings, Operation.UPDATE, before)
    await uow.commit()
    return settings
