"""The product catalogue over HTTP: administrators maintain product groups and products,
everyone reads them; codes are unique, prices exact, groups form a tree without cycles."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.api

API = "/api/v1"
PROBLEM = "application/problem+json"


async def test_an_admin_builds_the_catalogue_and_a_salesperson_reads_it(
    client, admin_headers, make_user
) -> None:
    group = await client.post(
        f"{API}/product-groups",
        json={"name": "Kaasu", "name_en": "Gas", "name_sv": "Gas"},
        headers=admin_headers,
    )
    assert group.status_code == 201, group.text
    assert group.headers["etag"] == '"1"'
    product = await client.post(
        f"{API}/products",
        json={
            "name": " Kaasuliittymä  ",
            "code": "GAS-CONN",
            "kind": "service",
            "product_group_id": group.json()["id"],
            "unit": "kpl",
            "unit_price": "1250.5",
        },
        headers=admin_headers,
    )
    assert product.status_code == 201, product.text
    body = product.json()
    assert body["name"] == "Kaasuliittymä"
    assert body["unit_price"] == "1250.50"
    assert body["kind"] == "service"

    _, seller = await make_user("sales")
    listed = await client.get(
        f"{API}/products",
        params={"q": "kaasu", "product_group_id": group.json()["id"]},
        headers=seller,
    )
    assert listed.status_code == 200, listed.text
    assert [p["code"] for p in listed.json()["items"]] == ["GAS-CONN"]
    refused = await client.post(f"{API}/products", json={"name": "Oma"}, headers=seller)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == PROBLEM


async def test_product_codes_are_unique_and_prices_are_euro_amounts(client, admin_headers) -> None:
    first = await client.post(
        f"{API}/products", json={"name": "Lämpö", "code": "HEAT"}, headers=admin_headers
    )
    assert first.status_code == 201, first.text
    twin = await client.post(
        f"{API}/products", json={"name": "Lämpö 2", "code": "HEAT"}, headers=admin_headers
    )
    assert twin.status_code == 409
    assert twin.json()["existing_id"] == first.json()["id"]
    for price in ("-1", "1.234", "abc"):
        bad = await client.post(
            f"{API}/products", json={"name": "Hinta", "unit_price": price}, headers=admin_headers
        )
        assert bad.status_code == 422, price
        assert bad.json()["errors"][0]["loc"][:2] == ["body", "unit_price"]


async def test_a_product_group_cannot_become_its_own_descendant(client, admin_headers) -> None:
    parent = (
        await client.post(f"{API}/product-groups", json={"name": "Koulutus"}, headers=admin_headers)
    ).json()
    child = (
        await client.post(
            f"{API}/product-groups",
            json={"name": "Oppisopimus", "parent_id": parent["id"]},
            headers=admin_headers,
        )
    ).json()
    cycle = await client.patch(
        f"{API}/product-groups/{parent['id']}",
        json={"parent_id": child["id"]},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert cycle.status_code == 422
    assert cycle.json()["errors"][0]["loc"] == ["body", "parent_id"]
    children = await client.get(
        f"{API}/product-groups", params={"parent_id": parent["id"]}, headers=admin_headers
    )
    assert [g["name"] for g in children.json()["items"]] == ["Oppisopimus"]


async def test_editing_a_product_needs_its_etag_and_keeps_history(client, admin_headers) -> None:
    product = (
        await client.post(f"{API}/products", json={"name": "Ratkaisu"}, headers=admin_headers)
    ).json()
    missing = await client.patch(
        f"{API}/products/{product['id']}", json={"unit": "h"}, headers=admin_headers
    )
    assert missing.status_code == 428
    saved = await client.patch(
        f"{API}/products/{product['id']}",
        json={"unit": "h", "is_active": False},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert saved.status_code == 200, saved.text
    assert saved.headers["etag"] == '"2"'
    stale = await client.patch(
        f"{API}/products/{product['id']}",
        json={"unit": "pv"},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert stale.status_code == 412
    active = await client.get(f"{API}/products", params={"active": True}, headers=admin_headers)
    assert product["id"] not in {p["id"] for p in active.json()["items"]}


async def test_the_product_list_pages_by_cursor_without_repeats(client, admin_headers) -> None:
    for n in range(7):
        resp = await client.post(
            f"{API}/products", json={"name": f"Tuote {n}", "code": f"P{n}"}, headers=admin_headers
        )
        assert resp.status_code == 201
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, "sort": "-code", **({"cursor": cursor} if cursor else {})}
        page = (await client.get(f"{API}/products", params=params, headers=admin_headers)).json()
        seen += [p["code"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"P{n}" for n in reversed(range(7))]
