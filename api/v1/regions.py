"""/regions and /municipalities: the region table leads are routed by."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from api.deps import (
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
from api.v1.schemas.regions import (
    MunicipalityCreate,
    MunicipalityOut,
    MunicipalityUpdate,
    RegionCreate,
    RegionOut,
    RegionUpdate,
)
from domain.regions import Municipality, MunicipalityInput, RegionInput
from domain.regions import services as regions
from persistence.queries import regions as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(tags=["regions"])

PATCH_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found"},
    409: {"description": "The code or the name is taken"},
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"description": "The code or the name is taken"}}
RegionSort = Literal["sort_order", "-sort_order", "name", "-name", "code", "-code"]
MunicipalitySort = Literal["name", "-name", "code", "-code"]


async def municipalities_out(
    uow: SqlUnitOfWork, items: list[Municipality]
) -> list[MunicipalityOut]:
    names = await queries.region_names(uow.session, {m.region_id for m in items})
    return [
        MunicipalityOut.model_validate(m).model_copy(update={"region_name": names.get(m.region_id)})
        for m in items
    ]


@router.get("/regions", response_model=ListResponse[RegionOut], summary="List regions")
async def list_regions(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: RegionSort = "sort_order",
    active: bool | None = None,
) -> ListResponse[RegionOut]:
    page = page_request(limit, cursor, sort, tuple(queries.REGION_SORTS))
    result = await queries.list_regions(
        uow.session, principal, queries.RegionFilters(active=active), page
    )
    return ListResponse(
        items=[RegionOut.model_validate(r) for r in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "/regions",
    status_code=201,
    response_model=RegionOut,
    summary="Create a region",
    responses=CONFLICT,
)
async def create_region(
    body: RegionCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        region = await regions.create_region(uow, c, principal, RegionInput(**body.model_dump()))
        return created(request, region, RegionOut.model_validate(region))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/regions/{region_id}", response_model=RegionOut, responses={404: {"description": "Not found"}}
)
async def get_region(
    region_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> RegionOut:
    region = await regions.get_region(uow, principal, region_id)
    set_etag(response, region.version)
    return RegionOut.model_validate(region)


@router.patch("/regions/{region_id}", response_model=RegionOut, responses=PATCH_RESPONSES)
async def update_region(
    region_id: UUID,
    body: RegionUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> RegionOut:
    region = await regions.update_region(uow, c, principal, region_id, body.changes(), version)
    set_etag(response, region.version)
    return RegionOut.model_validate(region)


@router.get(
    "/municipalities",
    response_model=ListResponse[MunicipalityOut],
    summary="List municipalities (with their region)",
)
async def list_municipalities(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: MunicipalitySort = "name",
    region_id: UUID | None = None,
    active: bool | None = None,
    q: Annotated[
        str | None,
        Query(max_length=100, description="The start of a Finnish or Swedish name, or a code"),
    ] = None,
) -> ListResponse[MunicipalityOut]:
    page = page_request(limit, cursor, sort, tuple(queries.MUNICIPALITY_SORTS))
    result = await queries.list_municipalities(
        uow.session,
        principal,
        queries.MunicipalityFilters(region_id=region_id, active=active, q=q),
        page,
    )
    return ListResponse(
        items=await municipalities_out(uow, result.items), next_cursor=result.next_cursor
    )


@router.post(
    "/municipalities",
    status_code=201,
    response_model=MunicipalityOut,
    summary="Create a municipality",
    responses=CONFLICT,
)
async def create_municipality(
    body: MunicipalityCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        municipality = await regions.create_municipality(
            uow, c, principal, MunicipalityInput(**body.model_dump())
        )
        (out,) = await municipalities_out(uow, [municipality])
        return created(request, municipality, out)

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/municipalities/{municipality_id}",
    response_model=MunicipalityOut,
    responses={404: {"description": "Not found"}},
)
async def get_municipality(
    municipality_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> MunicipalityOut:
    municipality = await regions.get_municipality(uow, principal, municipality_id)
    set_etag(response, municipality.version)
    (out,) = await municipalities_out(uow, [municipality])
    return out


@router.patch(
    "/municipalities/{municipality_id}", response_model=MunicipalityOut, responses=PATCH_RESPONSES
)
async def update_municipality(
    municipality_id: UUID,
    body: MunicipalityUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> MunicipalityOut:
    municipality = await regions.update_municipality(
        uow, c, principal, municipality_id, body.changes(), version
    )
    set_etag(response, municipality.version)
    (out,) = await municipalities_out(uow, [municipality])
    return out
