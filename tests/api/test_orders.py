"""Orders over HTTP: direct orders by a salesperson and by the ERP (its reference makes a
repeat find the order instead of creating a second), the owner an ERP order gets, status
changes (ordered → in delivery → invoiced, cancelled with a reason), edits until invoiced,
and the purchase volume they add up to — checked against figures computed here from the
orders the test created. Plus who reads them: the account team does, another unit does not."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.offers import today, window_start
from tests.api.offer_factories import (
    API,
    accept,
    free_line,
    make_offer,
    make_order,
    offer_type_id,
    patch_with_etag,
    post_with_etag,
    problem_locs,
)

pytestmark = pytest.mark.api


def helsinki_today() -> date:
    return today(datetime.now(UTC))


@pytest.fixture
async def erp(client, admin_headers, make_user):
    """The ERP integration: a user with the integration role."""
    user, headers = await make_user("integration", name="Integraatio ERP")
    return user, headers


async def test_the_erp_repeating_an_order_with_its_reference_finds_the_same_order(
    client, erp, make_user, make_account
) -> None:
    seller, seller_h = await make_user("sales", name="Asta Asiakasvastaava")
    account = await make_account(seller_h, name="Sairaala Oy", account_manager_id=seller["id"])
    _, erp_h = erp
    body = {
        "title": "Imupussit 2/2026",
        "account_id": account["id"],
        "ordered_on": (helsinki_today() - timedelta(days=2)).isoformat(),
        "external_reference": "ERP:500123",
        "lines": [
            {"name": "Imupussijärjestelmä", "quantity": "1000", "unit_price": "3.20", "unit": "kpl"}
        ],
    }
    first = await client.post(f"{API}/orders", json=body, headers=erp_h)
    assert first.status_code == 201, first.text
    again = await client.post(f"{API}/orders", json=body, headers=erp_h)
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]
    changed = await client.post(
        f"{API}/orders",
        json={**body, "lines": [{**body["lines"][0], "quantity": "1200"}]},
        headers=erp_h,
    )
    assert changed.status_code == 409
    assert changed.json()["existing_id"] == first.json()["id"]
    order = first.json()
    assert order["total"] == "3200.00"
    assert order["number"] == f"TIL-{helsinki_today().year}-000001"
    # The ERP's order lands with the account manager, who reads and works it.
    assert order["owner_id"] == seller["id"]
    seen = await client.get(f"{API}/orders/{order['id']}", headers=seller_h)
    assert seen.status_code == 200
    listed = await client.get(
        f"{API}/orders", params={"external_reference": "ERP:500123"}, headers=seller_h
    )
    assert [o["id"] for o in listed.json()["items"]] == [order["id"]]


async def test_a_salesperson_records_an_order_directly_and_owns_it(
    client, make_user, make_account
) -> None:
    seller, seller_h = await make_user("sales")
    other, _ = await make_user("sales")
    account = await make_account(seller_h, account_manager_id=other["id"])
    order = await make_order(client, seller_h, account["id"])
    # The salesperson may create only their own orders: the account manager would need assign.
    assert order["owner_id"] == seller["id"]
    bad = await client.post(
        f"{API}/orders",
        json={"title": "T", "account_id": account["id"], "lines": [], "external_reference": "a b"},
        headers=seller_h,
    )
    assert bad.status_code == 422
    bad_ref = await client.post(
        f"{API}/orders",
        json={
            "title": "T",
            "account_id": account["id"],
            "lines": [free_line()],
            "external_reference": "väli lyönti",
        },
        headers=seller_h,
    )
    assert bad_ref.status_code == 422
    assert problem_locs(bad_ref) == [["body", "external_reference"]]


async def test_an_order_goes_into_delivery_then_invoiced_and_no_further(
    client, make_user, make_account
) -> None:
    _, seller_h = await make_user("sales")
    account = await make_account(seller_h)
    order = await make_order(client, seller_h, account["id"])
    path = f"/orders/{order['id']}"
    early = await post_with_etag(client, seller_h, path, "status", {"status": "invoiced"})
    assert early.status_code == 409
    assert early.json()["allowed"] == ["in_delivery", "cancelled"]
    delivery = await post_with_etag(client, seller_h, path, "status", {"status": "in_delivery"})
    assert delivery.status_code == 200, delivery.text
    assert delivery.json()["in_delivery_on"] == helsinki_today().isoformat()
    assert delivery.json()["allowed_statuses"] == ["invoiced", "cancelled"]
    edited = await patch_with_etag(client, seller_h, path, {"lines": [free_line("2", "55.55")]})
    assert edited.status_code == 200, edited.text
    assert edited.json()["total"] == "111.10"
    invoiced = await post_with_etag(client, seller_h, path, "status", {"status": "invoiced"})
    assert invoiced.status_code == 200
    assert invoiced.json()["allowed_statuses"] == []
    late = await patch_with_etag(client, seller_h, path, {"title": "Liian myöhään"})
    assert late.status_code == 409
    cancel = await post_with_etag(
        client, seller_h, path, "status", {"status": "cancelled", "reason": "x"}
    )
    assert cancel.status_code == 409


async def test_cancelling_needs_a_reason_and_the_won_offer_stays_won(
    client, make_user, make_account
) -> None:
    _, seller_h = await make_user("sales")
    account = await make_account(seller_h)
    type_id = await offer_type_id(client, seller_h, "service_order")
    offer = await make_offer(client, seller_h, account["id"], type_id)
    order = (await accept(client, seller_h, offer["id"]))["order"]
    path = f"/orders/{order['id']}"
    no_reason = await post_with_etag(client, seller_h, path, "status", {"status": "cancelled"})
    assert no_reason.status_code == 422
    assert problem_locs(no_reason) == [["body", "reason"]]
    cancelled = await post_with_etag(
        client, seller_h, path, "status", {"status": "cancelled", "reason": "Koulutus peruttiin"}
    )
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["status_reason"]) == (
        "cancelled",
        "Koulutus peruttiin",
    )
    won = await client.get(f"{API}/offers/{offer['id']}", headers=seller_h)
    assert won.json()["status"] == "won"
    assert won.json()["order"]["status"] == "cancelled"


async def test_the_purchase_volume_adds_up_the_accounts_orders_that_are_not_cancelled(
    client, erp, make_user, make_account
) -> None:
    _, seller_h = await make_user("sales")
    account = await make_account(seller_h, name="Ostaja Oy")
    other = await make_account(seller_h, name="Muu Oy")
    _, erp_h = erp
    day = helsinki_today()
    start = window_start(day)
    dated = [
        (day, "12500.00"),
        (day - timedelta(days=40), "8000.50"),
        (start, "1000.00"),  # the window's first day counts
        (start - timedelta(days=1), "700.00"),  # the day before does not
        (day - timedelta(days=500), "4321.09"),
        (day - timedelta(days=900), "99.99"),
    ]
    created: list[tuple[date, Decimal, str]] = []
    for n, (on, price) in enumerate(dated):
        order = await make_order(
            client,
            erp_h,
            account["id"],
            [free_line("1", price)],
            ordered_on=on.isoformat(),
            external_reference=f"ERP:{n}",
        )
        created.append((on, Decimal(price), order["id"]))
    cancelled = await make_order(
        client, erp_h, account["id"], [free_line("1", "50000.00")], ordered_on=day.isoformat()
    )
    await post_with_etag(
        client,
        erp_h,
        f"/orders/{cancelled['id']}",
        "status",
        {"status": "cancelled", "reason": "Peruttu"},
    )
    await make_order(client, erp_h, other["id"], [free_line("1", "777.00")])
    # Computed here from what was created, independently of the SQL.
    in_window = [p for on, p, _ in created if start <= on <= day]
    per_year: dict[int, list[Decimal]] = defaultdict(list)
    for on, price, _ in created:
        per_year[on.year].append(price)
    resp = await client.get(f"{API}/accounts/{account['id']}/purchase-volume", headers=seller_h)
    assert resp.status_code == 200, resp.text
    volume = resp.json()
    assert volume["as_of"] == day.isoformat()
    assert volume["window_from"] == start.isoformat()
    assert Decimal(volume["last_12_months_total"]) == sum(in_window)
    assert volume["last_12_months_orders"] == len(in_window)
    assert [(y["year"], Decimal(y["total"]), y["orders"]) for y in volume["years"]] == [
        (year, sum(prices), len(prices)) for year, prices in sorted(per_year.items(), reverse=True)
    ]
    assert volume["first_ordered_on"] == min(on for on, _, _ in created).isoformat()
    assert volume["last_ordered_on"] == day.isoformat()
    empty = await client.get(f"{API}/accounts/{other['id']}/purchase-volume", headers=seller_h)
    assert empty.json()["last_12_months_total"] == "777.00"


async def test_the_account_team_reads_the_accounts_offers_and_orders_across_units(
    client, admin_headers, make_unit, make_user, make_account
) -> None:
    unit_a, unit_b = await make_unit("Etelä"), await make_unit("Pohjoinen")
    _, seller_h = await make_user("sales", unit_a["id"])
    team_member, member_h = await make_user("sales", unit_b["id"])
    _, outsider_h = await make_user("sales", unit_b["id"])
    account = await make_account(seller_h, name="Avainasiakas Oy")
    other = await make_account(seller_h, name="Ei tiimiä Oy")
    type_id = await offer_type_id(client, seller_h, "staff_training")
    offer = await make_offer(client, seller_h, account["id"], type_id)
    order = (await accept(client, seller_h, offer["id"]))["order"]
    hidden = await make_offer(client, seller_h, other["id"], type_id)
    for path in (f"/offers/{offer['id']}", f"/orders/{order['id']}"):
        assert (await client.get(f"{API}{path}", headers=member_h)).status_code == 404
    current = await client.get(f"{API}/accounts/{account['id']}", headers=admin_headers)
    made = await client.patch(
        f"{API}/accounts/{account['id']}",
        json={"account_manager_id": team_member["id"]},
        headers={**admin_headers, "If-Match": current.headers["etag"]},
    )
    assert made.status_code == 200, made.text
    for path in (f"/offers/{offer['id']}", f"/orders/{order['id']}"):
        assert (await client.get(f"{API}{path}", headers=member_h)).status_code == 200
        assert (await client.get(f"{API}{path}", headers=outsider_h)).status_code == 404
    listed = await client.get(f"{API}/offers", headers=member_h)
    assert {o["id"] for o in listed.json()["items"]} == {offer["id"]}
    assert hidden["id"] not in listed.text
    volume = await client.get(f"{API}/accounts/{account['id']}/purchase-volume", headers=member_h)
    assert volume.json()["last_12_months_total"] == offer["total"]
    refused = await client.get(
        f"{API}/accounts/{account['id']}/purchase-volume", headers=outsider_h
    )
    assert refused.status_code == 404
    # Reading is all the team grants: editing still needs the privilege on the record.
    edit = await patch_with_etag(client, member_h, f"/orders/{order['id']}", {"title": "Tiimin"})
    assert edit.status_code == 403


async def test_an_order_of_another_unit_is_not_found_and_not_listed(
    client, make_unit, make_user, make_account
) -> None:
    unit_a, unit_b = await make_unit("A"), await make_unit("B")
    _, seller_h = await make_user("sales", unit_a["id"])
    _, stranger_h = await make_user("manager", unit_b["id"])
    account = await make_account(seller_h)
    order = await make_order(client, seller_h, account["id"])
    assert (await client.get(f"{API}/orders/{order['id']}", headers=stranger_h)).status_code == 404
    status = await client.post(
        f"{API}/orders/{order['id']}/status",
        json={"status": "in_delivery"},
        headers={**stranger_h, "If-Match": '"1"'},
    )
    assert status.status_code == 404
    assert (await client.get(f"{API}/orders", headers=stranger_h)).json()["items"] == []


async def test_an_unreadable_order_with_the_same_reference_is_not_revealed(
    client, make_unit, make_user, make_account
) -> None:
    unit_a, unit_b = await make_unit("A"), await make_unit("B")
    _, seller_a = await make_user("sales", unit_a["id"])
    _, seller_b = await make_user("sales", unit_b["id"])
    mine = await make_account(seller_a)
    theirs = await make_account(seller_b)
    await make_order(client, seller_a, mine["id"], external_reference="ERP:42")
    resp = await client.post(
        f"{API}/orders",
        json={
            "title": "X",
            "account_id": theirs["id"],
            "lines": [free_line()],
            "external_reference": "ERP:42",
        },
        headers=seller_b,
    )
    assert resp.status_code == 409
    assert resp.json().get("existing_id") is None
    assert "ERP-tilaus" not in resp.text
