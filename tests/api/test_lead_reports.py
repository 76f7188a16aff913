"""The lead report against figures computed here, independently, from the leads as the API
shows them: by source, product, region, month and salesperson; conversion rate, SLA
compliance and the median time to first action; files with the export privilege."""

from __future__ import annotations

import io
import statistics
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from tests.api.lead_factories import (
    API,
    make_lead,
    make_product,
    make_rule,
    municipality,
    ok,
    step,
)

pytestmark = pytest.mark.api

HKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture
async def leads(client, admin_headers, make_unit, make_user) -> dict[str, Any]:
    south = await make_unit("Myynti Etelä")
    _agent, agent_h = await make_user("service", name="Aino Asiakaspalvelu")
    seller, seller_h = await make_user("sales", south["id"], name="Sanna Etelä")
    gas = await make_product(client, admin_headers, name="Maakaasuliittymä")
    heat = await make_product(client, admin_headers, name="Kaukolämpöliittymä")
    espoo = await municipality(client, admin_headers, "Espoo")
    await make_rule(
        client,
        admin_headers,
        region_ids=[espoo["region_id"]],
        product_ids=[gas["id"]],
        assign_user_id=seller["id"],
    )
    ptype = await ok(
        await client.post(
            f"{API}/project-types",
            json={
                "key": "report_type",
                "name": "Tyyppi",
                "stages": [{"key": "offer", "name": "Tarjous"}],
            },
            headers=admin_headers,
        ),
        201,
    )
    now = datetime.now(UTC)

    async def lead(headers, product, days_ago: float = 0, **fields: Any) -> dict[str, Any]:
        received = (now - timedelta(days=days_ago)).isoformat()
        return await make_lead(client, headers, product["id"], received_at=received, **fields)

    breached = await lead(agent_h, gas, 10, municipality="Espoo")
    converted = await lead(agent_h, gas, 0, municipality="Espoo", source="email")
    await ok(
        await step(
            client, seller_h, converted["id"], "conversion", {"project_type_id": ptype["id"]}
        ),
        201,
    )
    acknowledged = await lead(agent_h, heat, 0, municipality="Tampere")
    await ok(
        await client.post(f"{API}/leads/{acknowledged['id']}/acknowledgement", headers=agent_h)
    )
    disqualified = await lead(agent_h, heat, 0, source="web_form")
    await ok(
        await step(
            client,
            agent_h,
            disqualified["id"],
            "status",
            {"status": "disqualified", "reason": "Roskaa"},
        )
    )
    missed = await lead(agent_h, gas, 10, municipality="Espoo", source="event")
    await ok(
        await step(
            client,
            seller_h,
            missed["id"],
            "status",
            {"status": "handled_no_action", "reason": "Ei verkkoa"},
        )
    )
    earlier = await lead(agent_h, heat, 45, municipality="Oulu")
    outside = await lead(agent_h, heat, 400)  # before the report's period
    return {
        "ids": [breached, converted, acknowledged, disqualified, missed, earlier],
        "outside": outside,
        "agent_h": agent_h,
        "from": (now - timedelta(days=60)).astimezone(HKI).date().isoformat(),
        "to": now.astimezone(HKI).date().isoformat(),
    }


def expected(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The report's definitions, computed from lead records."""
    status = defaultdict(int)
    for r in rows:
        status[r["status"]] += 1
    decided = [r for r in rows if r["sla_state"] in ("met", "missed", "breached")]
    met = sum(1 for r in decided if r["sla_state"] == "met")
    hours = [r["first_action_hours"] for r in rows if r["first_action_hours"] is not None]
    return {
        "received": len(rows),
        "open": status["open"],
        "converted": status["handled"],
        "handled_no_action": status["handled_no_action"],
        "disqualified": status["disqualified"],
        "conversion_rate": round(100 * status["handled"] / len(rows), 1) if rows else None,
        "sla_decided": len(decided),
        "sla_met": met,
        "sla_compliance": round(100 * met / len(decided), 1) if decided else None,
        "first_actions": len(hours),
        "median_first_action_hours": round(statistics.median(hours), 2) if hours else None,
    }


KEYS = {
    "source": lambda r: r["source"],
    "product": lambda r: r["product_id"],
    "region": lambda r: r["region_id"],
    "month": lambda r: datetime.fromisoformat(r["received_at"]).astimezone(HKI).strftime("%Y-%m"),
    "owner": lambda r: r["owner_id"],
}


@pytest.mark.parametrize("group_by", sorted(KEYS))
async def test_the_report_matches_the_leads(client, admin_headers, leads, group_by) -> None:
    current = [
        await ok(await client.get(f"{API}/leads/{lead['id']}", headers=admin_headers))
        for lead in leads["ids"]
    ]
    report = await ok(
        await client.get(
            f"{API}/reports/leads",
            params={"from": leads["from"], "to": leads["to"], "group_by": group_by},
            headers=admin_headers,
        )
    )
    assert report["total"] == expected(current)
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in current:
        groups[KEYS[group_by](r)].append(r)
    got = {row["key"]: row["figures"] for row in report["rows"]}
    assert got == {key: expected(rows) for key, rows in groups.items()}
    assert all(row["label"] for row in report["rows"])


async def test_the_figures_as_they_stand(client, admin_headers, leads) -> None:
    report = await ok(
        await client.get(
            f"{API}/reports/leads",
            params={"from": leads["from"], "to": leads["to"]},
            headers=admin_headers,
        )
    )
    total = report["total"]
    assert (total["received"], total["converted"], total["open"]) == (6, 1, 3)
    assert total["conversion_rate"] == round(100 / 6, 1)
    # decided: two open and past due (breached), converted and disqualified (met), missed
    assert (total["sla_decided"], total["sla_met"], total["sla_compliance"]) == (5, 2, 40.0)


async def test_the_files_need_the_export_privilege(client, admin_headers, leads) -> None:
    params = {"from": leads["from"], "to": leads["to"], "group_by": "source"}
    refused = await client.get(f"{API}/reports/leads.csv", params=params, headers=leads["agent_h"])
    assert refused.status_code == 403
    csv = await client.get(f"{API}/reports/leads.csv", params=params, headers=admin_headers)
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Liidin lähde;Saapuneet;")
    assert text.splitlines()[-1].startswith("Yhteensä;6;")
    xlsx = await client.get(f"{API}/reports/leads.xlsx", params=params, headers=admin_headers)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(1, 1).value == "Liidin lähde"
    assert sheet.cell(sheet.max_row, 2).value == 6


async def test_a_period_that_ends_before_it_starts_is_refused(client, admin_headers) -> None:
    resp = await client.get(
        f"{API}/reports/leads",
        params={"from": "2026-05-02", "to": "2026-05-01"},
        headers=admin_headers,
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["query", "to"]
