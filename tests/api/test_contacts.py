"""Contacts over HTTP: persons linked to accounts with a role, phones and consent."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.api

API = "/api/v1"


async def test_a_contact_linked_to_an_account_shows_up_there_with_their_role(
    client, admin_headers, make_account
) -> None:
    kone = await make_account(admin_headers, name="Kone Oyj")
    resp = await client.post(
        f"{API}/contacts",
        json={
            "first_name": " Maija ",
            "last_name": "Meikäläinen",
            "email": "Maija.Meikalainen@Kone.FI",
            "phone": "040 123 4567",
            "accounts": [{"account_id": kone["id"], "role": "toimitusjohtaja"}],
        },
        headers=admin_headers,
    )
    assert resp.status_code == 201, resp.text
    contact = resp.json()
    assert resp.headers["etag"] == '"1"'
    assert resp.headers["location"] == f"{API}/contacts/{contact['id']}"
    assert contact["first_name"] == "Maija"
    assert contact["phone"] == "+358401234567"
    assert contact["email"] == "maija.meikalainen@kone.fi"
    assert contact["accounts"] == [
        {
            "account_id": kone["id"],
            "account_name": "Kone Oyj",
            "role": "toimitusjohtaja",
            "buying_role": None,
        }
    ]
    listed = await client.get(f"{API}/accounts/{kone['id']}/contacts", headers=admin_headers)
    assert listed.status_code == 200
    (item,) = listed.json()["items"]
    assert item["id"] == contact["id"]
    assert item["role"] == "toimitusjohtaja"


async def test_an_invalid_phone_number_is_422_on_the_phone_field(client, admin_headers) -> None:
    resp = await client.post(
        f"{API}/contacts",
        json={"first_name": "A", "last_name": "B", "phone": "12345"},
        headers=admin_headers,
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["body", "phone"]


async def test_marketing_consent_without_a_source_is_422(client, admin_headers) -> None:
    resp = await client.post(
        f"{API}/contacts",
        json={"first_name": "A", "last_name": "B", "marketing_consent": True},
        headers=admin_headers,
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["body", "marketing_consent_source"]


async def test_marketing_consent_with_a_source_is_stamped(client, admin_headers) -> None:
    resp = await client.post(
        f"{API}/contacts",
        json={
            "first_name": "A",
            "last_name": "B",
            "marketing_consent": True,
            "marketing_consent_source": "messu 2025",
        },
        headers=admin_headers,
    )
    assert resp.status_code == 201
    body = resp.json()
    assert body["marketing_consent_at"] is not None
    assert body["marketing_consent_source"] == "messu 2025"


async def test_a_link_to_an_unknown_account_is_422_on_that_link(client, admin_headers) -> None:
    resp = await client.post(
        f"{API}/contacts",
        json={
            "first_name": "A",
            "last_name": "B",
            "accounts": [{"account_id": "00000000-0000-7000-8000-000000000000"}],
        },
        headers=admin_headers,
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["body", "accounts", 0, "account_id"]


async def test_updating_a_contact_replaces_links_and_keeps_history(
    client, admin_headers, make_account, make_contact
) -> None:
    a = await make_account(admin_headers, name="A Oy")
    b = await make_account(admin_headers, name="B Oy")
    contact = await make_contact(admin_headers, accounts=[{"account_id": a["id"], "role": "CFO"}])
    resp = await client.patch(
        f"{API}/contacts/{contact['id']}",
        json={"accounts": [{"account_id": b["id"], "role": "CEO"}], "title": "Johtaja"},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert resp.status_code == 200, resp.text
    assert resp.headers["etag"] == '"2"'
    assert [x["account_id"] for x in resp.json()["accounts"]] == [b["id"]]
    a_contacts = await client.get(f"{API}/accounts/{a['id']}/contacts", headers=admin_headers)
    assert a_contacts.json()["items"] == []
    history = (
        await client.get(f"{API}/contacts/{contact['id']}/history", headers=admin_headers)
    ).json()["items"]
    assert {h["field"] for h in history if h["operation"] == "update"} == {"accounts", "title"}


async def test_contacts_list_filters_by_account_and_person_customers(
    client, admin_headers, make_account, make_contact
) -> None:
    a = await make_account(admin_headers)
    linked = await make_contact(admin_headers, accounts=[{"account_id": a["id"]}])
    person = await make_contact(admin_headers, email="yksityinen@example.com")

    async def ids(**params) -> set[str]:
        resp = await client.get(f"{API}/contacts", params=params, headers=admin_headers)
        assert resp.status_code == 200, resp.text
        return {c["id"] for c in resp.json()["items"]}

    assert await ids(account_id=a["id"]) == {linked["id"]}
    assert await ids(without_account=True) == {person["id"]}
    assert await ids(without_account=False) == {linked["id"]}
    assert await ids(email="YKSITYINEN@example.com") == {person["id"]}


async def test_patching_a_contact_needs_if_match(client, admin_headers, make_contact) -> None:
    contact = await make_contact(admin_headers)
    url = f"{API}/contacts/{contact['id']}"
    assert (await client.patch(url, json={"title": "X"}, headers=admin_headers)).status_code == 428
    stale = await client.patch(
        url, json={"title": "X"}, headers={**admin_headers, "If-Match": '"9"'}
    )
    assert stale.status_code == 412
