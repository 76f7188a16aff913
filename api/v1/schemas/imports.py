"""The report of a sales project import (dry run or real run)."""

from __future__ import annotations

from pydantic import Field

from api.v1.schemas.common import Out


class ImportProblemOut(Out):
    row: int = Field(
        description="The row as the spreadsheet numbers it: the header is row 1 (when it is "
        "the first line), the first project row 2."
    )
    column: str | None = Field(
        description="The column (its canonical name, or the header as written for an unknown "
        "column); null when the problem is the whole row's."
    )
    message: str


class ImportReportOut(Out):
    dry_run: bool
    rows: int = Field(description="Data rows read (blank rows are not counted).")
    valid: int = Field(description="Rows without problems.")
    problems: list[ImportProblemOut] = Field(
        description="Every problem of every row, in row order (not just the first)."
    )
    created: int = Field(description="Projects created (0 in a dry run or when any row fails).")
