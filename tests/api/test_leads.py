"""Leads through the API: capture by customer service, routing by region and product to the
right salesperson (who gets the task "Liidi" and a notice), queues and picking, the
fallback, the lifecycle, acknowledgement, duplicate warnings, the service-request link."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from tests.api.lead_factories import (
    API,
    PROBLEM,
    fetch,
    lead_body,
    make_lead,
    make_product,
    make_queue,
    make_rule,
    make_team,
    municipality,
    ok,
    set_settings,
    step,
)
from tests.api.service_factories import make_request, make_subject, notifications_of

pytestmark = pytest.mark.api


@pytest.fixture
async def scene(client, admin_headers, make_unit, make_user):
    """Customer service, two regional sellers and a gas product, with a rule: gas in
    Uusimaa → Sanna."""
    south = await make_unit("Myynti Etelä")
    north = await make_unit("Myynti Pohjoinen")
    agent, agent_h = await make_user("service", name="Aino Asiakaspalvelu")
    sanna, sanna_h = await make_user("sales", south["id"], name="Sanna Etelä")
    olli, olli_h = await make_user("sales", north["id"], name="Olli Pohjoinen")
    gas = await make_product(client, admin_headers, name="Maakaasuliittymä")
    espoo = await municipality(client, admin_headers, "Espoo")
    oulu = await municipality(client, admin_headers, "Oulu")
    rule = await make_rule(
        client,
        admin_headers,
        name="Kaasu Uusimaa",
        region_ids=[espoo["region_id"]],
        product_ids=[gas["id"]],
        assign_user_id=sanna["id"],
    )
    return {
        "south": south,
        "north": north,
        "agent": agent,
        "agent_h": agent_h,
        "sanna": sanna,
        "sanna_h": sanna_h,
        "olli": olli,
        "olli_h": olli_h,
        "gas": gas,
        "espoo": espoo,
        "oulu": oulu,
        "rule": rule,
    }


async def test_a_call_from_espoo_about_gas_goes_to_the_southern_seller_with_a_task(
    client, scene
) -> None:
    lead = await make_lead(
        client,
        scene["agent_h"],
        scene["gas"]["id"],
        municipality="Espoo",
        company_name="Kaasutin Oy",
    )
    assert lead["owner_id"] == scene["sanna"]["id"]
    assert lead["business_unit_id"] == scene["south"]["id"]
    assert lead["lead_giver_id"] == scene["agent"]["id"]
    assert lead["region_id"] == scene["espoo"]["region_id"]
    assert lead["routing_rule_id"] == scene["rule"]["id"]
    assert lead["routing"]["kind"] == "user"
    assert lead["routing"]["steps"][0]["outcome"] == "matched"
    assert lead["status"] == "open"
    assert lead["sla_state"] == "on_track"
    assert lead["source"] == "phone_call"
    assert lead["phone"] == "+358401234567"
    task = await ok(
        await client.get(f"{API}/activities/{lead['task_id']}", headers=scene["sanna_h"])
    )
    assert task["owner_id"] == scene["sanna"]["id"]
    assert task["regarding"]["type"] == "lead"
    assert task["regarding"]["id"] == lead["id"]
    assert task["duration_minutes"] == 30
    assert datetime.fromisoformat(task["due_at"]) == datetime.fromisoformat(lead["sla_due_at"])
    notices = await notifications_of(client, scene["sanna_h"])
    assert [n["kind"] for n in notices] == ["lead_assigned"]
    assert "Kaasutin Oy" in notices[0]["title"]
    assert notices[0]["link"] == f"/leads/{lead['id']}"


async def test_a_lead_from_oulu_matches_no_rule_and_stays_with_its_giver(client, scene) -> None:
    lead = await make_lead(client, scene["agent_h"], scene["gas"]["id"], municipality="Oulu")
    assert lead["owner_id"] == scene["agent"]["id"]
    assert lead["routing"]["kind"] == "none"
    assert lead["routing"]["steps"][0]["failed"] == ["region"]
    assert lead["task_id"] is None


async def test_the_fallback_queue_takes_what_no_rule_does_and_a_member_picks_it(
    client, admin_headers, scene
) -> None:
    queue = await make_queue(client, admin_headers, scene["north"]["id"], [scene["olli"]["id"]])
    await set_settings(client, admin_headers, fallback_queue_id=queue["id"])
    lead = await make_lead(client, scene["agent_h"], scene["gas"]["id"], municipality="Oulu")
    assert lead["queue_id"] == queue["id"]
    assert lead["routing"]["fallback"] is True
    assert lead["owner_id"] == scene["agent"]["id"]  # the giver keeps it while it waits
    assert lead["business_unit_id"] == scene["north"]["id"]
    assert [n["kind"] for n in await notifications_of(client, scene["olli_h"])] == ["lead_queued"]
    picked = await ok(
        await client.post(f"{API}/leads/{lead['id']}/pickup", headers=scene["olli_h"])
    )
    assert picked["owner_id"] == scene["olli"]["id"]
    assert picked["queue_id"] is None
    assert picked["acknowledged_at"] is not None
    assert picked["first_action_kind"] == "picked"
    assert picked["task_id"] is not None


async def test_round_robin_takes_turns_in_a_team_and_skips_the_inactive(
    client, admin_headers, make_user, scene
) -> None:
    members = [scene["sanna"]["id"]]
    for name in ("Tiina", "Ville"):
        user, _ = await make_user("sales", scene["south"]["id"], name=name)
        members.append(user["id"])
    team = await make_team(client, admin_headers, scene["south"]["id"], members)
    await client.patch(
        f"{API}/lead-routing-rules/{scene['rule']['id']}",
        json={"assign_user_id": None, "assign_team_id": team["id"]},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    inactive = sorted(members)[1]
    current = await client.get(f"{API}/users/{inactive}", headers=admin_headers)
    await ok(
        await client.patch(
            f"{API}/users/{inactive}",
            json={"is_active": False},
            headers={**admin_headers, "If-Match": current.headers["etag"]},
        )
    )
    owners = [
        (await make_lead(client, scene["agent_h"], scene["gas"]["id"], municipality="Espoo"))[
            "owner_id"
        ]
        for _ in range(4)
    ]
    active = sorted(m for m in members if m != inactive)
    assert owners == [active[0], active[1], active[0], active[1]]


async def test_closing_without_a_project_needs_a_reason_and_closes_the_task(client, scene) -> None:
    lead = await make_lead(client, scene["agent_h"], scene["gas"]["id"], municipality="Espoo")
    missing = await step(client, scene["sanna_h"], lead["id"], "status", {"status": "disqualified"})
    assert missing.status_code == 422
    assert missing.headers["content-type"] == PROBLEM
    closed = await ok(
        await step(
            client,
            scene["sanna_h"],
            lead["id"],
            "status",
            {"status": "handled_no_action", "reason": "Alueella ei kaasuverkkoa"},
        )
    )
    assert closed["status"] == "handled_no_action"
    assert closed["sla_state"] == "met"
    assert closed["first_action_kind"] == "status_change"
    assert closed["allowed_statuses"] == ["open"]
    task = await ok(
        await client.get(f"{API}/activities/{lead['task_id']}", headers=scene["sanna_h"])
    )
    assert task["status"] == "done"
    converted_only = await step(
        client, scene["sanna_h"], lead["id"], "status", {"status": "handled"}
    )
    assert converted_only.status_code == 409


async def test_the_owner_acknowledges_once_and_others_cannot(client, scene) -> None:
    lead = await make_lead(client, scene["agent_h"], scene["gas"]["id"], municipality="Espoo")
    not_theirs = await client.post(
        f"{API}/leads/{lead['id']}/acknowledgement", headers=scene["agent_h"]
    )
    assert not_theirs.status_code == 403
    first = await ok(
        await client.post(f"{API}/leads/{lead['id']}/acknowledgement", headers=scene["sanna_h"])
    )
    again = await ok(
        await client.post(f"{API}/leads/{lead['id']}/acknowledgement", headers=scene["sanna_h"])
    )
    assert first["acknowledged_at"] == again["acknowledged_at"]
    assert first["first_action_kind"] == "acknowledged"
    assert first["version"] == again["version"]


async def test_creating_warns_of_duplicates_but_saves(client, scene) -> None:
    first = await make_lead(client, scene["agent_h"], scene["gas"]["id"], email="Maija@Example.fi")
    second = await make_lead(
        client, scene["agent_h"], scene["gas"]["id"], email="maija@example.fi", phone="0409999999"
    )
    assert [(d["kind"], d["id"], d["matched_on"]) for d in second["duplicates"]] == [
        ("lead", first["id"], ["email"])
    ]
    checked = await ok(
        await client.get(
            f"{API}/leads/duplicates",
            params={"phone": "+358 40 123 4567"},
            headers=scene["agent_h"],
        )
    )
    assert [d["id"] for d in checked["items"]] == [first["id"]]


async def test_a_lead_from_a_service_request_keeps_the_link_both_ways(
    client, admin_headers, scene
) -> None:
    subject = await make_subject(client, admin_headers)
    account = await ok(
        await client.post(f"{API}/accounts", json={"name": "Soittaja Oy"}, headers=admin_headers),
        201,
    )
    request = await make_request(client, scene["agent_h"], subject["id"], account_id=account["id"])
    lead = await make_lead(
        client, scene["agent_h"], scene["gas"]["id"], service_request_id=request["id"]
    )
    assert lead["source"] == "service_request"
    listed = await ok(
        await client.get(
            f"{API}/leads", params={"service_request_id": request["id"]}, headers=scene["agent_h"]
        )
    )
    assert [x["id"] for x in listed["items"]] == [lead["id"]]


async def test_invalid_input_names_the_field(client, scene) -> None:
    cases = {
        "phone": {"phone": "12"},
        "business_id": {"business_id": "1234567-2"},
        "municipality": {"municipality": "Atlantis"},
        "product_id": {"product_id": "0190f0f0-0000-7000-8000-000000000000"},
        "received_at": {"received_at": (datetime.now(UTC) + timedelta(days=1)).isoformat()},
    }
    for name, fields in cases.items():
        body = {**lead_body(scene["gas"]["id"]), **fields}
        resp = await client.post(f"{API}/leads", json=body, headers=scene["agent_h"])
        assert resp.status_code == 422, (name, resp.text)
        assert resp.json()["errors"][0]["loc"][-1] == name
    listed = await ok(await client.get(f"{API}/leads", headers=scene["agent_h"]))
    assert listed["items"] == []


async def test_the_lead_page_shows_names_and_history(client, scene) -> None:
    lead = await make_lead(client, scene["agent_h"], scene["gas"]["id"], municipality="Espoo")
    page = await fetch(client, scene["sanna_h"], lead["id"])
    body = page.json()
    assert page.headers["etag"] == f'"{body["version"]}"'
    assert body["owner_name"] == "Sanna Etelä"
    assert body["lead_giver_name"] == "Aino Asiakaspalvelu"
    assert body["product_name"] == "Maakaasuliittymä"
    assert body["municipality_name"] == "Espoo"
    assert body["region_name"] == "Uusimaa"
    history = await ok(
        await client.get(f"{API}/leads/{lead['id']}/history", headers=scene["sanna_h"])
    )
    assert history["items"][0]["operation"] == "create"


async def test_concurrent_leads_take_turns_in_the_team(
    client, admin_headers, make_user, scene
) -> None:
    """The round robin's turn is locked while a lead is routed: leads arriving at the same
    time still go to different members."""
    members = [scene["sanna"]["id"]]
    for name in ("Tiina", "Ville"):
        user, _ = await make_user("sales", scene["south"]["id"], name=name)
        members.append(user["id"])
    team = await make_team(client, admin_headers, scene["south"]["id"], members)
    await ok(
        await client.patch(
            f"{API}/lead-routing-rules/{scene['rule']['id']}",
            json={"assign_user_id": None, "assign_team_id": team["id"]},
            headers={**admin_headers, "If-Match": '"1"'},
        )
    )
    body = lead_body(scene["gas"]["id"], municipality="Espoo")
    created = await asyncio.gather(
        *(client.post(f"{API}/leads", json=body, headers=scene["agent_h"]) for _ in range(6))
    )
    owners = [(await ok(resp, 201))["owner_id"] for resp in created]
    assert sorted(owners) == sorted(members * 2)


async def test_an_integration_captures_leads_with_an_api_key(
    client, admin_headers, make_user, scene
) -> None:
    robot, _ = await make_user("integration", name="Chat-integraatio")
    key = await ok(
        await client.post(
            f"{API}/api-keys",
            json={"name": "Chat", "user_id": robot["id"], "scopes": ["lead:create", "lead:read"]},
            headers=admin_headers,
        ),
        201,
    )
    bearer = {"Authorization": f"Bearer {key['secret']}"}
    lead = await make_lead(
        client, bearer, scene["gas"]["id"], municipality="Espoo", source="integration"
    )
    assert (lead["lead_giver_id"], lead["owner_id"]) == (robot["id"], scene["sanna"]["id"])
    assert lead["task_id"] is not None
    no_scope = await ok(
        await client.post(
            f"{API}/api-keys",
            json={"name": "Lukija", "user_id": robot["id"], "scopes": ["lead:read"]},
            headers=admin_headers,
        ),
        201,
    )
    refused = await client.post(
        f"{API}/leads",
        json=lead_body(scene["gas"]["id"]),
        headers={"Authorization": f"Bearer {no_scope['secret']}"},
    )
    assert refused.status_code == 403


async def test_the_owners_own_activity_and_the_task_done_are_first_actions(client, scene) -> None:
    lead = await make_lead(client, scene["agent_h"], scene["gas"]["id"], municipality="Espoo")
    by_others = await client.post(
        f"{API}/activities",
        json={
            "type": "note",
            "subject": "Asiakas soitti uudelleen",
            "regarding_type": "lead",
            "regarding_id": lead["id"],
        },
        headers=scene["agent_h"],
    )
    assert by_others.status_code == 201, by_others.text
    assert (await ok(await fetch(client, scene["sanna_h"], lead["id"])))["first_action_at"] is None
    call = await client.post(
        f"{API}/activities",
        json={
            "type": "phone_call",
            "subject": "Soitin asiakkaalle",
            "regarding_type": "lead",
            "regarding_id": lead["id"],
            "direction": "outgoing",
        },
        headers=scene["sanna_h"],
    )
    assert call.status_code == 201, call.text
    after_call = await ok(await fetch(client, scene["sanna_h"], lead["id"]))
    assert after_call["first_action_kind"] == "activity"
    assert after_call["acknowledged_by_id"] == scene["sanna"]["id"]
    other = await make_lead(client, scene["agent_h"], scene["gas"]["id"], municipality="Espoo")
    task = await client.get(f"{API}/activities/{other['task_id']}", headers=scene["sanna_h"])
    done = await client.patch(
        f"{API}/activities/{other['task_id']}",
        json={"status": "done"},
        headers={**scene["sanna_h"], "If-Match": task.headers["etag"]},
    )
    assert done.status_code == 200, done.text
    assert (await ok(await fetch(client, scene["sanna_h"], other["id"])))[
        "first_action_kind"
    ] == "task_done"
    on_timeline = await ok(
        await client.get(
            f"{API}/activities",
            params={"regarding_type": "lead", "regarding_id": lead["id"]},
            headers=scene["sanna_h"],
        )
    )
    # Her task and her call; the agent's note is customer service's (not in her read scope).
    assert len(on_timeline["items"]) == 2
    assert {a["regarding"]["label"] for a in on_timeline["items"]} == {
        f"{lead['company_name']} (Maija Meikäläinen)"
    }


async def test_an_edited_region_is_routed_again_on_request(client, scene) -> None:
    lead = await make_lead(client, scene["agent_h"], scene["gas"]["id"], municipality="Oulu")
    assert lead["owner_id"] == scene["agent"]["id"]
    fixed = await client.patch(
        f"{API}/leads/{lead['id']}",
        json={"municipality": "Espoo"},
        headers={**scene["agent_h"], "If-Match": f'"{lead["version"]}"'},
    )
    edited = await ok(fixed)
    assert (edited["region_name"], edited["owner_id"]) == ("Uusimaa", scene["agent"]["id"])
    routed = await ok(await step(client, scene["agent_h"], lead["id"], "routing"))
    assert routed["owner_id"] == scene["sanna"]["id"]
    assert routed["task_id"] is not None
    for field, value in (
        ("status", "handled"),
        ("owner_id", scene["olli"]["id"]),
        ("received_at", "2026-01-01T00:00:00Z"),
    ):
        resp = await client.patch(
            f"{API}/leads/{lead['id']}",
            json={field: value},
            headers={**scene["sanna_h"], "If-Match": f'"{routed["version"]}"'},
        )
        assert resp.status_code == 422, (field, resp.text)


async def test_leads_are_in_the_changes_feed_of_those_who_may_read_them(client, scene) -> None:
    lead = await make_lead(client, scene["agent_h"], scene["gas"]["id"], municipality="Espoo")
    feed = await ok(
        await client.get(f"{API}/changes", params={"entity": "lead"}, headers=scene["sanna_h"])
    )
    assert [c["id"] for c in feed["items"]] == [lead["id"]]
    assert feed["items"][0]["data"]["company_name"] == lead["company_name"]
    other = await ok(
        await client.get(f"{API}/changes", params={"entity": "lead"}, headers=scene["olli_h"])
    )
    assert other["items"] == []
