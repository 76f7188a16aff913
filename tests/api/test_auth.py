"""Signing in, refreshing and signing out; access tokens that must be refused."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from jose import jwt

from api.settings import DEV_SECRET

pytestmark = pytest.mark.api

API = "/api/v1"
PROBLEM = "application/problem+json"


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(f"{API}/auth/token", json={"email": email, "password": password})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_signing_in_returns_an_access_token_that_opens_the_api(client, admin) -> None:
    resp = await sign_in(client, admin.email, admin.password)
    assert resp.status_code == 200
    body = resp.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 15 * 60
    me = await client.get(f"{API}/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["email"] == admin.email
    assert me.json()["is_admin"] is True


async def test_the_email_is_case_insensitive_at_sign_in(client, admin) -> None:
    resp = await sign_in(client, admin.email.upper(), admin.password)
    assert resp.status_code == 200


@pytest.mark.parametrize("who", ["wrong password", "unknown e-mail"])
async def test_a_failed_sign_in_is_a_401_problem_that_does_not_tell_which_part_was_wrong(
    client, admin, who
) -> None:
    if who == "wrong password":
        resp = await sign_in(client, admin.email, "not-the-password")
    else:
        resp = await sign_in(client, "nobody@testi.kumppani.fi", admin.password)
    assert resp.status_code == 401
    assert resp.headers["content-type"] == PROBLEM
    assert resp.headers["www-authenticate"] == "Bearer"
    problem = resp.json()
    assert problem["status"] == 401
    assert problem["type"].endswith("/unauthenticated")
    assert problem["detail"] == "The e-mail address or password is wrong."
    assert problem["instance"] == f"{API}/auth/token"


async def test_the_api_without_a_token_is_a_401_with_www_authenticate(client, admin) -> None:
    resp = await client.get(f"{API}/accounts")
    assert resp.status_code == 401
    assert resp.headers["www-authenticate"] == "Bearer"
    assert resp.headers["content-type"] == PROBLEM


async def test_refresh_rotates_the_refresh_token(client, admin) -> None:
    first = (await sign_in(client, admin.email, admin.password)).json()
    resp = await client.post(f"{API}/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert resp.status_code == 200
    second = resp.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert (
        await client.get(f"{API}/me", headers=bearer(second["access_token"]))
    ).status_code == 200


async def test_reusing_an_old_refresh_token_ends_the_session_including_the_newer_token(
    client, admin
) -> None:
    first = (await sign_in(client, admin.email, admin.password)).json()
    second = (
        await client.post(f"{API}/auth/refresh", json={"refresh_token": first["refresh_token"]})
    ).json()
    replay = await client.post(
        f"{API}/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    assert replay.status_code == 401
    assert replay.headers["content-type"] == PROBLEM
    newer = await client.post(
        f"{API}/auth/refresh", json={"refresh_token": second["refresh_token"]}
    )
    assert newer.status_code == 401


async def test_logout_revokes_the_refresh_token(client, admin) -> None:
    tokens = (await sign_in(client, admin.email, admin.password)).json()
    out = await client.post(f"{API}/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert out.status_code == 204
    again = await client.post(
        f"{API}/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert again.status_code == 401


async def test_an_unknown_refresh_token_is_a_401(client, admin) -> None:
    resp = await client.post(f"{API}/auth/refresh", json={"refresh_token": "made-up"})
    assert resp.status_code == 401
    assert resp.json()["type"].endswith("/unauthenticated")


def _claims(admin, **override) -> dict[str, object]:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "sub": str(admin.id),
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        "iss": "kumppani",
        "aud": "kumppani-api",
        "typ": "access",
    }
    claims.update(override)
    return {k: v for k, v in claims.items() if v is not None}


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _forged_tokens(admin) -> dict[str, str]:
    past = int((datetime.now(UTC) - timedelta(minutes=1)).timestamp())
    good = jwt.encode(_claims(admin), DEV_SECRET, algorithm="HS256")
    head, payload, sig = good.split(".")
    other_user_payload = _b64(_claims(admin, sub="00000000-0000-0000-0000-000000000000"))
    return {
        "expired": jwt.encode(_claims(admin, exp=past), DEV_SECRET, algorithm="HS256"),
        "wrong audience": jwt.encode(_claims(admin, aud="someone-else"), DEV_SECRET, "HS256"),
        "wrong issuer": jwt.encode(_claims(admin, iss="evil"), DEV_SECRET, algorithm="HS256"),
        "wrong key": jwt.encode(_claims(admin), "another-secret-" * 4, algorithm="HS256"),
        "other algorithm": jwt.encode(_claims(admin), DEV_SECRET, algorithm="HS512"),
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.",
        "tampered payload": f"{head}.{other_user_payload}.{sig}",
        "tampered signature": f"{head}.{payload}.{sig[:-4]}AAAA",
        "no expiry": jwt.encode(_claims(admin, exp=None), DEV_SECRET, algorithm="HS256"),
        "not an access token": jwt.encode(_claims(admin, typ="refresh"), DEV_SECRET, "HS256"),
        "garbage": "not.a.jwt",
        "oversized": "a" * 5000,
    }


FORGERIES = [
    "expired",
    "wrong audience",
    "wrong issuer",
    "wrong key",
    "other algorithm",
    "alg none",
    "tampered payload",
    "tampered signature",
    "no expiry",
    "not an access token",
    "garbage",
    "oversized",
]


async def test_a_correctly_signed_token_is_accepted(client, admin) -> None:
    # The control for the forgeries below: the same claims, properly signed, work.
    token = jwt.encode(_claims(admin), DEV_SECRET, algorithm="HS256")
    assert (await client.get(f"{API}/me", headers=bearer(token))).status_code == 200


@pytest.mark.parametrize("kind", FORGERIES)
async def test_a_bad_access_token_is_refused_with_401(client, admin, kind) -> None:
    token = _forged_tokens(admin)[kind]
    resp = await client.get(f"{API}/me", headers=bearer(token))
    assert resp.status_code == 401, resp.text
    assert resp.headers["content-type"] == PROBLEM
    assert resp.headers["www-authenticate"] == "Bearer"


async def test_a_deactivated_users_token_stops_working(client, admin_headers, make_user) -> None:
    user, headers = await make_user("sales")
    assert (await client.get(f"{API}/me", headers=headers)).status_code == 200
    resp = await client.patch(
        f"{API}/users/{user['id']}",
        json={"is_active": False},
        headers={**admin_headers, "If-Match": f'"{user["version"]}"'},
    )
    assert resp.status_code == 200, resp.text
    assert (await client.get(f"{API}/me", headers=headers)).status_code == 401


async def test_too_many_sign_in_attempts_are_rate_limited_with_retry_after(client, admin) -> None:
    statuses = [
        (await sign_in(client, admin.email, "wrong-password")).status_code for _ in range(5)
    ]
    assert statuses == [401] * 5
    resp = await sign_in(client, admin.email, admin.password)  # even the right password waits
    assert resp.status_code == 429
    assert resp.headers["content-type"] == PROBLEM
    assert int(resp.headers["retry-after"]) >= 1
    assert resp.json()["type"].endswith("/rate-limited")


async def test_the_rate_limit_counts_per_account(client, admin, make_user) -> None:
    user, _ = await make_user("sales")  # one sign-in for this user
    for _ in range(5):
        await sign_in(client, admin.email, "wrong-password")
    assert (await sign_in(client, admin.email, admin.password)).status_code == 429
    assert (await sign_in(client, user["email"], "correct-horse-battery-staple")).status_code == 200
