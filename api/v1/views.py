"""/views: saved views of service requests (personal, team, system), their results and
their counts, and the catalogue of what a filter may use.

The built-in system views are created when missing before views are listed or counted
(`persistence.repositories.views.ensure_system_views`, also run at start-up)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from api.deps import (
    Container,
    ContainerDep,
    IdempotencyKey,
    IfMatch,
    PrincipalDep,
    UowDep,
    created,
    idempotent,
    set_etag,
)
from api.pagination import CursorParam, Limit, ListResponse, page_request
from api.v1.schemas.service import ServiceRequestOut
from api.v1.schemas.views import (
    CatalogueOut,
    Entity,
    FieldOut,
    ViewCount,
    ViewCreate,
    ViewOut,
    ViewUpdate,
)
from api.v1.service_requests import request_out
from domain.shared import Action, Principal
from domain.views import SavedView, ViewInput, Visibility
from domain.views import services as views
from persistence.queries import service as service_queries
from persistence.queries import views as queries
from persistence.repositories.views import ensure_system_views
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/views", tags=["views"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such view, or not visible to you"}
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    403: {"description": "Only the owner (or, for system views, an administrator)"},
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}
EntityParam = Annotated[Entity, Query(description="The entity the views show.")]
MAX_COUNTED = 200


def view_out(view: SavedView, principal: Principal) -> ViewOut:
    if view.visibility is Visibility.SYSTEM:
        can_edit = views.administers_system_views(principal, Action.UPDATE)
    else:
        can_edit = view.owner_id == principal.user_id
    return ViewOut.model_validate({**asdict(view), "can_edit": can_edit})


async def _seed(c: Container, uow: SqlUnitOfWork) -> None:
    """The built-in system views, if missing (one indexed count when they exist)."""
    await ensure_system_views(uow.session, c.clock, c.ids)


@router.get("", response_model=ListResponse[ViewOut], summary="The views you can see")
async def list_views(
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    entity: EntityParam = "service_request",
    limit: Limit = 200,
    cursor: CursorParam = None,
) -> ListResponse[ViewOut]:
    """System views first (by position), then your teams' views, then your own."""
    await _seed(c, uow)
    page = await queries.list_views(
        uow.session, principal, entity, page_request(limit, cursor, "order", ("order",))
    )
    return ListResponse(
        items=[view_out(v, principal) for v in page.items], next_cursor=page.next_cursor
    )


@router.get(
    "/counts",
    response_model=list[ViewCount],
    summary="How many requests each of your views shows you",
)
async def view_counts(
    c: ContainerDep, uow: UowDep, principal: PrincipalDep, entity: EntityParam = "service_request"
) -> list[ViewCount]:
    """Every view you can see (the first 200 in list order), counted within your access."""
    await _seed(c, uow)
    page = await queries.list_views(
        uow.session, principal, entity, page_request(MAX_COUNTED, None, "order", ("order",))
    )
    counts = await queries.count_requests(uow.session, principal, page.items, c.clock.now())
    return [ViewCount(view_id=view_id, count=n) for view_id, n in counts.items()]


@router.get("/catalogue", response_model=CatalogueOut, summary="What a view may filter and show")
async def catalogue(
    principal: PrincipalDep, entity: EntityParam = "service_request"
) -> CatalogueOut:
    cat = views.catalogue_for(entity)
    return CatalogueOut(
        entity=cat.entity,
        fields=[FieldOut.model_validate(f) for f in cat.fields.describe()],
        columns=list(cat.columns),
        sorts=list(cat.sorts),
        default_columns=list(cat.default_columns),
        default_sort=cat.default_sort,
    )


@router.post(
    "",
    status_code=201,
    response_model=ViewOut,
    summary="Save a view",
    responses={403: {"description": "System views are for administrators"}},
)
async def create_view(
    body: ViewCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        view = await views.create_view(
            uow,
            c,
            principal,
            ViewInput(
                entity=body.entity,
                name=body.name,
                name_en=body.name_en,
                filter=body.filter,
                columns=body.columns,
                sort=body.sort,
                visibility=body.visibility,
                team_id=body.team_id,
                position=body.position,
            ),
        )
        return created(request, view, view_out(view, principal))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{view_id}", response_model=ViewOut, responses=NOT_FOUND)
async def get_view(
    view_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ViewOut:
    view = await views.get_view(uow, principal, view_id)
    set_etag(response, view.version)
    return view_out(view, principal)


@router.patch("/{view_id}", response_model=ViewOut, responses=WRITE_RESPONSES)
async def update_view(
    view_id: UUID,
    body: ViewUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ViewOut:
    view = await views.update_view(uow, c, principal, view_id, body.changes(), version)
    set_etag(response, view.version)
    return view_out(view, principal)


@router.delete(
    "/{view_id}",
    status_code=204,
    responses={**WRITE_RESPONSES, 409: {"description": "Built-in system views stay"}},
)
async def delete_view(
    view_id: UUID, version: IfMatch, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> Response:
    await views.delete_view(uow, c, principal, view_id, version)
    return Response(status_code=204)


@router.get(
    "/{view_id}/results",
    response_model=ListResponse[ServiceRequestOut],
    responses=NOT_FOUND,
    summary="The service requests the view shows you, in its sort",
)
async def view_results(
    view_id: UUID,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[ServiceRequestOut]:
    view = await views.get_view(uow, principal, view_id)
    page = page_request(limit, cursor, view.sort, tuple(queries.REQUEST_SORTS))
    ids, next_cursor = await queries.search_request_ids(
        uow.session, principal, views.view_filter(view), page, c.clock.now()
    )
    items = await service_queries.load_views(uow.session, ids)
    return ListResponse(items=[request_out(v) for v in items], next_cursor=next_cursor)
