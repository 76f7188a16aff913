"""/contacts: persons, linked to zero or more accounts with a role."""

from __future__ import annotations

from datetime import datetime
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
from api.v1.history import history_page
from api.v1.schemas.accounts import (
    ContactAccountOut,
    ContactCreate,
    ContactOut,
    ContactUpdate,
    HistoryOut,
)
from domain.accounts import Contact, ContactInput, Language
from domain.accounts import services as accounts
from persistence.queries import accounts as queries
from persistence.uow import SqlUnitOfWork

router = APIRouter(prefix="/contacts", tags=["contacts"])

ContactSort = Literal[
    "last_name", "-last_name", "updated_at", "-updated_at", "created_at", "-created_at"
]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such contact, or not visible to you"}
}


async def contacts_out(uow: SqlUnitOfWork, items: list[Contact]) -> list[ContactOut]:
    """Contacts with the names of their accounts (one query for the whole page)."""
    names = await queries.account_names(
        uow.session, {link.account_id for c in items for link in c.accounts}
    )
    out = []
    for c in items:
        data = {k: getattr(c, k) for k in ContactOut.model_fields if k != "accounts"}
        data["accounts"] = [
            ContactAccountOut(
                account_id=link.account_id,
                account_name=names.get(link.account_id),
                role=link.role,
                buying_role=link.buying_role,
            )
            for link in c.accounts
        ]
        out.append(ContactOut.model_validate(data))
    return out


@router.get("", response_model=ListResponse[ContactOut], summary="List contacts")
async def list_contacts(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: ContactSort = "last_name",
    q: Annotated[str | None, Query(max_length=200, description="Name or e-mail")] = None,
    account_id: UUID | None = None,
    owner_id: UUID | None = None,
    business_unit_id: UUID | None = None,
    email: Annotated[str | None, Query(max_length=320)] = None,
    marketing_consent: bool | None = None,
    preferred_language: Language | None = None,
    without_account: Annotated[
        bool | None,
        Query(description="true: person customers only; false: only contacts of some account"),
    ] = None,
    updated_since: Annotated[datetime | None, Query(description="ISO 8601 with zone")] = None,
) -> ListResponse[ContactOut]:
    page = page_request(limit, cursor, sort, tuple(queries.CONTACT_SORTS))
    filters = queries.ContactFilters(
        q=q,
        account_id=account_id,
        owner_id=owner_id,
        business_unit_id=business_unit_id,
        email=email,
        marketing_consent=marketing_consent,
        preferred_language=preferred_language,
        without_account=without_account,
        updated_since=updated_since,
    )
    result = await queries.list_contacts(uow.session, principal, filters, page)
    return ListResponse(items=await contacts_out(uow, result.items), next_cursor=result.next_cursor)


@router.post("", status_code=201, response_model=ContactOut, summary="Create a contact")
async def create_contact(
    body: ContactCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        contact = await accounts.create_contact(
            uow, c, principal, ContactInput(**body.domain_values())
        )
        (out,) = await contacts_out(uow, [contact])
        return created(request, contact, out)

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get("/{contact_id}", response_model=ContactOut, responses=NOT_FOUND)
async def get_contact(
    contact_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> ContactOut:
    contact = await accounts.get_contact(uow, principal, contact_id)
    set_etag(response, contact.version)
    (out,) = await contacts_out(uow, [contact])
    return out


@router.patch(
    "/{contact_id}",
    response_model=ContactOut,
    responses={
        **NOT_FOUND,
        412: {"description": "Stale ETag"},
        428: {"description": "No If-Match"},
    },
)
async def update_contact(
    contact_id: UUID,
    body: ContactUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> ContactOut:
    contact = await accounts.update_contact(
        uow, c, principal, contact_id, body.domain_changes(), version
    )
    set_etag(response, contact.version)
    (out,) = await contacts_out(uow, [contact])
    return out


@router.get(
    "/{contact_id}/history",
    response_model=ListResponse[HistoryOut],
    responses=NOT_FOUND,
    summary="Field-level change history, newest first",
)
async def contact_history(
    contact_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[HistoryOut]:
    await accounts.get_contact(uow, principal, contact_id)
    return await history_page(uow, "contact", contact_id, limit, cursor)
