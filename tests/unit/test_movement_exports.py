"""The file exports (api/exports.py): CSV for Finnish Excel (BOM, `;`, CRLF), XLSX with bold
header and total rows, and text that a spreadsheet would run as a formula kept as text."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from api.exports import ExportTable, attachment, export, to_csv, to_xlsx

pytestmark = pytest.mark.unit

TABLE = ExportTable(
    title="Liikkuvuus 2026-11",
    headers=["Alue", "Uudet", "Uudet, muutos", "Päivä"],
    rows=[
        ['=HYPERLINK("http://x")', 3, -1, date(2026, 11, 2)],
        ["Pohjois-Pohjanmaa; Oulu", 0, 2, None],
        ["@SUM(A1)", 1, 0, None],
        ["Yhteensä", 4, 1, None],
    ],
    total_rows=1,
)


def test_csv_is_for_finnish_excel() -> None:
    data = to_csv(TABLE)
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Alue;Uudet;Uudet, muutos;Päivä"
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "3", "-1", "2026-11-02"]
    assert rows[2] == ["Pohjois-Pohjanmaa; Oulu", "0", "2", ""]  # quoted, not split
    assert rows[3][0] == "'@SUM(A1)"
    assert rows[4] == ["Yhteensä", "4", "1", ""]


def test_xlsx_keeps_numbers_and_formula_text_as_text() -> None:
    wb = load_workbook(io.BytesIO(to_xlsx(TABLE)))
    assert wb.sheetnames == ["Liikkuvuus 2026-11"]
    ws = wb.active
    assert ws is not None
    assert [c.value for c in ws[1]] == TABLE.headers
    assert all(c.font.bold for c in ws[1])
    assert ws["A2"].value == '=HYPERLINK("http://x")'
    assert ws["A2"].data_type == "s"
    assert (ws["B2"].value, ws["C2"].value) == (3, -1)
    assert ws["C2"].data_type == "n"
    assert not ws["A3"].font.bold
    assert all(c.font.bold for c in ws[5])  # the total row
    assert ws.freeze_panes == "B2"


def test_sheet_titles_are_cleaned_for_excel() -> None:
    long = ExportTable(title="Raportti: a/b [x] " + "y" * 40, headers=["a"], rows=[])
    wb = load_workbook(io.BytesIO(to_xlsx(long)))
    assert wb.sheetnames[0] == ("Raportti- a-b -x- " + "y" * 40)[:31]


def test_downloads_are_named() -> None:
    resp = export(TABLE, "csv", "liikkuvuus-2026-11")
    assert resp.media_type == "text/csv; charset=utf-8"
    assert resp.headers["content-disposition"] == (
        "attachment; filename=\"liikkuvuus-2026-11.csv\"; filename*=UTF-8''liikkuvuus-2026-11.csv"
    )
    odd = attachment(b"x", 'hävityt "2026".csv', "text/csv")
    assert odd.headers["content-disposition"] == (
        'attachment; filename="h?vityt _2026_.csv"; '
        "filename*=UTF-8''h%C3%A4vityt%20%222026%22.csv"
    )
