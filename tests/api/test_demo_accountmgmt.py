"""The demo data gives each account-management screen something to show."""

from __future__ import annotations

import pytest

from api.demo import ADMIN_EMAIL, DEMO_PASSWORD, seed_demo

pytestmark = pytest.mark.api

API = "/api/v1"


async def test_the_demo_has_teams_unmanaged_and_passive_accounts_and_a_duplicate(
    client, container, login
) -> None:
    assert (await seed_demo(container, 40, n_requests=0, n_projects=0)).created
    admin = await login(ADMIN_EMAIL, DEMO_PASSWORD)

    async def names(**params) -> list[str]:
        resp = await client.get(f"{API}/accounts", params={"limit": 200, **params}, headers=admin)
        assert resp.status_code == 200, resp.text
        return [a["name"] for a in resp.json()["items"]]

    assert len(await names(passive="true")) == 3
    unmanaged = await names(without_account_manager="true")
    assert len(unmanaged) >= 3
    everyone = (await client.get(f"{API}/users", params={"limit": 200}, headers=admin)).json()
    on_teams = [
        u for u in everyone["items"] if await names(team_member_id=u["id"], include_passive="true")
    ]
    assert on_teams
    duplicate = next(n for n in unmanaged if n.isupper())
    found = await client.get(
        f"{API}/accounts/duplicates", params={"name": duplicate}, headers=admin
    )
    assert len(found.json()["items"]) >= 2  # the duplicate and the account it duplicates
