"""/business-units: the organisation tree that access depths follow."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import Request, Response

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
from api.pagination import CursorParam, Limit, ListResponse
from api.v1.admin_common import (
    NOT_VISIBLE,
    PATCH_RESPONSES,
    ListQuery,
    Q,
    Since,
    admin_router,
    list_page,
    visible,
)
from api.v1.schemas.identity import BusinessUnitCreate, BusinessUnitOut, BusinessUnitUpdate
from domain.identity import services as identity
from persistence.queries.identity import UNITS

router = admin_router()


@router.get("/business-units", response_model=ListResponse[BusinessUnitOut])
async def list_business_units(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: Literal["name", "-name", "created_at", "-created_at"] = "name",
    q: Q = None,
    updated_since: Since = None,
    parent_id: UUID | None = None,
) -> ListResponse[BusinessUnitOut]:
    query = ListQuery(limit, cursor, sort, q, updated_since)
    return await list_page(
        uow, principal, UNITS, query, {"parent_id": parent_id}, BusinessUnitOut.model_validate
    )


@router.post("/business-units", status_code=201, response_model=BusinessUnitOut)
async def create_business_unit(
    body: BusinessUnitCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        unit = await identity.create_business_unit(
            uow, c, principal, name=body.name, parent_id=body.parent_id
        )
        return created(request, unit, BusinessUnitOut.model_validate(unit))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/business-units/{unit_id}",
    response_model=BusinessUnitOut,
    responses=NOT_VISIBLE,
)
async def get_business_unit(
    unit_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> BusinessUnitOut:
    unit = await visible(uow, principal, UNITS, unit_id)
    set_etag(response, unit.version)
    return BusinessUnitOut.model_validate(unit)


@router.patch(
    "/business-units/{unit_id}",
    response_model=BusinessUnitOut,
    responses=PATCH_RESPONSES,
)
async def update_business_unit(
    unit_id: UUID,
    body: BusinessUnitUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> BusinessUnitOut:
    await visible(uow, principal, UNITS, unit_id)
    unit = await identity.update_business_unit(uow, c, principal, unit_id, body.changes(), version)
    set_etag(response, unit.version)
    return BusinessUnitOut.model_validate(unit)
