"""Schemathesis against the public web form: bodies that break the documented schema
(negative generation) get a 4xx and store nothing; bodies that keep it never get a 5xx.

Runs on a second app whose form rate limits are out of the way (the limit itself is tested
in tests/api/test_public_lead_form.py)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from api.app import create_app
from api.settings import ROOT
from tests.conftest import fast_argon2

pytestmark = pytest.mark.contract

API = "/api/v1"
CONTRACT = schemathesis.openapi.from_path(ROOT / "openapi" / "openapi.json")
SUBMIT = CONTRACT[f"{API}/public/lead-forms/{{token}}"]["POST"]
LIST_LEADS = CONTRACT[f"{API}/leads"]["GET"]


@pytest.fixture(scope="session")
def form_app(app_settings):
    app = create_app(
        app_settings.model_copy(
            update={
                "lead_form_rate_per_address": "100000/minute",
                "lead_form_rate_per_form": "100000/minute",
            }
        )
    )
    fast_argon2(app.state.container.passwords)
    return app


@pytest.fixture
async def token(client, admin_headers, make_user) -> str:
    giver, _ = await make_user("service", name="Verkkosivut")
    product = await client.post(
        f"{API}/products", json={"name": "Kaukolämpöliittymä"}, headers=admin_headers
    )
    form = await client.post(
        f"{API}/lead-forms",
        json={
            "name": "Fuzz",
            "lead_giver_id": giver["id"],
            "product_id": product.json()["id"],
        },
        headers=admin_headers,
    )
    assert form.status_code == 201, form.text
    return str(form.json()["token"])


def stored(app: Any, admin_headers: dict[str, str]) -> int:
    case = LIST_LEADS.Case(query={"limit": 200})
    response = case.call(app=app, headers=admin_headers)
    assert response.status_code == 200
    return len(response.json()["items"])


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@SETTINGS
@given(data=st.data())
def test_schema_breaking_bodies_get_a_4xx_and_store_nothing(
    data, form_app, admin_headers, token
) -> None:
    case = data.draw(SUBMIT.as_strategy(GenerationMode.NEGATIVE, path_parameters={"token": token}))
    before = stored(form_app, admin_headers)
    response = case.call(app=form_app)
    assert 400 <= response.status_code < 500, (case.body, response.status_code, response.text)
    assert stored(form_app, admin_headers) == before


@SETTINGS
@given(data=st.data())
def test_schema_keeping_bodies_never_fail_the_server(data, form_app, admin_headers, token) -> None:
    case = data.draw(SUBMIT.as_strategy(GenerationMode.POSITIVE, path_parameters={"token": token}))
    before = stored(form_app, admin_headers)
    response = case.call(app=form_app)
    assert response.status_code < 500, response.text
    # Accepted and stored, or refused by a rule the schema cannot say (a phone's digits).
    if response.status_code == 202:
        honeypot = bool((case.body or {}).get("website", "").strip())
        assert stored(form_app, admin_headers) == before + (0 if honeypot else 1)
    else:
        assert response.status_code == 422, response.text
        assert stored(form_app, admin_headers) == before
