"""API keys: an integration signs in with a key that acts as its user within its scopes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.api

API = "/api/v1"


@pytest.fixture
async def erp(client, admin_headers, make_user, world):
    """An integration user and a read-only key for it."""
    user, _ = await make_user("integration", world.root_id, name="ERP-integraatio")
    resp = await client.post(
        f"{API}/api-keys",
        json={"name": "ERP", "user_id": user["id"], "scopes": ["account:read", "contact:read"]},
        headers=admin_headers,
    )
    assert resp.status_code == 201, resp.text
    return resp.json()


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def test_a_key_is_shown_once_and_reads_within_its_scopes(
    client, admin_headers, make_account, erp
) -> None:
    assert erp["secret"].startswith(erp["prefix"] + "_")
    account = await make_account(admin_headers, name="Integroitava Oy")
    listed = await client.get(f"{API}/accounts", headers=bearer(erp["secret"]))
    assert listed.status_code == 200
    assert account["id"] in [a["id"] for a in listed.json()["items"]]
    # The integration role may create accounts, but this key's scopes do not include it.
    refused = await client.post(
        f"{API}/accounts", json={"name": "Ei Oy"}, headers=bearer(erp["secret"])
    )
    assert refused.status_code == 403
    shown = await client.get(f"{API}/api-keys/{erp['id']}", headers=admin_headers)
    assert "secret" not in shown.json()
    assert shown.json()["last_used_at"] is not None


async def test_a_wrong_or_malformed_key_is_401(client, erp) -> None:
    wrong = erp["prefix"] + "_" + "x" * 43
    for token in (wrong, "kmp_", "kmp_nope", erp["secret"] + "x"):
        resp = await client.get(f"{API}/accounts", headers=bearer(token))
        assert resp.status_code == 401, token
        assert resp.headers["content-type"].startswith("application/problem+json")


async def test_a_revoked_key_stops_working_at_once(client, admin_headers, erp) -> None:
    assert (await client.get(f"{API}/me", headers=bearer(erp["secret"]))).status_code == 200
    revoked = await client.post(f"{API}/api-keys/{erp['id']}/revocation", headers=admin_headers)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert (await client.get(f"{API}/me", headers=bearer(erp["secret"]))).status_code == 401
    again = await client.post(f"{API}/api-keys/{erp['id']}/revocation", headers=admin_headers)
    assert again.status_code == 409


async def test_an_expired_key_is_refused(client, admin_headers, make_user, world) -> None:
    user, _ = await make_user("integration", world.root_id)
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    body = {"name": "Vanha", "user_id": user["id"], "scopes": ["account:read"], "expires_at": past}
    resp = await client.post(f"{API}/api-keys", json=body, headers=admin_headers)
    assert resp.status_code == 422
    soon = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    key = (
        await client.post(
            f"{API}/api-keys", json={**body, "expires_at": soon}, headers=admin_headers
        )
    ).json()
    assert (await client.get(f"{API}/accounts", headers=bearer(key["secret"]))).status_code == 200
    await asyncio.sleep(1.2)
    assert (await client.get(f"{API}/accounts", headers=bearer(key["secret"]))).status_code == 401


async def test_a_key_reaches_no_further_than_its_user(
    client, admin_headers, make_unit, make_user, make_account
) -> None:
    home, other = await make_unit("Koti"), await make_unit("Muu")
    seller, seller_headers = await make_user("sales", home["id"])
    _, stranger = await make_user("sales", other["id"])
    mine = await make_account(seller_headers, name="Oma Oy")
    theirs = await make_account(stranger, name="Vieras Oy")
    key = (
        await client.post(
            f"{API}/api-keys",
            json={"name": "Mobiili", "user_id": seller["id"], "scopes": ["account:read"]},
            headers=admin_headers,
        )
    ).json()
    seen = await client.get(f"{API}/accounts", headers=bearer(key["secret"]))
    assert seen.status_code == 200, seen.text
    ids = [a["id"] for a in seen.json()["items"]]
    assert mine["id"] in ids
    assert theirs["id"] not in ids


async def test_only_administrators_make_keys_and_scopes_are_checked(
    client, admin_headers, make_user, world
) -> None:
    user, seller_headers = await make_user("sales", world.root_id)
    body = {"name": "Oma", "user_id": user["id"], "scopes": ["account:read"]}
    assert (
        await client.post(f"{API}/api-keys", json=body, headers=seller_headers)
    ).status_code == 403
    bad = await client.post(
        f"{API}/api-keys", json={**body, "scopes": ["account:fly"]}, headers=admin_headers
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "scopes"]


async def test_a_replayed_create_returns_the_key_without_its_secret(
    client, admin_headers, make_user, world
) -> None:
    user, _ = await make_user("integration", world.root_id)
    body = {"name": "Toisto", "user_id": user["id"], "scopes": ["contact:read"]}
    headers = {**admin_headers, "Idempotency-Key": "avain-1"}
    first = await client.post(f"{API}/api-keys", json=body, headers=headers)
    second = await client.post(f"{API}/api-keys", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["secret"]
    assert second.json()["secret"] is None
    assert second.headers["Idempotent-Replayed"] == "true"
