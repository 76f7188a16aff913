"""In-memory adapters of the domain ports: dictionaries instead of a database."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Generic, TypeVar
from uuid import UUID

from domain.accounts import Account, Contact, ExternalId, normalise_name
from domain.identity import BusinessUnit, RefreshToken, Role, Team, User
from domain.shared import AuditEntry, Change, Scope, StaleVersion, UuidV7Factory

T = TypeVar("T")


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class FakeRuntime:
    clock: FakeClock = field(default_factory=FakeClock)
    ids: UuidV7Factory = field(default_factory=UuidV7Factory)


class FakeHasher:
    """Reversible 'hashing' is fine in a test: the domain only calls hash and verify."""

    def hash(self, password: str) -> str:
        return f"hashed:{password}"

    def verify(self, password: str, hashed: str) -> bool:
        return hashed == f"hashed:{password}"


class _Store(Generic[T]):
    """Stores copies, so that an entity changed in memory is not 'saved' until update()."""

    def __init__(self, entity: str) -> None:
        self.entity = entity
        self.rows: dict[UUID, T] = {}

    async def get(self, record_id: UUID) -> T | None:
        row = self.rows.get(record_id)
        return copy.deepcopy(row) if row is not None else None

    async def add(self, record: T) -> None:
        self.rows[record.id] = copy.deepcopy(record)  # type: ignore[attr-defined]

    async def update(self, record: T, expected_version: int) -> None:
        stored = self.rows[record.id]  # type: ignore[attr-defined]
        if stored.version != expected_version:  # type: ignore[attr-defined]
            raise StaleVersion(self.entity, expected_version, stored.version)  # type: ignore[attr-defined]
        self.rows[record.id] = copy.deepcopy(record)  # type: ignore[attr-defined]


class FakeAccounts(_Store[Account]):
    async def get_many(self, account_ids: frozenset[UUID]) -> list[Account]:
        return [copy.deepcopy(self.rows[i]) for i in account_ids if i in self.rows]

    async def by_business_id(self, business_id: str) -> Account | None:
        return next((a for a in self.rows.values() if a.business_id == business_id), None)

    async def by_external_id(self, external: ExternalId) -> Account | None:
        return next((a for a in self.rows.values() if external in a.external_ids), None)

    async def similar(self, normalised_name: str, scope: Scope, limit: int) -> list[Account]:
        first = normalised_name.split()[0]
        hits = [
            a
            for a in self.rows.values()
            if scope.contains(a.owner_id, a.business_unit_id)
            and normalise_name(a.name).startswith(first)
        ]
        return sorted(hits, key=lambda a: (normalise_name(a.name) != normalised_name, a.name))[
            :limit
        ]

    async def parents(self, start: UUID) -> dict[UUID, UUID | None]:
        chain: dict[UUID, UUID | None] = {}
        current: UUID | None = start
        while current is not None and current not in chain and current in self.rows:
            chain[current] = self.rows[current].parent_id
            current = chain[current]
        return chain


class FakeContacts(_Store[Contact]):
    pass


class FakeDirectory:
    def __init__(self) -> None:
        self.units: dict[UUID, UUID] = {}

    async def business_unit_of(self, user_id: UUID) -> UUID | None:
        return self.units.get(user_id)

    async def business_unit_exists(self, unit_id: UUID) -> bool:
        return unit_id in self.units.values()


class FakeUsers(_Store[User]):
    async def get_by_email(self, email: str) -> User | None:
        return next((u for u in self.rows.values() if u.email == email.lower()), None)


class FakeUnits(_Store[BusinessUnit]):
    async def parents(self) -> dict[UUID, UUID | None]:
        return {u.id: u.parent_id for u in self.rows.values()}


class FakeTeams(_Store[Team]):
    def __init__(self, entity: str) -> None:
        super().__init__(entity)
        self.queue_members: dict[UUID, frozenset[UUID]] = {}

    async def teammates(self, user_id: UUID) -> frozenset[UUID]:
        mates = {m for t in self.rows.values() if user_id in t.member_ids for m in t.member_ids}
        return frozenset(mates | {user_id})

    async def queues_of(self, user_id: UUID) -> frozenset[UUID]:
        return self.queue_members.get(user_id, frozenset())


class FakeRoles(_Store[Role]):
    async def get_many(self, role_ids: frozenset[UUID]) -> list[Role]:
        return [self.rows[i] for i in role_ids if i in self.rows]

    async def get_by_name(self, name: str) -> Role | None:
        return next((r for r in self.rows.values() if r.name == name), None)


class FakeRefreshTokens:
    def __init__(self) -> None:
        self.rows: dict[UUID, RefreshToken] = {}

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        found = next((t for t in self.rows.values() if t.token_hash == token_hash), None)
        return copy.deepcopy(found) if found else None

    async def add(self, token: RefreshToken) -> None:
        self.rows[token.id] = copy.deepcopy(token)

    async def mark_used(self, token: RefreshToken, at: datetime) -> bool:
        stored = self.rows[token.id]
        if stored.used_at is not None:
            return False
        stored.used_at = at
        return True

    async def revoke_family(self, family_id: UUID, at: datetime) -> None:
        for t in self.rows.values():
            if t.family_id == family_id and t.revoked_at is None:
                t.revoked_at = at

    async def revoke_family_of_user(self, user_id: UUID, at: datetime) -> None:
        for t in self.rows.values():
            if t.user_id == user_id and t.revoked_at is None:
                t.revoked_at = at


class FakeAuditLog:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []
        self.changes: list[Change] = []

    async def record(self, entry: AuditEntry, change: Change) -> None:
        self.entries.append(entry)
        self.changes.append(change)


class FakeUnitOfWork:
    """Implements both AccountsUnitOfWork and IdentityUnitOfWork over dictionaries."""

    def __init__(self) -> None:
        self.accounts = FakeAccounts("account")
        self.contacts = FakeContacts("contact")
        self.directory = FakeDirectory()
        self.users = FakeUsers("user")
        self.business_units = FakeUnits("business_unit")
        self.teams = FakeTeams("team")
        self.roles = FakeRoles("role")
        self.refresh_tokens = FakeRefreshTokens()
        self.audit = FakeAuditLog()
        self.commits = 0

    async def commit(self) -> None:
        self.commits += 1

    async def rollback(self) -> None:
        pass
