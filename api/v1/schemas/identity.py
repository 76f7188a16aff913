"""Identity request/response models: sessions, users, business units, teams, roles."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import AwareDatetime, EmailStr, Field, StringConstraints

from api.v1.schemas.common import In, Name, Out, Patch, Stamped
from domain.identity import Locale
from domain.shared import Action, Depth

Password = Annotated[str, StringConstraints(min_length=1, max_length=200)]
NewPassword = Annotated[str, StringConstraints(min_length=10, max_length=200)]


class TokenRequest(In):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=320)]
    password: Password


class RefreshRequest(In):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class TokenResponse(Out):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires")


class RoleRef(Out):
    id: UUID
    name: str


class PrivilegeModel(In):
    entity: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,50}$")]
    action: Action
    depth: Annotated[
        str,
        StringConstraints(
            pattern=r"^(none|own|team|business_unit|unit_and_children|organisation)$"
        ),
    ]

    def to_depth(self) -> Depth:
        return Depth.parse(self.depth)


class PrivilegeOut(Out):
    entity: str
    action: Action
    depth: str


class MeOut(Out):
    id: UUID
    email: str
    name: str
    locale: Locale
    business_unit_id: UUID
    roles: list[RoleRef]
    privileges: list[PrivilegeOut]
    is_admin: bool


class UserCreate(In):
    email: EmailStr = Field(max_length=320)
    name: Name
    password: NewPassword
    locale: Locale = Locale.FI
    business_unit_id: UUID
    role_ids: list[UUID] = Field(default_factory=list, max_length=20)
    is_active: bool = True
    manager_id: UUID | None = Field(
        None, description="The user's supervisor (esihenkilö), told e.g. of their missed leads."
    )


class UserUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "email",
        "name",
        "password",
        "locale",
        "business_unit_id",
        "role_ids",
        "is_active",
    )
    email: EmailStr | None = Field(None, max_length=320)
    name: Name | None = None
    password: NewPassword | None = None
    locale: Locale | None = None
    business_unit_id: UUID | None = None
    role_ids: list[UUID] | None = Field(None, max_length=20)
    is_active: bool | None = None
    manager_id: UUID | None = Field(None, description="The supervisor; null removes it.")


class UserOut(Stamped):
    email: str
    name: str
    locale: Locale
    business_unit_id: UUID
    role_ids: list[UUID]
    team_ids: list[UUID]
    is_active: bool
    manager_id: UUID | None = None


class BusinessUnitCreate(In):
    name: Name
    parent_id: UUID = Field(description="Every unit but the root has a parent.")


class BusinessUnitUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name",)
    name: Name | None = None
    parent_id: UUID | None = None


class BusinessUnitOut(Stamped):
    name: str
    parent_id: UUID | None


class TeamCreate(In):
    name: Name
    business_unit_id: UUID
    member_ids: list[UUID] = Field(default_factory=list, max_length=500)


class TeamUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name", "business_unit_id", "member_ids")
    name: Name | None = None
    business_unit_id: UUID | None = None
    member_ids: list[UUID] | None = Field(None, max_length=500)


class TeamOut(Stamped):
    name: str
    business_unit_id: UUID
    member_ids: list[UUID]


class RoleCreate(In):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    privileges: list[PrivilegeModel] = Field(default_factory=list, max_length=500)


class RoleUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name", "privileges")
    name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
        | None
    ) = None
    privileges: list[PrivilegeModel] | None = Field(None, max_length=500)


class RoleOut(Stamped):
    name: str
    privileges: list[PrivilegeOut]


Scope = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,50}:[a-z]{1,20}$")]


class ApiKeyCreate(In):
    name: Name
    user_id: UUID = Field(description="The key acts as this user (e.g. an integration user).")
    scopes: list[Scope] = Field(
        min_length=1, max_length=60, description='What the key may do, e.g. ["account:read"].'
    )
    expires_at: AwareDatetime | None = None


class ApiKeyOut(Stamped):
    name: str
    user_id: UUID
    business_unit_id: UUID
    prefix: str = Field(description="The start of the key, to recognise it; not a secret.")
    scopes: list[str]
    created_by: UUID
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    secret: str | None = Field(
        description="The whole key. Shown only in the response that created it (a replay of "
        "the same Idempotency-Key answers without it): store it now."
    )
