"""The leads set-up: routing rules (validation, order, history, the test tool), SLA policies
(one per unit and product; a policy that restarts the clock on reassignment), web forms
(origins), the lead settings; and that only administrators change it while everyone reads."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.api.lead_factories import (
    API,
    make_group,
    make_lead,
    make_product,
    make_queue,
    make_rule,
    municipality,
    ok,
    set_settings,
    step,
)

pytestmark = pytest.mark.api

MISSING = "0190f0f0-0000-7000-8000-000000000000"


async def test_a_rule_has_one_target_and_known_conditions(client, admin_headers, make_user) -> None:
    seller, _ = await make_user("sales")
    queue = await make_queue(client, admin_headers, seller["business_unit_id"])
    for body, field in (
        ({"name": "x"}, "assign_user_id"),
        (
            {"name": "x", "assign_user_id": seller["id"], "assign_queue_id": queue["id"]},
            "assign_user_id",
        ),
        ({"name": "x", "assign_user_id": MISSING}, "assign_user_id"),
        ({"name": "x", "assign_user_id": seller["id"], "region_ids": [MISSING]}, "region_ids"),
        (
            {"name": "x", "assign_user_id": seller["id"], "product_group_ids": [MISSING]},
            "product_group_ids",
        ),
        ({"name": " ", "assign_user_id": seller["id"]}, "name"),
    ):
        resp = await client.post(f"{API}/lead-routing-rules", json=body, headers=admin_headers)
        assert resp.status_code == 422, (body, resp.text)
        assert resp.json()["errors"][0]["loc"][-1] == field


async def test_rules_are_listed_in_order_and_reordered_whole(
    client, admin_headers, make_user
) -> None:
    seller, seller_h = await make_user("sales")
    first = await make_rule(client, admin_headers, name="Eka", assign_user_id=seller["id"])
    second = await make_rule(client, admin_headers, name="Toka", assign_user_id=seller["id"])
    assert (first["position"], second["position"]) == (10, 20)
    listed = await ok(await client.get(f"{API}/lead-routing-rules", headers=seller_h))
    assert [r["name"] for r in listed["items"]] == ["Eka", "Toka"]
    partial = await client.put(
        f"{API}/lead-routing-rules/order", json={"rule_ids": [second["id"]]}, headers=admin_headers
    )
    assert partial.status_code == 422
    reordered = await ok(
        await client.put(
            f"{API}/lead-routing-rules/order",
            json={"rule_ids": [second["id"], first["id"]]},
            headers=admin_headers,
        )
    )
    assert [(r["name"], r["position"]) for r in reordered["items"]] == [("Toka", 10), ("Eka", 20)]
    history = await ok(
        await client.get(f"{API}/lead-routing-rules/{first['id']}/history", headers=admin_headers)
    )
    assert {h["field"] for h in history["items"]} >= {"position"}
    refused = await client.post(
        f"{API}/lead-routing-rules",
        json={"name": "Oma", "assign_user_id": seller["id"]},
        headers=seller_h,
    )
    assert refused.status_code == 403


async def test_the_test_tool_shows_the_winner_without_moving_the_round_robin(
    client, admin_headers, make_unit, make_user
) -> None:
    unit = await make_unit()
    a, _ = await make_user("sales", unit["id"], name="Aaro")
    b, _ = await make_user("sales", unit["id"], name="Bea")
    _agent, agent_h = await make_user("service")
    team = await ok(
        await client.post(
            f"{API}/teams",
            json={
                "name": "Tiimi",
                "business_unit_id": unit["id"],
                "member_ids": [a["id"], b["id"]],
            },
            headers=admin_headers,
        ),
        201,
    )
    group = await make_group(client, admin_headers, name="Kaasu")
    gas = await make_product(client, admin_headers, product_group_id=group["id"])
    espoo = await municipality(client, admin_headers, "Espoo")
    await make_rule(
        client,
        admin_headers,
        name="Kaasu Uusimaa",
        region_ids=[espoo["region_id"]],
        product_group_ids=[group["id"]],
        assign_team_id=team["id"],
    )
    ask = {"product_id": gas["id"], "municipality": "Espoo"}
    answers = [
        await ok(await client.post(f"{API}/lead-routing-rules/test", json=ask, headers=agent_h))
        for _ in range(2)
    ]
    assert answers[0] == answers[1]
    first = answers[0]
    assert first["rule_name"] == "Kaasu Uusimaa"
    assert first["region_name"] == "Uusimaa"
    assert first["routing"]["team_id"] == team["id"]
    lead = await make_lead(client, agent_h, gas["id"], municipality="Espoo")
    assert lead["owner_id"] == first["routing"]["user_id"]
    after = await ok(await client.post(f"{API}/lead-routing-rules/test", json=ask, headers=agent_h))
    assert after["routing"]["user_id"] != first["routing"]["user_id"]
    elsewhere = await ok(
        await client.post(
            f"{API}/lead-routing-rules/test",
            json={"product_id": gas["id"], "municipality": "Oulu"},
            headers=agent_h,
        )
    )
    assert elsewhere["routing"]["kind"] == "none"
    assert elsewhere["routing"]["steps"][0]["failed"] == ["region"]


async def test_one_policy_per_unit_and_product(client, admin_headers, make_unit) -> None:
    unit = await make_unit()
    body = {"business_unit_id": unit["id"], "working_days": 1}
    await ok(await client.post(f"{API}/lead-sla-policies", json=body, headers=admin_headers), 201)
    again = await client.post(f"{API}/lead-sla-policies", json=body, headers=admin_headers)
    assert again.status_code == 409
    neither = await client.post(
        f"{API}/lead-sla-policies", json={"working_days": 1}, headers=admin_headers
    )
    assert neither.status_code == 422
    too_long = await client.post(
        f"{API}/lead-sla-policies",
        json={"business_unit_id": unit["id"], "working_days": 61},
        headers=admin_headers,
    )
    assert too_long.status_code == 422


async def test_a_unit_policy_sets_the_due_time_and_may_restart_it_on_reassignment(
    client, admin_headers, make_unit, make_user
) -> None:
    south = await make_unit("Etelä")
    north = await make_unit("Pohjoinen")
    _agent, agent_h = await make_user("service")
    seller, _ = await make_user("sales", south["id"])
    other, _ = await make_user("sales", north["id"])
    product = await make_product(client, admin_headers)
    await make_rule(client, admin_headers, product_ids=[product["id"]], assign_user_id=seller["id"])
    await ok(
        await client.post(
            f"{API}/lead-sla-policies",
            json={"business_unit_id": south["id"], "working_days": 1, "at_risk_working_hours": 2},
            headers=admin_headers,
        ),
        201,
    )
    await ok(
        await client.post(
            f"{API}/lead-sla-policies",
            json={
                "business_unit_id": north["id"],
                "working_days": 3,
                "restarts_on_reassignment": True,
            },
            headers=admin_headers,
        ),
        201,
    )
    lead = await make_lead(client, agent_h, product["id"])
    assert (lead["sla_working_hours"], lead["sla_policy_id"] is not None) == (8, True)
    moved = await ok(
        await step(client, agent_h, lead["id"], "assignment", {"user_id": other["id"]})
    )
    assert moved["sla_working_hours"] == 24
    assert datetime.fromisoformat(moved["sla_due_at"]) > datetime.fromisoformat(lead["sla_due_at"])
    back = await ok(
        await step(client, agent_h, lead["id"], "assignment", {"user_id": seller["id"]})
    )
    assert back["sla_due_at"] == moved["sla_due_at"]  # the south policy does not restart it


async def test_form_origins_are_exact(client, admin_headers, make_user) -> None:
    giver, _ = await make_user("service")
    for origin in ("https://*.example.fi", "https://example.fi/path", "ftp://example.fi", "*"):
        resp = await client.post(
            f"{API}/lead-forms",
            json={"name": "Lomake", "lead_giver_id": giver["id"], "allowed_origins": [origin]},
            headers=admin_headers,
        )
        assert resp.status_code == 422, origin
        assert resp.json()["errors"][0]["loc"] == ["body", "allowed_origins", 0]


async def test_lead_settings_take_active_queues_only(client, admin_headers, make_user) -> None:
    seller, seller_h = await make_user("sales")
    queue = await make_queue(client, admin_headers, seller["business_unit_id"])
    settings = await set_settings(client, admin_headers, fallback_queue_id=queue["id"])
    assert settings["fallback_queue_id"] == queue["id"]
    bad = await client.patch(
        f"{API}/lead-settings",
        json={"account_request_queue_id": MISSING},
        headers={**admin_headers, "If-Match": f'"{settings["version"]}"'},
    )
    assert bad.status_code == 422
    stale = await client.patch(
        f"{API}/lead-settings",
        json={"fallback_queue_id": None},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert stale.status_code == 412
    read = await client.get(f"{API}/lead-settings", headers=seller_h)
    assert read.status_code == 200
    refused = await client.patch(
        f"{API}/lead-settings",
        json={"fallback_queue_id": None},
        headers={**seller_h, "If-Match": read.headers["etag"]},
    )
    assert refused.status_code == 403
