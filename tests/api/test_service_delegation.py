"""Delegation over HTTP: to a user and to a queue, the trail and the at-a-glance columns,
acknowledgement, picking from a queue, notifications, and the reminder job."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from service_factories import (
    API,
    PROBLEM,
    fetch,
    make_general_customer,
    make_queue,
    make_request,
    make_subject,
    notifications_of,
    set_status,
)

from domain import service

pytestmark = pytest.mark.api

SR = f"{API}/service-requests"


@pytest.fixture
async def setup(client, admin_headers, make_user, world):
    """Three service agents in the root unit and a request owned by the first."""
    await make_general_customer(client, admin_headers)
    subject = await make_subject(client, admin_headers)
    alice = await make_user("service", name="Alice Agent")
    bob = await make_user("service", name="Bob Back-office")
    carol = await make_user("service", name="Carol Colleague")
    request = await make_request(client, alice[1], subject["id"], title="Sopimuksen irtisanominen")
    return {
        "subject": subject,
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "request": request,
        "root": str(world.root_id),
    }


async def delegate(client, headers, request_id, **body):
    return await client.post(f"{SR}/{request_id}/delegations", json=body, headers=headers)


async def test_delegating_to_a_user_makes_them_owner_and_notifies_them(client, setup) -> None:
    (alice, alice_h), (bob, bob_h) = setup["alice"], setup["bob"]
    rid = setup["request"]["id"]
    resp = await delegate(client, alice_h, rid, to_user_id=bob["id"], note="Hoidatko tämän?")
    assert resp.status_code == 201, resp.text
    d = resp.json()
    assert (d["status"], d["delegated_by_name"], d["to_user_name"]) == (
        "active",
        "Alice Agent",
        "Bob Back-office",
    )
    assert d["note"] == "Hoidatko tämän?"
    assert d["remind_at"] > d["delegated_at"]
    got = (await fetch(client, alice_h, rid)).json()
    assert got["owner_id"] == bob["id"]
    assert got["owner_name"] == "Bob Back-office"
    assert got["delegated_by_name"] == "Alice Agent"
    assert got["delegated_to_user_name"] == "Bob Back-office"
    assert got["delegated_to_queue_id"] is None
    assert (got["delegation_id"], got["delegation_status"]) == (d["id"], "active")
    notes = await notifications_of(client, bob_h)
    assert [(n["kind"], n["record_id"]) for n in notes] == [("delegated", rid)]
    assert setup["request"]["number"] in notes[0]["title"]
    assert await notifications_of(client, alice_h) == []
    events = (await client.get(f"{SR}/{rid}/events", headers=alice_h)).json()["items"]
    assert events[0]["kind"] == "delegated"
    assert events[0]["data"]["to_user_id"] == bob["id"]
    history = (await client.get(f"{SR}/{rid}/history", headers=alice_h)).json()["items"]
    assert "owner_id" in {h["field"] for h in history}
    listed = await client.get(SR, params={"delegated_by_id": alice["id"]}, headers=bob_h)
    assert [r["id"] for r in listed.json()["items"]] == [rid]
    mine = await client.get(SR, params={"delegated_to_user_id": bob["id"]}, headers=bob_h)
    assert [r["delegated_by_name"] for r in mine.json()["items"]] == ["Alice Agent"]


async def test_delegation_body_and_target_rules(client, setup, make_user) -> None:
    (alice, alice_h), (bob, _) = setup["alice"], setup["bob"]
    rid = setup["request"]["id"]
    both = await delegate(client, alice_h, rid, to_user_id=bob["id"], to_queue_id=bob["id"])
    neither = await delegate(client, alice_h, rid, note="?")
    myself = await delegate(client, alice_h, rid, to_user_id=alice["id"])
    nobody = await delegate(client, alice_h, rid, to_user_id="0190f0f0-0000-7000-8000-000000000000")
    no_queue = await delegate(
        client, alice_h, rid, to_queue_id="0190f0f0-0000-7000-8000-0000000000aa"
    )
    for resp in (both, neither, myself, nobody, no_queue):
        assert resp.status_code == 422, resp.text
        assert resp.headers["content-type"] == PROBLEM
    assert no_queue.json()["errors"][0]["loc"] == ["body", "to_queue_id"]
    await set_status(client, alice_h, rid, "resolved")
    closed = await delegate(client, alice_h, rid, to_user_id=bob["id"])
    assert closed.status_code == 409


async def test_a_new_delegation_supersedes_the_previous_one_and_the_trail_shows_both(
    client, setup
) -> None:
    (_, alice_h), (bob, bob_h), (carol, carol_h) = setup["alice"], setup["bob"], setup["carol"]
    rid = setup["request"]["id"]
    first = (await delegate(client, alice_h, rid, to_user_id=bob["id"])).json()
    second = await delegate(client, bob_h, rid, to_user_id=carol["id"], note="Sinulle")
    assert second.status_code == 201, second.text
    trail = (await client.get(f"{SR}/{rid}/delegations", headers=carol_h)).json()["items"]
    assert [(d["id"], d["status"]) for d in trail] == [
        (second.json()["id"], "active"),
        (first["id"], "superseded"),
    ]
    assert [(d["delegated_by_name"], d["to_user_name"]) for d in trail] == [
        ("Bob Back-office", "Carol Colleague"),
        ("Alice Agent", "Bob Back-office"),
    ]
    late = await client.post(f"{SR}/{rid}/delegations/{first['id']}/acknowledgement", headers=bob_h)
    assert late.status_code == 409


async def test_the_delegatee_acknowledges_and_that_is_the_first_response(client, setup) -> None:
    (_, alice_h), (bob, bob_h), (_, carol_h) = setup["alice"], setup["bob"], setup["carol"]
    rid = setup["request"]["id"]
    d = (await delegate(client, alice_h, rid, to_user_id=bob["id"])).json()
    url = f"{SR}/{rid}/delegations/{d['id']}/acknowledgement"
    refused = await client.post(url, headers=carol_h)
    assert refused.status_code == 403
    ok = await client.post(url, headers=bob_h)
    assert ok.status_code == 200, ok.text
    assert (ok.json()["status"], ok.json()["acknowledged_by_name"]) == (
        "acknowledged",
        "Bob Back-office",
    )
    again = await client.post(url, headers=bob_h)
    assert again.status_code == 200
    assert again.json()["acknowledged_at"] == ok.json()["acknowledged_at"]
    got = (await fetch(client, bob_h, rid)).json()
    assert got["first_response_at"] is not None
    assert got["delegation_status"] == "acknowledged"
    events = (await client.get(f"{SR}/{rid}/events", headers=bob_h)).json()["items"]
    assert [e["kind"] for e in events].count("acknowledged") == 1
    missing = await client.post(
        f"{SR}/{rid}/delegations/0190f0f0-0000-7000-8000-000000000000/acknowledgement",
        headers=bob_h,
    )
    assert missing.status_code == 404


async def test_delegating_to_a_queue_notifies_members_and_a_member_picks_it(
    client, admin_headers, setup
) -> None:
    (alice, alice_h), (bob, bob_h), (carol, carol_h) = setup["alice"], setup["bob"], setup["carol"]
    rid = setup["request"]["id"]
    queue = await make_queue(
        client,
        admin_headers,
        setup["root"],
        [alice["id"], bob["id"], carol["id"]],
        name="Sopimukset",
    )
    resp = await delegate(client, alice_h, rid, to_queue_id=queue["id"], note="Jonoon")
    assert resp.status_code == 201, resp.text
    assert resp.json()["to_queue_name"] == "Sopimukset"
    got = (await fetch(client, alice_h, rid)).json()
    assert (got["owner_id"], got["queue_id"], got["queue_name"]) == (
        alice["id"],
        queue["id"],
        "Sopimukset",
    )
    assert got["delegated_to_queue_name"] == "Sopimukset"
    assert got["delegation_acknowledged_at"] is None
    assert got["delegation_note"] == "Jonoon"
    # Everyone in the queue hears of it except the one who put it there.
    assert [n["kind"] for n in await notifications_of(client, bob_h)] == ["delegated"]
    assert [n["kind"] for n in await notifications_of(client, carol_h)] == ["delegated"]
    assert await notifications_of(client, alice_h) == []
    queues = (await client.get(f"{API}/queues", headers=bob_h)).json()["items"]
    assert [(q["name"], q["open_count"], q["is_member"]) for q in queues] == [
        ("Sopimukset", 1, True)
    ]
    waiting = await client.get(SR, params={"queue_id": queue["id"]}, headers=carol_h)
    assert [r["id"] for r in waiting.json()["items"]] == [rid]

    picked = await client.post(f"{SR}/{rid}/pickup", headers=bob_h)
    assert picked.status_code == 200, picked.text
    body = picked.json()
    assert (body["owner_id"], body["queue_id"], body["delegation_status"]) == (
        bob["id"],
        None,
        "acknowledged",
    )
    assert body["first_response_at"] is not None
    assert body["delegation_acknowledged_at"] is not None
    assert picked.headers["etag"] == f'"{body["version"]}"'
    assert [n["kind"] for n in await notifications_of(client, alice_h)] == ["request_picked"]
    twice = await client.post(f"{SR}/{rid}/pickup", headers=carol_h)
    assert twice.status_code == 409
    trail = (await client.get(f"{SR}/{rid}/delegations", headers=bob_h)).json()["items"]
    assert trail[0]["acknowledged_by_name"] == "Bob Back-office"
    events = (await client.get(f"{SR}/{rid}/events", headers=bob_h)).json()["items"]
    assert events[0]["kind"] == "picked"
    # The log keeps the names as they were, readable without looking anyone up.
    assert (events[0]["data"]["queue_name"], events[0]["data"]["by_name"]) == (
        "Sopimukset",
        "Bob Back-office",
    )
    delegated = next(e for e in events if e["kind"] == "delegated")
    assert delegated["data"]["to_queue_name"] == "Sopimukset"
    assert delegated["data"]["by_name"] == alice["name"]
    queues = (await client.get(f"{API}/queues", headers=bob_h)).json()["items"]
    assert queues[0]["open_count"] == 0

    # The delegator hears of status changes of the request she delegated.
    waiting_info = await set_status(client, bob_h, rid, "waiting_for_information")
    assert waiting_info.status_code == 200
    kinds = [n["kind"] for n in await notifications_of(client, alice_h)]
    assert kinds == ["status_changed", "request_picked"]


async def test_a_non_member_cannot_pick_from_the_queue(client, admin_headers, setup) -> None:
    (alice, alice_h), (bob, bob_h), (_, carol_h) = setup["alice"], setup["bob"], setup["carol"]
    rid = setup["request"]["id"]
    queue = await make_queue(client, admin_headers, setup["root"], [bob["id"]])
    not_queued = await client.post(f"{SR}/{rid}/pickup", headers=bob_h)
    assert not_queued.status_code == 409
    await delegate(client, alice_h, rid, to_queue_id=queue["id"])
    refused = await client.post(f"{SR}/{rid}/pickup", headers=carol_h)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == PROBLEM
    assert (await fetch(client, alice_h, rid)).json()["owner_id"] == alice["id"]


async def test_the_reminder_job_reminds_once_after_the_working_hours(
    client, container, setup
) -> None:
    (_, alice_h), (bob, bob_h) = setup["alice"], setup["bob"]
    rid = setup["request"]["id"]
    d = (await delegate(client, alice_h, rid, to_user_id=bob["id"], note="Muista")).json()
    remind_at = datetime.fromisoformat(d["remind_at"])
    async with container.uow() as uow:
        early = await service.send_due_reminders(uow, container, remind_at - timedelta(minutes=1))
    assert early == 0
    async with container.uow() as uow:
        sent = await service.send_due_reminders(uow, container, remind_at)
    assert sent == 1
    async with container.uow() as uow:
        again = await service.send_due_reminders(uow, container, remind_at + timedelta(days=3))
    assert again == 0
    assert [n["kind"] for n in await notifications_of(client, bob_h)] == [
        "delegation_reminder",
        "delegated",
    ]
    assert [n["kind"] for n in await notifications_of(client, alice_h)] == [
        "delegation_unacknowledged"
    ]
    trail = (await client.get(f"{SR}/{rid}/delegations", headers=bob_h)).json()["items"]
    assert trail[0]["reminded_at"] is not None
    events = (await client.get(f"{SR}/{rid}/events", headers=bob_h)).json()["items"]
    assert events[0]["kind"] == "reminded"


async def test_an_acknowledged_delegation_is_not_reminded(client, container, setup) -> None:
    (_, alice_h), (bob, bob_h) = setup["alice"], setup["bob"]
    rid = setup["request"]["id"]
    d = (await delegate(client, alice_h, rid, to_user_id=bob["id"])).json()
    await client.post(f"{SR}/{rid}/delegations/{d['id']}/acknowledgement", headers=bob_h)
    async with container.uow() as uow:
        sent = await service.send_due_reminders(
            uow, container, datetime.fromisoformat(d["remind_at"]) + timedelta(days=7)
        )
    assert sent == 0
