"""Timelines over HTTP: an account's 360° view gathers the activities of its contacts and
requests and its requests' events, newest first; pages have no duplicates or gaps; nothing
outside the caller's scope shows; contacts and requests have their own timelines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

pytestmark = pytest.mark.api

API = "/api/v1"
PROBLEM = "application/problem+json"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class ManualClock:
    def __init__(self, container: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.current = T0
        self._container = container
        self._monkeypatch = monkeypatch

    def install(self) -> None:
        """From now on the app runs on this clock. Sign users in first: access tokens are
        issued on the app's clock but checked against the real time."""
        self._monkeypatch.setattr(self._container, "clock", self)

    def now(self) -> datetime:
        return self.current

    def at(self, hours: float) -> None:
        self.current = T0 + timedelta(hours=hours)


@pytest.fixture
def clock(container, monkeypatch) -> ManualClock:
    """The container's clock under the test's control, once installed."""
    return ManualClock(container, monkeypatch)


@pytest.fixture
async def subject_id(client, admin_headers) -> str:
    resp = await client.post(f"{API}/subjects", json={"name": "Laskutus"}, headers=admin_headers)
    assert resp.status_code == 201, resp.text
    return str(resp.json()["id"])


@pytest.fixture
def make_request(client, subject_id):
    async def _make(headers, **fields: Any) -> dict[str, Any]:
        body = {"title": "Lasku on väärin", "subject_id": subject_id, "origin": "phone_call"}
        resp = await client.post(
            f"{API}/service-requests", json={**body, **fields}, headers=headers
        )
        assert resp.status_code == 201, resp.text
        return resp.json()  # type: ignore[no-any-return]

    return _make


async def activity(client, headers, **fields: Any) -> dict[str, Any]:
    body = {"type": "task", "subject": "Tehtävä", **fields}
    resp = await client.post(f"{API}/activities", json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def walk(client, headers, url: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {"limit": limit, **params, **({"cursor": cursor} if cursor else {})}
        resp = await client.get(url, params=query, headers=headers)
        assert resp.status_code == 200, resp.text
        items += resp.json()["items"]
        cursor = resp.json()["next_cursor"]
        if cursor is None:
            return items


def titles(items: list[dict[str, Any]]) -> list[str]:
    return [i["title"] for i in items]


@pytest.fixture
async def story(client, clock, make_user, make_account, make_contact, make_request):
    """One customer's morning: a request from a call, activities about the account, its
    contact and the request, a status change and a comment; and some noise elsewhere."""
    user, headers = await make_user("service", name="Saara Palvelu")
    clock.install()
    account = await make_account(headers, name="Kone Oyj")
    other = await make_account(headers, name="Muu Oy")
    contact = await make_contact(
        headers, first_name="Maija", last_name="Virta", accounts=[{"account_id": account["id"]}]
    )
    clock.at(1)
    request = await make_request(
        headers, account_id=account["id"], contact_id=contact["id"], title="Lasku on väärin"
    )
    clock.at(2)
    await activity(
        client,
        headers,
        type="phone_call",
        subject="Call about the account",
        regarding_type="account",
        regarding_id=account["id"],
        direction="incoming",
    )
    clock.at(3)
    await activity(
        client,
        headers,
        type="note",
        subject="Note about the contact",
        regarding_type="contact",
        regarding_id=contact["id"],
    )
    clock.at(4)
    await activity(  # planned for later: the timeline places it at its due time
        client,
        headers,
        subject="Task about the request",
        regarding_type="service_request",
        regarding_id=request["id"],
        due_at=(T0 + timedelta(hours=10)).isoformat(),
    )
    clock.at(5)
    resp = await client.post(
        f"{API}/service-requests/{request['id']}/status",
        json={"status_reason": "waiting_for_information", "note": "Odotetaan mittarilukemaa"},
        headers={**headers, "If-Match": f'"{request["version"]}"'},
    )
    assert resp.status_code == 200, resp.text
    clock.at(6)
    resp = await client.post(
        f"{API}/service-requests/{request['id']}/comments",
        json={"note": "Asiakas soitti uudelleen"},
        headers=headers,
    )
    assert resp.status_code == 201, resp.text
    await activity(
        client, headers, subject="Elsewhere", regarding_type="account", regarding_id=other["id"]
    )
    await activity(client, headers, subject="About nothing")
    return {
        "user": user,
        "headers": headers,
        "account": account,
        "contact": contact,
        "request": request,
    }


async def test_the_account_timeline_gathers_its_contacts_and_requests_newest_first(
    client, story
) -> None:
    url = f"{API}/accounts/{story['account']['id']}/timeline"
    resp = await client.get(url, headers=story["headers"])
    assert resp.status_code == 200, resp.text
    items = resp.json()["items"]
    number = story["request"]["number"]
    label = f"{number} Lasku on väärin"
    assert [(i["kind"], i["type"], i["title"]) for i in items] == [
        ("activity", "task", "Task about the request"),
        ("request_event", "status_changed", label),
        ("activity", "note", "Note about the contact"),
        ("activity", "phone_call", "Call about the account"),
        ("service_request", "created", label),
    ]
    assert [datetime.fromisoformat(i["at"]) for i in items] == [
        T0 + timedelta(hours=h) for h in (10, 5, 3, 2, 1)
    ]
    task, status, note, call, created = items
    assert task["regarding"] == {
        "type": "service_request",
        "id": story["request"]["id"],
        "label": label,
    }
    assert task["by_id"] == story["user"]["id"]
    assert task["by_name"] == "Saara Palvelu"
    assert task["data"]["status"] == "open"
    assert note["regarding"]["label"] == "Maija Virta"
    assert call["regarding"]["label"] == "Kone Oyj"
    assert call["data"]["direction"] == "incoming"
    assert status["summary"] == "Odotetaan mittarilukemaa"
    assert status["by_name"] == "Saara Palvelu"
    assert created["regarding"]["id"] == story["request"]["id"]
    assert resp.json()["next_cursor"] is None


async def test_the_kinds_filter(client, story) -> None:
    url = f"{API}/accounts/{story['account']['id']}/timeline"
    headers = story["headers"]
    only_activities = await client.get(url, params={"kinds": "activity"}, headers=headers)
    assert {i["kind"] for i in only_activities.json()["items"]} == {"activity"}
    assert len(only_activities.json()["items"]) == 3
    requests = await client.get(
        url, params={"kinds": "request_event,service_request"}, headers=headers
    )
    assert [i["type"] for i in requests.json()["items"]] == ["status_changed", "created"]
    events = await client.get(url, params={"kinds": "request_event"}, headers=headers)
    assert [i["type"] for i in events.json()["items"]] == ["status_changed"]
    for wrong in ("activity,lead", ", ,"):
        bad = await client.get(url, params={"kinds": wrong}, headers=headers)
        assert bad.status_code == 422
        assert bad.headers["content-type"] == PROBLEM
        assert bad.json()["errors"][0]["loc"] == ["query", "kinds"]


@pytest.mark.parametrize("limit", [1, 2, 3])
async def test_paging_gives_the_same_sequence_without_duplicates_or_gaps(
    client, story, limit
) -> None:
    url = f"{API}/accounts/{story['account']['id']}/timeline"
    whole = (await client.get(url, headers=story["headers"])).json()["items"]
    paged = await walk(client, story["headers"], url, limit)
    assert [i["id"] for i in paged] == [i["id"] for i in whole]
    assert len(whole) == 5


async def test_the_contact_timeline_shows_its_own_and_its_requests_activities(
    client, story
) -> None:
    url = f"{API}/contacts/{story['contact']['id']}/timeline"
    resp = await client.get(url, headers=story["headers"])
    assert resp.status_code == 200, resp.text
    label = f"{story['request']['number']} Lasku on väärin"
    assert titles(resp.json()["items"]) == [
        "Task about the request",
        label,  # status changed
        "Note about the contact",
        label,  # created
    ]


async def test_the_request_timeline_is_its_whole_log_and_its_activities(client, story) -> None:
    url = f"{API}/service-requests/{story['request']['id']}/timeline"
    resp = await client.get(url, headers=story["headers"])
    assert resp.status_code == 200, resp.text
    items = resp.json()["items"]
    assert [(i["kind"], i["type"]) for i in items] == [
        ("activity", "task"),
        ("request_event", "comment"),
        ("request_event", "status_changed"),
        ("service_request", "created"),
    ]
    assert items[1]["summary"] == "Asiakas soitti uudelleen"
    assert items[2]["data"] == {"from": "in_progress", "to": "waiting_for_information"}


async def test_many_activities_at_the_same_moment_page_by_id_without_loss(
    client, clock, make_user, make_account
) -> None:
    _, headers = await make_user("service")
    clock.install()
    account = await make_account(headers)
    made = {
        (
            await activity(
                client, headers, type="note", regarding_type="account", regarding_id=account["id"]
            )
        )["id"]
        for _ in range(23)
    }
    url = f"{API}/accounts/{account['id']}/timeline"
    paged = await walk(client, headers, url, 5)
    assert [i["id"] for i in paged] == sorted(made, reverse=True)  # same time: newest id first


async def test_another_units_activities_and_requests_stay_out_of_the_account_timeline(
    client, clock, make_unit, make_user, make_account, make_request
) -> None:
    unit_b = await make_unit("Yksikkö B")
    _, sales_a = await make_user("sales", name="Aino A")
    _, service_b = await make_user("service", unit_b["id"], name="Bertta B")
    clock.install()
    account = await make_account(sales_a, name="Kone Oyj")
    clock.at(1)
    await activity(
        client, sales_a, subject="Visible", regarding_type="account", regarding_id=account["id"]
    )
    clock.at(2)
    # Service in unit B reads every account and works on this one: its activity and its
    # request belong to unit B, which a unit-A salesperson does not read.
    await activity(
        client, service_b, subject="Unit B's", regarding_type="account", regarding_id=account["id"]
    )
    request = await make_request(service_b, account_id=account["id"], title="B:n pyyntö")
    url = f"{API}/accounts/{account['id']}/timeline"
    seen_by_a = (await client.get(url, headers=sales_a)).json()["items"]
    assert titles(seen_by_a) == ["Visible"]
    seen_by_b = (await client.get(url, headers=service_b)).json()["items"]
    assert titles(seen_by_b) == [f"{request['number']} B:n pyyntö", "Unit B's", "Visible"]


async def test_the_timelines_of_records_the_caller_cannot_read_are_404(
    client, make_unit, make_user, make_account, make_contact, make_request
) -> None:
    unit_b = await make_unit("Yksikkö B")
    _, service_a = await make_user("service")
    _, sales_b = await make_user("sales", unit_b["id"])
    account = await make_account(service_a, name="Salainen Oy")
    contact = await make_contact(service_a, accounts=[{"account_id": account["id"]}])
    request = await make_request(service_a, account_id=account["id"], title="Salainen pyyntö")
    for path in (
        f"accounts/{account['id']}",
        f"contacts/{contact['id']}",
        f"service-requests/{request['id']}",
        "accounts/01890000-0000-7000-8000-000000000000",
    ):
        resp = await client.get(f"{API}/{path}/timeline", headers=sales_b)
        assert resp.status_code == 404, f"{path}: {resp.text}"
        assert resp.headers["content-type"] == PROBLEM
        assert "Salainen" not in resp.text
