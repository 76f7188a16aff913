"""What the service context needs from the outside world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.notifications import NotificationsUnitOfWork
from domain.service.model import Delegation, Queue, RequestEvent, ServiceRequest, Subject
from domain.shared import AuditLog, Runtime, WorkingCalendar


class ServiceRuntime(Runtime, Protocol):
    """Time, ids and the working calendar (SLA arithmetic in working hours)."""

    @property
    def calendar(self) -> WorkingCalendar: ...


@dataclass(frozen=True)
class ServicePolicy:
    """The configurable numbers and defaults of customer service (from settings)."""

    delegation_reminder_working_hours: float = 4.0
    callback_due_working_hours: float = 4.0
    # The account unknown callers' requests go to; None: the account named
    # GENERAL_CUSTOMER_NAME, if there is one.
    general_customer_account_id: UUID | None = None


class SubjectRepository(Protocol):
    async def get(self, subject_id: UUID) -> Subject | None: ...
    async def add(self, subject: Subject) -> None: ...
    async def update(self, subject: Subject, expected_version: int) -> None: ...
    async def parents(self, start: UUID) -> dict[UUID, UUID | None]:
        """The chain of parents above `start` (child → parent)."""
        ...


class QueueRepository(Protocol):
    async def get(self, queue_id: UUID) -> Queue | None:
        """The queue with its members."""
        ...

    async def by_name(self, name: str) -> Queue | None: ...
    async def add(self, queue: Queue) -> None: ...
    async def update(self, queue: Queue, expected_version: int) -> None:
        """Saves the fields and replaces the member set."""
        ...


class ServiceRequestRepository(Protocol):
    async def get(self, request_id: UUID) -> ServiceRequest | None: ...
    async def add(self, request: ServiceRequest) -> None: ...
    async def update(self, request: ServiceRequest, expected_version: int) -> None: ...
    async def next_serial(self, year: int) -> int:
        """The next free case-number serial of the year, reserved until the transaction ends
        (concurrent creates wait for each other here)."""
        ...


class DelegationRepository(Protocol):
    async def get(self, delegation_id: UUID) -> Delegation | None: ...
    async def active_for(self, request_id: UUID) -> Delegation | None: ...
    async def add(self, delegation: Delegation) -> None: ...
    async def update(self, delegation: Delegation) -> None: ...
    async def due_reminders(self, now: datetime, limit: int) -> list[Delegation]:
        """Active delegations whose reminder is due and has not been sent."""
        ...

    async def mark_reminded(self, delegation_id: UUID, at: datetime) -> bool:
        """Set reminded_at unless already set; False when another run got there first."""
        ...


class RequestLog(Protocol):
    async def append(self, event: RequestEvent) -> None: ...


@dataclass(frozen=True)
class RecordRef:
    """Enough of a customer record to decide whether the caller may see it."""

    id: UUID
    name: str
    owner_id: UUID
    business_unit_id: UUID
    account_ids: frozenset[UUID] = frozenset()  # a contact's accounts
    # An account made passive (ceased trading) takes no new requests.
    passive_since: datetime | None = None
    passive_reason: str | None = None


@dataclass(frozen=True)
class Colleague:
    id: UUID
    name: str
    business_unit_id: UUID
    is_active: bool


class CustomerDirectory(Protocol):
    """Accounts and contacts, as the service context needs to know them."""

    async def account(self, account_id: UUID) -> RecordRef | None: ...
    async def contact(self, contact_id: UUID) -> RecordRef | None: ...
    async def account_named(self, name: str) -> RecordRef | None: ...


class ColleagueDirectory(Protocol):
    async def colleague(self, user_id: UUID) -> Colleague | None: ...
    async def active_users(self, user_ids: frozenset[UUID]) -> frozenset[UUID]:
        """Those of `user_ids` that are active users."""
        ...

    async def business_unit_exists(self, unit_id: UUID) -> bool: ...


class ServiceUnitOfWork(NotificationsUnitOfWork, Protocol):
    """The service context's ports; it notifies through the notifications context's."""

    @property
    def subjects(self) -> SubjectRepository: ...
    @property
    def queues(self) -> QueueRepository: ...
    @property
    def service_requests(self) -> ServiceRequestRepository: ...
    @property
    def service_delegations(self) -> DelegationRepository: ...
    @property
    def service_log(self) -> RequestLog: ...
    @property
    def service_customers(self) -> CustomerDirectory: ...
    @property
    def service_colleagues(self) -> ColleagueDirectory: ...
    @property
    def audit(self) -> AuditLog: ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
