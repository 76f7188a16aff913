"""What the care-plan context needs from the outside world."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from domain.activities import Activity
from domain.activities.ports import ActivityTypes
from domain.careplans.model import CarePlan, CarePlanVersion
from domain.shared import AuditLog


class CarePlanRepository(Protocol):
    async def get(self, plan_id: UUID) -> CarePlan | None:
        """The plan with all its versions."""
        ...

    async def add(self, plan: CarePlan) -> None: ...
    async def update(self, plan: CarePlan, expected_version: int) -> None: ...
    async def add_version(self, version: CarePlanVersion) -> None: ...
    async def update_version(self, version: CarePlanVersion) -> None: ...
    async def in_force(self) -> list[CarePlan]:
        """Active plans with an approved version, with their versions."""
        ...


@dataclass(frozen=True)
class TargetAccount:
    """An account as generation needs it."""

    id: UUID
    name: str
    account_class: str | None
    business_unit_id: UUID
    owner_id: UUID
    account_manager_id: UUID | None
    # (user, team role) of the account team's members, in the order they were added.
    team: tuple[tuple[UUID, UUID | None], ...] = ()
    # The account's classifications (customer groups) and all their ancestors.
    groups: frozenset[UUID] = frozenset()


@dataclass(frozen=True)
class Generated:
    """One generated touch: which plan version, touch, account and period made which
    activity (unique on version, touch, account, period)."""

    plan_id: UUID
    plan_version_id: UUID
    touch_id: UUID
    account_id: UUID
    period: str
    due_on: date
    activity_id: UUID
    activity_status: str = "open"


class CarePlanTargets(Protocol):
    async def accounts(
        self, after: UUID | None, limit: int, only: Collection[UUID] | None = None
    ) -> list[TargetAccount]:
        """Active (not passive) accounts with a class or a classification, in id order after
        `after` (of `only`, when given)."""
        ...

    async def user_units(self, user_ids: set[UUID]) -> dict[UUID, UUID]:
        """The business unit of each of these users that is active."""
        ...


class GeneratedTouches(Protocol):
    async def from_day(self, account_ids: Sequence[UUID], first: date) -> list[Generated]:
        """The generated touches of these accounts due on `first` or later."""
        ...

    async def add_many(
        self, items: Sequence[tuple[Generated, Activity]], by: UUID | None, at: datetime
    ) -> None:
        """Insert the activities (with their history and changes-feed rows) and the rows
        tracking them, set-based."""
        ...

    async def end(self, items: Sequence[Generated], at: datetime) -> int:
        """Cancel the unfinished activities of these generated touches (history and feed
        rows included) and forget the touches; the number of activities cancelled."""
        ...


class UnitDirectory(Protocol):
    async def business_unit_exists(self, unit_id: UUID) -> bool: ...


class CarePlansUnitOfWork(Protocol):
    @property
    def catalog_directory(self) -> UnitDirectory: ...
    @property
    def care_plans(self) -> CarePlanRepository: ...
    @property
    def care_plan_targets(self) -> CarePlanTargets: ...
    @property
    def care_plan_touches(self) -> GeneratedTouches: ...
    @property
    def activity_types(self) -> ActivityTypes: ...
    @property
    def audit(self) -> AuditLog: ...
    async def commit(self) -> None: ...
