"""Who reads and changes leads: the owner and the owner's unit (by role), queue members, the
lead giver, the owner's supervisor; customer service watches every unit's unacknowledged and
breached leads; account-creation requests are their salesperson's own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.api.lead_factories import (
    API,
    fetch,
    make_lead,
    make_product,
    make_queue,
    make_rule,
    municipality,
    ok,
    step,
)

pytestmark = pytest.mark.api


@pytest.fixture
async def units(client, admin_headers, make_unit, make_user) -> dict[str, Any]:
    a = await make_unit("Yksikkö A")
    b = await make_unit("Yksikkö B")
    cs = await make_unit("Asiakaspalvelu")
    seller_a, seller_a_h = await make_user("sales", a["id"], name="Aino A")
    colleague_a, colleague_a_h = await make_user("sales", a["id"], name="Antti A")
    seller_b, seller_b_h = await make_user("sales", b["id"], name="Bertta B")
    agent, agent_h = await make_user("service", cs["id"], name="Asko Asiakaspalvelu")
    product = await make_product(client, admin_headers)
    espoo = await municipality(client, admin_headers, "Espoo")
    await make_rule(
        client,
        admin_headers,
        region_ids=[espoo["region_id"]],
        product_ids=[product["id"]],
        assign_user_id=seller_a["id"],
    )
    return {
        "a": a,
        "b": b,
        "seller_a": seller_a,
        "seller_a_h": seller_a_h,
        "colleague_a": colleague_a,
        "colleague_a_h": colleague_a_h,
        "seller_b": seller_b,
        "seller_b_h": seller_b_h,
        "agent": agent,
        "agent_h": agent_h,
        "product": product,
        "admin_h": admin_headers,
    }


async def lead_for_a(client, units, **fields: Any) -> dict[str, Any]:
    return await make_lead(
        client, units["agent_h"], units["product"]["id"], municipality="Espoo", **fields
    )


async def ids(client, headers, **params: Any) -> list[str]:
    found = await ok(await client.get(f"{API}/leads", params=params, headers=headers))
    return [lead["id"] for lead in found["items"]]


async def test_another_units_seller_sees_nothing_of_the_lead(client, units) -> None:
    lead = await lead_for_a(client, units)
    assert (await fetch(client, units["seller_b_h"], lead["id"])).status_code == 404
    assert lead["id"] not in await ids(client, units["seller_b_h"])
    for name in ("acknowledgement", "pickup"):
        resp = await client.post(f"{API}/leads/{lead['id']}/{name}", headers=units["seller_b_h"])
        assert resp.status_code == 404
    for path in ("history", "conversion-candidates"):
        resp = await client.get(f"{API}/leads/{lead['id']}/{path}", headers=units["seller_b_h"])
        assert resp.status_code == 404
    dupes = await ok(
        await client.get(
            f"{API}/leads/duplicates", params={"phone": lead["phone"]}, headers=units["seller_b_h"]
        )
    )
    assert dupes["items"] == []


async def test_a_unit_colleague_reads_but_only_the_owner_changes_it(client, units) -> None:
    lead = await lead_for_a(client, units)
    assert (await fetch(client, units["colleague_a_h"], lead["id"])).status_code == 200
    closing = await step(
        client,
        units["colleague_a_h"],
        lead["id"],
        "status",
        {"status": "disqualified", "reason": "Ei minun"},
    )
    assert closing.status_code == 403
    patch = await client.patch(
        f"{API}/leads/{lead['id']}",
        json={"priority": "high"},
        headers={**units["colleague_a_h"], "If-Match": f'"{lead["version"]}"'},
    )
    assert patch.status_code == 403
    passed = await step(
        client,
        units["seller_a_h"],
        lead["id"],
        "assignment",
        {"user_id": units["colleague_a"]["id"]},
    )
    moved = await ok(passed)
    assert moved["owner_id"] == units["colleague_a"]["id"]
    assert moved["acknowledged_at"] is None
    assert moved["task_id"] not in (None, lead["task_id"])
    old_task = await ok(
        await client.get(f"{API}/activities/{lead['task_id']}", headers=units["admin_h"])
    )
    assert old_task["status"] == "cancelled"


async def test_queue_members_read_and_pick_what_waits_in_their_queue(
    client, admin_headers, units
) -> None:
    queue = await make_queue(client, admin_headers, units["b"]["id"], [units["seller_b"]["id"]])
    lead = await lead_for_a(client, units)
    queued = await ok(
        await step(client, units["agent_h"], lead["id"], "assignment", {"queue_id": queue["id"]})
    )
    assert queued["queue_id"] == queue["id"]
    assert (await fetch(client, units["seller_b_h"], lead["id"])).status_code == 200
    assert lead["id"] in await ids(client, units["seller_b_h"], in_my_queues="true")
    not_member = await client.post(f"{API}/leads/{lead['id']}/pickup", headers=units["seller_a_h"])
    assert not_member.status_code in (403, 404)
    picked = await ok(
        await client.post(f"{API}/leads/{lead['id']}/pickup", headers=units["seller_b_h"])
    )
    assert picked["owner_id"] == units["seller_b"]["id"]


async def test_the_lead_giver_keeps_reading_a_lead_routed_elsewhere(client, units) -> None:
    lead = await make_lead(
        client, units["seller_b_h"], units["product"]["id"], municipality="Espoo"
    )
    assert lead["owner_id"] == units["seller_a"]["id"]
    seen = await fetch(client, units["seller_b_h"], lead["id"])
    assert seen.status_code == 200
    assert lead["id"] in await ids(
        client, units["seller_b_h"], lead_giver_id=units["seller_b"]["id"]
    )
    cannot_close = await step(
        client, units["seller_b_h"], lead["id"], "status", {"status": "disqualified", "reason": "x"}
    )
    assert cannot_close.status_code == 403


async def test_a_supervisor_reads_the_leads_of_the_people_they_supervise(
    client, admin_headers, units, make_user
) -> None:
    boss, boss_h = await make_user("sales", units["b"]["id"], name="Esihenkilö B")
    user = await client.get(f"{API}/users/{units['seller_a']['id']}", headers=admin_headers)
    assert (
        await client.patch(
            f"{API}/users/{units['seller_a']['id']}",
            json={"manager_id": boss["id"]},
            headers={**admin_headers, "If-Match": user.headers["etag"]},
        )
    ).json()["manager_id"] == boss["id"]
    lead = await lead_for_a(client, units)
    assert (await fetch(client, boss_h, lead["id"])).status_code == 200
    assert lead["id"] in await ids(client, boss_h)
    # …but supervising grants no write.
    closing = await step(
        client, boss_h, lead["id"], "status", {"status": "disqualified", "reason": "x"}
    )
    assert closing.status_code == 403


async def test_customer_service_sees_every_units_unacknowledged_and_breached_leads(
    client, units
) -> None:
    long_ago = (datetime.now(UTC) - timedelta(days=10)).isoformat()
    late = await lead_for_a(client, units, received_at=long_ago)
    fresh = await lead_for_a(client, units)
    acknowledged = await lead_for_a(client, units)
    await ok(
        await client.post(
            f"{API}/leads/{acknowledged['id']}/acknowledgement", headers=units["seller_a_h"]
        )
    )
    other_agent_h = units["agent_h"]
    breached = await ids(client, other_agent_h, sla_state="breached")
    assert breached == [late["id"]]
    not_acknowledged = set(await ids(client, other_agent_h, acknowledged="false"))
    assert not_acknowledged == {late["id"], fresh["id"]}
    summary = await ok(await client.get(f"{API}/leads/summary", headers=other_agent_h))
    assert (summary["open"], summary["breached"], summary["not_acknowledged"]) == (3, 1, 2)
    assert await ids(client, units["seller_b_h"], sla_state="breached") == []


async def test_a_salespersons_account_request_is_theirs(client, units) -> None:
    created = await ok(
        await client.post(
            f"{API}/account-creation-requests",
            json={"name": "Oma Asiakas Oy"},
            headers=units["seller_a_h"],
        ),
        201,
    )
    path = f"{API}/account-creation-requests/{created['id']}"
    assert (await client.get(path, headers=units["colleague_a_h"])).status_code == 404
    assert (await client.get(path, headers=units["seller_b_h"])).status_code == 404
    assert (await client.get(path, headers=units["agent_h"])).status_code == 200
    listed = await ok(
        await client.get(f"{API}/account-creation-requests", headers=units["colleague_a_h"])
    )
    assert listed["items"] == []
