"""Who sees a service request: another unit's user sees nothing of it through any endpoint;
a member of the queue it waits in sees it whatever their unit, and picks it into their own."""

from __future__ import annotations

import pytest
from service_factories import API, PROBLEM, fetch, make_queue, make_request, make_subject

pytestmark = pytest.mark.api

SR = f"{API}/service-requests"
NOBODY = "0190f0f0-0000-7000-8000-000000000000"


@pytest.fixture
async def units(client, admin_headers, make_unit, make_user, make_account):
    unit_a = await make_unit("Yksikkö A")
    unit_b = await make_unit("Yksikkö B")
    a_user, a_headers = await make_user("sales", unit_a["id"], name="Aino A")
    b_user, b_headers = await make_user("sales", unit_b["id"], name="Bertta B")
    subject = await make_subject(client, admin_headers)
    account = await make_account(a_headers, name="Salainen Oy")
    request = await make_request(
        client, a_headers, subject["id"], account_id=account["id"], title="Salainen asia"
    )
    return {
        "a": (a_user, a_headers),
        "b": (b_user, b_headers),
        "unit_a": unit_a,
        "unit_b": unit_b,
        "request": request,
    }


def endpoints(rid: str, delegation_id: str = NOBODY) -> list[tuple[str, str, dict | None]]:
    return [
        ("GET", f"{SR}/{rid}", None),
        ("PATCH", f"{SR}/{rid}", {"priority": "high"}),
        ("POST", f"{SR}/{rid}/status", {"status_reason": "on_hold"}),
        ("POST", f"{SR}/{rid}/reopening", {"note": "Uudelleen"}),
        ("GET", f"{SR}/{rid}/events", None),
        ("POST", f"{SR}/{rid}/comments", {"note": "Kommentti"}),
        ("GET", f"{SR}/{rid}/history", None),
        ("GET", f"{SR}/{rid}/delegations", None),
        ("POST", f"{SR}/{rid}/delegations", {"to_user_id": NOBODY}),
        ("POST", f"{SR}/{rid}/delegations/{delegation_id}/acknowledgement", None),
        ("POST", f"{SR}/{rid}/pickup", None),
    ]


async def test_another_units_user_gets_404_on_every_endpoint(client, units) -> None:
    _, b_headers = units["b"]
    _, a_headers = units["a"]
    rid = units["request"]["id"]
    for method, url, body in endpoints(rid):
        resp = await client.request(
            method, url, json=body, headers={**b_headers, "If-Match": '"1"'}
        )
        assert resp.status_code == 404, f"{method} {url}: {resp.status_code} {resp.text}"
        assert resp.headers["content-type"] == PROBLEM
        assert "Salainen" not in resp.text
    listed = await client.get(SR, params={"q": "Salainen"}, headers=b_headers)
    assert listed.json()["items"] == []
    # Nothing changed on the way.
    got = (await fetch(client, a_headers, rid)).json()
    assert (got["version"], got["priority"]) == (1, "normal")
    events = (await client.get(f"{SR}/{rid}/events", headers=a_headers)).json()["items"]
    assert [e["kind"] for e in events] == ["created"]


async def test_a_queue_member_outside_the_unit_reads_and_picks_what_waits_in_the_queue(
    client, admin_headers, units
) -> None:
    (_, a_headers), (b_user, b_headers) = units["a"], units["b"]
    rid = units["request"]["id"]
    queue = await make_queue(client, admin_headers, units["unit_a"]["id"], [b_user["id"]])
    delegated = await client.post(
        f"{SR}/{rid}/delegations", json={"to_queue_id": queue["id"]}, headers=a_headers
    )
    assert delegated.status_code == 201, delegated.text
    got = await fetch(client, b_headers, rid)
    assert got.status_code == 200
    assert got.json()["account_name"] == "Salainen Oy"
    for path in ("events", "delegations", "history"):
        assert (await client.get(f"{SR}/{rid}/{path}", headers=b_headers)).status_code == 200
    listed = await client.get(SR, headers=b_headers)
    assert [r["id"] for r in listed.json()["items"]] == [rid]
    # Reading is not editing: the member's update privilege reaches only what they own.
    patch = await client.patch(
        f"{SR}/{rid}", json={"priority": "high"}, headers={**b_headers, "If-Match": '"2"'}
    )
    assert patch.status_code == 403
    comment = await client.post(f"{SR}/{rid}/comments", json={"note": "Katson"}, headers=b_headers)
    assert comment.status_code == 201
    picked = await client.post(f"{SR}/{rid}/pickup", headers=b_headers)
    assert picked.status_code == 200, picked.text
    body = picked.json()
    assert (body["owner_id"], body["business_unit_id"]) == (b_user["id"], units["unit_b"]["id"])
    # Now it is unit B's: the unit-A sales user no longer reaches it, the picker still does.
    assert (await fetch(client, a_headers, rid)).status_code == 404
    assert (await fetch(client, b_headers, rid)).status_code == 200


async def test_leaving_the_queue_takes_away_what_it_showed(client, admin_headers, units) -> None:
    (_, a_headers), (b_user, b_headers) = units["a"], units["b"]
    rid = units["request"]["id"]
    queue = await make_queue(client, admin_headers, units["unit_a"]["id"], [b_user["id"]])
    await client.post(
        f"{SR}/{rid}/delegations", json={"to_queue_id": queue["id"]}, headers=a_headers
    )
    assert (await fetch(client, b_headers, rid)).status_code == 200
    removed = await client.put(
        f"{API}/queues/{queue['id']}/members", json={"user_ids": []}, headers=admin_headers
    )
    assert removed.status_code == 200
    assert (await fetch(client, b_headers, rid)).status_code == 404
    assert (await client.post(f"{SR}/{rid}/pickup", headers=b_headers)).status_code == 404
