"""/reports/leads: leads received in a period by source, product, region, month or
salesperson — counts by status, conversion rate, SLA compliance and the median time to the
first action (definitions: `domain.leads.report`). As JSON, and as XLSX or CSV files with
Finnish headers (`.xlsx` / `.csv` after the path, same query; the export privilege)."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import Field

from api.deps import Container, ContainerDep, PrincipalDep, UowDep
from api.exports import Cell, ExportTable, export, file_responses
from api.pagination import in_query
from api.v1.schemas.common import Out
from domain import leads
from domain.leads import LEAD, LeadSource, ReportLead, sla_state
from domain.shared import Action, Principal, ValidationFailed
from domain.shared.filters import HELSINKI
from persistence.queries import leads as queries
from persistence.scoping import readable
from persistence.tables.catalog import products
from persistence.tables.identity import users
from persistence.tables.leads import leads as leads_table
from persistence.tables.regions import regions
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/reports", tags=["reports"])

GroupBy = Literal["source", "product", "region", "month", "owner"]
MAX_DAYS = 5 * 366
SOURCE_LABELS_FI = {
    LeadSource.PHONE_CALL: "Puhelu",
    LeadSource.EMAIL: "Sähköposti",
    LeadSource.WEB_FORM: "Verkkolomake",
    LeadSource.SERVICE_REQUEST: "Palvelupyyntö",
    LeadSource.EVENT: "Tapahtuma",
    LeadSource.CAMPAIGN: "Kampanja",
    LeadSource.PARTNER: "Kumppani",
    LeadSource.OWN_NETWORK: "Oma verkosto",
    LeadSource.INTEGRATION: "Integraatio",
    LeadSource.OTHER: "Muu",
}
GROUP_LABELS_FI = {
    "source": "Liidin lähde",
    "product": "Tuote tai palvelu",
    "region": "Alue",
    "month": "Kuukausi",
    "owner": "Myyjä",
}
NO_GROUP_FI = "(ei tietoa)"
FIGURE_LABELS_FI = {
    "received": "Saapuneet",
    "open": "Avoimet",
    "converted": "Hoidettu (myyntiprojektiksi)",
    "handled_no_action": "Hoidettu, ei toimenpiteitä",
    "disqualified": "Hylätyt",
    "conversion_rate": "Konversio %",
    "sla_decided": "SLA ratkennut",
    "sla_met": "SLA ajassa",
    "sla_compliance": "SLA %",
    "first_actions": "Ensitoimia",
    "median_first_action_hours": "Mediaani ensitoimeen (työtuntia)",
}


class LeadFiguresOut(Out):
    received: int = Field(description="Leads received in the period.")
    open: int
    converted: int = Field(description="Handled: converted into a sales project.")
    handled_no_action: int
    disqualified: int
    conversion_rate: float | None = Field(description="converted ÷ received, per cent.")
    sla_decided: int = Field(description="Closed leads plus open ones already past due.")
    sla_met: int = Field(description="Closed by their due time.")
    sla_compliance: float | None = Field(description="sla_met ÷ sla_decided, per cent.")
    first_actions: int = Field(description="Leads whose owner has reacted.")
    median_first_action_hours: float | None = Field(
        description="Median working hours from receipt to the first action."
    )


class LeadReportRowOut(Out):
    key: str | None = Field(
        description="The source, product id, region id, YYYY-MM or owner id; null: none."
    )
    label: str
    figures: LeadFiguresOut


class LeadReportOut(Out):
    from_date: date = Field(description="First day counted (Europe/Helsinki).")
    to_date: date = Field(description="Last day counted.")
    group_by: str
    as_of: datetime = Field(description="SLA states are as of this moment.")
    rows: list[LeadReportRowOut]
    total: LeadFiguresOut


def _period(c: Container, start: date | None, end: date | None) -> tuple[date, date]:
    today = c.clock.now().astimezone(HELSINKI).date()
    first = start or date(today.year, 1, 1)
    last = end or today
    if last < first:
        raise in_query(ValidationFailed.field("to", "The period ends before it starts."))
    if (last - first).days > MAX_DAYS:
        raise in_query(ValidationFailed.field("to", "The period is at most five years."))
    return first, last


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=HELSINKI)


async def _labels(
    uow: SqlUnitOfWork, group_by: GroupBy, keys: list[Hashable]
) -> dict[Hashable, str]:
    ids: list[UUID | None] = [k for k in keys if isinstance(k, UUID)]
    if group_by == "source":
        return {k: SOURCE_LABELS_FI[LeadSource(str(k))] for k in keys}
    if group_by == "month":
        return {k: str(k) for k in keys}
    table = {"product": products, "region": regions, "owner": users}[group_by]
    found = await queries.names(uow.session, table, ids)
    return {k: found[k] for k in keys if isinstance(k, UUID) and k in found}


async def _build(
    c: Container,
    uow: SqlUnitOfWork,
    principal: Principal,
    start: date | None,
    end: date | None,
    group_by: GroupBy,
    action: Action,
) -> LeadReportOut:
    principal.require(LEAD, Action.READ)
    principal.require(LEAD, action)
    first, last = _period(c, start, end)
    now = c.clock.now()
    extra = (
        readable(principal, LEAD, leads_table, action=action) if action is not Action.READ else None
    )
    rows = await queries.report_rows(
        uow.session, principal, _moment(first), _moment(last + timedelta(days=1)), extra
    )
    report = [
        ReportLead(
            received_on=r.received_at.astimezone(HELSINKI).date(),
            source=r.source,
            product_id=r.product_id,
            region_id=r.region_id,
            owner_id=r.owner_id,
            status=r.status,
            sla=sla_state(r.status, r.sla_due_at, r.sla_at_risk_at, r.sla_met, now),
            first_action_hours=r.first_action_hours,
        )
        for r in rows
    ]
    groups = leads.grouped(report, group_by)
    labels = await _labels(uow, group_by, [k for k, _ in groups])
    out_rows = [
        LeadReportRowOut(
            key=str(k) if k is not None else None,
            label=labels.get(k, NO_GROUP_FI),
            figures=LeadFiguresOut.model_validate(f),
        )
        for k, f in groups
    ]
    if group_by == "month":
        out_rows.sort(key=lambda r: r.key or "")
    else:
        out_rows.sort(key=lambda r: (r.key is None, r.label.casefold(), r.key or ""))
    return LeadReportOut(
        from_date=first,
        to_date=last,
        group_by=group_by,
        as_of=now,
        rows=out_rows,
        total=LeadFiguresOut.model_validate(leads.figures(report)),
    )


FromQuery = Annotated[
    date | None,
    Query(alias="from", description="First day (Helsinki); default: 1 January this year."),
]
ToQuery = Annotated[date | None, Query(alias="to", description="Last day; default: today.")]
GroupQuery = Annotated[
    GroupBy, Query(description="Rows per source, product, region, month or salesperson (owner).")
]


@router.get("/leads", response_model=LeadReportOut, summary="Lead report")
async def lead_report(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    start: FromQuery = None,
    end: ToQuery = None,
    group_by: GroupQuery = "month",
) -> LeadReportOut:
    """Over the leads you may read that were received in the period."""
    return await _build(c, uow, principal, start, end, group_by, Action.READ)


def table(out: LeadReportOut) -> ExportTable:
    names = list(FIGURE_LABELS_FI)
    headers = [GROUP_LABELS_FI[out.group_by], *FIGURE_LABELS_FI.values()]

    def cells(label: str, f: LeadFiguresOut) -> list[Cell]:
        return [label, *(getattr(f, n) for n in names)]

    rows = [cells(r.label, r.figures) for r in out.rows]
    rows.append(cells("Yhteensä", out.total))
    return ExportTable(
        title=f"Liidit {out.from_date}–{out.to_date}",
        headers=headers,
        rows=rows,
        total_rows=1,
        column_widths={0: 30},
    )


async def _export(
    c: Container,
    uow: SqlUnitOfWork,
    principal: Principal,
    start: date | None,
    end: date | None,
    group_by: GroupBy,
    fmt: Literal["xlsx", "csv"],
) -> Response:
    out = await _build(c, uow, principal, start, end, group_by, Action.EXPORT)
    return export(table(out), fmt, f"liidit-{out.from_date}-{out.to_date}")


EXPORT_DOC = (
    "The same report as a file with Finnish column headers and a Yhteensä row, named "
    "`liidit-<from>-<to>.<ext>`. Needs the export privilege on leads (403 without) and covers "
    "the leads you may both read and export."
)


@router.get(
    "/leads.xlsx",
    response_class=Response,
    responses=file_responses("xlsx", "An Excel workbook with one sheet."),
    summary="Lead report as XLSX",
    description=EXPORT_DOC,
)
async def lead_report_xlsx(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    start: FromQuery = None,
    end: ToQuery = None,
    group_by: GroupQuery = "month",
) -> Response:
    return await _export(c, uow, principal, start, end, group_by, "xlsx")


@router.get(
    "/leads.csv",
    response_class=Response,
    responses=file_responses(
        "csv", "UTF-8 with a byte order mark, `;` between fields (Finnish Excel)."
    ),
    summary="Lead report as CSV",
    description=EXPORT_DOC,
)
async def lead_report_csv(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    start: FromQuery = None,
    end: ToQuery = None,
    group_by: GroupQuery = "month",
) -> Response:
    return await _export(c, uow, principal, start, end, group_by, "csv")
