"""The batch look-ups of the sales project import (domain.sales.imports.ImportDirectory).

Accounts come back whoever may read them: the domain decides readability with
`Principal.allows`, the same rule `persistence.scoping.readable` applies, and reports an
unreadable account exactly like a missing one."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import TypeVar
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.sales.imports import ImportAccount, ImportType, ImportUser, fold
from domain.sales.types import ProjectType
from persistence.repositories.project_types import find_version_number
from persistence.tables.accounts import accounts
from persistence.tables.identity import users
from persistence.tables.sales import project_types, sales_projects

CHUNK = 500
T = TypeVar("T")


def _chunks(values: Collection[T]) -> Iterator[Sequence[T]]:
    items = sorted(values, key=str)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


class SqlImportDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def project_types(self) -> list[ImportType]:
        rows = (
            (await self.session.execute(sa.select(project_types).order_by(project_types.c.key)))
            .mappings()
            .all()
        )
        found: list[ImportType] = []
        for r in rows:
            template = await find_version_number(self.session, r["id"], r["current_version"])
            if template is None:
                continue
            kind = ProjectType(
                id=r["id"],
                key=r["key"],
                name=r["name"],
                name_en=r["name_en"],
                name_sv=r["name_sv"],
                description=r["description"],
                is_active=r["is_active"],
                current_version=r["current_version"],
                created_at=r["created_at"],
                updated_at=r["updated_at"],
                version=r["version"],
            )
            found.append(ImportType(kind, template))
        return found

    async def accounts_by_business_id(
        self, business_ids: Collection[str]
    ) -> dict[str, ImportAccount]:
        found: dict[str, ImportAccount] = {}
        for chunk in _chunks(business_ids):
            for r in await self.session.execute(
                sa.select(
                    accounts.c.id,
                    accounts.c.business_id,
                    accounts.c.name,
                    accounts.c.owner_id,
                    accounts.c.business_unit_id,
                    accounts.c.region,
                    accounts.c.passive_since,
                ).where(accounts.c.business_id.in_(chunk))
            ):
                found[r.business_id] = ImportAccount(
                    r.id,
                    r.business_id,
                    r.name,
                    r.owner_id,
                    r.business_unit_id,
                    r.region,
                    passive=r.passive_since is not None,
                )
        return found

    async def users_by_email(self, emails: Collection[str]) -> dict[str, ImportUser]:
        found: dict[str, ImportUser] = {}
        for chunk in _chunks(emails):
            for r in await self.session.execute(
                sa.select(
                    users.c.id, users.c.email, users.c.business_unit_id, users.c.is_active
                ).where(users.c.email.in_(chunk))
            ):
                email = r.email.lower()
                found[email] = ImportUser(r.id, email, r.business_unit_id, r.is_active)
        return found

    async def existing_projects(self, account_ids: Collection[UUID]) -> set[tuple[UUID, UUID, str]]:
        found: set[tuple[UUID, UUID, str]] = set()
        for chunk in _chunks(account_ids):
            for r in await self.session.execute(
                sa.select(
                    sales_projects.c.project_type_id,
                    sales_projects.c.account_id,
                    sales_projects.c.name,
                ).where(sales_projects.c.account_id.in_(chunk))
            ):
                found.add((r.project_type_id, r.account_id, fold(r.name)))
        return found
