"""What the activities context needs from the outside world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from domain.activities.model import Activity, ActivityType, ActivityTypeInfo, RegardingType
from domain.notifications import NotificationsUnitOfWork
from domain.shared import AuditLog, Principal

if TYPE_CHECKING:
    from domain.activities.types import ActivityTypeRecord


class ActivityRepository(Protocol):
    async def get(self, activity_id: UUID) -> Activity | None: ...
    async def add(self, activity: Activity) -> None: ...
    async def update(self, activity: Activity, expected_version: int) -> None: ...


@dataclass(frozen=True)
class Regarded:
    """A record an activity is about, as far as the activities context needs it."""

    type: RegardingType
    id: UUID
    # The account whose 360° timeline shows the activity (None when the record has none).
    account_id: UUID | None
    label: str
    # The account's passivity: a passive account takes no new activities.
    account_name: str | None = None
    passive_since: datetime | None = None
    passive_reason: str | None = None


class RegardingLookup(Protocol):
    """Other contexts' records, seen through the caller's read scope."""

    async def find(
        self, principal: Principal, regarding_type: RegardingType, regarding_id: UUID
    ) -> Regarded | None:
        """The record, or None when it does not exist or the caller may not read it."""
        ...


class ActivityTypes(Protocol):
    """The admin-managed activity types."""

    async def get(self, type_id: UUID) -> ActivityTypeInfo | None: ...
    async def by_key(self, key: str) -> ActivityTypeInfo | None: ...
    async def default_for(self, kind: ActivityType) -> ActivityTypeInfo:
        """The type an activity of this kind gets when none is chosen."""
        ...

    async def record(self, type_id: UUID) -> ActivityTypeRecord | None:
        """The whole type, as administrators maintain it."""
        ...

    async def add(self, record: ActivityTypeRecord) -> None: ...
    async def update(self, record: ActivityTypeRecord, expected_version: int) -> None: ...


class ActivityDirectory(Protocol):
    async def business_unit_of(self, user_id: UUID) -> UUID | None:
        """The unit of an active user; None for an unknown or deactivated one."""
        ...


class ActivitiesUnitOfWork(NotificationsUnitOfWork, Protocol):
    """Notifies (delegation), so it extends the notifications context's unit of work."""

    @property
    def activities(self) -> ActivityRepository: ...
    @property
    def activity_regarding(self) -> RegardingLookup: ...
    @property
    def activity_types(self) -> ActivityTypes: ...
    @property
    def directory(self) -> ActivityDirectory: ...
    @property
    def audit(self) -> AuditLog: ...
