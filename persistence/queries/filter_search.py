"""Accounts and contacts selected by a filter (`domain.shared.filter_catalogues`), in SQL.

`account_ids_matching` / `contact_ids_matching` give a `Select` of the ids of the records the
filter selects within the caller's read scope (`persistence.scoping.readable`); search,
count, dynamic segments and dynamic marketing lists all wrap them. Every condition becomes
part of one statement: fields are columns, many-valued fields and relations `IN (SELECT …)`
subqueries, and the related records are limited to what the caller may read too.

The SQL side of every catalogue is a `Source` in `SOURCES`, keyed by the catalogue's entity
name. Another context adds a relation with `register_relation` (and the domain side with
`FieldCatalogue.add_relation`), see docs/filters.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.offers.model import OFFER, ORDER
from domain.shared import PageRequest, Principal
from domain.shared.filter_catalogues import ACCOUNT_FILTERS, CONTACT_FILTERS
from domain.shared.filters import FieldCatalogue, Filter, FilterContext
from persistence.filters import Link, ManyField, Source, compile_source
from persistence.queries.paging import keyset_ids
from persistence.scoping import readable
from persistence.tables.accounts import accounts, contact_accounts, contacts
from persistence.tables.classifications import (
    account_classifications,
    classifications,
    contact_classifications,
)
from persistence.tables.offers import offers, orders

A, C, CA = accounts.c, contacts.c, contact_accounts.c
# Classifications nest at most this many levels (the service refuses deeper trees).
MAX_CLASSIFICATION_LEVELS = 6


def classification_and_descendants(ids: Sequence[Any]) -> sa.CompoundSelect[Any]:
    """The given classifications and every classification below them, in one statement."""
    level = sa.select(classifications.c.id).where(classifications.c.id.in_(ids))
    levels = [level]
    for _ in range(MAX_CLASSIFICATION_LEVELS - 1):
        level = sa.select(classifications.c.id).where(classifications.c.parent_id.in_(level))
        levels.append(level)
    return sa.union_all(*levels)


def _classified(table: sa.Table, owner: str) -> ManyField:
    def owners(values: Sequence[Any] | None) -> sa.Select[Any]:
        sub = sa.select(table.c[owner])
        if values is None:
            return sub
        # Asking for a classification finds what carries it or any classification below it.
        return sub.where(table.c.classification_id.in_(classification_and_descendants(values)))

    return ManyField(owners)


def _linked_accounts(values: Sequence[Any] | None) -> sa.Select[Any]:
    sub = sa.select(CA.contact_id)
    return sub if values is None else sub.where(CA.account_id.in_(values))


_PASSIVE = sa.case((A.passive_since.is_(None), sa.false()), else_=sa.true())

SOURCES: dict[str, Source] = {
    "account": Source(
        key=A.id,
        from_=accounts,
        columns={
            "name": A.name,
            "business_id": A.business_id,
            "type": A.type,
            "status": A.status,
            "region": A.region,
            "municipality": A.municipality,
            "size_class": sa.func.coalesce(A.size_class, 0),
            "account_class": A.account_class,
            "industry_code": A.industry_code,
            "owner_id": A.owner_id,
            "account_manager_id": A.account_manager_id,
            "business_unit_id": A.business_unit_id,
            "parent_id": A.parent_id,
            "passive": _PASSIVE,
            "created_at": A.created_at,
            "updated_at": A.updated_at,
        },
        folded={"name": A.sort_name},
        many={"classifications": _classified(account_classifications, "account_id")},
        relations={
            "orders": Link("order", orders.c.account_id),
            "offers": Link("offer", offers.c.account_id),
            "contacts": Link("account_contact", CA.account_id),
        },
        scope=lambda p: readable(p, "account", accounts),
    ),
    "contact": Source(
        key=C.id,
        from_=contacts,
        columns={
            name: C[name]
            for name in (
                "first_name",
                "last_name",
                "title",
                "email",
                "phone",
                "preferred_language",
                "marketing_consent",
                "owner_id",
                "business_unit_id",
                "created_at",
                "updated_at",
            )
        },
        many={
            "account_ids": ManyField(_linked_accounts),
            "classifications": _classified(contact_classifications, "contact_id"),
        },
        relations={
            "accounts": Link("contact_account", CA.contact_id),
            "orders": Link("order", orders.c.contact_id),
        },
        scope=lambda p: readable(p, "contact", contacts),
    ),
    "order": Source(
        key=orders.c.id,
        from_=orders,
        columns={
            "total": orders.c.total,
            "ordered_at": orders.c.ordered_on,
            "status": orders.c.status,
            "title": orders.c.title,
            "owner_id": orders.c.owner_id,
            "business_unit_id": orders.c.business_unit_id,
        },
        folded={"title": orders.c.sort_title},
        scope=lambda p: readable(p, ORDER, orders),
    ),
    "offer": Source(
        key=offers.c.id,
        from_=offers,
        columns={
            "total": offers.c.total,
            "offered_at": offers.c.offered_on,
            "valid_until": offers.c.valid_until,
            "status": offers.c.status,
            "title": offers.c.title,
            "owner_id": offers.c.owner_id,
            "business_unit_id": offers.c.business_unit_id,
        },
        folded={"title": offers.c.sort_title},
        scope=lambda p: readable(p, OFFER, offers),
    ),
    # An account's contacts: the link row with the contact.
    "account_contact": Source(
        key=CA.contact_id,
        from_=contact_accounts.join(contacts, C.id == CA.contact_id),
        columns={
            "buying_role": CA.buying_role,
            "role": CA.role,
            "first_name": C.first_name,
            "last_name": C.last_name,
            "email": C.email,
            "marketing_consent": C.marketing_consent,
        },
        many={"classifications": _classified(contact_classifications, "contact_id")},
        scope=lambda p: readable(p, "contact", contacts),
    ),
    # A contact's accounts: the link row, and through `account` the account itself.
    "contact_account": Source(
        key=CA.account_id,
        from_=contact_accounts,
        columns={"account_id": CA.account_id, "buying_role": CA.buying_role, "role": CA.role},
        relations={"account": Link("account", A.id)},
    ),
}


def register_relation(entity: str, name: str, link: Link, source: Source | None = None) -> None:
    """Add relation `name` to the SQL side of catalogue `entity`: `link.source` names the
    source of the related records (give `source` to add a new one under that name) and
    `link.owner` the column of those records that holds the starting record's key."""
    if source is not None:
        known = SOURCES.get(link.source)
        if known is not None and known is not source:
            raise ValueError(f"filter source {link.source!r} exists already")
        SOURCES[link.source] = source
    if link.source not in SOURCES:
        raise ValueError(f"no filter source {link.source!r}")
    SOURCES[entity].relations[name] = link


def _check(catalogue: FieldCatalogue, seen: set[str]) -> None:
    """Every field and relation of a catalogue has SQL (run by the tests)."""
    if catalogue.entity in seen:
        return
    seen.add(catalogue.entity)
    source = SOURCES[catalogue.entity]
    for spec in catalogue.fields.values():
        if spec.name not in (source.many if spec.many else source.columns):
            raise RuntimeError(f"{catalogue.entity}.{spec.name} has no SQL")
    for name, related in catalogue.relations.items():
        if name not in source.relations:
            raise RuntimeError(f"{catalogue.entity} relation {name} has no SQL")
        if source.relations[name].source != related.entity:
            raise RuntimeError(f"{catalogue.entity}.{name}: SQL and catalogue differ")
        _check(related, seen)


def check_sources() -> None:
    _check(ACCOUNT_FILTERS, set())
    _check(CONTACT_FILTERS, set())


def _matching(
    entity: str, filter: Filter, ctx: FilterContext, principal: Principal
) -> sa.ColumnElement[bool]:
    source = SOURCES[entity]
    where = compile_source(filter, source, ctx, sources=SOURCES, principal=principal)
    assert source.scope is not None  # noqa: S101
    return sa.and_(source.scope(principal), where)


def account_condition(
    filter: Filter, ctx: FilterContext, principal: Principal
) -> sa.ColumnElement[bool]:
    """WHERE over `accounts`: the filter within the caller's read scope."""
    return _matching("account", filter, ctx, principal)


def account_rule_condition(filter: Filter, ctx: FilterContext) -> sa.ColumnElement[bool]:
    """WHERE over `accounts`: the filter over every account and every related record — a
    dynamic segment's own definition, which the refresh job evaluates and readers see only
    through `readable()` on the accounts."""
    return compile_source(filter, SOURCES["account"], ctx, sources=SOURCES, unscoped=True)


def contact_condition(
    filter: Filter, ctx: FilterContext, principal: Principal
) -> sa.ColumnElement[bool]:
    """WHERE over `contacts`: the filter within the caller's read scope."""
    return _matching("contact", filter, ctx, principal)


def account_ids_matching(
    filter: Filter, ctx: FilterContext, principal: Principal
) -> sa.Select[tuple[UUID]]:
    """SELECT accounts.id of the accounts the filter selects that the caller may read."""
    return sa.select(A.id).where(account_condition(filter, ctx, principal))


def contact_ids_matching(
    filter: Filter, ctx: FilterContext, principal: Principal
) -> sa.Select[tuple[UUID]]:
    """SELECT contacts.id of the contacts the filter selects that the caller may read."""
    return sa.select(C.id).where(contact_condition(filter, ctx, principal))


def count_of(ids: sa.Select[Any]) -> sa.Select[Any]:
    """SELECT count(*) over one of the id selects above."""
    return sa.select(sa.func.count()).select_from(ids.subquery())


async def count_matching(session: AsyncSession, ids: sa.Select[Any]) -> int:
    return int((await session.execute(count_of(ids))).scalar_one())


async def search_account_ids(
    session: AsyncSession,
    principal: Principal,
    filter: Filter,
    page: PageRequest,
    now: datetime,
    sorts: Mapping[str, sa.ColumnElement[Any]],
) -> tuple[list[UUID], str | None]:
    ctx = FilterContext.of(principal, now)
    return await keyset_ids(
        session, accounts, account_condition(filter, ctx, principal), page, sorts
    )


async def search_contact_ids(
    session: AsyncSession,
    principal: Principal,
    filter: Filter,
    page: PageRequest,
    now: datetime,
    sorts: Mapping[str, sa.ColumnElement[Any]],
) -> tuple[list[UUID], str | None]:
    ctx = FilterContext.of(principal, now)
    return await keyset_ids(
        session, contacts, contact_condition(filter, ctx, principal), page, sorts
    )
