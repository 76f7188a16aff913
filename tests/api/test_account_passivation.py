"""Passivation: an account that ceased trading keeps its history and its records, leaves the
default lists and the pickers' duplicate search unless asked for, and refuses new sales
projects and service requests with the reason; reactivation undoes it."""

from __future__ import annotations

import pytest

from tests.api.account_factories import etag_of, passivate
from tests.api.sales_factories import gas_connection_stages, make_project_type
from tests.api.service_factories import make_request, make_subject

pytestmark = pytest.mark.api

API = "/api/v1"


async def _ids(client, headers, **params) -> list[str]:
    resp = await client.get(f"{API}/accounts", params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return [a["id"] for a in resp.json()["items"]]


async def test_a_passive_account_records_since_when_and_why_and_can_be_reactivated(
    client, admin_headers, make_account
) -> None:
    account = await make_account(admin_headers, name="Lopettanut Oy")
    passive = await passivate(client, admin_headers, account["id"], "  Konkurssi   3/2026 ")
    assert passive["passive_reason"] == "Konkurssi 3/2026"
    assert passive["passive_since"] is not None
    assert passive["version"] == account["version"] + 1

    again = await client.post(
        f"{API}/accounts/{account['id']}/passivation",
        json={"reason": "Uudestaan"},
        headers={**admin_headers, "If-Match": await etag_of(client, admin_headers, account["id"])},
    )
    assert again.status_code == 409
    assert again.json()["allowed"] == ["reactivation"]

    active = await client.post(
        f"{API}/accounts/{account['id']}/reactivation",
        json={},
        headers={**admin_headers, "If-Match": await etag_of(client, admin_headers, account["id"])},
    )
    assert active.status_code == 200, active.text
    assert (active.json()["passive_since"], active.json()["passive_reason"]) == (None, None)

    history = await client.get(f"{API}/accounts/{account['id']}/history", headers=admin_headers)
    reasons = [
        (h["old_value"], h["new_value"])
        for h in history.json()["items"]
        if h["field"] == "passive_reason"
    ]
    assert reasons == [("Konkurssi 3/2026", None), (None, "Konkurssi 3/2026")]


async def test_passivation_needs_a_reason_the_etag_and_the_right_to_edit_the_account(
    client, admin_headers, make_account, make_user
) -> None:
    account = await make_account(admin_headers)
    url = f"{API}/accounts/{account['id']}/passivation"
    etag = await etag_of(client, admin_headers, account["id"])
    assert (await client.post(url, json={"reason": "x"}, headers=admin_headers)).status_code == 428
    blank = await client.post(
        url, json={"reason": "   "}, headers={**admin_headers, "If-Match": etag}
    )
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["loc"] == ["body", "reason"]
    _, reader = await make_user("read-only")
    refused = await client.post(url, json={"reason": "x"}, headers={**reader, "If-Match": etag})
    assert refused.status_code == 403
    stale = await client.post(
        url, json={"reason": "x"}, headers={**admin_headers, "If-Match": '"99"'}
    )
    assert stale.status_code == 412


async def test_passive_accounts_leave_the_default_lists_unless_asked_for(
    client, admin_headers, make_account
) -> None:
    active = await make_account(admin_headers, name="Toimiva Oy")
    gone = await make_account(admin_headers, name="Toiminut Oy")
    await passivate(client, admin_headers, gone["id"])

    assert await _ids(client, admin_headers) == [active["id"]]
    assert await _ids(client, admin_headers, q="Toimi") == [active["id"]]
    assert await _ids(client, admin_headers, passive="true") == [gone["id"]]
    assert await _ids(client, admin_headers, passive="false") == [active["id"]]
    assert await _ids(client, admin_headers, include_passive="true") == [gone["id"], active["id"]]
    # The record itself stays readable, and its page says it is passive.
    read = await client.get(f"{API}/accounts/{gone['id']}", headers=admin_headers)
    assert read.status_code == 200
    assert read.json()["passive_reason"] == "Konkurssi"


async def test_the_duplicate_search_leaves_passive_names_out_but_always_shows_the_same_business_id(
    client, admin_headers, make_account
) -> None:
    gone = await make_account(admin_headers, name="Konepaja Oy", business_id="0112038-9")
    await passivate(client, admin_headers, gone["id"])
    url = f"{API}/accounts/duplicates"

    by_name = await client.get(url, params={"name": "Konepaja"}, headers=admin_headers)
    assert by_name.json()["items"] == []
    asked = await client.get(
        url, params={"name": "Konepaja", "include_passive": "true"}, headers=admin_headers
    )
    assert [a["id"] for a in asked.json()["items"]] == [gone["id"]]
    by_id = await client.get(url, params={"business_id": "0112038-9"}, headers=admin_headers)
    assert [a["id"] for a in by_id.json()["items"]] == [gone["id"]]


async def test_a_passive_account_takes_no_new_service_requests_or_sales_projects(
    client, admin_headers, make_account, make_contact, make_user
) -> None:
    seller, headers = await make_user("sales")
    account = await make_account(headers, name="Lopettanut Oy")
    contact = await make_contact(headers, accounts=[{"account_id": account["id"]}])
    subject = await make_subject(client, admin_headers)
    earlier = await make_request(client, headers, subject["id"], account_id=account["id"])
    ptype = await make_project_type(
        client, admin_headers, gas_connection_stages(seller_id=seller["id"])
    )
    await passivate(client, headers, account["id"], "Toiminta loppunut")

    request = await client.post(
        f"{API}/service-requests",
        json={
            "title": "Uusi",
            "subject_id": subject["id"],
            "origin": "email",
            "account_id": account["id"],
        },
        headers=headers,
    )
    assert request.status_code == 422, request.text
    [error] = request.json()["errors"]
    assert error["loc"] == ["body", "account_id"]
    assert "Lopettanut Oy has been passive since" in error["msg"]
    assert "(Toiminta loppunut)" in error["msg"]
    assert "service requests" in error["msg"]

    project = await client.post(
        f"{API}/sales-projects",
        json={"name": "Uusi", "account_id": account["id"], "project_type_id": ptype["id"]},
        headers=headers,
    )
    assert project.status_code == 422, project.text
    assert project.json()["errors"][0]["loc"] == ["body", "account_id"]
    assert "sales projects" in project.json()["errors"][0]["msg"]

    # Its history stays: the earlier request is still worked (and closed) as before, and its
    # contacts stay readable.
    work = await client.patch(
        f"{API}/service-requests/{earlier['id']}",
        json={"priority": "high"},
        headers={**headers, "If-Match": f'"{earlier["version"]}"'},
    )
    assert work.status_code == 200, work.text
    assert (await client.get(f"{API}/contacts/{contact['id']}", headers=headers)).status_code == 200
    linked = await client.get(f"{API}/accounts/{account['id']}/contacts", headers=headers)
    assert [c["id"] for c in linked.json()["items"]] == [contact["id"]]


async def test_a_request_cannot_be_moved_onto_a_passive_account(
    client, admin_headers, make_account
) -> None:
    subject = await make_subject(client, admin_headers)
    active = await make_account(admin_headers, name="Toimiva Oy")
    gone = await make_account(admin_headers, name="Lopettanut Oy")
    request = await make_request(client, admin_headers, subject["id"], account_id=active["id"])
    await passivate(client, admin_headers, gone["id"])
    moved = await client.patch(
        f"{API}/service-requests/{request['id']}",
        json={"account_id": gone["id"]},
        headers={**admin_headers, "If-Match": f'"{request["version"]}"'},
    )
    assert moved.status_code == 422
    assert moved.json()["errors"][0]["loc"] == ["body", "account_id"]


async def test_an_import_row_for_a_passive_account_is_refused(
    client, admin_headers, make_account, make_user
) -> None:
    seller, _ = await make_user("sales")
    ptype = await make_project_type(
        client, admin_headers, gas_connection_stages(seller_id=seller["id"])
    )
    account = await make_account(admin_headers, name="Lopettanut Oy", business_id="0112038-9")
    await passivate(client, admin_headers, account["id"])
    csv = (
        "project_type,business_id,name,owner_email,opened_on,current_stage\n"
        f"{ptype['key']},0112038-9,Vanha projekti,{seller['email']},1.3.2024,offer\n"
    )
    resp = await client.post(
        f"{API}/imports/sales-projects",
        params={"dry_run": "true"},
        files={"file": ("projects.csv", csv.encode(), "text/csv")},
        headers=admin_headers,
    )
    assert resp.status_code == 200, resp.text
    problems = resp.json()["problems"]
    assert [(p["column"], "passive" in p["message"]) for p in problems] == [("business_id", True)]
