"""List queries for accounts and contacts, and per-record history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts import Account, Contact, normalise_name
from domain.shared import Page, PageRequest, Principal
from persistence.queries.paging import in_order, keyset_ids
from persistence.repositories.accounts import load_accounts, load_contacts
from persistence.scoping import readable
from persistence.tables.accounts import (
    account_external_ids,
    account_team_members,
    accounts,
    contact_accounts,
    contacts,
)

ACCOUNT_SORTS = {
    "name": accounts.c.sort_name,
    "updated_at": accounts.c.updated_at,
    "created_at": accounts.c.created_at,
}
CONTACT_SORTS = {
    "last_name": contacts.c.sort_name,
    "updated_at": contacts.c.updated_at,
    "created_at": contacts.c.created_at,
}


@dataclass(frozen=True)
class AccountFilters:
    q: str | None = None
    status: str | None = None
    type: str | None = None
    region: str | None = None
    municipality: str | None = None
    industry_code: str | None = None
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None
    account_manager_id: UUID | None = None
    parent_id: UUID | None = None
    tag: str | None = None
    external_system: str | None = None
    external_id: str | None = None
    updated_since: datetime | None = None
    account_class: str | None = None
    # True: only accounts without one (the list of customers with no responsible person).
    without_account_manager: bool | None = None
    team_member_id: UUID | None = None
    # None: active accounts only (the default lists); True / False: only passive / active;
    # `include_passive` with passive None: both.
    passive: bool | None = None
    include_passive: bool = False


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def account_conditions(principal: Principal, f: AccountFilters) -> sa.ColumnElement[bool]:
    conds: list[sa.ColumnElement[bool]] = [readable(principal, "account", accounts)]
    for name in (
        "status",
        "type",
        "region",
        "municipality",
        "industry_code",
        "owner_id",
        "business_unit_id",
        "account_manager_id",
        "parent_id",
        "account_class",
    ):
        value = getattr(f, name)
        if value is not None:
            conds.append(accounts.c[name] == value)
    if f.without_account_manager is not None:
        unmanaged = accounts.c.account_manager_id.is_(None)
        conds.append(unmanaged if f.without_account_manager else sa.not_(unmanaged))
    if f.team_member_id is not None:
        conds.append(
            accounts.c.id.in_(
                sa.select(account_team_members.c.account_id).where(
                    account_team_members.c.user_id == f.team_member_id
                )
            )
        )
    passive = accounts.c.passive_since.is_not(None)
    if f.passive is not None:
        conds.append(passive if f.passive else sa.not_(passive))
    elif not f.include_passive:
        conds.append(sa.not_(passive))
    if f.updated_since is not None:
        conds.append(accounts.c.updated_at >= f.updated_since)
    if f.q:
        text = f.q.strip()
        normalised = normalise_name(text)
        options = [
            accounts.c.sort_name.like(_like(text.casefold()), escape="\\"),
            accounts.c.business_id == text,
        ]
        if normalised:
            options.append(accounts.c.search_name.like(_like(normalised), escape="\\"))
        conds.append(sa.or_(*options))
    if f.tag:
        # JSON arrays differ per database; a quoted-string match works on both encodings.
        conds.append(sa.cast(accounts.c.tags, sa.String).like(_like(f'"{f.tag}"'), escape="\\"))
    if f.external_system or f.external_id:
        sub = sa.select(account_external_ids.c.account_id)
        if f.external_system:
            sub = sub.where(account_external_ids.c.system == f.external_system)
        if f.external_id:
            sub = sub.where(account_external_ids.c.external_id == f.external_id)
        conds.append(accounts.c.id.in_(sub))
    return sa.and_(*conds)


async def list_accounts(
    session: AsyncSession, principal: Principal, filters: AccountFilters, page: PageRequest
) -> Page[Account]:
    ids, next_cursor = await keyset_ids(
        session,
        accounts,
        account_conditions(principal, filters),
        page,
        ACCOUNT_SORTS,
        filter_first=bool(filters.q),
    )
    records = await load_accounts(session, accounts.c.id.in_(ids)) if ids else []
    return Page(in_order(ids, records), next_cursor)


@dataclass(frozen=True)
class ContactFilters:
    q: str | None = None
    account_id: UUID | None = None
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None
    email: str | None = None
    marketing_consent: bool | None = None
    preferred_language: str | None = None
    without_account: bool | None = None
    updated_since: datetime | None = None


def contact_conditions(principal: Principal, f: ContactFilters) -> sa.ColumnElement[bool]:
    conds: list[sa.ColumnElement[bool]] = [readable(principal, "contact", contacts)]
    for name in ("owner_id", "business_unit_id", "marketing_consent", "preferred_language"):
        value = getattr(f, name)
        if value is not None:
            conds.append(contacts.c[name] == value)
    if f.email:
        conds.append(contacts.c.email == f.email.strip().lower())
    if f.updated_since is not None:
        conds.append(contacts.c.updated_at >= f.updated_since)
    if f.account_id is not None:
        conds.append(
            contacts.c.id.in_(
                sa.select(contact_accounts.c.contact_id).where(
                    contact_accounts.c.account_id == f.account_id
                )
            )
        )
    if f.without_account is not None:
        linked = contacts.c.id.in_(sa.select(contact_accounts.c.contact_id))
        conds.append(sa.not_(linked) if f.without_account else linked)
    if f.q:
        # sort_name is "last first" case-folded, so it finds either name; on PostgreSQL both
        # columns have trigram indexes (migration 0004), which serve these LIKEs.
        text = _like(f.q.strip().casefold())
        conds.append(
            sa.or_(
                contacts.c.sort_name.like(text, escape="\\"),
                contacts.c.email.like(text, escape="\\"),
            )
        )
    return sa.and_(*conds)


async def list_contacts(
    session: AsyncSession, principal: Principal, filters: ContactFilters, page: PageRequest
) -> Page[Contact]:
    ids, next_cursor = await keyset_ids(
        session,
        contacts,
        contact_conditions(principal, filters),
        page,
        CONTACT_SORTS,
        filter_first=bool(filters.q),
    )
    records = await load_contacts(session, contacts.c.id.in_(ids)) if ids else []
    return Page(in_order(ids, records), next_cursor)


async def account_names(session: AsyncSession, ids: set[UUID]) -> dict[UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(
        sa.select(accounts.c.id, accounts.c.name).where(accounts.c.id.in_(ids))
    )
    return {r.id: r.name for r in rows}
