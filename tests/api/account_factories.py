"""Helpers for the account-management API tests: the account's ETag, team changes,
passivation and merges, each through the HTTP API with the ETag fetched first."""

from __future__ import annotations

from typing import Any

import httpx

API = "/api/v1"
Headers = dict[str, str]


async def etag_of(client: httpx.AsyncClient, headers: Headers, account_id: str) -> str:
    resp = await client.get(f"{API}/accounts/{account_id}", headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.headers["etag"]


async def put_member(
    client: httpx.AsyncClient,
    headers: Headers,
    account_id: str,
    user_id: str,
    *,
    expect: int = 200,
    **body: Any,
) -> httpx.Response:
    resp = await client.put(
        f"{API}/accounts/{account_id}/team/{user_id}",
        json=body,
        headers={**headers, "If-Match": await etag_of(client, headers, account_id)},
    )
    assert resp.status_code == expect, resp.text
    return resp


async def remove_member(
    client: httpx.AsyncClient, headers: Headers, account_id: str, user_id: str
) -> httpx.Response:
    resp = await client.delete(
        f"{API}/accounts/{account_id}/team/{user_id}",
        headers={**headers, "If-Match": await etag_of(client, headers, account_id)},
    )
    assert resp.status_code == 200, resp.text
    return resp


async def passivate(
    client: httpx.AsyncClient, headers: Headers, account_id: str, reason: str = "Konkurssi"
) -> dict[str, Any]:
    resp = await client.post(
        f"{API}/accounts/{account_id}/passivation",
        json={"reason": reason},
        headers={**headers, "If-Match": await etag_of(client, headers, account_id)},
    )
    assert resp.status_code == 200, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def merge(
    client: httpx.AsyncClient,
    headers: Headers,
    survivor_id: str,
    duplicate_id: str,
    *,
    dry_run: bool = False,
    expect: int = 200,
) -> httpx.Response:
    extra = {} if dry_run else {"If-Match": await etag_of(client, headers, survivor_id)}
    resp = await client.post(
        f"{API}/accounts/{survivor_id}/merge",
        params={"dry_run": str(dry_run).lower()},
        json={"duplicate_id": duplicate_id},
        headers={**headers, **extra},
    )
    assert resp.status_code == expect, resp.text
    return resp


async def team_role_id(client: httpx.AsyncClient, headers: Headers, key: str) -> str:
    resp = await client.get(f"{API}/account-team-roles", params={"limit": 200}, headers=headers)
    assert resp.status_code == 200, resp.text
    return next(r["id"] for r in resp.json()["items"] if r["key"] == key)
