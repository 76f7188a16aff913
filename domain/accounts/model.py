"""Accounts (organisations) and contacts (persons), with the rules that keep them clean:
valid Finnish business IDs, E.164 phone numbers, a parent hierarchy without cycles."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.shared import InvalidTransition, ValidationFailed


class AccountType(StrEnum):
    COMPANY = "company"
    PUBLIC_BODY = "public_body"
    ASSOCIATION = "association"
    OTHER = "other"


class AccountStatus(StrEnum):
    PROSPECT = "prospect"
    CUSTOMER = "customer"
    FORMER_CUSTOMER = "former_customer"
    PARTNER = "partner"


class AccountClass(StrEnum):
    """Asiakkuusluokka: A = key customers (avainasiakkaat), B = growing, C = basic, potential
    = from leads, never a permanent state."""

    A = "A"
    B = "B"
    C = "C"
    POTENTIAL = "potential"


class Language(StrEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"


@dataclass(frozen=True)
class Address:
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str = "FI"


@dataclass(frozen=True)
class ExternalId:
    """The id of this account in another system (billing, ERP); unique per system."""

    system: str
    external_id: str


@dataclass
class Account:
    id: UUID
    name: str
    type: AccountType
    status: AccountStatus
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    business_id: str | None = None
    industry_code: str | None = None
    size_class: int | None = None
    region: str | None = None
    municipality: str | None = None
    visiting_address: Address | None = None
    postal_address: Address | None = None
    billing_address: Address | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    parent_id: UUID | None = None
    account_manager_id: UUID | None = None
    tags: tuple[str, ...] = ()
    external_ids: tuple[ExternalId, ...] = ()
    # Set only through the class-change flow, which keeps the history of who, when and why.
    account_class: AccountClass | None = None
    account_class_since: datetime | None = None
    # A passive account keeps its history but takes no new activities, offers or projects.
    passive_since: datetime | None = None
    passive_reason: str | None = None
    version: int = 1

    @property
    def is_passive(self) -> bool:
        return self.passive_since is not None

    def passivate(self, reason: str, at: datetime) -> None:
        """The account ceased trading (bankruptcy, closed down): it keeps its history and its
        records, leaves the default lists and takes no new projects, requests or activities."""
        cleaned = " ".join(reason.split())
        if not cleaned:
            raise ValidationFailed.field("reason", "Say why the account is made passive.")
        if self.is_passive:
            raise InvalidTransition(
                f"The account has been passive since {self.passive_since:%Y-%m-%d}.",
                allowed=["reactivation"],
            )
        self.passive_since, self.passive_reason = at, cleaned

    def reactivate(self) -> None:
        if not self.is_passive:
            raise InvalidTransition("The account is not passive.", allowed=["passivation"])
        self.passive_since, self.passive_reason = None, None


class TeamAccess(StrEnum):
    """What membership of an account team lets the member do with the account itself (both
    read the account and its records, across business units)."""

    READ = "read"
    EDIT = "edit"


@dataclass(frozen=True)
class TeamMember:
    """A user on an account's team (asiakkuustiimi), with a role there and an access level."""

    user_id: UUID
    access: TeamAccess
    added_at: datetime
    role_id: UUID | None = None
    added_by: UUID | None = None


@dataclass
class TeamRole:
    """A role on an account team (sales, training planner, executive sponsor…), named in the
    three languages; administrators deactivate roles rather than delete them."""

    id: UUID
    key: str
    name: str
    created_at: datetime
    updated_at: datetime
    name_en: str | None = None
    name_sv: str | None = None
    sort_order: int = 0
    is_active: bool = True
    version: int = 1


@dataclass(frozen=True)
class AccountLink:
    """A contact's tie to an account, with the contact's role there (e.g. decision maker)."""

    account_id: UUID
    role: str | None = None
    # The role in the account's buying centre: decision_maker | influencer | expert | user.
    buying_role: str | None = None


@dataclass
class Contact:
    id: UUID
    first_name: str
    last_name: str
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    preferred_language: Language = Language.FI
    marketing_consent: bool = False
    marketing_consent_at: datetime | None = None
    marketing_consent_source: str | None = None
    accounts: tuple[AccountLink, ...] = field(default_factory=tuple)
    version: int = 1


# ------------------------------------------------------------------ value rules

_LEGAL_FORMS = re.compile(
    r"\b(oy|oyj|ab|abp|ky|ay|ry|rf|tmi|osk|ltd|inc|gmbh|llc|plc|co|corp|ag|sa|as|aps)\b\.?"
)
_NON_WORD = re.compile(r"[^\w]+")
_INDUSTRY_CODE = re.compile(r"^\d{2,5}$")


def normalise_industry_code(value: str) -> str:
    code = value.replace(".", "").strip()
    if not _INDUSTRY_CODE.match(code):
        raise ValidationFailed.field(
            "industry_code", "The industry code is a TOL 2008 code of 2 to 5 digits, e.g. 62010."
        )
    return code


def normalise_name(name: str) -> str:
    """The name as duplicate detection compares it: case, accents, punctuation and legal
    form ("Oy", "Ab", "ry") removed, so "Kone Oyj" and "KONE" meet."""
    # Decompose before and after folding: compatibility characters (e.g. "㎊") fold only
    # once decomposed, and folding can produce characters that decompose further.
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", name).casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    without_form = _LEGAL_FORMS.sub(" ", plain)
    return " ".join(_NON_WORD.sub(" ", without_form).split())


def sort_name(name: str) -> str:
    """The key accounts are sorted by: case-insensitive, otherwise as written."""
    return name.casefold().strip()


def normalise_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = " ".join(tag.split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


def check_external_ids(external_ids: tuple[ExternalId, ...]) -> None:
    systems = [e.system for e in external_ids]
    if len(systems) != len(set(systems)):
        raise ValidationFailed.field(
            "external_ids", "An account has at most one id per external system."
        )
