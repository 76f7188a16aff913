"""POST /accounts/search, /contacts/search and their counts: the filter language v2 over
HTTP (relations, hierarchical classifications), refusals of bad filters, and scope."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.offer_factories import make_order

pytestmark = pytest.mark.api

API = "/api/v1"


async def search(client, headers, entity: str, flt: dict[str, Any], **extra: Any):
    resp = await client.post(
        f"{API}/{entity}/search", json={"filter": flt, **extra}, headers=headers
    )
    return resp


async def names(client, headers, flt: dict[str, Any]) -> set[str]:
    resp = await search(client, headers, "accounts", flt, limit=200)
    assert resp.status_code == 200, resp.text
    return {a["name"] for a in resp.json()["items"]}


async def count(client, headers, entity: str, flt: dict[str, Any]) -> int:
    resp = await client.post(f"{API}/{entity}/search/count", json={"filter": flt}, headers=headers)
    assert resp.status_code == 200, resp.text
    return int(resp.json()["count"])


async def test_account_search_by_fields_and_count(client, admin_headers, make_account) -> None:
    await make_account(admin_headers, name="Iso Oy", size_class=7, municipality="Espoo")
    await make_account(admin_headers, name="Pieni Oy", size_class=2, municipality="Espoo")
    await make_account(admin_headers, name="Tuntematon Oy", municipality="Vantaa")
    flt = {"all": [{"field": "size_class", "op": "gte", "value": 5}]}
    assert await names(client, admin_headers, flt) == {"Iso Oy"}
    unknown = {"field": "size_class", "op": "eq", "value": 0}
    assert await names(client, admin_headers, unknown) == {"Tuntematon Oy"}
    espoo = {"field": "municipality", "op": "eq", "value": "Espoo"}
    assert await count(client, admin_headers, "accounts", espoo) == 2
    assert await count(client, admin_headers, "accounts", {"not": espoo}) == 1


async def test_has_an_order_over_20000_in_the_last_year(
    client, admin_headers, make_account
) -> None:
    big = await make_account(admin_headers, name="Suuri Asiakas Oy")
    small = await make_account(admin_headers, name="Pieni Asiakas Oy")
    await make_account(admin_headers, name="Ei Tilauksia Oy")
    line = {"name": "Laite", "quantity": "1", "unit_price": "25000.00"}
    await make_order(client, admin_headers, big["id"], lines=[line])
    await make_order(client, admin_headers, small["id"])
    flt = {
        "has": "orders",
        "where": {
            "all": [
                {"field": "total", "op": "gt", "value": 20000},
                {"field": "ordered_at", "op": "within_last", "value": {"days": 365}},
            ]
        },
    }
    assert await names(client, admin_headers, flt) == {"Suuri Asiakas Oy"}
    any_order = {"has": "orders"}
    assert await names(client, admin_headers, any_order) == {
        "Suuri Asiakas Oy",
        "Pieni Asiakas Oy",
    }
    assert await names(client, admin_headers, {"not": any_order}) == {"Ei Tilauksia Oy"}


async def test_contact_search_through_accounts(
    client, admin_headers, make_account, make_contact
) -> None:
    espoo = await make_account(admin_headers, name="Espoon Yritys", municipality="Espoo")
    other = await make_account(admin_headers, name="Muu Yritys", municipality="Oulu")
    await make_contact(admin_headers, first_name="Eeva", accounts=[{"account_id": espoo["id"]}])
    await make_contact(admin_headers, first_name="Olli", accounts=[{"account_id": other["id"]}])
    flt = {
        "has": "accounts",
        "where": {
            "has": "account",
            "where": {"field": "municipality", "op": "eq", "value": "Espoo"},
        },
    }
    resp = await search(client, admin_headers, "contacts", flt)
    assert resp.status_code == 200, resp.text
    assert [c["first_name"] for c in resp.json()["items"]] == ["Eeva"]
    assert await count(client, admin_headers, "contacts", flt) == 1


@pytest.mark.parametrize(
    ("flt", "loc"),
    [
        ({"field": "nope", "op": "eq", "value": 1}, ["body", "filter", "field"]),
        ({"field": "size_class", "op": "eq", "value": "x"}, ["body", "filter", "value"]),
        ({"all": [{"has": "nope"}]}, ["body", "filter", "all", 0, "has"]),
        (
            {"has": "orders", "where": {"field": "name", "op": "eq", "value": "x"}},
            ["body", "filter", "where", "field"],
        ),
        (
            {"field": "name", "op": "eq", "value": "x'; DROP TABLE accounts; --"},
            None,
        ),
    ],
)
async def test_bad_filters_are_422_with_the_path(client, admin_headers, flt, loc) -> None:
    resp = await search(client, admin_headers, "accounts", flt)
    if loc is None:
        assert resp.status_code == 200, resp.text
        assert resp.json()["items"] == []
        return
    assert resp.status_code == 422, resp.text
    assert loc in [e["loc"] for e in resp.json()["errors"]]


async def test_deep_nesting_is_422(client, admin_headers) -> None:
    flt: dict[str, Any] = {"field": "name", "op": "eq", "value": "x"}
    for _ in range(50):
        flt = {"not": flt}
    resp = await search(client, admin_headers, "accounts", flt)
    assert resp.status_code == 422
    resp = await client.post(
        f"{API}/contacts/search/count", json={"filter": flt}, headers=admin_headers
    )
    assert resp.status_code == 422


async def test_search_never_returns_another_users_accounts(
    client, make_user, make_unit, make_account, make_contact
) -> None:
    unit = await make_unit()
    _, mine = await make_user("sales", unit["id"])
    _, theirs = await make_user("sales")
    a = await make_account(mine, name="Oma Oy")
    await make_account(theirs, name="Toisen Oy")
    await make_contact(mine, first_name="Oma", accounts=[{"account_id": a["id"]}])
    await make_contact(theirs, first_name="Toisen")
    everything: dict[str, Any] = {"all": []}
    assert await names(client, mine, everything) == {"Oma Oy"}
    assert await count(client, mine, "accounts", everything) == 1
    resp = await search(client, mine, "contacts", everything)
    assert [c["first_name"] for c in resp.json()["items"]] == ["Oma"]
    assert await count(client, mine, "contacts", everything) == 1


async def test_catalogue_lists_fields_and_relations(client, admin_headers) -> None:
    resp = await client.get(f"{API}/filter-catalogues/account", headers=admin_headers)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    fields = {f["field"] for f in body["fields"]}
    assert {"name", "size_class", "classifications", "region"} <= fields
    relations = {r["relation"]: r for r in body["relations"]}
    assert {"orders", "offers", "contacts"} <= set(relations)
    assert {f["field"] for f in relations["orders"]["fields"]} >= {"total", "ordered_at"}
    resp = await client.get(f"{API}/filter-catalogues/nothing", headers=admin_headers)
    assert resp.status_code == 404
