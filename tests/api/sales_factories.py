"""Factories for the sales project API tests: a project type with its stage template (through
POST /project-types), projects, stage actions that fetch the ETag first. Everything goes
through the HTTP API."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import httpx

API = "/api/v1"
SP = f"{API}/sales-projects"
PROBLEM = "application/problem+json"
Headers = dict[str, str]

_serial = itertools.count(1)


def gas_connection_stages(
    *,
    seller_id: str,
    service_team_id: str | None = None,
    installer_id: str | None = None,
    regional: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """A gas connection sale: offer (the seller; per region as given), send the contract and
    activate billing (customer service), installation."""
    service = (
        {"region": "*", "team_id": service_team_id}
        if service_team_id
        else {"region": "*", "user_id": seller_id}
    )
    return [
        {
            "key": "offer",
            "name": "Tarjous",
            "name_en": "Offer",
            "default_duration_days": 5,
            "responsibles": [{"region": "*", "user_id": seller_id}]
            + [{"region": r, "user_id": u} for r, u in (regional or {}).items()],
        },
        {
            "key": "send_contract",
            "name": "Sopimuksen lähetys",
            "default_duration_days": 3,
            "is_customer_service": True,
            "checklist": ["Sopimus lähetetty", "Allekirjoitus saatu"],
            "responsibles": [service],
        },
        {
            "key": "install",
            "name": "Asennus",
            "default_duration_days": 10,
            "responsibles": [{"region": "*", "user_id": installer_id or seller_id}],
        },
        {
            "key": "activate_billing",
            "name": "Laskutuksen aktivointi",
            "default_duration_days": 2,
            "is_customer_service": True,
            "responsibles": [service],
        },
    ]


async def make_project_type(
    client: httpx.AsyncClient,
    admin: Headers,
    stages: list[dict[str, Any]],
    **fields: Any,
) -> dict[str, Any]:
    n = next(_serial)
    body = {"key": f"gas_connection_{n}", "name": f"Kaasuliittymämyynti {n}", **fields}
    body["stages"] = stages
    resp = await client.post(f"{API}/project-types", json=body, headers=admin)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def make_team(
    client: httpx.AsyncClient, admin: Headers, unit_id: str, member_ids: list[str]
) -> dict[str, Any]:
    resp = await client.post(
        f"{API}/teams",
        json={
            "name": f"Asiakaspalvelu {next(_serial)}",
            "business_unit_id": unit_id,
            "member_ids": member_ids,
        },
        headers=admin,
    )
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def make_project(
    client: httpx.AsyncClient,
    headers: Headers,
    account_id: str,
    project_type_id: str,
    **fields: Any,
) -> dict[str, Any]:
    body = {
        "name": f"Kaasuliittymä {next(_serial)}",
        "account_id": account_id,
        "project_type_id": project_type_id,
        **fields,
    }
    resp = await client.post(SP, json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def fetch(client: httpx.AsyncClient, headers: Headers, project_id: str) -> httpx.Response:
    return await client.get(f"{SP}/{project_id}", headers=headers)


async def etag_of(client: httpx.AsyncClient, headers: Headers, project_id: str) -> str:
    resp = await fetch(client, headers, project_id)
    assert resp.status_code == 200, resp.text
    return resp.headers["etag"]


def stage_id(project: dict[str, Any], key: str) -> str:
    return next(s["id"] for s in project["stages"] if s["key"] == key)


async def complete(
    client: httpx.AsyncClient,
    headers: Headers,
    project_id: str,
    stage: str,
    completed_on: date | str,
    **fields: Any,
) -> httpx.Response:
    """Complete a stage (by id) with the project's current ETag (read as the admin may not
    be able to: the caller's own read)."""
    tag = fields.pop("etag", None) or await etag_of(client, headers, project_id)
    return await client.post(
        f"{SP}/{project_id}/stages/{stage}/completion",
        json={"completed_on": str(completed_on), **fields},
        headers={**headers, "If-Match": tag},
    )


async def skip(
    client: httpx.AsyncClient, headers: Headers, project_id: str, stage: str, reason: str
) -> httpx.Response:
    return await client.post(
        f"{SP}/{project_id}/stages/{stage}/skipping",
        json={"reason": reason},
        headers={**headers, "If-Match": await etag_of(client, headers, project_id)},
    )


async def set_status(
    client: httpx.AsyncClient, headers: Headers, project_id: str, status: str, **fields: Any
) -> httpx.Response:
    return await client.post(
        f"{SP}/{project_id}/status",
        json={"status": status, **fields},
        headers={**headers, "If-Match": await etag_of(client, headers, project_id)},
    )


async def notifications_of(client: httpx.AsyncClient, headers: Headers) -> list[dict[str, Any]]:
    resp = await client.get(f"{API}/notifications", headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]  # type: ignore[no-any-return]
