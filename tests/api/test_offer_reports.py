"""The offer reports and the sales targets over HTTP, each figure checked against one
computed here from the records the test made: open offers by type and owner (expired and
expiring apart), won and lost by type with the win rate, each user's orders of the year
against their euro target month by month; the files (Finnish headers, export privilege);
and no figure counts what the caller may not see. Sales targets: managers set them for their
units, a salesperson reads their own."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from domain.offers import today
from tests.api.offer_factories import (
    API,
    accept,
    free_line,
    make_offer,
    make_order,
    offer_type_id,
    patch_with_etag,
    post_with_etag,
)

pytestmark = pytest.mark.api


def helsinki_today() -> date:
    return today(datetime.now(UTC))


def amount(value: Any) -> Decimal:
    return Decimal(str(value))


@pytest.fixture
async def team(client, make_unit, make_user, make_account):
    unit = await make_unit("Aikuiskoulutus")
    other_unit = await make_unit("Muu yksikkö")
    manager, manager_h = await make_user("manager", unit["id"], name="Mirja Manageri")
    anna, anna_h = await make_user("sales", unit["id"], name="Anna Asiakasvastaava")
    bert, bert_h = await make_user("sales", unit["id"], name="Bertta Myyjä")
    stranger, stranger_h = await make_user("sales", other_unit["id"], name="Sami Muualta")
    accounts = [await make_account(anna_h, name=f"Asiakas {n} Oy") for n in range(3)]
    foreign = await make_account(stranger_h, name="Vieras Oy")
    types = {
        key: await offer_type_id(client, anna_h, key)
        for key in ("apprenticeship", "staff_training", "service_order")
    }
    return {
        "manager": (manager, manager_h),
        "anna": (anna, anna_h),
        "bert": (bert, bert_h),
        "stranger": (stranger, stranger_h),
        "accounts": accounts,
        "foreign": foreign,
        "types": types,
    }


async def test_open_offers_by_type_and_owner_with_expired_and_expiring_apart(client, team) -> None:
    day = helsinki_today()
    anna, anna_h = team["anna"]
    bert, bert_h = team["bert"]
    _, manager_h = team["manager"]
    _, stranger_h = team["stranger"]
    types = team["types"]
    account = team["accounts"][0]["id"]
    plan = [  # (who, type, price, valid until (days from today), closed?)
        (anna_h, "staff_training", "1000.00", 30, None),
        (anna_h, "staff_training", "250.50", 5, None),
        (anna_h, "apprenticeship", "3200.00", -3, None),  # expired
        (bert_h, "service_order", "99.99", 14, None),  # expiring: the last day of the window
        (bert_h, "staff_training", "500.00", 15, None),
        (bert_h, "staff_training", "777.00", 30, "lost"),
        (anna_h, "service_order", "123.00", 30, "won"),
    ]
    made = []
    for who, key, price, valid, closed in plan:
        offered = day - timedelta(days=20) if valid < 0 else day
        offer = await make_offer(
            client,
            who,
            account,
            types[key],
            [free_line("1", price)],
            offered_on=offered.isoformat(),
            valid_until=(day + timedelta(days=valid)).isoformat(),
        )
        if closed == "lost":
            await post_with_etag(
                client,
                who,
                f"/offers/{offer['id']}",
                "status",
                {"status": "lost", "reason": "Hinta"},
            )
        elif closed == "won":
            await accept(client, who, offer["id"])
        made.append((who, key, Decimal(price), valid, closed, offer))
    await make_offer(
        client,
        stranger_h,
        team["foreign"]["id"],
        types["staff_training"],
        [free_line("1", "99999.00")],
    )
    owners = {id(anna_h): anna["id"], id(bert_h): bert["id"]}
    open_ones = [m for m in made if m[4] is None]
    by_type: dict[str, list[Decimal]] = defaultdict(list)
    by_owner: dict[str, list[Decimal]] = defaultdict(list)
    for who, key, price, _, _, _ in open_ones:
        by_type[types[key]].append(price)
        by_owner[owners[id(who)]].append(price)

    resp = await client.get(
        f"{API}/reports/offers/open", params={"expiring_within_days": 14}, headers=manager_h
    )
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert report["count"] == len(open_ones)
    assert amount(report["total"]) == sum(p for _, _, p, _, _, _ in open_ones)
    expired = [p for _, _, p, v, _, _ in open_ones if v < 0]
    expiring = [p for _, _, p, v, _, _ in open_ones if 0 <= v <= 14]
    assert (report["expired_count"], amount(report["expired_total"])) == (
        len(expired),
        sum(expired),
    )
    assert (report["expiring_count"], amount(report["expiring_total"])) == (
        len(expiring),
        sum(expiring),
    )
    assert {b["key"]: (b["count"], amount(b["total"])) for b in report["by_type"]} == {
        k: (len(v), sum(v)) for k, v in by_type.items()
    }
    assert {b["key"]: (b["count"], amount(b["total"])) for b in report["by_owner"]} == {
        k: (len(v), sum(v)) for k, v in by_owner.items()
    }
    soon = [m[5]["id"] for m in sorted(open_ones, key=lambda m: m[3]) if 0 <= m[3] <= 14]
    assert [e["id"] for e in report["expiring"]] == soon
    # A salesperson's report covers what they read: their unit's offers, not another unit's.
    mine = await client.get(f"{API}/reports/offers/open", headers=anna_h)
    assert mine.json()["count"] == len(open_ones)
    theirs = await client.get(f"{API}/reports/offers/open", headers=stranger_h)
    assert (theirs.json()["count"], theirs.json()["total"]) == (1, "99999.00")


async def test_won_and_lost_by_type_over_a_period_with_the_win_rate(client, team) -> None:
    day = helsinki_today()
    _, anna_h = team["anna"]
    _, manager_h = team["manager"]
    types = team["types"]
    account = team["accounts"][1]["id"]
    start = day - timedelta(days=30)
    plan = [  # (type, price, outcome, closed days ago)
        ("staff_training", "1000.00", "won", 1),
        ("staff_training", "2000.00", "won", 10),
        ("staff_training", "500.00", "lost", 5),
        ("apprenticeship", "3200.00", "lost", 2),
        ("apprenticeship", "1600.00", "cancelled", 2),
        ("service_order", "80.00", "won", 45),  # before the period
    ]
    for key, price, outcome, ago in plan:
        offer = await make_offer(
            client,
            anna_h,
            account,
            types[key],
            [free_line("1", price)],
            offered_on=(day - timedelta(days=60)).isoformat(),
            valid_until=(day + timedelta(days=10)).isoformat(),
        )
        on = (day - timedelta(days=ago)).isoformat()
        if outcome == "won":
            await accept(client, anna_h, offer["id"], ordered_on=on)
        else:
            body = {"status": outcome, "reason": "Syy", "closed_on": on}
            resp = await post_with_etag(client, anna_h, f"/offers/{offer['id']}", "status", body)
            assert resp.status_code == 200, resp.text
    counted = [p for p in plan if p[3] <= 30]
    expected: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(Decimal))
    for key, price, outcome, _ in counted:
        expected[types[key]][f"{outcome}_count"] += 1
        expected[types[key]][f"{outcome}_total"] += Decimal(price)
    resp = await client.get(
        f"{API}/reports/offers/outcomes",
        params={"from": start.isoformat(), "to": day.isoformat()},
        headers=manager_h,
    )
    assert resp.status_code == 200, resp.text
    report = resp.json()
    names = (
        "won_count",
        "won_total",
        "lost_count",
        "lost_total",
        "cancelled_count",
        "cancelled_total",
    )
    assert {
        r["offer_type_id"]: {n: amount(r[n]) for n in names if amount(r[n])} for r in report["rows"]
    } == {k: dict(v) for k, v in expected.items()}
    staff = next(r for r in report["rows"] if r["offer_type_id"] == types["staff_training"])
    assert staff["win_rate"] == "66.7"  # 2 won of 3 decided
    assert staff["win_rate_eur"] == "85.7"  # 3000 of 3500
    appr = next(r for r in report["rows"] if r["offer_type_id"] == types["apprenticeship"])
    assert appr["win_rate"] == "0.0"
    assert report["total"]["won_count"] == 2
    assert report["total"]["win_rate"] == "50.0"  # 2 of 4 (cancelled are not decided)
    bad = await client.get(
        f"{API}/reports/offers/outcomes",
        params={"from": day.isoformat(), "to": start.isoformat()},
        headers=manager_h,
    )
    assert bad.status_code == 422


async def test_orders_of_the_year_against_the_euro_target_month_by_month(client, team) -> None:
    day = helsinki_today()
    year = day.year
    anna, anna_h = team["anna"]
    bert, bert_h = team["bert"]
    _, manager_h = team["manager"]
    accounts = team["accounts"]
    target = await client.post(
        f"{API}/sales-targets",
        json={
            "user_id": anna["id"],
            "year": year,
            "euro_target": "120000.00",
            "new_customers": 5,
            "meetings": 40,
        },
        headers=manager_h,
    )
    assert target.status_code == 201, target.text
    # An order last year makes accounts[0] a returning customer this year.
    last_year = date(year - 1, 6, 15)
    await make_order(
        client,
        anna_h,
        accounts[0]["id"],
        [free_line("1", "5000.00")],
        ordered_on=last_year.isoformat(),
    )
    first_of_year = date(year, 1, 1)
    plan = [  # (who, account index, price, day of the year)
        (anna_h, 0, "10000.00", first_of_year),
        (anna_h, 1, "2500.25", first_of_year + timedelta(days=min(40, (day - first_of_year).days))),
        (anna_h, 1, "499.75", day),
        (bert_h, 2, "7000.00", day),
    ]
    made = []
    for who, index, price, on in plan:
        order = await make_order(
            client, who, accounts[index]["id"], [free_line("1", price)], ordered_on=on.isoformat()
        )
        made.append((who, Decimal(price), on, order))
    cancelled = await make_order(
        client, anna_h, accounts[2]["id"], [free_line("1", "99999.00")], ordered_on=day.isoformat()
    )
    await post_with_etag(
        client,
        anna_h,
        f"/orders/{cancelled['id']}",
        "status",
        {"status": "cancelled", "reason": "Peruttu"},
    )
    meeting = await client.post(
        f"{API}/activities",
        json={
            "type": "meeting",
            "subject": "Asiakastapaaminen",
            "status": "done",
            "regarding_type": "account",
            "regarding_id": accounts[0]["id"],
        },
        headers=anna_h,
    )
    assert meeting.status_code == 201, meeting.text

    monthly = [Decimal("0.00")] * 12
    for who, price, on, _ in made:
        if who is anna_h:
            monthly[on.month - 1] += price
    resp = await client.get(
        f"{API}/reports/offers/targets", params={"year": year}, headers=manager_h
    )
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert report["months_elapsed"] == day.month
    rows = {r["user_id"]: r for r in report["rows"]}
    a = rows[anna["id"]]
    assert [amount(m) for m in a["monthly"]] == monthly
    running, expected_cumulative = Decimal("0.00"), []
    for m in monthly:
        running += m
        expected_cumulative.append(running)
    assert [amount(m) for m in a["cumulative"]] == expected_cumulative
    assert amount(a["achieved"]) == sum(monthly) == Decimal("13000.00")
    assert a["achieved_percent"] == "10.8"
    assert a["euro_target"] == "120000.00"
    assert amount(a["target_path"][5]) == Decimal("60000.00")
    assert a["target_path"][-1] == "120000.00"
    assert a["orders"] == 3
    # accounts[0] ordered last year: a returning customer; accounts[1] is new this year.
    assert (a["new_customers"], a["repeat_customers"]) == (1, 1)
    assert (a["new_customers_target"], a["meetings_target"]) == (5, 40)
    assert a["meetings"] == 1
    b = rows[bert["id"]]
    assert (b["euro_target"], b["achieved"], b["new_customers"]) == (None, "7000.00", 1)
    assert amount(report["total_achieved"]) == Decimal("20000.00")
    # A salesperson reads only their own target; their unit's orders they read anyway.
    own = await client.get(f"{API}/reports/offers/targets", params={"year": year}, headers=bert_h)
    seen = {r["user_id"]: r for r in own.json()["rows"]}
    assert set(seen) == {anna["id"], bert["id"]}
    assert seen[anna["id"]]["euro_target"] is None
    assert seen[anna["id"]]["achieved"] == "13000.00"


async def test_the_report_files_have_finnish_headers_and_need_the_export_privilege(
    client, team
) -> None:
    _, anna_h = team["anna"]
    _, manager_h = team["manager"]
    types = team["types"]
    await make_offer(
        client,
        anna_h,
        team["accounts"][0]["id"],
        types["staff_training"],
        [free_line("2", "1000.00")],
    )
    refused = await client.get(f"{API}/reports/offers/open.csv", headers=anna_h)
    assert refused.status_code == 403
    resp = await client.get(f"{API}/reports/offers/open.csv", headers=manager_h)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tarjoustyyppi", "Avoimia, kpl", "Avoimia, EUR"]
    assert rows[1] == ["Henkilöstökoulutus", "1", "2000.00"]
    assert rows[-1] == ["Yhteensä", "1", "2000.00"]
    by_owner = await client.get(
        f"{API}/reports/offers/open.csv", params={"group_by": "owner"}, headers=manager_h
    )
    assert (
        by_owner.content.decode("utf-8-sig").splitlines()[1].startswith("Anna Asiakasvastaava;1;")
    )
    for path in ("open.xlsx", "outcomes.xlsx", "outcomes.csv", "targets.xlsx", "targets.csv"):
        file = await client.get(f"{API}/reports/offers/{path}", headers=manager_h)
        assert file.status_code == 200, f"{path}: {file.text}"
        assert "attachment" in file.headers["content-disposition"]
    targets = await client.get(f"{API}/reports/offers/targets.csv", headers=manager_h)
    header = targets.content.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:4] == ["Myyjä", "Tavoite, EUR", "Toteutunut, EUR", "Toteuma, %"]
    assert "Kertymä joulukuu, EUR" in header


# ------------------------------------------------------------------ sales targets


async def test_a_manager_sets_targets_for_the_unit_and_a_salesperson_reads_their_own(
    client, team
) -> None:
    anna, anna_h = team["anna"]
    _, bert_h = team["bert"]
    stranger, _ = team["stranger"]
    _, manager_h = team["manager"]
    made = await client.post(
        f"{API}/sales-targets",
        json={"user_id": anna["id"], "year": 2026, "euro_target": "80000", "repeat_purchases": 12},
        headers=manager_h,
    )
    assert made.status_code == 201, made.text
    target = made.json()
    assert (target["euro_target"], target["user_name"], target["repeat_purchases"]) == (
        "80000.00",
        "Anna Asiakasvastaava",
        12,
    )
    twice = await client.post(
        f"{API}/sales-targets",
        json={"user_id": anna["id"], "year": 2026, "euro_target": "1"},
        headers=manager_h,
    )
    assert twice.status_code == 409
    assert twice.json()["existing_id"] == target["id"]
    outside = await client.post(
        f"{API}/sales-targets",
        json={"user_id": stranger["id"], "year": 2026, "euro_target": "1"},
        headers=manager_h,
    )
    assert outside.status_code == 403
    by_seller = await client.post(
        f"{API}/sales-targets",
        json={"user_id": anna["id"], "year": 2027, "euro_target": "1000000"},
        headers=anna_h,
    )
    assert by_seller.status_code == 403
    assert (
        await client.get(f"{API}/sales-targets/{target['id']}", headers=anna_h)
    ).status_code == 200
    assert (
        await client.get(f"{API}/sales-targets/{target['id']}", headers=bert_h)
    ).status_code == 404
    assert (await client.get(f"{API}/sales-targets", headers=bert_h)).json()["items"] == []
    raised = await patch_with_etag(
        client, manager_h, f"/sales-targets/{target['id']}", {"euro_target": "90000.50"}
    )
    assert raised.status_code == 200, raised.text
    assert raised.json()["euro_target"] == "90000.50"
    moved = await patch_with_etag(
        client, manager_h, f"/sales-targets/{target['id']}", {"year": 2027}
    )
    assert moved.status_code == 422
    listed = await client.get(f"{API}/sales-targets", params={"year": 2026}, headers=manager_h)
    assert [t["id"] for t in listed.json()["items"]] == [target["id"]]
    tag = raised.headers["etag"]
    gone = await client.delete(
        f"{API}/sales-targets/{target['id']}", headers={**manager_h, "If-Match": tag}
    )
    assert gone.status_code == 204
    assert (
        await client.get(f"{API}/sales-targets/{target['id']}", headers=manager_h)
    ).status_code == 404
