"""/classifications: the classification tree (admin-managed, read by everyone), and
`PUT/DELETE /accounts/{id}/classifications/{cid}` and the same for contacts, which tag a
record (whoever may edit the record may). Assigning a child implies its ancestors in
filters."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

import sqlalchemy as sa
from fastapi import APIRouter, Request, Response

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
from api.v1.schemas.filters import (
    AssignmentOut,
    ClassificationCreate,
    ClassificationKind,
    ClassificationOut,
    ClassificationUpdate,
)
from domain import careplans
from domain.accounts import classifications as service
from domain.shared import Page
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.classifications import assigned_ids
from persistence.scoping import readable
from persistence.tables.classifications import classifications as table

router = APIRouter(tags=["classifications"])

Sort = Literal["sort_order", "-sort_order", "key", "-key", "name", "-name", "created_at"]
SORTS: dict[str, sa.ColumnElement[Any]] = {
    "sort_order": table.c.sort_order,
    "key": table.c.key,
    "name": table.c.name,
    "created_at": table.c.created_at,
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such classification (or record), or not visible to you"}
}


@router.get(
    "/classifications",
    response_model=ListResponse[ClassificationOut],
    summary="List classifications",
)
async def list_classifications(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 200,
    cursor: CursorParam = None,
    sort: Sort = "sort_order",
    kind: ClassificationKind | None = None,
    parent_id: UUID | None = None,
    active: bool | None = None,
) -> ListResponse[ClassificationOut]:
    """The whole tree fits a page or two; build it from `parent_id`."""
    page = page_request(limit, cursor, sort, tuple(SORTS))
    conds = [readable(principal, service.CLASSIFICATION, table, owner_col=None, unit_col=None)]
    if kind is not None:
        conds.append(table.c.kind == kind)
    if parent_id is not None:
        conds.append(table.c.parent_id == parent_id)
    if active is not None:
        conds.append(table.c.is_active == active)
    ids, next_cursor = await keyset_ids(uow.session, table, sa.and_(*conds), page, SORTS)
    rows = (
        (await uow.session.execute(sa.select(table).where(table.c.id.in_(ids)))).mappings().all()
        if ids
        else []
    )
    found = [service.Classification(**dict(r)) for r in rows]
    result = Page(in_order(ids, found), next_cursor)
    return ListResponse(
        items=[ClassificationOut.model_validate(c) for c in result.items],
        next_cursor=result.next_cursor,
    )


@router.post(
    "/classifications",
    status_code=201,
    response_model=ClassificationOut,
    responses={409: {"description": "The key is taken for this kind"}},
    summary="Create a classification",
)
async def create_classification(
    body: ClassificationCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        record = await service.create_classification(
            uow, c, principal, service.ClassificationInput(**body.model_dump())
        )
        return created(request, record, ClassificationOut.model_validate(record))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/classifications/{classification_id}",
    response_model=ClassificationOut,
    responses=NOT_FOUND,
)
async def get_classification(
    classification_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ClassificationOut:
    record = await service.get_classification(uow, principal, classification_id)
    set_etag(response, record.version)
    return ClassificationOut.model_validate(record)


@router.patch(
    "/classifications/{classification_id}",
    response_model=ClassificationOut,
    responses={
        **NOT_FOUND,
        412: {"description": "Stale ETag"},
        428: {"description": "No If-Match"},
    },
    summary="Rename, move, reorder, deactivate or reactivate a classification",
)
async def update_classification(
    classification_id: UUID,
    body: ClassificationUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ClassificationOut:
    record = await service.update_classification(
        uow, c, principal, classification_id, body.changes(), version
    )
    set_etag(response, record.version)
    return ClassificationOut.model_validate(record)


async def _assign(
    kind: str,
    record_id: UUID,
    classification_id: UUID,
    assigned: bool,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> AssignmentOut:
    await service.set_assignment(
        uow, c, principal, kind, record_id, classification_id, assigned=assigned
    )
    if kind == "account":
        # A customer group's care plan may now apply (or stop applying): plan at once, as a
        # class change does (the nightly run would do it too).
        await careplans.generation.generate(
            uow, c, c.clock.now(), c.settings.care_plan_horizon_days, only={record_id}
        )
    return AssignmentOut(classification_ids=await assigned_ids(uow.session, kind, record_id))


@router.get(
    "/accounts/{account_id}/classifications",
    response_model=AssignmentOut,
    responses=NOT_FOUND,
    summary="An account's classifications",
)
async def account_classifications(
    account_id: UUID, uow: UowDep, principal: PrincipalDep
) -> AssignmentOut:
    from domain.accounts import services as accounts

    await accounts.get_account(uow, principal, account_id)
    return AssignmentOut(classification_ids=await assigned_ids(uow.session, "account", account_id))


@router.put(
    "/accounts/{account_id}/classifications/{classification_id}",
    response_model=AssignmentOut,
    responses=NOT_FOUND,
    summary="Tag an account with a classification (idempotent)",
)
async def assign_account(
    account_id: UUID, classification_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> AssignmentOut:
    return await _assign("account", account_id, classification_id, True, c, uow, principal)


@router.delete(
    "/accounts/{account_id}/classifications/{classification_id}",
    response_model=AssignmentOut,
    responses=NOT_FOUND,
    summary="Take a classification off an account",
)
async def unassign_account(
    account_id: UUID, classification_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> AssignmentOut:
    return await _assign("account", account_id, classification_id, False, c, uow, principal)


@router.get(
    "/contacts/{contact_id}/classifications",
    response_model=AssignmentOut,
    responses=NOT_FOUND,
    summary="A contact's classifications",
)
async def contact_classifications(
    contact_id: UUID, uow: UowDep, principal: PrincipalDep
) -> AssignmentOut:
    from domain.accounts.contacts import get_contact

    await get_contact(uow, principal, contact_id)
    return AssignmentOut(classification_ids=await assigned_ids(uow.session, "contact", contact_id))


@router.put(
    "/contacts/{contact_id}/classifications/{classification_id}",
    response_model=AssignmentOut,
    responses=NOT_FOUND,
    summary="Tag a contact with a classification (idempotent)",
)
async def assign_contact(
    contact_id: UUID, classification_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> AssignmentOut:
    return await _assign("contact", contact_id, classification_id, True, c, uow, principal)


@router.delete(
    "/contacts/{contact_id}/classifications/{classification_id}",
    response_model=AssignmentOut,
    responses=NOT_FOUND,
    summary="Take a classification off a contact",
)
async def unassign_contact(
    contact_id: UUID, classification_id: UUID, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> AssignmentOut:
    return await _assign("contact", contact_id, classification_id, False, c, uow, principal)
