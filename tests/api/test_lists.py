"""Lists: keyset pages that never repeat or skip a row, filters, and limits."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import pytest

from domain.shared import Cursor

pytestmark = pytest.mark.api

API = "/api/v1"
PROBLEM = "application/problem+json"

# Mixed case, accents and repeated names: ties are broken by id.
NAMES = [
    "Kone Oyj",
    "kesko Oyj",
    "Alma Media",
    "alma media",
    "Ääneseutu ry",
    "Orion",
    "Wärtsilä",
    "Neste",
    "neste",
    "Fiskars",
    "Elisa",
    "Telia",
    "UPM",
    "Stora Enso",
    "Fortum",
    "Valio",
    "Atria",
    "HKScan",
    "Marimekko",
    "Iittala",
    "Orion",
    "Sampo",
    "Nordea",
    "OP",
    "Kone Oyj",
]


async def walk(client, headers, **params) -> tuple[list[dict], int]:
    items: list[dict] = []
    pages = 0
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        resp = await client.get(f"{API}/accounts", params=query, headers=headers)
        assert resp.status_code == 200, resp.text
        page = resp.json()
        assert len(page["items"]) <= params["limit"]
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items, pages
        assert pages < 50, "the cursor does not advance"


@pytest.fixture
async def many_accounts(admin_headers, make_account) -> list[dict]:
    return [await make_account(admin_headers, name=n) for n in NAMES]


def key_for(sort: str, account: dict):
    field = sort.lstrip("-")
    value = (
        account["name"].casefold() if field == "name" else datetime.fromisoformat(account[field])
    )
    return (value, UUID(account["id"]))


@pytest.mark.parametrize("sort", ["name", "-name", "updated_at", "-updated_at", "created_at"])
async def test_walking_every_page_returns_each_account_once_in_order(
    client, admin_headers, many_accounts, sort
) -> None:
    items, pages = await walk(client, admin_headers, limit=7, sort=sort)
    ids = [a["id"] for a in items]
    assert len(ids) == len(set(ids)), "a row was repeated"
    assert set(ids) == {a["id"] for a in many_accounts}, "a row was skipped"
    assert pages == 4  # 7 + 7 + 7 + 4
    expected = sorted(many_accounts, key=lambda a: key_for(sort, a), reverse=sort.startswith("-"))
    assert ids == [a["id"] for a in expected]


@pytest.mark.parametrize("sort", ["name", "-name", "updated_at"])
async def test_a_search_pages_through_its_matches_once_in_order(
    client, admin_headers, many_accounts, sort
) -> None:
    matches = [a for a in many_accounts if "o" in a["name"].casefold()]
    items, _ = await walk(client, admin_headers, limit=3, sort=sort, q="O")
    expected = sorted(matches, key=lambda a: key_for(sort, a), reverse=sort.startswith("-"))
    assert [a["id"] for a in items] == [a["id"] for a in expected]


async def test_a_row_edited_while_paging_by_name_is_neither_lost_nor_repeated(
    client, admin_headers, many_accounts
) -> None:
    first = (await client.get(f"{API}/accounts", params={"limit": 7}, headers=admin_headers)).json()
    seen = [a["id"] for a in first["items"]]
    later = next(a for a in many_accounts if a["id"] not in seen)
    resp = await client.patch(
        f"{API}/accounts/{later['id']}",
        json={"region": "Uusimaa"},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert resp.status_code == 200
    cursor = first["next_cursor"]
    while cursor:
        page = (
            await client.get(
                f"{API}/accounts", params={"limit": 7, "cursor": cursor}, headers=admin_headers
            )
        ).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
    assert sorted(seen) == sorted(a["id"] for a in many_accounts)


@pytest.mark.parametrize("limit", [0, 201, -5])
async def test_a_limit_outside_1_to_200_is_422(client, admin_headers, limit) -> None:
    resp = await client.get(f"{API}/accounts", params={"limit": limit}, headers=admin_headers)
    assert resp.status_code == 422
    assert resp.headers["content-type"] == PROBLEM
    assert resp.json()["errors"][0]["loc"] == ["query", "limit"]


async def test_a_cursor_from_another_sort_is_422(client, admin_headers, many_accounts) -> None:
    page = (
        await client.get(
            f"{API}/accounts", params={"limit": 5, "sort": "name"}, headers=admin_headers
        )
    ).json()
    resp = await client.get(
        f"{API}/accounts",
        params={"limit": 5, "sort": "-updated_at", "cursor": page["next_cursor"]},
        headers=admin_headers,
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["query", "cursor"]


@pytest.mark.parametrize("cursor", ["garbage", "eyJ4IjoxfQ", "W10"])
async def test_a_garbled_cursor_is_422_not_500(client, admin_headers, cursor) -> None:
    resp = await client.get(f"{API}/accounts", params={"cursor": cursor}, headers=admin_headers)
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["query", "cursor"]


async def test_an_unknown_sort_is_422(client, admin_headers) -> None:
    resp = await client.get(f"{API}/accounts", params={"sort": "password"}, headers=admin_headers)
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"][:2] == ["query", "sort"]


async def test_filters_by_status_region_and_text(client, admin_headers, make_account) -> None:
    kone = await make_account(admin_headers, name="Kone Oyj", status="customer", region="Uusimaa")
    kesko = await make_account(admin_headers, name="Kesko Oyj", status="customer", region="Lappi")
    orion = await make_account(
        admin_headers, name="Orion", status="prospect", region="Uusimaa", business_id="0112038-9"
    )

    async def ids(**params) -> set[str]:
        resp = await client.get(f"{API}/accounts", params=params, headers=admin_headers)
        assert resp.status_code == 200, resp.text
        return {a["id"] for a in resp.json()["items"]}

    assert await ids(status="customer") == {kone["id"], kesko["id"]}
    assert await ids(region="Uusimaa") == {kone["id"], orion["id"]}
    assert await ids(status="customer", region="Uusimaa") == {kone["id"]}
    assert await ids(q="kone") == {kone["id"]}
    assert await ids(q="KONE OYJ") == {kone["id"]}
    assert await ids(q="oyj") == {kone["id"], kesko["id"]}
    assert await ids(q="0112038-9") == {orion["id"]}
    assert await ids(q="100%_") == set()
    assert await ids(status="former_customer") == set()


async def test_an_unknown_status_value_is_422(client, admin_headers) -> None:
    resp = await client.get(f"{API}/accounts", params={"status": "vip"}, headers=admin_headers)
    assert resp.status_code == 422


async def test_filters_by_tag_external_id_and_updated_since(
    client, admin_headers, make_account
) -> None:
    tagged = await make_account(
        admin_headers, tags=["avain"], external_ids=[{"system": "erp", "external_id": "42"}]
    )
    await make_account(admin_headers, tags=["avainasiakas"])

    async def ids(**params) -> set[str]:
        resp = await client.get(f"{API}/accounts", params=params, headers=admin_headers)
        assert resp.status_code == 200, resp.text
        return {a["id"] for a in resp.json()["items"]}

    assert await ids(tag="avain") == {tagged["id"]}
    assert await ids(external_system="erp", external_id="42") == {tagged["id"]}
    assert await ids(external_system="erp", external_id="43") == set()
    assert await ids(updated_since=tagged["updated_at"]) >= {tagged["id"]}
    assert await ids(updated_since="2999-01-01T00:00:00+00:00") == set()


async def test_a_list_shows_only_what_the_caller_may_read(
    client, admin_headers, make_unit, make_user, make_account
) -> None:
    unit_a = await make_unit("Etelä")
    unit_b = await make_unit("Pohjoinen")
    _, seller_a = await make_user("sales", unit_a["id"])
    _, seller_b = await make_user("sales", unit_b["id"])
    in_a = await make_account(seller_a)
    in_b = await make_account(seller_b)
    seen_by_a = (await client.get(f"{API}/accounts", headers=seller_a)).json()["items"]
    assert [a["id"] for a in seen_by_a] == [in_a["id"]]
    seen_by_admin = (await client.get(f"{API}/accounts", headers=admin_headers)).json()["items"]
    assert {a["id"] for a in seen_by_admin} == {in_a["id"], in_b["id"]}


async def test_a_forged_cursor_without_a_time_zone_is_422_not_500(client, admin_headers) -> None:
    forged = Cursor("-updated_at", "2026-01-01T10:00:00", uuid4()).encode()
    resp = await client.get(
        f"{API}/accounts",
        params={"sort": "-updated_at", "cursor": forged},
        headers=admin_headers,
    )
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"][0]["loc"] == ["query", "cursor"]
