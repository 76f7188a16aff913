"""Regions and municipalities over HTTP: Finland's regions and municipalities are there from
the first migration, found by Finnish or Swedish name; administrators maintain the table."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.api

API = "/api/v1"


async def _all(client, path, headers, **params):
    items, cursor = [], None
    while True:
        query = {"limit": 200, **params, **({"cursor": cursor} if cursor else {})}
        page = (await client.get(f"{API}{path}", params=query, headers=headers)).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


async def test_the_regions_and_municipalities_of_finland_are_seeded(client, make_user) -> None:
    _, seller = await make_user("sales")
    regions = await _all(client, "/regions", seller)
    assert len(regions) == 19
    assert regions[0]["name"] == "Uusimaa"
    assert {r["code"] for r in regions} >= {"01", "06", "19", "21"}
    municipalities = await _all(client, "/municipalities", seller)
    assert len(municipalities) == 309
    by_name = {m["name"]: m for m in municipalities}
    assert by_name["Helsinki"]["region_name"] == "Uusimaa"
    assert by_name["Helsinki"]["code"] == "091"
    assert by_name["Tampere"]["region_name"] == "Pirkanmaa"
    assert by_name["Maarianhamina"]["name_sv"] == "Mariehamn"
    # The reforms of 2021: Heinävesi moved to North Karelia, Iitti to Päijät-Häme.
    assert by_name["Heinävesi"]["region_name"] == "Pohjois-Karjala"
    assert by_name["Iitti"]["region_name"] == "Päijät-Häme"


@pytest.mark.parametrize(
    ("q", "expected"),
    [("helsingfors", "Helsinki"), ("ESP", "Espoo"), ("091", "Helsinki"), ("äänek", "Äänekoski")],
)
async def test_municipalities_are_found_by_finnish_or_swedish_name_or_code(
    client, admin_headers, q, expected
) -> None:
    found = await client.get(f"{API}/municipalities", params={"q": q}, headers=admin_headers)
    assert found.status_code == 200
    assert expected in [m["name"] for m in found.json()["items"]]


async def test_an_admin_adds_a_sales_area_and_moves_a_municipality_into_it(
    client, admin_headers, make_user
) -> None:
    area = await client.post(
        f"{API}/regions",
        json={"code": "P-SAVO", "name": "Itä-Suomen myyntialue", "name_en": "East sales area"},
        headers=admin_headers,
    )
    assert area.status_code == 201, area.text
    kuopio = (
        await client.get(f"{API}/municipalities", params={"q": "Kuopio"}, headers=admin_headers)
    ).json()["items"][0]
    moved = await client.patch(
        f"{API}/municipalities/{kuopio['id']}",
        json={"region_id": area.json()["id"]},
        headers={**admin_headers, "If-Match": f'"{kuopio["version"]}"'},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["region_name"] == "Itä-Suomen myyntialue"
    in_area = await client.get(
        f"{API}/municipalities", params={"region_id": area.json()["id"]}, headers=admin_headers
    )
    assert [m["name"] for m in in_area.json()["items"]] == ["Kuopio"]
    _, seller = await make_user("sales")
    refused = await client.post(
        f"{API}/regions", json={"code": "X", "name": "Oma alue"}, headers=seller
    )
    assert refused.status_code == 403


async def test_codes_and_names_stay_unique(client, admin_headers) -> None:
    uusimaa = (
        await client.get(f"{API}/regions", params={"limit": 1}, headers=admin_headers)
    ).json()["items"][0]
    twin = await client.post(
        f"{API}/regions", json={"code": "01", "name": "Toinen Uusimaa"}, headers=admin_headers
    )
    assert twin.status_code == 409
    assert twin.json()["existing_id"] == uusimaa["id"]
    helsinki = await client.post(
        f"{API}/municipalities",
        json={"code": "999", "name": "helsinki", "region_id": uusimaa["id"]},
        headers=admin_headers,
    )
    assert helsinki.status_code == 409
