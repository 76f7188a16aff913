"""Account management rules on in-memory fakes: passivation, the survivor's values in a
merge, and the account team's use cases."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest
from fakes import FakeRuntime, FakeUnitOfWork
from hypothesis import given
from hypothesis import strategies as st

from domain.accounts import (
    Account,
    AccountInput,
    AccountStatus,
    AccountType,
    ExternalId,
    TeamAccess,
    TeamRole,
    team,
)
from domain.accounts import services as accounts
from domain.accounts.merge import FILLABLE, fill_from
from domain.shared import (
    Action,
    Depth,
    Forbidden,
    InvalidTransition,
    NotFound,
    Principal,
    Privilege,
    StaleVersion,
    ValidationFailed,
)
from domain.shared.passivity import refuse_if_passive

pytestmark = pytest.mark.unit

UNIT = UUID(int=10)
ME = UUID(int=1)
COLLEAGUE = UUID(int=2)
LEAVER = UUID(int=3)
AT = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)  # 3 March in Helsinki


def owner(user_id: UUID = ME, depth: Depth = Depth.OWN) -> Principal:
    return Principal(
        user_id=user_id,
        business_unit_id=UNIT,
        privileges=Principal.merge(
            [Privilege("account", a, depth) for a in (Action.CREATE, Action.UPDATE)]
            + [Privilege("account", Action.READ, Depth.BUSINESS_UNIT)]
        ),
    )


def account(**fields: object) -> Account:
    values: dict[str, object] = {
        "id": UUID(int=100),
        "name": "Kone Oyj",
        "type": AccountType.COMPANY,
        "status": AccountStatus.CUSTOMER,
        "owner_id": ME,
        "business_unit_id": UNIT,
        "created_at": AT,
        "updated_at": AT,
        **fields,
    }
    return Account(**values)  # type: ignore[arg-type]


# ------------------------------------------------------------------ passivation


def test_a_passive_account_needs_a_reason_and_cannot_be_passivated_twice() -> None:
    a = account()
    with pytest.raises(ValidationFailed):
        a.passivate("   ", AT)
    a.passivate(" Konkurssi  3/2026 ", AT)
    assert (a.is_passive, a.passive_since, a.passive_reason) == (True, AT, "Konkurssi 3/2026")
    with pytest.raises(InvalidTransition) as err:
        a.passivate("Uudestaan", AT)
    assert err.value.allowed == ["reactivation"]
    a.reactivate()
    assert (a.passive_since, a.passive_reason) == (None, None)
    with pytest.raises(InvalidTransition):
        a.reactivate()


def test_the_refusal_names_the_account_the_day_in_helsinki_and_the_reason() -> None:
    refuse_if_passive("Kone Oyj", None, None, "sales projects")  # active: nothing happens
    with pytest.raises(ValidationFailed) as err:
        refuse_if_passive("Kone Oyj", AT, "Konkurssi", "sales projects")
    [error] = err.value.errors
    assert error.loc == ("account_id",)
    assert error.msg == (
        "Kone Oyj has been passive since 2026-03-03 (Konkurssi) and takes no new sales "
        "projects; reactivate the account first."
    )


# ------------------------------------------------------------------ the survivor's values

texts = st.one_of(st.none(), st.just(""), st.text("abc", min_size=1, max_size=3))
ids = st.one_of(st.none(), st.sampled_from([UUID(int=7), UUID(int=8)]))
tags = st.lists(st.sampled_from(["avain", "teollisuus", "julkinen"]), max_size=3, unique=True)
externals = st.lists(
    st.builds(ExternalId, st.sampled_from(["ERP", "BILL", "CRM"]), st.sampled_from(["1", "2"])),
    max_size=3,
    unique_by=lambda e: e.system,
)


def accounts_strategy(account_id: int) -> st.SearchStrategy[Account]:
    return st.builds(
        account,
        id=st.just(UUID(int=account_id)),
        business_id=texts,
        industry_code=texts,
        size_class=st.one_of(st.none(), st.integers(0, 9)),
        region=texts,
        municipality=texts,
        phone=texts,
        email=texts,
        website=texts,
        parent_id=ids,
        account_manager_id=ids,
        tags=tags.map(tuple),
        external_ids=externals.map(tuple),
    )


@given(accounts_strategy(1), accounts_strategy(2))
def test_the_survivor_keeps_its_values_and_takes_the_duplicates_where_its_own_are_empty(
    survivor: Account, duplicate: Account
) -> None:
    values = fill_from(survivor, duplicate)

    def empty(name: str, value: object) -> bool:
        return value in (None, "") or (name == "size_class" and value == 0)

    for name in FILLABLE:
        mine, theirs = getattr(survivor, name), getattr(duplicate, name)
        if empty(name, mine) and not empty(name, theirs):
            assert values[name] == theirs, name
        else:
            assert name not in values, name
    merged_tags = values.get("tags", survivor.tags)
    assert merged_tags[: len(survivor.tags)] == survivor.tags
    assert set(merged_tags) == set(survivor.tags) | set(duplicate.tags)
    merged_ids = values.get("external_ids", survivor.external_ids)
    by_system = {e.system: e.external_id for e in merged_ids}
    assert len(by_system) == len(merged_ids)  # one id per system
    assert by_system == {e.system: e.external_id for e in duplicate.external_ids} | {
        e.system: e.external_id for e in survivor.external_ids
    }


# ------------------------------------------------------------------ the account team


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    fake.directory.units.update({ME: UNIT, COLLEAGUE: UNIT})
    fake.directory.names.update({ME: "Minna", COLLEAGUE: "Kalle", LEAVER: "Lauri"})
    return fake


@pytest.fixture
def rt() -> FakeRuntime:
    return FakeRuntime()


async def _account(uow: FakeUnitOfWork, rt: FakeRuntime) -> Account:
    return await accounts.create_account(uow, rt, owner(), AccountInput(name="Kone Oyj"))


async def test_adding_a_colleague_writes_a_history_line_and_a_new_version(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    a = await _account(uow, rt)
    role = TeamRole(UUID(int=50), "sales", "Myynti", AT, AT)
    await uow.account_team_roles.add(role)
    found = await team.put_member(
        uow,
        rt,
        owner(),
        a.id,
        COLLEAGUE,
        access=TeamAccess.EDIT,
        role_id=role.id,
        expected_version=1,
    )
    assert [(m.user_id, m.access, m.role_id, m.added_by) for m in found.members] == [
        (COLLEAGUE, TeamAccess.EDIT, role.id, ME)
    ]
    assert found.account.version == 2
    [line] = uow.audit.entries[-1].changes
    assert (line.field, line.old_value, line.new_value) == (
        "team_member",
        None,
        {"user_id": str(COLLEAGUE), "name": "Kalle", "role": "sales", "access": "edit"},
    )
    assert uow.audit.changes[-1].data is not None
    assert uow.audit.changes[-1].data["version"] == 2


async def test_the_same_membership_again_changes_nothing(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    a = await _account(uow, rt)
    await team.put_member(
        uow, rt, owner(), a.id, COLLEAGUE, access=TeamAccess.READ, role_id=None, expected_version=1
    )
    commits = uow.commits
    again = await team.put_member(
        uow, rt, owner(), a.id, COLLEAGUE, access=TeamAccess.READ, role_id=None, expected_version=2
    )
    assert (again.account.version, uow.commits) == (2, commits)


async def test_team_changes_are_refused_without_the_right_version_or_privilege_or_to_leavers(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    a = await _account(uow, rt)
    with pytest.raises(StaleVersion):
        await team.put_member(
            uow,
            rt,
            owner(),
            a.id,
            COLLEAGUE,
            access=TeamAccess.READ,
            role_id=None,
            expected_version=7,
        )
    with pytest.raises(Forbidden):
        await team.put_member(
            uow,
            rt,
            owner(COLLEAGUE),
            a.id,
            COLLEAGUE,
            access=TeamAccess.READ,
            role_id=None,
            expected_version=1,
        )
    with pytest.raises(ValidationFailed) as err:
        await team.put_member(
            uow,
            rt,
            owner(),
            a.id,
            LEAVER,
            access=TeamAccess.READ,
            role_id=None,
            expected_version=1,
        )
    assert err.value.errors[0].loc == ("path", "user_id")
    with pytest.raises(NotFound):
        await team.remove_member(uow, rt, owner(), a.id, COLLEAGUE, expected_version=1)


async def test_a_team_has_at_most_fifty_members(uow: FakeUnitOfWork, rt: FakeRuntime) -> None:
    a = await _account(uow, rt)
    version = 1
    for n in range(team.TEAM_LIMIT):
        user = UUID(int=1000 + n)
        uow.directory.units[user] = UNIT
        found = await team.put_member(
            uow,
            rt,
            owner(),
            a.id,
            user,
            access=TeamAccess.READ,
            role_id=None,
            expected_version=version,
        )
        version = found.account.version
    with pytest.raises(ValidationFailed) as err:
        await team.put_member(
            uow,
            rt,
            owner(),
            a.id,
            COLLEAGUE,
            access=TeamAccess.READ,
            role_id=None,
            expected_version=version,
        )
    assert "at most 50" in err.value.errors[0].msg
