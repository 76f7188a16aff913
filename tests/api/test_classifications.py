"""Classifications over HTTP: the seeded customer groups, the admin-managed tree, tagging
accounts and contacts (a parent finds its children's records in filters), and scope."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.api

API = "/api/v1"


async def create(client, headers, **body):
    resp = await client.post(f"{API}/classifications", json=body, headers=headers)
    return resp


async def test_customer_groups_are_seeded(client, admin_headers) -> None:
    resp = await client.get(
        f"{API}/classifications", params={"kind": "account"}, headers=admin_headers
    )
    assert resp.status_code == 200, resp.text
    keys = {c["key"]: c for c in resp.json()["items"]}
    assert {"customer_group", "supplier", "partner_school", "public_hospital"} <= set(keys)
    assert keys["supplier"]["parent_id"] == keys["customer_group"]["id"]
    assert keys["work_placement"]["name_sv"] == "Praktikplats"


async def test_tree_tagging_and_hierarchical_filter(
    client, admin_headers, make_account, make_contact
) -> None:
    parent = (
        await create(client, admin_headers, kind="account", key="authority", name="Viranomainen")
    ).json()
    resp = await create(
        client, admin_headers, kind="account", key="ely", name="ELY-keskus", parent_id=parent["id"]
    )
    assert resp.status_code == 201, resp.text
    child = resp.json()
    dup = await create(client, admin_headers, kind="account", key="ely", name="Toinen")
    assert dup.status_code == 409
    # a cycle is refused
    etag = (
        await client.get(f"{API}/classifications/{parent['id']}", headers=admin_headers)
    ).headers["etag"]
    cyc = await client.patch(
        f"{API}/classifications/{parent['id']}",
        json={"parent_id": child["id"]},
        headers={**admin_headers, "If-Match": etag},
    )
    assert cyc.status_code == 422, cyc.text
    account = await make_account(admin_headers, name="ELY Uusimaa")
    await make_account(admin_headers, name="Muu Oy")
    put = await client.put(
        f"{API}/accounts/{account['id']}/classifications/{child['id']}", headers=admin_headers
    )
    assert put.status_code == 200, put.text
    assert put.json()["classification_ids"] == [child["id"]]
    found = await client.post(
        f"{API}/accounts/search",
        json={"filter": {"field": "classifications", "op": "eq", "value": parent["id"]}},
        headers=admin_headers,
    )
    assert [a["name"] for a in found.json()["items"]] == ["ELY Uusimaa"]
    gone = await client.delete(
        f"{API}/accounts/{account['id']}/classifications/{child['id']}", headers=admin_headers
    )
    assert gone.json()["classification_ids"] == []
    # a contact classification cannot tag an account, and vice versa
    contact = await make_contact(admin_headers)
    wrong = await client.put(
        f"{API}/contacts/{contact['id']}/classifications/{child['id']}", headers=admin_headers
    )
    assert wrong.status_code == 422


async def test_others_records_cannot_be_tagged_and_only_admins_edit_the_tree(
    client, admin_headers, make_user, make_unit, make_account
) -> None:
    unit = await make_unit()
    _, mine = await make_user("sales", unit["id"])
    _, colleague = await make_user("sales", unit["id"])
    _, theirs = await make_user("sales")
    other = await make_account(theirs, name="Toisen Oy")
    read_only = await make_account(colleague, name="Kollegan Oy")
    tag = (await create(client, admin_headers, kind="account", key="vip", name="VIP")).json()
    resp = await client.put(
        f"{API}/accounts/{other['id']}/classifications/{tag['id']}", headers=mine
    )
    assert resp.status_code == 404  # not visible at all
    resp = await client.put(
        f"{API}/accounts/{read_only['id']}/classifications/{tag['id']}", headers=mine
    )
    assert resp.status_code == 403  # readable in the unit, not editable
    assert (await create(client, mine, kind="account", key="mine", name="Oma")).status_code == 403
    assert (await client.get(f"{API}/classifications", headers=mine)).status_code == 200
