"""Repositories for accounts and contacts, and the user directory the accounts context uses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts import (
    Account,
    AccountClass,
    AccountLink,
    AccountStatus,
    AccountType,
    Address,
    Contact,
    ExternalId,
    Language,
    normalise_name,
    sort_name,
)
from domain.shared import Scope
from persistence.repositories.base import versioned_update
from persistence.scoping import scope_clause
from persistence.tables.accounts import (
    account_external_ids,
    accounts,
    contact_accounts,
    contacts,
)
from persistence.tables.identity import business_units, users

ADDRESS_FIELDS = ("visiting_address", "postal_address", "billing_address")


# ------------------------------------------------------------------ row mapping


def _address(value: Mapping[str, Any] | None) -> Address | None:
    return Address(**value) if value else None


def account_row(account: Account) -> dict[str, Any]:
    values = {
        c.name: getattr(account, c.name) for c in accounts.columns if hasattr(account, c.name)
    }
    for name in ADDRESS_FIELDS:
        address = getattr(account, name)
        values[name] = asdict(address) if address else None
    values["tags"] = list(account.tags)
    values["sort_name"] = sort_name(account.name)
    values["search_name"] = normalise_name(account.name)
    return values


def account_from_row(row: Any, external: Sequence[ExternalId]) -> Account:
    values = {k: v for k, v in row.items() if k not in {"sort_name", "search_name"}}
    for name in ADDRESS_FIELDS:
        values[name] = _address(values[name])
    values["type"] = AccountType(values["type"])
    values["status"] = AccountStatus(values["status"])
    if values["account_class"] is not None:
        values["account_class"] = AccountClass(values["account_class"])
    values["tags"] = tuple(values["tags"] or ())
    return Account(**values, external_ids=tuple(external))


async def load_accounts(
    session: AsyncSession, condition: sa.ColumnElement[bool], order: Sequence[Any] = ()
) -> list[Account]:
    """Accounts matching a condition, with their external ids, in two queries."""
    rows = (
        (await session.execute(sa.select(accounts).where(condition).order_by(*order)))
        .mappings()
        .all()
    )
    if not rows:
        return []
    external: dict[UUID, list[ExternalId]] = {}
    ext_rows = await session.execute(
        sa.select(account_external_ids)
        .where(account_external_ids.c.account_id.in_([r["id"] for r in rows]))
        .order_by(account_external_ids.c.system)
    )
    for e in ext_rows:
        external.setdefault(e.account_id, []).append(ExternalId(e.system, e.external_id))
    return [account_from_row(r, external.get(r["id"], [])) for r in rows]


def contact_row(contact: Contact) -> dict[str, Any]:
    values = {
        c.name: getattr(contact, c.name) for c in contacts.columns if hasattr(contact, c.name)
    }
    values["sort_name"] = f"{contact.last_name} {contact.first_name}".casefold()
    return values


async def load_contacts(
    session: AsyncSession, condition: sa.ColumnElement[bool], order: Sequence[Any] = ()
) -> list[Contact]:
    rows = (
        (await session.execute(sa.select(contacts).where(condition).order_by(*order)))
        .mappings()
        .all()
    )
    if not rows:
        return []
    links: dict[UUID, list[AccountLink]] = {}
    link_rows = await session.execute(
        sa.select(contact_accounts)
        .where(contact_accounts.c.contact_id.in_([r["id"] for r in rows]))
        .order_by(contact_accounts.c.account_id)
    )
    for link in link_rows:
        links.setdefault(link.contact_id, []).append(
            AccountLink(link.account_id, link.role, link.buying_role)
        )
    return [
        Contact(
            **{k: v for k, v in r.items() if k != "sort_name"}
            | {"preferred_language": Language(r["preferred_language"])},
            accounts=tuple(links.get(r["id"], [])),
        )
        for r in rows
    ]


# ------------------------------------------------------------------ repositories


class SqlAccounts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, account_id: UUID) -> Account | None:
        found = await load_accounts(self.session, accounts.c.id == account_id)
        return found[0] if found else None

    async def _set_external(self, account: Account) -> None:
        await self.session.execute(
            sa.delete(account_external_ids).where(account_external_ids.c.account_id == account.id)
        )
        if account.external_ids:
            await self.session.execute(
                sa.insert(account_external_ids),
                [
                    {"account_id": account.id, "system": e.system, "external_id": e.external_id}
                    for e in account.external_ids
                ],
            )

    async def add(self, account: Account) -> None:
        await self.session.execute(sa.insert(accounts).values(**account_row(account)))
        await self._set_external(account)

    async def add_many(self, batch: Iterable[Account]) -> None:
        """Bulk insert for imports and demo data (one executemany per table)."""
        items = list(batch)
        if not items:
            return
        await self.session.execute(sa.insert(accounts), [account_row(a) for a in items])
        ext = [
            {"account_id": a.id, "system": e.system, "external_id": e.external_id}
            for a in items
            for e in a.external_ids
        ]
        if ext:
            await self.session.execute(sa.insert(account_external_ids), ext)

    async def update(self, account: Account, expected_version: int) -> None:
        await versioned_update(
            self.session, accounts, "account", account.id, expected_version, account_row(account)
        )
        await self._set_external(account)

    async def by_business_id(self, business_id: str) -> Account | None:
        found = await load_accounts(self.session, accounts.c.business_id == business_id)
        return found[0] if found else None

    async def by_external_id(self, external: ExternalId) -> Account | None:
        owner = sa.select(account_external_ids.c.account_id).where(
            account_external_ids.c.system == external.system,
            account_external_ids.c.external_id == external.external_id,
        )
        found = await load_accounts(self.session, accounts.c.id.in_(owner))
        return found[0] if found else None

    async def similar(
        self, normalised_name: str, scope: Scope, limit: int, *, include_passive: bool = False
    ) -> list[Account]:
        first_word = normalised_name.split()[0]
        condition = sa.and_(
            scope_clause(
                scope, owner_col=accounts.c.owner_id, unit_col=accounts.c.business_unit_id
            ),
            sa.or_(
                accounts.c.search_name == normalised_name,
                accounts.c.search_name.startswith(first_word, autoescape=True),
            ),
            sa.true() if include_passive else accounts.c.passive_since.is_(None),
        )
        # Exact normalised matches first, then the rest alphabetically.
        exact_first = sa.case((accounts.c.search_name == normalised_name, 0), else_=1)
        rows = await self.session.execute(
            sa.select(accounts.c.id)
            .where(condition)
            .order_by(exact_first, accounts.c.sort_name)
            .limit(limit)
        )
        ids = [r.id for r in rows]
        loaded = {a.id: a for a in await load_accounts(self.session, accounts.c.id.in_(ids))}
        return [loaded[i] for i in ids]

    async def parents(self, start: UUID) -> dict[UUID, UUID | None]:
        chain: dict[UUID, UUID | None] = {}
        current: UUID | None = start
        while current is not None and current not in chain:
            parent = await self.session.scalar(
                sa.select(accounts.c.parent_id).where(accounts.c.id == current)
            )
            chain[current] = parent
            current = parent
        return chain


class SqlContacts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, contact_id: UUID) -> Contact | None:
        found = await load_contacts(self.session, contacts.c.id == contact_id)
        return found[0] if found else None

    async def _set_links(self, contact: Contact) -> None:
        await self.session.execute(
            sa.delete(contact_accounts).where(contact_accounts.c.contact_id == contact.id)
        )
        if contact.accounts:
            await self.session.execute(
                sa.insert(contact_accounts),
                [
                    {
                        "contact_id": contact.id,
                        "account_id": link.account_id,
                        "role": link.role,
                        "buying_role": link.buying_role,
                    }
                    for link in contact.accounts
                ],
            )

    async def add(self, contact: Contact) -> None:
        await self.session.execute(sa.insert(contacts).values(**contact_row(contact)))
        await self._set_links(contact)

    async def add_many(self, batch: Iterable[Contact]) -> None:
        items = list(batch)
        if not items:
            return
        await self.session.execute(sa.insert(contacts), [contact_row(c) for c in items])
        links = [
            {
                "contact_id": c.id,
                "account_id": link.account_id,
                "role": link.role,
                "buying_role": link.buying_role,
            }
            for c in items
            for link in c.accounts
        ]
        if links:
            await self.session.execute(sa.insert(contact_accounts), links)

    async def update(self, contact: Contact, expected_version: int) -> None:
        await versioned_update(
            self.session, contacts, "contact", contact.id, expected_version, contact_row(contact)
        )
        await self._set_links(contact)


class SqlUserDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def business_unit_of(self, user_id: UUID) -> UUID | None:
        return await self.session.scalar(
            sa.select(users.c.business_unit_id).where(users.c.id == user_id, users.c.is_active)
        )

    async def business_unit_exists(self, unit_id: UUID) -> bool:
        found = await self.session.scalar(
            sa.select(business_units.c.id).where(business_units.c.id == unit_id)
        )
        return found is not None

    async def name_of(self, user_id: UUID) -> str | None:
        return await self.session.scalar(sa.select(users.c.name).where(users.c.id == user_id))
