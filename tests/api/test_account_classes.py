"""Account classes A/B/C/Potential: set with history (who, when, why); A is proposed by the
account manager and approved by a manager only; the A cap per unit is refused with a clear
problem; the suggested class from purchase volume is shown beside the set class, never
applied; Potential accounts past the policy's months show up for review."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.api.offer_factories import free_line, make_order

pytestmark = pytest.mark.api

API = "/api/v1"


async def _propose(client, headers, account_id, to_class, reason="Syy", expect=201) -> Any:
    resp = await client.post(
        f"{API}/accounts/{account_id}/class-changes",
        json={"to_class": to_class, "reason": reason},
        headers=headers,
    )
    assert resp.status_code == expect, resp.text
    return resp.json()


async def _decide(client, headers, change_id, what="approval", expect=200) -> Any:
    got = await client.get(f"{API}/account-class-changes/{change_id}", headers=headers)
    etag = got.headers.get("etag", '"1"')
    resp = await client.post(
        f"{API}/account-class-changes/{change_id}/{what}",
        json={"note": "Ok"},
        headers={**headers, "If-Match": etag},
    )
    assert resp.status_code == expect, resp.text
    return resp.json()


async def _card(client, headers, account_id) -> Any:
    resp = await client.get(f"{API}/accounts/{account_id}/class", headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.fixture
async def team(make_unit, make_user) -> dict[str, Any]:
    unit = await make_unit("Koulutuspalvelut")
    seller, seller_h = await make_user("sales", unit["id"], name="Sari Myyjä")
    boss, boss_h = await make_user("manager", unit["id"], name="Maija Päällikkö")
    return {"unit": unit, "seller": seller, "seller_h": seller_h, "boss": boss, "boss_h": boss_h}


async def test_b_is_set_at_once_with_who_when_and_why_on_the_history(
    client, team, make_account
) -> None:
    account = await make_account(team["seller_h"])
    change = await _propose(client, team["seller_h"], account["id"], "B", "  Kasvava   asiakas ")
    assert change["status"] == "applied"
    assert change["reason"] == "Kasvava asiakas"
    assert change["proposed_by"] == team["seller"]["id"]
    got = await client.get(f"{API}/accounts/{account['id']}", headers=team["seller_h"])
    assert got.json()["account_class"] == "B"
    assert got.json()["account_class_since"] is not None

    await _propose(client, team["seller_h"], account["id"], "C", "Ostot vähenivät")
    history = await client.get(
        f"{API}/accounts/{account['id']}/class-changes", headers=team["seller_h"]
    )
    assert [(h["from_class"], h["to_class"]) for h in history.json()["items"]] == [
        ("B", "C"),
        (None, "B"),
    ]
    # The account's field history shows the class too.
    fields = await client.get(f"{API}/accounts/{account['id']}/history", headers=team["seller_h"])
    assert any(h["field"] == "account_class" for h in fields.json()["items"])
    # A reason is required.
    await _propose(client, team["seller_h"], account["id"], "B", "   ", expect=422)


async def test_a_waits_for_a_managers_approval_and_only_a_manager_approves(
    client, team, make_account
) -> None:
    account = await make_account(team["seller_h"])
    change = await _propose(client, team["seller_h"], account["id"], "A", "Avainasiakas")
    assert change["status"] == "pending"
    card = await _card(client, team["seller_h"], account["id"])
    assert card["account_class"] is None
    assert card["pending"]["id"] == change["id"]
    assert card["may_approve"] is False
    # A second proposal while one waits is refused.
    await _propose(client, team["seller_h"], account["id"], "B", expect=409)
    # The salesperson cannot approve their own proposal.
    await _decide(client, team["seller_h"], change["id"], expect=403)

    approvals = await client.get(
        f"{API}/account-class-changes", params={"status": "pending"}, headers=team["boss_h"]
    )
    assert [c["id"] for c in approvals.json()["items"]] == [change["id"]]
    assert (await _card(client, team["boss_h"], account["id"]))["may_approve"] is True
    approved = await _decide(client, team["boss_h"], change["id"])
    assert approved["status"] == "applied"
    assert approved["decided_by"] == team["boss"]["id"]
    assert (await _card(client, team["seller_h"], account["id"]))["account_class"] == "A"
    # Decided once.
    await _decide(client, team["boss_h"], change["id"], expect=409)


async def test_a_rejected_proposal_leaves_the_class_as_it_was(client, team, make_account) -> None:
    account = await make_account(team["seller_h"])
    await _propose(client, team["seller_h"], account["id"], "B")
    change = await _propose(client, team["seller_h"], account["id"], "A")
    rejected = await _decide(client, team["boss_h"], change["id"], "rejection")
    assert rejected["status"] == "rejected"
    assert (await _card(client, team["seller_h"], account["id"]))["account_class"] == "B"


async def test_a_manager_of_another_unit_cannot_approve(
    client, team, make_account, make_unit, make_user
) -> None:
    other = await make_unit("Toinen yksikkö")
    _, other_boss_h = await make_user("manager", other["id"])
    account = await make_account(team["seller_h"])
    change = await _propose(client, team["seller_h"], account["id"], "A")
    # Not even visible to them.
    await _decide(client, other_boss_h, change["id"], expect=404)
    listed = await client.get(f"{API}/account-class-changes", headers=other_boss_h)
    assert listed.json()["items"] == []


async def test_the_a_cap_of_a_unit_is_refused_with_a_clear_problem(
    client, admin_headers, team, make_account
) -> None:
    resp = await client.post(
        f"{API}/account-class-policies",
        json={"business_unit_id": team["unit"]["id"], "a_cap": 1},
        headers=admin_headers,
    )
    assert resp.status_code == 201, resp.text
    first = await make_account(team["seller_h"])
    second = await make_account(team["seller_h"])
    assert (await _propose(client, team["boss_h"], first["id"], "A"))["status"] == "applied"
    refused = await client.post(
        f"{API}/accounts/{second['id']}/class-changes",
        json={"to_class": "A", "reason": "Toinen avainasiakas"},
        headers=team["boss_h"],
    )
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert "cap is 1" in problem["detail"]
    assert (problem["a_cap"], problem["a_accounts"]) == (1, 1)
    # A proposal approved after the cap filled up is refused at approval as well.
    await _propose(client, team["boss_h"], first["id"], "B")
    pending = await _propose(client, team["seller_h"], second["id"], "A")
    third = await make_account(team["seller_h"])
    await _propose(client, team["boss_h"], third["id"], "A")
    await _decide(client, team["boss_h"], pending["id"], expect=409)
    # Only an administrator sets policies.
    denied = await client.post(
        f"{API}/account-class-policies", json={"a_cap": 5}, headers=team["boss_h"]
    )
    assert denied.status_code == 403


async def test_the_suggested_class_follows_purchase_volume_and_never_overwrites(
    client, admin_headers, team, make_account
) -> None:
    account = await make_account(team["seller_h"])
    card = await _card(client, team["seller_h"], account["id"])
    assert (card["suggested_class"], card["purchase_volume_cents"]) == (None, 0)
    await _propose(client, team["seller_h"], account["id"], "C")
    await make_order(client, admin_headers, account["id"], lines=[free_line("1", "25000.00")])
    card = await _card(client, team["seller_h"], account["id"])
    assert card["purchase_volume_cents"] == 2_500_000
    assert card["suggested_class"] == "A"
    assert card["account_class"] == "C"  # shown beside, never applied


async def test_potential_accounts_show_up_for_review_after_the_policy_months(
    client, container, monkeypatch, admin_headers, team, make_account
) -> None:
    account = await make_account(team["seller_h"])
    fresh = await make_account(team["seller_h"])
    await _propose(client, team["seller_h"], account["id"], "potential", "Liidistä")
    resp = await client.get(f"{API}/accounts/class-review", headers=team["seller_h"])
    assert resp.json()["items"] == []

    later = datetime.now(UTC) + timedelta(days=200)

    class Later:
        def now(self) -> datetime:
            return later

    monkeypatch.setattr(container, "clock", Later())
    await _propose(client, team["seller_h"], fresh["id"], "potential", "Liidistä")
    resp = await client.get(f"{API}/accounts/class-review", headers=team["seller_h"])
    assert [a["id"] for a in resp.json()["items"]] == [account["id"]]
    # With a 12-month policy for the unit it is not due yet.
    await client.post(
        f"{API}/account-class-policies",
        json={"business_unit_id": team["unit"]["id"], "potential_review_months": 12},
        headers=admin_headers,
    )
    resp = await client.get(f"{API}/accounts/class-review", headers=team["seller_h"])
    assert resp.json()["items"] == []


async def test_class_endpoints_refuse_another_units_accounts(
    client, team, make_account, make_unit, make_user
) -> None:
    other = await make_unit("Vieras")
    _, stranger_h = await make_user("sales", other["id"])
    account = await make_account(team["seller_h"])
    await _propose(client, team["seller_h"], account["id"], "potential")
    for path in ("class", "class-changes", "segment-history"):
        resp = await client.get(f"{API}/accounts/{account['id']}/{path}", headers=stranger_h)
        assert resp.status_code == 404, path
    await _propose(client, stranger_h, account["id"], "B", expect=404)
    review = await client.get(f"{API}/accounts/class-review", headers=stranger_h)
    assert review.json()["items"] == []


async def test_a_class_that_takes_effect_brings_its_care_plan_touches_at_once(
    client, admin_headers, team, make_account
) -> None:
    from tests.api.test_care_plans import approve, make_plan, touch, type_id

    meeting = await type_id(client, admin_headers)
    a_plan = await make_plan(client, team["boss_h"], "A", [touch(meeting)])
    await approve(client, team["boss_h"], a_plan)
    account = await make_account(team["seller_h"], account_manager_id=team["seller"]["id"])
    card_url = f"{API}/accounts/{account['id']}/care-plan"

    change = await _propose(client, team["seller_h"], account["id"], "A")
    assert change["status"] == "pending"
    pending = (await client.get(card_url, headers=team["seller_h"])).json()
    assert pending["next_touches"] == []  # nothing before the manager approves

    await _decide(client, team["boss_h"], change["id"])
    card = (await client.get(card_url, headers=team["seller_h"])).json()
    assert card["plan"]["id"] == a_plan["id"]
    assert card["next_touches"], "the weekly touches are planned when the class takes effect"
    work = (
        await client.get(f"{API}/activities", params={"limit": 200}, headers=team["seller_h"])
    ).json()
    planned = [a for a in work["items"] if a["account_id"] == account["id"]]
    assert planned
    assert {a["owner_id"] for a in planned} == {team["seller"]["id"]}
    assert {a["status"] for a in planned} == {"open"}

    # C has no plan: the A plan's future touches end at once, nothing new is planned.
    moved = await _propose(client, team["seller_h"], account["id"], "C")
    assert moved["status"] == "applied"
    after = (await client.get(card_url, headers=team["seller_h"])).json()
    assert (after["plan"], after["next_touches"]) == (None, [])
    work = (
        await client.get(f"{API}/activities", params={"limit": 200}, headers=team["seller_h"])
    ).json()
    mine = [a for a in work["items"] if a["account_id"] == account["id"]]
    # (a touch due today stays: it may be under way; every later one is cancelled)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    later = [a for a in mine if a["due_at"][:10] > tomorrow]
    assert later
    assert {a["status"] for a in later} == {"cancelled"}
