"""/reports/offers/…: open offers (count and euros by type and owner, expiring soon), won and
lost by type over a period (with the win rate), and each user's orders of a year against
their euro target (month by month, cumulative). As JSON, and as XLSX or CSV files with
Finnish headers (`.xlsx` / `.csv` after the path, same query; the export privilege)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.deps import Container, ContainerDep, PrincipalDep, UowDep
from api.exports import Cell, ExportTable, export, file_responses
from api.v1.offer_common import business_day
from api.v1.schemas.offers import (
    BucketOut,
    ExpiringOfferOut,
    OpenOffersOut,
    OutcomeFigures,
    OutcomeRowOut,
    OutcomesOut,
    TargetReportOut,
    UserYearOut,
)
from domain.offers import OFFER, SALES_TARGET
from domain.offers.reports import cumulative, percent, target_path, win_rate
from domain.shared import Action, Principal, ValidationFailed
from persistence.queries import offer_reports as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/reports/offers", tags=["reports"])

Format = Literal["xlsx", "csv"]
ExpiringDays = Annotated[
    int, Query(ge=0, le=366, description="'Expiring soon': valid until today … today + N days.")
]
GroupBy = Annotated[
    Literal["type", "owner"], Query(description="Rows of the file: per offer type or per owner.")
]
Start = Annotated[
    date | None,
    Query(alias="from", description="First closing day counted; default 1 January this year."),
]
End = Annotated[date | None, Query(alias="to", description="Last closing day; default today.")]
Year = Annotated[int | None, Query(ge=2000, le=2100, description="Default: this year.")]
MONTHS_FI = (
    "tammi",
    "helmi",
    "maalis",
    "huhti",
    "touko",
    "kesä",
    "heinä",
    "elo",
    "syys",
    "loka",
    "marras",
    "joulu",
)
TOTAL_FI = "Yhteensä"
ZERO = Decimal("0.00")


def _require(principal: Principal, entity: str, action: Action) -> None:
    principal.require(entity, Action.READ)
    principal.require(entity, action)


def _file_doc(what: str) -> str:
    return (
        f"The same report as a file with Finnish headers ({what}) and a Yhteensä row. Needs "
        "the export privilege (403 without) and covers what you may export."
    )


# ------------------------------------------------------------------ open offers


async def _open(
    c: Container, uow: SqlUnitOfWork, principal: Principal, days: int, action: Action
) -> OpenOffersOut:
    _require(principal, OFFER, action)
    report = await queries.open_offers(uow.session, principal, business_day(c), days, action=action)
    return OpenOffersOut(
        as_of=report.as_of,
        expiring_within_days=report.expiring_within_days,
        count=report.count,
        total=report.total,
        expired_count=report.expired_count,
        expired_total=report.expired_total,
        expiring_count=report.expiring_count,
        expiring_total=report.expiring_total,
        by_type=[BucketOut.model_validate(b) for b in report.by_type],
        by_owner=[BucketOut.model_validate(b) for b in report.by_owner],
        expiring=[ExpiringOfferOut.model_validate(e) for e in report.expiring],
    )


@router.get("/open", response_model=OpenOffersOut, summary="Open offers")
async def open_offers(
    c: ContainerDep, uow: UowDep, principal: PrincipalDep, expiring_within_days: ExpiringDays = 14
) -> OpenOffersOut:
    """Every open offer you can read (those past their validity included, and counted apart),
    in count and euros, by offer type and by owner; and those expiring soon."""
    return await _open(c, uow, principal, expiring_within_days, Action.READ)


OPEN_HEADERS = "Tarjoustyyppi or Vastuuhenkilö, Avoimia kpl, Avoimia EUR"


def open_table(out: OpenOffersOut, group_by: str) -> ExportTable:
    buckets = out.by_type if group_by == "type" else out.by_owner
    label = "Tarjoustyyppi" if group_by == "type" else "Vastuuhenkilö"
    rows: list[list[Cell]] = [[b.name or "—", b.count, b.total] for b in buckets]
    rows.append([TOTAL_FI, out.count, out.total])
    return ExportTable(
        title=f"Avoimet tarjoukset {out.as_of.isoformat()}",
        headers=[label, "Avoimia, kpl", "Avoimia, EUR"],
        rows=rows,
        total_rows=1,
        column_widths={0: 32, 1: 14, 2: 16},
    )


async def _open_file(
    c: Container, uow: SqlUnitOfWork, principal: Principal, days: int, group_by: str, fmt: Format
) -> Response:
    out = await _open(c, uow, principal, days, Action.EXPORT)
    return export(open_table(out, group_by), fmt, f"avoimet-tarjoukset-{out.as_of.isoformat()}")


@router.get(
    "/open.xlsx",
    response_class=Response,
    responses=file_responses("xlsx", "An Excel workbook with one sheet."),
    summary="Open offers as XLSX",
    description=_file_doc(OPEN_HEADERS),
)
async def open_offers_xlsx(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    expiring_within_days: ExpiringDays = 14,
    group_by: GroupBy = "type",
) -> Response:
    return await _open_file(c, uow, principal, expiring_within_days, group_by, "xlsx")


@router.get(
    "/open.csv",
    response_class=Response,
    responses=file_responses("csv", "UTF-8 with a byte order mark, `;` between fields."),
    summary="Open offers as CSV",
    description=_file_doc(OPEN_HEADERS),
)
async def open_offers_csv(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    expiring_within_days: ExpiringDays = 14,
    group_by: GroupBy = "type",
) -> Response:
    return await _open_file(c, uow, principal, expiring_within_days, group_by, "csv")


# ------------------------------------------------------------------ outcomes


def _period(c: Container, start: date | None, end: date | None) -> tuple[date, date]:
    today = business_day(c)
    first = start or date(today.year, 1, 1)
    last = end or today
    if first > last:
        raise ValidationFailed.field("from", "The period starts after it ends.")
    if (last - first).days > 3700:
        raise ValidationFailed.field("to", "The period is at most ten years.")
    return first, last


def _figures(rows: list[queries.OutcomeRow]) -> OutcomeFigures:
    """The figures of these rows together, with the win rates."""
    won, lost = sum(r.won_count for r in rows), sum(r.lost_count for r in rows)
    won_total = sum((r.won_total for r in rows), ZERO)
    lost_total = sum((r.lost_total for r in rows), ZERO)
    return OutcomeFigures(
        won_count=won,
        won_total=won_total,
        lost_count=lost,
        lost_total=lost_total,
        cancelled_count=sum(r.cancelled_count for r in rows),
        cancelled_total=sum((r.cancelled_total for r in rows), ZERO),
        win_rate=win_rate(won, lost),
        win_rate_eur=percent(won_total, won_total + lost_total),
    )


async def _outcomes(
    c: Container,
    uow: SqlUnitOfWork,
    principal: Principal,
    start: date | None,
    end: date | None,
    action: Action,
) -> OutcomesOut:
    _require(principal, OFFER, action)
    first, last = _period(c, start, end)
    rows = await queries.outcomes(uow.session, principal, first, last, action=action)
    out_rows = [
        OutcomeRowOut(
            offer_type_id=r.key,
            name=r.name,
            name_en=r.name_en,
            name_sv=r.name_sv,
            **_figures([r]).model_dump(),
        )
        for r in rows
    ]
    total = _figures(rows)
    return OutcomesOut(start=first, end=last, rows=out_rows, total=total)


@router.get("/outcomes", response_model=OutcomesOut, summary="Won and lost offers by type")
async def offer_outcomes(
    c: ContainerDep, uow: UowDep, principal: PrincipalDep, start: Start = None, end: End = None
) -> OutcomesOut:
    """Offers you can read that were won, lost or cancelled on a day of the period (their
    closing day), by offer type, in count and euros, with the win rate: won ÷ (won + lost)."""
    return await _outcomes(c, uow, principal, start, end, Action.READ)


def outcomes_table(out: OutcomesOut) -> ExportTable:
    def cells(name: str, f: OutcomeFigures) -> list[Cell]:
        return [
            name,
            f.won_count,
            f.won_total,
            f.lost_count,
            f.lost_total,
            f.cancelled_count,
            f.cancelled_total,
            f.win_rate,
        ]

    rows = [cells(r.name or "—", r) for r in out.rows]
    rows.append(cells(TOTAL_FI, out.total))
    return ExportTable(
        title=f"Tarjousten tulos {out.start.isoformat()}–{out.end.isoformat()}",
        headers=[
            "Tarjoustyyppi",
            "Voitetut, kpl",
            "Voitetut, EUR",
            "Hävityt, kpl",
            "Hävityt, EUR",
            "Perutut, kpl",
            "Perutut, EUR",
            "Voittoprosentti",
        ],
        rows=rows,
        total_rows=1,
        column_widths={0: 32},
    )


async def _outcomes_file(
    c: Container,
    uow: SqlUnitOfWork,
    principal: Principal,
    start: date | None,
    end: date | None,
    fmt: Format,
) -> Response:
    out = await _outcomes(c, uow, principal, start, end, Action.EXPORT)
    name = f"tarjousten-tulos-{out.start.isoformat()}-{out.end.isoformat()}"
    return export(outcomes_table(out), fmt, name)


OUTCOME_HEADERS = "Tarjoustyyppi, Voitetut, Hävityt, Perutut (kpl, EUR), Voittoprosentti"


@router.get(
    "/outcomes.xlsx",
    response_class=Response,
    responses=file_responses("xlsx", "An Excel workbook with one sheet."),
    summary="Won and lost offers by type as XLSX",
    description=_file_doc(OUTCOME_HEADERS),
)
async def offer_outcomes_xlsx(
    c: ContainerDep, uow: UowDep, principal: PrincipalDep, start: Start = None, end: End = None
) -> Response:
    return await _outcomes_file(c, uow, principal, start, end, "xlsx")


@router.get(
    "/outcomes.csv",
    response_class=Response,
    responses=file_responses("csv", "UTF-8 with a byte order mark, `;` between fields."),
    summary="Won and lost offers by type as CSV",
    description=_file_doc(OUTCOME_HEADERS),
)
async def offer_outcomes_csv(
    c: ContainerDep, uow: UowDep, principal: PrincipalDep, start: Start = None, end: End = None
) -> Response:
    return await _outcomes_file(c, uow, principal, start, end, "csv")


# ------------------------------------------------------------------ targets


async def _targets(
    c: Container, uow: SqlUnitOfWork, principal: Principal, year: int | None, action: Action
) -> TargetReportOut:
    _require(principal, SALES_TARGET, action)
    today = business_day(c)
    chosen = year or today.year
    rows = await queries.user_years(uow.session, principal, chosen, action=action)
    elapsed = 12 if chosen < today.year else (today.month if chosen == today.year else 0)
    out_rows = []
    for r in rows:
        achieved = sum(r.monthly, ZERO)
        out_rows.append(
            UserYearOut(
                user_id=r.user_id,
                user_name=r.user_name,
                target_id=r.target_id,
                euro_target=r.euro_target,
                achieved=achieved,
                achieved_percent=percent(achieved, r.euro_target) if r.euro_target else None,
                monthly=r.monthly,
                cumulative=cumulative(r.monthly),
                target_path=target_path(r.euro_target) if r.euro_target is not None else None,
                orders=r.orders,
                new_customers=r.new_customers,
                new_customers_target=r.new_customers_target,
                repeat_customers=r.repeat_customers,
                repeat_purchases_target=r.repeat_purchases_target,
                meetings=r.meetings,
                meetings_target=r.meetings_target,
            )
        )
    return TargetReportOut(
        year=chosen,
        months_elapsed=elapsed,
        rows=out_rows,
        total_target=sum((r.euro_target or ZERO for r in rows), ZERO),
        total_achieved=sum((o.achieved for o in out_rows), ZERO),
    )


@router.get(
    "/targets", response_model=TargetReportOut, summary="Orders of the year against the targets"
)
async def target_report(
    c: ContainerDep, uow: UowDep, principal: PrincipalDep, year: Year = None
) -> TargetReportOut:
    """Per user (with a target you may read, or with orders you may read): the euros of their
    orders in the year by purchase date (not cancelled) against the euro target, month by
    month and cumulative; new customers (the account's first order ever fell in the year),
    customers who bought again (had ordered before the year) and done meetings."""
    return await _targets(c, uow, principal, year, Action.READ)


def targets_table(out: TargetReportOut) -> ExportTable:
    headers = [
        "Myyjä",
        "Tavoite, EUR",
        "Toteutunut, EUR",
        "Toteuma, %",
        *[f"Kertymä {m}kuu, EUR" for m in MONTHS_FI],
        "Tilauksia, kpl",
        "Uudet asiakkaat",
        "Uusintaostot",
        "Tapaamiset",
    ]
    rows: list[list[Cell]] = [
        [
            r.user_name or "—",
            r.euro_target,
            r.achieved,
            r.achieved_percent,
            *r.cumulative,
            r.orders,
            r.new_customers,
            r.repeat_customers,
            r.meetings,
        ]
        for r in out.rows
    ]
    months = [sum((r.cumulative[i] for r in out.rows), ZERO) for i in range(12)]
    rows.append(
        [
            TOTAL_FI,
            out.total_target,
            out.total_achieved,
            percent(out.total_achieved, out.total_target) if out.total_target else None,
            *months,
            sum(r.orders for r in out.rows),
            sum(r.new_customers for r in out.rows),
            sum(r.repeat_customers for r in out.rows),
            sum(r.meetings for r in out.rows),
        ]
    )
    return ExportTable(
        title=f"Myyntitavoitteet {out.year}",
        headers=headers,
        rows=rows,
        total_rows=1,
        column_widths={0: 28},
    )


async def _targets_file(
    c: Container, uow: SqlUnitOfWork, principal: Principal, year: int | None, fmt: Format
) -> Response:
    out = await _targets(c, uow, principal, year, Action.EXPORT)
    return export(targets_table(out), fmt, f"myyntitavoitteet-{out.year}")


TARGET_HEADERS = "Myyjä, Tavoite, Toteutunut, Toteuma %, cumulative per month, counts"


@router.get(
    "/targets.xlsx",
    response_class=Response,
    responses=file_responses("xlsx", "An Excel workbook with one sheet."),
    summary="Orders of the year against the targets as XLSX",
    description=_file_doc(TARGET_HEADERS),
)
async def target_report_xlsx(
    c: ContainerDep, uow: UowDep, principal: PrincipalDep, year: Year = None
) -> Response:
    return await _targets_file(c, uow, principal, year, "xlsx")


@router.get(
    "/targets.csv",
    response_class=Response,
    responses=file_responses("csv", "UTF-8 with a byte order mark, `;` between fields."),
    summary="Orders of the year against the targets as CSV",
    description=_file_doc(TARGET_HEADERS),
)
async def target_report_csv(
    c: ContainerDep, uow: UowDep, principal: PrincipalDep, year: Year = None
) -> Response:
    return await _targets_file(c, uow, principal, year, "csv")
