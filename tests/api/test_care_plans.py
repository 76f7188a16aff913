"""Care plans: versions and approval, the generation job (idempotent across re-runs, plan
changes and class changes, with a moved clock), the account's card, compliance and its
scope, the exports."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa

from persistence.tables.accounts import accounts
from tests.api.lead_factories import API, ok

pytestmark = pytest.mark.api


async def set_class(container, account_id: str, cls: str | None) -> None:
    """The class-change flow is another area's; set the column directly."""
    async with container.engine.begin() as conn:
        await conn.execute(
            sa.update(accounts).where(accounts.c.id == UUID(account_id)).values(account_class=cls)
        )


async def type_id(client, headers, kind: str = "meeting") -> str:
    found = await ok(
        await client.get(f"{API}/activity-types", headers=headers, params={"limit": 200})
    )
    return next(t["id"] for t in found["items"] if t["kind"] == kind)


def touch(activity_type_id: str, frequency: str = "weekly", **extra: Any) -> dict[str, Any]:
    return {
        "activity_type_id": activity_type_id,
        "channel": "visit",
        "frequency": frequency,
        "description": f"{frequency} touch",
        **extra,
    }


async def make_plan(
    client, headers, cls: str, touches: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    body = {"name": f"Plan {cls}", "account_class": cls, "touches": touches, **extra}
    return await ok(await client.post(f"{API}/care-plans", json=body, headers=headers), 201)  # type: ignore[no-any-return]


async def approve(client, headers, plan: dict[str, Any], status: int = 200) -> dict[str, Any]:
    resp = await client.post(
        f"{API}/care-plans/{plan['id']}/approval",
        json={},
        headers={**headers, "If-Match": f'"{plan["version"]}"'},
    )
    return await ok(resp, status)  # type: ignore[no-any-return]


async def run(
    client, headers, now: str | None = None, horizon: int | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if now:
        body["now"] = now
    if horizon:
        body["horizon_days"] = horizon
    return await ok(await client.post(f"{API}/care-plan-runs", json=body, headers=headers))  # type: ignore[no-any-return]


@pytest.fixture
async def scene(
    client, admin_headers, make_unit, make_user, make_account, container
) -> dict[str, Any]:
    south = await make_unit("Etelä")
    north = await make_unit("Pohjoinen")
    seller, seller_h = await make_user("sales", south["id"], name="Sanna Myyjä")
    other, other_h = await make_user("sales", north["id"], name="Olli Pohjoinen")
    _mgr, mgr_h = await make_user("manager", name="Mirja Esimies")
    account = await make_account(seller_h, account_manager_id=seller["id"])
    await set_class(container, account["id"], "A")
    other_account = await make_account(seller_h, account_manager_id=seller["id"])
    return {
        "other_account": other_account,
        "seller": seller,
        "seller_h": seller_h,
        "other": other,
        "other_h": other_h,
        "mgr_h": mgr_h,
        "account": account,
        "meeting": await type_id(client, admin_headers),
    }


async def test_generation_is_idempotent_and_follows_class_changes(
    client, admin_headers, scene, container
) -> None:
    plan = await make_plan(client, scene["mgr_h"], "A", [touch(scene["meeting"])])
    assert plan["active_version"] is None
    assert plan["latest"]["status"] == "draft"
    # a draft generates nothing
    assert (await run(client, admin_headers, "2027-01-04T08:00:00+02:00", 28))["created"] == 0
    await approve(client, scene["mgr_h"], plan)
    # Monday 4 January 2027, four weeks ahead: Fridays 8, 15, 22 and 29 January
    first = await run(client, admin_headers, "2027-01-04T08:00:00+02:00", 28)
    assert first["created"] == 4
    again = await run(client, admin_headers, "2027-01-04T08:00:00+02:00", 28)
    assert again["created"] == 0
    assert again["cancelled"] == 0
    # a week later the horizon reaches 5 February: one more, nothing twice
    assert (await run(client, admin_headers, "2027-01-11T08:00:00+02:00", 28))["created"] == 1
    # class A → B: the future A touches are cancelled, no B plan yet
    await set_class(container, scene["account"]["id"], "B")
    moved = await run(client, admin_headers, "2027-01-11T08:00:00+02:00", 28)
    assert (moved["created"], moved["cancelled"]) == (0, 4)
    b_plan = await make_plan(client, scene["mgr_h"], "B", [touch(scene["meeting"], "monthly")])
    await approve(client, scene["mgr_h"], b_plan)  # a manager approves; B needs update only
    b_run = await run(client, admin_headers, "2027-01-11T08:00:00+02:00", 28)
    assert (b_run["created"], b_run["cancelled"]) == (1, 0)  # Friday 29 January
    # back to A: the B touch is cancelled, the A ones come back (new activities)
    await set_class(container, scene["account"]["id"], "A")
    back = await run(client, admin_headers, "2027-01-11T08:00:00+02:00", 28)
    assert (back["created"], back["cancelled"]) == (4, 1)
    assert (await run(client, admin_headers, "2027-01-11T08:00:00+02:00", 28))["created"] == 0
    # the account manager owns them
    acts = await ok(
        await client.get(
            f"{API}/activities",
            params={"limit": 200},
            headers=scene["seller_h"],
        )
    )
    open_ones = [a for a in acts["items"] if a["status"] == "open"]
    # the four A touches from 15 January on, and 8 January's (past due: never touched)
    assert len(open_ones) == 5
    assert {a["owner_id"] for a in open_ones} == {scene["seller"]["id"]}
    assert sum(a["status"] == "cancelled" for a in acts["items"]) == 5


async def test_a_new_version_takes_effect_when_approved(client, admin_headers, scene) -> None:
    plan = await make_plan(client, scene["mgr_h"], "A", [touch(scene["meeting"])])
    plan = await approve(client, scene["mgr_h"], plan)
    at = "2027-03-01T08:00:00+02:00"
    assert (await run(client, admin_headers, at, 28))["created"] == 4
    monthly = touch(scene["meeting"], "months", months=[3, 12], description="Messut")
    resp = await client.patch(
        f"{API}/care-plans/{plan['id']}",
        json={"touches": [monthly], "note": "Messut maaliskuussa"},
        headers={**scene["mgr_h"], "If-Match": f'"{plan["version"]}"'},
    )
    draft = await ok(resp)
    assert (draft["active_version"], draft["latest_version"]) == (1, 2)
    assert draft["current"]["touches"][0]["frequency"] == "weekly"
    # the draft is not in force: nothing changes
    same = await run(client, admin_headers, at, 28)
    assert (same["created"], same["cancelled"]) == (0, 0)
    approved = await approve(client, scene["mgr_h"], draft)
    assert approved["active_version"] == 2
    changed = await run(client, admin_headers, at, 31)
    assert (changed["created"], changed["cancelled"]) == (1, 4)  # 31 March; the 4 weekly ones
    versions = await ok(
        await client.get(f"{API}/care-plans/{plan['id']}/versions", headers=scene["seller_h"])
    )
    assert [(v["number"], v["status"]) for v in versions["items"]] == [
        (2, "approved"),
        (1, "superseded"),
    ]
    # a stale ETag is refused
    stale = await client.patch(
        f"{API}/care-plans/{plan['id']}",
        json={"name": "X"},
        headers={**scene["mgr_h"], "If-Match": f'"{plan["version"]}"'},
    )
    assert stale.status_code == 412


async def test_who_may_write_approve_and_run(client, admin_headers, scene) -> None:
    body = {"name": "P", "account_class": "A", "touches": [touch(scene["meeting"])]}
    assert (
        await client.post(f"{API}/care-plans", json=body, headers=scene["seller_h"])
    ).status_code == 403
    plan = await make_plan(client, scene["mgr_h"], "A", [touch(scene["meeting"])])
    await approve(client, scene["seller_h"], plan, 403)
    assert (
        await client.post(f"{API}/care-plan-runs", json={}, headers=scene["mgr_h"])
    ).status_code == 403
    # everyone reads the plans
    listed = await ok(await client.get(f"{API}/care-plans", headers=scene["other_h"]))
    assert [p["id"] for p in listed["items"]] == [plan["id"]]
    # one plan in force per target
    await approve(client, scene["mgr_h"], plan)
    twin = await make_plan(client, scene["mgr_h"], "A", [touch(scene["meeting"])])
    await approve(client, scene["mgr_h"], twin, 409)
    bad = {"name": "P", "account_class": "A", "touches": [touch(scene["meeting"], "months")]}
    assert (
        await client.post(f"{API}/care-plans", json=bad, headers=scene["mgr_h"])
    ).status_code == 422


async def test_compliance_counts_done_touches_within_scope(client, admin_headers, scene) -> None:
    plan = await make_plan(client, scene["mgr_h"], "A", [touch(scene["meeting"])])
    await approve(client, scene["mgr_h"], plan)
    assert (await run(client, admin_headers, None, 30))["created"] >= 4
    work = await ok(
        await client.get(
            f"{API}/me/work", params={"bucket": "this_week"}, headers=scene["seller_h"]
        )
    )
    mine = [a for a in work["items"] if a["subject"].startswith("Plan A")]
    before = await ok(await client.get(f"{API}/care-plans/compliance", headers=scene["seller_h"]))
    assert before["total"]["on_time"] == 0
    assert before["total"]["planned"] >= 4
    card = await ok(
        await client.get(
            f"{API}/accounts/{scene['account']['id']}/care-plan", headers=scene["seller_h"]
        )
    )
    assert card["plan"]["id"] == plan["id"]
    assert len(card["next_touches"]) >= 4
    target = mine[0] if mine else {"id": card["next_touches"][0]["activity_id"]}
    done = await client.patch(
        f"{API}/activities/{target['id']}",
        json={"status": "done"},
        headers={**scene["seller_h"], "If-Match": '"1"'},
    )
    assert done.status_code == 200, done.text
    after = await ok(
        await client.get(
            f"{API}/care-plans/compliance",
            params={"group_by": "account"},
            headers=scene["seller_h"],
        )
    )
    assert after["total"]["on_time"] == 1
    assert [r["key"] for r in after["rows"]] == [scene["account"]["id"]]
    # another unit's salesperson sees no figure of the account, nor its card
    theirs = await ok(
        await client.get(
            f"{API}/care-plans/compliance", params={"group_by": "account"}, headers=scene["other_h"]
        )
    )
    assert theirs["rows"] == []
    assert theirs["total"]["planned"] == 0
    assert theirs["no_contact"] == []
    hidden = await client.get(
        f"{API}/accounts/{scene['account']['id']}/care-plan", headers=scene["other_h"]
    )
    assert hidden.status_code == 404
    # the export (the export privilege: the admin's) has the total row
    csv = await client.get(f"{API}/care-plans/compliance.csv", headers=admin_headers)
    assert csv.status_code == 200
    assert "Yhteensä" in csv.content.decode("utf-8-sig")
    xlsx = await client.get(f"{API}/care-plans/compliance.xlsx", headers=admin_headers)
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    assert (
        await client.get(f"{API}/care-plans/compliance.csv", headers=scene["seller_h"])
    ).status_code == 403


async def test_accounts_without_contact_are_listed(client, admin_headers, scene) -> None:
    plan = await make_plan(client, scene["mgr_h"], "A", [touch(scene["meeting"], "monthly")])
    await approve(client, scene["mgr_h"], plan)
    report = await ok(await client.get(f"{API}/care-plans/compliance", headers=scene["seller_h"]))
    assert [r["account_id"] for r in report["no_contact"]] == [scene["account"]["id"]]
    assert report["no_contact"][0]["allowed_days"] == 31
    await ok(
        await client.post(
            f"{API}/activities",
            json={
                "type": "note",
                "subject": "Soitin",
                "regarding_type": "account",
                "regarding_id": scene["account"]["id"],
            },
            headers=scene["seller_h"],
        ),
        201,
    )
    report = await ok(await client.get(f"{API}/care-plans/compliance", headers=scene["seller_h"]))
    assert report["no_contact"] == []


async def test_a_customer_group_plan_applies_below_its_group_unless_a_class_plan_does(
    client, admin_headers, scene, container
) -> None:
    listed = await ok(
        await client.get(
            f"{API}/classifications",
            params={"kind": "account", "limit": 200},
            headers=admin_headers,
        )
    )
    keys = {c["key"]: c for c in listed["items"]}
    parent, child = keys["customer_group"], keys["partner_school"]  # partner school ⊂ groups
    account_id = scene["account"]["id"]
    await set_class(container, account_id, None)
    put = await client.put(
        f"{API}/accounts/{account_id}/classifications/{child['id']}", headers=admin_headers
    )
    assert put.status_code == 200, put.text
    group_plan = await make_plan(
        client,
        scene["mgr_h"],
        "x",
        [touch(scene["meeting"], "monthly")],
        account_class=None,
        classification_id=parent["id"],
        name="Kumppanikoulut",
    )
    await approve(client, scene["mgr_h"], group_plan)
    card_url = f"{API}/accounts/{account_id}/care-plan"
    # Monday 4 January 2027, 28 days: the monthly touch is due on Friday 29 January
    first = await run(client, admin_headers, "2027-01-04T08:00:00+02:00", 28)
    assert first["created"] == 1
    card = await ok(await client.get(card_url, headers=scene["seller_h"]))
    assert card["plan"]["id"] == group_plan["id"]

    # Tagging an account with the group plans its touches at once (as of now, real clock).
    other = scene["other_account"]
    tagged = await client.put(
        f"{API}/accounts/{other['id']}/classifications/{child['id']}", headers=admin_headers
    )
    assert tagged.status_code == 200, tagged.text
    other_card = await ok(
        await client.get(f"{API}/accounts/{other['id']}/care-plan", headers=scene["seller_h"])
    )
    assert other_card["plan"]["id"] == group_plan["id"]
    assert other_card["next_touches"]
    untagged = await client.delete(
        f"{API}/accounts/{other['id']}/classifications/{child['id']}", headers=admin_headers
    )
    assert untagged.status_code == 200, untagged.text
    other_card = await ok(
        await client.get(f"{API}/accounts/{other['id']}/care-plan", headers=scene["seller_h"])
    )
    assert other_card["plan"] is None

    # A class with its own plan wins over the group: the group's touch ends, A's begin.
    a_plan = await make_plan(client, scene["mgr_h"], "A", [touch(scene["meeting"])])
    await approve(client, scene["mgr_h"], a_plan)
    await set_class(container, account_id, "A")
    moved = await run(client, admin_headers, "2027-01-04T08:00:00+02:00", 28)
    assert (moved["created"], moved["cancelled"]) == (4, 1)
    card = await ok(await client.get(card_url, headers=scene["seller_h"]))
    assert card["plan"]["id"] == a_plan["id"]
    assert (await run(client, admin_headers, "2027-01-04T08:00:00+02:00", 28))["created"] == 0
