"""Segments: dynamic (a rule over accounts, members computed on demand and refreshed by the
job with a membership history) and static (hand-picked, CSV upload by business ID); counts,
members and breakdowns only ever of the accounts the caller may read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from api.jobs import segment_refresh

pytestmark = pytest.mark.api

API = "/api/v1"

UUSIMAA_BIG = {
    "all": [
        {"field": "region", "op": "eq", "value": "Uusimaa"},
        {"field": "size_class", "op": "gte", "value": 5},
    ]
}


async def _segment(client, headers, **body) -> dict[str, Any]:
    resp = await client.post(f"{API}/segments", json={"name": "Segmentti", **body}, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()


async def _member_ids(client, headers, segment_id, **params) -> list[str]:
    resp = await client.get(f"{API}/segments/{segment_id}/members", params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return [m["id"] for m in resp.json()["items"]]


async def _patch_account(client, headers, account_id, **changes) -> None:
    got = await client.get(f"{API}/accounts/{account_id}", headers=headers)
    resp = await client.patch(
        f"{API}/accounts/{account_id}",
        json=changes,
        headers={**headers, "If-Match": got.headers["etag"]},
    )
    assert resp.status_code == 200, resp.text


@pytest.fixture
async def units(make_unit, make_user) -> dict[str, Any]:
    north = await make_unit("Pohjoinen")
    south = await make_unit("Etelä")
    _, north_h = await make_user("sales", north["id"])
    _, south_h = await make_user("sales", south["id"])
    return {"north": north, "south": south, "north_h": north_h, "south_h": south_h}


async def test_a_dynamic_segment_counts_lists_and_breaks_down_only_readable_accounts(
    client, units, make_account
) -> None:
    mine = [await make_account(units["north_h"], region="Uusimaa", size_class=s) for s in (5, 6, 7)]
    await make_account(units["north_h"], region="Uusimaa", size_class=2)
    await make_account(units["north_h"], region="Pirkanmaa", size_class=9)
    theirs = await make_account(units["south_h"], region="Uusimaa", size_class=8)

    segment = await _segment(client, units["north_h"], kind="dynamic", rule=UUSIMAA_BIG)
    ids = await _member_ids(client, units["north_h"], segment["id"], sort="size_class")
    assert ids == [a["id"] for a in mine]
    assert theirs["id"] not in ids

    summary = await client.get(f"{API}/segments/{segment['id']}/summary", headers=units["north_h"])
    assert summary.status_code == 200, summary.text
    body = summary.json()
    assert body["count"] == 3
    assert {b["value"]: b["count"] for b in body["breakdown"]["size_class"]} == {5: 1, 6: 1, 7: 1}
    assert body["breakdown"]["region"] == [{"value": "Uusimaa", "count": 3}]
    assert set(body["breakdown"]) >= {"size_class", "region", "type", "industry", "account_class"}

    preview = await client.post(
        f"{API}/segments/preview", json={"rule": UUSIMAA_BIG}, headers=units["south_h"]
    )
    assert preview.json()["count"] == 1
    assert [m["id"] for m in preview.json()["sample"]] == [theirs["id"]]

    # Paged: two at a time.
    first = await client.get(
        f"{API}/segments/{segment['id']}/members", params={"limit": 2}, headers=units["north_h"]
    )
    cursor = first.json()["next_cursor"]
    assert cursor
    assert len(first.json()["items"]) == 2
    rest = await client.get(
        f"{API}/segments/{segment['id']}/members",
        params={"limit": 2, "cursor": cursor},
        headers=units["north_h"],
    )
    assert len(rest.json()["items"]) == 1
    assert rest.json()["next_cursor"] is None


async def test_another_units_user_sees_neither_the_segment_nor_its_figures(
    client, units, make_account, make_user
) -> None:
    await make_account(units["north_h"], region="Uusimaa", size_class=5)
    segment = await _segment(client, units["north_h"], kind="dynamic", rule=UUSIMAA_BIG)
    for path in ("", "/members", "/summary", "/history"):
        resp = await client.get(f"{API}/segments/{segment['id']}{path}", headers=units["south_h"])
        assert resp.status_code == 404, path
    listed = await client.get(f"{API}/segments", headers=units["south_h"])
    assert listed.json()["items"] == []
    # A colleague of the same unit reads the segment, but a segment figure never includes an
    # account they may not read: their read scope is their unit's accounts.
    _, colleague_h = await make_user("sales", units["north"]["id"])
    assert len(await _member_ids(client, colleague_h, segment["id"])) == 1


async def test_membership_history_follows_refreshes_with_a_moved_clock(
    client, container, monkeypatch, units, make_account
) -> None:
    headers = units["north_h"]
    big = await make_account(headers, region="Uusimaa", size_class=6)
    small = await make_account(headers, region="Uusimaa", size_class=3)
    segment = await _segment(client, headers, kind="dynamic", rule=UUSIMAA_BIG)

    now = datetime.now(UTC)

    class Moved:
        def __init__(self, start: datetime) -> None:
            self.current = start

        def now(self) -> datetime:
            return self.current

    clock = Moved(now)
    monkeypatch.setattr(container, "clock", clock)
    t1 = now + timedelta(days=1)
    clock.current = t1
    assert await segment_refresh(container) == {"segments": 1, "joined": 1, "left": 0}

    await _patch_account(client, headers, small["id"], size_class=7)
    await _patch_account(client, headers, big["id"], size_class=1)
    t2 = now + timedelta(days=8)
    clock.current = t2
    assert await segment_refresh(container) == {"segments": 1, "joined": 1, "left": 1}
    # Nothing changed: nothing recorded.
    clock.current = now + timedelta(days=9)
    assert await segment_refresh(container) == {"segments": 1, "joined": 0, "left": 0}

    history = await client.get(f"{API}/accounts/{big['id']}/segment-history", headers=headers)
    assert [(h["event"], datetime.fromisoformat(h["at"])) for h in history.json()] == [
        ("left", t2),
        ("joined", t1),
    ]
    assert {h["segment_id"] for h in history.json()} == {segment["id"]}
    events = await client.get(f"{API}/segments/{segment['id']}/history", headers=headers)
    assert sorted(
        (datetime.fromisoformat(e["at"]), e["account_id"], e["event"]) for e in events.json()
    ) == sorted([(t1, big["id"], "joined"), (t2, small["id"], "joined"), (t2, big["id"], "left")])
    got = await client.get(f"{API}/segments/{segment['id']}", headers=headers)
    assert datetime.fromisoformat(got.json()["refreshed_at"]) == now + timedelta(days=9)
    # Another unit's user cannot read the account's segment history.
    denied = await client.get(
        f"{API}/accounts/{big['id']}/segment-history", headers=units["south_h"]
    )
    assert denied.status_code == 404


async def test_a_static_segment_takes_hand_picked_members_and_a_csv_of_business_ids(
    client, units, make_account
) -> None:
    headers = units["north_h"]
    one = await make_account(headers, business_id="0112038-9")
    two = await make_account(headers, business_id="2331972-7")
    foreign = await make_account(units["south_h"], business_id="1572860-0")
    segment = await _segment(client, headers, kind="static")

    added = await client.post(
        f"{API}/segments/{segment['id']}/members",
        json={"account_ids": [one["id"]]},
        headers=headers,
    )
    assert added.json() == {"added": 1}
    # Another unit's account cannot be added.
    refused = await client.post(
        f"{API}/segments/{segment['id']}/members",
        json={"account_ids": [foreign["id"]]},
        headers=headers,
    )
    assert refused.status_code == 404

    csv_text = "Nimi;Y-tunnus\nYksi;0112038-9\nKaksi;2331972-7\nVieras;1572860-0\nRoska;abc\n"
    upload = await client.post(
        f"{API}/segments/{segment['id']}/members/upload",
        content=csv_text.encode(),
        headers={**headers, "Content-Type": "text/csv"},
    )
    assert upload.status_code == 200, upload.text
    assert upload.json() == {
        "added": 1,
        "already_members": 1,
        "unknown": ["1572860-0"],
        "invalid": ["abc"],
    }
    assert sorted(await _member_ids(client, headers, segment["id"])) == sorted(
        [one["id"], two["id"]]
    )
    removed = await client.delete(
        f"{API}/segments/{segment['id']}/members/{one['id']}", headers=headers
    )
    assert removed.status_code == 204
    assert await _member_ids(client, headers, segment["id"]) == [two["id"]]
    history = await client.get(f"{API}/accounts/{one['id']}/segment-history", headers=headers)
    assert [h["event"] for h in history.json()] == ["left", "joined"]


async def test_rules_are_validated_and_kinds_keep_to_their_members(
    client, units, make_account
) -> None:
    headers = units["north_h"]
    bad = await client.post(
        f"{API}/segments",
        json={"name": "X", "kind": "dynamic", "rule": {"all": [{"field": "nope", "op": "eq"}]}},
        headers=headers,
    )
    assert bad.status_code == 422
    missing = await client.post(
        f"{API}/segments", json={"name": "X", "kind": "dynamic"}, headers=headers
    )
    assert missing.status_code == 422
    dynamic = await _segment(client, headers, kind="dynamic", rule=UUSIMAA_BIG)
    account = await make_account(headers)
    hand = await client.post(
        f"{API}/segments/{dynamic['id']}/members",
        json={"account_ids": [account["id"]]},
        headers=headers,
    )
    assert hand.status_code == 409
    static = await _segment(client, headers, kind="static")
    assert (
        await client.post(f"{API}/segments/{static['id']}/refresh", headers=headers)
    ).status_code == 409
    fields = await client.get(f"{API}/segments/fields", headers=headers)
    # The same account catalogue as account search: "has orders where …" and classifications.
    names = {f["field"] for f in fields.json()["fields"]}
    assert {"region", "size_class", "classifications"} <= names
    assert "orders" in {r["relation"] for r in fields.json()["relations"]}


async def test_a_rule_on_recent_orders(client, admin_headers, units, make_account) -> None:
    from tests.api.offer_factories import make_order

    headers = units["north_h"]
    buyer = await make_account(headers, region="Uusimaa", size_class=5)
    await make_account(headers, region="Uusimaa", size_class=5)
    await make_order(client, admin_headers, buyer["id"])
    rule = {
        "all": [
            *UUSIMAA_BIG["all"],
            {
                "has": "orders",
                "where": {"field": "ordered_at", "op": "within_last", "value": {"days": 365}},
            },
        ]
    }
    segment = await _segment(client, headers, kind="dynamic", rule=rule)
    assert await _member_ids(client, headers, segment["id"]) == [buyer["id"]]
