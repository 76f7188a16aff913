"""Reading and writing small tables: uploaded CSV and XLSX files as rows of strings.

Uploads are hostile until proven otherwise, so every step has a limit: the caller caps the
upload's bytes; an XLSX (a zip) is refused when its parts would unpack to more than
`MAX_XLSX_UNPACKED` bytes (Python's zipfile never reads past a part's declared size, so
the declared sizes bound the work) or when it has suspiciously many parts; cells are at
most `MAX_CELL_CHARS` characters; rows at most `MAX_COLUMNS` wide; and reading stops as
soon as there are more data rows than the caller allows. Formulas are never evaluated: an
XLSX cell yields the value the spreadsheet program last saved for it (nothing when there is
none). The parsing runs synchronously; call it in a worker thread.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Literal

import openpyxl
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

Format = Literal["csv", "xlsx"]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv"
MAX_CELL_CHARS = 10_000
MAX_COLUMNS = 100
MAX_XLSX_UNPACKED = 64 * 1024 * 1024
MAX_XLSX_PARTS = 500

# What browsers and tools send for each kind of file. "application/vnd.ms-excel" is what
# Windows calls a .csv file; octet-stream is what clients send when they do not know.
_GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})
_CONTENT_TYPES: dict[Format, frozenset[str]] = {
    "csv": frozenset(
        {"text/csv", "text/plain", "application/csv", "text/x-csv", "application/vnd.ms-excel"}
    ),
    "xlsx": frozenset({XLSX_TYPE, "application/zip", "application/x-zip-compressed"}),
}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


class TabularError(Exception):
    """The file cannot be read as a table. `status` is the HTTP status it deserves (415 for
    a kind of file we do not read, 422 for a broken or oversized one)."""

    def __init__(self, detail: str, status: int = 422) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


class TooManyRows(TabularError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"The file has more than {limit:,} data rows; split it into parts.")


@dataclass(frozen=True)
class Row:
    """One non-blank data row: its number as the spreadsheet shows it (the header is row 1
    when it is the first line) and its cells, trimmed, as strings ("" for an empty cell)."""

    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    header_row: int = 1


def detect_format(data: bytes, filename: str | None, content_type: str | None) -> Format:
    """CSV or XLSX, from the bytes, checked against the file name and declared type: a
    mismatch or another kind of file is refused (415)."""
    name = (filename or "").lower()
    declared = (content_type or "").split(";")[0].strip().lower()
    if data.startswith(_OLE_MAGIC) or name.endswith(".xls"):
        raise TabularError(
            "Old .xls workbooks are not read: save the file as .xlsx or CSV (UTF-8).", 415
        )
    fmt: Format = "xlsx" if data.startswith(_ZIP_MAGIC) else "csv"
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension and extension not in ("csv", "txt", "xlsx"):
        raise TabularError(f"Upload a .csv or .xlsx file, not .{extension[:20]}.", 415)
    if extension == "xlsx" and fmt != "xlsx":
        raise TabularError("The file is named .xlsx but is not an XLSX workbook.")
    if extension in ("csv", "txt") and fmt != "csv":
        raise TabularError("The file is named .csv but is a zip archive (an XLSX workbook?).")
    if declared not in _GENERIC_TYPES and declared not in _CONTENT_TYPES[fmt]:
        raise TabularError(
            f"Content type {declared[:100]!r} is not a CSV or XLSX file "
            f"(send {CSV_TYPE} or {XLSX_TYPE}).",
            415,
        )
    return fmt


def read_table(
    data: bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    max_rows: int = 10_000,
) -> Table:
    """The first sheet (XLSX) or the file (CSV) as a header and its non-blank data rows."""
    if not data.strip():
        raise TabularError("The file is empty.")
    fmt = detect_format(data, filename, content_type)
    lines = _xlsx_rows(data) if fmt == "xlsx" else _csv_rows(data)
    return _table(lines, max_rows)


# ------------------------------------------------------------------ shaping rows


def _table(lines: Iterable[tuple[int, Sequence[str]]], max_rows: int) -> Table:
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[Row] = []
    for number, raw in lines:
        cells = _trimmed(raw, number)
        if not any(cells):
            continue
        if header is None:
            header, header_row = cells, number
            continue
        if len(rows) >= max_rows:
            raise TooManyRows(max_rows)
        rows.append(Row(number, cells))
    if header is None:
        raise TabularError("The file has no header row.")
    return Table(header=header, rows=tuple(rows), header_row=header_row)


def _trimmed(raw: Sequence[str], number: int) -> tuple[str, ...]:
    cells = [cell.strip() for cell in raw]
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) > MAX_COLUMNS:
        raise TabularError(f"Row {number} has more than {MAX_COLUMNS} columns.")
    for cell in cells:
        if len(cell) > MAX_CELL_CHARS:
            raise TabularError(
                f"Row {number} has a cell longer than {MAX_CELL_CHARS:,} characters."
            )
    return tuple(cells)


# ------------------------------------------------------------------ CSV


def _csv_rows(data: bytes) -> Iterator[tuple[int, Sequence[str]]]:
    if b"\x00" in data:
        raise TabularError("The file is not a CSV text file (it contains binary data).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TabularError(
            "The CSV file is not UTF-8 text: in Excel, save it as 'CSV UTF-8'."
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # csv's field limit is process-wide (128 KiB by default): cells are checked after reading,
    # and the whole upload is bounded by the caller.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    number = 0
    try:
        for record in reader:
            number += 1
            yield number, record
    except csv.Error as exc:
        raise TabularError(f"Row {number + 1} cannot be read as CSV: {exc}.") from exc


# ------------------------------------------------------------------ XLSX


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TabularError("The file is not a valid XLSX workbook.") from exc
    if len(parts) > MAX_XLSX_PARTS:
        raise TabularError("The workbook has too many parts to be a plain table.")
    if sum(p.file_size for p in parts) > MAX_XLSX_UNPACKED:
        raise TabularError(
            f"The workbook unpacks to more than {MAX_XLSX_UNPACKED // (1024 * 1024)} MB."
        )


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, Sequence[str]]]:
    _check_zip(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about features it drops
        try:
            # data_only: a formula cell gives its saved value; nothing is ever evaluated.
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        except Exception as exc:  # any failure to open means a broken workbook
            raise TabularError("The file is not a valid XLSX workbook.") from exc
        try:
            if not book.worksheets:
                raise TabularError("The workbook has no sheets.")
            sheet = book.worksheets[0]
            if not isinstance(sheet, ReadOnlyWorksheet):
                raise TabularError("The first sheet of the workbook is not a worksheet.")
            try:
                for number, row in enumerate(sheet.iter_rows(), start=1):
                    if len(row) > MAX_COLUMNS and any(
                        getattr(c, "value", None) is not None for c in row[MAX_COLUMNS:]
                    ):
                        raise TabularError(f"Row {number} has more than {MAX_COLUMNS} columns.")
                    yield number, [_cell_text(c) for c in row[:MAX_COLUMNS]]
            except TabularError:
                raise
            except Exception as exc:  # broken sheet XML and the like
                raise TabularError("The workbook's first sheet cannot be read.") from exc
        finally:
            book.close()


def _cell_text(cell: Any) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            return str(value)
        if "%" in str(getattr(cell, "number_format", "") or ""):
            return f"{_plain(number * 100)} %"
        return _plain(number)
    return str(value)


def _plain(number: Decimal) -> str:
    """A number without exponent or trailing zeros: 12500.5, 60, 0.00001."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# ------------------------------------------------------------------ writing (templates)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]] = ()) -> bytes:
    """Semicolon-separated UTF-8 with a BOM: what Excel in Finland opens as columns."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> bytes:
    """A workbook with the given sheets (title, rows); the first row of each is bold."""
    book = openpyxl.Workbook()
    first = True
    for title, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None  # noqa: S101 - a new workbook has an active sheet
        first = False
        sheet.title = title
        for row in rows:
            sheet.append(list(row))
        for cell in sheet[1] if rows else ():
            cell.font = openpyxl.styles.Font(bold=True)
        for column in sheet.columns:
            width = max((len(str(c.value or "")) for c in column), default=10)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
