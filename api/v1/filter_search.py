"""Filter searches over accounts and contacts (`POST /accounts/search`, `…/search/count`,
`POST /contacts/search`, `…/search/count`) and the filter catalogues the SPA's filter
builder reads (`GET /filter-catalogues/{entity}`). Every result is within the caller's read
scope; a malformed filter is a 422 naming the path of the bad node."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import ContainerDep, PrincipalDep, UowDep
from api.pagination import ListResponse
from api.v1.accounts import account_out
from api.v1.contacts import contacts_out
from api.v1.schemas.accounts import AccountOut, ContactOut
from api.v1.schemas.filters import (
    AccountSearchIn,
    ContactSearchIn,
    CountOut,
    FilterCatalogueOut,
    FilterCountIn,
)
from domain.shared import NotFound, PageRequest, SortKey
from domain.shared.filter_catalogues import ACCOUNT_FILTERS, CONTACT_FILTERS, FILTER_CATALOGUES
from domain.shared.filters import FilterContext, parse_filter
from persistence.queries import accounts as account_queries
from persistence.queries import filter_search as queries
from persistence.repositories.accounts import load_accounts, load_contacts

router = APIRouter(tags=["filters"])

INVALID: dict[int | str, dict[str, Any]] = {
    422: {
        "description": "The filter, sort or cursor is not valid (errors name the path, "
        "e.g. body.filter.all.2.value)"
    }
}


@router.get(
    "/filter-catalogues/{entity}",
    response_model=FilterCatalogueOut,
    summary="The fields and relations a filter over accounts or contacts may use",
    responses={404: {"description": "No such catalogue (account, contact)"}},
)
async def filter_catalogue(entity: str, principal: PrincipalDep) -> FilterCatalogueOut:
    catalogue = FILTER_CATALOGUES.get(entity)
    if catalogue is None:
        raise NotFound("filter_catalogue", entity)
    return FilterCatalogueOut.model_validate(catalogue.describe_tree(3))


@router.post(
    "/accounts/search",
    response_model=ListResponse[AccountOut],
    summary="Search accounts with a filter",
    responses=INVALID,
)
async def search_accounts(
    body: AccountSearchIn, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> ListResponse[AccountOut]:
    """The next page: the same body with `cursor` = `next_cursor`."""
    filter_ = parse_filter(body.filter, ACCOUNT_FILTERS)
    sorts = account_queries.ACCOUNT_SORTS
    page = PageRequest(body.limit, body.cursor, SortKey.parse(body.sort, tuple(sorts)))
    page.decoded_cursor()
    ids, next_cursor = await queries.search_account_ids(
        uow.session, principal, filter_, page, c.clock.now(), sorts
    )
    found = await load_accounts(uow.session, queries.A.id.in_(ids)) if ids else []
    by_id = {a.id: a for a in found}
    return ListResponse(
        items=[account_out(by_id[i]) for i in ids if i in by_id], next_cursor=next_cursor
    )


@router.post(
    "/accounts/search/count",
    response_model=CountOut,
    summary="Count the accounts a filter selects",
    responses=INVALID,
)
async def count_accounts(
    body: FilterCountIn, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> CountOut:
    filter_ = parse_filter(body.filter, ACCOUNT_FILTERS)
    ctx = FilterContext.of(principal, c.clock.now())
    ids = queries.account_ids_matching(filter_, ctx, principal)
    return CountOut(count=await queries.count_matching(uow.session, ids))


@router.post(
    "/contacts/search",
    response_model=ListResponse[ContactOut],
    summary="Search contacts with a filter",
    responses=INVALID,
)
async def search_contacts(
    body: ContactSearchIn, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> ListResponse[ContactOut]:
    """The next page: the same body with `cursor` = `next_cursor`."""
    filter_ = parse_filter(body.filter, CONTACT_FILTERS)
    sorts = account_queries.CONTACT_SORTS
    page = PageRequest(body.limit, body.cursor, SortKey.parse(body.sort, tuple(sorts)))
    page.decoded_cursor()
    ids, next_cursor = await queries.search_contact_ids(
        uow.session, principal, filter_, page, c.clock.now(), sorts
    )
    found = await load_contacts(uow.session, queries.C.id.in_(ids)) if ids else []
    by_id = {x.id: x for x in found}
    items = await contacts_out(uow, [by_id[i] for i in ids if i in by_id])
    return ListResponse(items=items, next_cursor=next_cursor)


@router.post(
    "/contacts/search/count",
    response_model=CountOut,
    summary="Count the contacts a filter selects",
    responses=INVALID,
)
async def count_contacts(
    body: FilterCountIn, c: ContainerDep, uow: UowDep, principal: PrincipalDep
) -> CountOut:
    filter_ = parse_filter(body.filter, CONTACT_FILTERS)
    ctx = FilterContext.of(principal, c.clock.now())
    ids = queries.contact_ids_matching(filter_, ctx, principal)
    return CountOut(count=await queries.count_matching(uow.session, ids))
