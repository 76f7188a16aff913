"""Factories for the lead API tests: products, places, teams, queues, routing rules, leads.
Everything goes through the HTTP API (the seeded regions and municipalities included)."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

API = "/api/v1"
PROBLEM = "application/problem+json"
Headers = dict[str, str]

_serial = itertools.count(1)


def serial() -> int:
    return next(_serial)


async def ok(resp: httpx.Response, status: int = 200) -> Any:
    assert resp.status_code == status, resp.text
    return resp.json()


async def make_product(client: httpx.AsyncClient, admin: Headers, **fields: Any) -> dict[str, Any]:
    body = {"name": f"Tuote {serial()}", "kind": "service", **fields}
    return await ok(await client.post(f"{API}/products", json=body, headers=admin), 201)  # type: ignore[no-any-return]


async def make_group(client: httpx.AsyncClient, admin: Headers, **fields: Any) -> dict[str, Any]:
    body = {"name": f"Ryhmä {serial()}", **fields}
    return await ok(await client.post(f"{API}/product-groups", json=body, headers=admin), 201)  # type: ignore[no-any-return]


async def municipality(client: httpx.AsyncClient, headers: Headers, name: str) -> dict[str, Any]:
    """A seeded municipality by its Finnish name, with its region_id."""
    found = await ok(await client.get(f"{API}/municipalities", params={"q": name}, headers=headers))
    return next(m for m in found["items"] if m["name"] == name)


async def region_named(client: httpx.AsyncClient, headers: Headers, name: str) -> dict[str, Any]:
    found = await ok(await client.get(f"{API}/regions", params={"limit": 200}, headers=headers))
    return next(r for r in found["items"] if r["name"] == name)


async def make_team(
    client: httpx.AsyncClient, admin: Headers, unit_id: str, member_ids: list[str]
) -> dict[str, Any]:
    body = {"name": f"Tiimi {serial()}", "business_unit_id": unit_id, "member_ids": member_ids}
    return await ok(await client.post(f"{API}/teams", json=body, headers=admin), 201)  # type: ignore[no-any-return]


async def make_queue(
    client: httpx.AsyncClient,
    admin: Headers,
    unit_id: str,
    member_ids: list[str] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    queue = await ok(
        await client.post(
            f"{API}/queues",
            json={"name": f"Liidijono {serial()}", "business_unit_id": unit_id},
            headers=admin,
        ),
        201,
    )
    if member_ids:
        await ok(
            await client.put(
                f"{API}/queues/{queue['id']}/members",
                json={"user_ids": list(member_ids)},
                headers=admin,
            )
        )
    return queue  # type: ignore[no-any-return]


async def make_rule(client: httpx.AsyncClient, admin: Headers, **fields: Any) -> dict[str, Any]:
    body = {"name": f"Sääntö {serial()}", **fields}
    return await ok(await client.post(f"{API}/lead-routing-rules", json=body, headers=admin), 201)  # type: ignore[no-any-return]


async def set_settings(client: httpx.AsyncClient, admin: Headers, **fields: Any) -> dict[str, Any]:
    current = await client.get(f"{API}/lead-settings", headers=admin)
    assert current.status_code == 200, current.text
    resp = await client.patch(
        f"{API}/lead-settings",
        json=fields,
        headers={**admin, "If-Match": current.headers["etag"]},
    )
    return await ok(resp)  # type: ignore[no-any-return]


def lead_body(product_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "company_name": f"Liidi Oy {serial()}",
        "contact_name": "Maija Meikäläinen",
        "phone": "040 123 4567",
        "product_id": product_id,
        **fields,
    }


async def make_lead(
    client: httpx.AsyncClient, headers: Headers, product_id: str, **fields: Any
) -> dict[str, Any]:
    resp = await client.post(f"{API}/leads", json=lead_body(product_id, **fields), headers=headers)
    return await ok(resp, 201)  # type: ignore[no-any-return]


async def fetch(client: httpx.AsyncClient, headers: Headers, lead_id: str) -> httpx.Response:
    return await client.get(f"{API}/leads/{lead_id}", headers=headers)


async def step(
    client: httpx.AsyncClient,
    headers: Headers,
    lead_id: str,
    name: str,
    body: dict[str, Any] | None = None,
    *,
    etag_from: Headers | None = None,
) -> httpx.Response:
    """POST /leads/{id}/<name> with the lead's current ETag (read as `etag_from`, or the
    caller)."""
    current = await fetch(client, etag_from or headers, lead_id)
    assert current.status_code == 200, current.text
    return await client.post(
        f"{API}/leads/{lead_id}/{name}",
        json=body or {},
        headers={**headers, "If-Match": current.headers["etag"]},
    )
