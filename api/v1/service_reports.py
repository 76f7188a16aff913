"""/reports/service-requests and /reports/service-backlog: customer service figures within
the caller's access (Europe/Helsinki days and months)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ContainerDep, PrincipalDep, UowDep
from api.v1.schemas.views import BacklogOut, BacklogPoint, ReportOut, ReportRow
from domain.shared import FieldError, ValidationFailed
from persistence.queries import service_reports as queries

router = APIRouter(prefix="/reports", tags=["reports"])

DEFAULT_BACKLOG_DAYS = 30
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def _check_days(**days: date | None) -> None:
    errors = [
        FieldError(("query", name), f"Give a day between {EARLIEST} and {LATEST}.")
        for name, day in days.items()
        if day is not None and not EARLIEST <= day <= LATEST
    ]
    if errors:
        raise ValidationFailed(errors)


@router.get(
    "/service-requests",
    response_model=ReportOut,
    summary="Service requests per subject, unit, origin or month",
)
async def request_report(
    uow: UowDep,
    principal: PrincipalDep,
    group_by: Annotated[
        queries.GroupBy, Query(description="subject, business_unit, origin or month")
    ] = "subject",
    received_from: Annotated[
        date | None, Query(description="First day of arrival (Europe/Helsinki)")
    ] = None,
    received_to: Annotated[
        date | None, Query(description="Last day of arrival, inclusive (Europe/Helsinki)")
    ] = None,
) -> ReportOut:
    """Counts, how many are open and closed, and the average (and median) first-response
    and the average resolution time in working hours, of the requests you can read."""
    _check_days(received_from=received_from, received_to=received_to)
    if received_from and received_to and received_to < received_from:
        raise ValidationFailed(
            [FieldError(("query", "received_to"), "received_to is before received_from.")]
        )
    rows = await queries.request_figures(
        uow.session, principal, group_by, received_from, received_to
    )
    return ReportOut(
        group_by=group_by,
        received_from=received_from,
        received_to=received_to,
        rows=[ReportRow.model_validate(r) for r in rows],
    )


@router.get(
    "/service-backlog",
    response_model=BacklogOut,
    summary="Open service requests over time",
)
async def backlog_report(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    date_from: Annotated[
        date | None, Query(alias="from", description="First day; default 30 days before `to`")
    ] = None,
    date_to: Annotated[
        date | None, Query(alias="to", description="Last day; default today")
    ] = None,
    interval: queries.Interval = "day",
) -> BacklogOut:
    """A point at the end of `from`, then every interval up to `to` (at most 400 points):
    the requests received before it and not resolved by then. Today's point is now."""
    _check_days(**{"from": date_from, "to": date_to})
    now = c.clock.now()
    end = date_to or queries.today(now)
    start = date_from or end - timedelta(days=DEFAULT_BACKLOG_DAYS)
    points = await queries.backlog(uow.session, principal, start, end, interval, now)
    return BacklogOut(
        interval=interval,
        start=start,
        end=end,
        points=[BacklogPoint.model_validate(p) for p in points],
    )
