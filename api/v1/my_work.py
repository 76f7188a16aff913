"""/me/work: the caller's open activities by bucket, and the counts for the my-work page."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ContainerDep, PrincipalDep, UowDep
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.activities import activities_out
from api.v1.schemas.activities import ActivityOut, WorkSummaryOut
from domain.activities import WORK_ZONE, WorkBucket
from persistence.queries import activities as queries

router = APIRouter(prefix="/me/work", tags=["activities"])


@router.get(
    "",
    response_model=ListResponse[ActivityOut],
    summary="My open activities in one bucket",
    description=f"""Open activities by bucket, with days and weeks in {WORK_ZONE} time:

- `overdue`: yours, due before now (earliest first);
- `today`: yours, due today (earliest first);
- `this_week`: yours, due Monday to Sunday of this week (earliest first);
- `delegated_by_me`: those you gave to someone else and they have not finished (by the time
  they are planned for or were given).

The buckets overlap: what was due this morning is overdue, due today and due this week.""",
)
async def my_work(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    bucket: WorkBucket = WorkBucket.TODAY,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[ActivityOut]:
    sort = queries.WORK_SORTS[bucket]
    page = page_request(limit, cursor, str(sort), (sort.field,))
    result = await queries.my_work(uow.session, principal, bucket, c.clock.now(), page)
    return ListResponse(
        items=await activities_out(uow, principal, result.items), next_cursor=result.next_cursor
    )


@router.get(
    "/summary",
    response_model=WorkSummaryOut,
    summary="How many: my activities per bucket, my open requests, open requests I delegated",
)
async def my_work_summary(c: ContainerDep, uow: UowDep, principal: PrincipalDep) -> WorkSummaryOut:
    counts = await queries.work_summary(uow.session, principal, c.clock.now())
    return WorkSummaryOut.model_validate(counts)
