"""Routing: which salesperson, team or queue a lead goes to, and why.

Administrators keep an ordered list of rules. A rule matches a lead when every condition it
has holds (an empty condition matches anything):

- region: the lead's region (from its municipality, through the regions table) is one of them;
- product: the product of interest is one of them, or belongs to one of the product groups
  (a group covers the products of the groups below it);
- business unit: the unit the inquiry is for is one of them;
- source: the lead source is one of them.

The first matching rule whose target can take the lead wins: a user (if active), a team
(round robin over its active members) or a queue (if active). A matching rule whose target
cannot take the lead is skipped and the next one is tried. When no rule wins, the lead goes
to the fallback queue, if one is set and active; otherwise it stays with its lead giver.
Every rule looked at is recorded with its outcome, so each lead can explain where it went.

`route()` is pure: the caller loads the rules and what it needs to know about their targets
(`Targets`) and, unless it only previews, stores the new round-robin turn of the team rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.leads.model import LeadSource
from domain.shared import ValidationFailed

ROUTING_RULE = "lead_routing_rule"


@dataclass
class RoutingRule:
    id: UUID
    name: str
    position: int
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    is_active: bool = True
    region_ids: frozenset[UUID] = frozenset()
    product_ids: frozenset[UUID] = frozenset()
    product_group_ids: frozenset[UUID] = frozenset()
    business_unit_ids: frozenset[UUID] = frozenset()
    sources: frozenset[LeadSource] = frozenset()
    assign_user_id: UUID | None = None
    assign_team_id: UUID | None = None
    assign_queue_id: UUID | None = None
    version: int = 1

    def check(self) -> None:
        targets = [self.assign_user_id, self.assign_team_id, self.assign_queue_id]
        if sum(t is not None for t in targets) != 1:
            raise ValidationFailed.field(
                "assign_user_id",
                "A rule assigns to exactly one of a user, a team (round robin) or a queue.",
            )


@dataclass(frozen=True)
class RoutingFacts:
    """What routing knows about a lead."""

    region_id: UUID | None
    product_id: UUID | None
    # The product's group and every group above it.
    product_group_ids: frozenset[UUID]
    business_unit_id: UUID | None  # the unit the inquiry is for
    source: LeadSource


@dataclass(frozen=True)
class Targets:
    """The state of the rules' targets at routing time."""

    active_users: frozenset[UUID] = frozenset()
    # Each team's members (active or not), by team.
    team_members: Mapping[UUID, frozenset[UUID]] = field(default_factory=dict)
    active_queues: frozenset[UUID] = frozenset()
    # The member of each team rule who got its previous lead (the round-robin turn).
    turns: Mapping[UUID, UUID | None] = field(default_factory=dict)


class Outcome(StrEnum):
    MATCHED = "matched"
    NOT_MATCHED = "not_matched"
    INACTIVE_USER = "inactive_user"  # matched, but the user is deactivated
    NO_ACTIVE_MEMBERS = "no_active_members"  # matched, but nobody in the team is active
    INACTIVE_QUEUE = "inactive_queue"  # matched, but the queue is deactivated


class TargetKind(StrEnum):
    USER = "user"
    QUEUE = "queue"
    NONE = "none"  # nobody: the lead stays with its lead giver


# The conditions in the order they are checked and explained.
CONDITIONS = ("region", "product", "business_unit", "source")


@dataclass(frozen=True)
class Step:
    rule_id: UUID
    rule_name: str
    position: int
    outcome: Outcome
    failed: tuple[str, ...] = ()  # the conditions that did not hold


@dataclass(frozen=True)
class Decision:
    kind: TargetKind
    steps: tuple[Step, ...]
    rule_id: UUID | None = None
    user_id: UUID | None = None
    team_id: UUID | None = None  # set when the user was chosen by the team's round robin
    queue_id: UUID | None = None
    fallback: bool = False  # the fallback queue, because no rule took the lead

    def explanation(self) -> dict[str, Any]:
        """The JSON the lead keeps and the test tool shows."""
        return {
            "kind": self.kind.value,
            "rule_id": _str(self.rule_id),
            "user_id": _str(self.user_id),
            "team_id": _str(self.team_id),
            "queue_id": _str(self.queue_id),
            "fallback": self.fallback,
            "steps": [
                {
                    "rule_id": str(s.rule_id),
                    "rule_name": s.rule_name,
                    "position": s.position,
                    "outcome": s.outcome.value,
                    "failed": list(s.failed),
                }
                for s in self.steps
            ],
        }


def _str(value: UUID | None) -> str | None:
    return str(value) if value is not None else None


def failed_conditions(rule: RoutingRule, facts: RoutingFacts) -> tuple[str, ...]:
    checks = {
        "region": not rule.region_ids or facts.region_id in rule.region_ids,
        "product": (not rule.product_ids and not rule.product_group_ids)
        or facts.product_id in rule.product_ids
        or bool(rule.product_group_ids & facts.product_group_ids),
        "business_unit": not rule.business_unit_ids
        or facts.business_unit_id in rule.business_unit_ids,
        "source": not rule.sources or facts.source in rule.sources,
    }
    return tuple(name for name in CONDITIONS if not checks[name])


def next_in_turn(
    members: Iterable[UUID], active: frozenset[UUID], previous: UUID | None
) -> UUID | None:
    """Round robin: the first active member after `previous` in a fixed order (by id),
    wrapping around; inactive members are skipped. `previous` need not be a member any
    more: the turn continues from where it would stand in the order."""
    order = sorted(m for m in members if m in active)
    if not order:
        return None
    if previous is None:
        return order[0]
    return next((m for m in order if m > previous), order[0])


def in_order(rules: Iterable[RoutingRule]) -> list[RoutingRule]:
    """Active rules in their evaluation order (position, then the time-ordered id)."""
    return sorted((r for r in rules if r.is_active), key=lambda r: (r.position, r.id))


def route(
    rules: Sequence[RoutingRule],
    facts: RoutingFacts,
    targets: Targets,
    fallback_queue_id: UUID | None,
) -> Decision:
    steps: list[Step] = []
    for rule in in_order(rules):
        failed = failed_conditions(rule, facts)
        if failed:
            steps.append(Step(rule.id, rule.name, rule.position, Outcome.NOT_MATCHED, failed))
            continue
        decision = _take(rule, targets, steps)
        if decision is not None:
            return decision
    if fallback_queue_id is not None and fallback_queue_id in targets.active_queues:
        return Decision(TargetKind.QUEUE, tuple(steps), queue_id=fallback_queue_id, fallback=True)
    return Decision(TargetKind.NONE, tuple(steps))


def _take(rule: RoutingRule, targets: Targets, steps: list[Step]) -> Decision | None:
    """The decision when the rule's target can take the lead; else None (step recorded)."""

    def step(outcome: Outcome) -> None:
        steps.append(Step(rule.id, rule.name, rule.position, outcome))

    if rule.assign_user_id is not None:
        if rule.assign_user_id not in targets.active_users:
            step(Outcome.INACTIVE_USER)
            return None
        step(Outcome.MATCHED)
        return Decision(TargetKind.USER, tuple(steps), rule.id, user_id=rule.assign_user_id)
    if rule.assign_team_id is not None:
        members = targets.team_members.get(rule.assign_team_id, frozenset())
        chosen = next_in_turn(members, targets.active_users, targets.turns.get(rule.id))
        if chosen is None:
            step(Outcome.NO_ACTIVE_MEMBERS)
            return None
        step(Outcome.MATCHED)
        return Decision(
            TargetKind.USER, tuple(steps), rule.id, user_id=chosen, team_id=rule.assign_team_id
        )
    if rule.assign_queue_id is None or rule.assign_queue_id not in targets.active_queues:
        step(Outcome.INACTIVE_QUEUE)
        return None
    step(Outcome.MATCHED)
    return Decision(TargetKind.QUEUE, tuple(steps), rule.id, queue_id=rule.assign_queue_id)
