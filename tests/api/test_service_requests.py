"""Service requests over HTTP: create (with the general customer fallback and idempotency),
edit with ETags, status transitions and reopening, the log, history, lists and search."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from service_factories import (
    API,
    PROBLEM,
    fetch,
    make_general_customer,
    make_request,
    make_subject,
    set_status,
)

pytestmark = pytest.mark.api

SR = f"{API}/service-requests"


@pytest.fixture
async def subject(client, admin_headers):
    return await make_subject(client, admin_headers, name="Laskutus", name_en="Billing")


@pytest.fixture
async def agent(make_user):
    """A customer service agent in the root unit."""
    return await make_user("service", name="Sari Service")


async def test_creating_a_request_returns_it_with_a_case_number_names_and_etag(
    client, agent, subject, make_account, make_contact
) -> None:
    user, headers = agent
    account = await make_account(headers, name="Kone Oyj")
    contact = await make_contact(headers, accounts=[{"account_id": account["id"]}])
    resp = await client.post(
        SR,
        json={
            "title": "  Laskussa   väärä summa ",
            "subject_id": subject["id"],
            "origin": "phone_call",
            "account_id": account["id"],
            "contact_id": contact["id"],
            "caller_phone": "040 123 4567",
            "caller_email": "Maija@Example.FI",
            "business_id": "01120389",
            "service_channel": "phone",
            "usage_point": "643000000000123456",
            "billing_status": "pending",
        },
        headers=headers,
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    year = datetime.now(UTC).year
    assert re.fullmatch(rf"PP-({year}|{year + 1})-000001", body["number"])
    assert resp.headers["etag"] == '"1"'
    assert resp.headers["location"] == f"{SR}/{body['id']}"
    assert body["title"] == "Laskussa väärä summa"
    assert body["caller_phone"] == "+358401234567"
    assert body["caller_email"] == "maija@example.fi"
    assert body["business_id"] == "0112038-9"
    assert (body["status_reason"], body["state"], body["priority"]) == (
        "in_progress",
        "open",
        "normal",
    )
    assert body["request_type"] == "general"
    assert body["account_name"] == "Kone Oyj"
    assert body["subject_name"] == "Laskutus"
    assert body["owner_id"] == user["id"]
    assert body["owner_name"] == "Sari Service"
    assert body["contact_name"].startswith("Maija ")
    assert body["first_response_at"] is None
    assert body["resolved_at"] is None
    assert "resolved" in body["allowed_transitions"]
    assert "in_progress" not in body["allowed_transitions"]
    got = await fetch(client, headers, body["id"])
    assert got.status_code == 200
    assert got.json() == body
    second = await make_request(client, headers, subject["id"], account_id=account["id"])
    assert int(second["number"][-6:]) == int(body["number"][-6:]) + 1


async def test_an_unknown_caller_goes_to_the_general_customer_by_name(
    client, admin_headers, agent, subject
) -> None:
    _, headers = agent
    refused = await client.post(
        SR,
        json={"title": "Soitto", "subject_id": subject["id"], "origin": "phone_call"},
        headers=headers,
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"] == PROBLEM
    assert [e["loc"] for e in refused.json()["errors"]] == [["body", "account_id"]]
    general = await make_general_customer(client, admin_headers)
    created = await make_request(client, headers, subject["id"], caller_name="Matti Meikäläinen")
    assert created["account_id"] == general["id"]
    assert created["account_name"] == "_Asiakaspalvelun yleisasiakas"
    assert created["caller_name"] == "Matti Meikäläinen"


async def test_the_configured_general_customer_wins_over_the_name(
    client, admin_headers, agent, subject, make_account, container, monkeypatch
) -> None:
    _, headers = agent
    await make_general_customer(client, admin_headers)
    configured = await make_account(admin_headers, name="Asiakaspalvelu / tuntemattomat")
    monkeypatch.setattr(container.settings, "general_customer_account_id", UUID(configured["id"]))
    created = await make_request(client, headers, subject["id"])
    assert created["account_id"] == configured["id"]


async def test_the_same_idempotency_key_creates_one_request(
    client, admin_headers, agent, subject
) -> None:
    _, headers = agent
    await make_general_customer(client, admin_headers)
    body = {"title": "Soitto", "subject_id": subject["id"], "origin": "phone_call"}
    keyed = {**headers, "Idempotency-Key": "call-2026-001"}
    first = await client.post(SR, json=body, headers=keyed)
    again = await client.post(SR, json=body, headers=keyed)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json()["number"] == first.json()["number"]
    listed = (await client.get(SR, headers=headers)).json()["items"]
    assert [r["id"] for r in listed] == [first.json()["id"]]
    other = await client.post(SR, json={**body, "title": "Toinen"}, headers=keyed)
    assert other.status_code == 422


async def test_create_refuses_bad_references_naming_the_field(
    client, admin_headers, agent, subject, make_account, make_contact, make_unit, make_user
) -> None:
    _, headers = agent
    account = await make_account(headers)
    other_account = await make_account(headers)
    contact = await make_contact(headers, accounts=[{"account_id": other_account["id"]}])
    inactive = await make_subject(client, admin_headers, name="Vanha", is_active=False)
    unit_b = await make_unit("Yksikkö B")
    _, sales_b = await make_user("sales", unit_b["id"])
    base = {"title": "X", "subject_id": subject["id"], "origin": "email"}
    cases = [
        ({**base, "account_id": account["id"], "subject_id": inactive["id"]}, "subject_id"),
        ({**base, "account_id": account["id"], "contact_id": contact["id"]}, "contact_id"),
        ({**base, "account_id": "0190f0f0-0000-7000-8000-000000000000"}, "account_id"),
        ({**base, "account_id": account["id"], "business_id": "0112038-8"}, "business_id"),
        ({**base, "account_id": account["id"], "caller_phone": "12"}, "caller_phone"),
        ({**base, "account_id": account["id"], "satisfaction": 6}, "satisfaction"),
        (
            {**base, "account_id": account["id"], "callback_due_at": "2026-01-05T10:00:00Z"},
            "callback_due_at",
        ),
    ]
    for body, field in cases:
        resp = await client.post(SR, json=body, headers=headers)
        assert resp.status_code == 422, (field, resp.text)
        assert resp.headers["content-type"] == PROBLEM
        assert ["body", field] in [e["loc"] for e in resp.json()["errors"]], resp.text
    # An account the caller cannot read is "no such account" too.
    unreadable = await client.post(SR, json={**base, "account_id": account["id"]}, headers=sales_b)
    assert unreadable.status_code == 422
    assert unreadable.json()["errors"][0]["loc"] == ["body", "account_id"]


async def test_a_callback_is_due_four_working_hours_after_the_call(
    client, admin_headers, agent, subject
) -> None:
    _, headers = agent
    await make_general_customer(client, admin_headers)
    # Friday 2026-06-12 14:00 Helsinki (11:00 UTC): 2 h on Friday, 2 h on Monday.
    created = await make_request(
        client,
        headers,
        subject["id"],
        request_type="callback",
        received_at="2026-06-12T11:00:00Z",
    )
    assert created["callback_due_at"] == "2026-06-15T07:00:00Z"
    explicit = await make_request(
        client,
        headers,
        subject["id"],
        request_type="callback",
        received_at="2026-06-12T11:00:00Z",
        callback_due_at="2026-06-12T12:00:00Z",
    )
    assert explicit["callback_due_at"] == "2026-06-12T12:00:00Z"
    listed = await client.get(SR, params={"sort": "callback_due_at"}, headers=headers)
    assert [r["id"] for r in listed.json()["items"]] == [explicit["id"], created["id"]]


async def test_patch_needs_if_match_and_returns_the_new_etag(
    client, admin_headers, agent, subject
) -> None:
    _, headers = agent
    await make_general_customer(client, admin_headers)
    created = await make_request(client, headers, subject["id"])
    url = f"{SR}/{created['id']}"
    missing = await client.patch(url, json={"priority": "high"}, headers=headers)
    assert missing.status_code == 428
    stale = await client.patch(
        url, json={"priority": "high"}, headers={**headers, "If-Match": '"7"'}
    )
    assert stale.status_code == 412
    ok = await client.patch(
        url,
        json={"priority": "high", "meter_number": "M-1", "request_type": "meter_reading"},
        headers={**headers, "If-Match": '"1"'},
    )
    assert ok.status_code == 200, ok.text
    assert ok.headers["etag"] == '"2"'
    assert (ok.json()["priority"], ok.json()["meter_number"]) == ("high", "M-1")
    unchanged = await client.patch(
        url, json={"priority": "high"}, headers={**headers, "If-Match": '"2"'}
    )
    assert unchanged.headers["etag"] == '"2"'
    events = (await client.get(f"{url}/events", headers=headers)).json()["items"]
    assert [e["kind"] for e in events] == ["updated", "created"]
    assert events[0]["data"]["fields"] == ["meter_number", "priority", "request_type"]
    history = (await client.get(f"{url}/history", headers=headers)).json()["items"]
    assert {h["field"] for h in history} >= {"priority", "meter_number", "request_type"}


async def test_patch_refuses_a_status_change_and_points_to_the_status_endpoint(
    client, admin_headers, agent, subject
) -> None:
    _, headers = agent
    await make_general_customer(client, admin_headers)
    created = await make_request(client, headers, subject["id"])
    resp = await client.patch(
        f"{SR}/{created['id']}",
        json={"status_reason": "resolved"},
        headers={**headers, "If-Match": '"1"'},
    )
    assert resp.status_code == 422
    error = resp.json()["errors"][0]
    assert error["loc"] == ["body", "status_reason"]
    assert "/status" in error["msg"]
    assert (await fetch(client, headers, created["id"])).json()["status_reason"] == "in_progress"


async def test_an_explicit_first_response_sets_its_working_hours(
    client, admin_headers, agent, subject
) -> None:
    _, headers = agent
    await make_general_customer(client, admin_headers)
    # Thursday 2026-06-18 15:00 Helsinki; Midsummer Eve (Fri 19th) is a holiday.
    created = await make_request(client, headers, subject["id"], received_at="2026-06-18T12:00:00Z")
    resp = await client.patch(
        f"{SR}/{created['id']}",
        json={"first_response_at": "2026-06-22T06:00:00Z"},  # Monday 09:00 Helsinki
        headers={**headers, "If-Match": '"1"'},
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["first_response_hours"] == 2.0
    before = await client.patch(
        f"{SR}/{created['id']}",
        json={"first_response_at": "2026-06-18T11:00:00Z"},
        headers={**headers, "If-Match": '"2"'},
    )
    assert before.status_code == 422


async def test_status_transitions_follow_the_rules_and_refusals_list_what_is_allowed(
    client, admin_headers, agent, subject
) -> None:
    _, headers = agent
    await make_general_customer(client, admin_headers)
    created = await make_request(client, headers, subject["id"])
    rid = created["id"]
    waiting = await set_status(client, headers, rid, "waiting_for_information", note="Kysytty")
    assert waiting.status_code == 200, waiting.text
    assert waiting.headers["etag"] == '"2"'
    assert waiting.json()["first_response_at"] is not None
    assert waiting.json()["resolved_at"] is None
    same = await set_status(client, headers, rid, "waiting_for_information")
    assert same.status_code == 409
    assert "in_progress" in same.json()["allowed"]
    resolved = await set_status(client, headers, rid, "resolved", satisfaction=4)
    assert resolved.status_code == 200
    body = resolved.json()
    assert (body["state"], body["satisfaction"]) == ("closed", 4)
    assert body["resolved_at"] is not None
    assert body["resolution_hours"] is not None
    assert body["allowed_transitions"] == ["done"]
    back = await set_status(client, headers, rid, "in_progress")
    assert back.status_code == 409
    assert back.headers["content-type"] == PROBLEM
    assert back.json()["allowed"] == ["done"]
    assert "reopen" in back.json()["detail"]
    done = await set_status(client, headers, rid, "done")
    assert done.status_code == 200
    assert done.json()["resolved_at"] == body["resolved_at"]
    final = await set_status(client, headers, rid, "resolved")
    assert final.status_code == 409
    assert final.json()["allowed"] == []
    stale = await client.post(
        f"{SR}/{rid}/status",
        json={"status_reason": "done"},
        headers={**headers, "If-Match": '"1"'},
    )
    assert stale.status_code == 412
    no_etag = await client.post(
        f"{SR}/{rid}/status", json={"status_reason": "done"}, headers=headers
    )
    assert no_etag.status_code == 428
    events = (await client.get(f"{SR}/{rid}/events", headers=headers)).json()["items"]
    changes = [
        (e["data"]["from"], e["data"]["to"]) for e in events if e["kind"] == "status_changed"
    ]
    assert changes == [
        ("resolved", "done"),
        ("waiting_for_information", "resolved"),
        ("in_progress", "waiting_for_information"),
    ]
    assert events[-2]["note"] == "Kysytty"


async def test_reopening_is_explicit_needs_a_note_and_clears_the_resolution(
    client, admin_headers, agent, subject
) -> None:
    _, headers = agent
    await make_general_customer(client, admin_headers)
    created = await make_request(client, headers, subject["id"])
    rid = created["id"]
    url = f"{SR}/{rid}/reopening"
    still_open = await client.post(url, json={"note": "?"}, headers={**headers, "If-Match": '"1"'})
    assert still_open.status_code == 409
    assert "resolved" in still_open.json()["allowed"]
    resolved = await set_status(client, headers, rid, "resolved")
    etag = resolved.headers["etag"]
    no_note = await client.post(url, json={}, headers={**headers, "If-Match": etag})
    assert no_note.status_code == 422
    closed_target = await client.post(
        url, json={"note": "x", "status_reason": "done"}, headers={**headers, "If-Match": etag}
    )
    assert closed_target.status_code == 422
    reopened = await client.post(
        url,
        json={"note": "Asiakas soitti uudelleen", "status_reason": "under_investigation"},
        headers={**headers, "If-Match": etag},
    )
    assert reopened.status_code == 200, reopened.text
    body = reopened.json()
    assert (body["status_reason"], body["state"]) == ("under_investigation", "open")
    assert body["resolved_at"] is None
    assert body["resolution_hours"] is None
    assert body["first_response_at"] is not None
    events = (await client.get(f"{SR}/{rid}/events", headers=headers)).json()["items"]
    assert events[0]["kind"] == "reopened"
    assert events[0]["note"] == "Asiakas soitti uudelleen"
    assert events[0]["data"] == {"from": "resolved", "to": "under_investigation"}


async def test_the_log_pages_newest_first_and_takes_comments(
    client, admin_headers, agent, subject
) -> None:
    _, headers = agent
    await make_general_customer(client, admin_headers)
    created = await make_request(client, headers, subject["id"])
    url = f"{SR}/{created['id']}"
    for text in ("Ensimmäinen", "Toinen"):
        resp = await client.post(f"{url}/comments", json={"note": text}, headers=headers)
        assert resp.status_code == 201, resp.text
        assert resp.json()["kind"] == "comment"
        assert resp.json()["by_name"] == "Sari Service"
    empty = await client.post(f"{url}/comments", json={"note": "  "}, headers=headers)
    assert empty.status_code == 422
    first = await client.get(f"{url}/events", params={"limit": 2}, headers=headers)
    page = first.json()
    assert [e["note"] for e in page["items"]] == ["Toinen", "Ensimmäinen"]
    assert page["next_cursor"]
    rest = await client.get(
        f"{url}/events", params={"limit": 2, "cursor": page["next_cursor"]}, headers=headers
    )
    assert [e["kind"] for e in rest.json()["items"]] == ["created"]
    assert rest.json()["next_cursor"] is None


async def test_lists_filter_search_and_page(
    client, admin_headers, agent, subject, make_account
) -> None:
    _, headers = agent
    general = await make_general_customer(client, admin_headers)
    other_subject = await make_subject(client, admin_headers, name="Mittarit")
    kone = await make_account(headers, name="Kone Oyj")
    a = await make_request(client, headers, subject["id"], caller_phone="0401234567")
    b = await make_request(
        client,
        headers,
        other_subject["id"],
        account_id=kone["id"],
        title="Mittarilukema puuttuu",
        origin="email",
        priority="urgent",
    )
    c = await make_request(client, headers, subject["id"], caller_name="Liisa Virtanen")
    await set_status(client, headers, c["id"], "on_hold")

    async def ids(**params) -> list[str]:
        resp = await client.get(SR, params=params, headers=headers)
        assert resp.status_code == 200, resp.text
        return [r["id"] for r in resp.json()["items"]]

    assert await ids(sort="received_at") == [a["id"], b["id"], c["id"]]
    assert await ids(q=b["number"]) == [b["id"]]
    assert await ids(q="mittarilukema") == [b["id"]]
    assert await ids(q="040 123 4567") == [a["id"]]
    assert await ids(q="virtanen") == [c["id"]]
    assert await ids(subject_id=other_subject["id"]) == [b["id"]]
    assert await ids(account_id=general["id"], sort="received_at") == [a["id"], c["id"]]
    assert await ids(origin="email", priority="urgent") == [b["id"]]
    assert set(await ids(status_reason=["on_hold", "in_progress"])) == {a["id"], b["id"], c["id"]}
    assert await ids(status_reason="on_hold") == [c["id"]]
    assert await ids(state="closed") == []
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert await ids(received_from=soon) == []
    first = await client.get(SR, params={"limit": 2, "sort": "created_at"}, headers=headers)
    second = await client.get(
        SR,
        params={"limit": 2, "sort": "created_at", "cursor": first.json()["next_cursor"]},
        headers=headers,
    )
    assert [r["id"] for r in first.json()["items"] + second.json()["items"]] == [
        a["id"],
        b["id"],
        c["id"],
    ]
    bad = await client.get(SR, params={"sort": "priority"}, headers=headers)
    assert bad.status_code == 422
    naive = await client.get(SR, params={"received_from": "2026-01-01T00:00:00"}, headers=headers)
    assert naive.status_code == 422


async def test_concurrent_creates_get_distinct_consecutive_numbers(
    client, admin_headers, agent, subject
) -> None:
    import asyncio

    _, headers = agent
    await make_general_customer(client, admin_headers)
    body = {"title": "Ruuhka", "subject_id": subject["id"], "origin": "phone_call"}
    responses = await asyncio.gather(
        *(client.post(SR, json=body, headers=headers) for _ in range(6))
    )
    assert [r.status_code for r in responses] == [201] * 6, [r.text for r in responses]
    serials = sorted(int(r.json()["number"][-6:]) for r in responses)
    assert serials == list(range(1, 7))
