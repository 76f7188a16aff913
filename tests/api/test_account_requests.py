"""Account-creation requests: draft → submitted to the customer-service queue → in progress
→ completed when the billing integration upserts the account with the request's customer
number (in the same transaction) | rejected with a reason; and the upsert by external id."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.lead_factories import API, PROBLEM, make_queue, ok, set_settings
from tests.api.service_factories import notifications_of

pytestmark = pytest.mark.api

FULL = {
    "name": "Uusi Asiakas Oy",
    "business_id": "0112038-9",
    "contact_name": "Matti Meikäläinen",
    "contact_phone": "050 765 4321",
    "billing_address": {"street": "Laskutie 1", "postal_code": "00100", "city": "Helsinki"},
    "contract_type": "Kiinteähintainen",
    "site_address": "Tehdaskatu 5, Espoo",
    "usage_point": "KP-778899",
}


@pytest.fixture
async def scene(client, admin_headers, make_unit, make_user):
    cs_unit = await make_unit("Asiakaspalvelu")
    sales_unit = await make_unit("Myynti")
    agent, agent_h = await make_user("service", cs_unit["id"], name="Aino Asiakaspalvelu")
    seller, seller_h = await make_user("sales", sales_unit["id"], name="Sanna Myyjä")
    _billing, billing_h = await make_user("integration", cs_unit["id"], name="Laskutus")
    queue = await make_queue(client, admin_headers, cs_unit["id"], [agent["id"]])
    return {
        "agent": agent,
        "agent_h": agent_h,
        "seller": seller,
        "seller_h": seller_h,
        "billing_h": billing_h,
        "queue": queue,
        "admin_h": admin_headers,
    }


async def act(client, headers, request_id: str, name: str, body: dict[str, Any] | None = None):
    current = await client.get(f"{API}/account-creation-requests/{request_id}", headers=headers)
    assert current.status_code == 200, current.text
    return await client.post(
        f"{API}/account-creation-requests/{request_id}/{name}",
        json=body or {},
        headers={**headers, "If-Match": current.headers["etag"]},
    )


async def draft(client, scene, **fields: Any) -> dict[str, Any]:
    return await ok(  # type: ignore[no-any-return]
        await client.post(
            f"{API}/account-creation-requests", json={**FULL, **fields}, headers=scene["seller_h"]
        ),
        201,
    )


async def submitted(client, scene, **fields: Any) -> dict[str, Any]:
    await set_settings(client, scene["admin_h"], account_request_queue_id=scene["queue"]["id"])
    request = await draft(client, scene, **fields)
    return await ok(await act(client, scene["seller_h"], request["id"], "submission"))  # type: ignore[no-any-return]


async def upsert(client, headers, number: str, body: dict[str, Any]):
    return await client.put(
        f"{API}/accounts/by-external-id/billing/{number}", json=body, headers=headers
    )


async def test_the_whole_way_from_draft_to_the_account_from_billing(client, scene) -> None:
    request = await draft(client, scene)
    assert request["state"] == "draft"
    assert request["owner_id"] == scene["seller"]["id"]
    no_queue = await act(client, scene["seller_h"], request["id"], "submission")
    assert no_queue.status_code == 409
    await set_settings(client, scene["admin_h"], account_request_queue_id=scene["queue"]["id"])
    sent = await ok(await act(client, scene["seller_h"], request["id"], "submission"))
    assert (sent["state"], sent["queue_id"]) == ("submitted", scene["queue"]["id"])
    assert [n["kind"] for n in await notifications_of(client, scene["agent_h"])] == [
        "account_request_submitted"
    ]
    waiting = await ok(
        await client.get(
            f"{API}/account-creation-requests",
            params={"in_my_queues": "true", "state": "submitted"},
            headers=scene["agent_h"],
        )
    )
    assert [r["id"] for r in waiting["items"]] == [request["id"]]
    not_seller = await client.post(
        f"{API}/account-creation-requests/{request['id']}/pickup", headers=scene["seller_h"]
    )
    assert not_seller.status_code == 403
    picked = await ok(
        await client.post(
            f"{API}/account-creation-requests/{request['id']}/pickup", headers=scene["agent_h"]
        )
    )
    assert (picked["state"], picked["handler_id"]) == ("in_progress", scene["agent"]["id"])
    numbered = await ok(
        await act(
            client,
            scene["agent_h"],
            request["id"],
            "customer-number",
            {"customer_number": "123456"},
        )
    )
    assert (numbered["state"], numbered["customer_number"]) == ("in_progress", "123456")
    arrived = await upsert(client, scene["billing_h"], "123456", {"name": "Uusi Asiakas Oy"})
    assert arrived.status_code == 201, arrived.text
    account = arrived.json()
    assert account["completed_request_ids"] == [request["id"]]
    assert account["external_ids"] == [{"system": "billing", "external_id": "123456"}]
    done = await ok(
        await client.get(
            f"{API}/account-creation-requests/{request['id']}", headers=scene["seller_h"]
        )
    )
    assert (done["state"], done["account_id"], done["passive"]) == (
        "completed",
        account["id"],
        True,
    )
    assert "account_request_completed" in [
        n["kind"] for n in await notifications_of(client, scene["seller_h"])
    ]
    passive = await ok(
        await client.get(
            f"{API}/account-creation-requests",
            params={"passive": "true"},
            headers=scene["seller_h"],
        )
    )
    assert [r["id"] for r in passive["items"]] == [request["id"]]


async def test_a_number_whose_account_is_already_here_completes_at_once(client, scene) -> None:
    existing = await upsert(client, scene["billing_h"], "555", {"name": "Jo Laskutuksessa Oy"})
    assert existing.status_code == 201
    request = await submitted(client, scene)
    done = await ok(
        await act(
            client, scene["agent_h"], request["id"], "customer-number", {"customer_number": "555"}
        )
    )
    assert (done["state"], done["account_id"]) == ("completed", existing.json()["id"])
    assert done["handler_id"] == scene["agent"]["id"]


async def test_submission_needs_what_billing_needs(client, scene) -> None:
    await set_settings(client, scene["admin_h"], account_request_queue_id=scene["queue"]["id"])
    request = await draft(client, scene, business_id=None, billing_address=None)
    resp = await act(client, scene["seller_h"], request["id"], "submission")
    assert resp.status_code == 422
    assert resp.headers["content-type"] == PROBLEM
    assert [e["loc"] for e in resp.json()["errors"]] == [
        ["body", "business_id"],
        ["body", "billing_address", "street"],
        ["body", "billing_address", "postal_code"],
        ["body", "billing_address", "city"],
    ]


async def test_rejection_needs_a_reason_and_tells_the_seller(client, scene) -> None:
    request = await submitted(client, scene)
    empty = await act(client, scene["agent_h"], request["id"], "rejection", {"reason": " "})
    assert empty.status_code == 422
    rejected = await ok(
        await act(
            client, scene["agent_h"], request["id"], "rejection", {"reason": "Y-tunnus on väärä"}
        )
    )
    assert (rejected["state"], rejected["rejection_reason"]) == ("rejected", "Y-tunnus on väärä")
    told = await notifications_of(client, scene["seller_h"])
    assert told[0]["kind"] == "account_request_rejected"
    assert "Y-tunnus on väärä" in (told[0]["body"] or "")
    again = await act(client, scene["agent_h"], request["id"], "pickup")
    assert again.status_code == 409


async def test_one_customer_number_belongs_to_one_request(client, scene) -> None:
    first = await submitted(client, scene)
    second = await submitted(client, scene, name="Toinen Oy")
    await ok(
        await act(
            client, scene["agent_h"], first["id"], "customer-number", {"customer_number": "777"}
        )
    )
    clash = await act(
        client, scene["agent_h"], second["id"], "customer-number", {"customer_number": "777"}
    )
    assert clash.status_code == 409


async def test_the_upsert_is_idempotent_and_changes_only_what_it_is_sent(client, scene) -> None:
    first = await upsert(
        client, scene["billing_h"], "900", {"name": "Laskutettava Oy", "phone": "0401112222"}
    )
    assert first.status_code == 201
    same = await upsert(
        client, scene["billing_h"], "900", {"name": "Laskutettava Oy", "phone": "0401112222"}
    )
    assert same.status_code == 200
    assert same.json()["version"] == first.json()["version"]
    renamed = await ok(
        await upsert(client, scene["billing_h"], "900", {"name": "Laskutettava Oyj"})
    )
    assert (renamed["name"], renamed["phone"]) == ("Laskutettava Oyj", "+358401112222")
    read = await ok(
        await client.get(f"{API}/accounts/by-external-id/billing/900", headers=scene["billing_h"])
    )
    assert read["id"] == first.json()["id"]
    stale = await client.put(
        f"{API}/accounts/by-external-id/billing/900",
        json={"name": "Kolmas"},
        headers={**scene["billing_h"], "If-Match": '"1"'},
    )
    assert stale.status_code == 412
    nameless = await upsert(client, scene["billing_h"], "901", {"phone": "0401112222"})
    assert nameless.status_code == 422


async def test_the_upsert_does_not_reach_an_account_the_caller_cannot_see(
    client, scene, make_unit, make_user
) -> None:
    await upsert(client, scene["billing_h"], "321", {"name": "Toisen Yksikön Oy"})
    other_unit = await make_unit("Kaukainen")
    _, outsider_h = await make_user("sales", other_unit["id"])
    hidden = await upsert(client, outsider_h, "321", {"name": "Kaapattu Oy"})
    assert hidden.status_code == 404
    assert "Toisen" not in hidden.text
