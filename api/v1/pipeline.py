"""/reports/pipeline: open sales projects' value and probability-weighted value by expected
decision month, project type or region, within the caller's read scope."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import PrincipalDep, UowDep
from api.pagination import in_query
from api.v1.schemas.sales import PipelineOut, PipelineRowOut
from domain.shared import ValidationFailed
from persistence.queries import sales as queries

router = APIRouter(prefix="/reports", tags=["reports"])


def _row(row: queries.PipelineRow) -> PipelineRowOut:
    return PipelineRowOut(
        key=row.key,
        label=row.label,
        count=row.count,
        value_sum=row.value_sum,
        weighted_value=row.weighted_value,
    )


@router.get("/pipeline", response_model=PipelineOut, summary="Sales pipeline")
async def pipeline(
    uow: UowDep,
    principal: PrincipalDep,
    group_by: Annotated[
        queries.PipelineGroup,
        Query(description="month: by expected decision month (YYYY-MM); type; region."),
    ] = "month",
    from_: Annotated[
        date | None,
        Query(alias="from", description="Expected decision on or after this day."),
    ] = None,
    to: Annotated[
        date | None, Query(description="Expected decision on or before this day.")
    ] = None,
    project_type_id: UUID | None = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    owner_id: UUID | None = None,
    business_unit_id: UUID | None = None,
) -> Any:
    """Exact sums (strings, EUR): the estimated value, and the value weighted by the
    probability (rounded once, to cents). Projects without an expected decision date are in
    the row with key null, unless from or to is given."""
    if from_ is not None and to is not None and to < from_:
        raise in_query(ValidationFailed.field("to", "The end is before the start."))
    rows = await queries.pipeline(
        uow.session,
        principal,
        group_by,
        queries.PipelineFilters(from_, to, project_type_id, region, owner_id, business_unit_id),
    )
    total = queries.PipelineRow(None, None)
    for row in rows:
        total.count += row.count
        total.value_cents += row.value_cents
        total.weighted_hundredths += row.weighted_hundredths
    return PipelineOut(group_by=group_by, items=[_row(r) for r in rows], total=_row(total))
