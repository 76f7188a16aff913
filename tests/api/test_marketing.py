"""Marketing over HTTP: campaigns (type, status, dates, budget, expected responses), static
lists (add, bulk add, remove), invitations from a list with their status changes, results
against the plan, the consent-honouring audited export, and scope: no list, member page,
invitation page or export shows a contact outside the caller's scope."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest

API = "/api/v1"
pytestmark = pytest.mark.api


@dataclass
class World:
    admin: dict[str, str]
    manager: dict[str, Any]
    manager_h: dict[str, str]
    seller_h: dict[str, str]
    child_seller_h: dict[str, str]
    outsider_h: dict[str, str]
    outsider_manager_h: dict[str, str]
    yes: dict[str, Any]  # consenting contact in the manager's unit
    no: dict[str, Any]  # non-consenting contact in the manager's unit
    child: dict[str, Any]  # consenting contact in the child unit
    foreign: dict[str, Any]  # contact in another unit


@pytest.fixture
async def w(admin_headers, make_unit, make_user, make_contact) -> World:
    unit = await make_unit("Markkinointi")
    child = await make_unit("Markkinointi, Turku", parent_id=unit["id"])
    other = await make_unit("Muu yksikkö")
    manager, manager_h = await make_user("manager", unit["id"], name="Minna Markkinoija")
    _, seller_h = await make_user("sales", unit["id"])
    _, child_seller_h = await make_user("sales", child["id"])
    _, outsider_h = await make_user("sales", other["id"])
    _, outsider_manager_h = await make_user("manager", other["id"])
    yes = await make_contact(
        seller_h,
        first_name="Kaisa",
        email="kaisa@example.fi",
        marketing_consent=True,
        marketing_consent_source="messut",
    )
    no = await make_contact(seller_h, first_name="Ville", marketing_consent=False)
    kid = await make_contact(
        child_seller_h, first_name="Tuula", marketing_consent=True, marketing_consent_source="web"
    )
    foreign = await make_contact(
        outsider_h, first_name="Olli", marketing_consent=True, marketing_consent_source="web"
    )
    return World(
        admin_headers,
        manager,
        manager_h,
        seller_h,
        child_seller_h,
        outsider_h,
        outsider_manager_h,
        yes,
        no,
        kid,
        foreign,
    )


async def make_campaign(client, headers, **fields: Any) -> dict[str, Any]:
    body = {
        "name": "Kevätseminaari",
        "type": "seminar",
        "starts_on": "2027-03-10",
        "ends_on": "2027-03-10",
        "budget": "2000.00",
        "expected_responses": 4,
        **fields,
    }
    resp = await client.post(f"{API}/campaigns", json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def make_list(client, headers, contacts: list[dict[str, Any]], **fields: Any):
    resp = await client.post(
        f"{API}/marketing-lists", json={"name": "Seminaarikutsu", **fields}, headers=headers
    )
    assert resp.status_code == 201, resp.text
    mlist = resp.json()
    if contacts:
        added = await client.post(
            f"{API}/marketing-lists/{mlist['id']}/members",
            json={"contact_ids": [c["id"] for c in contacts]},
            headers=headers,
        )
        assert added.status_code == 200, added.text
        assert added.json()["added"] == len(contacts)
    return mlist


async def member_ids(client, headers, list_id: str) -> set[str]:
    resp = await client.get(f"{API}/marketing-lists/{list_id}/members", headers=headers)
    assert resp.status_code == 200, resp.text
    return {m["contact_id"] for m in resp.json()["items"]}


# ------------------------------------------------------------------ campaigns


async def test_a_campaign_is_created_edited_with_etags_and_checks_its_dates(client, w) -> None:
    campaign = await make_campaign(client, w.manager_h)
    assert campaign["status"] == "planned"
    assert campaign["budget"] == "2000.00"
    bad = await client.post(
        f"{API}/campaigns",
        json={"name": "X", "type": "event", "starts_on": "2027-03-10", "ends_on": "2027-03-01"},
        headers=w.manager_h,
    )
    assert bad.status_code == 422
    url = f"{API}/campaigns/{campaign['id']}"
    stale = await client.patch(
        url, json={"status": "active"}, headers={**w.manager_h, "If-Match": '"9"'}
    )
    assert stale.status_code == 412
    ok = await client.patch(
        url, json={"status": "active"}, headers={**w.manager_h, "If-Match": '"1"'}
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "active"
    assert ok.headers["ETag"] == '"2"'
    listed = await client.get(f"{API}/campaigns", params={"status": "active"}, headers=w.manager_h)
    assert [c["id"] for c in listed.json()["items"]] == [campaign["id"]]


async def test_campaigns_outside_the_callers_scope_are_not_found(client, w) -> None:
    campaign = await make_campaign(client, w.manager_h)
    assert (
        await client.get(f"{API}/campaigns/{campaign['id']}", headers=w.outsider_h)
    ).status_code == 404
    listed = await client.get(f"{API}/campaigns", headers=w.outsider_manager_h)
    assert campaign["id"] not in {c["id"] for c in listed.json()["items"]}
    # the colleague in the unit reads it but cannot change someone else's campaign
    assert (
        await client.get(f"{API}/campaigns/{campaign['id']}", headers=w.seller_h)
    ).status_code == 200
    refused = await client.patch(
        f"{API}/campaigns/{campaign['id']}",
        json={"name": "Oma"},
        headers={**w.seller_h, "If-Match": '"1"'},
    )
    assert refused.status_code == 403


# ------------------------------------------------------------------ static lists


async def test_a_static_list_takes_contacts_in_bulk_skips_repeats_and_removes(client, w) -> None:
    mlist = await make_list(client, w.manager_h, [w.yes, w.no])
    url = f"{API}/marketing-lists/{mlist['id']}"
    again = await client.post(
        f"{url}/members", json={"contact_ids": [w.yes["id"], w.child["id"]]}, headers=w.manager_h
    )
    assert again.status_code == 200, again.text
    assert again.json() == {"added": 1, "member_count": 3}
    assert await member_ids(client, w.manager_h, mlist["id"]) == {
        w.yes["id"],
        w.no["id"],
        w.child["id"],
    }
    removed = await client.delete(f"{url}/members/{w.no['id']}", headers=w.manager_h)
    assert removed.status_code == 204
    got = await client.get(url, headers=w.manager_h)
    assert got.json()["member_count"] == 2
    history = await client.get(f"{API}/history/marketing_list/{mlist['id']}", headers=w.admin)
    if history.status_code == 200:
        assert len(history.json()["items"]) >= 3


async def test_a_contact_outside_the_callers_scope_cannot_be_added(client, w) -> None:
    mlist = await make_list(client, w.manager_h, [])
    resp = await client.post(
        f"{API}/marketing-lists/{mlist['id']}/members",
        json={"contact_ids": [w.yes["id"], w.foreign["id"]]},
        headers=w.manager_h,
    )
    assert resp.status_code == 422
    assert await member_ids(client, w.manager_h, mlist["id"]) == set()


async def test_no_list_or_member_page_shows_a_contact_outside_the_callers_scope(client, w) -> None:
    mlist = await make_list(client, w.manager_h, [w.yes, w.child])
    # another unit does not see the list at all
    assert (
        await client.get(f"{API}/marketing-lists/{mlist['id']}", headers=w.outsider_manager_h)
    ).status_code == 404
    assert (
        await client.get(f"{API}/marketing-lists/{mlist['id']}/members", headers=w.outsider_h)
    ).status_code == 404
    listed = await client.get(f"{API}/marketing-lists", headers=w.outsider_manager_h)
    assert mlist["id"] not in {m["id"] for m in listed.json()["items"]}
    # a salesperson of the unit reads the list but only the members in their own scope: the
    # child unit's contact is the manager's to see, not theirs
    assert await member_ids(client, w.seller_h, mlist["id"]) == {w.yes["id"]}
    got = await client.get(f"{API}/marketing-lists/{mlist['id']}", headers=w.seller_h)
    assert got.json()["member_count"] == 1
    # …nor can they edit the manager's list
    refused = await client.post(
        f"{API}/marketing-lists/{mlist['id']}/members",
        json={"contact_ids": [w.no["id"]]},
        headers=w.seller_h,
    )
    assert refused.status_code == 403


# ------------------------------------------------------------------ export


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


async def test_the_export_honours_consent_and_is_audited(client, w) -> None:
    mlist = await make_list(client, w.manager_h, [w.yes, w.no, w.child])
    resp = await client.get(f"{API}/marketing-lists/{mlist['id']}/export.csv", headers=w.manager_h)
    assert resp.status_code == 200, resp.text
    rows = read_csv(resp.content)
    assert rows[0][:3] == ["Etunimi", "Sukunimi", "Sähköposti"]
    assert sorted(r[0] for r in rows[1:]) == ["Kaisa", "Tuula"]  # Ville has not consented
    assert resp.headers["X-Left-Out-Count"] == "1"
    xlsx = await client.get(f"{API}/marketing-lists/{mlist['id']}/export.xlsx", headers=w.manager_h)
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    log = await client.get(f"{API}/marketing-lists/{mlist['id']}/exports", headers=w.manager_h)
    assert log.status_code == 200
    entries = log.json()
    assert [(e["format"], e["exported_count"], e["left_out_count"]) for e in entries] == [
        ("xlsx", 2, 1),
        ("csv", 2, 1),
    ]
    assert {e["exported_by"] for e in entries} == {w.manager["id"]}


async def test_a_contact_who_opts_out_leaves_the_next_export(client, w) -> None:
    mlist = await make_list(client, w.manager_h, [w.yes])
    contact = await client.get(f"{API}/contacts/{w.yes['id']}", headers=w.seller_h)
    opted = await client.patch(
        f"{API}/contacts/{w.yes['id']}",
        json={"marketing_consent": False},
        headers={**w.seller_h, "If-Match": contact.headers["ETag"]},
    )
    assert opted.status_code == 200, opted.text
    resp = await client.get(f"{API}/marketing-lists/{mlist['id']}/export.csv", headers=w.manager_h)
    assert read_csv(resp.content)[1:] == []
    assert resp.headers["X-Left-Out-Count"] == "1"


async def test_the_export_needs_the_privilege_and_never_leaves_the_scope(client, w) -> None:
    mlist = await make_list(client, w.manager_h, [w.yes, w.child])
    refused = await client.get(
        f"{API}/marketing-lists/{mlist['id']}/export.csv", headers=w.seller_h
    )
    assert refused.status_code == 403
    hidden = await client.get(
        f"{API}/marketing-lists/{mlist['id']}/export.csv", headers=w.outsider_manager_h
    )
    assert hidden.status_code == 404
    # The child unit's manager reads only the child's contact: the list is not theirs to see.
    own = await make_list(client, w.outsider_manager_h, [])
    assert (
        await client.post(
            f"{API}/marketing-lists/{own['id']}/members",
            json={"contact_ids": [w.yes["id"]]},
            headers=w.outsider_manager_h,
        )
    ).status_code == 422


# ------------------------------------------------------------------ invitations


async def test_invitations_from_a_list_move_through_their_statuses_and_count(client, w) -> None:
    campaign = await make_campaign(client, w.manager_h)
    mlist = await make_list(client, w.manager_h, [w.yes, w.no, w.child])
    url = f"{API}/campaigns/{campaign['id']}"
    invited = await client.post(
        f"{url}/invitations", json={"list_id": mlist["id"]}, headers=w.manager_h
    )
    assert invited.status_code == 201, invited.text
    assert invited.json() == {"invited": 3, "already_invited": 0}
    again = await client.post(
        f"{url}/invitations", json={"list_id": mlist["id"]}, headers=w.manager_h
    )
    assert again.json() == {"invited": 0, "already_invited": 3}
    items = (await client.get(f"{url}/invitations", headers=w.manager_h)).json()["items"]
    by_contact = {i["contact_id"]: i for i in items}

    async def move(contact: dict[str, Any], status: str) -> Any:
        inv = by_contact[contact["id"]]
        resp = await client.patch(
            f"{url}/invitations/{inv['id']}",
            json={"status": status},
            headers={**w.manager_h, "If-Match": f'"{inv["version"]}"'},
        )
        if resp.status_code == 200:
            by_contact[contact["id"]] = resp.json()
        return resp

    assert (await move(w.yes, "attended")).status_code == 409  # must register first
    assert (await move(w.yes, "registered")).status_code == 200
    assert (await move(w.yes, "attended")).status_code == 200
    assert (await move(w.no, "registered")).status_code == 200
    assert (await move(w.no, "no_show")).status_code == 200
    assert (await move(w.child, "declined")).status_code == 200
    results = await client.get(f"{url}/results", headers=w.manager_h)
    assert results.status_code == 200, results.text
    r = results.json()
    assert r["invited_total"] == 3
    assert r["counts"] == {
        "invited": 0,
        "registered": 0,
        "attended": 1,
        "declined": 1,
        "no_show": 1,
    }
    assert r["responses"] == 2
    assert r["response_vs_expected"] == 0.5
    assert r["attendance_rate"] == 0.5
    assert r["cost_per_response"] == "1000.00"
    registered = await client.get(
        f"{url}/invitations", params={"status": "no_show"}, headers=w.manager_h
    )
    assert [i["contact_id"] for i in registered.json()["items"]] == [w.no["id"]]


async def test_invitation_pages_show_no_contact_outside_the_callers_scope(client, w) -> None:
    campaign = await make_campaign(client, w.manager_h)
    url = f"{API}/campaigns/{campaign['id']}"
    resp = await client.post(
        f"{url}/invitations",
        json={"contact_ids": [w.yes["id"], w.child["id"]]},
        headers=w.manager_h,
    )
    assert resp.status_code == 201, resp.text
    seen = await client.get(f"{url}/invitations", headers=w.seller_h)
    assert {i["contact_id"] for i in seen.json()["items"]} == {w.yes["id"]}
    results = await client.get(f"{url}/results", headers=w.seller_h)
    assert results.json()["invited_total"] == 1
    assert (await client.get(f"{url}/invitations", headers=w.outsider_h)).status_code == 404
    foreign = await client.post(
        f"{url}/invitations", json={"contact_ids": [w.foreign["id"]]}, headers=w.manager_h
    )
    assert foreign.status_code == 422


# ------------------------------------------------------------------ dynamic lists


async def test_a_dynamic_list_takes_a_new_matching_contact_at_once(client, w, make_contact) -> None:
    rule = {"field": "first_name", "op": "eq", "value": "Dynamo"}
    bad = await client.post(
        f"{API}/marketing-lists",
        json={"name": "Rikki", "kind": "dynamic", "filter": {"field": "nope", "op": "eq"}},
        headers=w.manager_h,
    )
    assert bad.status_code == 422
    created = await client.post(
        f"{API}/marketing-lists",
        json={"name": "Dynaaminen", "kind": "dynamic", "filter": rule},
        headers=w.manager_h,
    )
    assert created.status_code == 201, created.text
    list_id = created.json()["id"]
    assert created.json()["member_count"] == 0
    new = await make_contact(w.seller_h, first_name="Dynamo")
    assert await member_ids(client, w.manager_h, list_id) == {new["id"]}
    # the static member endpoints refuse a dynamic list
    refused = await client.post(
        f"{API}/marketing-lists/{list_id}/members",
        json={"contact_ids": [w.yes["id"]]},
        headers=w.manager_h,
    )
    assert refused.status_code == 409
    # outside the caller's scope, a matching contact is not a member
    await make_contact(w.outsider_h, first_name="Dynamo")
    assert await member_ids(client, w.manager_h, list_id) == {new["id"]}


async def test_registered_but_did_not_attend_the_last_event_is_a_filter(client, w) -> None:
    campaign = await make_campaign(client, w.manager_h, type="event")
    url = f"{API}/campaigns/{campaign['id']}"
    resp = await client.post(
        f"{url}/invitations",
        json={"contact_ids": [w.yes["id"], w.no["id"], w.child["id"]]},
        headers=w.manager_h,
    )
    assert resp.status_code == 201, resp.text
    items = (await client.get(f"{url}/invitations", headers=w.manager_h)).json()["items"]
    for inv in items:
        steps = {w.yes["id"]: ["registered", "attended"], w.no["id"]: ["registered", "no_show"]}
        version = inv["version"]
        for status in steps.get(inv["contact_id"], []):
            moved = await client.patch(
                f"{url}/invitations/{inv['id']}",
                json={"status": status},
                headers={**w.manager_h, "If-Match": f'"{version}"'},
            )
            assert moved.status_code == 200, moved.text
            version = moved.json()["version"]
    no_show = {
        "has": "invitations",
        "where": {
            "all": [
                {"field": "campaign_id", "op": "eq", "value": campaign["id"]},
                {"field": "status", "op": "eq", "value": "no_show"},
            ]
        },
    }
    created = await client.post(
        f"{API}/marketing-lists",
        json={"name": "Eivät tulleet", "kind": "dynamic", "filter": no_show},
        headers=w.manager_h,
    )
    assert created.status_code == 201, created.text
    assert await member_ids(client, w.manager_h, created.json()["id"]) == {w.no["id"]}
    catalogue = await client.get(f"{API}/filter-catalogues/contact", headers=w.manager_h)
    assert catalogue.status_code == 200
    assert "invitations" in catalogue.text
