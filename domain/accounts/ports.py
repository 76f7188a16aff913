"""What the accounts context needs from the outside world."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.accounts.model import Account, Contact, ExternalId, TeamMember, TeamRole
from domain.shared import AuditLog, Scope


class AccountRepository(Protocol):
    async def get(self, account_id: UUID) -> Account | None: ...
    async def add(self, account: Account) -> None: ...
    async def update(self, account: Account, expected_version: int) -> None: ...
    async def by_business_id(self, business_id: str) -> Account | None: ...
    async def by_external_id(self, external: ExternalId) -> Account | None: ...
    async def similar(
        self, normalised_name: str, scope: Scope, limit: int, *, include_passive: bool = False
    ) -> list[Account]: ...
    async def parents(self, start: UUID) -> dict[UUID, UUID | None]:
        """The chain of parents above `start` (child → parent)."""
        ...


class ContactRepository(Protocol):
    async def get(self, contact_id: UUID) -> Contact | None: ...
    async def add(self, contact: Contact) -> None: ...
    async def update(self, contact: Contact, expected_version: int) -> None: ...


class UserDirectory(Protocol):
    """The little the accounts context needs to know about users."""

    async def business_unit_of(self, user_id: UUID) -> UUID | None:
        """The unit of an active user (None: no such user, or deactivated)."""
        ...

    async def business_unit_exists(self, unit_id: UUID) -> bool: ...
    async def name_of(self, user_id: UUID) -> str | None: ...


class AccountTeamRepository(Protocol):
    """The members of account teams (the account manager is on the account itself)."""

    async def members(self, account_id: UUID) -> list[TeamMember]: ...
    async def put(self, account_id: UUID, member: TeamMember) -> None:
        """Add the member, or replace the user's membership."""
        ...

    async def remove(self, account_id: UUID, user_id: UUID) -> None: ...


class TeamRoleRepository(Protocol):
    async def get(self, role_id: UUID) -> TeamRole | None: ...
    async def by_key(self, key: str) -> TeamRole | None: ...
    async def add(self, role: TeamRole) -> None: ...
    async def update(self, role: TeamRole, expected_version: int) -> None: ...


@dataclass(frozen=True)
class ReferenceMove:
    """What a merge does to one column that refers to accounts: `rows` of the duplicate's
    rows point at the survivor afterwards; `merged` of them collided with a row the survivor
    already had under a unique key (the same contact, team member or external system), and
    were combined into the survivor's row instead (the duplicate's copies of the first ones in
    `merged_rows`, so that the log keeps e.g. the external id that gave way)."""

    table: str
    column: str
    rows: int
    merged: int = 0
    merged_rows: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class AccountMerge:
    """The audit of one merge: the duplicate as it was, who merged it when, what moved."""

    id: UUID
    survivor_id: UUID
    duplicate_id: UUID
    duplicate_name: str
    duplicate: Mapping[str, Any]
    merged_by: UUID
    merged_at: datetime
    moves: tuple[ReferenceMove, ...] = ()
    filled: Mapping[str, Any] = field(default_factory=dict)


class AccountMerger(Protocol):
    """Moves everything that refers to one account onto another. Which tables and columns
    refer to accounts is the adapter's business (it reads the schema), so that new tables
    are covered without the domain knowing them."""

    async def lock(self, survivor_id: UUID, duplicate_id: UUID) -> None:
        """Hold both accounts until the transaction ends, so that no record can be added to
        the duplicate while it is being merged."""
        ...

    async def plan(self, survivor_id: UUID, duplicate_id: UUID) -> list[ReferenceMove]:
        """What `move` would do, changing nothing."""
        ...

    async def move(
        self, survivor_id: UUID, duplicate_id: UUID, at: datetime
    ) -> list[ReferenceMove]:
        """Point every reference to the duplicate at the survivor (the two accounts' own rows
        excepted: the use case writes those)."""
        ...

    async def release(self, account_id: UUID, expected_version: int) -> None:
        """Clear the duplicate's unique values (its business ID), so that the survivor can
        take them; StaleVersion if the duplicate changed since it was read."""
        ...

    async def delete(self, account_id: UUID) -> None:
        """Delete the account, by now referred to by nothing."""
        ...

    async def record(self, merge: AccountMerge) -> None: ...


class AccountsUnitOfWork(Protocol):
    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def contacts(self) -> ContactRepository: ...
    @property
    def directory(self) -> UserDirectory: ...
    @property
    def audit(self) -> AuditLog: ...
    @property
    def account_team(self) -> AccountTeamRepository: ...
    @property
    def account_team_roles(self) -> TeamRoleRepository: ...
    @property
    def account_merger(self) -> AccountMerger: ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
