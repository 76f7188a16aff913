"""File exports of tables (reports, lists): XLSX with openpyxl and CSV for Finnish Excel.

CSV is UTF-8 with a byte order mark and `;` between fields (Excel in a Finnish locale uses
the comma as the decimal separator, so it expects semicolons, and without the BOM it reads
UTF-8 as Latin-1). Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
carriage return at the start) is prefixed with an apostrophe in CSV and stored as plain text
in XLSX. Numbers stay numbers in both.

The files are built in memory and returned as bytes: the tables exported here are reports of
at most a few hundred rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from fastapi import Response
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET_TITLE = 31  # Excel's limit

Cell = str | int | float | Decimal | date | datetime | None


@dataclass(frozen=True)
class ExportTable:
    """A title (the sheet name), a header row and data rows; the last `total_rows` rows are
    totals (bold in XLSX)."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    total_rows: int = 0
    column_widths: dict[int, float] = field(default_factory=dict)  # 0-based column → width


def _csv_cell(value: Cell) -> str | int | float | Decimal:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(table: ExportTable) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_csv_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(table: ExportTable) -> bytes:
    wb = Workbook()
    ws = wb.create_sheet(_sheet_title(table.title))
    wb.remove(wb.worksheets[0])
    bold = Font(bold=True)
    ws.append(list(table.headers))
    for cell in ws[1]:
        cell.font = bold
    first_total = len(table.rows) - table.total_rows
    for i, row in enumerate(table.rows):
        ws.append([None if v is None else v for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            if i >= first_total:
                cell.font = bold
    ws.freeze_panes = "B2"
    for col, header in enumerate(table.headers):
        width = table.column_widths.get(col, max(10.0, min(40.0, len(header) * 1.1)))
        ws.column_dimensions[get_column_letter(col + 1)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in title).strip() or "Sheet"
    return cleaned[:MAX_SHEET_TITLE]


def attachment(content: bytes, filename: str, media_type: str) -> Response:
    """The file as a download named `filename`."""
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        content=content,
        media_type=media_type,
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


FORMATS = {"xlsx": (to_xlsx, XLSX_MEDIA_TYPE), "csv": (to_csv, CSV_MEDIA_TYPE)}


def export(table: ExportTable, fmt: str, basename: str) -> Response:
    """`table` as an XLSX or CSV download named `<basename>.<fmt>`."""
    render, media_type = FORMATS[fmt]
    return attachment(render(table), f"{basename}.{fmt}", media_type)


def file_responses(fmt: str, description: str) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses` for an endpoint that returns an XLSX or a CSV file."""
    media_type = FORMATS[fmt][1].split(";")[0]
    schema: dict[str, str] = {"type": "string"}
    if fmt == "xlsx":
        schema["format"] = "binary"
    return {200: {"description": description, "content": {media_type: {"schema": schema}}}}
