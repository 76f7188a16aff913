"""Request/response models of account management: the account team, account-team roles,
passivation and merges."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import Field, StringConstraints

from api.v1.schemas.accounts import AccountOut
from api.v1.schemas.common import In, Out, Patch, Stamped
from domain.accounts import TeamAccess

RoleName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
OptionalName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


class TeamRoleCreate(In):
    key: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,49}$")] = Field(
        description="Stable identifier for integrations, e.g. key_account; cannot change."
    )
    name: RoleName = Field(description="Finnish name")
    name_en: OptionalName | None = None
    name_sv: OptionalName | None = None
    sort_order: int = Field(0, ge=0, le=100_000)
    is_active: bool = True


class TeamRoleUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name", "sort_order", "is_active")
    name: RoleName | None = None
    name_en: OptionalName | None = None
    name_sv: OptionalName | None = None
    sort_order: int | None = Field(None, ge=0, le=100_000)
    is_active: bool | None = Field(
        None, description="false deactivates the role: members keep it, nobody new gets it."
    )


class TeamRoleOut(Stamped):
    key: str
    name: str
    name_en: str | None
    name_sv: str | None
    sort_order: int
    is_active: bool


class TeamRoleRef(Out):
    id: UUID
    key: str
    name: str
    name_en: str | None
    name_sv: str | None
    is_active: bool


class TeamPersonOut(Out):
    user_id: UUID
    name: str | None
    is_active: bool = Field(description="false: the user has been deactivated.")


class TeamMemberOut(TeamPersonOut):
    role: TeamRoleRef | None
    access: TeamAccess = Field(
        description="read: reads the account and its records; edit: also edits the account "
        "and its team."
    )
    added_at: datetime
    added_by: UUID | None
    added_by_name: str | None


class AccountTeamOut(Out):
    account_id: UUID
    version: int = Field(description="The account's version (also the ETag): send it in If-Match.")
    account_manager: TeamPersonOut | None
    members: list[TeamMemberOut]
    may_manage: bool = Field(description="Whether you may change the team (and edit the account).")


class TeamMemberPut(In):
    access: TeamAccess = TeamAccess.READ
    role_id: UUID | None = Field(None, description="An active account-team role.")


class PassivationIn(In):
    reason: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)
    ] = Field(description="Why, e.g. 'Konkurssi 3/2026' (bankruptcy).")


class ReactivationIn(In):
    pass


class MergeIn(In):
    duplicate_id: UUID = Field(description="The account to merge into this one and delete.")
    duplicate_version: int | None = Field(
        None, description="The duplicate's version from the dry run: 412 if it changed since."
    )


class ReferenceMoveOut(Out):
    table: str
    column: str
    rows: int = Field(description="Rows that refer to the duplicate and move to the survivor.")
    merged: int = Field(
        description="Of those, rows the survivor already had under a unique key (the same "
        "contact, team member, external system): combined into the survivor's."
    )
    merged_rows: list[dict[str, Any]] = Field(
        description="The duplicate's copies of the first merged rows (the survivor's were kept)."
    )


class MergeOut(Out):
    dry_run: bool
    merge_id: UUID | None = Field(description="The merge log entry (none in a dry run).")
    survivor: AccountOut = Field(
        description="The survivor after the merge (dry run: as it would be)."
    )
    duplicate: AccountOut
    moves: list[ReferenceMoveOut] = Field(description="Every column that refers to accounts.")
    filled: dict[str, Any] = Field(description="Fields the survivor takes from the duplicate.")
    joins_team: TeamPersonOut | None = Field(
        description="The duplicate's account manager, who joins the survivor's team with edit "
        "access."
    )


class MergeLogOut(Out):
    id: UUID
    duplicate_id: UUID
    duplicate_name: str
    duplicate: dict[str, Any] = Field(description="The duplicate as it was when it was merged.")
    moves: list[ReferenceMoveOut]
    filled: dict[str, Any]
    merged_by: UUID
    merged_by_name: str | None
    merged_at: datetime
