"""Lists management asks for: customers with no responsible person (no account manager),
accounts of a class, and (in test_account_team) accounts whose team a user is on."""

from __future__ import annotations

import dataclasses

import pytest

from domain.accounts import AccountClass, AccountInput
from domain.accounts.services import new_account

pytestmark = pytest.mark.api

API = "/api/v1"


async def _names(client, headers, **params) -> list[str]:
    resp = await client.get(f"{API}/accounts", params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return [a["name"] for a in resp.json()["items"]]


async def test_customers_without_an_account_manager(
    client, admin_headers, make_account, make_user
) -> None:
    manager, _ = await make_user("sales")
    await make_account(
        admin_headers, name="Hoidettu Oy", status="customer", account_manager_id=manager["id"]
    )
    await make_account(admin_headers, name="Orpo Oy", status="customer")
    await make_account(admin_headers, name="Prospekti Oy", status="prospect")

    assert await _names(client, admin_headers, without_account_manager="true") == [
        "Orpo Oy",
        "Prospekti Oy",
    ]
    assert await _names(
        client, admin_headers, without_account_manager="true", status="customer"
    ) == ["Orpo Oy"]
    assert await _names(client, admin_headers, without_account_manager="false") == ["Hoidettu Oy"]
    assert await _names(client, admin_headers, account_manager_id=manager["id"]) == ["Hoidettu Oy"]


async def test_accounts_of_a_class(client, admin_headers, container, admin) -> None:
    # The class is set only through its approval flow; the repository stores one here.
    async with container.uow() as uow:
        unit = await uow.directory.business_unit_of(admin.id)
        assert unit is not None
        for name, klass in (("Avain Oy", AccountClass.A), ("Perus Oy", AccountClass.C)):
            account = new_account(container, AccountInput(name=name), admin.id, unit)
            await uow.accounts.add(dataclasses.replace(account, account_class=klass))
        await uow.commit()
    assert await _names(client, admin_headers, account_class="A") == ["Avain Oy"]
    assert await _names(client, admin_headers, account_class="C") == ["Perus Oy"]
    bad = await client.get(f"{API}/accounts", params={"account_class": "D"}, headers=admin_headers)
    assert bad.status_code == 422
