"""Converting a lead: account (business-ID match first, then the chosen candidate, else a new
one), contact and a sales project of a chosen type, all or nothing; converting twice is
refused."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from domain.leads import conversion
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

BUSINESS_ID = "0112038-9"


@pytest.fixture
async def scene(client, admin_headers, make_unit, make_user):
    south = await make_unit("Myynti Etelä")
    other = await make_unit("Muu yksikkö")
    _agent, agent_h = await make_user("service", name="Aino Asiakaspalvelu")
    seller, seller_h = await make_user("sales", south["id"], name="Sanna Etelä")
    _stranger, stranger_h = await make_user("sales", other["id"], name="Muu Myyjä")
    gas = await make_product(client, admin_headers, name="Maakaasuliittymä")
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
                "key": "gas_connection_test",
                "name": "Kaasuliittymämyynti",
                "stages": [
                    {"key": "offer", "name": "Tarjous", "default_duration_days": 5},
                    {"key": "contract", "name": "Sopimus"},
                ],
            },
            headers=admin_headers,
        ),
        201,
    )
    return {
        "agent_h": agent_h,
        "seller": seller,
        "seller_h": seller_h,
        "stranger_h": stranger_h,
        "gas": gas,
        "type": ptype,
    }


async def _lead(client, scene, **fields: Any) -> dict[str, Any]:
    return await make_lead(
        client,
        scene["agent_h"],
        scene["gas"]["id"],
        municipality="Espoo",
        company_name="Kaasutin Oy",
        contact_name="Maija Liisa Meikäläinen",
        email="maija@kaasutin.fi",
        **fields,
    )


async def convert(client, scene, lead_id: str, **body: Any):
    return await step(
        client,
        scene["seller_h"],
        lead_id,
        "conversion",
        {"project_type_id": scene["type"]["id"], **body},
    )


async def _left_behind(client, admin_headers) -> dict[str, int]:
    """What a failed conversion of "Kaasutin Oy" / Meikäläinen could have left."""
    accounts = await ok(
        await client.get(f"{API}/accounts", params={"q": "Kaasutin"}, headers=admin_headers)
    )
    contacts = await ok(
        await client.get(f"{API}/contacts", params={"q": "Meikäläinen"}, headers=admin_headers)
    )
    projects = await ok(
        await client.get(f"{API}/sales-projects", params={"q": "Kaasutin"}, headers=admin_headers)
    )
    return {
        "accounts": len(accounts["items"]),
        "contacts": len(contacts["items"]),
        "projects": len(projects["items"]),
    }


NOTHING = {"accounts": 0, "contacts": 0, "projects": 0}


async def test_conversion_creates_the_account_contact_and_project_and_keeps_the_links(
    client, admin_headers, scene
) -> None:
    lead = await _lead(client, scene)
    resp = await convert(client, scene, lead["id"], estimated_value="12500.50")
    done = await ok(resp, 201)
    assert done["account_created"] is True
    assert done["contact_created"] is True
    converted = done["lead"]
    assert converted["status"] == "handled"
    assert converted["sla_state"] == "met"
    assert converted["first_action_kind"] == "conversion"
    assert (converted["account_id"], converted["contact_id"], converted["sales_project_id"]) == (
        done["account_id"],
        done["contact_id"],
        done["sales_project_id"],
    )
    assert resp.headers["location"] == f"/api/v1/sales-projects/{done['sales_project_id']}"
    account = await ok(
        await client.get(f"{API}/accounts/{done['account_id']}", headers=admin_headers)
    )
    assert (account["name"], account["region"], account["municipality"]) == (
        "Kaasutin Oy",
        "Uusimaa",
        "Espoo",
    )
    contact = await ok(
        await client.get(f"{API}/contacts/{done['contact_id']}", headers=admin_headers)
    )
    assert (contact["first_name"], contact["last_name"]) == ("Maija Liisa", "Meikäläinen")
    assert contact["email"] == "maija@kaasutin.fi"
    assert [a["account_id"] for a in contact["accounts"]] == [done["account_id"]]
    project = await ok(
        await client.get(f"{API}/sales-projects/{done['sales_project_id']}", headers=admin_headers)
    )
    assert project["source_lead_id"] == lead["id"]
    assert project["region"] == "Uusimaa"
    assert project["owner_id"] == scene["seller"]["id"]
    assert project["estimated_value"] == "12500.50"
    assert [c["contact_id"] for c in project["contacts"]] == [done["contact_id"]]
    assert project["name"] == "Kaasutin Oy – Maakaasuliittymä"
    task = await ok(await client.get(f"{API}/activities/{lead['task_id']}", headers=admin_headers))
    assert task["status"] == "done"
    again = await convert(client, scene, lead["id"])
    assert again.status_code == 409
    assert await _left_behind(client, admin_headers) == {
        "accounts": 1,
        "contacts": 1,
        "projects": 1,
    }


async def test_the_account_with_the_business_id_is_reused_before_any_candidate(
    client, admin_headers, scene, make_account
) -> None:
    existing = await make_account(scene["seller_h"], name="Kaasutin Oyj", business_id=BUSINESS_ID)
    candidate = await make_account(scene["seller_h"], name="Kaasutin Oy (vanha)")
    lead = await _lead(client, scene, business_id=BUSINESS_ID)
    offered = await ok(
        await client.get(
            f"{API}/leads/{lead['id']}/conversion-candidates", headers=scene["seller_h"]
        )
    )
    assert offered["accounts"][0]["id"] == existing["id"]
    assert offered["accounts"][0]["business_id_match"] is True
    wrong = await convert(client, scene, lead["id"], account_id=candidate["id"])
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["loc"] == ["body", "account_id"]
    done = await ok(await convert(client, scene, lead["id"]), 201)
    assert done["account_id"] == existing["id"]
    assert done["account_created"] is False


async def test_the_chosen_candidate_and_an_existing_contact_are_used(
    client, admin_headers, scene, make_account, make_contact
) -> None:
    candidate = await make_account(scene["seller_h"], name="Kaasutin Oy")
    person = await make_contact(scene["seller_h"], first_name="Maija", last_name="Meikäläinen")
    lead = await _lead(client, scene)
    done = await ok(
        await convert(
            client, scene, lead["id"], account_id=candidate["id"], contact_id=person["id"]
        ),
        201,
    )
    assert (done["account_id"], done["account_created"]) == (candidate["id"], False)
    assert (done["contact_id"], done["contact_created"]) == (person["id"], False)
    contact = await ok(await client.get(f"{API}/contacts/{person['id']}", headers=admin_headers))
    assert [a["account_id"] for a in contact["accounts"]] == [candidate["id"]]


async def test_a_failed_account_step_leaves_nothing(
    client, admin_headers, scene, make_account
) -> None:
    # The business ID belongs to an account the seller cannot see (another unit's).
    await make_account(scene["stranger_h"], name="Piilossa Oy", business_id=BUSINESS_ID)
    lead = await _lead(client, scene, business_id=BUSINESS_ID)
    resp = await convert(client, scene, lead["id"])
    assert resp.status_code == 409
    assert "Piilossa" not in resp.text
    assert await _left_behind(client, admin_headers) == NOTHING
    assert (await ok(await client.get(f"{API}/leads/{lead['id']}", headers=scene["seller_h"])))[
        "status"
    ] == "open"


async def test_a_failed_contact_step_leaves_no_account(client, admin_headers, scene) -> None:
    lead = await _lead(client, scene)
    resp = await convert(
        client, scene, lead["id"], contact_id="0190f0f0-0000-7000-8000-000000000000"
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["body", "contact_id"]
    assert await _left_behind(client, admin_headers) == NOTHING


async def test_a_failed_project_step_leaves_no_account_or_contact(
    client, admin_headers, scene
) -> None:
    lead = await _lead(client, scene)
    current = await client.get(f"{API}/project-types/{scene['type']['id']}", headers=admin_headers)
    await ok(
        await client.patch(
            f"{API}/project-types/{scene['type']['id']}",
            json={"is_active": False},
            headers={**admin_headers, "If-Match": current.headers["etag"]},
        )
    )
    resp = await convert(client, scene, lead["id"])
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["body", "project_type_id"]
    assert await _left_behind(client, admin_headers) == NOTHING
    assert (await ok(await client.get(f"{API}/leads/{lead['id']}", headers=scene["seller_h"])))[
        "status"
    ] == "open"


@pytest.mark.parametrize("failing", ["create_project", "finish_task", "save"])
async def test_a_crash_in_any_later_step_rolls_everything_back(
    app, client, admin_headers, scene, monkeypatch, failing
) -> None:
    """The steps after the account and contact exist: the project, closing the task, saving
    the lead. A crash in any of them leaves no account, contact or project."""
    lead = await _lead(client, scene)
    original = getattr(conversion, failing)

    async def crash(*args: Any, **kwargs: Any) -> Any:
        await original(*args, **kwargs)
        raise RuntimeError(f"{failing} failed")

    monkeypatch.setattr(conversion, failing, crash)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as crashing:
        resp = await convert(crashing, scene, lead["id"])
    assert resp.status_code == 500
    monkeypatch.undo()
    assert await _left_behind(client, admin_headers) == NOTHING
    after = await ok(await client.get(f"{API}/leads/{lead['id']}", headers=scene["seller_h"]))
    assert (after["status"], after["version"]) == ("open", lead["version"])
    task = await ok(await client.get(f"{API}/activities/{lead['task_id']}", headers=admin_headers))
    assert task["status"] == "open"


async def test_a_closed_lead_must_be_reopened_before_conversion(client, scene) -> None:
    lead = await _lead(client, scene)
    await ok(
        await step(
            client,
            scene["seller_h"],
            lead["id"],
            "status",
            {"status": "disqualified", "reason": "Ei ajankohtainen"},
        )
    )
    resp = await convert(client, scene, lead["id"])
    assert resp.status_code == 409
    assert resp.json()["allowed"] == ["open"]
