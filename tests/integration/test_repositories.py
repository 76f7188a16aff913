"""Repositories store and load whole entities; a unit of work saves all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import cycle
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError

from domain.accounts import (
    AccountInput,
    AccountLink,
    AccountStatus,
    Address,
    Contact,
    ExternalId,
    Language,
)
from domain.accounts.services import new_account
from domain.shared import Action, Depth, PageRequest, Principal, SortKey, StaleVersion
from persistence.queries.accounts import AccountFilters, list_accounts

pytestmark = pytest.mark.integration


class FixedClock:
    """Hands out a few repeating moments, so that many rows share a sort value."""

    def __init__(self, moments: list[datetime]) -> None:
        self._moments = cycle(moments)

    def now(self) -> datetime:
        return next(self._moments)


class Runtime:
    def __init__(self, container, clock=None) -> None:
        self.clock = clock or container.clock
        self.ids = container.ids


def full_account(container, admin, world, **overrides):
    data = AccountInput(
        name="Kone Oyj",
        status=AccountStatus.CUSTOMER,
        business_id="0112038-9",
        industry_code="28220",
        size_class=7,
        region="Uusimaa",
        municipality="Espoo",
        visiting_address=Address("Keilasatama 3", "02150", "Espoo"),
        postal_address=Address(None, "00101", "Helsinki", "FI"),
        billing_address=Address("PL 1", "10101", "Stockholm", "SE"),
        phone="+358204751",
        email="info@kone.com",
        website="https://www.kone.fi",
        tags=("avainasiakas", "teollisuus"),
        external_ids=(ExternalId("erp", "C-100"), ExternalId("billing", "9001")),
    )
    for key, value in overrides.items():
        data = AccountInput(**{**vars(data), key: value})
    return new_account(Runtime(container), data, admin.id, world.root_id)


async def test_an_account_with_addresses_tags_and_external_ids_round_trips(
    container, admin, world
) -> None:
    account = full_account(container, admin, world)
    async with container.uow() as uow:
        await uow.accounts.add(account)
        await uow.commit()
    async with container.uow() as uow:
        loaded = await uow.accounts.get(account.id)
        by_bid = await uow.accounts.by_business_id("0112038-9")
        by_ext = await uow.accounts.by_external_id(ExternalId("billing", "9001"))
    assert loaded is not None
    assert sorted(loaded.external_ids, key=lambda e: e.system) == sorted(
        account.external_ids, key=lambda e: e.system
    )
    assert loaded == type(account)(**{**vars(account), "external_ids": loaded.external_ids})
    assert by_bid is not None
    assert by_bid.id == account.id
    assert by_ext is not None
    assert by_ext.id == account.id


async def test_an_account_update_replaces_external_ids_and_bumps_the_version(
    container, admin, world
) -> None:
    account = full_account(container, admin, world)
    async with container.uow() as uow:
        await uow.accounts.add(account)
        await uow.commit()
    account.external_ids = (ExternalId("erp", "C-200"),)
    account.tags = ()
    account.version = 2
    async with container.uow() as uow:
        await uow.accounts.update(account, expected_version=1)
        await uow.commit()
    async with container.uow() as uow:
        loaded = await uow.accounts.get(account.id)
        assert await uow.accounts.by_external_id(ExternalId("erp", "C-100")) is None
    assert loaded is not None
    assert loaded.external_ids == (ExternalId("erp", "C-200"),)
    assert loaded.tags == ()
    assert loaded.version == 2


async def test_a_contact_with_account_links_round_trips(container, admin, world) -> None:
    a = full_account(container, admin, world)
    b = full_account(container, admin, world, name="Kesko", business_id=None, external_ids=())
    now = datetime.now(UTC)
    contact = Contact(
        id=container.ids.new_id(),
        first_name="Maija",
        last_name="Meikäläinen",
        owner_id=admin.id,
        business_unit_id=world.root_id,
        created_at=now,
        updated_at=now,
        title="Toimitusjohtaja",
        email="maija@kone.com",
        phone="+358401234567",
        preferred_language=Language.SV,
        marketing_consent=True,
        marketing_consent_at=now,
        marketing_consent_source="messu",
        accounts=(AccountLink(a.id, "CEO"), AccountLink(b.id, None)),
    )
    async with container.uow() as uow:
        await uow.accounts.add(a)
        await uow.accounts.add(b)
        await uow.contacts.add(contact)
        await uow.commit()
    async with container.uow() as uow:
        loaded = await uow.contacts.get(contact.id)
    assert loaded is not None
    assert sorted(loaded.accounts, key=lambda link: str(link.account_id)) == sorted(
        contact.accounts, key=lambda link: str(link.account_id)
    )
    assert loaded == Contact(**{**vars(contact), "accounts": loaded.accounts})
    assert loaded.marketing_consent_at == now
    assert loaded.marketing_consent_at.tzinfo is not None


async def test_leaving_a_unit_of_work_without_commit_saves_nothing(container, admin, world) -> None:
    account = full_account(container, admin, world)
    async with container.uow() as uow:
        await uow.accounts.add(account)
        assert await uow.accounts.get(account.id) is not None  # visible inside the transaction
    async with container.uow() as uow:
        assert await uow.accounts.get(account.id) is None


async def test_a_failure_half_way_leaves_nothing_half_saved(container, admin, world) -> None:
    first = full_account(container, admin, world)
    clash = full_account(container, admin, world, name="Kopio", external_ids=())  # same business ID

    async def save_both() -> None:
        async with container.uow() as uow:
            await uow.accounts.add(first)
            await uow.accounts.add(clash)  # the unique business ID stops the transaction here
            await uow.commit()

    with pytest.raises(IntegrityError):
        await save_both()
    async with container.uow() as uow:
        assert await uow.accounts.get(first.id) is None
        assert await uow.accounts.by_external_id(ExternalId("erp", "C-100")) is None


async def test_an_update_with_a_stale_version_changes_nothing(container, admin, world) -> None:
    account = full_account(container, admin, world)
    async with container.uow() as uow:
        await uow.accounts.add(account)
        await uow.commit()
    account.region = "Lappi"

    async def save_stale() -> None:
        async with container.uow() as uow:
            await uow.accounts.update(account, expected_version=7)
            await uow.commit()

    with pytest.raises(StaleVersion):
        await save_stale()
    async with container.uow() as uow:
        loaded = await uow.accounts.get(account.id)
    assert loaded is not None
    assert loaded.region == "Uusimaa"


READER = Principal(
    user_id=UUID(int=0),
    business_unit_id=UUID(int=0),
    privileges={("account", Action.READ): Depth.ORGANISATION},
)
BASE = datetime(2025, 1, 1, tzinfo=UTC)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    names=st.lists(st.sampled_from(["a", "A", "b", "Ä", "ab", "B ", "c"]), min_size=0, max_size=14),
    moments=st.integers(min_value=1, max_value=3),
    limit=st.integers(min_value=1, max_value=5),
    sort=st.sampled_from(["name", "-name", "updated_at", "-updated_at", "created_at"]),
)
async def test_keyset_paging_never_repeats_or_skips_a_row(
    container, admin, world, names, moments, limit, sort
) -> None:
    clock = FixedClock([BASE + timedelta(seconds=i) for i in range(moments)])
    rt = Runtime(container, clock)
    made = [new_account(rt, AccountInput(name=name), admin.id, world.root_id) for name in names]
    async with container.uow() as uow:  # never committed: each example leaves nothing behind
        await uow.accounts.add_many(made)
        seen: list = []
        cursor = None
        for _ in range(len(made) + 2):
            page = await list_accounts(
                uow.session,
                READER,
                AccountFilters(),
                PageRequest(
                    limit=limit,
                    cursor=cursor,
                    sort=SortKey.parse(sort, ("name", "updated_at", "created_at")),
                ),
            )
            assert len(page.items) <= limit
            seen += page.items
            cursor = page.next_cursor
            if cursor is None:
                break
    ids = [a.id for a in seen]
    assert len(ids) == len(set(ids))
    assert set(ids) == {a.id for a in made}
    field = sort.lstrip("-")

    def key(a):
        return (a.name.casefold() if field == "name" else getattr(a, field), a.id)

    assert ids == [a.id for a in sorted(made, key=key, reverse=sort.startswith("-"))]
