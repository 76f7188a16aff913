"""What the views context needs from the outside world."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.shared import AuditLog
from domain.views.model import SavedView


class SavedViewRepository(Protocol):
    async def get(self, view_id: UUID) -> SavedView | None: ...
    async def add(self, view: SavedView) -> None: ...
    async def update(self, view: SavedView, expected_version: int) -> None: ...
    async def delete(self, view: SavedView, expected_version: int) -> None: ...
    async def system_keys(self, entity: str) -> frozenset[str]:
        """The keys of the built-in system views of `entity` that exist."""
        ...


class ViewDirectory(Protocol):
    """The little the views context needs to know about teams."""

    async def team_ids_of(self, user_id: UUID) -> frozenset[UUID]: ...


class ViewsUnitOfWork(Protocol):
    @property
    def saved_views(self) -> SavedViewRepository: ...
    @property
    def view_directory(self) -> ViewDirectory: ...
    @property
    def audit(self) -> AuditLog: ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
