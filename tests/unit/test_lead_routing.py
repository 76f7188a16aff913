"""Lead routing as a table: region × product (and product group) × business unit × source ×
rule order × inactive targets × fallback; and round robin, fair within one over any
sequence of leads and any pattern of inactive members (hypothesis)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.leads import (
    Outcome,
    RoutingFacts,
    RoutingRule,
    TargetKind,
    Targets,
    next_in_turn,
    route,
)
from domain.leads.model import LeadSource

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 2, 9, tzinfo=UTC)


def uid(n: int) -> UUID:
    return UUID(int=n)


# Places, products, units, people, queues of the table.
UUSIMAA, PIRKANMAA = uid(101), uid(102)
GAS, HEAT, SOLAR = uid(201), uid(202), uid(203)
ENERGY, GAS_GROUP, HEAT_GROUP = uid(300), uid(301), uid(302)  # gas and heat groups under energy
UNIT_1, UNIT_2 = uid(401), uid(402)
ANNA, BERTIL, CARITA = uid(501), uid(502), uid(503)  # Bertil is deactivated
TEAM = uid(601)
QUEUE, CLOSED_QUEUE, FALLBACK = uid(701), uid(702), uid(703)

GROUPS = {
    GAS: frozenset({GAS_GROUP, ENERGY}),
    HEAT: frozenset({HEAT_GROUP, ENERGY}),
    SOLAR: frozenset(),
}


def rule(n: int, position: int, name: str, **fields: object) -> RoutingRule:
    return RoutingRule(
        id=uid(900 + n), name=name, position=position, created_at=NOW, updated_at=NOW, **fields
    )  # type: ignore[arg-type]


RULES = [
    rule(
        1,
        10,
        "gas in Uusimaa",
        region_ids=frozenset({UUSIMAA}),
        product_ids=frozenset({GAS}),
        assign_user_id=ANNA,
    ),
    rule(2, 20, "heat anywhere", product_group_ids=frozenset({HEAT_GROUP}), assign_team_id=TEAM),
    rule(3, 30, "web forms", sources=frozenset({LeadSource.WEB_FORM}), assign_queue_id=QUEUE),
    rule(4, 40, "unit 2", business_unit_ids=frozenset({UNIT_2}), assign_user_id=BERTIL),
    rule(
        5, 50, "energy group", product_group_ids=frozenset({ENERGY}), assign_queue_id=CLOSED_QUEUE
    ),
    rule(6, 60, "everything (off)", is_active=False, assign_user_id=CARITA),
]
TARGETS = Targets(
    active_users=frozenset({ANNA, CARITA}),
    team_members={TEAM: frozenset({ANNA, BERTIL, CARITA})},
    active_queues=frozenset({QUEUE, FALLBACK}),
)


def facts(
    region: UUID | None = None,
    product: UUID = SOLAR,
    unit: UUID | None = UNIT_1,
    source: LeadSource = LeadSource.PHONE_CALL,
) -> RoutingFacts:
    return RoutingFacts(region, product, GROUPS[product], unit, source)


@dataclass(frozen=True)
class Expect:
    kind: TargetKind
    rule: int | None = None  # 900 + n
    user: UUID | None = None
    queue: UUID | None = None
    fallback: bool = False


CASES = [
    # (case, facts, fallback queue, expected decision, expected outcome per rule looked at)
    (
        "gas in Uusimaa goes to Anna",
        facts(UUSIMAA, GAS),
        None,
        Expect(TargetKind.USER, 1, user=ANNA),
        "M",
    ),
    (
        "rule order: gas in Uusimaa by web form is still Anna's",
        facts(UUSIMAA, GAS, source=LeadSource.WEB_FORM),
        None,
        Expect(TargetKind.USER, 1, user=ANNA),
        "M",
    ),
    (
        "heat by round robin: the first active member (Bertil is off)",
        facts(PIRKANMAA, HEAT),
        None,
        Expect(TargetKind.USER, 2, user=ANNA),
        "NM",
    ),
    (
        "web forms go to the queue",
        facts(PIRKANMAA, SOLAR, source=LeadSource.WEB_FORM),
        None,
        Expect(TargetKind.QUEUE, 3, queue=QUEUE),
        "NNM",
    ),
    (
        "unit 2's user is inactive: skipped, nobody",
        facts(None, SOLAR, UNIT_2),
        None,
        Expect(TargetKind.NONE),
        "NNNUN",
    ),
    (
        "unit 2's user is inactive: the fallback",
        facts(None, SOLAR, UNIT_2),
        FALLBACK,
        Expect(TargetKind.QUEUE, queue=FALLBACK, fallback=True),
        "NNNUN",
    ),
    (
        "gas outside Uusimaa: the energy group's queue is closed → fallback",
        facts(PIRKANMAA, GAS),
        FALLBACK,
        Expect(TargetKind.QUEUE, queue=FALLBACK, fallback=True),
        "NNNNQ",
    ),
    (
        "no region: the regional rule does not match",
        facts(None, GAS),
        None,
        Expect(TargetKind.NONE),
        "NNNNQ",
    ),
    (
        "an inactive fallback queue is no fallback",
        facts(PIRKANMAA, SOLAR),
        CLOSED_QUEUE,
        Expect(TargetKind.NONE),
        "NNNNN",
    ),
]
OUTCOMES = {
    "M": Outcome.MATCHED,
    "N": Outcome.NOT_MATCHED,
    "U": Outcome.INACTIVE_USER,
    "T": Outcome.NO_ACTIVE_MEMBERS,
    "Q": Outcome.INACTIVE_QUEUE,
}


@pytest.mark.parametrize(
    ("case", "given_facts", "fallback", "expected", "steps"), CASES, ids=[c[0] for c in CASES]
)
def test_routing_table(
    case: str, given_facts: RoutingFacts, fallback: UUID | None, expected: Expect, steps: str
) -> None:
    decision = route(RULES, given_facts, TARGETS, fallback)
    assert decision.kind is expected.kind
    assert decision.rule_id == (uid(900 + expected.rule) if expected.rule else None)
    assert decision.user_id == expected.user
    assert decision.queue_id == expected.queue
    assert decision.fallback is expected.fallback
    assert [s.outcome for s in decision.steps] == [OUTCOMES[c] for c in steps]
    assert all(s.rule_id != uid(906) for s in decision.steps), "inactive rules are not looked at"


def test_the_explanation_names_every_failed_condition() -> None:
    decision = route(RULES, facts(PIRKANMAA, HEAT, UNIT_1, LeadSource.EMAIL), Targets(), None)
    first = decision.steps[0]
    assert (first.rule_name, first.failed) == ("gas in Uusimaa", ("region", "product"))
    explained = decision.explanation()
    assert explained["steps"][0]["failed"] == ["region", "product"]
    assert explained["kind"] == "none"


def test_a_team_without_active_members_is_skipped() -> None:
    nobody = replace(TARGETS, active_users=frozenset())
    decision = route(RULES, facts(PIRKANMAA, HEAT), nobody, None)
    assert [s.outcome for s in decision.steps][:2] == [
        Outcome.NOT_MATCHED,
        Outcome.NO_ACTIVE_MEMBERS,
    ]


def test_equal_positions_are_ordered_by_id() -> None:
    a = rule(11, 10, "a", assign_user_id=ANNA)
    b = rule(12, 10, "b", assign_user_id=CARITA)
    assert route([b, a], facts(), TARGETS, None).user_id == ANNA


def test_a_group_covers_the_products_of_the_groups_below_it() -> None:
    energy = rule(13, 10, "energy", product_group_ids=frozenset({ENERGY}), assign_user_id=CARITA)
    assert route([energy], facts(product=GAS), TARGETS, None).user_id == CARITA
    assert route([energy], facts(product=SOLAR), TARGETS, None).kind is TargetKind.NONE


def test_the_turn_continues_after_a_member_who_left_the_team() -> None:
    members = [uid(1), uid(3), uid(5)]
    assert next_in_turn(members, frozenset(members), uid(4)) == uid(5)
    assert next_in_turn(members, frozenset(members), uid(6)) == uid(1)
    assert next_in_turn(members, frozenset(), None) is None


# ------------------------------------------------------------------ round robin


@st.composite
def scenario(draw: st.DrawFn) -> tuple[list[UUID], list[frozenset[UUID]]]:
    """Team members, and for each lead of a sequence the members active when it arrives:
    each member is always active, always inactive, or toggled at random."""
    members = [uid(draw(st.integers(1, 10_000)) * 10 + i) for i in range(draw(st.integers(1, 6)))]
    kinds = [draw(st.sampled_from(["on", "off", "flaky"])) for _ in members]
    pattern = []
    for _ in range(draw(st.integers(1, 60))):
        pattern.append(
            frozenset(
                m
                for m, kind in zip(members, kinds, strict=True)
                if kind == "on" or (kind == "flaky" and draw(st.booleans()))
            )
        )
    return members, pattern


@given(scenario())
def test_round_robin_is_fair_within_one_over_any_sequence(
    case: tuple[list[UUID], list[frozenset[UUID]]],
) -> None:
    members, pattern = case
    team_rule = rule(20, 10, "team", assign_team_id=TEAM)
    counts = dict.fromkeys(members, 0)
    turn: UUID | None = None
    for active in pattern:
        targets = Targets(
            active_users=active, team_members={TEAM: frozenset(members)}, turns={team_rule.id: turn}
        )
        decision = route([team_rule], facts(), targets, None)
        if not active:
            assert decision.kind is TargetKind.NONE
            continue
        assert decision.user_id in active, "nobody inactive gets a lead"
        counts[decision.user_id] += 1
        turn = decision.user_id
    always = [m for m in members if all(m in active for active in pattern)]
    if always:
        assert max(counts[m] for m in always) - min(counts[m] for m in always) <= 1
    never = [m for m in members if all(m not in active for active in pattern)]
    assert all(counts[m] == 0 for m in never)
