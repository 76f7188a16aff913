"""The access model: a privilege's depth decides which records it reaches."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.shared import Action, Depth, Forbidden, Principal, Privilege, Scope, ScopeKind

pytestmark = pytest.mark.unit

ME = UUID(int=1)
TEAMMATE = UUID(int=2)
STRANGER = UUID(int=3)
MY_UNIT = UUID(int=100)
CHILD_UNIT = UUID(int=101)
OTHER_UNIT = UUID(int=200)


def principal(depth: Depth, entity: str = "account", action: Action = Action.READ) -> Principal:
    return Principal(
        user_id=ME,
        business_unit_id=MY_UNIT,
        team_member_ids=frozenset({ME, TEAMMATE}),
        unit_subtree_ids=frozenset({MY_UNIT, CHILD_UNIT}),
        privileges=Principal.merge([Privilege(entity, action, depth)]),
    )


# Records as (owner, unit); which depths reach each one.
MINE = (ME, OTHER_UNIT)
TEAMMATES = (TEAMMATE, OTHER_UNIT)
IN_MY_UNIT = (STRANGER, MY_UNIT)
IN_CHILD_UNIT = (STRANGER, CHILD_UNIT)
ELSEWHERE = (STRANGER, OTHER_UNIT)

REACH = {
    Depth.NONE: set(),
    Depth.OWN: {MINE},
    Depth.TEAM: {MINE, TEAMMATES},
    Depth.BUSINESS_UNIT: {IN_MY_UNIT},
    Depth.UNIT_AND_CHILDREN: {IN_MY_UNIT, IN_CHILD_UNIT},
    Depth.ORGANISATION: {MINE, TEAMMATES, IN_MY_UNIT, IN_CHILD_UNIT, ELSEWHERE},
}


@pytest.mark.parametrize(
    ("depth", "kind", "ids"),
    [
        (Depth.NONE, ScopeKind.NOTHING, frozenset()),
        (Depth.OWN, ScopeKind.OWNERS, frozenset({ME})),
        (Depth.TEAM, ScopeKind.OWNERS, frozenset({ME, TEAMMATE})),
        (Depth.BUSINESS_UNIT, ScopeKind.UNITS, frozenset({MY_UNIT})),
        (Depth.UNIT_AND_CHILDREN, ScopeKind.UNITS, frozenset({MY_UNIT, CHILD_UNIT})),
        (Depth.ORGANISATION, ScopeKind.EVERYTHING, frozenset()),
    ],
)
def test_each_depth_turns_into_its_scope(
    depth: Depth, kind: ScopeKind, ids: frozenset[UUID]
) -> None:
    assert principal(depth).scope("account") == Scope(kind, ids)


@pytest.mark.parametrize("depth", list(Depth))
@pytest.mark.parametrize(
    "record", [MINE, TEAMMATES, IN_MY_UNIT, IN_CHILD_UNIT, ELSEWHERE], ids=lambda r: str(r)
)
def test_a_privilege_reaches_exactly_the_records_its_depth_allows(
    depth: Depth, record: tuple[UUID, UUID]
) -> None:
    owner, unit = record
    assert principal(depth).allows("account", Action.READ, owner, unit) == (record in REACH[depth])


def test_a_team_scope_always_includes_the_caller_even_without_teams() -> None:
    lonely = Principal(
        user_id=ME,
        business_unit_id=MY_UNIT,
        privileges={("account", Action.READ): Depth.TEAM},
    )
    assert lonely.allows("account", Action.READ, ME, OTHER_UNIT)
    assert not lonely.allows("account", Action.READ, TEAMMATE, MY_UNIT)


def test_a_privilege_for_one_entity_or_action_does_not_leak_to_another() -> None:
    p = principal(Depth.ORGANISATION, "account", Action.READ)
    assert not p.allows("contact", Action.READ, ME, MY_UNIT)
    assert not p.allows("account", Action.UPDATE, ME, MY_UNIT)
    assert p.scope("contact").kind is ScopeKind.NOTHING


def test_when_roles_overlap_the_deepest_grant_wins() -> None:
    merged = Principal.merge(
        [
            Privilege("account", Action.READ, Depth.OWN),
            Privilege("account", Action.READ, Depth.BUSINESS_UNIT),
            Privilege("account", Action.READ, Depth.TEAM),
        ]
    )
    assert merged == {("account", Action.READ): Depth.BUSINESS_UNIT}


def test_require_refuses_a_missing_privilege_and_require_on_a_record_out_of_reach() -> None:
    p = principal(Depth.OWN, "account", Action.UPDATE)
    with pytest.raises(Forbidden):
        p.require("account", Action.DELETE)
    p.require_on("account", Action.UPDATE, ME, OTHER_UNIT)
    with pytest.raises(Forbidden):
        p.require_on("account", Action.UPDATE, STRANGER, MY_UNIT)


def test_only_organisation_wide_admin_privileges_make_an_admin() -> None:
    admin_privileges = [
        Privilege(e, Action.UPDATE, Depth.ORGANISATION)
        for e in ("user", "business_unit", "team", "role")
    ]
    admin = Principal(ME, MY_UNIT, privileges=Principal.merge(admin_privileges))
    assert admin.is_admin
    almost = Principal(
        ME,
        MY_UNIT,
        privileges=Principal.merge(
            [*admin_privileges[:-1], Privilege("role", Action.UPDATE, Depth.UNIT_AND_CHILDREN)]
        ),
    )
    assert not almost.is_admin


@pytest.mark.parametrize("label", ["own", "TEAM", "business_unit", "organisation"])
def test_depth_labels_parse_back(label: str) -> None:
    assert Depth.parse(label).label == label.lower()


def test_an_unknown_record_owner_is_never_reached_by_an_owner_scope() -> None:
    p = principal(Depth.TEAM)
    assert not p.allows("account", Action.READ, None, MY_UNIT)
    assert not p.allows("account", Action.READ, uuid4(), MY_UNIT)


def test_an_account_team_widens_read_access_only_to_kinds_the_roles_read() -> None:
    team_account, other_account = uuid4(), uuid4()
    p = Principal(
        user_id=uuid4(),
        business_unit_id=uuid4(),
        privileges={("activity", Action.READ): Depth.OWN},
        account_ids=frozenset({team_account}),
    )
    elsewhere = uuid4()
    assert p.reads("activity", uuid4(), elsewhere, account_ids=[team_account])
    assert not p.reads("activity", uuid4(), elsewhere, account_ids=[other_account, None])
    # No read privilege on sales projects at all: the team does not give one.
    assert not p.reads("sales_project", uuid4(), elsewhere, account_ids=[team_account])
