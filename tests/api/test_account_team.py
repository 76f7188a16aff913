"""The account team (asiakkuustiimi) is an access team: a member in another business unit
reads the account and every record of it, edits the account only with access "edit", loses
it all when taken off the team, and never sees the unit's other accounts. Only those who may
edit the account change its team; every change is on the account's history."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.account_factories import etag_of, put_member, remove_member, team_role_id
from tests.api.sales_factories import gas_connection_stages, make_project, make_project_type
from tests.api.service_factories import make_request, make_subject

pytestmark = pytest.mark.api

API = "/api/v1"


@pytest.fixture
async def setting(client, admin_headers, make_unit, make_user, make_account, make_contact):
    """A seller in the south owns a key account with a contact, a request, an activity and a
    project, and another account; a colleague in the north is not on any team yet."""
    south, north = await make_unit("Etelä"), await make_unit("Pohjoinen")
    seller, seller_headers = await make_user("sales", south["id"], name="Sanna Seller")
    colleague, colleague_headers = await make_user("sales", north["id"], name="Kalle Kollega")
    account = await make_account(seller_headers, name="Avainasiakas Oy")
    other = await make_account(seller_headers, name="Toinen Oy")
    contact = await make_contact(seller_headers, accounts=[{"account_id": account["id"]}])
    subject = await make_subject(client, admin_headers)
    request = await make_request(client, seller_headers, subject["id"], account_id=account["id"])
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
    return {
        "seller": seller,
        "seller_headers": seller_headers,
        "colleague": colleague,
        "colleague_headers": colleague_headers,
        "account": account,
        "other": other,
        "records": [
            f"/accounts/{account['id']}",
            f"/contacts/{contact['id']}",
            f"/service-requests/{request['id']}",
            f"/activities/{activity.json()['id']}",
            f"/sales-projects/{project['id']}",
            f"/accounts/{account['id']}/timeline",
            f"/accounts/{account['id']}/team",
        ],
        "listed": {
            "/contacts": contact["id"],
            "/service-requests": request["id"],
            "/activities": activity.json()["id"],
            "/sales-projects": project["id"],
        },
        "contact": contact,
    }


async def _statuses(client, headers, paths: list[str]) -> dict[str, int]:
    return {p: (await client.get(f"{API}{p}", headers=headers)).status_code for p in paths}


async def _patch_phone(client, headers, account_id: str) -> int:
    resp = await client.patch(
        f"{API}/accounts/{account_id}",
        json={"phone": "+358401234567"},
        headers={**headers, "If-Match": await etag_of(client, headers, account_id)},
    )
    return resp.status_code


async def test_a_team_member_in_another_unit_reads_the_account_and_its_records_and_nothing_else(
    client, setting
) -> None:
    s = setting
    colleague_headers, account = s["colleague_headers"], s["account"]
    assert set((await _statuses(client, colleague_headers, s["records"])).values()) == {404}

    await put_member(client, s["seller_headers"], account["id"], s["colleague"]["id"])

    assert set((await _statuses(client, colleague_headers, s["records"])).values()) == {200}
    for path, wanted in s["listed"].items():
        listed = await client.get(f"{API}{path}", headers=colleague_headers)
        assert wanted in {i["id"] for i in listed.json()["items"]}, path
    accounts = (await client.get(f"{API}/accounts", headers=colleague_headers)).json()["items"]
    assert [a["id"] for a in accounts] == [account["id"]]
    other = await client.get(f"{API}/accounts/{s['other']['id']}", headers=colleague_headers)
    assert other.status_code == 404


async def test_read_access_does_not_edit_the_account_and_edit_access_does(client, setting) -> None:
    s = setting
    account_id, colleague_id = s["account"]["id"], s["colleague"]["id"]
    await put_member(client, s["seller_headers"], account_id, colleague_id, access="read")
    assert await _patch_phone(client, s["colleague_headers"], account_id) == 403

    await put_member(client, s["seller_headers"], account_id, colleague_id, access="edit")
    assert await _patch_phone(client, s["colleague_headers"], account_id) == 200
    # Edit access is to the account itself, not to the records of its other owners.
    contact = s["contact"]
    resp = await client.patch(
        f"{API}/contacts/{contact['id']}",
        json={"title": "Johtaja"},
        headers={**s["colleague_headers"], "If-Match": f'"{contact["version"]}"'},
    )
    assert resp.status_code == 403


async def test_taken_off_the_team_the_member_loses_what_it_granted(client, setting) -> None:
    s = setting
    account_id, colleague_id = s["account"]["id"], s["colleague"]["id"]
    await put_member(client, s["seller_headers"], account_id, colleague_id, access="edit")
    assert set((await _statuses(client, s["colleague_headers"], s["records"])).values()) == {200}

    team = await remove_member(client, s["seller_headers"], account_id, colleague_id)
    assert team.json()["members"] == []

    assert set((await _statuses(client, s["colleague_headers"], s["records"])).values()) == {404}
    assert (await client.get(f"{API}/accounts", headers=s["colleague_headers"])).json()[
        "items"
    ] == []


async def test_the_team_shows_the_manager_and_each_member_with_role_access_and_who_added_them(
    client, admin_headers, setting, make_user
) -> None:
    s = setting
    account_id = s["account"]["id"]
    manager, _ = await make_user("sales", name="Maija Manager")
    resp = await client.patch(
        f"{API}/accounts/{account_id}",
        json={"account_manager_id": manager["id"]},
        headers={**admin_headers, "If-Match": await etag_of(client, admin_headers, account_id)},
    )
    assert resp.status_code == 200, resp.text
    planner = await team_role_id(client, admin_headers, "training_planner")
    put = await put_member(
        client,
        s["seller_headers"],
        account_id,
        s["colleague"]["id"],
        role_id=planner,
        access="edit",
    )
    team = put.json()
    assert put.headers["etag"] == f'"{team["version"]}"'
    assert team["account_manager"] == {
        "user_id": manager["id"],
        "name": "Maija Manager",
        "is_active": True,
    }
    [member] = team["members"]
    assert member["name"] == "Kalle Kollega"
    assert (member["role"]["key"], member["role"]["name"]) == (
        "training_planner",
        "Koulutussuunnittelija",
    )
    assert member["access"] == "edit"
    assert (member["added_by"], member["added_by_name"]) == (s["seller"]["id"], "Sanna Seller")
    assert team["may_manage"] is True

    read = await client.get(f"{API}/accounts/{account_id}/team", headers=s["colleague_headers"])
    assert read.status_code == 200
    assert read.headers["etag"] == await etag_of(client, s["seller_headers"], account_id)


async def test_only_those_who_may_edit_the_account_change_its_team(
    client, setting, make_user
) -> None:
    s = setting
    account_id = s["account"]["id"]
    third, third_headers = await make_user("sales", name="Kolmas")
    await put_member(client, s["seller_headers"], account_id, s["colleague"]["id"], access="read")

    team = await client.get(f"{API}/accounts/{account_id}/team", headers=s["colleague_headers"])
    assert team.json()["may_manage"] is False
    refused = await put_member(
        client, s["colleague_headers"], account_id, third["id"], expect=403, access="read"
    )
    assert refused.headers["content-type"] == "application/problem+json"
    # Someone who cannot see the account at all is told it does not exist.
    hidden = await client.put(
        f"{API}/accounts/{account_id}/team/{third['id']}",
        json={"access": "read"},
        headers={**third_headers, "If-Match": '"1"'},
    )
    assert hidden.status_code == 404

    # A member with edit access manages the team like the account's owner.
    await put_member(client, s["seller_headers"], account_id, s["colleague"]["id"], access="edit")
    await put_member(client, s["colleague_headers"], account_id, third["id"], access="read")


async def test_only_active_users_join_and_only_active_roles_are_given(
    client, admin_headers, setting, make_user
) -> None:
    s = setting
    account_id, headers = s["account"]["id"], s["seller_headers"]
    leaver, _ = await make_user("sales", name="Lähtijä")
    off = await client.patch(
        f"{API}/users/{leaver['id']}",
        json={"is_active": False},
        headers={**admin_headers, "If-Match": f'"{leaver["version"]}"'},
    )
    assert off.status_code == 200, off.text
    resp = await put_member(client, headers, account_id, leaver["id"], expect=422, access="read")
    assert resp.json()["errors"][0]["loc"] == ["path", "user_id"]
    unknown = "0190f0f0-0000-7000-8000-000000000000"
    resp = await put_member(client, headers, account_id, unknown, expect=422, access="read")
    assert resp.json()["errors"][0]["loc"] == ["path", "user_id"]

    sponsor = await team_role_id(client, admin_headers, "executive_sponsor")
    colleague_id = s["colleague"]["id"]
    await put_member(client, headers, account_id, colleague_id, role_id=sponsor)
    role = await client.get(f"{API}/account-team-roles/{sponsor}", headers=admin_headers)
    deactivated = await client.patch(
        f"{API}/account-team-roles/{sponsor}",
        json={"is_active": False},
        headers={**admin_headers, "If-Match": role.headers["etag"]},
    )
    assert deactivated.status_code == 200, deactivated.text

    # The member keeps the role (even when their access changes); nobody new gets it.
    kept = await put_member(
        client, headers, account_id, colleague_id, role_id=sponsor, access="edit"
    )
    assert kept.json()["members"][0]["role"]["is_active"] is False
    third, _ = await make_user("sales")
    resp = await put_member(client, headers, account_id, third["id"], expect=422, role_id=sponsor)
    assert resp.json()["errors"][0]["loc"] == ["body", "role_id"]


async def test_team_changes_need_the_accounts_current_etag(client, setting) -> None:
    s = setting
    account_id, headers = s["account"]["id"], s["seller_headers"]
    url = f"{API}/accounts/{account_id}/team/{s['colleague']['id']}"
    assert (await client.put(url, json={}, headers=headers)).status_code == 428
    etag = await etag_of(client, headers, account_id)
    first = await client.put(url, json={"access": "read"}, headers={**headers, "If-Match": etag})
    assert first.status_code == 200
    assert first.headers["etag"] != etag
    stale = await client.put(url, json={"access": "edit"}, headers={**headers, "If-Match": etag})
    assert stale.status_code == 412
    # The same membership again changes nothing: no new version.
    again = await client.put(
        url, json={"access": "read"}, headers={**headers, "If-Match": first.headers["etag"]}
    )
    assert again.headers["etag"] == first.headers["etag"]
    missing = await client.delete(
        f"{API}/accounts/{account_id}/team/{s['seller']['id']}",
        headers={**headers, "If-Match": first.headers["etag"]},
    )
    assert missing.status_code == 404


async def test_the_accounts_history_says_who_added_whom_as_what_and_who_removed_them(
    client, admin_headers, setting
) -> None:
    s = setting
    account_id, colleague_id = s["account"]["id"], s["colleague"]["id"]
    sales = await team_role_id(client, admin_headers, "sales")
    await put_member(client, s["seller_headers"], account_id, colleague_id, role_id=sales)
    await put_member(
        client, s["seller_headers"], account_id, colleague_id, role_id=sales, access="edit"
    )
    await remove_member(client, admin_headers, account_id, colleague_id)

    history = await client.get(f"{API}/accounts/{account_id}/history", headers=admin_headers)
    lines = [h for h in history.json()["items"] if h["field"] == "team_member"]
    member: dict[str, Any] = {"user_id": colleague_id, "name": "Kalle Kollega", "role": "sales"}
    assert [(h["changed_by_name"], h["old_value"], h["new_value"]) for h in lines] == [
        ("Ada Admin", {**member, "access": "edit"}, None),
        ("Sanna Seller", {**member, "access": "read"}, {**member, "access": "edit"}),
        ("Sanna Seller", None, {**member, "access": "read"}),
    ]


async def test_accounts_whose_team_a_user_is_on(client, setting, admin_headers) -> None:
    s = setting
    await put_member(client, s["seller_headers"], s["account"]["id"], s["colleague"]["id"])
    listed = await client.get(
        f"{API}/accounts", params={"team_member_id": s["colleague"]["id"]}, headers=admin_headers
    )
    assert [a["id"] for a in listed.json()["items"]] == [s["account"]["id"]]
    mine = await client.get(
        f"{API}/accounts", params={"team_member_id": s["seller"]["id"]}, headers=admin_headers
    )
    assert mine.json()["items"] == []
