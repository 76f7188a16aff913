"""In-memory adapters of the domain ports: dictionaries instead of a database."""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, TypeVar
from uuid import UUID, uuid4

from domain.accounts import Account, Contact, ExternalId, TeamMember, TeamRole, normalise_name
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

    async def similar(
        self, normalised_name: str, scope: Scope, limit: int, *, include_passive: bool = False
    ) -> list[Account]:
        first = normalised_name.split()[0]
        hits = [
            a
            for a in self.rows.values()
            if scope.contains(a.owner_id, a.business_unit_id)
            and normalise_name(a.name).startswith(first)
            and (include_passive or not a.is_passive)
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
        self.units: dict[UUID, UUID] = {}  # active users
        self.names: dict[UUID, str] = {}

    async def business_unit_of(self, user_id: UUID) -> UUID | None:
        return self.units.get(user_id)

    async def business_unit_exists(self, unit_id: UUID) -> bool:
        return unit_id in self.units.values()

    async def name_of(self, user_id: UUID) -> str | None:
        return self.names.get(user_id)


class FakeAccountTeam:
    def __init__(self) -> None:
        self.teams: dict[UUID, dict[UUID, TeamMember]] = {}

    async def members(self, account_id: UUID) -> list[TeamMember]:
        return list(self.teams.get(account_id, {}).values())

    async def put(self, account_id: UUID, member: TeamMember) -> None:
        self.teams.setdefault(account_id, {})[member.user_id] = member

    async def remove(self, account_id: UUID, user_id: UUID) -> None:
        self.teams.get(account_id, {}).pop(user_id, None)


class FakeTeamRoles(_Store[TeamRole]):
    async def by_key(self, key: str) -> TeamRole | None:
        return next((r for r in self.rows.values() if r.key == key), None)


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

    async def accounts_of(self, user_id: UUID) -> tuple[frozenset[UUID], frozenset[UUID]]:
        return frozenset(), frozenset()


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
        self.account_team = FakeAccountTeam()
        self.account_team_roles = FakeTeamRoles("account_team_role")
        self.users = FakeUsers("user")
        self.business_units = FakeUnits("business_unit")
        self.teams = FakeTeams("team")
        self.roles = FakeRoles("role")
        self.refresh_tokens = FakeRefreshTokens()
        self.audit = FakeAuditLog()
        # notifications (defined at the end of this module): notify() works on every fake
        self.notifications = FakeNotifications()
        self.notification_preferences = FakeNotificationPreferences()
        self.outbox = FakeOutbox()
        self.recipients = FakeRecipients(self.users)
        self.commits = 0

    async def commit(self) -> None:
        self.commits += 1

    async def rollback(self) -> None:
        pass


# ------------------------------------------------------------------ activities

from domain.activities import (  # noqa: E402
    Activity,
    ActivityType,
    ActivityTypeInfo,
    Regarded,
    RegardingType,
)
from domain.shared import Principal  # noqa: E402


class FakeActivities(_Store[Activity]):
    pass


class FakeRegardingLookup:
    """Records other contexts own, each with the account it belongs to and who may read it
    (None: everyone)."""

    def __init__(self) -> None:
        self.records: dict[tuple[str, UUID], tuple[UUID | None, str, frozenset[UUID] | None]] = {}

    def put(
        self,
        kind: str,
        record_id: UUID,
        account_id: UUID | None,
        label: str = "",
        readers: frozenset[UUID] | None = None,
    ) -> None:
        self.records[(kind, record_id)] = (account_id, label, readers)

    async def find(
        self, principal: Principal, regarding_type: RegardingType, regarding_id: UUID
    ) -> Regarded | None:
        found = self.records.get((regarding_type.value, regarding_id))
        if found is None:
            return None
        account_id, label, readers = found
        if readers is not None and principal.user_id not in readers:
            return None
        return Regarded(regarding_type, regarding_id, account_id, label)


class FakeActivityTypes:
    """One default type per kind, as the migration seeds them; tests may add more."""

    def __init__(self) -> None:
        self.rows: dict[UUID, ActivityTypeInfo] = {}
        for kind in ActivityType:
            self.add(ActivityTypeInfo(uuid4(), f"default_{kind.value}", kind))
        self.defaults = {t.kind: t for t in self.rows.values()}

    def add(self, info: ActivityTypeInfo) -> ActivityTypeInfo:
        self.rows[info.id] = info
        return info

    async def get(self, type_id: UUID) -> ActivityTypeInfo | None:
        return self.rows.get(type_id)

    async def by_key(self, key: str) -> ActivityTypeInfo | None:
        return next((t for t in self.rows.values() if t.key == key), None)

    async def default_for(self, kind: ActivityType) -> ActivityTypeInfo:
        return self.defaults[kind]


class FakeActivitiesUnitOfWork(FakeUnitOfWork):
    """FakeUnitOfWork plus the activities context's ports (notify is faked in the tests)."""

    def __init__(self) -> None:
        super().__init__()
        self.activities = FakeActivities("activity")
        self.activity_regarding = FakeRegardingLookup()
        self.activity_types = FakeActivityTypes()


# ------------------------------------------------------------------ notifications

from domain.notifications import (  # noqa: E402
    Notification,
    NotificationKind,
    OutboxMessage,
    Preference,
    Recipient,
)


class FakeNotifications:
    def __init__(self) -> None:
        self.rows: dict[UUID, Notification] = {}

    async def add(self, notification: Notification) -> None:
        self.rows[notification.id] = copy.deepcopy(notification)

    async def mark_read(self, principal: Principal, notification_id: UUID, at: datetime) -> bool:
        found = self.rows.get(notification_id)
        if found is None or found.user_id != principal.user_id:
            return False
        if found.read_at is None:
            found.read_at = at
        return True

    async def mark_all_read(self, principal: Principal, at: datetime) -> int:
        unread = [
            n for n in self.rows.values() if n.user_id == principal.user_id and n.read_at is None
        ]
        for n in unread:
            n.read_at = at
        return len(unread)

    def of(self, user_id: UUID) -> list[Notification]:
        return [n for n in self.rows.values() if n.user_id == user_id]


class FakeNotificationPreferences:
    def __init__(self) -> None:
        self.rows: dict[tuple[UUID, NotificationKind], Preference] = {}

    async def get(self, user_id: UUID, kind: NotificationKind) -> Preference | None:
        return self.rows.get((user_id, kind))

    async def for_user(self, user_id: UUID) -> list[Preference]:
        return [p for (u, _), p in self.rows.items() if u == user_id]

    async def replace(self, user_id: UUID, preferences: list[Preference]) -> None:
        self.rows = {k: v for k, v in self.rows.items() if k[0] != user_id}
        for p in preferences:
            self.rows[(user_id, p.kind)] = p


class FakeOutbox:
    def __init__(self) -> None:
        self.messages: list[OutboxMessage] = []

    async def add(self, message: OutboxMessage) -> None:
        self.messages.append(message)

    def to(self, email: str) -> list[OutboxMessage]:
        return [m for m in self.messages if m.payload["to"] == email]


class FakeRecipients:
    """Recipients put here, or else the users of the fake unit of work."""

    def __init__(self, users: FakeUsers | None = None) -> None:
        self.people: dict[UUID, Recipient] = {}
        self.users = users

    def put(self, recipient: Recipient) -> Recipient:
        self.people[recipient.id] = recipient
        return recipient

    async def get(self, user_id: UUID) -> Recipient | None:
        if user_id in self.people:
            return self.people[user_id]
        user = self.users.rows.get(user_id) if self.users is not None else None
        if user is None:
            return None
        return Recipient(user.id, user.email, user.name, user.locale.value, user.is_active)


# ------------------------------------------------------------------ service

from domain.service import (  # noqa: E402
    Colleague,
    Delegation,
    DelegationStatus,
    Queue,
    RecordRef,
    RequestEvent,
    ServiceRequest,
    State,
    Subject,
)


class FakeSubjects(_Store[Subject]):
    async def parents(self, start: UUID) -> dict[UUID, UUID | None]:
        chain: dict[UUID, UUID | None] = {}
        current: UUID | None = start
        while current is not None and current not in chain and current in self.rows:
            chain[current] = self.rows[current].parent_id
            current = chain[current]
        return chain


class FakeQueues(_Store[Queue]):
    async def by_name(self, name: str) -> Queue | None:
        return next((q for q in self.rows.values() if q.name.lower() == name.lower()), None)


class FakeServiceRequests(_Store[ServiceRequest]):
    def __init__(self, entity: str) -> None:
        super().__init__(entity)
        self.serials: dict[int, int] = {}

    async def next_serial(self, year: int) -> int:
        self.serials[year] = self.serials.get(year, 0) + 1
        return self.serials[year]


class FakeDelegations:
    def __init__(self, requests: FakeServiceRequests) -> None:
        self.rows: dict[UUID, Delegation] = {}
        self.requests = requests

    async def get(self, delegation_id: UUID) -> Delegation | None:
        found = self.rows.get(delegation_id)
        return copy.deepcopy(found) if found else None

    async def active_for(self, request_id: UUID) -> Delegation | None:
        active = [
            d
            for d in self.rows.values()
            if d.request_id == request_id and d.status is DelegationStatus.ACTIVE
        ]
        return copy.deepcopy(max(active, key=lambda d: d.delegated_at)) if active else None

    async def add(self, delegation: Delegation) -> None:
        self.rows[delegation.id] = copy.deepcopy(delegation)

    async def update(self, delegation: Delegation) -> None:
        self.rows[delegation.id] = copy.deepcopy(delegation)

    async def due_reminders(self, now: datetime, limit: int) -> list[Delegation]:
        due = [
            copy.deepcopy(d)
            for d in self.rows.values()
            if d.status is DelegationStatus.ACTIVE
            and d.remind_at <= now
            and d.reminded_at is None
            and self.requests.rows[d.request_id].state is State.OPEN
        ]
        return sorted(due, key=lambda d: d.remind_at)[:limit]

    async def mark_reminded(self, delegation_id: UUID, at: datetime) -> bool:
        stored = self.rows[delegation_id]
        if stored.reminded_at is not None:
            return False
        stored.reminded_at = at
        return True


class FakeRequestLog:
    def __init__(self) -> None:
        self.events: list[RequestEvent] = []

    async def append(self, event: RequestEvent) -> None:
        self.events.append(event)

    def kinds(self, request_id: UUID) -> list[str]:
        return [e.kind.value for e in self.events if e.request_id == request_id]


class FakeServiceCustomers:
    def __init__(self) -> None:
        self.accounts: dict[UUID, RecordRef] = {}
        self.contacts: dict[UUID, RecordRef] = {}

    async def account(self, account_id: UUID) -> RecordRef | None:
        return self.accounts.get(account_id)

    async def contact(self, contact_id: UUID) -> RecordRef | None:
        return self.contacts.get(contact_id)

    async def account_named(self, name: str) -> RecordRef | None:
        return next((a for a in self.accounts.values() if a.name == name), None)


class FakeColleagues:
    def __init__(self) -> None:
        self.people: dict[UUID, Colleague] = {}

    def put(self, user_id: UUID, unit: UUID, name: str = "", active: bool = True) -> None:
        self.people[user_id] = Colleague(user_id, name or f"User {user_id.int}", unit, active)

    async def colleague(self, user_id: UUID) -> Colleague | None:
        return self.people.get(user_id)

    async def active_users(self, user_ids: frozenset[UUID]) -> frozenset[UUID]:
        return frozenset(u for u in user_ids if u in self.people and self.people[u].is_active)

    async def business_unit_exists(self, unit_id: UUID) -> bool:
        return any(c.business_unit_id == unit_id for c in self.people.values())


class FakeServiceUnitOfWork(FakeUnitOfWork):
    """FakeUnitOfWork plus the service context's ports (notify is faked in the tests)."""

    def __init__(self) -> None:
        super().__init__()
        self.subjects = FakeSubjects("subject")
        self.queues = FakeQueues("queue")
        self.service_requests = FakeServiceRequests("service_request")
        self.service_delegations = FakeDelegations(self.service_requests)
        self.service_log = FakeRequestLog()
        self.service_customers = FakeServiceCustomers()
        self.service_colleagues = FakeColleagues()


# ------------------------------------------------------------------ sales projects

from domain.sales import (  # noqa: E402
    Colleague as SalesColleague,
)
from domain.sales import (  # noqa: E402
    ProjectEvent,
    ProjectStage,
    SalesProject,
    TeamRef,
    TypeRef,
)
from domain.sales import (  # noqa: E402
    RecordRef as SalesRecordRef,
)
from domain.sales.types import TemplateVersion  # noqa: E402


class FakeSalesProjects(_Store[SalesProject]):
    pass


class FakeProjectStages:
    def __init__(self) -> None:
        self.rows: dict[UUID, ProjectStage] = {}

    async def for_project(self, project_id: UUID) -> list[ProjectStage]:
        found = [copy.deepcopy(s) for s in self.rows.values() if s.project_id == project_id]
        return sorted(found, key=lambda s: s.position)

    async def add(self, stage: ProjectStage) -> None:
        self.rows[stage.id] = copy.deepcopy(stage)

    async def update(self, stage: ProjectStage) -> None:
        self.rows[stage.id] = copy.deepcopy(stage)

    def of(self, project_id: UUID) -> list[ProjectStage]:
        return sorted(
            (s for s in self.rows.values() if s.project_id == project_id),
            key=lambda s: s.position,
        )


class FakeProjectLog:
    def __init__(self) -> None:
        self.events: list[ProjectEvent] = []

    async def append(self, event: ProjectEvent) -> None:
        self.events.append(event)

    def kinds(self, project_id: UUID) -> list[str]:
        return [e.kind.value for e in self.events if e.project_id == project_id]

    async def last_reopened_on(self, project_id: UUID) -> date | None:
        days = [
            e.happened_on
            for e in self.events
            if e.project_id == project_id and e.kind.value == "reopened"
        ]
        return max(days, default=None)


class FakeSalesCustomers:
    def __init__(self) -> None:
        self.accounts: dict[UUID, SalesRecordRef] = {}
        self.contacts: dict[UUID, SalesRecordRef] = {}

    async def account(self, account_id: UUID) -> SalesRecordRef | None:
        return self.accounts.get(account_id)

    async def contact(self, contact_id: UUID) -> SalesRecordRef | None:
        return self.contacts.get(contact_id)


class FakeTemplateSource:
    def __init__(self) -> None:
        self.types: dict[UUID, TypeRef] = {}
        self.versions: dict[UUID, TemplateVersion] = {}
        self.current: dict[UUID, UUID] = {}

    def put(self, project_type: TypeRef, version: TemplateVersion) -> None:
        self.types[project_type.id] = project_type
        self.versions[version.id] = version
        self.current[project_type.id] = version.id

    async def project_type(self, project_type_id: UUID) -> TypeRef | None:
        return self.types.get(project_type_id)

    async def current_version(self, project_type_id: UUID) -> TemplateVersion | None:
        version_id = self.current.get(project_type_id)
        return self.versions.get(version_id) if version_id else None

    async def version(self, version_id: UUID) -> TemplateVersion | None:
        return self.versions.get(version_id)


class FakeSalesPeople:
    def __init__(self) -> None:
        self.people: dict[UUID, SalesColleague] = {}
        self.teams: dict[UUID, TeamRef] = {}

    def put(self, user_id: UUID, unit: UUID, name: str = "", active: bool = True) -> None:
        self.people[user_id] = SalesColleague(user_id, name or f"User {user_id.int}", unit, active)

    async def colleague(self, user_id: UUID) -> SalesColleague | None:
        return self.people.get(user_id)

    async def team(self, team_id: UUID) -> TeamRef | None:
        return self.teams.get(team_id)

    async def business_unit_exists(self, unit_id: UUID) -> bool:
        return any(c.business_unit_id == unit_id for c in self.people.values())


class FakeSalesUnitOfWork(FakeUnitOfWork):
    """FakeUnitOfWork plus the sales projects' ports (notify writes to the fake
    notifications and outbox)."""

    def __init__(self) -> None:
        super().__init__()
        self.sales_projects = FakeSalesProjects("sales_project")
        self.sales_stages = FakeProjectStages()
        self.sales_log = FakeProjectLog()
        self.sales_customers = FakeSalesCustomers()
        self.sales_templates = FakeTemplateSource()
        self.sales_people = FakeSalesPeople()


# ------------------------------------------------------------------ sales project import


class FakeImportDirectory:
    """domain.sales.imports.ImportDirectory over dictionaries; counts the look-ups."""

    def __init__(self) -> None:
        from domain.sales import imports

        self.types: list[imports.ImportType] = []
        self.accounts: dict[str, imports.ImportAccount] = {}
        self.users: dict[str, imports.ImportUser] = {}
        self.existing: set[tuple[UUID, UUID, str]] = set()
        self.calls = 0

    async def project_types(self) -> list[Any]:
        self.calls += 1
        return list(self.types)

    async def accounts_by_business_id(self, business_ids: Collection[str]) -> dict[str, Any]:
        self.calls += 1
        return {b: a for b, a in self.accounts.items() if b in business_ids}

    async def users_by_email(self, emails: Collection[str]) -> dict[str, Any]:
        self.calls += 1
        return {e: u for e, u in self.users.items() if e in emails}

    async def existing_projects(self, account_ids: Collection[UUID]) -> set[tuple[UUID, UUID, str]]:
        self.calls += 1
        return {e for e in self.existing if e[1] in account_ids}


class FakeImportUnitOfWork(FakeSalesUnitOfWork):
    """The sales ports plus the import's look-ups; counts rollbacks too."""

    def __init__(self) -> None:
        super().__init__()
        self.project_imports = FakeImportDirectory()
        self.rollbacks = 0

    async def rollback(self) -> None:
        self.rollbacks += 1
