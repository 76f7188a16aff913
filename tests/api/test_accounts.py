"""Accounts over HTTP: create, read, update with ETags, history, duplicates, idempotency."""

from __future__ import annotations

import asyncio

import pytest

from api.demo import business_id

pytestmark = pytest.mark.api

API = "/api/v1"
PROBLEM = "application/problem+json"


async def test_creating_an_account_returns_201_with_etag_and_location(
    client, admin_headers
) -> None:
    resp = await client.post(
        f"{API}/accounts",
        json={
            "name": "Kone Oyj",
            "business_id": "01120389",
            "phone": "09 1234 5678",
            "tags": ["avainasiakas", " avainasiakas "],
            "visiting_address": {
                "street": "Keilasatama 3",
                "postal_code": "02150",
                "city": "Espoo",
            },
            "external_ids": [{"system": "erp", "external_id": "C-100"}],
        },
        headers=admin_headers,
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert resp.headers["etag"] == '"1"'
    assert resp.headers["location"] == f"{API}/accounts/{body['id']}"
    assert body["business_id"] == "0112038-9"
    assert body["phone"] == "+358912345678"
    assert body["tags"] == ["avainasiakas"]
    assert body["visiting_address"]["country"] == "FI"
    assert body["external_ids"] == [{"system": "erp", "external_id": "C-100"}]
    got = await client.get(resp.headers["location"], headers=admin_headers)
    assert got.status_code == 200
    assert got.headers["etag"] == '"1"'
    assert got.json() == body


async def test_a_bad_business_id_is_a_422_pointing_at_the_field(client, admin_headers) -> None:
    resp = await client.post(
        f"{API}/accounts", json={"name": "Kone", "business_id": "0112038-8"}, headers=admin_headers
    )
    assert resp.status_code == 422
    assert resp.headers["content-type"] == PROBLEM
    problem = resp.json()
    assert [e["loc"] for e in problem["errors"]] == [["body", "business_id"]]
    assert "check digit" in problem["errors"][0]["msg"]


async def test_a_duplicate_business_id_is_a_409_with_the_existing_id(
    client, admin_headers, make_account
) -> None:
    first = await make_account(admin_headers, name="Kone Oyj", business_id=business_id(7))
    resp = await client.post(
        f"{API}/accounts",
        json={"name": "KONE", "business_id": business_id(7)},
        headers=admin_headers,
    )
    assert resp.status_code == 409
    assert resp.headers["content-type"] == PROBLEM
    assert resp.json()["existing_id"] == first["id"]


async def test_duplicate_candidates_list_accounts_with_similar_names(
    client, admin_headers, make_account
) -> None:
    kone = await make_account(admin_headers, name="Kone Oyj")
    konecranes = await make_account(admin_headers, name="Konecranes Abp")
    await make_account(admin_headers, name="Kesko Oyj")
    by_bid = await make_account(admin_headers, name="Jokin muu", business_id=business_id(3))
    resp = await client.get(
        f"{API}/accounts/duplicates",
        params={"name": "KONE", "business_id": business_id(3)},
        headers=admin_headers,
    )
    assert resp.status_code == 200
    ids = [a["id"] for a in resp.json()["items"]]
    assert ids[0] == by_bid["id"]  # the same business ID comes first
    assert ids[1] == kone["id"]  # then the exact normalised name
    assert set(ids) == {by_bid["id"], kone["id"], konecranes["id"]}


async def test_patch_without_if_match_is_428(client, admin_headers, make_account) -> None:
    account = await make_account(admin_headers)
    resp = await client.patch(
        f"{API}/accounts/{account['id']}", json={"region": "Uusimaa"}, headers=admin_headers
    )
    assert resp.status_code == 428
    assert resp.headers["content-type"] == PROBLEM


async def test_patch_with_a_stale_etag_is_412_and_with_the_current_one_200(
    client, admin_headers, make_account
) -> None:
    account = await make_account(admin_headers)
    url = f"{API}/accounts/{account['id']}"
    ok = await client.patch(
        url, json={"region": "Uusimaa"}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert ok.status_code == 200
    assert ok.headers["etag"] == '"2"'
    assert ok.json()["version"] == 2
    stale = await client.patch(
        url, json={"region": "Pirkanmaa"}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == PROBLEM
    assert stale.json()["current_version"] == 2
    weak = await client.patch(
        url, json={"region": "Pirkanmaa"}, headers={**admin_headers, "If-Match": 'W/"2"'}
    )
    assert weak.status_code == 200
    assert weak.headers["etag"] == '"3"'
    assert (await client.get(url, headers=admin_headers)).json()["region"] == "Pirkanmaa"


async def test_patch_with_null_for_a_required_field_is_422(
    client, admin_headers, make_account
) -> None:
    account = await make_account(admin_headers)
    resp = await client.patch(
        f"{API}/accounts/{account['id']}",
        json={"name": None},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert resp.status_code == 422


async def test_history_shows_field_old_and_new_value_and_who(
    client, admin_headers, make_user, make_account
) -> None:
    user, headers = await make_user("manager", name="Maija Myyjä")
    account = await make_account(headers, name="Kone Oyj")
    resp = await client.patch(
        f"{API}/accounts/{account['id']}",
        json={"status": "customer", "region": "Uusimaa"},
        headers={**headers, "If-Match": '"1"'},
    )
    assert resp.status_code == 200
    history = await client.get(f"{API}/accounts/{account['id']}/history", headers=admin_headers)
    assert history.status_code == 200
    lines = history.json()["items"]
    updates = {
        (h["field"], h["old_value"], h["new_value"]) for h in lines if h["operation"] == "update"
    }
    assert updates == {("status", "prospect", "customer"), ("region", None, "Uusimaa")}
    assert all(h["changed_by"] == user["id"] for h in lines)
    assert all(h["changed_by_name"] == "Maija Myyjä" for h in lines)
    assert lines[-1]["operation"] == "create"  # newest first


async def test_two_concurrent_edits_of_the_same_version_one_wins_one_gets_412(
    client, admin_headers, make_account
) -> None:
    account = await make_account(admin_headers)
    url = f"{API}/accounts/{account['id']}"
    headers = {**admin_headers, "If-Match": '"1"'}
    first, second = await asyncio.gather(
        client.patch(url, json={"region": "Uusimaa"}, headers=headers),
        client.patch(url, json={"region": "Lappi"}, headers=headers),
    )
    assert sorted([first.status_code, second.status_code]) == [200, 412], (first.text, second.text)
    winner = first if first.status_code == 200 else second
    stored = (await client.get(url, headers=admin_headers)).json()
    assert stored["region"] == winner.json()["region"]
    assert stored["version"] == 2
    history = (await client.get(f"{url}/history", headers=admin_headers)).json()["items"]
    assert [h["new_value"] for h in history if h["field"] == "region"] == [stored["region"]]


async def _count_accounts(client, headers) -> int:
    return len((await client.get(f"{API}/accounts", headers=headers)).json()["items"])


async def test_repeating_a_create_with_the_same_idempotency_key_returns_the_first_result(
    client, admin_headers
) -> None:
    headers = {**admin_headers, "Idempotency-Key": "create-kone-1"}
    body = {"name": "Kone Oyj", "business_id": business_id(11)}
    first = await client.post(f"{API}/accounts", json=body, headers=headers)
    again = await client.post(f"{API}/accounts", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["location"] == first.headers["location"]
    assert again.headers.get("idempotent-replayed") == "true"
    assert await _count_accounts(client, admin_headers) == 1


async def test_reusing_an_idempotency_key_with_another_body_is_422(client, admin_headers) -> None:
    headers = {**admin_headers, "Idempotency-Key": "create-2"}
    first = await client.post(f"{API}/accounts", json={"name": "Kone Oyj"}, headers=headers)
    assert first.status_code == 201
    other = await client.post(f"{API}/accounts", json={"name": "Kesko Oyj"}, headers=headers)
    assert other.status_code == 422
    assert other.headers["content-type"] == PROBLEM
    assert await _count_accounts(client, admin_headers) == 1


async def test_idempotency_keys_are_per_user(client, admin_headers, make_user) -> None:
    _, other = await make_user("manager")
    body = {"name": "Kone Oyj"}
    a = await client.post(
        f"{API}/accounts", json=body, headers={**admin_headers, "Idempotency-Key": "k"}
    )
    b = await client.post(f"{API}/accounts", json=body, headers={**other, "Idempotency-Key": "k"})
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]


async def test_an_account_cannot_be_its_own_parent_over_http(
    client, admin_headers, make_account
) -> None:
    parent = await make_account(admin_headers, name="Konserni Oy")
    child = await make_account(admin_headers, name="Tytär Oy", parent_id=parent["id"])
    resp = await client.patch(
        f"{API}/accounts/{parent['id']}",
        json={"parent_id": child["id"]},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["loc"] == ["body", "parent_id"]


async def test_a_sales_user_cannot_give_an_account_to_someone_else(
    client, make_user, make_account
) -> None:
    colleague, _ = await make_user("sales")
    _, headers = await make_user("sales")
    resp = await client.post(
        f"{API}/accounts", json={"name": "X Oy", "owner_id": colleague["id"]}, headers=headers
    )
    assert resp.status_code == 403
    assert resp.headers["content-type"] == PROBLEM
    assert (await make_account(headers))["owner_id"] != colleague["id"]


async def test_a_read_only_user_cannot_create_accounts(client, make_user) -> None:
    _, headers = await make_user("read-only")
    resp = await client.post(f"{API}/accounts", json={"name": "X Oy"}, headers=headers)
    assert resp.status_code == 403


@pytest.mark.parametrize("path", ["/accounts", "/contacts"])
async def test_an_unknown_business_unit_is_422_not_a_crash(client, admin_headers, path) -> None:
    body = {"name": "X Oy"} if path == "/accounts" else {"first_name": "A", "last_name": "B"}
    resp = await client.post(
        f"{API}{path}",
        json={**body, "business_unit_id": "00000000-0000-7000-8000-000000000000"},
        headers=admin_headers,
    )
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"][0]["loc"] == ["body", "business_unit_id"]


async def test_a_seller_cannot_place_their_account_in_another_unit(
    client, make_unit, make_user
) -> None:
    home = await make_unit("Koti")
    other = await make_unit("Muu")
    _, seller = await make_user("sales", home["id"])
    resp = await client.post(
        f"{API}/accounts",
        json={"name": "Siirto Oy", "business_unit_id": other["id"]},
        headers=seller,
    )
    assert resp.status_code == 403
    own = await client.post(
        f"{API}/accounts", json={"name": "Koti Oy", "business_unit_id": home["id"]}, headers=seller
    )
    assert own.status_code == 201
