"""Service figures over HTTP on a small known data set: requests per subject, unit, origin and
month (Helsinki months), working-hour response and resolution times, the backlog over time,
and nothing from another unit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from service_factories import make_request, make_subject, set_status

pytestmark = pytest.mark.api

API = "/api/v1"
REPORT = f"{API}/reports/service-requests"
BACKLOG = f"{API}/reports/service-backlog"
HKI = ZoneInfo("Europe/Helsinki")


def hki(*args: int) -> str:
    return datetime(*args, tzinfo=HKI).isoformat()  # type: ignore[misc]


@pytest.fixture
async def data(client, admin_headers, make_unit, make_user, make_account) -> dict[str, Any]:
    """Unit A: three requests (Feb 28 late evening, Mar 1 just after midnight — February in
    UTC, March in Helsinki — and Mar 3, resolved); unit B: one request."""
    billing = await make_subject(client, admin_headers, name="Laskutus", name_en="Billing")
    meters = await make_subject(client, admin_headers, name="Mittarit", name_en="Meters")
    unit_a, unit_b = await make_unit("Yksikkö A"), await make_unit("Yksikkö B")
    _, headers_a = await make_user("sales", unit_a["id"])
    _, headers_b = await make_user("sales", unit_b["id"])
    account_a = await make_account(headers_a)
    account_b = await make_account(headers_b)
    r1 = await make_request(
        client,
        headers_a,
        billing["id"],
        account_id=account_a["id"],
        received_at=hki(2025, 2, 28, 23, 30),
        first_response_at=hki(2025, 3, 3, 10, 0),  # Monday 8–10: 2 working hours
    )
    r2 = await make_request(
        client,
        headers_a,
        billing["id"],
        account_id=account_a["id"],
        origin="email",
        received_at=hki(2025, 3, 1, 0, 30),
        first_response_at=hki(2025, 3, 3, 12, 0),  # 4 working hours
    )
    r3 = await make_request(
        client,
        headers_a,
        meters["id"],
        account_id=account_a["id"],
        received_at=hki(2025, 3, 3, 9, 0),
        first_response_at=hki(2025, 3, 3, 9, 30),  # half an hour
    )
    resolved = await set_status(client, headers_a, r3["id"], "resolved")
    assert resolved.status_code == 200, resolved.text
    r4 = await make_request(
        client,
        headers_b,
        billing["id"],
        account_id=account_b["id"],
        received_at=hki(2025, 3, 2, 12, 0),
    )
    assert (r1["first_response_hours"], r2["first_response_hours"]) == (2.0, 4.0)
    assert r3["first_response_hours"] == 0.5
    return {
        "headers_a": headers_a,
        "billing": billing,
        "meters": meters,
        "unit_a": unit_a,
        "r3": resolved.json(),
        "r4": r4,
    }


async def _rows(client, headers, **params: Any) -> list[dict[str, Any]]:
    resp = await client.get(REPORT, params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()["rows"]  # type: ignore[no-any-return]


async def test_requests_per_subject_with_working_hour_times(client, data) -> None:
    rows = await _rows(client, data["headers_a"], group_by="subject")
    assert [(r["label"], r["label_en"], r["count"], r["open"], r["closed"]) for r in rows] == [
        ("Laskutus", "Billing", 2, 2, 0),
        ("Mittarit", "Meters", 1, 0, 1),
    ]
    billing, meters = rows
    assert billing["key"] == data["billing"]["id"]
    assert billing["avg_first_response_hours"] == 3.0
    assert billing["median_first_response_hours"] == 3.0
    assert billing["avg_resolution_hours"] is None
    assert meters["avg_first_response_hours"] == 0.5
    assert meters["avg_resolution_hours"] == round(data["r3"]["resolution_hours"], 2)


async def test_requests_per_origin_and_unit(client, data) -> None:
    by_origin = await _rows(client, data["headers_a"], group_by="origin")
    assert [(r["key"], r["count"]) for r in by_origin] == [("phone_call", 2), ("email", 1)]
    by_unit = await _rows(client, data["headers_a"], group_by="business_unit")
    assert [(r["label"], r["count"]) for r in by_unit] == [("Yksikkö A", 3)]


async def test_months_are_helsinki_months(client, data) -> None:
    rows = await _rows(client, data["headers_a"], group_by="month")
    # 1 March 00:30 in Helsinki is still February in UTC.
    assert [(r["key"], r["count"]) for r in rows] == [("2025-02", 1), ("2025-03", 2)]
    ranged = await _rows(
        client,
        data["headers_a"],
        group_by="month",
        received_from="2025-01-01",
        received_to="2025-04-30",
    )
    assert [(r["key"], r["count"]) for r in ranged] == [
        ("2025-01", 0),
        ("2025-02", 1),
        ("2025-03", 2),
        ("2025-04", 0),
    ]


async def test_a_received_range_is_inclusive_helsinki_days(client, data) -> None:
    rows = await _rows(
        client,
        data["headers_a"],
        group_by="origin",
        received_from="2025-03-01",
        received_to="2025-03-01",
    )
    assert [(r["key"], r["count"]) for r in rows] == [("email", 1)]
    bad = await client.get(
        REPORT,
        params={"received_from": "2025-03-02", "received_to": "2025-03-01"},
        headers=data["headers_a"],
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["query", "received_to"]


async def test_the_administrator_also_counts_the_other_unit(client, admin_headers, data) -> None:
    rows = await _rows(client, admin_headers, group_by="subject")
    assert [(r["label"], r["count"], r["open"]) for r in rows] == [
        ("Laskutus", 3, 3),
        ("Mittarit", 1, 0),
    ]


async def _points(client, headers, **params: Any) -> list[tuple[str, int]]:
    resp = await client.get(BACKLOG, params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return [(p["date"], p["open"]) for p in resp.json()["points"]]


async def test_the_backlog_counts_what_was_open_at_the_end_of_each_day(client, data) -> None:
    headers = data["headers_a"]
    assert await _points(client, headers, **{"from": "2025-02-27", "to": "2025-03-04"}) == [
        ("2025-02-27", 0),
        ("2025-02-28", 1),
        ("2025-03-01", 2),
        ("2025-03-02", 2),
        ("2025-03-03", 3),  # r3 was resolved only later (today)
        ("2025-03-04", 3),
    ]
    weekly = await _points(
        client, headers, **{"from": "2025-02-22", "to": "2025-03-10", "interval": "week"}
    )
    assert weekly == [("2025-02-22", 0), ("2025-03-01", 2), ("2025-03-08", 3)]
    monthly = await _points(
        client, headers, **{"from": "2025-01-31", "to": "2025-03-31", "interval": "month"}
    )
    assert monthly == [("2025-01-31", 0), ("2025-02-28", 1), ("2025-03-31", 3)]


async def test_todays_point_is_now_and_leaves_out_resolved_requests(
    client, admin_headers, data
) -> None:
    today = datetime.now(HKI).date()
    resp = await client.get(
        BACKLOG, params={"from": (today - timedelta(days=1)).isoformat()}, headers=data["headers_a"]
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["end"] == today.isoformat()
    last = body["points"][-1]
    assert last["date"] == today.isoformat()
    assert datetime.fromisoformat(last["at"]) <= datetime.now(UTC)
    assert [p["open"] for p in body["points"]] == [3, 2]  # r3 resolved today
    admin = await _points(client, admin_headers, **{"from": today.isoformat()})
    assert admin == [(today.isoformat(), 3)]  # unit B's request too


async def test_the_backlog_refuses_too_many_points_and_reversed_ranges(client, data) -> None:
    headers = data["headers_a"]
    many = await client.get(
        BACKLOG, params={"from": "2020-01-01", "to": "2025-01-01"}, headers=headers
    )
    assert many.status_code == 422
    assert many.json()["errors"][0]["loc"] == ["query", "to"]
    assert (
        await client.get(
            BACKLOG,
            params={"from": "2020-01-01", "to": "2025-01-01", "interval": "week"},
            headers=headers,
        )
    ).status_code == 200
    reversed_ = await client.get(
        BACKLOG, params={"from": "2025-03-02", "to": "2025-03-01"}, headers=headers
    )
    assert reversed_.status_code == 422
    far = {"from": "9999-12-31", "to": "9999-12-31"}
    assert (await client.get(BACKLOG, params=far, headers=headers)).status_code == 422
    ancient = await client.get(REPORT, params={"received_from": "0001-01-01"}, headers=headers)
    assert ancient.status_code == 422
    assert ancient.json()["errors"][0]["loc"] == ["query", "received_from"]


async def test_the_default_backlog_is_the_last_thirty_days(client, make_user) -> None:
    _, headers = await make_user("read-only")
    resp = await client.get(BACKLOG, headers=headers)
    assert resp.status_code == 200
    body = resp.json()
    assert len(body["points"]) == 31
    assert date.fromisoformat(body["end"]) - date.fromisoformat(body["start"]) == timedelta(days=30)
    assert all(p["open"] == 0 for p in body["points"])
