"""The changes feed: an integration sees what changed since its cursor, within its scope."""

from __future__ import annotations

import pytest

from tests.api.service_factories import make_request, make_subject

pytestmark = pytest.mark.api

API = "/api/v1"


async def feed(client, headers, cursor=None, **params) -> dict:
    query = {**params, **({"cursor": cursor} if cursor else {})}
    resp = await client.get(f"{API}/changes", params=query, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()


async def test_the_first_call_returns_everything_and_the_next_only_what_changed_since(
    client, admin_headers, make_account, make_contact
) -> None:
    kone = await make_account(admin_headers, name="Kone Oyj")
    kesko = await make_account(admin_headers, name="Kesko Oyj")
    maija = await make_contact(admin_headers, accounts=[{"account_id": kone["id"]}])
    first = await feed(client, admin_headers)
    assert {(c["entity"], c["id"]) for c in first["items"]} == {
        ("account", kone["id"]),
        ("account", kesko["id"]),
        ("contact", maija["id"]),
    }
    assert first["has_more"] is False
    kone_change = next(c for c in first["items"] if c["id"] == kone["id"])
    assert kone_change["operation"] == "create"
    assert kone_change["data"]["name"] == "Kone Oyj"

    resp = await client.patch(
        f"{API}/accounts/{kesko['id']}",
        json={"status": "customer"},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert resp.status_code == 200
    second = await feed(client, admin_headers, first["next_cursor"])
    assert [(c["entity"], c["id"], c["operation"]) for c in second["items"]] == [
        ("account", kesko["id"], "update")
    ]
    assert second["items"][0]["version"] == 2
    assert second["items"][0]["data"]["status"] == "customer"
    third = await feed(client, admin_headers, second["next_cursor"])
    assert third["items"] == []
    assert third["next_cursor"] == second["next_cursor"]


async def test_a_record_changed_twice_appears_once_with_its_current_state(
    client, admin_headers, make_account
) -> None:
    account = await make_account(admin_headers)
    url = f"{API}/accounts/{account['id']}"
    for version, region in ((1, "Uusimaa"), (2, "Lappi")):
        resp = await client.patch(
            url, json={"region": region}, headers={**admin_headers, "If-Match": f'"{version}"'}
        )
        assert resp.status_code == 200
    items = (await feed(client, admin_headers))["items"]
    assert len(items) == 1
    assert items[0]["version"] == 3
    assert items[0]["data"]["region"] == "Lappi"


async def test_the_feed_pages_with_has_more(client, admin_headers, make_account) -> None:
    made = {(await make_account(admin_headers))["id"] for _ in range(5)}
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        page = await feed(client, admin_headers, cursor, limit=2)
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert sorted(seen) == sorted(made)


async def test_the_feed_can_be_limited_to_one_entity(
    client, admin_headers, make_account, make_contact
) -> None:
    await make_account(admin_headers)
    contact = await make_contact(admin_headers)
    items = (await feed(client, admin_headers, entity="contact"))["items"]
    assert [c["id"] for c in items] == [contact["id"]]


async def test_a_user_without_scope_does_not_see_others_records_in_the_feed(
    client, make_unit, make_user, make_account, make_contact
) -> None:
    unit_a = await make_unit("A")
    unit_b = await make_unit("B")
    _, seller_a = await make_user("sales", unit_a["id"])
    _, seller_b = await make_user("sales", unit_b["id"])
    mine = await make_account(seller_b)
    await make_account(seller_a)
    await make_contact(seller_a)
    items = (await feed(client, seller_b))["items"]
    assert [(c["entity"], c["id"]) for c in items] == [("account", mine["id"])]


async def test_a_bad_feed_cursor_is_422_in_the_query(client, admin_headers) -> None:
    resp = await client.get(f"{API}/changes", params={"cursor": "nope"}, headers=admin_headers)
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["query", "cursor"]


async def test_service_requests_and_activities_are_in_the_feed_within_scope(
    client, admin_headers, make_unit, make_user, make_account
) -> None:
    unit_a = await make_unit("A")
    unit_b = await make_unit("B")
    _, agent_a = await make_user("sales", unit_a["id"])
    _, agent_b = await make_user("sales", unit_b["id"])
    subject = await make_subject(client, admin_headers)
    customer = await make_account(agent_a, name="Asiakas A Oy")
    request = await make_request(client, agent_a, subject["id"], account_id=customer["id"])
    task = await client.post(
        f"{API}/activities",
        json={
            "type": "task",
            "subject": "Soita takaisin",
            "regarding_type": "service_request",
            "regarding_id": request["id"],
        },
        headers=agent_a,
    )
    assert task.status_code == 201, task.text
    mine = {
        (c["entity"], c["id"]): c
        for c in (await feed(client, agent_a, entity=["service_request", "activity"]))["items"]
    }
    assert set(mine) == {("service_request", request["id"]), ("activity", task.json()["id"])}
    assert mine[("service_request", request["id"])]["data"]["number"] == request["number"]
    assert (await feed(client, agent_b, entity=["service_request", "activity"]))["items"] == []
