"""Project types with versioned stage templates over HTTP: create, read, edit (If-Match,
Idempotency-Key), replacing stages (in place while unused, a new version once used), the
versions, migrating projects (dry run, refusal of the whole run, the real run), refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from persistence.repositories.project_types import ensure_default_types
from persistence.tables.platform import audit_entries, changes
from persistence.tables.sales import project_events, project_stages, sales_projects

pytestmark = pytest.mark.api

API = "/api/v1"
TYPES = f"{API}/project-types"
PROBLEM = "application/problem+json"


def stage(key: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"key": key, "name": name, **fields}


async def make_type(client, headers, key: str = "gas_connection", **fields: Any) -> dict[str, Any]:
    body = {
        "key": key,
        "name": "Kaasuliittymämyynti",
        "stages": [
            stage("contact", "Yhteydenotto", default_duration_days=5),
            stage("offer", "Tarjous", default_duration_days=10, checklist=["Tarjous lähetetty"]),
            stage("send_contract", "Sopimuksen lähetys", is_customer_service=True),
        ],
        **fields,
    }
    resp = await client.post(TYPES, json=body, headers=headers)
    assert resp.status_code == 201, resp.text
    return resp.json()  # type: ignore[no-any-return]


async def make_team(client, admin_headers, world, name: str = "Asiakaspalvelu") -> str:
    resp = await client.post(
        f"{API}/teams",
        json={"name": name, "business_unit_id": str(world.root_id), "member_ids": []},
        headers=admin_headers,
    )
    assert resp.status_code == 201, resp.text
    return str(resp.json()["id"])


async def put_stages(client, headers, type_id: str, etag: str, stages: list[dict[str, Any]]):
    return await client.put(
        f"{TYPES}/{type_id}/stages",
        json={"stages": stages, "note": "Muutos"},
        headers={**headers, "If-Match": etag},
    )


# A project inserted straight into the tables (the projects API is another helper's): its
# stages as (key, status, template stage id or None, completed_on).
async def insert_project(
    container,
    *,
    type_id: str,
    version_id: str,
    account_id: str,
    owner_id: UUID,
    unit_id: UUID,
    stages: list[tuple[str, str, str | None, date | None]],
    current: str | None = None,
    status: str = "open",
    region: str | None = "Uusimaa",
) -> tuple[UUID, dict[str, UUID]]:
    now = datetime.now(UTC)
    project_id = uuid4()
    ids = {key: uuid4() for key, *_ in stages}
    async with container.uow() as uow:
        await uow.session.execute(
            sa.insert(sales_projects).values(
                id=project_id,
                name="Testihanke",
                sort_name="testihanke",
                account_id=UUID(account_id),
                project_type_id=UUID(type_id),
                type_version_id=UUID(version_id),
                region=region,
                status=status,
                opened_on=date(2026, 1, 5),
                current_stage_id=ids[current] if current else None,
                owner_id=owner_id,
                business_unit_id=unit_id,
                created_at=now,
                updated_at=now,
                version=1,
            )
        )
        for position, (key, state, template_id, completed) in enumerate(stages, start=1):
            await uow.session.execute(
                sa.insert(project_stages).values(
                    id=ids[key],
                    project_id=project_id,
                    template_stage_id=UUID(template_id) if template_id else None,
                    position=position,
                    key=key,
                    name=key.title(),
                    is_customer_service=False,
                    status=state,
                    completed_on=completed,
                    note=f"muistio {key}",
                    checklist=[{"item": "Tarjous lähetetty", "done": True}]
                    if key == "offer"
                    else [],
                    created_at=now,
                    updated_at=now,
                    version=1,
                )
            )
        await uow.commit()
    return project_id, ids


async def version_id_of(client, headers, type_id: str, number: int) -> str:
    resp = await client.get(f"{TYPES}/{type_id}/versions/{number}", headers=headers)
    assert resp.status_code == 200, resp.text
    return str(resp.json()["id"])


# ------------------------------------------------------------------ create and read


async def test_an_admin_creates_a_type_and_a_sales_user_reads_it(
    client, admin, admin_headers, world, make_user
) -> None:
    team_id = await make_team(client, admin_headers, world)
    resp = await client.post(
        TYPES,
        json={
            "key": "heat_connection",
            "name": " Lämpöliittymämyynti ",
            "name_en": "Heat connection sale",
            "name_sv": "Försäljning av fjärrvärmeanslutningar",
            "description": "Kaukolämpö",
            "stages": [
                stage(
                    "contact",
                    "Yhteydenotto",
                    name_en="First contact",
                    default_duration_days=5,
                    responsibles=[
                        {"region": "Uusimaa", "team_id": team_id},
                        {"region": "*", "user_id": str(admin.id)},
                    ],
                ),
                stage(
                    "send_contract",
                    "Sopimuksen lähetys",
                    is_customer_service=True,
                    checklist=["Sopimus lähetetty"],
                ),
            ],
        },
        headers=admin_headers,
    )
    assert resp.status_code == 201, resp.text
    assert resp.headers["etag"] == '"1"'
    body = resp.json()
    assert resp.headers["location"] == f"{TYPES}/{body['id']}"
    assert body["name"] == "Lämpöliittymämyynti"
    assert body["current_version"] == 1
    assert [s["key"] for s in body["stages"]] == ["contact", "send_contract"]
    assert [s["position"] for s in body["stages"]] == [1, 2]
    first = body["stages"][0]
    assert first["responsibles"] == [
        {"region": "*", "user_id": str(admin.id), "team_id": None},
        {"region": "Uusimaa", "user_id": None, "team_id": team_id},
    ]
    assert body["stages"][1]["is_customer_service"] is True
    assert body["stages"][1]["checklist"] == ["Sopimus lähetetty"]

    _, seller = await make_user("sales")
    got = await client.get(f"{TYPES}/{body['id']}", headers=seller)
    assert got.status_code == 200, got.text
    assert got.headers["etag"] == '"1"'
    assert got.json() == body
    listed = await client.get(TYPES, headers=seller)
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()["items"]] == [body["id"]]
    versions = await client.get(f"{TYPES}/{body['id']}/versions", headers=seller)
    assert versions.status_code == 200
    summary = [(v["version"], v["stage_count"], v["is_current"]) for v in versions.json()["items"]]
    assert summary == [(1, 2, True)]
    one = await client.get(f"{TYPES}/{body['id']}/versions/1", headers=seller)
    assert one.status_code == 200
    assert one.json()["stages"] == body["stages"]


async def test_a_non_admin_cannot_write_project_types(client, admin_headers, make_user) -> None:
    kind = await make_type(client, admin_headers)
    url = f"{TYPES}/{kind['id']}"
    for role in ("sales", "manager", "service"):
        _, headers = await make_user(role)
        created = await client.post(
            TYPES,
            json={"key": "own_type", "name": "Oma", "stages": [stage("a1", "A")]},
            headers=headers,
        )
        assert created.status_code == 403, created.text
        assert created.headers["content-type"] == PROBLEM
        edit = await client.patch(url, json={"name": "Oma"}, headers={**headers, "If-Match": '"1"'})
        assert edit.status_code == 403
        stages = await put_stages(client, headers, kind["id"], '"1"', [stage("a1", "A")])
        assert stages.status_code == 403
        migrate = await client.post(
            f"{url}/migrations",
            params={"dry_run": True},
            json={"project_ids": [str(uuid4())], "to_version": 1},
            headers=headers,
        )
        assert migrate.status_code == 403
        assert (await client.get(url, headers=headers)).status_code == 200
    unchanged = await client.get(url, headers=admin_headers)
    assert unchanged.json()["name"] == "Kaasuliittymämyynti"
    assert unchanged.headers["etag"] == '"1"'


async def test_an_unknown_type_is_not_found(client, admin_headers) -> None:
    missing = f"{TYPES}/{uuid4()}"
    assert (await client.get(missing, headers=admin_headers)).status_code == 404
    assert (await client.get(f"{missing}/versions", headers=admin_headers)).status_code == 404
    assert (await client.get(f"{missing}/versions/1", headers=admin_headers)).status_code == 404
    kind = await make_type(client, admin_headers)
    other = await client.get(f"{TYPES}/{kind['id']}/versions/2", headers=admin_headers)
    assert other.status_code == 404
    assert other.headers["content-type"] == PROBLEM


async def test_creating_is_idempotent_and_keys_are_unique(client, admin_headers) -> None:
    body = {"key": "solution", "name": "Ratkaisumyynti", "stages": [stage("needs", "Tarve")]}
    headers = {**admin_headers, "Idempotency-Key": "tyyppi-1"}
    first = await client.post(TYPES, json=body, headers=headers)
    again = await client.post(TYPES, json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    reused = await client.post(TYPES, json={**body, "name": "Toinen"}, headers=headers)
    assert reused.status_code == 422
    duplicate = await client.post(TYPES, json=body, headers=admin_headers)
    assert duplicate.status_code == 409, duplicate.text
    assert duplicate.headers["content-type"] == PROBLEM
    listed = await client.get(TYPES, headers=admin_headers)
    assert len(listed.json()["items"]) == 1


async def test_invalid_stages_are_refused_naming_the_field(
    client, admin_headers, world, make_user
) -> None:
    team_id = await make_team(client, admin_headers, world)
    gone, _ = await make_user("sales")
    deactivate = await client.patch(
        f"{API}/users/{gone['id']}",
        json={"is_active": False},
        headers={**admin_headers, "If-Match": f'"{gone["version"]}"'},
    )
    assert deactivate.status_code == 200, deactivate.text

    async def refused(stages: list[dict[str, Any]], key: str = "valid_key") -> list[Any]:
        resp = await client.post(
            TYPES, json={"key": key, "name": "Tyyppi", "stages": stages}, headers=admin_headers
        )
        assert resp.status_code == 422, resp.text
        assert resp.headers["content-type"] == PROBLEM
        return [e["loc"] for e in resp.json()["errors"]]

    assert await refused([]) == [["body", "stages"]]
    assert await refused([stage("a1", "A")], key="Bad Key") == [["body", "key"]]
    assert await refused([stage("a1", "A"), stage("a1", "B")]) == [["body", "stages", 1, "key"]]
    assert await refused([stage("1abc", "A")]) == [["body", "stages", 0, "key"]]
    assert await refused([stage("a1", "A", default_duration_days=-1)]) == [
        ["body", "stages", 0, "default_duration_days"]
    ]
    assert await refused([stage("a1", "A", checklist=["x" * 201])]) == [
        ["body", "stages", 0, "checklist", 0]
    ]
    assert await refused([stage("a1", "A", checklist=[f"kohta {i}" for i in range(31)])]) == [
        ["body", "stages", 0, "checklist"]
    ]
    assert await refused([stage("a1", "   ")]) == [["body", "stages", 0, "name"]]
    both = {"region": "*", "user_id": gone["id"], "team_id": team_id}
    assert await refused([stage("a1", "A", responsibles=[both])]) == [
        ["body", "stages", 0, "responsibles", 0, "user_id"]
    ]
    assert await refused(
        [
            stage(
                "a1",
                "A",
                responsibles=[
                    {"region": "*", "user_id": gone["id"]},
                    {"region": "Lappi", "team_id": str(uuid4())},
                ],
            )
        ]
    ) == [
        ["body", "stages", 0, "responsibles", 0, "user_id"],
        ["body", "stages", 0, "responsibles", 1, "team_id"],
    ]
    twice = [{"region": "Lappi", "team_id": team_id}, {"region": " lappi", "team_id": team_id}]
    assert await refused([stage("a1", "A", responsibles=twice)]) == [
        ["body", "stages", 0, "responsibles", 1, "region"]
    ]
    assert (await client.get(TYPES, headers=admin_headers)).json()["items"] == []


# ------------------------------------------------------------------ edit and list


async def test_editing_needs_the_current_etag_and_lists_filter(client, admin_headers) -> None:
    gas = await make_type(client, admin_headers)
    await make_type(client, admin_headers, key="parent_company", name="Konsernihanke")
    url = f"{TYPES}/{gas['id']}"
    missing = await client.patch(url, json={"is_active": False}, headers=admin_headers)
    assert missing.status_code == 428
    stale = await client.patch(
        url, json={"is_active": False}, headers={**admin_headers, "If-Match": '"7"'}
    )
    assert stale.status_code == 412
    null = await client.patch(
        url, json={"name": None}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert null.status_code == 422
    unknown = await client.patch(
        url, json={"key": "other"}, headers={**admin_headers, "If-Match": '"1"'}
    )
    assert unknown.status_code == 422
    edit = await client.patch(
        url,
        json={"is_active": False, "name_en": "Gas connection sale"},
        headers={**admin_headers, "If-Match": '"1"'},
    )
    assert edit.status_code == 200, edit.text
    assert edit.headers["etag"] == '"2"'
    assert edit.json()["is_active"] is False
    assert edit.json()["stages"] == gas["stages"]
    same = await client.patch(
        url, json={"is_active": False}, headers={**admin_headers, "If-Match": '"2"'}
    )
    assert same.headers["etag"] == '"2"'

    async def names(**params: Any) -> list[str]:
        resp = await client.get(TYPES, params=params, headers=admin_headers)
        assert resp.status_code == 200, resp.text
        return [t["name"] for t in resp.json()["items"]]

    assert await names() == ["Kaasuliittymämyynti", "Konsernihanke"]
    assert await names(sort="-name") == ["Konsernihanke", "Kaasuliittymämyynti"]
    assert await names(active=True) == ["Konsernihanke"]
    assert await names(active=False) == ["Kaasuliittymämyynti"]
    assert await names(q="GAS conn") == ["Kaasuliittymämyynti"]
    assert await names(q="parent_") == ["Konsernihanke"]
    page = await client.get(TYPES, params={"limit": 1}, headers=admin_headers)
    cursor = page.json()["next_cursor"]
    assert cursor
    rest = await client.get(TYPES, params={"limit": 1, "cursor": cursor}, headers=admin_headers)
    assert [t["name"] for t in rest.json()["items"]] == ["Konsernihanke"]
    assert rest.json()["next_cursor"] is None
    history = await client.get(f"{url}/history", headers=admin_headers)
    assert history.status_code == 200, history.text
    assert {h["field"] for h in history.json()["items"]} >= {"is_active", "name_en"}


# ------------------------------------------------------------------ versions


async def test_stages_are_rewritten_in_place_until_a_project_uses_them(
    client, container, admin, admin_headers, world, make_account
) -> None:
    kind = await make_type(client, admin_headers)
    url = f"{TYPES}/{kind['id']}"
    ids = {s["key"]: s["id"] for s in kind["stages"]}
    stale = await put_stages(client, admin_headers, kind["id"], '"9"', [stage("a1", "A")])
    assert stale.status_code == 412
    rewritten = await put_stages(
        client,
        admin_headers,
        kind["id"],
        '"1"',
        [
            stage("contact", "Yhteydenotto ja kartoitus", default_duration_days=3),
            stage("offer", "Tarjous", default_duration_days=10),
            stage("construction", "Rakentaminen", default_duration_days=40),
        ],
    )
    assert rewritten.status_code == 200, rewritten.text
    body = rewritten.json()
    assert body["outcome"] == "rewritten"
    assert rewritten.headers["etag"] == '"2"'
    assert body["current_version"] == 1
    assert [s["key"] for s in body["stages"]] == ["contact", "offer", "construction"]
    # A stage keeps its id by key; a new key gets a new one.
    assert body["stages"][0]["id"] == ids["contact"]
    assert body["stages"][1]["id"] == ids["offer"]
    assert body["stages"][2]["id"] not in ids.values()
    assert body["stages"][0]["name"] == "Yhteydenotto ja kartoitus"
    versions = (await client.get(f"{url}/versions", headers=admin_headers)).json()["items"]
    assert [(v["version"], v["stage_count"], v["note"]) for v in versions] == [(1, 3, "Muutos")]

    unchanged = await put_stages(
        client,
        admin_headers,
        kind["id"],
        '"2"',
        [
            stage("contact", "Yhteydenotto ja kartoitus", default_duration_days=3),
            stage("offer", "Tarjous", default_duration_days=10),
            stage("construction", "Rakentaminen", default_duration_days=40),
        ],
    )
    assert unchanged.json()["outcome"] == "unchanged"
    assert unchanged.headers["etag"] == '"2"'

    account = await make_account(admin_headers)
    await insert_project(
        container,
        type_id=kind["id"],
        version_id=await version_id_of(client, admin_headers, kind["id"], 1),
        account_id=account["id"],
        owner_id=admin.id,
        unit_id=world.root_id,
        stages=[("contact", "in_progress", body["stages"][0]["id"], None)],
        current="contact",
    )
    published = await put_stages(
        client, admin_headers, kind["id"], '"2"', [stage("contact", "Yhteydenotto")]
    )
    assert published.status_code == 200, published.text
    assert published.json()["outcome"] == "published"
    assert published.json()["current_version"] == 2
    assert published.headers["etag"] == '"3"'
    assert published.json()["stages"][0]["id"] != ids["contact"]
    versions = (await client.get(f"{url}/versions", headers=admin_headers)).json()["items"]
    assert [
        (v["version"], v["stage_count"], v["project_count"], v["is_current"]) for v in versions
    ] == [(1, 3, 1, False), (2, 1, 0, True)]
    newest_first = await client.get(
        f"{url}/versions", params={"sort": "-version", "limit": 1}, headers=admin_headers
    )
    assert [v["version"] for v in newest_first.json()["items"]] == [2]
    assert newest_first.json()["next_cursor"]
    old = (await client.get(f"{url}/versions/1", headers=admin_headers)).json()
    assert [s["key"] for s in old["stages"]] == ["contact", "offer", "construction"]
    # Version 2 is not used yet: the next edit rewrites it.
    again = await put_stages(
        client, admin_headers, kind["id"], '"3"', [stage("contact", "Yhteydenotto 2")]
    )
    assert again.json()["outcome"] == "rewritten"
    assert again.json()["current_version"] == 2


# ------------------------------------------------------------------ migration


@pytest.fixture
async def migration_case(client, container, admin, admin_headers, world, make_account):
    """A type whose version 1 is contact → offer → send_contract → old_step, and a version 2
    that adds `survey` before `offer` and `activate_billing` at the end and drops
    `old_step`; three projects on version 1."""
    kind = await make_type(
        client,
        admin_headers,
        stages=[
            stage("contact", "Yhteydenotto"),
            stage("offer", "Tarjous", checklist=["Tarjous lähetetty"]),
            stage("send_contract", "Sopimuksen lähetys", is_customer_service=True),
            stage("old_step", "Vanha vaihe"),
        ],
    )
    v1 = {s["key"]: s["id"] for s in kind["stages"]}
    v1_id = await version_id_of(client, admin_headers, kind["id"], 1)
    account = await make_account(admin_headers)
    common = {
        "type_id": kind["id"],
        "version_id": v1_id,
        "account_id": account["id"],
        "owner_id": admin.id,
        "unit_id": world.root_id,
    }
    running, stage_ids = await insert_project(
        container,
        **common,
        stages=[
            ("contact", "done", v1["contact"], date(2026, 2, 2)),
            ("offer", "in_progress", v1["offer"], None),
            ("send_contract", "not_started", v1["send_contract"], None),
            ("old_step", "not_started", v1["old_step"], None),
        ],
        current="offer",
    )
    won, _ = await insert_project(
        container, **common, stages=[("contact", "done", v1["contact"], None)], status="won"
    )
    other_type = await make_type(client, admin_headers, key="other_type")
    foreign, _ = await insert_project(
        container,
        **{
            **common,
            "type_id": other_type["id"],
            "version_id": await version_id_of(client, admin_headers, other_type["id"], 1),
        },
        stages=[],
    )
    team_id = await make_team(client, admin_headers, world)
    published = await put_stages(
        client,
        admin_headers,
        kind["id"],
        '"1"',
        [
            stage("contact", "Yhteydenotto"),
            stage("survey", "Kartoitus"),
            stage(
                "offer",
                "Tarjous (uusi)",
                checklist=["Kulutusarvio", "Tarjous lähetetty"],
                is_customer_service=True,
            ),
            stage("send_contract", "Sopimuksen lähetys", is_customer_service=True),
            stage(
                "activate_billing",
                "Laskutuksen aktivointi",
                responsibles=[
                    {"region": "*", "user_id": str(admin.id)},
                    {"region": "uusimaa", "team_id": team_id},
                ],
            ),
        ],
    )
    assert published.json()["outcome"] == "published", published.text
    return {
        "type": kind,
        "running": running,
        "stage_ids": stage_ids,
        "won": won,
        "foreign": foreign,
        "team_id": team_id,
        "v1_id": v1_id,
        "v2_id": await version_id_of(client, admin_headers, kind["id"], 2),
    }


async def _stages_of(container, project_id: UUID) -> list[dict[str, Any]]:
    async with container.uow() as uow:
        rows = await uow.session.execute(
            sa.select(project_stages)
            .where(project_stages.c.project_id == project_id)
            .order_by(project_stages.c.position)
        )
        return [dict(r) for r in rows.mappings()]


async def test_a_dry_run_reports_every_project_and_changes_nothing(
    client, container, admin_headers, migration_case
) -> None:
    case = migration_case
    url = f"{TYPES}/{case['type']['id']}/migrations"
    before = await _stages_of(container, case["running"])
    nowhere = uuid4()
    body = {
        "project_ids": [str(case["running"]), str(case["won"]), str(case["foreign"]), str(nowhere)],
        "to_version": 2,
    }
    dry = await client.post(url, params={"dry_run": True}, json=body, headers=admin_headers)
    assert dry.status_code == 200, dry.text
    report = dry.json()
    assert report["dry_run"] is True
    assert report["to_version"] == 2
    assert report["migrated"] == 1
    results = {r["project_id"]: r for r in report["results"]}
    running = results[str(case["running"])]
    assert running["ok"] is True
    assert running["problem"] is None
    assert running["from_version"] == 1
    assert running["changes"] == {
        "kept": ["contact", "offer", "send_contract"],
        "added": ["survey", "activate_billing"],
        "skipped": ["survey"],
        "dropped": ["old_step"],
        "extra": [],
    }
    assert results[str(case["won"])]["ok"] is False
    assert "open" in results[str(case["won"])]["problem"]
    assert results[str(case["foreign"])]["problem"] == "The project is of another type."
    assert results[str(nowhere)]["problem"] == "No such project."
    assert await _stages_of(container, case["running"]) == before

    # The real run refuses the whole batch while any project has a problem.
    real = await client.post(url, json=body, headers=admin_headers)
    assert real.status_code == 422, real.text
    assert real.headers["content-type"] == PROBLEM
    assert [e["loc"] for e in real.json()["errors"]] == [
        ["body", "project_ids", 1],
        ["body", "project_ids", 2],
        ["body", "project_ids", 3],
    ]
    assert await _stages_of(container, case["running"]) == before
    bad_version = await client.post(
        url, json={"project_ids": [str(case["running"])], "to_version": 9}, headers=admin_headers
    )
    assert bad_version.status_code == 422
    assert bad_version.json()["errors"][0]["loc"] == ["body", "to_version"]


async def test_migrating_a_project_keeps_its_progress(
    client, container, admin, admin_headers, migration_case
) -> None:
    case = migration_case
    url = f"{TYPES}/{case['type']['id']}/migrations"
    body = {"project_ids": [str(case["running"])], "to_version": 2}
    resp = await client.post(
        url, json=body, headers={**admin_headers, "Idempotency-Key": "siirto-1"}
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["dry_run"] is False
    assert resp.json()["migrated"] == 1

    v2 = {
        s["key"]: s
        for s in case_stages(
            await client.get(f"{TYPES}/{case['type']['id']}/versions/2", headers=admin_headers)
        )
    }
    stages = await _stages_of(container, case["running"])
    assert [(s["key"], s["status"], s["position"]) for s in stages] == [
        ("contact", "done", 1),
        ("survey", "skipped", 2),
        ("offer", "in_progress", 3),
        ("send_contract", "not_started", 4),
        ("activate_billing", "not_started", 5),
    ]
    by_key = {s["key"]: s for s in stages}
    ids = case["stage_ids"]
    assert by_key["contact"]["id"] == ids["contact"]
    assert by_key["contact"]["completed_on"] == date(2026, 2, 2)
    assert by_key["contact"]["note"] == "muistio contact"
    assert by_key["offer"]["id"] == ids["offer"]
    assert by_key["offer"]["name"] == "Tarjous (uusi)"
    assert by_key["offer"]["is_customer_service"] is True
    assert by_key["offer"]["checklist"] == [
        {"item": "Kulutusarvio", "done": False},
        {"item": "Tarjous lähetetty", "done": True},
    ]
    assert by_key["offer"]["version"] == 2
    assert all(str(s["template_stage_id"]) == v2[s["key"]]["id"] for s in stages)
    assert by_key["survey"]["skip_reason"] == "added by template version 2"
    assert by_key["survey"]["due_date"] is None
    # The project's region is "Uusimaa"; the template names "uusimaa".
    assert str(by_key["activate_billing"]["responsible_team_id"]) == case["team_id"]
    assert by_key["activate_billing"]["responsible_user_id"] is None
    assert ids["old_step"] not in {s["id"] for s in stages}

    async with container.uow() as uow:
        project = (
            (
                await uow.session.execute(
                    sa.select(sales_projects).where(sales_projects.c.id == case["running"])
                )
            )
            .mappings()
            .one()
        )
        events = (
            (
                await uow.session.execute(
                    sa.select(project_events).where(project_events.c.project_id == case["running"])
                )
            )
            .mappings()
            .all()
        )
        audit = (
            (
                await uow.session.execute(
                    sa.select(audit_entries).where(
                        audit_entries.c.record_id == case["running"],
                        audit_entries.c.entity == "sales_project",
                    )
                )
            )
            .mappings()
            .all()
        )
        feed = (
            (
                await uow.session.execute(
                    sa.select(changes.c.data)
                    .where(changes.c.record_id == case["running"])
                    .order_by(changes.c.seq.desc())
                    .limit(1)
                )
            )
            .scalars()
            .one()
        )
    assert str(project["type_version_id"]) == case["v2_id"]
    assert project["version"] == 2
    assert project["current_stage_id"] == ids["offer"]
    assert [(e["kind"], e["by_id"]) for e in events] == [("migrated", admin.id)]
    assert events[0]["happened_on"] == datetime.now(ZoneInfo("Europe/Helsinki")).date()
    assert events[0]["data"]["from_version"] == 1
    assert events[0]["data"]["to_version"] == 2
    assert events[0]["data"]["dropped"] == ["old_step"]
    assert {a["field"] for a in audit} >= {"type_version_id"}
    # The changes feed carries the whole project, like every other write of one.
    assert feed["type_version_id"] == case["v2_id"]
    assert {"name", "account_id", "status", "owner_id"} <= set(feed)

    replay = await client.post(
        url, json=body, headers={**admin_headers, "Idempotency-Key": "siirto-1"}
    )
    assert replay.headers["idempotent-replayed"] == "true"
    # Migrating again to the version it has changes nothing.
    again = await client.post(url, json=body, headers=admin_headers)
    assert again.status_code == 200
    assert again.json()["migrated"] == 0
    assert again.json()["results"][0]["changes"] is None
    versions = await client.get(f"{TYPES}/{case['type']['id']}/versions", headers=admin_headers)
    assert [v["project_count"] for v in versions.json()["items"]] == [1, 1]


def case_stages(resp) -> list[dict[str, Any]]:
    assert resp.status_code == 200, resp.text
    return resp.json()["stages"]  # type: ignore[no-any-return]


async def test_a_started_stage_the_new_version_lacks_stays_as_an_extra_stage(
    client, container, admin, admin_headers, world, make_account
) -> None:
    kind = await make_type(
        client,
        admin_headers,
        key="solution",
        stages=[stage("needs", "Tarvekartoitus"), stage("workshop", "Työpaja")],
    )
    v1 = {s["key"]: s["id"] for s in kind["stages"]}
    account = await make_account(admin_headers)
    project, _ = await insert_project(
        container,
        type_id=kind["id"],
        version_id=await version_id_of(client, admin_headers, kind["id"], 1),
        account_id=account["id"],
        owner_id=admin.id,
        unit_id=world.root_id,
        stages=[
            ("needs", "done", v1["needs"], date(2026, 3, 2)),
            ("workshop", "done", v1["workshop"], date(2026, 3, 9)),
            ("handwritten", "in_progress", None, None),
        ],
        current="handwritten",
    )
    put = await put_stages(
        client,
        admin_headers,
        kind["id"],
        '"1"',
        [stage("needs", "Tarvekartoitus"), stage("proposal", "Ratkaisuehdotus")],
    )
    assert put.json()["outcome"] == "published"
    resp = await client.post(
        f"{TYPES}/{kind['id']}/migrations",
        json={"project_ids": [str(project)], "to_version": 2},
        headers=admin_headers,
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["results"][0]["changes"]["extra"] == ["workshop", "handwritten"]
    stages = await _stages_of(container, project)
    assert [(s["key"], s["status"], s["template_stage_id"] is None) for s in stages] == [
        ("needs", "done", False),
        ("workshop", "done", True),
        ("handwritten", "in_progress", True),
        ("proposal", "not_started", False),
    ]


# ------------------------------------------------------------------ the seed's types


async def test_the_default_types_are_created_once_with_their_stages(
    client, container, admin, admin_headers, make_user
) -> None:
    async with container.uow() as uow:
        created = await ensure_default_types(
            uow.session, container.clock, container.ids, {"*": admin.id}
        )
    async with container.uow() as uow:
        again = await ensure_default_types(
            uow.session, container.clock, container.ids, {"*": admin.id}
        )
    assert (created, again) == (4, 0)
    _, seller = await make_user("sales")
    resp = await client.get(TYPES, params={"sort": "key"}, headers=seller)
    assert resp.status_code == 200, resp.text
    types = {t["key"]: t for t in resp.json()["items"]}
    assert list(types) == ["gas_connection", "heat_connection", "parent_company", "solution"]
    gas = types["gas_connection"]
    assert gas["name"] == "Kaasuliittymämyynti"
    assert [s["name"] for s in gas["stages"] if s["is_customer_service"]] == [
        "Sopimuksen lähetys",
        "Allekirjoitetun sopimuksen vastaanotto",
        "Liittymismaksujen laskutus",
        "Laskutuksen aktivointi",
    ]
    assert [s["name"] for s in types["solution"]["stages"]] == [
        "Tarvekartoitus",
        "Ratkaisuehdotus",
        "Tarjous",
        "Neuvottelu",
        "Sopimus",
        "Käyttöönotto",
    ]
    assert [s["name"] for s in types["parent_company"]["stages"]] == [
        "Valmistelu",
        "Päätös",
        "Toteutus",
        "Seuranta",
    ]
    for kind in types.values():
        assert kind["current_version"] == 1
        assert kind["name_en"]
        assert kind["name_sv"]
        for s in kind["stages"]:
            assert s["name_en"]
            assert s["name_sv"]
            assert s["default_duration_days"] > 0
            assert s["responsibles"] == [{"region": "*", "user_id": str(admin.id), "team_id": None}]


# ------------------------------------------------------------------ with the projects API


async def test_a_project_made_through_the_projects_api_migrates(
    client, admin, admin_headers, make_account
) -> None:
    kind = await make_type(
        client,
        admin_headers,
        stages=[
            stage(
                "contact", "Yhteydenotto", responsibles=[{"region": "*", "user_id": str(admin.id)}]
            ),
            stage("offer", "Tarjous", checklist=["Tarjous lähetetty"]),
            stage("old_step", "Vanha vaihe"),
        ],
    )
    account = await make_account(admin_headers, region="Uusimaa")
    made = await client.post(
        f"{API}/sales-projects",
        json={
            "name": "Kaasuliittymä, Testitie 1",
            "account_id": account["id"],
            "project_type_id": kind["id"],
        },
        headers=admin_headers,
    )
    assert made.status_code == 201, made.text
    project = made.json()
    first = project["stages"][0]
    today = datetime.now(ZoneInfo("Europe/Helsinki")).date().isoformat()
    done = await client.post(
        f"{API}/sales-projects/{project['id']}/stages/{first['id']}/completion",
        json={"completed_on": today},
        headers={**admin_headers, "If-Match": made.headers["etag"]},
    )
    assert done.status_code == 200, done.text
    # The project uses version 1 now: replacing the stages publishes version 2.
    published = await put_stages(
        client,
        admin_headers,
        kind["id"],
        '"1"',
        [
            stage("contact", "Yhteydenotto"),
            stage("survey", "Kartoitus"),
            stage("offer", "Tarjous"),
            stage("send_contract", "Sopimuksen lähetys", is_customer_service=True),
        ],
    )
    assert published.json()["outcome"] == "published", published.text
    unchanged = await client.get(f"{API}/sales-projects/{project['id']}", headers=admin_headers)
    assert [s["key"] for s in unchanged.json()["stages"]] == ["contact", "offer", "old_step"]

    url = f"{TYPES}/{kind['id']}/migrations"
    body = {"project_ids": [project["id"]], "to_version": 2}
    dry = await client.post(url, params={"dry_run": True}, json=body, headers=admin_headers)
    assert dry.status_code == 200, dry.text
    assert dry.json()["results"][0]["changes"]["skipped"] == ["survey"]
    real = await client.post(url, json=body, headers=admin_headers)
    assert real.status_code == 200, real.text
    after = await client.get(f"{API}/sales-projects/{project['id']}", headers=admin_headers)
    assert after.status_code == 200, after.text
    stages = after.json()["stages"]
    assert [(s["key"], s["status"]) for s in stages] == [
        ("contact", "done"),
        ("survey", "skipped"),
        ("offer", stages[2]["status"]),
        ("send_contract", "not_started"),
    ]
    assert stages[2]["status"] in ("not_started", "in_progress")
    assert stages[2]["is_current"] is True
    assert stages[0]["completed_on"] == today
    assert stages[2]["checklist"] == []
