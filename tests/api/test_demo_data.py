"""The demo data set (`kumppani seed-demo`) obeys the same rules as data entered by hand:
what `make run` shows a first-time user must be consistent."""

from __future__ import annotations

import re

import pytest

from api.demo import ADMIN_EMAIL, DEMO_PASSWORD, seed_demo

pytestmark = pytest.mark.api

API = "/api/v1"
CLOSED = {"resolved", "done"}


async def _all(client, headers, path: str, **params) -> list[dict]:
    items: list[dict] = []
    cursor = None
    for _ in range(50):
        query = {"limit": 200, **params, **({"cursor": cursor} if cursor else {})}
        resp = await client.get(f"{API}{path}", params=query, headers=headers)
        assert resp.status_code == 200, resp.text
        items += resp.json()["items"]
        cursor = resp.json()["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("the cursor does not advance")


async def test_the_demo_service_data_is_consistent(client, container, login) -> None:
    result = await seed_demo(container, 40, n_requests=120)
    assert result.created
    again = await seed_demo(container, 40, n_requests=120)
    assert not again.created  # a second run changes nothing
    admin = await login(ADMIN_EMAIL, DEMO_PASSWORD)

    requests = await _all(client, admin, "/service-requests")
    assert len(requests) == 120
    assert len({r["number"] for r in requests}) == 120
    for r in requests:
        assert re.fullmatch(r"PP-\d{4}-\d{6}", r["number"])
        closed = r["status_reason"] in CLOSED
        assert r["state"] == ("closed" if closed else "open"), r
        assert (r["resolved_at"] is not None) == closed, r
        assert (r["callback_due_at"] is not None) == (r["request_type"] == "callback"), r
        if r["queue_id"] is not None:
            assert r["delegated_to_queue_id"] == r["queue_id"]
            assert r["delegated_by_name"]
    general = [r for r in requests if r["account_name"] == "_Asiakaspalvelun yleisasiakas"]
    assert general, "unknown callers go to the general customer"

    views = await client.get(f"{API}/views", params={"entity": "service_request"}, headers=admin)
    system = {v["system_key"]: v["id"] for v in views.json()["items"] if v["system_key"]}
    assert len(system) == 8
    counts = await client.get(
        f"{API}/views/counts", params={"entity": "service_request"}, headers=admin
    )
    by_view = {c["view_id"]: c["count"] for c in counts.json()}
    assert by_view[system["unresolved"]] == sum(r["state"] == "open" for r in requests)

    # Every service user finds something in "my work".
    users = await _all(client, admin, "/users")
    agent = next(u for u in users if ".service" in u["email"])
    summary = await client.get(
        f"{API}/me/work/summary", headers=await login(agent["email"], DEMO_PASSWORD)
    )
    assert summary.status_code == 200, summary.text
    assert summary.json()["overdue"] >= 1
    assert summary.json()["this_week"] >= 1


async def test_the_demo_sales_data_fills_the_kanban_and_the_report(
    client, container, login
) -> None:
    result = await seed_demo(container, 40, n_requests=0, n_projects=30)
    assert result.created
    admin = await login(ADMIN_EMAIL, DEMO_PASSWORD)
    projects = await _all(client, admin, "/sales-projects")
    # 30 imported; the demo leads' conversions add theirs (source_lead_id set).
    assert len([p for p in projects if p["source_lead_id"] is None]) == 30
    statuses = {p["status"] for p in projects}
    assert "open" in statuses
    assert statuses & {"won", "lost"}
    types = (await client.get(f"{API}/project-types", headers=admin)).json()["items"]
    assert {t["key"] for t in types} == {
        "gas_connection",
        "heat_connection",
        "solution",
        "parent_company",
    }
    on_boards = 0
    for t in types:
        board = await client.get(
            f"{API}/sales-projects/kanban", params={"project_type_id": t["id"]}, headers=admin
        )
        assert board.status_code == 200, board.text
        on_boards += sum(col["count"] for col in board.json()["columns"])
    assert on_boards == sum(p["status"] == "open" for p in projects)
    report = await client.get(f"{API}/reports/monthly-movement", headers=admin)
    assert report.status_code == 200, report.text
    total = report.json()["total"]["current"]
    assert total["open_at_end"] == sum(p["status"] == "open" for p in projects)
