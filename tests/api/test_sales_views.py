"""Reading sales projects over HTTP: the list (filters, sorts, keyset pages, stalled
projects), the stage work views (mine, customer-service stages not started, overdue), the
kanban with its counts and sums, and the pipeline's exact sums, each within the caller's
read scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sales_factories import (
    API,
    SP,
    complete,
    etag_of,
    gas_connection_stages,
    make_project,
    make_project_type,
    make_team,
    stage_id,
)

from domain.sales import today

pytestmark = pytest.mark.api


def now_today():
    return today(datetime.now(UTC))


@dataclass
class World:
    admin: dict[str, str]
    seller: dict[str, Any]
    seller_h: dict[str, str]
    other_h: dict[str, str]  # another seller of the same unit
    agent: dict[str, Any]
    agent_h: dict[str, str]
    outsider_h: dict[str, str]  # a seller of another unit
    team: dict[str, Any]
    ptype: dict[str, Any]
    account: dict[str, Any]
    outsider_account: dict[str, Any]


@pytest.fixture
async def w(client, admin_headers, make_unit, make_user, make_account) -> World:
    service_unit = await make_unit("Asiakaspalvelu")
    unit_b = await make_unit("Yksikkö B")
    seller, seller_h = await make_user("sales", name="Minna Myyjä")
    _, other_h = await make_user("sales", name="Olli Toinen")
    agent, agent_h = await make_user("service", service_unit["id"], name="Sari Service")
    _, outsider_h = await make_user("sales", unit_b["id"], name="Bertta B")
    team = await make_team(client, admin_headers, service_unit["id"], [agent["id"]])
    ptype = await make_project_type(
        client,
        admin_headers,
        gas_connection_stages(seller_id=seller["id"], service_team_id=team["id"]),
    )
    account = await make_account(seller_h, name="Gasum Oy", region="Uusimaa")
    outsider_account = await make_account(outsider_h, name="Salainen Oy")
    return World(
        admin_headers,
        seller,
        seller_h,
        other_h,
        agent,
        agent_h,
        outsider_h,
        team,
        ptype,
        account,
        outsider_account,
    )


async def project(client, w: World, headers=None, **fields: Any) -> dict[str, Any]:
    account = w.outsider_account if headers is w.outsider_h else w.account
    return await make_project(client, headers or w.seller_h, account["id"], w.ptype["id"], **fields)


async def items(client, headers, url: str, **params: Any) -> list[dict[str, Any]]:
    resp = await client.get(url, params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]  # type: ignore[no-any-return]


# ------------------------------------------------------------------ the list


async def test_list_filters_sorts_and_pages(client, w) -> None:
    a = await project(client, w, name="Aalto", expected_decision_date="2027-02-01")
    b = await project(client, w, name="Bertel", expected_decision_date="2027-01-01")
    c = await project(client, w, name="Celsius", region="Pirkanmaa")
    await complete(client, w.seller_h, c["id"], stage_id(c, "offer"), now_today())
    lost = await project(client, w, name="Dahl")
    resp = await client.post(
        f"{SP}/{lost['id']}/status",
        json={"status": "lost", "reason": "Hinta"},
        headers={**w.seller_h, "If-Match": await etag_of(client, w.seller_h, lost["id"])},
    )
    assert resp.status_code == 200
    await project(client, w, w.outsider_h, name="Salainen projekti")

    names = [p["name"] for p in await items(client, w.seller_h, SP)]
    assert names == ["Aalto", "Bertel", "Celsius", "Dahl"]  # not the other unit's
    by_date = [
        p["name"] for p in await items(client, w.seller_h, SP, sort="expected_decision_date")
    ]
    assert by_date[:2] == ["Bertel", "Aalto"]  # undated ones last
    # Keyset pages over a date sort: two by two, nothing lost or repeated.
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"sort": "-expected_decision_date", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get(SP, params=params, headers=w.seller_h)).json()
        seen += [p["name"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == names
    assert len(seen) == 4
    assert [p["name"] for p in await items(client, w.seller_h, SP, status="lost")] == ["Dahl"]
    assert [p["name"] for p in await items(client, w.seller_h, SP, region="Pirkanmaa")] == [
        "Celsius"
    ]
    at_contract = await items(client, w.seller_h, SP, current_stage_key="send_contract")
    assert [p["name"] for p in at_contract] == ["Celsius"]
    assert at_contract[0]["current_stage"]["responsible_team_name"] == w.team["name"]
    assert [p["name"] for p in await items(client, w.seller_h, SP, q="ERT")] == ["Bertel"]
    typed = await items(client, w.seller_h, SP, project_type_id=w.ptype["id"], status="open")
    assert {p["id"] for p in typed} == {a["id"], b["id"], c["id"]}
    mine = await items(client, w.seller_h, SP, owner_id=w.seller["id"])
    assert len(mine) == 4


async def test_stalled_projects(client, w) -> None:
    old = await project(client, w, name="Vanha", opened_on=str(now_today() - timedelta(days=90)))
    progressed = await project(
        client, w, name="Edennyt", opened_on=str(now_today() - timedelta(days=90))
    )
    await complete(
        client,
        w.seller_h,
        progressed["id"],
        stage_id(progressed, "offer"),
        now_today() - timedelta(days=10),
    )
    await project(client, w, name="Uusi")
    stalled = await items(client, w.seller_h, SP, stalled="true")
    assert [p["id"] for p in stalled] == [old["id"]]
    assert await items(client, w.seller_h, SP, stalled_days=100) == []
    assert len(await items(client, w.seller_h, SP, stalled_days=5)) == 2


# ------------------------------------------------------------------ stage views


async def test_my_stages_customer_service_stages_and_overdue_stages(client, w) -> None:
    late = await project(
        client, w, name="Myöhässä", opened_on=str(now_today() - timedelta(days=30))
    )
    handed = await project(client, w, name="Luovutettu")
    await complete(client, w.seller_h, handed["id"], stage_id(handed, "offer"), now_today())
    fresh = await project(client, w, name="Tuore")
    await project(client, w, w.outsider_h, name="Salainen projekti")
    views = f"{SP}/stages"
    mine = await items(client, w.seller_h, views, view="mine")
    assert {(r["project_name"], r["key"]) for r in mine} == {
        ("Myöhässä", "offer"),
        ("Tuore", "offer"),
    }
    assert mine[0]["project_name"] == "Myöhässä"  # the earliest due first
    assert mine[0]["account_name"] == "Gasum Oy"
    assert mine[0]["project_version"] == 1
    assert mine[0]["days_in_stage"] == 30
    # The customer-service agent's team holds the handed-over project's contract stage.
    agent_mine = await items(client, w.agent_h, views, view="mine")
    assert [(r["project_id"], r["key"]) for r in agent_mine] == [(handed["id"], "send_contract")]
    service = await items(client, w.agent_h, views, view="customer_service_not_started")
    assert [r["project_name"] for r in service] == ["Luovutettu"]
    overdue = await items(client, w.seller_h, views, view="overdue")
    assert [r["project_id"] for r in overdue] == [late["id"]]
    assert fresh["id"] not in {r["project_id"] for r in overdue}
    # The other unit's seller sees none of these.
    for view in ("mine", "customer_service_not_started", "overdue"):
        assert await items(client, w.outsider_h, views, view=view) == []


# ------------------------------------------------------------------ kanban


async def test_the_kanban_counts_sums_and_pages_its_columns(client, w) -> None:
    a = await project(client, w, name="Aalto", estimated_value="100.10")
    b = await project(client, w, name="Bertel", estimated_value="200.20")
    c = await project(client, w, name="Celsius", estimated_value="0.01")
    await complete(client, w.seller_h, c["id"], stage_id(c, "offer"), now_today())
    d = await project(client, w, name="Dahl", estimated_value="5")
    # Dahl's offer is done and an extra stage is current: "other".
    tag = await etag_of(client, w.seller_h, d["id"])
    inserted = await client.post(
        f"{SP}/{d['id']}/stages",
        json={"name": "Lisävaihe", "after_stage_id": stage_id(d, "offer")},
        headers={**w.seller_h, "If-Match": tag},
    )
    assert inserted.status_code == 201, inserted.text
    await complete(client, w.seller_h, d["id"], stage_id(d, "offer"), now_today())
    await project(client, w, w.outsider_h, name="Salainen projekti", estimated_value="999")

    resp = await client.get(
        f"{SP}/kanban",
        params={"project_type_id": w.ptype["id"], "limit_per_stage": 1},
        headers=w.seller_h,
    )
    assert resp.status_code == 200, resp.text
    board = resp.json()
    columns = {col["key"]: col for col in board["columns"]}
    assert list(columns) == ["offer", "send_contract", "install", "activate_billing", "other"]
    assert (columns["offer"]["count"], columns["offer"]["value_sum"]) == (2, "300.30")
    assert [card["name"] for card in columns["offer"]["cards"]] == ["Aalto"]
    assert columns["offer"]["cards"][0]["estimated_value"] == "100.10"
    assert columns["offer"]["cards"][0]["current_stage"]["days_in_stage"] == 0
    assert (columns["send_contract"]["count"], columns["send_contract"]["value_sum"]) == (
        1,
        "0.01",
    )
    assert columns["send_contract"]["is_customer_service"]
    assert columns["send_contract"]["next_cursor"] is None
    assert (columns["other"]["count"], columns["other"]["value_sum"]) == (1, "5.00")
    assert columns["install"]["count"] == 0
    assert columns["install"]["value_sum"] == "0.00"
    # The rest of a column, a page at a time.
    more = await client.get(
        f"{SP}/kanban/column",
        params={
            "project_type_id": w.ptype["id"],
            "stage_key": "offer",
            "cursor": columns["offer"]["next_cursor"],
        },
        headers=w.seller_h,
    )
    assert more.status_code == 200, more.text
    assert [card["id"] for card in more.json()["cards"]] == [b["id"]]
    assert more.json()["next_cursor"] is None
    other = await client.get(
        f"{SP}/kanban/column",
        params={"project_type_id": w.ptype["id"], "stage_key": "other"},
        headers=w.seller_h,
    )
    assert [card["name"] for card in other.json()["cards"]] == ["Dahl"]
    # Another unit's seller sees an empty board of the same type.
    theirs = await client.get(
        f"{SP}/kanban", params={"project_type_id": w.ptype["id"]}, headers=w.outsider_h
    )
    counts = {col["key"]: col["count"] for col in theirs.json()["columns"]}
    assert counts["offer"] == 1  # only their own project
    assert "Aalto" not in theirs.text
    assert a["id"] not in theirs.text


async def test_the_kanban_needs_a_known_type(client, w) -> None:
    resp = await client.get(
        f"{SP}/kanban",
        params={"project_type_id": "0190f0f0-0000-7000-8000-000000000000"},
        headers=w.seller_h,
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["query", "project_type_id"]


# ------------------------------------------------------------------ pipeline


async def test_the_pipeline_sums_are_exact(client, w, admin_headers) -> None:
    await project(
        client,
        w,
        name="A",
        estimated_value="0.10",
        probability=50,
        expected_decision_date="2027-01-15",
    )
    await project(
        client,
        w,
        name="B",
        estimated_value="0.20",
        probability=33,
        expected_decision_date="2027-01-31",
        region="Pirkanmaa",
    )
    await project(
        client, w, name="C", estimated_value="1000.00", expected_decision_date="2027-02-01"
    )
    await project(client, w, name="D")  # no value, no date
    won = await project(client, w, name="Voitettu", estimated_value="5000")
    await client.post(
        f"{SP}/{won['id']}/status",
        json={"status": "won"},
        headers={**w.seller_h, "If-Match": await etag_of(client, w.seller_h, won["id"])},
    )
    await project(
        client, w, w.outsider_h, estimated_value="777.77", expected_decision_date="2027-01-10"
    )
    url = f"{API}/reports/pipeline"
    by_month = (await client.get(url, headers=w.seller_h)).json()
    rows = {r["key"]: r for r in by_month["items"]}
    assert list(rows) == ["2027-01", "2027-02", None]
    # 0.10 + 0.20 is 0.30 exactly; weighted 0.05 + 0.066 = 0.116 → 0.12 (rounded once).
    assert (rows["2027-01"]["count"], rows["2027-01"]["value_sum"]) == (2, "0.30")
    assert rows["2027-01"]["weighted_value"] == "0.12"
    assert (rows["2027-02"]["value_sum"], rows["2027-02"]["weighted_value"]) == (
        "1000.00",
        "0.00",
    )
    assert rows[None]["count"] == 1
    assert by_month["total"] == {
        "key": None,
        "label": None,
        "count": 4,
        "value_sum": "1000.30",
        "weighted_value": "0.12",
    }
    january = await client.get(
        url, params={"from": "2027-01-01", "to": "2027-01-31"}, headers=w.seller_h
    )
    assert [r["key"] for r in january.json()["items"]] == ["2027-01"]
    by_type = (await client.get(url, params={"group_by": "type"}, headers=w.seller_h)).json()
    assert [(r["key"], r["label"]) for r in by_type["items"]] == [(w.ptype["id"], w.ptype["name"])]
    by_region = (await client.get(url, params={"group_by": "region"}, headers=w.seller_h)).json()
    assert {r["key"]: r["value_sum"] for r in by_region["items"]} == {
        "Uusimaa": "1000.10",
        "Pirkanmaa": "0.20",
    }
    # The admin reaches every unit: the other unit's 777.77 is in January too.
    everything = (await client.get(url, headers=admin_headers)).json()
    assert {r["key"]: r["value_sum"] for r in everything["items"]}["2027-01"] == "778.07"
    bad = await client.get(
        url, params={"from": "2027-02-01", "to": "2027-01-01"}, headers=w.seller_h
    )
    assert bad.status_code == 422
