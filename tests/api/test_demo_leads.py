"""The demo's leads: every SLA state, queues, routing rules for the demo regions and products,
a web form, and account-creation requests in every state — consistent with the rules."""

from __future__ import annotations

import pytest

from api.demo import ADMIN_EMAIL, DEMO_PASSWORD, seed_demo

pytestmark = pytest.mark.api

API = "/api/v1"


async def test_the_demo_leads_show_every_state(client, container, login) -> None:
    assert (await seed_demo(container, 40, n_requests=20, n_projects=10)).created
    admin = await login(ADMIN_EMAIL, DEMO_PASSWORD)
    leads = (await client.get(f"{API}/leads", params={"limit": 200}, headers=admin)).json()["items"]
    states = {lead["sla_state"] for lead in leads}
    assert {"on_track", "at_risk", "breached", "met", "missed"} <= states
    assert {lead["status"] for lead in leads} == {
        "open",
        "handled",
        "handled_no_action",
        "disqualified",
    }
    assert any(lead["queue_id"] for lead in leads)
    assert any(lead["acknowledged_at"] is None and lead["status"] == "open" for lead in leads)
    assert any(lead["routing"]["kind"] == "user" and lead["routing"]["team_id"] for lead in leads)
    for lead in leads:
        if lead["status"] == "handled":
            assert lead["sales_project_id"]
            assert lead["account_id"]
            assert lead["contact_id"]
        if lead["queue_id"]:
            assert lead["owner_id"] == lead["lead_giver_id"]

    requests = (await client.get(f"{API}/account-creation-requests", headers=admin)).json()["items"]
    assert sorted(r["state"] for r in requests) == [
        "completed",
        "draft",
        "in_progress",
        "rejected",
        "submitted",
    ]
    completed = next(r for r in requests if r["state"] == "completed")
    assert completed["account_id"]
    assert completed["customer_number"] == "400321"

    rules = (await client.get(f"{API}/lead-routing-rules", headers=admin)).json()["items"]
    assert len(rules) >= 6
    forms = (await client.get(f"{API}/lead-forms", headers=admin)).json()["items"]
    assert forms[0]["allowed_origins"] == ["https://www.kumppani-energia.example"]

    products = (
        await client.get(f"{API}/products", params={"q": "Maakaasuliittymä"}, headers=admin)
    ).json()
    test = await client.post(
        f"{API}/lead-routing-rules/test",
        json={"product_id": products["items"][0]["id"], "municipality": "Tampere"},
        headers=admin,
    )
    assert test.status_code == 200, test.text
    assert test.json()["user_name"] == "Sanna Virtanen"
    assert test.json()["rule_name"] == "Kaasu – Pirkanmaa ja Häme"
