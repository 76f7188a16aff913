"""Factories for the offer and order API tests: the seeded offer types, catalogue products,
offers, acceptances, direct orders. Everything goes through the HTTP API — except making an
account passive, which the account-management work exposes; until then a domain-level helper
sets the account's passive_since through its repository."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import httpx

from api.deps import Container
from domain.accounts import services as accounts
from domain.identity import services as identity

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


async def make_passive(c: Container, admin_id: UUID | str, account_id: str) -> None:
    """The account ceased trading. (The account-management work adds the passivation flow;
    this sets the same field through the accounts repository.)"""
    async with c.uow() as uow:
        principal = await identity.principal_for(uow, UUID(str(admin_id)))
        account = await accounts.get_account(uow, principal, UUID(account_id))
        version = account.version
        account.passive_since = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
        account.passive_reason = "Toiminta lopetettu"
        account.version += 1
        await uow.accounts.update(account, version)
        await uow.commit()


def problem_locs(resp: httpx.Response) -> list[list[str | int]]:
    assert resp.headers["content-type"] == PROBLEM, resp.text
    return [e["loc"] for e in resp.json().get("errors", [])]


def days_ago(today: date, n: int) -> str:
    return date.fromordinal(today.toordinal() - n).isoformat()
