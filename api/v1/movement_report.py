"""/reports/monthly-movement: how many sales projects were open, new, progressed, not
progressed, won, lost and cancelled in a month, against the month before, per project type,
region or business unit (definitions: `domain.sales.movement`). As JSON, and as XLSX or CSV
files with Finnish headers (`.xlsx` / `.csv` after the path, same query)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import Field

from api.deps import Container, ContainerDep, PrincipalDep, UowDep
from api.exports import ExportTable, export, file_responses
from api.v1.schemas.common import Out
from domain.sales.movement import (
    FIGURES,
    Figures,
    MovementRow,
    check_month,
    last_day,
    parse_month,
)
from domain.shared import Action, Principal
from domain.shared.filters import HELSINKI
from persistence.queries import movement as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/reports", tags=["reports"])

ENTITY = "sales_project"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
MonthQuery = Annotated[
    str | None,
    Query(
        pattern=MONTH_PATTERN,
        description="The month, YYYY-MM (Europe/Helsinki calendar month): a past month or the "
        "current one (figures so far). Default: the current month.",
        examples=["2026-11"],
    ),
]
GroupQuery = Annotated[
    queries.GroupBy,
    Query(description="Rows per project type, region or business unit (plus a total)."),
]

# Finnish column headers of the files (seed 003 tables 2–4).
FIGURE_LABELS_FI = {
    "open_at_end": "Avoimet kuun lopussa",
    "new": "Uudet",
    "progressed": "Edenneet",
    "not_progressed": "Ei edenneet",
    "won": "Valmistuneet",
    "lost": "Hävityt",
    "cancelled": "Peruutetut",
}
GROUP_LABELS_FI = {
    "type": "Projektityyppi",
    "region": "Alue",
    "business_unit": "Liiketoimintayksikkö",
}
NO_GROUP_FI = {"type": "(ei tyyppiä)", "region": "(ei aluetta)", "business_unit": "(ei yksikköä)"}
TOTAL_FI = "Yhteensä"


class FiguresOut(Out):
    open_at_end: int = Field(description="Open at the end of the month.")
    new: int = Field(description="First opened (or imported with its opening day) in the month.")
    progressed: int = Field(
        description="Open at some time in the month with at least one stage completed in it."
    )
    not_progressed: int = Field(
        description="Open at some time in the month with no stage completed in it."
    )
    won: int = Field(description="Won (completed) in the month.")
    lost: int = Field(description="Lost in the month.")
    cancelled: int = Field(description="Cancelled in the month.")


class MovementRowOut(Out):
    key: str | None = Field(
        description="Project type id, region or business unit id; null for projects with no "
        "region (group_by=region) and for the total."
    )
    label: str | None = Field(description="Finnish name of the group (the region itself).")
    label_en: str | None = Field(description="English name, where the group has one.")
    current: FiguresOut = Field(description="The month.")
    previous: FiguresOut = Field(description="The month before.")
    change: FiguresOut = Field(description="current − previous (muutos).")


class MovementOut(Out):
    month: str = Field(description="YYYY-MM", examples=["2026-11"])
    previous_month: str = Field(description="YYYY-MM")
    group_by: str
    complete: bool = Field(description="False for the current month: its figures are so far.")
    as_of: date = Field(description="The last day counted: the month's last day, or today.")
    rows: list[MovementRowOut] = Field(description="Groups with anything to show, by label.")
    total: MovementRowOut


def _figures(f: Figures) -> FiguresOut:
    return FiguresOut(**f.as_dict())


async def _build(
    c: Container,
    uow: SqlUnitOfWork,
    principal: Principal,
    month: str | None,
    group_by: queries.GroupBy,
    action: Action,
) -> MovementOut:
    principal.require(ENTITY, Action.READ)
    principal.require(ENTITY, action)
    today = c.clock.now().astimezone(HELSINKI).date()
    first = check_month(parse_month(month) if month else today, today)
    report = await queries.monthly_movement(uow.session, principal, first, group_by, action=action)
    labels = await queries.group_labels(uow.session, group_by, [r.key for r in report.rows])

    def row(r: MovementRow) -> MovementRowOut:
        label, label_en = (None, None) if r.is_total else labels.get(r.key, (r.key, None))
        return MovementRowOut(
            key=r.key,
            label=label,
            label_en=label_en,
            current=_figures(r.current),
            previous=_figures(r.previous),
            change=_figures(r.change),
        )

    rows = sorted(
        (row(r) for r in report.rows),
        key=lambda r: (r.key is None, (r.label or "").casefold(), r.key or ""),
    )
    end = last_day(first)
    out = MovementOut(
        month=f"{first:%Y-%m}",
        previous_month=f"{report.previous_month:%Y-%m}",
        group_by=group_by,
        complete=end < today,
        as_of=min(end, today),
        rows=rows,
        total=row(report.total),
    )
    return out


@router.get(
    "/monthly-movement",
    response_model=MovementOut,
    summary="Monthly movement of sales projects",
)
async def monthly_movement(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    month: MonthQuery = None,
    group_by: GroupQuery = "type",
) -> MovementOut:
    """Open at month end, new, progressed, not progressed, won, lost and cancelled, each with
    the month before and the change, per group and in total, over the sales projects you can
    read. Computed from the stage history by business date, so a month's figures do not
    change when projects move on later. A future month is a 422."""
    out = await _build(c, uow, principal, month, group_by, Action.READ)
    return out


def table(out: MovementOut) -> ExportTable:
    """The report as a table with Finnish headers: the group, then for each figure the
    month, the month before and the change."""
    headers = ["Kuukausi", GROUP_LABELS_FI[out.group_by]]
    for name in FIGURES:
        label = FIGURE_LABELS_FI[name]
        headers += [label, f"{label}, edellinen kuukausi", f"{label}, muutos"]

    def cells(r: MovementRowOut, label: str) -> list[str | int | None]:
        values: list[str | int | None] = [out.month, label]
        for name in FIGURES:
            values += [getattr(r.current, name), getattr(r.previous, name), getattr(r.change, name)]
        return values

    rows = [cells(r, r.label or r.key or NO_GROUP_FI[out.group_by]) for r in out.rows]
    rows.append(cells(out.total, TOTAL_FI))
    return ExportTable(
        title=f"Liikkuvuus {out.month}",
        headers=headers,
        rows=rows,
        total_rows=1,
        column_widths={0: 10, 1: 30},
    )


async def _export(
    c: Container,
    uow: SqlUnitOfWork,
    principal: Principal,
    month: str | None,
    group_by: queries.GroupBy,
    fmt: Literal["xlsx", "csv"],
) -> Response:
    out = await _build(c, uow, principal, month, group_by, Action.EXPORT)
    return export(table(out), fmt, f"liikkuvuus-{out.month}")


EXPORT_DOC = (
    "The same report as a file with Finnish column headers (Kuukausi, the group, then for each "
    "figure the month, the month before and the change — Avoimet kuun lopussa, Uudet, "
    "Edenneet, Ei edenneet, Valmistuneet, Hävityt, Peruutetut) and a Yhteensä row; named "
    "`liikkuvuus-YYYY-MM.<ext>`. Needs the export privilege on sales projects (403 without), "
    "and covers the projects you may both read and export."
)


@router.get(
    "/monthly-movement.xlsx",
    response_class=Response,
    responses=file_responses("xlsx", "An Excel workbook with one sheet."),
    summary="Monthly movement of sales projects as XLSX",
    description=EXPORT_DOC,
)
async def monthly_movement_xlsx(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    month: MonthQuery = None,
    group_by: GroupQuery = "type",
) -> Response:
    return await _export(c, uow, principal, month, group_by, "xlsx")


@router.get(
    "/monthly-movement.csv",
    response_class=Response,
    responses=file_responses(
        "csv", "UTF-8 with a byte order mark, `;` between fields (Finnish Excel)."
    ),
    summary="Monthly movement of sales projects as CSV",
    description=EXPORT_DOC,
)
async def monthly_movement_csv(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    month: MonthQuery = None,
    group_by: GroupQuery = "type",
) -> Response:
    return await _export(c, uow, principal, month, group_by, "csv")
