"""A user's supervisor (users.manager_id): another active user, and no loops."""

from __future__ import annotations

import pytest

from tests.api.lead_factories import API, ok

pytestmark = pytest.mark.api


async def patch_manager(client, admin_headers, user_id: str, manager_id: str | None):
    current = await client.get(f"{API}/users/{user_id}", headers=admin_headers)
    return await client.patch(
        f"{API}/users/{user_id}",
        json={"manager_id": manager_id},
        headers={**admin_headers, "If-Match": current.headers["etag"]},
    )


async def test_a_supervisor_is_another_active_user_without_loops(
    client, admin_headers, make_user
) -> None:
    boss, _ = await make_user("manager", name="Pomo")
    seller, _ = await make_user("sales", name="Myyjä")
    assert (await ok(await patch_manager(client, admin_headers, seller["id"], boss["id"])))[
        "manager_id"
    ] == boss["id"]
    for target, manager in ((seller["id"], seller["id"]), (boss["id"], seller["id"])):
        resp = await patch_manager(client, admin_headers, target, manager)
        assert resp.status_code == 422, resp.text
        assert resp.json()["errors"][0]["loc"] == ["body", "manager_id"]
    cleared = await ok(await patch_manager(client, admin_headers, seller["id"], None))
    assert cleared["manager_id"] is None
    off = await patch_manager(client, admin_headers, boss["id"], None)
    assert off.status_code == 200
    current = await client.get(f"{API}/users/{boss['id']}", headers=admin_headers)
    await ok(
        await client.patch(
            f"{API}/users/{boss['id']}",
            json={"is_active": False},
            headers={**admin_headers, "If-Match": current.headers["etag"]},
        )
    )
    inactive = await patch_manager(client, admin_headers, seller["id"], boss["id"])
    assert inactive.status_code == 422
    created = await client.post(
        f"{API}/users",
        json={
            "email": "uusi.myyja@testi.kumppani.fi",
            "name": "Uusi Myyjä",
            "password": "correct-horse-battery-staple",
            "business_unit_id": seller["business_unit_id"],
            "manager_id": seller["id"],
        },
        headers=admin_headers,
    )
    assert (await ok(created, 201))["manager_id"] == seller["id"]
