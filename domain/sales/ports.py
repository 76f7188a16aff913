"""What the sales projects need from the outside world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from domain.notifications import NotificationsUnitOfWork
from domain.sales.model import ProjectEvent, ProjectStage, SalesProject
from domain.sales.types import TemplateVersion
from domain.shared import AuditLog, Runtime, WorkingCalendar


class SalesRuntime(Runtime, Protocol):
    """Time, ids and the working calendar (stage due dates are counted in working days)."""

    @property
    def calendar(self) -> WorkingCalendar: ...


class SalesProjectRepository(Protocol):
    async def get(self, project_id: UUID) -> SalesProject | None:
        """The project with its contacts."""
        ...

    async def add(self, project: SalesProject) -> None: ...
    async def update(self, project: SalesProject, expected_version: int) -> None:
        """Saves the fields (version-checked) and replaces the contact list."""
        ...


class StageRepository(Protocol):
    async def for_project(self, project_id: UUID) -> list[ProjectStage]:
        """The project's stages in position order."""
        ...

    async def add(self, stage: ProjectStage) -> None: ...
    async def update(self, stage: ProjectStage) -> None: ...


class ProjectLog(Protocol):
    """The stage history: append-only."""

    async def append(self, event: ProjectEvent) -> None: ...
    async def last_reopened_on(self, project_id: UUID) -> date | None:
        """The business date of the project's latest reopening, if it was ever reopened."""
        ...


@dataclass(frozen=True)
class RecordRef:
    """Enough of an account or contact to decide whether the caller may see it."""

    id: UUID
    name: str
    owner_id: UUID
    business_unit_id: UUID
    region: str | None = None
    account_ids: frozenset[UUID] = frozenset()  # a contact's accounts
    # An account made passive (ceased trading) takes no new sales projects.
    passive_since: datetime | None = None
    passive_reason: str | None = None


class CustomerDirectory(Protocol):
    async def account(self, account_id: UUID) -> RecordRef | None: ...
    async def contact(self, contact_id: UUID) -> RecordRef | None: ...


@dataclass(frozen=True)
class TypeRef:
    id: UUID
    name: str
    is_active: bool


class TemplateSource(Protocol):
    """Project types and their versioned stage templates."""

    async def project_type(self, project_type_id: UUID) -> TypeRef | None: ...
    async def current_version(self, project_type_id: UUID) -> TemplateVersion | None:
        """The version new projects of the type get."""
        ...

    async def version(self, version_id: UUID) -> TemplateVersion | None: ...


@dataclass(frozen=True)
class Colleague:
    id: UUID
    name: str
    business_unit_id: UUID
    is_active: bool


@dataclass(frozen=True)
class TeamRef:
    id: UUID
    name: str
    member_ids: frozenset[UUID]


class SalesPeople(Protocol):
    async def colleague(self, user_id: UUID) -> Colleague | None: ...
    async def team(self, team_id: UUID) -> TeamRef | None: ...
    async def business_unit_exists(self, unit_id: UUID) -> bool: ...


class SalesUnitOfWork(NotificationsUnitOfWork, Protocol):
    """The sales projects' ports; stage hand-overs notify through the notifications context."""

    @property
    def sales_projects(self) -> SalesProjectRepository: ...
    @property
    def sales_stages(self) -> StageRepository: ...
    @property
    def sales_log(self) -> ProjectLog: ...
    @property
    def sales_customers(self) -> CustomerDirectory: ...
    @property
    def sales_templates(self) -> TemplateSource: ...
    @property
    def sales_people(self) -> SalesPeople: ...
    @property
    def audit(self) -> AuditLog: ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
