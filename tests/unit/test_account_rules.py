"""Account and contact use cases on in-memory fakes: duplicates, hierarchy, versions, consent."""

from __future__ import annotations

from uuid import UUID

import pytest
from fakes import FakeRuntime, FakeUnitOfWork

from domain.accounts import AccountInput, AccountLink, ContactInput, ExternalId
from domain.accounts import services as accounts
from domain.shared import (
    Action,
    Conflict,
    Depth,
    NotFound,
    Operation,
    Principal,
    Privilege,
    StaleVersion,
    ValidationFailed,
)

pytestmark = pytest.mark.unit

UNIT = UUID(int=10)
OTHER_UNIT = UUID(int=20)
ME = UUID(int=1)
COLLEAGUE = UUID(int=2)


def crm_principal(
    user_id: UUID = ME, unit: UUID = UNIT, depth: Depth = Depth.BUSINESS_UNIT
) -> Principal:
    return Principal(
        user_id=user_id,
        business_unit_id=unit,
        privileges=Principal.merge(
            Privilege(e, a, depth) for e in ("account", "contact") for a in Action
        ),
    )


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    fake.directory.units.update({ME: UNIT, COLLEAGUE: OTHER_UNIT})
    return fake


@pytest.fixture
def rt() -> FakeRuntime:
    return FakeRuntime()


async def test_a_new_account_is_owned_by_its_creator_in_the_creators_unit(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    account = await accounts.create_account(
        uow, rt, crm_principal(), AccountInput(name="  Kone   Oyj ", phone="040 123 4567")
    )
    assert (account.owner_id, account.business_unit_id) == (ME, UNIT)
    assert account.name == "Kone Oyj"
    assert account.phone == "+358401234567"
    assert account.version == 1
    assert uow.commits == 1
    assert [c.operation for c in uow.audit.changes] == [Operation.CREATE]


async def test_a_second_account_with_the_same_business_id_is_a_conflict_naming_the_first(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    first = await accounts.create_account(
        uow, rt, crm_principal(), AccountInput(name="Kone Oyj", business_id="0112038-9")
    )
    with pytest.raises(Conflict) as err:
        await accounts.create_account(
            uow, rt, crm_principal(), AccountInput(name="KONE", business_id="01120389")
        )
    assert err.value.existing_id == first.id
    assert len(uow.accounts.rows) == 1


async def test_a_conflict_with_an_invisible_account_does_not_reveal_its_name(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    await accounts.create_account(
        uow,
        rt,
        crm_principal(COLLEAGUE, OTHER_UNIT),
        AccountInput(name="Salainen Oy", business_id="0112038-9"),
    )
    with pytest.raises(Conflict) as err:
        await accounts.create_account(
            uow, rt, crm_principal(), AccountInput(name="X", business_id="0112038-9")
        )
    assert "Salainen" not in err.value.detail
    assert err.value.existing_id is not None


async def test_an_external_id_belongs_to_one_account_only(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    erp = ExternalId("erp", "C-1")
    first = await accounts.create_account(
        uow, rt, crm_principal(), AccountInput(name="A", external_ids=(erp,))
    )
    with pytest.raises(Conflict) as err:
        await accounts.create_account(
            uow, rt, crm_principal(), AccountInput(name="B", external_ids=(erp,))
        )
    assert err.value.existing_id == first.id
    with pytest.raises(ValidationFailed):
        await accounts.create_account(
            uow,
            rt,
            crm_principal(),
            AccountInput(name="C", external_ids=(ExternalId("crm", "1"), ExternalId("crm", "2"))),
        )


async def test_an_account_cannot_become_its_own_ancestor(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    p = crm_principal()
    group = await accounts.create_account(uow, rt, p, AccountInput(name="Konserni"))
    sub = await accounts.create_account(uow, rt, p, AccountInput(name="Tytär", parent_id=group.id))
    grandchild = await accounts.create_account(
        uow, rt, p, AccountInput(name="Lapsenlapsi", parent_id=sub.id)
    )
    for new_parent in (grandchild.id, sub.id):
        with pytest.raises(ValidationFailed) as err:
            await accounts.update_account(uow, rt, p, group.id, {"parent_id": new_parent}, 1)
        assert err.value.errors[0].loc == ("parent_id",)
    with pytest.raises(ValidationFailed):
        await accounts.update_account(uow, rt, p, group.id, {"parent_id": group.id}, 1)
    assert uow.accounts.rows[group.id].parent_id is None


async def test_editing_a_stale_version_is_refused(uow: FakeUnitOfWork, rt: FakeRuntime) -> None:
    p = crm_principal()
    account = await accounts.create_account(uow, rt, p, AccountInput(name="Kone Oyj"))
    updated = await accounts.update_account(uow, rt, p, account.id, {"region": "Uusimaa"}, 1)
    assert updated.version == 2
    with pytest.raises(StaleVersion) as err:
        await accounts.update_account(uow, rt, p, account.id, {"region": "Pirkanmaa"}, 1)
    assert (err.value.expected, err.value.actual) == (1, 2)
    assert uow.accounts.rows[account.id].region == "Uusimaa"


async def test_an_update_that_changes_nothing_makes_no_new_version_and_no_history(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    p = crm_principal()
    account = await accounts.create_account(
        uow, rt, p, AccountInput(name="Kone Oyj", phone="+358401234567", region="Uusimaa")
    )
    commits = uow.commits
    same = await accounts.update_account(
        uow,
        rt,
        p,
        account.id,
        {"name": " Kone  Oyj", "phone": "040 123 4567", "region": "Uusimaa"},
        1,
    )
    assert same.version == 1
    assert uow.commits == commits
    assert len(uow.audit.entries) == 1  # only the create


async def test_an_update_records_each_changed_field_with_old_and_new_value(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    p = crm_principal()
    account = await accounts.create_account(uow, rt, p, AccountInput(name="Kone Oyj"))
    rt.clock.advance(minutes=5)
    updated = await accounts.update_account(
        uow, rt, p, account.id, {"region": "Uusimaa", "status": "customer"}, 1
    )
    entry = uow.audit.entries[-1]
    assert entry.operation is Operation.UPDATE
    assert entry.changed_by == ME
    assert {(c.field, c.old_value, c.new_value) for c in entry.changes} == {
        ("region", None, "Uusimaa"),
        ("status", "prospect", "customer"),
    }
    assert updated.updated_at == rt.clock.now()


async def test_a_record_outside_the_callers_scope_is_not_found_rather_than_forbidden(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    theirs = await accounts.create_account(
        uow, rt, crm_principal(COLLEAGUE, OTHER_UNIT), AccountInput(name="Muiden Oy")
    )
    with pytest.raises(NotFound):
        await accounts.get_account(uow, crm_principal(), theirs.id)
    with pytest.raises(NotFound):
        await accounts.update_account(uow, rt, crm_principal(), theirs.id, {"region": "X"}, 1)


async def test_duplicate_candidates_match_on_normalised_name_within_scope(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    p = crm_principal()
    kone = await accounts.create_account(uow, rt, p, AccountInput(name="Kone Oyj"))
    await accounts.create_account(uow, rt, p, AccountInput(name="Kesko Oyj"))
    await accounts.create_account(
        uow, rt, crm_principal(COLLEAGUE, OTHER_UNIT), AccountInput(name="KONE Ab")
    )
    found = await accounts.find_duplicates(uow, p, name="kone", business_id=None)
    assert [a.id for a in found] == [kone.id]


# ------------------------------------------------------------------ marketing consent


async def test_consent_without_a_source_is_refused(uow: FakeUnitOfWork, rt: FakeRuntime) -> None:
    with pytest.raises(ValidationFailed) as err:
        await accounts.create_contact(
            uow, rt, crm_principal(), ContactInput("Maija", "M", marketing_consent=True)
        )
    assert err.value.errors[0].loc == ("marketing_consent_source",)


async def test_consent_given_at_create_is_stamped_with_time_and_source(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    contact = await accounts.create_contact(
        uow,
        rt,
        crm_principal(),
        ContactInput("Maija", "M", marketing_consent=True, marketing_consent_source="web form"),
    )
    assert contact.marketing_consent_at == rt.clock.now()
    assert contact.marketing_consent_source == "web form"


async def test_no_consent_at_create_has_no_timestamp(uow: FakeUnitOfWork, rt: FakeRuntime) -> None:
    contact = await accounts.create_contact(uow, rt, crm_principal(), ContactInput("Matti", "M"))
    assert contact.marketing_consent is False
    assert contact.marketing_consent_at is None


async def test_withdrawing_consent_is_stamped_and_repeating_it_keeps_the_original_time(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    p = crm_principal()
    contact = await accounts.create_contact(
        uow,
        rt,
        p,
        ContactInput("Maija", "M", marketing_consent=True, marketing_consent_source="event"),
    )
    given_at = contact.marketing_consent_at
    rt.clock.advance(days=1)
    same = await accounts.update_contact(uow, rt, p, contact.id, {"marketing_consent": True}, 1)
    assert same.marketing_consent_at == given_at
    assert same.version == 1
    rt.clock.advance(days=1)
    withdrawn = await accounts.update_contact(
        uow, rt, p, contact.id, {"marketing_consent": False}, 1
    )
    assert withdrawn.marketing_consent is False
    assert withdrawn.marketing_consent_at == rt.clock.now()
    with pytest.raises(ValidationFailed):
        await accounts.update_contact(uow, rt, p, contact.id, {"marketing_consent": True}, 2)


async def test_a_contact_links_to_an_account_once_and_only_to_visible_accounts(
    uow: FakeUnitOfWork, rt: FakeRuntime
) -> None:
    p = crm_principal()
    mine = await accounts.create_account(uow, rt, p, AccountInput(name="Oma Oy"))
    theirs = await accounts.create_account(
        uow, rt, crm_principal(COLLEAGUE, OTHER_UNIT), AccountInput(name="Muiden Oy")
    )
    contact = await accounts.create_contact(
        uow, rt, p, ContactInput("Maija", "M", accounts=(AccountLink(mine.id, "CEO"),))
    )
    assert contact.accounts == (AccountLink(mine.id, "CEO"),)
    with pytest.raises(ValidationFailed):
        await accounts.create_contact(
            uow,
            rt,
            p,
            ContactInput("A", "B", accounts=(AccountLink(mine.id), AccountLink(mine.id))),
        )
    with pytest.raises(ValidationFailed) as err:
        await accounts.create_contact(
            uow, rt, p, ContactInput("A", "B", accounts=(AccountLink(theirs.id),))
        )
    assert err.value.errors[0].loc == ("accounts", 0, "account_id")
