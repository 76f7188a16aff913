"""Account and contact request/response models."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from pydantic import EmailStr, Field, StringConstraints, field_validator

from api.v1.schemas.common import In, Name, Out, Patch, Short, Stamped
from domain.accounts import (
    AccountClass,
    AccountLink,
    AccountStatus,
    AccountType,
    Address,
    ExternalId,
    Language,
    normalise_business_id,
    normalise_phone,
)
from domain.shared import ValidationFailed

Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
PhoneText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=30)]
Website = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, max_length=500, pattern=r"^(https?://)?[^\s/$.?#][^\s]*\.[^\s]{2,}$"
    ),
]


def business_id_or_none(value: str | None) -> str | None:
    """A business ID in its canonical form, None for blank; ValueError names the rule."""
    if value is None or value.strip() == "":
        return None
    try:
        return normalise_business_id(value)
    except ValidationFailed as exc:
        raise ValueError(exc.errors[0].msg) from exc


def _phone(value: str | None) -> str | None:
    if value is None or value.strip() == "":
        return None
    try:
        return normalise_phone(value)
    except ValidationFailed as exc:
        raise ValueError(exc.errors[0].msg) from exc


class AddressModel(In):
    street: Annotated[str, StringConstraints(max_length=200)] | None = None
    postal_code: Annotated[str, StringConstraints(max_length=10)] | None = None
    city: Annotated[str, StringConstraints(max_length=100)] | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = Field(
        "FI", description="ISO 3166-1 alpha-2"
    )

    def to_domain(self) -> Address:
        return Address(**self.model_dump())


class ExternalIdModel(In):
    system: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
    external_id: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ]


class AccountFields(In):
    """Fields a client may set; validated here so that errors point at the field."""

    business_id: Annotated[str, StringConstraints(max_length=20)] | None = Field(
        None, description="Finnish business ID (Y-tunnus), e.g. 0112038-9; checksum verified."
    )
    industry_code: Annotated[str, StringConstraints(pattern=r"^\d{2}\.?\d{0,3}$")] | None = Field(
        None, description="TOL 2008 industry code, 2–5 digits."
    )
    size_class: int | None = Field(None, ge=0, le=9, description="Headcount class 1–9, 0 unknown.")
    region: Short | None = None
    municipality: Short | None = None
    visiting_address: AddressModel | None = None
    postal_address: AddressModel | None = None
    billing_address: AddressModel | None = None
    phone: PhoneText | None = Field(None, description="Stored in E.164, e.g. +358401234567.")
    email: EmailStr | None = Field(None, max_length=320)
    website: Website | None = None
    parent_id: UUID | None = None
    account_manager_id: UUID | None = None
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None

    _bid = field_validator("business_id")(business_id_or_none)
    _tel = field_validator("phone")(_phone)

    def domain_values(self, fields: set[str] | None = None) -> dict[str, Any]:
        chosen = fields if fields is not None else set(type(self).model_fields)
        values: dict[str, Any] = {}
        for name in chosen:
            value = getattr(self, name)
            if isinstance(value, AddressModel):
                value = value.to_domain()
            elif name == "external_ids" and value is not None:
                value = tuple(ExternalId(e.system, e.external_id) for e in value)
            elif name == "tags" and value is not None:
                value = tuple(value)
            elif name == "email" and value is not None:
                value = str(value)
            values[name] = value
        return values


class AccountCreate(AccountFields):
    name: Name
    type: AccountType = AccountType.COMPANY
    status: AccountStatus = AccountStatus.PROSPECT
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    external_ids: list[ExternalIdModel] = Field(default_factory=list, max_length=20)


class AccountUpdate(AccountFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "name",
        "type",
        "status",
        "tags",
        "external_ids",
        "owner_id",
        "business_unit_id",
    )
    name: Name | None = None
    type: AccountType | None = None
    status: AccountStatus | None = None
    tags: list[Tag] | None = Field(None, max_length=50)
    external_ids: list[ExternalIdModel] | None = Field(None, max_length=20)

    def domain_changes(self) -> dict[str, Any]:
        return self.domain_values(set(self.model_fields_set))


class AddressOut(Out):
    street: str | None
    postal_code: str | None
    city: str | None
    country: str


class ExternalIdOut(Out):
    system: str
    external_id: str


class AccountOut(Stamped):
    name: str
    business_id: str | None
    type: AccountType
    status: AccountStatus
    industry_code: str | None
    size_class: int | None
    region: str | None
    municipality: str | None
    visiting_address: AddressOut | None
    postal_address: AddressOut | None
    billing_address: AddressOut | None
    phone: str | None
    email: str | None
    website: str | None
    parent_id: UUID | None
    owner_id: UUID
    business_unit_id: UUID
    account_manager_id: UUID | None
    tags: list[str]
    external_ids: list[ExternalIdOut]
    account_class: AccountClass | None = Field(
        description="A, B, C or potential; changed through the class-change flow, with history."
    )
    account_class_since: datetime | None
    passive_since: datetime | None = Field(
        description="Set when the account was made passive: it keeps its history but takes no "
        "new activities, offers or projects."
    )
    passive_reason: str | None


BuyingRole = Literal["decision_maker", "influencer", "expert", "user"]


class AccountLinkIn(In):
    account_id: UUID
    role: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    buying_role: BuyingRole | None = Field(
        None, description="The contact's role in the account's buying centre."
    )


class ContactFields(In):
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    email: EmailStr | None = Field(None, max_length=320)
    phone: PhoneText | None = Field(None, description="Stored in E.164, e.g. +358401234567.")
    marketing_consent_source: Annotated[str, StringConstraints(max_length=200)] | None = None
    owner_id: UUID | None = None
    business_unit_id: UUID | None = None

    _tel = field_validator("phone")(_phone)

    def domain_values(self, fields: set[str] | None = None) -> dict[str, Any]:
        chosen = fields if fields is not None else set(type(self).model_fields)
        values: dict[str, Any] = {}
        for name in chosen:
            value = getattr(self, name)
            if name == "accounts" and value is not None:
                value = tuple(
                    AccountLink(link.account_id, link.role, link.buying_role) for link in value
                )
            elif name == "email" and value is not None:
                value = str(value)
            values[name] = value
        return values


PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class ContactCreate(ContactFields):
    first_name: PersonName
    last_name: PersonName
    preferred_language: Language = Language.FI
    marketing_consent: bool = False
    accounts: list[AccountLinkIn] = Field(default_factory=list, max_length=50)


class ContactUpdate(ContactFields, Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = (
        "first_name",
        "last_name",
        "preferred_language",
        "marketing_consent",
        "accounts",
        "owner_id",
        "business_unit_id",
    )
    first_name: PersonName | None = None
    last_name: PersonName | None = None
    preferred_language: Language | None = None
    marketing_consent: bool | None = None
    accounts: list[AccountLinkIn] | None = Field(None, max_length=50)

    def domain_changes(self) -> dict[str, Any]:
        return self.domain_values(set(self.model_fields_set))


class ContactAccountOut(Out):
    account_id: UUID
    account_name: str | None
    role: str | None
    buying_role: str | None = None


class ContactOut(Stamped):
    first_name: str
    last_name: str
    title: str | None
    email: str | None
    phone: str | None
    preferred_language: Language
    marketing_consent: bool
    marketing_consent_at: datetime | None
    marketing_consent_source: str | None
    owner_id: UUID
    business_unit_id: UUID
    accounts: list[ContactAccountOut]


class AccountContactOut(ContactOut):
    role: str | None = Field(description="The contact's role at this account.")


class HistoryOut(Out):
    id: UUID
    changed_at: datetime
    changed_by: UUID | None
    changed_by_name: str | None
    operation: str
    field: str | None
    old_value: Any = None
    new_value: Any = None


class ChangeOut(Out):
    entity: str
    id: UUID = Field(validation_alias="record_id")
    operation: str
    version: int
    changed_at: datetime
    data: dict[str, Any] | None


class ChangesResponse(Out):
    items: list[ChangeOut]
    next_cursor: str = Field(description="Store it; ask again with it for what changed since.")
    has_more: bool
