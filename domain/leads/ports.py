"""What the leads process needs from the outside world.

Leads is a process context: its unit of work is also the accounts', the sales projects' and
the activities' (conversion creates an account, a contact and a project; assignment creates
a task), so one transaction spans them. The facts it only reads about other contexts'
records — products, municipalities, colleagues, queues — come through `LeadDirectory`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol
from uuid import UUID

from domain.accounts.ports import AccountsUnitOfWork, UserDirectory
from domain.activities.ports import ActivitiesUnitOfWork
from domain.leads.forms import LeadForm, LeadSettings
from domain.leads.model import Lead
from domain.leads.requests import AccountCreationRequest
from domain.leads.routing import RoutingRule
from domain.leads.sla import SlaPolicy
from domain.sales.ports import SalesRuntime, SalesUnitOfWork
from domain.shared import AuditLog, Principal


class LeadsRuntime(SalesRuntime, Protocol):
    """Time, ids and the working calendar (the SLA is counted in working hours)."""


class LeadRepository(Protocol):
    async def get(self, lead_id: UUID) -> Lead | None: ...
    async def add(self, lead: Lead) -> None: ...
    async def update(self, lead: Lead, expected_version: int) -> None: ...
    async def sla_due(
        self, kind: Literal["at_risk", "breach"], now: datetime, limit: int
    ) -> list[Lead]:
        """Open leads whose at-risk (or due) time has come and which have not been told
        about it yet; at-risk only while not yet past due."""
        ...

    async def mark_notified(
        self, lead_id: UUID, kind: Literal["at_risk", "breach"], at: datetime
    ) -> bool:
        """Note the notice unless another run noted it first (then False)."""
        ...


class RoutingRuleRepository(Protocol):
    async def get(self, rule_id: UUID) -> RoutingRule | None: ...
    async def add(self, rule: RoutingRule) -> None: ...
    async def update(self, rule: RoutingRule, expected_version: int) -> None: ...
    async def all(self) -> list[RoutingRule]: ...
    async def locked_turn(self, rule_id: UUID) -> UUID | None:
        """The member who got the team rule's previous lead, with the rule's turn held until
        the transaction ends, so that concurrent leads take turns."""
        ...

    async def turns(self, rule_ids: Iterable[UUID]) -> dict[UUID, UUID | None]:
        """The previous member of each of these team rules (read only)."""
        ...

    async def set_turn(self, rule_id: UUID, user_id: UUID) -> None: ...


class SlaPolicyRepository(Protocol):
    async def get(self, policy_id: UUID) -> SlaPolicy | None: ...
    async def add(self, policy: SlaPolicy) -> None: ...
    async def update(self, policy: SlaPolicy, expected_version: int) -> None: ...
    async def all(self) -> list[SlaPolicy]: ...


class LeadFormRepository(Protocol):
    async def get(self, form_id: UUID) -> LeadForm | None: ...
    async def by_token(self, token: str) -> LeadForm | None: ...
    async def add(self, form: LeadForm) -> None: ...
    async def update(self, form: LeadForm, expected_version: int) -> None: ...


class LeadSettingsRepository(Protocol):
    async def get(self) -> LeadSettings: ...
    async def save(self, settings: LeadSettings, expected_version: int) -> None: ...


class AccountRequestRepository(Protocol):
    async def get(self, request_id: UUID) -> AccountCreationRequest | None: ...
    async def add(self, request: AccountCreationRequest) -> None: ...
    async def update(self, request: AccountCreationRequest, expected_version: int) -> None: ...
    async def awaiting(self, customer_number: str) -> list[AccountCreationRequest]:
        """Requests in progress whose recorded customer number is this one."""
        ...


@dataclass(frozen=True)
class ProductRef:
    id: UUID
    name: str
    is_active: bool
    business_unit_id: UUID | None  # the unit that sells it
    group_ids: frozenset[UUID]  # its group and every group above it


@dataclass(frozen=True)
class PlaceRef:
    """A municipality and its region, or a region alone."""

    region_id: UUID
    region_name: str
    municipality_id: UUID | None = None
    municipality_name: str | None = None


@dataclass(frozen=True)
class Person:
    id: UUID
    name: str
    business_unit_id: UUID
    is_active: bool
    manager_id: UUID | None = None


@dataclass(frozen=True)
class QueueRef:
    id: UUID
    name: str
    business_unit_id: UUID
    is_active: bool
    member_ids: frozenset[UUID]


Kind = Literal["region", "product", "product_group", "business_unit", "team", "campaign"]


class LeadDirectory(Protocol):
    async def product(self, product_id: UUID) -> ProductRef | None: ...
    async def product_by_code(self, code: str) -> ProductRef | None: ...
    async def municipality(self, municipality_id: UUID) -> PlaceRef | None: ...
    async def municipality_named(self, text: str) -> PlaceRef | None:
        """By code, Finnish or Swedish name, whatever the case."""
        ...

    async def region(self, region_id: UUID) -> PlaceRef | None: ...
    async def person(self, user_id: UUID) -> Person | None: ...
    async def active_users(self, user_ids: Iterable[UUID]) -> frozenset[UUID]: ...
    async def team_members(self, team_ids: Iterable[UUID]) -> dict[UUID, frozenset[UUID]]: ...
    async def queue(self, queue_id: UUID) -> QueueRef | None: ...
    async def active_queues(self, queue_ids: Iterable[UUID]) -> frozenset[UUID]: ...
    async def unit_managers(self, unit_id: UUID) -> frozenset[UUID]:
        """Active users of the unit who have the built-in manager role."""
        ...

    async def unknown(self, kind: Kind, ids: Iterable[UUID]) -> frozenset[UUID]:
        """Those of `ids` that are no record of this kind."""
        ...

    async def service_request_readable(self, principal: Principal, request_id: UUID) -> bool: ...


class LeadsUnitOfWork(AccountsUnitOfWork, SalesUnitOfWork, ActivitiesUnitOfWork, Protocol):
    @property
    def leads(self) -> LeadRepository: ...
    @property
    def lead_rules(self) -> RoutingRuleRepository: ...
    @property
    def lead_sla_policies(self) -> SlaPolicyRepository: ...
    @property
    def lead_forms(self) -> LeadFormRepository: ...
    @property
    def lead_settings(self) -> LeadSettingsRepository: ...
    @property
    def account_requests(self) -> AccountRequestRepository: ...
    @property
    def lead_directory(self) -> LeadDirectory: ...
    @property
    def directory(self) -> UserDirectory: ...
    @property
    def audit(self) -> AuditLog: ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
