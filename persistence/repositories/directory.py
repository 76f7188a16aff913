"""Lookups every context's directory port needs (a colleague, a contact with its accounts,
whether a unit exists). Each context maps the row to its own small type, so the contexts
stay independent while the SQL is written once."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from persistence.tables.accounts import contact_accounts, contacts
from persistence.tables.identity import business_units, users


@dataclass(frozen=True)
class UserRow:
    id: UUID
    name: str
    business_unit_id: UUID
    is_active: bool


@dataclass(frozen=True)
class ContactRow:
    id: UUID
    name: str
    owner_id: UUID
    business_unit_id: UUID
    account_ids: frozenset[UUID]


async def user_row(session: AsyncSession, user_id: UUID) -> UserRow | None:
    row = (
        await session.execute(
            sa.select(users.c.id, users.c.name, users.c.business_unit_id, users.c.is_active).where(
                users.c.id == user_id
            )
        )
    ).first()
    return UserRow(row.id, row.name, row.business_unit_id, row.is_active) if row else None


async def contact_row(session: AsyncSession, contact_id: UUID) -> ContactRow | None:
    """The contact's name, owner and unit (for the caller's access check) and the accounts
    it is linked to."""
    row = (
        await session.execute(
            sa.select(
                contacts.c.id,
                contacts.c.first_name,
                contacts.c.last_name,
                contacts.c.owner_id,
                contacts.c.business_unit_id,
            ).where(contacts.c.id == contact_id)
        )
    ).first()
    if row is None:
        return None
    linked = await session.scalars(
        sa.select(contact_accounts.c.account_id).where(contact_accounts.c.contact_id == contact_id)
    )
    return ContactRow(
        row.id,
        f"{row.first_name} {row.last_name}",
        row.owner_id,
        row.business_unit_id,
        frozenset(linked),
    )


async def business_unit_exists(session: AsyncSession, unit_id: UUID) -> bool:
    found = await session.scalar(
        sa.select(business_units.c.id).where(business_units.c.id == unit_id)
    )
    return found is not None
