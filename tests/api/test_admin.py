"""Admin screens' API: business units, teams, roles and users, with ETags and their rules."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.api

API = "/api/v1"


async def patch(client, url, headers, body, etag):
    return await client.patch(url, json=body, headers={**headers, "If-Match": etag})


async def test_a_business_unit_cannot_move_below_its_own_child(
    client, admin_headers, make_unit
) -> None:
    parent = await make_unit("Energia")
    child = await make_unit("Energia / Myynti", parent["id"])
    resp = await patch(
        client,
        f"{API}/business-units/{parent['id']}",
        admin_headers,
        {"parent_id": child["id"]},
        '"1"',
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["body", "parent_id"]


async def test_an_edit_that_changes_nothing_keeps_the_version(
    client, admin_headers, make_unit
) -> None:
    unit = await make_unit("Teollisuus")
    url = f"{API}/business-units/{unit['id']}"
    same = await patch(client, url, admin_headers, {"name": "Teollisuus"}, '"1"')
    assert same.status_code == 200
    assert same.headers["ETag"] == '"1"'
    renamed = await patch(client, url, admin_headers, {"name": "Teollisuus Oy"}, '"1"')
    assert renamed.status_code == 200
    assert renamed.headers["ETag"] == '"2"'
    stale = await patch(client, url, admin_headers, {"name": "Vanha"}, '"1"')
    assert stale.status_code == 412


async def test_team_members_show_on_the_user(client, admin_headers, make_unit, make_user) -> None:
    unit = await make_unit()
    seller, _ = await make_user("sales", unit["id"])
    resp = await client.post(
        f"{API}/teams",
        json={"name": "Myyntitiimi", "business_unit_id": unit["id"], "member_ids": [seller["id"]]},
        headers=admin_headers,
    )
    assert resp.status_code == 201, resp.text
    team = resp.json()
    assert team["member_ids"] == [seller["id"]]
    user = (await client.get(f"{API}/users/{seller['id']}", headers=admin_headers)).json()
    assert user["team_ids"] == [team["id"]]


async def test_user_emails_are_unique_whatever_their_case(
    client, admin_headers, make_user, world
) -> None:
    seller, _ = await make_user("sales")
    body = {
        "email": seller["email"].upper(),
        "name": "Toinen",
        "password": "salasana-123",
        "business_unit_id": str(world.root_id),
        "role_ids": [],
    }
    resp = await client.post(f"{API}/users", json=body, headers=admin_headers)
    assert resp.status_code == 409
    assert resp.json()["existing_id"] == seller["id"]


async def test_a_seller_cannot_create_users_or_roles(client, make_user, world) -> None:
    _, seller_headers = await make_user("sales")
    body = {
        "email": "uusi@testi.kumppani.fi",
        "name": "Uusi",
        "password": "salasana-123",
        "business_unit_id": str(world.root_id),
        "role_ids": [],
    }
    assert (await client.post(f"{API}/users", json=body, headers=seller_headers)).status_code == 403
    role = {"name": "kaikki", "privileges": []}
    assert (await client.post(f"{API}/roles", json=role, headers=seller_headers)).status_code == 403


async def test_a_new_role_takes_effect_on_the_users_next_request(
    client, admin_headers, make_user, make_account, role_id
) -> None:
    seller, seller_headers = await make_user("sales")
    await make_account(seller_headers)  # sales may create accounts
    resp = await patch(
        client,
        f"{API}/users/{seller['id']}",
        admin_headers,
        {"role_ids": [await role_id("read-only")]},
        f'"{seller["version"]}"',
    )
    assert resp.status_code == 200, resp.text
    refused = await client.post(f"{API}/accounts", json={"name": "Ei Oy"}, headers=seller_headers)
    assert refused.status_code == 403


async def test_deactivating_a_user_ends_their_sessions_at_once(
    client, admin_headers, make_user
) -> None:
    email_user, _ = await make_user("sales")
    tokens = (
        await client.post(
            f"{API}/auth/token", json={"email": email_user["email"], "password": PASSWORD}
        )
    ).json()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await client.get(f"{API}/me", headers=headers)).status_code == 200
    resp = await patch(
        client,
        f"{API}/users/{email_user['id']}",
        admin_headers,
        {"is_active": False},
        f'"{email_user["version"]}"',
    )
    assert resp.status_code == 200, resp.text
    assert (await client.get(f"{API}/me", headers=headers)).status_code == 401
    refreshed = await client.post(
        f"{API}/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 401


async def test_an_administrator_cannot_take_away_their_own_admin_role(
    client, admin, admin_headers, role_id
) -> None:
    me = (await client.get(f"{API}/users/{admin.id}", headers=admin_headers)).json()
    resp = await patch(
        client,
        f"{API}/users/{admin.id}",
        admin_headers,
        {"role_ids": [await role_id("sales")]},
        f'"{me["version"]}"',
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["body", "role_ids"]
    still = await client.get(f"{API}/me", headers=admin_headers)
    assert still.json()["is_admin"] is True
