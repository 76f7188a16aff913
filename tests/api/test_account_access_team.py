"""The account manager and the account team are an access team: the account's manager reads
the account and every record of it — contacts, service requests, activities, sales projects —
whatever their business units, and edits the account; nothing else of the other unit."""

from __future__ import annotations

import pytest

from tests.api.sales_factories import gas_connection_stages, make_project, make_project_type
from tests.api.service_factories import make_request, make_subject

pytestmark = pytest.mark.api

API = "/api/v1"


async def _manage(client, admin_headers, account_id: str, manager_id: str | None) -> None:
    current = await client.get(f"{API}/accounts/{account_id}", headers=admin_headers)
    resp = await client.patch(
        f"{API}/accounts/{account_id}",
        json={"account_manager_id": manager_id},
        headers={**admin_headers, "If-Match": current.headers["etag"]},
    )
    assert resp.status_code == 200, resp.text


async def test_an_account_manager_in_another_unit_reads_the_account_and_its_records(
    client, admin_headers, make_unit, make_user, make_account, make_contact
) -> None:
    unit_a, unit_b = await make_unit("Etelä"), await make_unit("Pohjoinen")
    seller, seller_headers = await make_user("sales", unit_a["id"])
    manager, manager_headers = await make_user("sales", unit_b["id"])
    account = await make_account(seller_headers, name="Avainasiakas Oy")
    other = await make_account(seller_headers, name="Muu Oy")
    contact = await make_contact(seller_headers, accounts=[{"account_id": account["id"]}])
    subject = await make_subject(client, admin_headers)
    request = await make_request(
        client, seller_headers, subject["id"], account_id=account["id"], title="Kysely"
    )
    activity = await client.post(
        f"{API}/activities",
        json={
            "type": "task",
            "subject": "Soita",
            "regarding_type": "account",
            "regarding_id": account["id"],
        },
        headers=seller_headers,
    )
    assert activity.status_code == 201, activity.text
    ptype = await make_project_type(
        client, admin_headers, gas_connection_stages(seller_id=seller["id"])
    )
    project = await make_project(client, seller_headers, account["id"], ptype["id"])

    records = {
        f"/accounts/{account['id']}",
        f"/contacts/{contact['id']}",
        f"/service-requests/{request['id']}",
        f"/activities/{activity.json()['id']}",
        f"/sales-projects/{project['id']}",
        f"/accounts/{account['id']}/timeline",
    }
    for path in records:
        assert (await client.get(f"{API}{path}", headers=manager_headers)).status_code == 404, path

    await _manage(client, admin_headers, account["id"], manager["id"])

    for path in records:
        resp = await client.get(f"{API}{path}", headers=manager_headers)
        assert resp.status_code == 200, f"{path}: {resp.text}"
    listed = await client.get(f"{API}/accounts", headers=manager_headers)
    assert [a["id"] for a in listed.json()["items"]] == [account["id"]]
    for path, wanted in (
        ("/contacts", contact["id"]),
        ("/service-requests", request["id"]),
        ("/activities", activity.json()["id"]),
        ("/sales-projects", project["id"]),
    ):
        ids = {
            i["id"]
            for i in (await client.get(f"{API}{path}", headers=manager_headers)).json()["items"]
        }
        assert wanted in ids, path
    assert (
        await client.get(f"{API}/accounts/{other['id']}", headers=manager_headers)
    ).status_code == 404

    # The account manager edits the account itself, not the other account of the unit.
    etag = (await client.get(f"{API}/accounts/{account['id']}", headers=manager_headers)).headers[
        "etag"
    ]
    edited = await client.patch(
        f"{API}/accounts/{account['id']}",
        json={"phone": "+358401234567"},
        headers={**manager_headers, "If-Match": etag},
    )
    assert edited.status_code == 200, edited.text

    await _manage(client, admin_headers, account["id"], None)
    for path in records:
        assert (await client.get(f"{API}{path}", headers=manager_headers)).status_code == 404, path
