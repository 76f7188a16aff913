"""Subjects (the admin-managed tree) and queues (with members) over HTTP."""

from __future__ import annotations

import pytest
from service_factories import API, PROBLEM, make_queue, make_subject

pytestmark = pytest.mark.api

SUBJECTS = f"{API}/subjects"
QUEUES = f"{API}/queues"


async def test_admins_build_the_subject_tree_and_everyone_reads_it(
    client, admin_headers, make_user
) -> None:
    billing = await make_subject(client, admin_headers, name="Laskutus", name_en="Billing")
    invoice = await make_subject(
        client, admin_headers, name="Laskun virhe", parent_id=billing["id"], sort_order=2
    )
    plan = await make_subject(
        client, admin_headers, name="Maksusuunnitelma", parent_id=billing["id"], sort_order=1
    )
    old = await make_subject(client, admin_headers, name="Vanha", is_active=False)
    _, agent = await make_user("service")

    async def names(**params) -> list[str]:
        resp = await client.get(SUBJECTS, params=params, headers=agent)
        assert resp.status_code == 200, resp.text
        return [s["name"] for s in resp.json()["items"]]

    assert await names(parent_id=billing["id"], sort="sort_order") == [
        "Maksusuunnitelma",
        "Laskun virhe",
    ]
    assert await names(top_level=True) == ["Laskutus", "Vanha"]
    assert await names(top_level=True, active=True) == ["Laskutus"]
    assert await names(q="billing") == ["Laskutus"]
    got = await client.get(f"{SUBJECTS}/{invoice['id']}", headers=agent)
    assert got.status_code == 200
    assert got.headers["etag"] == '"1"'
    assert got.json()["parent_id"] == billing["id"]
    refused = await client.post(SUBJECTS, json={"name": "Oma"}, headers=agent)
    assert refused.status_code == 403
    edit = await client.patch(
        f"{SUBJECTS}/{old['id']}", json={"is_active": True}, headers={**agent, "If-Match": '"1"'}
    )
    assert edit.status_code == 403
    assert plan["sort_order"] == 1


async def test_a_subject_cannot_move_below_itself(client, admin_headers) -> None:
    top = await make_subject(client, admin_headers, name="Sopimukset")
    child = await make_subject(client, admin_headers, name="Irtisanominen", parent_id=top["id"])
    grandchild = await make_subject(client, admin_headers, name="Kuolinpesä", parent_id=child["id"])
    url = f"{SUBJECTS}/{top['id']}"
    cycle = await client.patch(
        url, json={"parent_id": grandchild["id"]}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert cycle.status_code == 422
    assert cycle.headers["content-type"] == PROBLEM
    assert cycle.json()["errors"][0]["loc"] == ["body", "parent_id"]
    itself = await client.patch(
        url, json={"parent_id": top["id"]}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert itself.status_code == 422
    missing = await client.post(
        SUBJECTS,
        json={"name": "X", "parent_id": "0190f0f0-0000-7000-8000-000000000000"},
        headers=admin_headers,
    )
    assert missing.status_code == 422
    renamed = await client.patch(
        url,
        json={"name": "Sopimusasiat", "name_en": "Contracts"},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert renamed.status_code == 200
    assert renamed.headers["etag"] == '"2"'
    stale = await client.patch(
        url, json={"name": "Z"}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    null_name = await client.patch(
        url, json={"name": None}, headers={**admin_headers, "If-Match": '"2"'}
    )
    assert null_name.status_code == 422


async def test_queues_have_unique_names_members_and_edits(
    client, admin_headers, world, make_user
) -> None:
    root = str(world.root_id)
    member, member_headers = await make_user("service", name="Minna Member")
    _, other_headers = await make_user("service", name="Olli Other")
    queue = await make_queue(
        client, admin_headers, root, name="Laskutusjono", email="Laskutus@Example.FI"
    )
    assert queue["email"] == "laskutus@example.fi"
    assert (queue["member_ids"], queue["open_count"], queue["is_member"]) == ([], 0, False)
    duplicate = await client.post(
        QUEUES, json={"name": "laskutusjono", "business_unit_id": root}, headers=admin_headers
    )
    assert duplicate.status_code == 409
    members_url = f"{QUEUES}/{queue['id']}/members"
    unknown = await client.put(
        members_url,
        json={"user_ids": [member["id"], "0190f0f0-0000-7000-8000-000000000000"]},
        headers=admin_headers,
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["body", "user_ids"]
    not_admin = await client.put(
        members_url, json={"user_ids": [member["id"]]}, headers=member_headers
    )
    assert not_admin.status_code == 403
    put = await client.put(members_url, json={"user_ids": [member["id"]]}, headers=admin_headers)
    assert put.status_code == 200, put.text
    assert [m["name"] for m in put.json()["items"]] == ["Minna Member"]
    stale = await client.put(
        members_url, json={"user_ids": []}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    listed = await client.get(members_url, headers=other_headers)
    assert [m["id"] for m in listed.json()["items"]] == [member["id"]]
    # Membership shows at once (the principal cache is cleared on member changes).
    mine = (await client.get(QUEUES, params={"member": True}, headers=member_headers)).json()
    assert [(q["id"], q["is_member"]) for q in mine["items"]] == [(queue["id"], True)]
    theirs = (await client.get(QUEUES, params={"member": True}, headers=other_headers)).json()
    assert theirs["items"] == []
    got = await client.get(f"{QUEUES}/{queue['id']}", headers=member_headers)
    assert got.json()["member_ids"] == [member["id"]]
    version = got.headers["etag"]
    patched = await client.patch(
        f"{QUEUES}/{queue['id']}",
        json={"description": "Laskutuksen kysymykset", "is_active": False},
        headers={**admin_headers, "If-Match": version},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["is_active"] is False
    inactive = await client.get(QUEUES, params={"active": True}, headers=admin_headers)
    assert inactive.json()["items"] == []


async def test_a_user_without_queue_or_subject_privileges_sees_none(
    client, admin_headers, world, make_user
) -> None:
    queue = await make_queue(client, admin_headers, str(world.root_id))
    subject = await make_subject(client, admin_headers)
    role = await client.post(
        f"{API}/roles",
        json={
            "name": "accounts-only",
            "privileges": [{"entity": "account", "action": "read", "depth": "organisation"}],
        },
        headers=admin_headers,
    )
    assert role.status_code == 201, role.text
    _, headers = await make_user("accounts-only")
    assert (await client.get(f"{QUEUES}/{queue['id']}", headers=headers)).status_code == 404
    assert (await client.get(f"{SUBJECTS}/{subject['id']}", headers=headers)).status_code == 404
    assert (await client.get(QUEUES, headers=headers)).json()["items"] == []
    assert (await client.get(SUBJECTS, headers=headers)).json()["items"] == []
