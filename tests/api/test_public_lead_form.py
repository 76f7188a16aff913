"""The public web form: a lead from the website is routed like any other; the token, the
allowed origins, the honeypot, the rate limit, the body limit and strict validation keep the
open endpoint safe; the answer never says what is already known. Hostile input (hypothesis)
gets a 4xx and stores nothing."""

from __future__ import annotations

import json
import string
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from tests.api.lead_factories import API, PROBLEM, make_product, ok
from tests.conftest import fast_argon2

pytestmark = pytest.mark.api

ORIGIN = "https://www.energia.example"
VALID = {
    "company_name": "Verkkoasiakas Oy",
    "contact_name": "Ville Verkko",
    "phone": "+358 50 123 4567",
    "email": "ville@verkkoasiakas.fi",
    "municipality": "Tampere",
    "description": "Kiinnostaa kaasuliittymä",
}


@pytest.fixture
async def form(client, admin_headers, make_user) -> dict[str, Any]:
    giver, _ = await make_user("service", name="Verkkosivut")
    gas = await make_product(client, admin_headers, name="Maakaasuliittymä", code="GAS-CONN")
    created = await client.post(
        f"{API}/lead-forms",
        json={
            "name": "Kotisivun yhteydenottolomake",
            "lead_giver_id": giver["id"],
            "product_id": gas["id"],
            "allowed_origins": [ORIGIN + "/"],
        },
        headers=admin_headers,
    )
    return {**(await ok(created, 201)), "giver": giver, "product": gas}


def path(token: str) -> str:
    return f"{API}/public/lead-forms/{token}"


async def leads_stored(client, admin_headers) -> list[dict[str, Any]]:
    return (await ok(await client.get(f"{API}/leads", headers=admin_headers)))["items"]  # type: ignore[no-any-return]


async def test_a_website_lead_is_received_and_routed_as_the_forms_user(
    client, admin_headers, form
) -> None:
    assert form["allowed_origins"] == [ORIGIN]
    resp = await client.post(path(form["token"]), json=VALID, headers={"Origin": ORIGIN})
    assert resp.status_code == 202, resp.text
    assert resp.json() == {"status": "received"}
    assert resp.headers["access-control-allow-origin"] == ORIGIN
    assert resp.headers["vary"] == "Origin"
    (lead,) = await leads_stored(client, admin_headers)
    assert lead["source"] == "web_form"
    assert lead["lead_giver_id"] == form["giver"]["id"]
    assert lead["product_id"] == form["product"]["id"]
    assert lead["municipality_name"] == "Tampere"
    assert lead["phone"] == "+358501234567"


async def test_the_answer_is_the_same_for_a_known_customer(client, admin_headers, form) -> None:
    first = await client.post(path(form["token"]), json=VALID)
    second = await client.post(path(form["token"]), json={**VALID, "product_code": "GAS-CONN"})
    assert (first.status_code, first.content) == (second.status_code, second.content)
    assert len(await leads_stored(client, admin_headers)) == 2


async def test_a_filled_honeypot_is_answered_alike_and_stored_nowhere(
    client, admin_headers, form
) -> None:
    resp = await client.post(path(form["token"]), json={**VALID, "website": "http://spam.example"})
    assert (resp.status_code, resp.json()) == (202, {"status": "received"})
    assert await leads_stored(client, admin_headers) == []


async def test_unknown_inactive_and_rotated_tokens_are_not_found(
    client, admin_headers, form
) -> None:
    assert (await client.post(path("x" * 32), json=VALID)).status_code == 404
    rotated = await client.post(
        f"{API}/lead-forms/{form['id']}/token-rotation",
        headers={**admin_headers, "If-Match": '"1"'},
    )
    new = await ok(rotated)
    assert new["token"] != form["token"]
    assert (await client.post(path(form["token"]), json=VALID)).status_code == 404
    off = await client.patch(
        f"{API}/lead-forms/{form['id']}",
        json={"is_active": False},
        headers={**admin_headers, "If-Match": rotated.headers["etag"]},
    )
    assert off.status_code == 200
    gone = await client.post(path(new["token"]), json=VALID)
    assert gone.status_code == 404
    assert gone.headers["content-type"] == PROBLEM
    assert await leads_stored(client, admin_headers) == []


async def test_only_the_forms_origins_may_post_from_a_browser(client, admin_headers, form) -> None:
    other = await client.post(
        path(form["token"]), json=VALID, headers={"Origin": "https://evil.example"}
    )
    assert other.status_code == 403
    assert "access-control-allow-origin" not in other.headers
    preflight = await client.options(
        path(form["token"]),
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert preflight.headers["access-control-allow-methods"] == "POST"
    refused = await client.options(
        path(form["token"]),
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in refused.headers
    assert await leads_stored(client, admin_headers) == []


async def test_a_nul_character_is_refused_and_nothing_is_stored(
    client, admin_headers, form
) -> None:
    resp = await client.post(path(form["token"]), json={**VALID, "description": "a\x00b"})
    assert resp.status_code == 422
    assert await leads_stored(client, admin_headers) == []


async def test_errors_reach_the_website_with_its_cors_header(client, form) -> None:
    resp = await client.post(
        path(form["token"]), json={**VALID, "phone": "123"}, headers={"Origin": ORIGIN}
    )
    assert resp.status_code == 422
    assert resp.headers["access-control-allow-origin"] == ORIGIN
    assert resp.json()["errors"][0]["loc"] == ["body", "phone"]


async def test_submissions_are_rate_limited_per_address(client, admin_headers, form) -> None:
    statuses = [(await client.post(path(form["token"]), json=VALID)).status_code for _ in range(6)]
    assert statuses == [202] * 5 + [429]
    limited = await client.post(path(form["token"]), json=VALID)
    assert int(limited.headers["retry-after"]) >= 1
    assert len(await leads_stored(client, admin_headers)) == 5


async def test_an_oversized_body_is_refused_before_it_is_read(client, admin_headers, form) -> None:
    huge = {**VALID, "description": "x" * 20_000}
    resp = await client.post(
        path(form["token"]), content=json.dumps(huge), headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 413
    assert resp.headers["content-type"] == PROBLEM
    assert await leads_stored(client, admin_headers) == []


# ------------------------------------------------------------------ hostile input


@pytest.fixture
async def roomy_client(app_settings) -> AsyncIterator[httpx.AsyncClient]:
    """A second app on the test database whose form limits do not get in the way of a
    hundred submissions from one address."""
    app = create_app(
        app_settings.model_copy(
            update={
                "lead_form_rate_per_address": "100000/minute",
                "lead_form_rate_per_form": "100000/minute",
            }
        )
    )
    fast_argon2(app.state.container.passwords)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
    await app.state.container.engine.dispose()


HOSTILE_TEXT = st.one_of(
    st.text(max_size=50),
    st.sampled_from(
        [
            "'; DROP TABLE leads; --",
            "<script>alert(1)</script>",
            "{{7*7}}",
            "\x00\x01\x02",
            "../../etc/passwd",
            '=HYPERLINK("http://x")',
            "\u202e\u0000",
        ]
    ),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def malformed(draw: st.DrawFn) -> Any:
    """A body that must be refused: each is a valid submission spoiled in one way."""
    body: dict[str, Any] = dict(VALID)
    spoil = draw(
        st.sampled_from(
            [
                "unknown_field",
                "too_long",
                "wrong_type",
                "bad_phone",
                "bad_email",
                "bad_id",
                "missing",
                "not_an_object",
                "blank_name",
            ]
        )
    )
    if spoil == "unknown_field":
        key = draw(
            st.text(string.ascii_letters, min_size=1, max_size=12).filter(
                lambda k: k not in WEB_FIELDS
            )
        )
        body[key] = draw(JSON)
    elif spoil == "too_long":
        field = draw(
            st.sampled_from(["company_name", "contact_name", "description", "municipality"])
        )
        body[field] = draw(HOSTILE_TEXT) + "x" * 6000
    elif spoil == "wrong_type":
        field = draw(st.sampled_from(sorted(WEB_FIELDS - {"website"})))
        body[field] = draw(
            st.one_of(
                st.integers(),
                st.lists(HOSTILE_TEXT, min_size=1, max_size=2),
                st.dictionaries(st.text(max_size=3), HOSTILE_TEXT, min_size=1, max_size=2),
            )
        )
    elif spoil == "bad_phone":
        body["phone"] = draw(st.text(string.ascii_letters + "';<>", min_size=3, max_size=25))
    elif spoil == "bad_email":
        body["email"] = draw(HOSTILE_TEXT.filter(lambda t: "@" not in t)) or "no-at-sign"
    elif spoil == "bad_id":
        body["business_id"] = draw(st.text(string.ascii_letters + "-'", min_size=1, max_size=20))
    elif spoil == "missing":
        body.pop(draw(st.sampled_from(["company_name", "contact_name", "phone"])))
    elif spoil == "blank_name":
        body["company_name"] = draw(st.sampled_from(["", " ", "\t\n"]))
    else:
        return draw(st.one_of(st.lists(JSON, max_size=3), HOSTILE_TEXT, st.integers(), st.none()))
    return body


WEB_FIELDS = {
    "company_name",
    "contact_name",
    "phone",
    "email",
    "business_id",
    "product_id",
    "product_code",
    "municipality",
    "description",
    "website",
}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=malformed())
async def test_malformed_and_hostile_bodies_get_a_4xx_and_store_nothing(
    roomy_client, admin_headers, form, body
) -> None:
    resp = await roomy_client.post(path(form["token"]), json=body)
    assert 400 <= resp.status_code < 500, resp.text
    assert resp.headers["content-type"] == PROBLEM
    assert await leads_stored(roomy_client, admin_headers) == []


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    raw=st.binary(max_size=300),
    content_type=st.sampled_from(
        [
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ]
    ),
)
async def test_bytes_that_are_not_a_json_object_get_a_4xx(
    roomy_client, admin_headers, form, raw, content_type
) -> None:
    resp = await roomy_client.post(
        path(form["token"]), content=raw, headers={"Content-Type": content_type}
    )
    assert 400 <= resp.status_code < 500, resp.text
    assert await leads_stored(roomy_client, admin_headers) == []
