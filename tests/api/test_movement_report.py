"""GET /reports/monthly-movement (+ .xlsx, .csv) on the scripted history of
tests/unit/test_movement_rules.py: every figure of three consecutive months checked against
the hand-computed table, per type, region and business unit; a month does not change when
later history arrives; callers see only their scope; exports have Finnish headers and need
the export privilege; future and malformed months are refused."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from test_movement_sql import Base, Project, insert_history, insert_types

from domain.sales.movement import FIGURES, Figures, add_months, last_day
from tests.unit.test_movement_rules import (
    EXPECTED_BY_TYPE,
    EXPECTED_CHANGES,
    EXPECTED_MARCH_BY_REGION,
    EXPECTED_MARCH_BY_UNIT,
    EXPECTED_TOTALS,
    SCRIPT,
    scripted_events,
)

pytestmark = pytest.mark.api

API = "/api/v1"
REPORT = f"{API}/reports/monthly-movement"
HKI = ZoneInfo("Europe/Helsinki")


def figures(body: dict[str, Any]) -> Figures:
    return Figures(*(body[name] for name in FIGURES))


@pytest.fixture
async def scripted(
    container: Any,
    client: Any,
    admin_headers: dict[str, str],
    make_unit: Any,
    make_user: Any,
    make_account: Any,
) -> dict[str, Any]:
    """The scripted history in units A and B; a salesperson, a manager and a read-only user
    in B; a salesperson in a third unit."""
    unit_a, unit_b = await make_unit("Yksikkö A"), await make_unit("Yksikkö B")
    unit_c = await make_unit("Yksikkö C")
    owner_a, _ = await make_user("sales", unit_a["id"])
    owner_b, sales_b = await make_user("sales", unit_b["id"])
    _, manager_b = await make_user("manager", unit_b["id"])
    _, reader_b = await make_user("read-only", unit_b["id"])
    _, sales_c = await make_user("sales", unit_c["id"])
    account = await make_account(admin_headers)
    async with container.engine.begin() as conn:
        types = await insert_types(conn, ["gas", "heat"])
    base = Base(
        account_id=UUID(account["id"]),
        units={"A": UUID(unit_a["id"]), "B": UUID(unit_b["id"])},
        owners={"A": UUID(owner_a["id"]), "B": UUID(owner_b["id"])},
        types=types,
    )
    projects = [Project(p.id, p.type, p.region, p.unit) for p in SCRIPT]
    return {
        "base": base,
        "projects": projects,
        "admin": admin_headers,
        "sales_b": sales_b,
        "manager_b": manager_b,
        "reader_b": reader_b,
        "sales_c": sales_c,
        "unit_a": unit_a,
        "unit_b": unit_b,
    }


async def load(container: Any, data: dict[str, Any], upto: date | None = None) -> None:
    """Insert the projects (first time) and the events with happened_on ≤ upto (or all the
    rest)."""
    events = scripted_events()
    first = "loaded" not in data
    loaded = data.get("loaded", set())
    chosen = [e for e in events if (upto is None or e.happened_on <= upto) and e.id not in loaded]
    async with container.engine.begin() as conn:
        await insert_history(conn, data["base"], data["projects"] if first else [], chosen)
    data["loaded"] = loaded | {e.id for e in chosen}


async def get(client: Any, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    resp = await client.get(REPORT, params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("month", sorted(EXPECTED_CHANGES))
async def test_every_figure_of_three_consecutive_months(
    container: Any, client: Any, scripted: dict[str, Any], month: date
) -> None:
    await load(container, scripted)
    body = await get(client, scripted["admin"], month=f"{month:%Y-%m}", group_by="type")
    previous = add_months(month, -1)
    assert body["month"] == f"{month:%Y-%m}"
    assert body["previous_month"] == f"{previous:%Y-%m}"
    assert body["complete"] is True
    assert body["as_of"] == str(last_day(month))
    total = body["total"]
    assert (total["key"], total["label"]) == (None, None)
    assert figures(total["current"]) == EXPECTED_TOTALS[month]
    assert figures(total["previous"]) == EXPECTED_TOTALS[previous]
    assert figures(total["change"]) == EXPECTED_CHANGES[month]
    # Per type, labelled with the type's names and sorted by them.
    gas, heat = scripted["base"].types["gas"][0], scripted["base"].types["heat"][0]
    rows = body["rows"]
    assert [(r["key"], r["label"], r["label_en"]) for r in rows] == [
        (str(gas), "Kaasuliittymämyynti", "Gas connection sales"),
        (str(heat), "Lämpöliittymämyynti", "Heat connection sales"),
    ]
    for row, key in zip(rows, ("gas", "heat"), strict=True):
        assert figures(row["current"]) == EXPECTED_BY_TYPE[month][key]
        assert figures(row["change"]) == figures(row["current"]) - figures(row["previous"])


async def test_per_region_and_per_business_unit(
    container: Any, client: Any, scripted: dict[str, Any]
) -> None:
    await load(container, scripted)
    by_region = await get(client, scripted["admin"], month="2026-03", group_by="region")
    assert {r["key"]: figures(r["current"]) for r in by_region["rows"]} == (
        EXPECTED_MARCH_BY_REGION
    )
    assert [r["label"] for r in by_region["rows"]] == ["Pirkanmaa", "Uusimaa", None]
    by_unit = await get(client, scripted["admin"], month="2026-03", group_by="business_unit")
    units = {scripted["unit_a"]["id"]: "A", scripted["unit_b"]["id"]: "B"}
    assert {units[r["key"]]: figures(r["current"]) for r in by_unit["rows"]} == (
        EXPECTED_MARCH_BY_UNIT
    )
    assert [r["label"] for r in by_unit["rows"]] == ["Yksikkö A", "Yksikkö B"]


async def test_a_month_does_not_change_when_later_history_arrives(
    container: Any, client: Any, scripted: dict[str, Any]
) -> None:
    await load(container, scripted, upto=date(2026, 1, 31))
    before = await get(client, scripted["admin"], month="2026-01")
    assert figures(before["total"]["current"]) == EXPECTED_TOTALS[date(2026, 1, 1)]
    await load(container, scripted)  # February, March and April happen
    after = await get(client, scripted["admin"], month="2026-01")
    assert after == before


async def test_callers_see_only_their_scope(
    container: Any, client: Any, scripted: dict[str, Any]
) -> None:
    await load(container, scripted)
    own_unit = await get(client, scripted["sales_b"], month="2026-03")
    assert figures(own_unit["total"]["current"]) == EXPECTED_MARCH_BY_UNIT["B"]
    other = await get(client, scripted["sales_c"], month="2026-03")
    assert other["rows"] == []
    assert figures(other["total"]["current"]) == Figures()


async def test_the_current_month_is_so_far_and_future_months_are_refused(
    container: Any, client: Any, scripted: dict[str, Any]
) -> None:
    today = datetime.now(UTC).astimezone(HKI).date()
    current = await get(client, scripted["admin"])
    assert current["month"] == f"{today:%Y-%m}"
    assert current["complete"] is False
    assert current["as_of"] == str(today)
    nxt = add_months(today.replace(day=1), 1)
    for month in (f"{nxt:%Y-%m}", "2999-01"):
        resp = await client.get(REPORT, params={"month": month}, headers=scripted["admin"])
        assert resp.status_code == 422, resp.text
        assert resp.headers["content-type"].startswith("application/problem+json")
        assert "future" in resp.text
    for bad in ("2026-13", "2026-1", "marraskuu", "2026-11-01", "0000-01", "1900-12"):
        resp = await client.get(REPORT, params={"month": bad}, headers=scripted["admin"])
        assert resp.status_code == 422, resp.text
    resp = await client.get(REPORT, params={"group_by": "owner"}, headers=scripted["admin"])
    assert resp.status_code == 422
    resp = await client.get(
        f"{REPORT}.xlsx", params={"month": f"{nxt:%Y-%m}"}, headers=scripted["admin"]
    )
    assert resp.status_code == 422


async def test_signed_in_only(client: Any, scripted: dict[str, Any]) -> None:
    for path in (REPORT, f"{REPORT}.xlsx", f"{REPORT}.csv"):
        assert (await client.get(path)).status_code == 401


HEADER_START = [
    "Kuukausi",
    "Projektityyppi",
    "Avoimet kuun lopussa",
    "Avoimet kuun lopussa, edellinen kuukausi",
    "Avoimet kuun lopussa, muutos",
    "Uudet",
]
FI_FIGURES = [
    "Avoimet kuun lopussa",
    "Uudet",
    "Edenneet",
    "Ei edenneet",
    "Valmistuneet",
    "Hävityt",
    "Peruutetut",
]


def expected_total_cells(month: date) -> list[Any]:
    current, previous = EXPECTED_TOTALS[month], EXPECTED_TOTALS[add_months(month, -1)]
    cells: list[Any] = [f"{month:%Y-%m}", "Yhteensä"]
    for name in FIGURES:
        now, before = getattr(current, name), getattr(previous, name)
        cells += [now, before, now - before]
    return cells


async def test_xlsx_export_with_finnish_headers(
    container: Any, client: Any, scripted: dict[str, Any]
) -> None:
    await load(container, scripted)
    resp = await client.get(
        f"{REPORT}.xlsx", params={"month": "2026-03"}, headers=scripted["admin"]
    )
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert resp.headers["content-disposition"].startswith(
        'attachment; filename="liikkuvuus-2026-03.xlsx"'
    )
    ws = load_workbook(io.BytesIO(resp.content)).active
    assert ws is not None
    assert ws.title == "Liikkuvuus 2026-03"
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = rows[0]
    assert header[: len(HEADER_START)] == HEADER_START
    assert [header[2 + 3 * i] for i in range(len(FI_FIGURES))] == FI_FIGURES
    assert [r[1] for r in rows[1:]] == ["Kaasuliittymämyynti", "Lämpöliittymämyynti", "Yhteensä"]
    assert rows[-1] == expected_total_cells(date(2026, 3, 1))
    assert rows[1][2:5] == [3, 5, -2]  # gas: open at end 3, 5 the month before


async def test_csv_export_for_finnish_excel(
    container: Any, client: Any, scripted: dict[str, Any]
) -> None:
    await load(container, scripted)
    resp = await client.get(
        f"{REPORT}.csv",
        params={"month": "2026-02", "group_by": "region"},
        headers=scripted["admin"],
    )
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"] == "text/csv; charset=utf-8"
    assert resp.headers["content-disposition"].startswith(
        'attachment; filename="liikkuvuus-2026-02.csv"'
    )
    assert resp.content.startswith(b"\xef\xbb\xbf")
    text = resp.content.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:2] == ["Kuukausi", "Alue"]
    assert rows[0][2::3] == FI_FIGURES
    assert [r[1] for r in rows[1:]] == ["Pirkanmaa", "Uusimaa", "(ei aluetta)", "Yhteensä"]
    assert rows[-1] == [str(v) for v in expected_total_cells(date(2026, 2, 1))]


async def test_exports_need_the_export_privilege_and_keep_the_scope(
    container: Any, client: Any, scripted: dict[str, Any]
) -> None:
    await load(container, scripted)
    for who in ("sales_b", "reader_b"):
        for ext in ("xlsx", "csv"):
            resp = await client.get(
                f"{REPORT}.{ext}", params={"month": "2026-03"}, headers=scripted[who]
            )
            assert resp.status_code == 403, (who, ext, resp.text)
            assert resp.headers["content-type"].startswith("application/problem+json")
        # Reading the report is allowed.
        assert (await client.get(REPORT, headers=scripted[who])).status_code == 200
    resp = await client.get(
        f"{REPORT}.csv", params={"month": "2026-03"}, headers=scripted["manager_b"]
    )
    assert resp.status_code == 200, resp.text
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig")), delimiter=";"))
    march_b = EXPECTED_MARCH_BY_UNIT["B"]
    assert rows[-1][2] == str(march_b.open_at_end)
    assert rows[-1][2::3] == [str(getattr(march_b, f)) for f in FIGURES]
