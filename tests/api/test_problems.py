"""Every error is RFC 9457 problem+json; every response has a request id; health checks."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.api

API = "/api/v1"
PROBLEM = "application/problem+json"


def assert_problem(resp, status: int) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == PROBLEM
    body = resp.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"]
    assert body["detail"]
    assert body["instance"] == resp.request.url.path
    return body


async def test_malformed_json_is_422_problem(client, admin_headers) -> None:
    resp = await client.post(
        f"{API}/accounts",
        content=b'{"name": "Kone", ',
        headers={**admin_headers, "Content-Type": "application/json"},
    )
    body = assert_problem(resp, 422)
    assert body["errors"]


@pytest.mark.parametrize(
    ("payload", "loc"),
    [
        ({"name": 123}, ["body", "name"]),
        ({"name": "Kone", "size_class": "big"}, ["body", "size_class"]),
        ({"name": "Kone", "size_class": 12}, ["body", "size_class"]),
        ({"name": "K" * 201}, ["body", "name"]),
        ({"name": "Kone", "region": "R" * 101}, ["body", "region"]),
        ({"name": "Kone", "status": "vip"}, ["body", "status"]),
        ({"name": "Kone", "email": "not-an-email"}, ["body", "email"]),
        ({"name": "Kone", "is_vip": True}, ["body", "is_vip"]),
        (
            {"name": "Kone", "visiting_address": {"city": "Espoo", "floor": 3}},
            ["body", "visiting_address", "floor"],
        ),
        ({}, ["body", "name"]),
    ],
    ids=[
        "wrong type",
        "string for int",
        "out of range",
        "overlong name",
        "overlong region",
        "unknown enum",
        "bad email",
        "unknown field",
        "unknown nested field",
        "missing field",
    ],
)
async def test_invalid_bodies_are_422_problems_naming_the_field(
    client, admin_headers, payload, loc
) -> None:
    resp = await client.post(f"{API}/accounts", json=payload, headers=admin_headers)
    body = assert_problem(resp, 422)
    assert loc in [e["loc"] for e in body["errors"]]


async def test_an_unknown_api_path_is_a_404_problem(client, admin_headers) -> None:
    assert_problem(await client.get(f"{API}/no-such-thing", headers=admin_headers), 404)
    assert_problem(await client.get(f"{API}/accounts/x/y/z", headers=admin_headers), 404)


async def test_an_unknown_record_is_a_404_problem(client, admin_headers) -> None:
    resp = await client.get(
        f"{API}/accounts/00000000-0000-7000-8000-000000000000", headers=admin_headers
    )
    assert_problem(resp, 404)


async def test_a_malformed_id_is_a_422_problem(client, admin_headers) -> None:
    assert_problem(await client.get(f"{API}/accounts/not-a-uuid", headers=admin_headers), 422)


async def test_a_wrong_method_is_a_405_problem(client, admin_headers) -> None:
    resp = await client.delete(f"{API}/accounts", headers=admin_headers)
    body = assert_problem(resp, 405)
    assert "DELETE" in body["detail"]
    assert "allow" in resp.headers


async def test_every_response_carries_a_request_id(client, admin_headers) -> None:
    for resp in (
        await client.get("/healthz"),
        await client.get(f"{API}/accounts", headers=admin_headers),
        await client.get(f"{API}/accounts"),
        await client.get(f"{API}/nothing-here"),
    ):
        assert resp.headers.get("x-request-id")
    first = await client.get("/healthz")
    second = await client.get("/healthz")
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_a_safe_incoming_request_id_is_kept_and_an_unsafe_one_replaced(client) -> None:
    kept = await client.get("/healthz", headers={"X-Request-ID": "abc-123.x_y"})
    assert kept.headers["x-request-id"] == "abc-123.x_y"
    replaced = await client.get("/healthz", headers={"X-Request-ID": "<script> x"})
    assert replaced.headers["x-request-id"] != "<script> x"
    assert replaced.headers["x-request-id"].isalnum()


async def test_a_problem_includes_the_request_id(client) -> None:
    resp = await client.get(f"{API}/accounts", headers={"X-Request-ID": "trace-me"})
    assert resp.json()["request_id"] == "trace-me"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # alembic's config notice
async def test_health_and_readiness(client) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


async def test_responses_carry_security_headers_and_the_web_app_a_strict_policy(client) -> None:
    resp = await client.get("/healthz")
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["x-frame-options"] == "DENY"
    policy = resp.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    docs = await client.get("/api/v1/docs")
    assert "content-security-policy" not in docs.headers


async def test_text_with_a_nul_character_is_refused_wherever_it_comes(
    client, admin_headers
) -> None:
    body = await client.post(
        f"{API}/regions", json={"code": "N1", "name": "A\x00B"}, headers=admin_headers
    )
    assert body.status_code == 422
    assert body.json()["errors"][0]["loc"] == ["body", "name"]
    query = await client.get(
        f"{API}/municipalities", params={"q": "Hel\x00"}, headers=admin_headers
    )
    assert query.status_code == 422
    assert query.json()["errors"][0]["loc"] == ["query", "q"]
    nested = await client.post(
        f"{API}/accounts",
        json={"name": "Oy", "visiting_address": {"street": "Katu\x00 1"}},
        headers=admin_headers,
    )
    assert nested.status_code == 422
