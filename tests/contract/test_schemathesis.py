"""The API keeps its OpenAPI contract: schemathesis fuzzes every operation as the admin.

Checks: no server errors, responses match their documented schema and content type. The
/auth operations are left out of the fuzzing (their rate limit would turn into noise) and
are tested by example below. The app under fuzzing is a second instance on the same
database, because schemathesis drives it from its own event-loop thread.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from api.openapi import render
from api.settings import ROOT

pytestmark = pytest.mark.contract

API = "/api/v1"
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
CONTRACT = ROOT / "openapi" / "openapi.json"


@pytest.fixture(scope="session")
def contract_app(app_factory):
    return app_factory()


@pytest.fixture
async def seeded(admin_headers, make_account, make_contact, make_unit) -> None:
    """Some data, so that lists and history have rows to show."""
    account = await make_account(admin_headers, business_id="0112038-9", tags=["a"])
    await make_contact(admin_headers, accounts=[{"account_id": account["id"], "role": "CEO"}])
    await make_unit()


# The committed contract (checked against the app below); calls go to `contract_app`.
contract = schemathesis.openapi.from_path(CONTRACT)
schema = contract.exclude(path_regex=r"/auth/")


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_keeps_its_contract(case, contract_app, admin_headers, seeded) -> None:
    case.call_and_validate(app=contract_app, headers=admin_headers, checks=CHECKS)


def test_the_committed_contract_is_up_to_date() -> None:
    assert CONTRACT.read_text() == render(), (
        "openapi/openapi.json is stale: run `kumppani openapi export` and commit the result"
    )


def test_the_served_contract_is_the_committed_one(contract_app) -> None:
    import json

    assert contract_app.openapi() == json.loads(CONTRACT.read_text())


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/auth/token", {"email": "nobody@testi.kumppani.fi", "password": "x"}),
        ("/auth/token", {"email": "x"}),
        ("/auth/refresh", {"refresh_token": "nope"}),
        ("/auth/refresh", {"refresh_token": ""}),
        ("/auth/logout", {"refresh_token": "nope"}),
        ("/auth/logout", {"token": "nope"}),
    ],
)
def test_auth_operations_answer_within_their_contract(contract_app, path, body) -> None:
    operation = contract[f"{API}{path}"]["POST"]
    case = operation.Case(body=body, media_type="application/json")
    response = case.call_and_validate(app=contract_app, checks=CHECKS)
    assert response.status_code in (204, 401, 422)
