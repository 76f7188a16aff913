"""Factories for the offer and order API tests: the seeded offer types, catalogue products,
offers, acceptances, direct orders. Everything goes through the HTTP API."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

API = "/api/v1"
PROBLEM = "application/problem+json"
Headers = dict[str, str]


async def offer_type_id(client: httpx.AsyncClient, headers: Headers, key: str) -> str:
    resp = await client.get(f"{API}/offer-types", params={"limit": 200}, headers=headers)
    assert resp.status_code == 200, resp.text
    found = [t["id"] for t in resp.json()["items"] if t["key"] == key]
    assert found, f"no offer type {key!r}"
    return str(found[0])


async def make_product(client: httpx.AsyncClient, admin: Headers, **fields: Any) -> dict[str, Any]:
    body = {"name": "Henkilöstökoulutus, työturvallisuus", "unit": "pv", "unit_price": "890.00"}
    resp = await client.post(f"{API}/products", json={**body, **fields}, headers=admin)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


def free_line(quantity: str = "1", price: str = "100.00", **fields: Any) -> dict[str, Any]:
    return {"name": "Räätälöity koulutus", "quantity": quantity, "unit_price": price, **fields}


async def make_offer(
    client: httpx.AsyncClient,
    headers: Headers,
    account_id: str,
    type_id: str,
    lines: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    body = {
        "title": "Työturvallisuuskoulutus",
        "account_id": account_id,
        "offer_type_id": type_id,
        "lines": lines or [free_line()],
        **fields,
    }
    resp = await client.post(f"{API}/offers", json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def etag_of(client: httpx.AsyncClient, headers: Headers, path: str) -> str:
    resp = await client.get(f"{API}{path}", headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.headers["etag"]


async def post_with_etag(
    client: httpx.AsyncClient, headers: Headers, path: str, action: str, body: dict[str, Any]
) -> httpx.Response:
    tag = await etag_of(client, headers, path)
    return await client.post(
        f"{API}{path}/{action}", json=body, headers={**headers, "If-Match": tag}
    )


async def patch_with_etag(
    client: httpx.AsyncClient, headers: Headers, path: str, body: dict[str, Any]
) -> httpx.Response:
    tag = await etag_of(client, headers, path)
    return await client.patch(f"{API}{path}", json=body, headers={**headers, "If-Match": tag})


async def accept(
    client: httpx.AsyncClient, headers: Headers, offer_id: str, **body: Any
) -> dict[str, Any]:
    resp = await post_with_etag(client, headers, f"/offers/{offer_id}", "acceptance", body)
    assert resp.status_code == 200, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def make_order(
    client: httpx.AsyncClient,
    headers: Headers,
    account_id: str,
    lines: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    body = {
        "title": "ERP-tilaus",
        "account_id": account_id,
        "lines": lines or [free_line()],
        **fields,
    }
    resp = await client.post(f"{API}/orders", json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


def problem_locs(resp: httpx.Response) -> list[list[str | int]]:
    assert resp.headers["content-type"] == PROBLEM, resp.text
    return [e["loc"] for e in resp.json().get("errors", [])]


def days_ago(today: date, n: int) -> str:
    return date.fromordinal(today.toordinal() - n).isoformat()
