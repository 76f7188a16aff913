"""Account-team roles: seeded in three languages, maintained by administrators, read by
everyone, deactivated rather than deleted."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.api

API = "/api/v1"
ROLES = f"{API}/account-team-roles"


async def test_everyone_reads_the_seeded_roles_in_their_order(client, make_user) -> None:
    _, headers = await make_user("read-only")
    resp = await client.get(ROLES, headers=headers)
    assert resp.status_code == 200, resp.text
    assert [r["key"] for r in resp.json()["items"]] == [
        "sales",
        "customer_service",
        "training_planner",
        "product_specialist",
        "executive_sponsor",
        "other",
    ]
    sponsor = resp.json()["items"][4]
    assert (sponsor["name"], sponsor["name_en"], sponsor["name_sv"]) == (
        "Johdon yhteyshenkilö",
        "Executive sponsor",
        "Ledningens kontaktperson",
    )


async def test_an_administrator_adds_renames_and_deactivates_a_role(client, admin_headers) -> None:
    created = await client.post(
        ROLES,
        json={"key": "key_account", "name": "Avainasiakasvastaava", "sort_order": 5},
        headers={**admin_headers, "Idempotency-Key": "role-1"},
    )
    assert created.status_code == 201, created.text
    role = created.json()
    assert created.headers["location"].endswith(role["id"])
    replay = await client.post(
        ROLES,
        json={"key": "key_account", "name": "Avainasiakasvastaava", "sort_order": 5},
        headers={**admin_headers, "Idempotency-Key": "role-1"},
    )
    assert replay.json()["id"] == role["id"]
    taken = await client.post(
        ROLES, json={"key": "key_account", "name": "X"}, headers=admin_headers
    )
    assert taken.status_code == 409

    url = f"{ROLES}/{role['id']}"
    renamed = await client.patch(
        url,
        json={"name_en": "Key account manager", "is_active": False},
        headers={**admin_headers, "If-Match": created.headers["etag"]},
    )
    assert renamed.status_code == 200, renamed.text
    assert (renamed.json()["name_en"], renamed.json()["is_active"]) == (
        "Key account manager",
        False,
    )
    stale = await client.patch(
        url, json={"name": "Y"}, headers={**admin_headers, "If-Match": created.headers["etag"]}
    )
    assert stale.status_code == 412
    keyed = await client.patch(
        url,
        json={"key": "other_key"},
        headers={**admin_headers, "If-Match": renamed.headers["etag"]},
    )
    assert keyed.status_code == 422  # the key never changes: integrations rely on it

    active = await client.get(ROLES, params={"active": "true", "limit": 200}, headers=admin_headers)
    assert role["id"] not in {r["id"] for r in active.json()["items"]}
    inactive = await client.get(ROLES, params={"active": "false"}, headers=admin_headers)
    assert [r["id"] for r in inactive.json()["items"]] == [role["id"]]


async def test_only_administrators_change_roles(client, make_user) -> None:
    _, headers = await make_user("manager")
    refused = await client.post(ROLES, json={"key": "mine", "name": "Oma"}, headers=headers)
    assert refused.status_code == 403
    bad = await client.post(ROLES, json={"key": "Not A Key", "name": "X"}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "key"]
