"""Saved views: a named filter (the filter AST), the columns to show and a sort, for one
entity, seen by its owner (personal), a team (team) or everyone (system)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID


class Visibility(StrEnum):
    PERSONAL = "personal"
    TEAM = "team"
    SYSTEM = "system"


# Lists show system views first, then team views, then personal ones; `position` orders
# views within each group (built-in system views use 10, 20, …; new views default to 100).
VISIBILITY_RANK = {Visibility.SYSTEM: 0, Visibility.TEAM: 1, Visibility.PERSONAL: 2}
DEFAULT_POSITION = 100
MAX_POSITION = 9999


@dataclass
class SavedView:
    id: UUID
    entity: str
    name: str
    filter: dict[str, Any]
    columns: tuple[str, ...]
    sort: str
    visibility: Visibility
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    name_en: str | None = None
    team_id: UUID | None = None
    system_key: str | None = None
    position: int = DEFAULT_POSITION
    version: int = 1
