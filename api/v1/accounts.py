"""/accounts: list, create (with duplicate checks), read, update, history, contacts. The
account team, passivation and merges are in `account_management`."""

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
from api.v1.contacts import contacts_out
from api.v1.history import history_page
from api.v1.schemas.accounts import (
    AccountContactOut,
    AccountCreate,
    AccountOut,
    AccountUpdate,
    HistoryOut,
    business_id_or_none,
)
from domain.accounts import AccountClass, AccountInput, AccountStatus, AccountType
from domain.accounts import services as accounts
from persistence.queries import accounts as queries

router = APIRouter(prefix="/accounts", tags=["accounts"])

AccountSort = Literal["name", "-name", "updated_at", "-updated_at", "created_at", "-created_at"]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such account, or not visible to you"}
}


def account_out(account: object) -> AccountOut:
    return AccountOut.model_validate(account)


@router.get("", response_model=ListResponse[AccountOut], summary="List accounts")
async def list_accounts(
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
    sort: AccountSort = "name",
    q: Annotated[str | None, Query(max_length=200, description="Name or business ID")] = None,
    status: AccountStatus | None = None,
    type: AccountType | None = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
    municipality: Annotated[str | None, Query(max_length=100)] = None,
    industry_code: Annotated[str | None, Query(max_length=5)] = None,
    owner_id: UUID | None = None,
    business_unit_id: UUID | None = None,
    account_manager_id: UUID | None = None,
    parent_id: UUID | None = None,
    tag: Annotated[str | None, Query(max_length=50)] = None,
    external_system: Annotated[str | None, Query(max_length=50)] = None,
    external_id: Annotated[str | None, Query(max_length=100)] = None,
    updated_since: Annotated[datetime | None, Query(description="ISO 8601 with zone")] = None,
    account_class: AccountClass | None = None,
    without_account_manager: Annotated[
        bool | None,
        Query(description="true: accounts with no account manager (no responsible person)"),
    ] = None,
    team_member_id: Annotated[
        UUID | None, Query(description="Accounts whose account team this user is on")
    ] = None,
    passive: Annotated[
        bool | None,
        Query(description="true: only passive accounts; false: only active ones"),
    ] = None,
    include_passive: Annotated[
        bool,
        Query(
            description="Passive accounts are left out unless this is true (or `passive` is "
            "given); a sync by `updated_since` should pass true, or follow /changes"
        ),
    ] = False,
) -> ListResponse[AccountOut]:
    page = page_request(limit, cursor, sort, tuple(queries.ACCOUNT_SORTS))
    filters = queries.AccountFilters(
        q=q,
        status=status,
        type=type,
        region=region,
        municipality=municipality,
        industry_code=industry_code,
        owner_id=owner_id,
        business_unit_id=business_unit_id,
        account_manager_id=account_manager_id,
        parent_id=parent_id,
        tag=tag,
        external_system=external_system,
        external_id=external_id,
        updated_since=updated_since,
        account_class=account_class,
        without_account_manager=without_account_manager,
        team_member_id=team_member_id,
        passive=passive,
        include_passive=include_passive,
    )
    result = await queries.list_accounts(uow.session, principal, filters, page)
    return ListResponse(
        items=[account_out(a) for a in result.items], next_cursor=result.next_cursor
    )


@router.post(
    "",
    status_code=201,
    response_model=AccountOut,
    summary="Create an account",
    responses={409: {"description": "An account with this business ID or external id exists"}},
)
async def create_account(
    body: AccountCreate,
    request: Request,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def create() -> tuple[int, dict[str, object], dict[str, str]]:
        account = await accounts.create_account(
            uow, c, principal, AccountInput(**body.domain_values())
        )
        if account.account_manager_id is not None:
            c.principals.clear()  # the account manager reads the account and its records
        return created(request, account, account_out(account))

    return await idempotent(request, c, principal, idempotency_key, create)


@router.get(
    "/duplicates",
    response_model=ListResponse[AccountOut],
    summary="Accounts that may already be the one you are about to create",
)
async def duplicates(
    uow: UowDep,
    principal: PrincipalDep,
    name: Annotated[str | None, Query(max_length=200)] = None,
    business_id: Annotated[str | None, Query(max_length=20)] = None,
    include_passive: Annotated[
        bool,
        Query(
            description="Also passive accounts among the name matches (an account with the "
            "same business ID is always shown)"
        ),
    ] = False,
) -> ListResponse[AccountOut]:
    try:
        normalised = business_id_or_none(business_id)
    except ValueError:
        normalised = None  # an invalid ID cannot match anything; the name may still
    found = await accounts.find_duplicates(
        uow, principal, name=name, business_id=normalised, include_passive=include_passive
    )
    return ListResponse(items=[account_out(a) for a in found], next_cursor=None)


@router.get("/{account_id}", response_model=AccountOut, responses=NOT_FOUND)
async def get_account(
    account_id: UUID, response: Response, uow: UowDep, principal: PrincipalDep
) -> AccountOut:
    account = await accounts.get_account(uow, principal, account_id)
    set_etag(response, account.version)
    return account_out(account)


@router.patch(
    "/{account_id}",
    response_model=AccountOut,
    responses={
        **NOT_FOUND,
        412: {"description": "Stale ETag"},
        428: {"description": "No If-Match"},
    },
)
async def update_account(
    account_id: UUID,
    body: AccountUpdate,
    version: IfMatch,
    response: Response,
    c: ContainerDep,
    uow: UowDep,
    principal: PrincipalDep,
) -> AccountOut:
    changes = body.domain_changes()
    account = await accounts.update_account(uow, c, principal, account_id, changes, version)
    if "account_manager_id" in changes:
        c.principals.clear()  # the account manager reads the account and its records
    set_etag(response, account.version)
    return account_out(account)


@router.get(
    "/{account_id}/history",
    response_model=ListResponse[HistoryOut],
    responses=NOT_FOUND,
    summary="Field-level change history, newest first",
)
async def account_history(
    account_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[HistoryOut]:
    await accounts.get_account(uow, principal, account_id)
    return await history_page(uow, "account", account_id, limit, cursor)


@router.get(
    "/{account_id}/contacts",
    response_model=ListResponse[AccountContactOut],
    responses=NOT_FOUND,
    summary="Contacts linked to the account",
)
async def account_contacts(
    account_id: UUID,
    uow: UowDep,
    principal: PrincipalDep,
    limit: Limit = 50,
    cursor: CursorParam = None,
) -> ListResponse[AccountContactOut]:
    await accounts.get_account(uow, principal, account_id)
    page = await queries.list_contacts(
        uow.session,
        principal,
        queries.ContactFilters(account_id=account_id),
        page_request(limit, cursor, "last_name", tuple(queries.CONTACT_SORTS)),
    )
    items = []
    for out, contact in zip(await contacts_out(uow, page.items), page.items, strict=True):
        role = next((link.role for link in contact.accounts if link.account_id == account_id), None)
        items.append(AccountContactOut(**out.model_dump(), role=role))
    return ListResponse(items=items, next_cursor=page.next_cursor)
