"""Activities over HTTP: create, read, update with ETags, transitions, history, delegation,
idempotency, list filters and sorts, and what another unit's user cannot reach."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

pytestmark = pytest.mark.api

API = "/api/v1"
PROBLEM = "application/problem+json"


def iso(moment: datetime) -> str:
    return moment.isoformat()


@pytest.fixture
async def service_user(make_user):
    return await make_user("service", name="Saara Palvelu")


async def create(client, headers, **fields: Any) -> dict[str, Any]:
    body = {"type": "task", "subject": "Soita takaisin", **fields}
    resp = await client.post(f"{API}/activities", json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def test_creating_a_task_returns_201_with_etag_location_and_names(
    client, service_user, make_account, make_contact
) -> None:
    user, headers = service_user
    account = await make_account(headers, name="Kone Oyj")
    contact = await make_contact(
        headers, first_name="Maija", last_name="Virta", accounts=[{"account_id": account["id"]}]
    )
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    resp = await client.post(
        f"{API}/activities",
        json={
            "type": "task",
            "subject": " Lähetä  tarjous ",
            "regarding_type": "contact",
            "regarding_id": contact["id"],
            "due_at": iso(due),
            "duration_minutes": 30,
            "priority": "high",
        },
        headers=headers,
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert resp.headers["etag"] == '"1"'
    assert resp.headers["location"] == f"{API}/activities/{body['id']}"
    assert body["subject"] == "Lähetä tarjous"
    assert body["status"] == "open"
    assert body["completed_at"] is None
    assert body["owner_id"] == user["id"]
    assert body["owner_name"] == "Saara Palvelu"
    assert body["delegated_by_id"] is None
    assert body["regarding"] == {"type": "contact", "id": contact["id"], "label": "Maija Virta"}
    assert body["account_id"] == account["id"]  # the contact's account
    assert datetime.fromisoformat(body["occurred_at"]) == due  # a task happens when due
    got = await client.get(resp.headers["location"], headers=headers)
    assert got.status_code == 200
    assert got.headers["etag"] == '"1"'
    assert got.json() == body


async def test_a_logged_call_has_a_direction_and_a_task_may_not(client, service_user) -> None:
    _, headers = service_user
    call = await create(client, headers, type="phone_call", direction="incoming")
    assert call["direction"] == "incoming"
    note = await create(client, headers, type="note", subject="Asiakas kiitti")
    assert note["status"] == "done"
    assert note["completed_at"] is not None
    resp = await client.post(
        f"{API}/activities",
        json={"type": "task", "subject": "x", "direction": "outgoing"},
        headers=headers,
    )
    assert resp.status_code == 422
    assert resp.headers["content-type"] == PROBLEM
    assert [e["loc"] for e in resp.json()["errors"]] == [["body", "direction"]]


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"duration_minutes": 10081}, ["body", "duration_minutes"]),
        ({"subject": ""}, ["body", "subject"]),
        ({"due_at": "2026-01-01T10:00:00"}, ["body", "due_at"]),  # no zone
        ({"colour": "red"}, ["body", "colour"]),
    ],
)
async def test_invalid_input_is_a_422_naming_the_field(client, service_user, fields, loc) -> None:
    _, headers = service_user
    resp = await client.post(
        f"{API}/activities", json={"type": "task", "subject": "x", **fields}, headers=headers
    )
    assert resp.status_code == 422, resp.text
    assert loc in [e["loc"] for e in resp.json()["errors"]]


async def test_regarding_a_missing_or_unreadable_record_is_a_422_on_regarding_id(
    client, make_user, make_unit, make_account
) -> None:
    unit_b = await make_unit("Yksikkö B")
    _, headers_a = await make_user("sales")
    _, headers_b = await make_user("sales", unit_b["id"])
    hidden = await make_account(headers_a)
    for record_id in (hidden["id"], "01890000-0000-7000-8000-000000000000"):
        resp = await client.post(
            f"{API}/activities",
            json={
                "type": "task",
                "subject": "x",
                "regarding_type": "account",
                "regarding_id": record_id,
            },
            headers=headers_b,
        )
        assert resp.status_code == 422, resp.text
        assert [e["loc"] for e in resp.json()["errors"]] == [["body", "regarding_id"]]
        assert hidden["name"] not in resp.text
    resp = await client.post(
        f"{API}/activities",
        json={
            "type": "task",
            "subject": "x",
            "regarding_type": "lead",
            "regarding_id": hidden["id"],
        },
        headers=headers_a,
    )
    assert resp.status_code == 422  # not a kind activities may be about (yet)


async def test_patch_needs_if_match_and_refuses_a_stale_etag(client, service_user) -> None:
    _, headers = service_user
    activity = await create(client, headers)
    url = f"{API}/activities/{activity['id']}"
    missing = await client.patch(url, json={"subject": "Uusi"}, headers=headers)
    assert missing.status_code == 428
    ok = await client.patch(url, json={"subject": "Uusi"}, headers={**headers, "If-Match": '"1"'})
    assert ok.status_code == 200, ok.text
    assert ok.headers["etag"] == '"2"'
    assert ok.json()["subject"] == "Uusi"
    stale = await client.patch(
        url, json={"subject": "Vanha"}, headers={**headers, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    null = await client.patch(url, json={"subject": None}, headers={**headers, "If-Match": '"2"'})
    assert null.status_code == 422
    typed = await client.patch(url, json={"type": "note"}, headers={**headers, "If-Match": '"2"'})
    assert typed.status_code == 422  # the type is fixed


async def test_status_transitions_are_enforced_and_reopening_shows_in_the_history(
    client, service_user
) -> None:
    _, headers = service_user
    activity = await create(client, headers)
    url = f"{API}/activities/{activity['id']}"
    done = await client.patch(url, json={"status": "done"}, headers={**headers, "If-Match": '"1"'})
    assert done.status_code == 200, done.text
    assert done.json()["completed_at"] is not None
    refused = await client.patch(
        url, json={"status": "cancelled"}, headers={**headers, "If-Match": '"2"'}
    )
    assert refused.status_code == 409
    assert refused.headers["content-type"] == PROBLEM
    assert refused.json()["allowed"] == ["open"]
    reopened = await client.patch(
        url, json={"status": "open"}, headers={**headers, "If-Match": '"2"'}
    )
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "open"
    assert reopened.json()["completed_at"] is None
    history = await client.get(f"{url}/history", headers=headers)
    assert history.status_code == 200
    status_lines = [
        (h["old_value"], h["new_value"])
        for h in history.json()["items"]
        if h["field"] == "status" and h["operation"] == "update"
    ]
    assert status_lines == [("done", "open"), ("open", "done")]  # newest first


async def test_giving_a_task_to_a_colleague_delegates_it_and_notifies_them(
    client, service_user, make_user
) -> None:
    me, headers = service_user
    colleague, colleague_headers = await make_user("service", name="Kalle Kollega")
    activity = await create(client, headers, subject="Tarkista mittari", owner_id=colleague["id"])
    assert activity["owner_id"] == colleague["id"]
    assert activity["delegated_by_id"] == me["id"]
    assert activity["delegated_by_name"] == "Saara Palvelu"
    inbox = await client.get(f"{API}/notifications", headers=colleague_headers)
    assert inbox.status_code == 200, inbox.text
    mine = [n for n in inbox.json()["items"] if n["record_id"] == activity["id"]]
    assert [n["kind"] for n in mine] == ["delegated"]
    assert "Tarkista mittari" in mine[0]["title"]
    delegated = await client.get(
        f"{API}/activities", params={"delegated_by_id": me["id"]}, headers=headers
    )
    assert [a["id"] for a in delegated.json()["items"]] == [activity["id"]]


async def test_a_sales_user_cannot_give_an_activity_to_someone_else(client, make_user) -> None:
    _, headers = await make_user("sales")
    colleague, _ = await make_user("sales")
    resp = await client.post(
        f"{API}/activities",
        json={"type": "task", "subject": "x", "owner_id": colleague["id"]},
        headers=headers,
    )
    assert resp.status_code == 403
    listed = await client.get(f"{API}/activities", headers=headers)
    assert listed.json()["items"] == []


async def test_the_same_idempotency_key_creates_once(client, service_user) -> None:
    _, headers = service_user
    body = {"type": "meeting", "subject": "Vuosipalaveri"}
    keyed = {**headers, "Idempotency-Key": "meeting-1"}
    first = await client.post(f"{API}/activities", json=body, headers=keyed)
    again = await client.post(f"{API}/activities", json=body, headers=keyed)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json()["id"] == first.json()["id"]
    other = await client.post(
        f"{API}/activities", json={**body, "subject": "Toinen"}, headers=keyed
    )
    assert other.status_code == 422
    listed = await client.get(f"{API}/activities", headers=headers)
    assert [a["id"] for a in listed.json()["items"]] == [first.json()["id"]]


async def test_list_filters(client, service_user, make_user, make_account) -> None:
    me, headers = service_user
    colleague, _ = await make_user("service")
    account = await make_account(headers)
    now = datetime.now(UTC).replace(microsecond=0)
    a = await create(
        client,
        headers,
        subject="Soita Virralle",
        due_at=iso(now + timedelta(days=1)),
        regarding_type="account",
        regarding_id=account["id"],
    )
    b = await create(client, headers, type="phone_call", subject="Laskutuskysymys")
    c = await create(client, headers, subject="Tarkista", owner_id=colleague["id"], due_at=iso(now))

    async def ids(**params: Any) -> list[str]:
        resp = await client.get(f"{API}/activities", params=params, headers=headers)
        assert resp.status_code == 200, resp.text
        return sorted(x["id"] for x in resp.json()["items"])

    assert await ids(type="phone_call") == [b["id"]]
    assert await ids(owner_id=colleague["id"]) == [c["id"]]
    assert await ids(account_id=account["id"]) == [a["id"]]
    assert await ids(regarding_type="account", regarding_id=account["id"]) == [a["id"]]
    assert await ids(delegated_by_id=me["id"]) == [c["id"]]
    assert await ids(q="virRALLE") == [a["id"]]
    assert await ids(due_after=iso(now + timedelta(hours=1))) == [a["id"]]
    assert await ids(due_before=iso(now + timedelta(hours=1))) == [c["id"]]
    assert await ids(status="open") == sorted([a["id"], b["id"], c["id"]])
    assert await ids(status="done") == []
    assert await ids(updated_since=iso(now + timedelta(days=30))) == []
    half = await client.get(
        f"{API}/activities", params={"regarding_type": "account"}, headers=headers
    )
    assert half.status_code == 422
    assert half.json()["errors"][0]["loc"] == ["query", "regarding_id"]


async def test_sorting_and_paging_without_duplicates(client, service_user) -> None:
    _, headers = service_user
    now = datetime.now(UTC).replace(microsecond=0)
    due = {}
    for i in range(5):
        made = await create(client, headers, subject=f"T{i}", due_at=iso(now + timedelta(hours=i)))
        due[made["id"]] = i
    undated = await create(client, headers, type="note", subject="Ei määräaikaa")

    async def walk(sort: str) -> list[str]:
        seen: list[str] = []
        cursor = None
        while True:
            params = {"sort": sort, "limit": 2, **({"cursor": cursor} if cursor else {})}
            resp = await client.get(f"{API}/activities", params=params, headers=headers)
            assert resp.status_code == 200, resp.text
            seen += [a["id"] for a in resp.json()["items"]]
            cursor = resp.json()["next_cursor"]
            if cursor is None:
                return seen

    by_due = await walk("due_at")
    assert [due[i] for i in by_due] == [0, 1, 2, 3, 4]  # only what has a due time
    assert [due[i] for i in await walk("-due_at")] == [4, 3, 2, 1, 0]
    by_updated = await walk("-updated_at")
    assert len(by_updated) == len(set(by_updated)) == 6
    assert undated["id"] in by_updated
    assert len(await walk("occurred_at")) == 6
    wrong = await client.get(
        f"{API}/activities",
        params={"sort": "occurred_at", "cursor": "bm9wZQ"},
        headers=headers,
    )
    assert wrong.status_code == 422


async def test_another_units_user_gets_404_on_every_activity_endpoint(
    client, make_user, make_unit
) -> None:
    unit_b = await make_unit("Yksikkö B")
    _, headers_a = await make_user("sales")
    _, headers_b = await make_user("sales", unit_b["id"])
    activity = await create(client, headers_a, subject="Salainen tehtävä")
    url = f"{API}/activities/{activity['id']}"
    for method, path, body in (
        ("GET", url, None),
        ("PATCH", url, {"subject": "Hakkeroitu"}),
        ("GET", f"{url}/history", None),
    ):
        resp = await client.request(
            method, path, json=body, headers={**headers_b, "If-Match": '"1"'}
        )
        assert resp.status_code == 404, f"{method} {path}: {resp.text}"
        assert resp.headers["content-type"] == PROBLEM
        assert "Salainen" not in resp.text
    listed = await client.get(f"{API}/activities", headers=headers_b)
    assert listed.json()["items"] == []
    unchanged = await client.get(url, headers=headers_a)
    assert unchanged.json()["subject"] == "Salainen tehtävä"


async def _type(client, headers, key: str) -> dict[str, Any]:
    types = (
        await client.get(f"{API}/activity-types", params={"limit": 200}, headers=headers)
    ).json()
    return next(t for t in types["items"] if t["key"] == key)


async def test_an_activity_gets_its_kinds_default_type_or_the_type_chosen(
    client, service_user
) -> None:
    _, headers = service_user
    task = await create(client, headers)
    assert task["activity_type_id"] == (await _type(client, headers, "task"))["id"]
    visit = await _type(client, headers, "visit")
    assert visit["kind"] == "meeting"
    assert visit["is_visit"]
    chosen = await client.post(
        f"{API}/activities",
        json={"activity_type_id": visit["id"], "subject": "Käynti asiakkaalla"},
        headers=headers,
    )
    assert chosen.status_code == 201, chosen.text
    assert (chosen.json()["type"], chosen.json()["activity_type_id"]) == ("meeting", visit["id"])
    clash = await client.post(
        f"{API}/activities",
        json={"activity_type_id": visit["id"], "type": "phone_call", "subject": "Käynti"},
        headers=headers,
    )
    assert clash.status_code == 422
    assert clash.json()["errors"][0]["loc"] == ["body", "type"]
    neither = await client.post(f"{API}/activities", json={"subject": "Jotain"}, headers=headers)
    assert neither.status_code == 422
    feedback = await _type(client, headers, "customer_feedback")
    assert [k["key"] for k in feedback["keywords"]] == ["positive", "negative"]
