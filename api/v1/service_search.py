"""POST /service-requests/search: service requests selected by a filter AST (the language of
saved views), within the caller's access, in the same item shape as the list."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ContainerDep, PrincipalDep, UowDep
from api.pagination import ListResponse
from api.v1.schemas.service import ServiceRequestOut
from api.v1.schemas.views import SearchIn
from api.v1.service_requests import request_out
from domain.shared import PageRequest, SortKey
from domain.shared.filters import parse_filter
from domain.views import SERVICE_REQUESTS
from persistence.queries import service as service_queries
from persistence.queries import views as queries

router = APIRouter(prefix="/service-requests", tags=["service"])


@router.post(
    "/search",
    response_model=ListResponse[ServiceRequestOut],
    summary="Search service requests with a filter",
    responses={
        422: {
            "description": "The filter, sort or cursor is not valid (errors name "
            "the path, e.g. body.filter.all.2.value)"
        }
    },
)
async def search_requests(
    body: SearchIn, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> ListResponse[ServiceRequestOut]:
    """Sorts: received_at, updated_at, created_at, callback_due_at, number, title (`-` in
    front for descending). The next page: the same body with `cursor` = `next_cursor`."""
    filter_ = parse_filter(body.filter, SERVICE_REQUESTS.fields)
    page = PageRequest(body.limit, body.cursor, SortKey.parse(body.sort, SERVICE_REQUESTS.sorts))
    page.decoded_cursor()  # a bad cursor is a 422 naming it, before any query runs
    ids, next_cursor = await queries.search_request_ids(
        uow.session, principal, filter_, page, c.clock.now()
    )
    items = await service_queries.load_views(uow.session, ids)
    return ListResponse(items=[request_out(v) for v in items], next_cursor=next_cursor)
