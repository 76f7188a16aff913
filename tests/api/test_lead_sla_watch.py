"""The SLA watch: at-risk notices to the owner (or the queue), breach notices to the owner's
manager — the supervisor set on the user, else the unit's managers — and to the lead giver;
each once. It runs as a periodic job and on demand (POST /lead-sla-checks, optionally as of
a given moment: what a browser test with a moved clock needs)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from api.jobs import lead_sla_watch
from tests.api.lead_factories import (
    API,
    make_lead,
    make_product,
    make_queue,
    make_rule,
    municipality,
    ok,
    step,
)
from tests.api.service_factories import notifications_of

pytestmark = pytest.mark.api


@pytest.fixture
async def scene(client, admin_headers, make_unit, make_user) -> dict[str, Any]:
    south = await make_unit("Myynti Etelä")
    agent, agent_h = await make_user("service", name="Aino Asiakaspalvelu")
    seller, seller_h = await make_user("sales", south["id"], name="Sanna Etelä")
    _unit_manager, unit_manager_h = await make_user("manager", south["id"], name="Mirja Esimies")
    boss, boss_h = await make_user("sales", name="Pekka Päällikkö")
    product = await make_product(client, admin_headers, name="Kaukolämpöliittymä")
    espoo = await municipality(client, admin_headers, "Espoo")
    await make_rule(
        client,
        admin_headers,
        region_ids=[espoo["region_id"]],
        product_ids=[product["id"]],
        assign_user_id=seller["id"],
    )
    return {
        "south": south,
        "agent": agent,
        "agent_h": agent_h,
        "seller": seller,
        "seller_h": seller_h,
        "unit_manager_h": unit_manager_h,
        "boss": boss,
        "boss_h": boss_h,
        "product": product,
    }


def ago(**delta: float) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


async def check(client, admin_headers, now: str | None = None) -> dict[str, Any]:
    body = {"now": now} if now else {}
    return await ok(await client.post(f"{API}/lead-sla-checks", json=body, headers=admin_headers))  # type: ignore[no-any-return]


async def kinds(client, headers) -> list[str]:
    return [n["kind"] for n in await notifications_of(client, headers)]


async def test_a_breach_tells_the_unit_managers_and_the_giver_once(
    client, admin_headers, scene
) -> None:
    lead = await make_lead(
        client,
        scene["agent_h"],
        scene["product"]["id"],
        municipality="Espoo",
        received_at=ago(days=10),
    )
    first = await check(client, admin_headers)
    assert first["breached"] == 1
    assert await kinds(client, scene["unit_manager_h"]) == ["lead_breached"]
    assert await kinds(client, scene["agent_h"]) == ["lead_breached"]
    notice = (await notifications_of(client, scene["unit_manager_h"]))[0]
    assert notice["link"] == f"/leads/{lead['id']}"
    assert "Sanna Etelä" in (notice["body"] or "")
    again = await check(client, admin_headers)
    assert again == {**again, "at_risk": 0, "breached": 0}
    assert await kinds(client, scene["unit_manager_h"]) == ["lead_breached"]


async def test_the_owners_supervisor_is_told_instead_of_the_unit_managers(
    client, admin_headers, scene
) -> None:
    user = await client.get(f"{API}/users/{scene['seller']['id']}", headers=admin_headers)
    await ok(
        await client.patch(
            f"{API}/users/{scene['seller']['id']}",
            json={"manager_id": scene["boss"]["id"]},
            headers={**admin_headers, "If-Match": user.headers["etag"]},
        )
    )
    lead = await make_lead(
        client,
        scene["agent_h"],
        scene["product"]["id"],
        municipality="Espoo",
        received_at=ago(days=10),
    )
    await check(client, admin_headers)
    assert await kinds(client, scene["boss_h"]) == ["lead_breached"]
    assert await kinds(client, scene["unit_manager_h"]) == []
    # The supervisor can open what the notice links to.
    assert (
        await client.get(f"{API}/leads/{lead['id']}", headers=scene["boss_h"])
    ).status_code == 200


async def test_at_risk_tells_the_owner_and_a_closed_lead_is_left_alone(
    client, admin_headers, scene
) -> None:
    lead = await make_lead(client, scene["agent_h"], scene["product"]["id"], municipality="Espoo")
    due = datetime.fromisoformat(lead["sla_due_at"])
    at_risk = datetime.fromisoformat(lead["sla_at_risk_at"])
    assert at_risk < due
    not_yet = await check(client, admin_headers, (at_risk - timedelta(minutes=1)).isoformat())
    assert not_yet["at_risk"] == 0
    risky = await check(client, admin_headers, (at_risk + timedelta(minutes=1)).isoformat())
    assert risky["at_risk"] == 1
    assert "lead_at_risk" in await kinds(client, scene["seller_h"])
    await ok(
        await step(
            client,
            scene["seller_h"],
            lead["id"],
            "status",
            {"status": "handled_no_action", "reason": "Ei kaukolämpöverkkoa"},
        )
    )
    late = await check(client, admin_headers, (due + timedelta(days=3)).isoformat())
    assert late["breached"] == 0


async def test_a_queued_lead_breaches_to_the_queue_units_managers(
    client, admin_headers, scene
) -> None:
    queue = await make_queue(client, admin_headers, scene["south"]["id"], [scene["seller"]["id"]])
    lead = await make_lead(
        client, scene["agent_h"], scene["product"]["id"], received_at=ago(days=10)
    )
    await ok(
        await step(client, scene["agent_h"], lead["id"], "assignment", {"queue_id": queue["id"]})
    )
    await check(client, admin_headers)
    assert await kinds(client, scene["unit_manager_h"]) == ["lead_breached"]


async def test_the_periodic_job_does_the_same(client, container, scene) -> None:
    await make_lead(
        client,
        scene["agent_h"],
        scene["product"]["id"],
        municipality="Espoo",
        received_at=ago(days=10),
    )
    assert await lead_sla_watch(container) == {"at_risk": 0, "breached": 1}
    assert await lead_sla_watch(container) == {"at_risk": 0, "breached": 0}


async def test_only_the_lead_setup_admin_runs_the_check(client, scene) -> None:
    resp = await client.post(f"{API}/lead-sla-checks", json={}, headers=scene["agent_h"])
    assert resp.status_code == 403
