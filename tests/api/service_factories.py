"""Factories for the customer-service API tests: subjects, queues, requests, the general
customer. Everything goes through the HTTP API."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

from domain.service import GENERAL_CUSTOMER_NAME

API = "/api/v1"
PROBLEM = "application/problem+json"
Headers = dict[str, str]

_serial = itertools.count(1)


async def make_subject(client: httpx.AsyncClient, admin: Headers, **fields: Any) -> dict[str, Any]:
    body = {"name": "Laskutus", **fields}
    resp = await client.post(f"{API}/subjects", json=body, headers=admin)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def make_queue(
    client: httpx.AsyncClient,
    admin: Headers,
    business_unit_id: str,
    members: list[str] = (),  # type: ignore[assignment]
    **fields: Any,
) -> dict[str, Any]:
    body = {"name": f"Jono {next(_serial)}", **fields}
    body["business_unit_id"] = business_unit_id
    resp = await client.post(f"{API}/queues", json=body, headers=admin)
    assert resp.status_code == 201, resp.text
    queue: dict[str, Any] = resp.json()
    if members:
        put = await client.put(
            f"{API}/queues/{queue['id']}/members", json={"user_ids": list(members)}, headers=admin
        )
        assert put.status_code == 200, put.text
    return queue


async def make_request(
    client: httpx.AsyncClient, headers: Headers, subject_id: str, **fields: Any
) -> dict[str, Any]:
    body = {
        "title": "Laskussa virhe",
        "subject_id": subject_id,
        "origin": "phone_call",
        **fields,
    }
    resp = await client.post(f"{API}/service-requests", json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def make_general_customer(client: httpx.AsyncClient, admin: Headers) -> dict[str, Any]:
    resp = await client.post(f"{API}/accounts", json={"name": GENERAL_CUSTOMER_NAME}, headers=admin)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def fetch(client: httpx.AsyncClient, headers: Headers, request_id: str) -> httpx.Response:
    resp = await client.get(f"{API}/service-requests/{request_id}", headers=headers)
    return resp


async def set_status(
    client: httpx.AsyncClient,
    headers: Headers,
    request_id: str,
    status_reason: str,
    **fields: Any,
) -> httpx.Response:
    current = await fetch(client, headers, request_id)
    assert current.status_code == 200, current.text
    return await client.post(
        f"{API}/service-requests/{request_id}/status",
        json={"status_reason": status_reason, **fields},
        headers={**headers, "If-Match": current.headers["etag"]},
    )


async def notifications_of(client: httpx.AsyncClient, headers: Headers) -> list[dict[str, Any]]:
    resp = await client.get(f"{API}/notifications", headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]  # type: ignore[no-any-return]
