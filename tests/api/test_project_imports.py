"""Bulk import of running sales projects over HTTP: the template downloads, the dry run that
reports every row's problems, the atomic real run (stages, history, responsibles, due
dates), CSV and XLSX, privileges, accounts of other units, and hostile uploads. What was
stored is read back from the tables (the assertions only read)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import openpyxl
import pytest
import sqlalchemy as sa

from api import tabular
from domain.sales import imports
from domain.sales.model import due_date, today
from domain.shared import OfficeCalendar
from persistence.tables.sales import project_events, project_stages, sales_projects

pytestmark = pytest.mark.api

API = "/api/v1"
URL = f"{API}/imports/sales-projects"
PROBLEM = "application/problem+json"
BID, BID2, OTHER_UNITS_BID = "0112038-9", "2070751-3", "1572860-0"
KEYS = ("offer", "survey", "contract", "build", "billing")
CSV_HEADER = ";".join(imports.COLUMN_NAMES)


# ------------------------------------------------------------------ fixtures


@pytest.fixture
async def people(make_user, make_unit):
    seller, seller_h = await make_user("sales", name="Minna Myyjä")
    colleague, colleague_h = await make_user("sales", name="Kalle Kollega")
    north, _ = await make_user("sales", name="Pekka Pohjoinen")
    unit = await make_unit("Pohjoinen yksikkö")
    stranger, stranger_h = await make_user("sales", unit["id"], name="Sanna Muualta")
    manager, manager_h = await make_user("manager", name="Maija Päällikkö")
    return {
        "seller": (seller, seller_h),
        "colleague": (colleague, colleague_h),
        "north": (north, None),
        "stranger": (stranger, stranger_h),
        "manager": (manager, manager_h),
    }


@pytest.fixture
async def gas(client, admin_headers, people):
    """A gas connection type: five stages; the default responsible is Kalle, in the region
    Pohjanmaa it is Pekka."""
    kalle, pekka = people["colleague"][0]["id"], people["north"][0]["id"]
    body = {
        "key": "gas_connection",
        "name": "Kaasuliittymämyynti",
        "name_en": "Gas connection sale",
        "stages": [
            {
                "key": key,
                "name": f"Vaihe {key}",
                "name_en": f"Stage {key}",
                "default_duration_days": 5 * position,
                "is_customer_service": key == "billing",
                "checklist": ["Tarkista"] if key == "offer" else [],
                "responsibles": [
                    {"region": "*", "user_id": kalle},
                    {"region": "Pohjanmaa", "user_id": pekka},
                ],
            }
            for position, key in enumerate(KEYS, start=1)
        ],
    }
    resp = await client.post(f"{API}/project-types", json=body, headers=admin_headers)
    assert resp.status_code == 201, resp.text
    return resp.json()


@pytest.fixture
async def accounts(make_account, people):
    seller_h = people["seller"][1]
    mine = await make_account(seller_h, name="Kone Oyj", business_id=BID, region="Uusimaa")
    second = await make_account(seller_h, name="Lämpö Oy", business_id=BID2)
    theirs = await make_account(
        people["stranger"][1], name="Salainen Oy", business_id=OTHER_UNITS_BID
    )
    return {"mine": mine, "second": second, "theirs": theirs}


def row(**values: str) -> dict[str, str]:
    base = {
        "project_type": "gas_connection",
        "business_id": BID,
        "name": "Kaasuliittymä, Tehdaskatu 5",
        "region": "",
        "owner_email": "",
        "estimated_value": "12 500,50",
        "probability": "60",
        "expected_decision_date": "30.6.2030",
        "opened_on": "1.3.2024",
        "current_stage": "contract",
        "completed_stages": "offer=15.3.2024",
        "description": "",
    }
    return {**base, **values}


def csv_file(*rows: dict[str, str], sep: str = ";", bom: bool = True) -> bytes:
    out = io.StringIO()
    out.write(sep.join(imports.COLUMN_NAMES) + "\r\n")
    for values in rows:
        cells = [values.get(c, "") for c in imports.COLUMN_NAMES]
        out.write(sep.join(f'"{c}"' if sep in c or '"' in c else c for c in cells) + "\r\n")
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


def xlsx_file(*rows: dict[str, Any]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(imports.COLUMN_NAMES))
    for values in rows:
        sheet.append([values.get(c) for c in imports.COLUMN_NAMES])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    data: bytes,
    *,
    dry_run: bool,
    filename: str = "projects.csv",
    content_type: str = "text/csv",
    extra: dict[str, str] | None = None,
) -> httpx.Response:
    return await client.post(
        URL,
        params={"dry_run": str(dry_run).lower()},
        files={"file": (filename, data, content_type)},
        headers={**headers, **(extra or {})},
    )


async def count(container, table: sa.Table) -> int:
    async with container.engine.connect() as conn:
        return int(await conn.scalar(sa.select(sa.func.count()).select_from(table)))


async def nothing_stored(container) -> None:
    for table in (sales_projects, project_stages, project_events):
        assert await count(container, table) == 0, table.name


async def stored(container) -> list[dict[str, Any]]:
    """Every project with its stages (in order) and its history (in recorded order)."""
    async with container.engine.connect() as conn:
        projects = (
            (await conn.execute(sa.select(sales_projects).order_by(sales_projects.c.name)))
            .mappings()
            .all()
        )
        result = []
        for p in projects:
            stages = (
                (
                    await conn.execute(
                        sa.select(project_stages)
                        .where(project_stages.c.project_id == p["id"])
                        .order_by(project_stages.c.position)
                    )
                )
                .mappings()
                .all()
            )
            events = (
                (
                    await conn.execute(
                        sa.select(project_events)
                        .where(project_events.c.project_id == p["id"])
                        .order_by(project_events.c.at, project_events.c.id)
                    )
                )
                .mappings()
                .all()
            )
            result.append({**p, "stages": list(stages), "events": list(events)})
    return result


# ------------------------------------------------------------------ the template


async def test_the_templates_download_and_read_back(client, people, gas, accounts):
    headers = people["seller"][1]
    resp = await client.get(f"{URL}/template.xlsx", headers=headers)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == tabular.XLSX_TYPE
    assert "sales-projects-import.xlsx" in resp.headers["content-disposition"]
    table = tabular.read_table(resp.content, filename="t.xlsx", content_type=tabular.XLSX_TYPE)
    assert table.header == imports.COLUMN_NAMES
    assert table.rows == ()
    book = openpyxl.load_workbook(io.BytesIO(resp.content), read_only=True)
    stages = [r for r in book["Stages"].iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[3]) for r in stages] == [("gas_connection", k) for k in KEYS]

    resp = await client.get(f"{URL}/template.csv", headers=headers)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/csv")
    table = tabular.read_table(resp.content, filename="t.csv", content_type="text/csv")
    assert table.header == imports.COLUMN_NAMES

    # Filled in, the CSV template imports.
    filled = resp.content + csv_file(row(), bom=False).split(b"\r\n", 1)[1]
    done = await upload(client, headers, filled, dry_run=True)
    assert done.status_code == 200, done.text
    assert done.json()["problems"] == []


async def test_templates_need_the_create_privilege(client, make_user):
    _, reader = await make_user("read-only")
    for name in ("template.xlsx", "template.csv"):
        assert (await client.get(f"{URL}/{name}", headers=reader)).status_code == 403
        assert (await client.get(f"{URL}/{name}")).status_code == 401


# ------------------------------------------------------------------ dry run


async def test_a_dry_run_reports_every_problem_of_every_row_and_stores_nothing(
    client, container, people, gas, accounts
):
    data = csv_file(
        row(),  # row 2: fine
        row(  # row 3: four problems
            project_type="district_heat",
            business_id="1234567-8",
            estimated_value="12,500.00",
            opened_on="1.1.2099",
        ),
        row(name="Toinen", current_stage="design", completed_stages="offer=1.1.2099"),  # row 4
        row(name="Kolmas", business_id=OTHER_UNITS_BID),  # row 5: not visible to the seller
        row(name="kaasuliittymä,  TEHDASKATU 5"),  # row 6: same as row 2
        row(
            name="Neljäs",
            completed_stages="offer=1.5.2024;survey=1.4.2024;contract=2.5.2024",
        ),  # row 7: out of order, and the current stage listed as completed
        row(name="Viides", owner_email=people["colleague"][0]["email"]),  # row 8: no assign
    )
    resp = await upload(client, people["seller"][1], data, dry_run=True)
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert report["dry_run"] is True
    assert report["rows"] == 7
    assert report["valid"] == 1
    assert report["created"] == 0
    problems = [(p["row"], p["column"]) for p in report["problems"]]
    assert problems == [
        (3, "project_type"),
        (3, "business_id"),
        (3, "estimated_value"),
        (3, "opened_on"),
        (4, "current_stage"),
        (4, "completed_stages"),
        (5, "business_id"),
        (6, "name"),
        (7, "completed_stages"),
        (7, "completed_stages"),
        (8, "owner_email"),
    ]
    messages = {(p["row"], p["column"]): p["message"] for p in report["problems"]}
    assert messages[(5, "business_id")] == f"No such account: {OTHER_UNITS_BID}."
    assert messages[(6, "name")] == "Row 2 has the same project type, business ID and name."
    assert messages[(4, "current_stage")].startswith("Unknown stage 'design'")
    await nothing_stored(container)


async def test_a_clean_dry_run_checks_but_stores_nothing(client, container, people, gas, accounts):
    resp = await upload(client, people["seller"][1], csv_file(row()), dry_run=True)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"dry_run": True, "rows": 1, "valid": 1, "problems": [], "created": 0}
    await nothing_stored(container)


async def test_dry_run_is_the_default(client, container, people, gas, accounts):
    resp = await client.post(
        URL, files={"file": ("p.csv", csv_file(row()), "text/csv")}, headers=people["seller"][1]
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["dry_run"] is True
    await nothing_stored(container)


# ------------------------------------------------------------------ real run


async def test_the_real_run_creates_projects_with_their_stages_and_history(
    client, container, people, gas, accounts
):
    seller = people["seller"][0]
    kalle, pekka = people["colleague"][0]["id"], people["north"][0]["id"]
    data = csv_file(
        row(completed_stages="offer=15.3.2024"),
        row(
            business_id=BID2,
            name="Lämpöprojekti",
            region="Pohjanmaa",
            current_stage="build",
            completed_stages="survey=2024-04-02;offer=2024-03-20",
            estimated_value="",
            probability="",
            expected_decision_date="",
            description="Vanhasta järjestelmästä",
        ),
        row(name="Alussa", current_stage="Stage offer", completed_stages="", opened_on="2.1.2025"),
    )
    resp = await upload(client, people["seller"][1], data, dry_run=False)
    assert resp.status_code == 201, resp.text
    assert resp.json() == {"dry_run": False, "rows": 3, "valid": 3, "problems": [], "created": 3}

    projects = {p["name"]: p for p in await stored(container)}
    assert set(projects) == {"Kaasuliittymä, Tehdaskatu 5", "Lämpöprojekti", "Alussa"}
    calendar = OfficeCalendar()

    first = projects["Kaasuliittymä, Tehdaskatu 5"]
    assert first["status"] == "open"
    assert first["account_id"] == _uuid(accounts["mine"]["id"])
    assert first["project_type_id"] == _uuid(gas["id"])
    assert first["owner_id"] == _uuid(seller["id"])
    assert first["business_unit_id"] == _uuid(seller["business_unit_id"])
    assert first["region"] == "Uusimaa"  # the account's
    assert Decimal(first["estimated_value"]) == Decimal("12500.50")
    assert first["probability"] == 60
    assert first["expected_decision_date"] == date(2030, 6, 30)
    assert first["opened_on"] == date(2024, 3, 1)
    assert first["last_progress_on"] == date(2024, 3, 15)
    stages = first["stages"]
    assert [(s["key"], s["status"]) for s in stages] == [
        ("offer", "done"),
        ("survey", "skipped"),
        ("contract", "in_progress"),
        ("build", "not_started"),
        ("billing", "not_started"),
    ]
    assert stages[0]["completed_on"] == date(2024, 3, 15)
    assert stages[0]["checklist"] == [{"item": "Tarkista", "done": False}]
    assert stages[1]["skip_reason"] == "imported without a date"
    current = stages[2]
    assert first["current_stage_id"] == current["id"]
    assert current["responsible_user_id"] == _uuid(kalle)
    assert current["due_date"] == due_date(calendar, date(2024, 3, 15), 15)
    assert today(current["started_at"]) == date(2024, 3, 15)
    assert [(e["kind"], e["happened_on"], e["stage_id"]) for e in first["events"]] == [
        ("opened", date(2024, 3, 1), None),
        ("stage_completed", date(2024, 3, 15), stages[0]["id"]),
        ("stage_skipped", date(2024, 3, 15), stages[1]["id"]),
        ("stage_started", date(2024, 3, 15), current["id"]),
    ]
    opened = first["events"][0]
    assert opened["data"]["imported"] is True
    assert opened["by_id"] == _uuid(seller["id"])
    assert first["events"][2]["data"]["reason"] == "imported without a date"

    second = projects["Lämpöprojekti"]
    assert second["region"] == "Pohjanmaa"
    assert second["estimated_value"] is None
    assert second["description"] == "Vanhasta järjestelmästä"
    assert [(s["key"], s["status"], s["completed_on"]) for s in second["stages"]] == [
        ("offer", "done", date(2024, 3, 20)),
        ("survey", "done", date(2024, 4, 2)),
        ("contract", "skipped", None),
        ("build", "in_progress", None),
        ("billing", "not_started", None),
    ]
    build = second["stages"][3]
    assert build["responsible_user_id"] == _uuid(pekka)  # the region's responsible
    assert build["due_date"] == due_date(calendar, date(2024, 4, 2), 20)
    assert second["stages"][4]["responsible_user_id"] == _uuid(pekka)  # planned
    assert [e["kind"] for e in second["events"]] == [
        "opened",
        "stage_completed",
        "stage_completed",
        "stage_skipped",
        "stage_started",
    ]

    fresh = projects["Alussa"]
    assert [s["status"] for s in fresh["stages"]] == ["in_progress"] + ["not_started"] * 4
    assert fresh["last_progress_on"] is None
    assert fresh["stages"][0]["due_date"] == due_date(calendar, date(2025, 1, 2), 5)
    assert [(e["kind"], e["happened_on"]) for e in fresh["events"]] == [
        ("opened", date(2025, 1, 2)),
        ("stage_started", date(2025, 1, 2)),
    ]


async def test_the_real_run_stores_nothing_when_any_row_has_a_problem(
    client, container, people, gas, accounts
):
    data = csv_file(row(), row(name="Toinen"), row(name="Kolmas", probability="kuusikymmentä"))
    resp = await upload(client, people["seller"][1], data, dry_run=False)
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"] == PROBLEM
    body = resp.json()
    assert body["detail"] == "1 problem(s) in 1 row(s): nothing was imported."
    assert body["dry_run"] is False
    assert (body["rows"], body["valid"], body["created"]) == (3, 2, 0)
    assert [(p["row"], p["column"]) for p in body["problems"]] == [(4, "probability")]
    # The same report as the dry run's.
    dry = await upload(client, people["seller"][1], data, dry_run=True)
    assert dry.json()["problems"] == body["problems"]
    await nothing_stored(container)


async def test_xlsx_imports_like_csv(client, container, people, gas, accounts):
    data = xlsx_file(
        {
            **row(),
            "estimated_value": 12500.5,
            "probability": 0.6,  # shown as 60 % below
            "opened_on": date(2024, 3, 1),
            "expected_decision_date": None,
            "completed_stages": "offer=15.3.2024",
        }
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    probability = imports.COLUMN_NAMES.index("probability") + 1
    book.active.cell(row=2, column=probability).number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    resp = await upload(
        client,
        people["seller"][1],
        buffer.getvalue(),
        dry_run=False,
        filename="projects.xlsx",
        content_type=tabular.XLSX_TYPE,
    )
    assert resp.status_code == 201, resp.text
    (project,) = await stored(container)
    assert Decimal(project["estimated_value"]) == Decimal("12500.50")
    assert project["probability"] == 60
    assert project["opened_on"] == date(2024, 3, 1)
    assert project["expected_decision_date"] is None


async def test_comma_separated_csv_without_bom(client, container, people, gas, accounts):
    data = csv_file(row(completed_stages="offer=15.3.2024"), sep=",", bom=False)
    resp = await upload(client, people["seller"][1], data, dry_run=False)
    assert resp.status_code == 201, resp.text
    assert Decimal((await stored(container))[0]["estimated_value"]) == Decimal("12500.50")


async def test_importing_the_same_file_twice_does_not_duplicate(
    client, container, people, gas, accounts
):
    data = csv_file(row())
    assert (await upload(client, people["seller"][1], data, dry_run=False)).status_code == 201
    again = await upload(client, people["seller"][1], data, dry_run=False)
    assert again.status_code == 422
    assert [p["message"] for p in again.json()["problems"]] == [
        "The account already has a gas_connection project named 'Kaasuliittymä, Tehdaskatu 5'."
    ]
    assert await count(container, sales_projects) == 1


async def test_an_idempotency_key_replays_the_import(client, container, people, gas, accounts):
    data = csv_file(row())
    key = {"Idempotency-Key": "import-2024-03"}
    first = await upload(client, people["seller"][1], data, dry_run=False, extra=key)
    second = await upload(client, people["seller"][1], data, dry_run=False, extra=key)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.json() == first.json()
    assert await count(container, sales_projects) == 1


async def test_projects_may_be_given_to_others_with_the_assign_privilege(
    client, container, people, gas, accounts
):
    colleague = people["colleague"][0]
    data = csv_file(row(owner_email=colleague["email"].upper()))
    refused = await upload(client, people["seller"][1], data, dry_run=False)
    assert refused.status_code == 422
    assert [p["column"] for p in refused.json()["problems"]] == ["owner_email"]
    # A manager assigns within the unit (and reads the seller's accounts).
    resp = await upload(client, people["manager"][1], data, dry_run=False)
    assert resp.status_code == 201, resp.text
    (project,) = await stored(container)
    assert project["owner_id"] == _uuid(colleague["id"])
    assert project["created_by"] == _uuid(people["manager"][0]["id"])


async def test_another_units_user_sees_no_such_account(client, container, people, gas, accounts):
    resp = await upload(client, people["stranger"][1], csv_file(row()), dry_run=True)
    assert resp.status_code == 200
    assert resp.json()["problems"] == [
        {"row": 2, "column": "business_id", "message": f"No such account: {BID}."}
    ]
    own = await upload(
        client, people["stranger"][1], csv_file(row(business_id=OTHER_UNITS_BID)), dry_run=True
    )
    assert own.json()["problems"] == []


async def test_importing_needs_the_create_privilege(client, container, make_user, gas):
    _, reader = await make_user("read-only")
    resp = await upload(client, reader, csv_file(row()), dry_run=True)
    assert resp.status_code == 403
    assert (await upload(client, {}, csv_file(row()), dry_run=True)).status_code == 401


async def test_imported_projects_count_as_new_in_the_month_they_opened(
    client, container, people, gas, accounts
):
    """The history starts with an `opened` event on `opened_on` (no `imported` kind), so the
    monthly movement report counts the project as new in January 2025, progressed in
    February, and open (not progressed) in March."""
    data = csv_file(row(opened_on="10.1.2025", completed_stages="offer=20.2.2025"))
    headers = people["seller"][1]
    assert (await upload(client, headers, data, dry_run=False)).status_code == 201
    (project,) = await stored(container)
    openings = [e for e in project["events"] if e["kind"] in ("opened", "imported")]
    assert [(e["kind"], e["happened_on"]) for e in openings] == [("opened", date(2025, 1, 10))]

    async def figures(month: str) -> dict[str, int]:
        resp = await client.get(
            f"{API}/reports/monthly-movement", params={"month": month}, headers=headers
        )
        assert resp.status_code == 200, resp.text
        return resp.json()["total"]["current"]  # type: ignore[no-any-return]

    december, january, february, march = [
        await figures(m) for m in ("2024-12", "2025-01", "2025-02", "2025-03")
    ]
    assert (december["new"], december["open_at_end"]) == (0, 0)
    assert (january["new"], january["open_at_end"], january["progressed"]) == (1, 1, 0)
    assert (february["new"], february["progressed"]) == (0, 1)
    assert (march["open_at_end"], march["not_progressed"]) == (1, 1)


# ------------------------------------------------------------------ atomicity


async def test_a_failure_on_the_last_row_leaves_nothing(
    app, container, people, gas, accounts, monkeypatch
):
    """The last project fails while being written (after the others were): the transaction
    is rolled back whole."""
    original = imports.create_planned

    async def failing(uow, rt, principal, plan):
        project = await original(uow, rt, principal, plan)
        if plan.row == 4:
            raise RuntimeError("the disk is full")
        return project

    monkeypatch.setattr(imports, "create_planned", failing)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        data = csv_file(row(), row(name="Toinen"), row(name="Kolmas"))
        resp = await upload(client, people["seller"][1], data, dry_run=False)
    assert resp.status_code == 500
    await nothing_stored(container)


async def test_a_database_constraint_on_the_last_row_leaves_nothing(
    app, container, people, gas, accounts, monkeypatch
):
    """The last project points at an account that does not exist: the foreign key refuses
    it, after the other rows were inserted."""
    import dataclasses
    import uuid

    original = imports.create_planned

    async def dangling(uow, rt, principal, plan):
        if plan.row == 4:
            plan = dataclasses.replace(
                plan, account=dataclasses.replace(plan.account, id=uuid.uuid4())
            )
        return await original(uow, rt, principal, plan)

    monkeypatch.setattr(imports, "create_planned", dangling)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        data = csv_file(row(), row(name="Toinen"), row(name="Kolmas"))
        resp = await upload(client, people["seller"][1], data, dry_run=False)
    assert resp.status_code == 500
    await nothing_stored(container)


# ------------------------------------------------------------------ hostile input


@pytest.mark.parametrize(
    ("data", "filename", "content_type", "status", "detail"),
    [
        (b"\x00\x01\x02\xff\xfe garbage", "p.csv", "text/csv", 422, "binary data"),
        (bytes(range(256)) * 40, "p.bin", "application/octet-stream", 415, "Upload a .csv"),
        (b"name\nA\n", "p.png", "image/png", 415, "Upload a .csv or .xlsx file"),
        (b"name\nA\n", "p.csv", "image/png", 415, "is not a CSV or XLSX file"),
        (b"PK\x03\x04" + b"\x00" * 300, "p.xlsx", tabular.XLSX_TYPE, 422, "not a valid XLSX"),
        (b"", "p.csv", "text/csv", 422, "The file is empty."),
        (CSV_HEADER.encode() + b"\r\n", "p.csv", "text/csv", 422, "no data rows"),
        ("name\nÄ\n".encode("cp1252"), "p.csv", "text/csv", 422, "not UTF-8"),
    ],
)
@pytest.mark.parametrize("dry_run", [True, False])
async def test_hostile_files_are_refused_and_nothing_is_stored(
    client, container, people, gas, accounts, data, filename, content_type, status, detail, dry_run
):
    resp = await upload(
        client,
        people["seller"][1],
        data,
        dry_run=dry_run,
        filename=filename,
        content_type=content_type,
    )
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"] == PROBLEM
    assert detail in resp.json()["detail"]
    await nothing_stored(container)


async def test_more_than_10000_rows_are_refused(client, container, people, gas, accounts):
    line = ";".join(row(name="P").get(c, "") for c in imports.COLUMN_NAMES)
    lines = [line.replace(";P;", f";P{i};", 1) for i in range(10_001)]
    data = (CSV_HEADER + "\n" + "\n".join(lines) + "\n").encode()
    assert len(data) < 5 * 1024 * 1024
    resp = await upload(client, people["seller"][1], data, dry_run=False)
    assert resp.status_code == 422, resp.text
    assert "more than 10,000 data rows" in resp.json()["detail"]
    await nothing_stored(container)


async def test_a_file_over_5_mb_is_413(client, container, people, gas, accounts):
    data = (CSV_HEADER + "\n").encode() + b"x" * (5 * 1024 * 1024 + 1)
    resp = await upload(client, people["seller"][1], data, dry_run=True)
    assert resp.status_code == 413, resp.text
    assert resp.headers["content-type"] == PROBLEM
    await nothing_stored(container)


async def test_a_body_that_is_not_multipart_is_415(client, container, people):
    headers = people["seller"][1]
    resp = await client.post(
        URL, content=csv_file(row()), headers={**headers, "Content-Type": "text/csv"}
    )
    assert resp.status_code == 415
    resp = await client.post(URL, json={"file": "x"}, headers=headers)
    assert resp.status_code == 415
    await nothing_stored(container)


async def test_a_multipart_body_without_the_file_field_is_422(client, people):
    resp = await client.post(
        URL, files={"upload": ("p.csv", csv_file(row()), "text/csv")}, headers=people["seller"][1]
    )
    assert resp.status_code == 422
    assert "field named 'file'" in resp.json()["detail"]
    resp = await client.post(
        URL, data={"file": "not a file"}, files={"x": ("a", b"b")}, headers=people["seller"][1]
    )
    assert resp.status_code == 422


async def test_a_broken_multipart_body_is_400(client, people):
    resp = await client.post(
        URL,
        content=b'--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
        headers={**people["seller"][1], "Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert resp.status_code in (400, 422), resp.text
    assert resp.headers["content-type"] == PROBLEM


def _uuid(value: str):
    import uuid

    return uuid.UUID(value)
