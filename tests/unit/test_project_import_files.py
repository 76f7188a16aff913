"""Reading uploaded tables (api.tabular): CSV with either separator and with or without a
BOM, XLSX values (never formulas), row numbers, blank rows, and hostile files: binary
garbage, wrong types, zip bombs, huge cells, too many columns or rows."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from api import tabular
from api.tabular import TabularError, TooManyRows, read_table

pytestmark = pytest.mark.unit


def xlsx(*rows: tuple[object, ...], extra_sheet: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    if extra_sheet:
        book.create_sheet("Other").append(["not", "read"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ CSV


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("sep", [";", ","])
def test_csv_with_either_separator_and_with_or_without_bom(bom, sep):
    text = f"name{sep}opened_on\nÄänekosken Lämpö{sep}1.3.2024\n"
    t = read_table(bom + text.encode(), filename="projects.csv", content_type="text/csv")
    assert t.header == ("name", "opened_on")
    assert [(r.number, r.cells) for r in t.rows] == [(2, ("Äänekosken Lämpö", "1.3.2024"))]


def test_csv_quoted_cells_may_hold_separators_and_line_breaks():
    data = 'name;completed_stages;x\r\n"A; B";"offer=1.3.2024;survey=2.3.2024";\r\n\r\n"C\nD";;\r\n'
    t = read_table(data.encode(), filename="a.csv")
    assert [(r.number, r.cells) for r in t.rows] == [
        (2, ("A; B", "offer=1.3.2024;survey=2.3.2024")),  # trailing empty cells are dropped
        (4, ("C\nD",)),  # the blank record 3 is skipped, the numbering is kept
    ]


def test_a_semicolon_header_with_commas_in_names_is_still_semicolon_separated():
    t = read_table(b"a;b;c\n1,5;2;3\n")
    assert t.rows[0].cells == ("1,5", "2", "3")


def test_leading_blank_lines_move_the_header():
    t = read_table(b"\n\nname;x\nA;1\n")
    assert t.header_row == 3
    assert t.rows[0].number == 4


def test_csv_must_be_utf8():
    with pytest.raises(TabularError, match="not UTF-8 text"):
        read_table("name\nÄänekoski\n".encode("cp1252"), filename="a.csv")


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02garbage\xff\xfe", bytes(range(256)) * 10, b"\x89PNG\r\n\x1a\n\x00\x00"]
)
def test_binary_garbage_is_refused(data):
    with pytest.raises(TabularError) as caught:
        read_table(data, filename="projects.csv", content_type="text/csv")
    assert caught.value.status == 422


@pytest.mark.parametrize("data", [b"", b"   \n\r\n  ", b";;;\n;;\n", b",,\n\n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(TabularError, match=r"empty|no header"):
        read_table(data)


def test_a_header_only_file_has_no_rows():
    t = read_table(b"name;opened_on\r\n")
    assert t.header == ("name", "opened_on")
    assert t.rows == ()


def test_huge_cells_are_refused():
    with pytest.raises(TabularError, match="Row 2 has a cell longer than 10,000"):
        read_table(b"name\n" + b"x" * 10_001 + b"\n")
    with pytest.raises(TabularError, match="cannot be read as CSV"):
        read_table(b"name\n" + b"x" * 200_000 + b"\n")  # beyond csv's own field limit


def test_too_many_columns_are_refused():
    with pytest.raises(TabularError, match="more than 100 columns"):
        read_table((";".join(["h"] * 101) + "\n").encode())


def test_reading_stops_at_the_row_limit():
    data = b"name\n" + b"".join(b"p%d\n" % i for i in range(11))
    assert len(read_table(data, max_rows=11).rows) == 11
    with pytest.raises(TooManyRows, match="more than 10 data rows"):
        read_table(data, max_rows=10)


# ------------------------------------------------------------------ the kind of file


@pytest.mark.parametrize(
    ("filename", "content_type"),
    [
        ("projects.png", "image/png"),
        ("projects.csv", "image/png"),
        ("projects.csv", "application/pdf"),
        ("projects.pdf", "application/octet-stream"),
        ("projects.xls", "application/vnd.ms-excel"),
    ],
)
def test_other_kinds_of_file_are_415(filename, content_type):
    with pytest.raises(TabularError) as caught:
        read_table(b"name\nA\n", filename=filename, content_type=content_type)
    assert caught.value.status == 415


def test_an_old_xls_workbook_is_415_whatever_its_name():
    with pytest.raises(TabularError, match=r"Old \.xls") as caught:
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, filename="p.csv")
    assert caught.value.status == 415


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"name\nA\n", "p.xlsx", "named .xlsx but is not an XLSX"),
        (xlsx(("name",), ("A",)), "p.csv", "named .csv but is a zip"),
    ],
)
def test_a_name_that_lies_about_the_content_is_refused(data, filename, message):
    with pytest.raises(TabularError, match=message):
        read_table(data, filename=filename)


@pytest.mark.parametrize(
    "content_type",
    [None, "", "text/csv; charset=utf-8", "application/vnd.ms-excel", "application/octet-stream"],
)
def test_the_usual_csv_content_types_are_accepted(content_type):
    assert read_table(b"a\n1\n", filename="p.csv", content_type=content_type).rows


# ------------------------------------------------------------------ XLSX


def test_xlsx_values_are_read_as_text():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "opened_on", "value", "probability", "count", "formula", "empty"])
    sheet.append(["  A  ", datetime(2024, 3, 1), 12500.5, 0.6, 3, "=1+1", None])
    sheet["D2"].number_format = "0%"
    sheet.append([])
    sheet.append(["B", date(2024, 3, 2), 1e-05, 1, True])
    buffer = io.BytesIO()
    book.save(buffer)
    t = read_table(buffer.getvalue(), filename="p.xlsx", content_type=tabular.XLSX_TYPE)
    assert t.header == ("name", "opened_on", "value", "probability", "count", "formula", "empty")
    assert [(r.number, r.cells) for r in t.rows] == [
        # A formula is never evaluated: without a value saved by Excel it reads as empty.
        (2, ("A", "2024-03-01", "12500.5", "60 %", "3")),
        (4, ("B", "2024-03-02", "0.00001", "1", "TRUE")),
    ]


def test_only_the_first_sheet_is_read():
    t = read_table(xlsx(("name",), ("A",), extra_sheet=True), filename="p.xlsx")
    assert t.header == ("name",)
    assert [r.cells for r in t.rows] == [("A",)]


def test_a_saved_formula_value_is_read_not_the_formula():
    data = xlsx(("name", "value"), ("A", "=SUM(1,2)"))
    # Put a cached value on the formula, as Excel does when it saves.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<f>SUM(1,2)</f><v></v>" in sheet or "<f>SUM(1,2)</f><v />" in sheet
    sheet = sheet.replace("<f>SUM(1,2)</f><v></v>", "<f>SUM(1,2)</f><v>3</v>").replace(
        "<f>SUM(1,2)</f><v />", "<f>SUM(1,2)</f><v>3</v>"
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    t = read_table(out.getvalue(), filename="p.xlsx")
    assert t.rows[0].cells == ("A", "3")


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (65 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 200_000
    with pytest.raises(TabularError, match="unpacks to more than 64 MB"):
        read_table(data, filename="p.xlsx")


def test_a_zip_with_too_many_parts_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(501):
            archive.writestr(f"part{i}.xml", b"x")
    with pytest.raises(TabularError, match="too many parts"):
        read_table(out.getvalue(), filename="p.xlsx")


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + b"\x00" * 200,  # a zip signature and nothing else
        b"PK\x03\x04" + bytes(range(256)) * 4,
    ],
)
def test_a_broken_zip_is_not_a_workbook(data):
    with pytest.raises(TabularError, match="not a valid XLSX workbook"):
        read_table(data, filename="p.xlsx")


def test_a_zip_that_is_no_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(TabularError, match="not a valid XLSX workbook"):
        read_table(out.getvalue(), filename="p.xlsx")


def test_huge_xlsx_cells_and_wide_rows_are_refused():
    with pytest.raises(TabularError, match="longer than 10,000"):
        read_table(xlsx(("name",), ("x" * 10_001,)), filename="p.xlsx")
    with pytest.raises(TabularError, match="more than 100 columns"):
        read_table(xlsx(("name",), tuple(range(101))), filename="p.xlsx")


def test_xlsx_reading_stops_at_the_row_limit():
    data = xlsx(("name",), *((f"p{i}",) for i in range(6)))
    with pytest.raises(TooManyRows):
        read_table(data, filename="p.xlsx", max_rows=5)


# ------------------------------------------------------------------ writing


def test_written_files_read_back():
    header = ("name", "opened_on")
    csv_data = tabular.csv_bytes(header, [("Ä; B", "1.3.2024")])
    assert csv_data.startswith(b"\xef\xbb\xbf")
    assert read_table(csv_data).rows[0].cells == ("Ä; B", "1.3.2024")
    book = tabular.xlsx_bytes([("Projects", [header, ("A", "1.3.2024")]), ("Help", [("x",)])])
    t = read_table(book, filename="t.xlsx", content_type=tabular.XLSX_TYPE)
    assert t.header == header
    assert t.rows[0].cells == ("A", "1.3.2024")
