"""The demo offers and orders obey the rules of data entered by hand: numbers, won offers with
their orders, lost ones with reasons, key customers whose purchase volume is clearly over
20,000 EUR a year, the fields of education in the catalogue tree and everyone's targets."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from api.demo import ADMIN_EMAIL, DEMO_PASSWORD, seed_demo
from tests.api.test_demo_data import _all

pytestmark = pytest.mark.api

API = "/api/v1"


async def test_the_demo_offers_orders_and_targets_are_consistent(client, container, login) -> None:
    result = await seed_demo(container, 60, n_requests=0, n_projects=0)
    assert result.created
    admin = await login(ADMIN_EMAIL, DEMO_PASSWORD)
    offers = await _all(client, admin, "/offers")
    assert len(offers) >= 100
    assert len({o["number"] for o in offers}) == len(offers)
    orders = {o["id"]: o for o in await _all(client, admin, "/orders")}
    statuses = {o["status"] for o in offers}
    assert statuses == {"open", "won", "lost", "cancelled"}
    assert any(o["is_expired"] for o in offers)
    for o in offers:
        assert re.fullmatch(r"TAR-\d{4}-\d{6}", o["number"])
        assert Decimal(o["total"]) == sum(Decimal(line["line_total"]) for line in o["lines"])
        assert o["offered_on"][:4] == o["number"][4:8]
        if o["status"] == "won":
            order = orders[o["order"]["id"]]
            assert (order["offer_id"], order["total"]) == (o["id"], o["total"])
        if o["status"] == "lost":
            assert o["status_reason"]
    assert {o["status"] for o in orders.values()} >= {"ordered", "in_delivery", "invoiced"}
    erp = [o for o in orders.values() if o["external_reference"]]
    assert erp
    key_customers = {o["account_id"] for o in erp}
    for account_id in key_customers:
        volume = await client.get(f"{API}/accounts/{account_id}/purchase-volume", headers=admin)
        assert Decimal(volume.json()["last_12_months_total"]) > 20_000
    groups = await _all(client, admin, "/product-groups")
    training = next(g for g in groups if g["name"] == "Koulutus")
    fields = [g["name"] for g in groups if g["parent_id"] == training["id"]]
    assert "Sosiaali- ja terveysala" in fields
    targets = await _all(client, admin, "/sales-targets")
    sellers = {t["user_id"] for t in targets}
    assert len(targets) == 2 * len(sellers) >= 6
    report = await client.get(f"{API}/reports/offers/targets", headers=admin)
    assert report.status_code == 200
    assert any(Decimal(r["achieved"]) > 0 for r in report.json()["rows"] if r["euro_target"])
