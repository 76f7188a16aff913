"""Saved views over HTTP: the built-in system views, personal / team / system visibility and
who may change what, validation with filter paths, results and counts within the caller's
access, and POST /service-requests/search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from service_factories import make_queue, make_request, make_subject

from domain.views import SYSTEM_KEYS

pytestmark = pytest.mark.api

API = "/api/v1"
PROBLEM = "application/problem+json"
VIEWS = f"{API}/views"
SEARCH = f"{API}/service-requests/search"


def _eq(field: str, value: Any) -> dict[str, Any]:
    return {"field": field, "op": "eq", "value": value}


async def _views(client, headers) -> list[dict[str, Any]]:
    resp = await client.get(VIEWS, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()["items"]  # type: ignore[no-any-return]


async def _create(client, headers, **fields: Any) -> dict[str, Any]:
    body = {"name": "Omat laskutusasiat", **fields}
    resp = await client.post(VIEWS, json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def _results(client, headers, view_id: str, limit: int = 200) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        resp = await client.get(f"{VIEWS}/{view_id}/results", params=params, headers=headers)
        assert resp.status_code == 200, resp.text
        items += resp.json()["items"]
        cursor = resp.json()["next_cursor"]
        if cursor is None:
            return items


async def _counts(client, headers) -> dict[str, int | None]:
    resp = await client.get(f"{VIEWS}/counts", headers=headers)
    assert resp.status_code == 200, resp.text
    return {c["view_id"]: c["count"] for c in resp.json()}


async def _by_key(client, headers) -> dict[str, dict[str, Any]]:
    return {v["system_key"]: v for v in await _views(client, headers) if v["system_key"]}


# ------------------------------------------------------------------ system views


async def test_the_built_in_system_views_come_first_once_with_names_in_both_languages(
    client, admin_headers, make_user
) -> None:
    _, headers = await make_user("service")
    mine = await _create(client, headers, name="Oma näkymä")
    listed = await _views(client, headers)
    assert [v["system_key"] for v in listed] == [*SYSTEM_KEYS, None]
    assert listed[-1]["id"] == mine["id"]
    by_key = {v["system_key"]: v for v in listed}
    assert by_key["unresolved"]["name"] == "Ratkaisemattomat palvelupyynnöt"
    assert by_key["callbacks"]["name_en"] == "Call-back requests"
    assert by_key["contracts_not_in_billing"]["name"] == (
        "Sopimukset, jotka eivät ole laskutuksessa"
    )
    assert by_key["my_open"]["filter"] == {"all": [_eq("state", "open"), _eq("owner_id", "$me")]}
    assert by_key["callbacks"]["sort"] == "callback_due_at"
    assert all(v["visibility"] == "system" and not v["can_edit"] for v in listed[:-1])
    assert listed[-1]["can_edit"]
    # Listing again (and by the administrator) creates nothing new.
    assert [v["id"] for v in await _views(client, headers)] == [v["id"] for v in listed]
    admin_view = await _views(client, admin_headers)
    assert [v["system_key"] for v in admin_view] == list(SYSTEM_KEYS)
    assert all(v["can_edit"] for v in admin_view)


async def test_only_administrators_create_change_and_delete_system_views(
    client, admin_headers, make_user
) -> None:
    _, headers = await make_user("manager")
    refused = await client.post(
        VIEWS, json={"name": "Kaikille", "visibility": "system"}, headers=headers
    )
    assert refused.status_code == 403
    assert refused.headers["content-type"] == PROBLEM
    made = await _create(
        client,
        admin_headers,
        name="Kiireelliset",
        visibility="system",
        filter={"all": [_eq("priority", "urgent")]},
    )
    assert made["id"] in {v["id"] for v in await _views(client, headers)}
    etag = {"If-Match": f'"{made["version"]}"'}
    patch = await client.patch(
        f"{VIEWS}/{made['id']}", json={"name": "Minun"}, headers={**headers, **etag}
    )
    assert patch.status_code == 403
    delete = await client.delete(f"{VIEWS}/{made['id']}", headers={**headers, **etag})
    assert delete.status_code == 403
    # A manager cannot turn a personal view into a system view either.
    own = await _create(client, headers, name="Oma")
    promote = await client.patch(
        f"{VIEWS}/{own['id']}",
        json={"visibility": "system"},
        headers={**headers, "If-Match": '"1"'},
    )
    assert promote.status_code == 403
    renamed = await client.patch(
        f"{VIEWS}/{made['id']}",
        json={"name": "Kiireelliset pyynnöt"},
        headers={**admin_headers, **etag},
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.headers["etag"] == '"2"'
    gone = await client.delete(
        f"{VIEWS}/{made['id']}", headers={**admin_headers, "If-Match": '"2"'}
    )
    assert gone.status_code == 204
    assert (await client.get(f"{VIEWS}/{made['id']}", headers=admin_headers)).status_code == 404


async def test_built_in_system_views_can_be_edited_but_not_deleted_or_demoted(
    client, admin_headers
) -> None:
    unresolved = (await _by_key(client, admin_headers))["unresolved"]
    url, etag = f"{VIEWS}/{unresolved['id']}", {"If-Match": f'"{unresolved["version"]}"'}
    delete = await client.delete(url, headers={**admin_headers, **etag})
    assert delete.status_code == 409
    demote = await client.patch(
        url, json={"visibility": "personal"}, headers={**admin_headers, **etag}
    )
    assert demote.status_code == 409
    edit = await client.patch(
        url, json={"columns": ["number", "title", "queue_name"]}, headers={**admin_headers, **etag}
    )
    assert edit.status_code == 200, edit.text
    assert edit.json()["columns"] == ["number", "title", "queue_name"]
    # Seeding again keeps the edit.
    assert (await _by_key(client, admin_headers))["unresolved"]["columns"] == [
        "number",
        "title",
        "queue_name",
    ]


# ------------------------------------------------------------------ personal and team views


async def test_a_personal_view_is_invisible_to_everyone_else(
    client, admin_headers, make_user
) -> None:
    _, owner = await make_user("service")
    _, colleague = await make_user("service")
    view = await _create(client, owner, filter={"all": [_eq("request_type", "billing")]})
    assert view["visibility"] == "personal"
    assert view["columns"] == [
        "number",
        "title",
        "account_name",
        "subject_name",
        "status_reason",
        "priority",
        "owner_name",
        "received_at",
    ]
    assert view["sort"] == "-received_at"
    url = f"{VIEWS}/{view['id']}"
    for headers in (colleague, admin_headers):
        assert view["id"] not in {v["id"] for v in await _views(client, headers)}
        assert view["id"] not in await _counts(client, headers)
        for method in ("GET", "PATCH", "DELETE"):
            resp = await client.request(
                method,
                url,
                json={"name": "x"} if method == "PATCH" else None,
                headers={**headers, "If-Match": '"1"'},
            )
            assert resp.status_code == 404, (method, resp.text)
            assert resp.headers["content-type"] == PROBLEM
        resp = await client.get(f"{url}/results", headers=headers)
        assert resp.status_code == 404
    got = await client.get(url, headers=owner)
    assert got.status_code == 200
    assert got.headers["etag"] == '"1"'


async def test_a_team_view_is_seen_by_the_teams_members_only(
    client, admin_headers, make_user
) -> None:
    owner_user, owner = await make_user("service")
    member_user, member = await make_user("service")
    _, outsider = await make_user("service")
    team = await client.post(
        f"{API}/teams",
        json={
            "name": "Asiakaspalvelu",
            "business_unit_id": owner_user["business_unit_id"],
            "member_ids": [owner_user["id"], member_user["id"]],
        },
        headers=admin_headers,
    )
    assert team.status_code == 201, team.text
    team_id = team.json()["id"]
    view = await _create(client, owner, name="Tiimin avoimet", visibility="team", team_id=team_id)
    listed = await _views(client, member)
    assert [v["id"] for v in listed if v["visibility"] == "team"] == [view["id"]]
    assert not next(v for v in listed if v["id"] == view["id"])["can_edit"]
    assert view["id"] in await _counts(client, member)
    assert (await client.get(f"{VIEWS}/{view['id']}", headers=member)).status_code == 200
    assert (await client.get(f"{VIEWS}/{view['id']}/results", headers=member)).status_code == 200
    # A member sees it but only the owner changes it.
    patch = await client.patch(
        f"{VIEWS}/{view['id']}", json={"name": "Meidän"}, headers={**member, "If-Match": '"1"'}
    )
    assert patch.status_code == 403
    assert view["id"] not in {v["id"] for v in await _views(client, outsider)}
    assert (await client.get(f"{VIEWS}/{view['id']}", headers=outsider)).status_code == 404
    # Nobody shares with a team they are not in.
    refused = await client.post(
        VIEWS, json={"name": "Ei", "visibility": "team", "team_id": team_id}, headers=outsider
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "team_id"]
    missing = await client.post(VIEWS, json={"name": "Ei", "visibility": "team"}, headers=owner)
    assert missing.status_code == 422
    # Making it personal hides it from the team.
    personal = await client.patch(
        f"{VIEWS}/{view['id']}",
        json={"visibility": "personal"},
        headers={**owner, "If-Match": '"1"'},
    )
    assert personal.status_code == 200, personal.text
    assert personal.json()["team_id"] is None
    assert (await client.get(f"{VIEWS}/{view['id']}", headers=member)).status_code == 404


async def test_edits_need_a_current_etag_and_keep_a_history(client, make_user) -> None:
    _, headers = await make_user("service")
    view = await _create(client, headers)
    url = f"{VIEWS}/{view['id']}"
    assert (await client.patch(url, json={"name": "Uusi"}, headers=headers)).status_code == 428
    ok = await client.patch(
        url,
        json={"name": "Uusi", "sort": "callback_due_at", "filter": {"any": []}},
        headers={**headers, "If-Match": '"1"'},
    )
    assert ok.status_code == 200, ok.text
    assert (ok.json()["name"], ok.json()["sort"], ok.json()["filter"]) == (
        "Uusi",
        "callback_due_at",
        {"any": []},
    )
    stale = await client.patch(url, json={"name": "Vanha"}, headers={**headers, "If-Match": '"1"'})
    assert stale.status_code == 412
    stale_delete = await client.delete(url, headers={**headers, "If-Match": '"1"'})
    assert stale_delete.status_code == 412
    nulls = await client.patch(url, json={"filter": None}, headers={**headers, "If-Match": '"2"'})
    assert nulls.status_code == 422
    assert (await client.delete(url, headers={**headers, "If-Match": '"2"'})).status_code == 204


async def test_creating_a_view_is_idempotent_with_a_key(client, make_user) -> None:
    _, headers = await make_user("service")
    key = {**headers, "Idempotency-Key": "view-1"}
    first = await client.post(VIEWS, json={"name": "Kerran"}, headers=key)
    again = await client.post(VIEWS, json={"name": "Kerran"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert [v["name"] for v in await _views(client, headers)].count("Kerran") == 1


async def test_the_list_pages_with_a_cursor_in_group_and_position_order(client, make_user) -> None:
    _, headers = await make_user("service")
    late = await _create(client, headers, name="Viimeinen", position=500)
    early = await _create(client, headers, name="Ensimmäinen", position=5)
    first = await client.get(VIEWS, params={"limit": 9}, headers=headers)
    assert first.status_code == 200
    page = first.json()
    assert [v["system_key"] for v in page["items"][:8]] == list(SYSTEM_KEYS)
    assert page["items"][8]["id"] == early["id"]
    second = await client.get(
        VIEWS, params={"limit": 9, "cursor": page["next_cursor"]}, headers=headers
    )
    assert [v["id"] for v in second.json()["items"]] == [late["id"]]
    assert second.json()["next_cursor"] is None


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        (
            {"filter": {"all": [_eq("state", "open"), _eq("status_reason", "lost")]}},
            ["body", "filter", "all", 1, "value"],
        ),
        (
            {"filter": {"all": [{"field": "colour", "op": "eq", "value": 1}]}},
            ["body", "filter", "all", 0, "field"],
        ),
        ({"filter": {"field": "priority", "op": "gt", "value": "high"}}, ["body", "filter", "op"]),
        ({"filter": _eq("owner_id", "$my_queues")}, ["body", "filter", "value"]),
        ({"columns": ["number", "favourite_colour"]}, ["body", "columns", 1]),
        ({"columns": ["number", "number"]}, ["body", "columns", 1]),
        ({"columns": []}, ["body", "columns"]),
        ({"sort": "-priority"}, ["body", "sort"]),
        (
            {"visibility": "personal", "team_id": "00000000-0000-4000-8000-000000000000"},
            ["body", "team_id"],
        ),
    ],
)
async def test_bad_views_are_refused_naming_the_field(client, make_user, body, loc) -> None:
    _, headers = await make_user("service")
    resp = await client.post(VIEWS, json={"name": "Huono", **body}, headers=headers)
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"] == PROBLEM
    assert resp.json()["errors"][0]["loc"] == loc


async def test_the_catalogue_describes_fields_columns_and_sorts(client, make_user) -> None:
    _, headers = await make_user("read-only")
    resp = await client.get(f"{VIEWS}/catalogue", headers=headers)
    assert resp.status_code == 200
    body = resp.json()
    fields = {f["field"]: f for f in body["fields"]}
    assert fields["status_reason"]["values"][:2] == ["in_progress", "on_hold"]
    assert "$my_queues" in fields["queue_id"]["specials"]
    assert "$me" in fields["owner_id"]["specials"]
    assert "within_last" in fields["received_at"]["ops"]
    assert "is_null" not in fields["state"]["ops"]
    assert "callback_due_at" in body["sorts"]
    assert set(body["default_columns"]) <= set(body["columns"])


# ------------------------------------------------------------------ results, counts, search


@pytest.fixture
async def two_units(client, admin_headers, make_unit, make_user, make_account):
    """Unit A and unit B, a sales user (unit depth) in each, requests in both."""
    subject = await make_subject(client, admin_headers, name="Sopimukset")
    unit_a, unit_b = await make_unit("Yksikkö A"), await make_unit("Yksikkö B")
    user_a, headers_a = await make_user("sales", unit_a["id"], name="Aino A")
    user_b, headers_b = await make_user("sales", unit_b["id"], name="Bertta B")
    account_a = await make_account(headers_a, name="Salainen Oy")
    account_b = await make_account(headers_b, name="Oma Oy")
    now = datetime.now(UTC)

    def ago(**delta: float) -> str:
        return (now - timedelta(**delta)).isoformat()

    async def req(headers, account, **fields):
        return await make_request(
            client, headers, subject["id"], account_id=account["id"], **fields
        )

    a = {
        "contract": await req(
            headers_a,
            account_a,
            title="Salainen sopimus",
            request_type="contract_purchase",
            billing_status="pending",
            origin="web_form",
            received_at=(now - timedelta(days=3)).isoformat(),
        ),
        "callback": await req(
            headers_a,
            account_a,
            title="Salainen soittopyyntö",
            request_type="callback",
            received_at=(now - timedelta(days=1)).isoformat(),
        ),
    }
    b = {
        "contract": await req(
            headers_b,
            account_b,
            title="Oma sopimus",
            request_type="contract_purchase",
            billing_status="pending",
            origin="web_form",
            received_at=(now - timedelta(days=2)).isoformat(),
        ),
        "meter": await req(
            headers_b,
            account_b,
            title="Oma mittarilukema",
            request_type="meter_reading",
            billing_status="pending",
            received_at=(now - timedelta(hours=5)).isoformat(),
        ),
        "feedback": await req(headers_b, account_b, title="Oma palaute", request_type="feedback"),
        "callback_early": await req(
            headers_b,
            account_b,
            title="Oma soitto 1",
            request_type="callback",
            callback_due_at=(now + timedelta(hours=1)).isoformat(),
        ),
        "callback_late": await req(
            headers_b,
            account_b,
            title="Oma soitto 2",
            request_type="callback",
            callback_due_at=(now + timedelta(hours=30)).isoformat(),
        ),
    }
    return {
        "a": a,
        "b": b,
        "headers_a": headers_a,
        "headers_b": headers_b,
        "user_b": user_b,
        "user_a": user_a,
        "subject": subject,
    }


async def test_no_view_count_or_search_shows_another_units_requests(
    client, admin_headers, two_units
) -> None:
    headers_b = two_units["headers_b"]
    secret = {r["id"] for r in two_units["a"].values()}
    own = {r["id"] for r in two_units["b"].values()}
    views = await _views(client, headers_b)
    counts = await _counts(client, headers_b)
    assert set(counts) == {v["id"] for v in views}
    seen: set[str] = set()
    for view in views:
        results = await _results(client, headers_b, view["id"], limit=2)
        ids = {r["id"] for r in results}
        assert not ids & secret, view["system_key"]
        assert counts[view["id"]] == len(results), view["system_key"]
        seen |= ids
        assert "Salainen" not in str(results)
    assert seen == own
    # An ad-hoc search and a view that names unit A's account directly find nothing of it.
    account_a = two_units["a"]["contract"]["account_id"]
    probe = {"all": [_eq("account_id", account_a)]}
    search = await client.post(SEARCH, json={"filter": probe}, headers=headers_b)
    assert search.status_code == 200
    assert search.json()["items"] == []
    view = await _create(client, headers_b, name="Kurkistus", filter=probe)
    assert await _results(client, headers_b, view["id"]) == []
    assert (await _counts(client, headers_b))[view["id"]] == 0
    # The administrator's view of the same filter does find it.
    admin_search = await client.post(SEARCH, json={"filter": probe}, headers=admin_headers)
    assert {r["id"] for r in admin_search.json()["items"]} == {
        r["id"] for r in two_units["a"].values()
    }


async def test_system_views_select_what_their_names_say(client, two_units) -> None:
    headers_b, b = two_units["headers_b"], two_units["b"]
    by_key = await _by_key(client, headers_b)

    async def ids(key: str) -> list[str]:
        # One item a page: every sort's cursor is used.
        return [r["id"] for r in await _results(client, headers_b, by_key[key]["id"], limit=1)]

    assert set(await ids("unresolved")) == {r["id"] for r in b.values()}
    assert set(await ids("my_open")) == {r["id"] for r in b.values()}
    assert await ids("callbacks") == [b["callback_early"]["id"], b["callback_late"]["id"]]
    assert await ids("feedback") == [b["feedback"]["id"]]
    assert await ids("contracts_not_in_billing") == [b["contract"]["id"]]
    assert await ids("meter_readings_not_in_billing") == [b["meter"]["id"]]
    assert await ids("web_contracts") == [b["contract"]["id"]]
    assert await ids("resolved_done") == []
    first = (
        await client.get(f"{VIEWS}/{by_key['callbacks']['id']}/results", headers=headers_b)
    ).json()
    assert first["items"][0]["title"] == "Oma soitto 1"
    assert first["items"][0]["account_name"] == "Oma Oy"  # the list's item shape


async def test_my_open_follows_the_caller(client, two_units, make_user) -> None:
    _, colleague = await make_user("sales", two_units["user_b"]["business_unit_id"])
    by_key = await _by_key(client, colleague)
    assert await _results(client, colleague, by_key["my_open"]["id"]) == []
    unresolved = await _results(client, colleague, by_key["unresolved"]["id"])
    assert len(unresolved) == len(two_units["b"])  # the unit's requests, not the caller's


async def _search_all(client, headers, body: dict[str, Any]) -> list[dict[str, Any]]:
    body = dict(body)
    seen: list[dict[str, Any]] = []
    while True:
        resp = await client.post(SEARCH, json=body, headers=headers)
        assert resp.status_code == 200, resp.text
        seen += resp.json()["items"]
        if resp.json()["next_cursor"] is None:
            return seen
        body["cursor"] = resp.json()["next_cursor"]


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("received_at", lambda r: r["received_at"]),
        ("-received_at", lambda r: r["received_at"]),
        ("number", lambda r: r["number"]),
        ("-title", lambda r: r["title"].casefold()),
        ("callback_due_at", lambda r: r["callback_due_at"] or r["received_at"]),
        ("-updated_at", lambda r: r["updated_at"]),
    ],
)
async def test_search_pages_with_a_cursor_in_the_chosen_sort(client, two_units, sort, key) -> None:
    headers_b, b = two_units["headers_b"], two_units["b"]
    contains = {"field": "title", "op": "contains", "value": "OMA"}
    body = {"filter": {"all": [_eq("state", "open"), contains]}, "sort": sort, "limit": 2}
    seen = await _search_all(client, headers_b, body)
    assert sorted(r["id"] for r in seen) == sorted(r["id"] for r in b.values())
    values = [datetime.fromisoformat(v) if v[:4].isdigit() else v for v in map(key, seen)]
    assert values == sorted(values, reverse=sort.startswith("-"))


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        (
            {"filter": {"all": [{"not": {"field": "state", "op": "eq"}}]}},
            ["body", "filter", "all", 0, "not", "value"],
        ),
        ({"filter": {"all": []}, "sort": "priority"}, ["body", "sort"]),
        ({"filter": {"all": []}, "cursor": "not-a-cursor"}, ["body", "cursor"]),
        ({"filter": {"all": []}, "limit": 500}, ["body", "limit"]),
    ],
)
async def test_bad_searches_are_refused_naming_the_field(client, make_user, body, loc) -> None:
    _, headers = await make_user("service")
    resp = await client.post(SEARCH, json=body, headers=headers)
    assert resp.status_code == 422, resp.text
    assert resp.json()["errors"][0]["loc"] == loc


async def test_queue_members_see_their_queues_requests_through_my_queues(
    client, admin_headers, two_units, make_user
) -> None:
    """$my_queues resolves to the caller's queues; queue membership also widens the scope,
    as it does for the request list."""
    unit_a_id = two_units["user_a"]["business_unit_id"]
    member, member_headers = await make_user("sales", two_units["user_b"]["business_unit_id"])
    queue = await make_queue(client, admin_headers, unit_a_id, members=[member["id"]])
    target = two_units["a"]["contract"]
    delegated = await client.post(
        f"{API}/service-requests/{target['id']}/delegations",
        json={"to_queue_id": queue["id"]},
        headers=admin_headers,
    )
    assert delegated.status_code in (200, 201), delegated.text
    body = {"filter": {"field": "queue_id", "op": "in", "value": "$my_queues"}}
    found = await client.post(SEARCH, json=body, headers=member_headers)
    assert found.status_code == 200, found.text
    assert [r["id"] for r in found.json()["items"]] == [target["id"]]
    nobody = await client.post(SEARCH, json=body, headers=two_units["headers_b"])
    assert nobody.json()["items"] == []
