"""/product-groups and /products: the catalogue administrators maintain and everyone reads."""

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
from api.v1.schemas.catalog import (
    ProductCreate,
    ProductGroupCreate,
    ProductGroupOut,
    ProductGroupUpdate,
    ProductOut,
    ProductUpdate,
)
from domain.catalog import ProductGroupInput, ProductInput, ProductKind
from domain.catalog import services as catalog
from persistence.queries import catalog as queries

router = APIRouter(tags=["catalog"])

PATCH_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found"},
    412: {"description": "Stale ETag"},
    428: {"description": "No If-Match"},
}
GroupSort = Literal["name", "-name", "sort_order", "-sort_order", "created_at", "-created_at"]
ProductSort = Literal[
    "name", "-name", "code", "-code", "created_at", "-created_at", "updated_at", "-updated_at"
]
Q = Annotated[str | None, Query(max_length=200)]


# ------------------------------------------------------------------ product groups


@router.get(
    "/product-groups", response_model=ListResponse[ProductGroupOut], summary="List product groups"
)
async def list_product_groups(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: GroupSort = "sort_order",
    parent_id: Annotated[UUID | None, Query(description="Children of this group")] = None,
    top_level: Annotated[
        bool | None, Query(description="true: only groups without a parent")
    ] = None,
    active: bool | None = None,
    q: Q = None,
) -> ListResponse[ProductGroupOut]:
    page = page_request(limit, cursor, sort, tuple(queries.GROUP_SORTS))
    result = await queries.list_product_groups(
        uow.session,
        principal,
        queries.GroupFilters(parent_id=parent_id, top_level=top_level, active=active, q=q),
        page,
    )
    return ListResponse(
        items=[ProductGroupOut.model_validate(g) for g in result.items],
        next_cursor=result.next_cursor,
    )


@router.post(
    "/product-groups", status_code=201, response_model=ProductGroupOut, summary="Create a group"
)
async def create_product_group(
    body: ProductGroupCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        group = await catalog.create_product_group(
            uow, c, principal, ProductGroupInput(**body.model_dump())
        )
        return created(request, group, ProductGroupOut.model_validate(group))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/product-groups/{group_id}",
    response_model=ProductGroupOut,
    responses={404: {"description": "Not found"}},
)
async def get_product_group(
    group_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ProductGroupOut:
    group = await catalog.get_product_group(uow, principal, group_id)
    set_etag(response, group.version)
    return ProductGroupOut.model_validate(group)


@router.patch(
    "/product-groups/{group_id}", response_model=ProductGroupOut, responses=PATCH_RESPONSES
)
async def update_product_group(
    group_id: UUID,
    body: ProductGroupUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ProductGroupOut:
    group = await catalog.update_product_group(uow, c, principal, group_id, body.changes(), version)
    set_etag(response, group.version)
    return ProductGroupOut.model_validate(group)


# ------------------------------------------------------------------ products


@router.get("/products", response_model=ListResponse[ProductOut], summary="List products")
async def list_products(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: ProductSort = "name",
    product_group_id: UUID | None = None,
    kind: ProductKind | None = None,
    business_unit_id: UUID | None = None,
    active: bool | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Name or code")] = None,
) -> ListResponse[ProductOut]:
    page = page_request(limit, cursor, sort, tuple(queries.PRODUCT_SORTS))
    result = await queries.list_products(
        uow.session,
        principal,
        queries.ProductFilters(
            product_group_id=product_group_id,
            kind=kind.value if kind else None,
            business_unit_id=business_unit_id,
            active=active,
            q=q,
        ),
        page,
    )
    return ListResponse(
        items=[ProductOut.model_validate(p) for p in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "/products",
    status_code=201,
    response_model=ProductOut,
    summary="Create a product or service",
    responses={409: {"description": "The product code is taken"}},
)
async def create_product(
    body: ProductCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        product = await catalog.create_product(uow, c, principal, ProductInput(**body.model_dump()))
        return created(request, product, ProductOut.model_validate(product))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/products/{product_id}",
    response_model=ProductOut,
    responses={404: {"description": "Not found"}},
)
async def get_product(
    product_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ProductOut:
    product = await catalog.get_product(uow, principal, product_id)
    set_etag(response, product.version)
    return ProductOut.model_validate(product)


@router.patch("/products/{product_id}", response_model=ProductOut, responses=PATCH_RESPONSES)
async def update_product(
    product_id: UUID,
    body: ProductUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ProductOut:
    product = await catalog.update_product(uow, c, principal, product_id, body.changes(), version)
    set_etag(response, product.version)
    return ProductOut.model_validate(product)
