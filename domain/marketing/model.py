"""Campaigns, marketing lists and event invitations (issue 8, seeds 001/002).

A marketing list is static (contacts added by hand or in bulk by their ids) or dynamic (a
filter over contacts: its members are computed on every read, so a new contact that matches
joins at once). A campaign has a type, a status, dates, a budget and the number of responses
it expects; its invitations record who was invited and whether they registered, attended,
declined or did not show up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.shared import ValidationFailed

CAMPAIGN = "campaign"
MARKETING_LIST = "marketing_list"
INVITATION = "campaign_invitation"
LIST_EXPORT = "marketing_list_export"

MAX_NAME = 200
MAX_TEXT = 5000
MAX_BULK = 1000


class CampaignType(StrEnum):
    EVENT = "event"
    SEMINAR = "seminar"
    NEWSLETTER = "newsletter"
    DIRECT_MAIL = "direct_mail"
    TRADE_FAIR = "trade_fair"
    WEB = "web"
    OTHER = "other"


class CampaignStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ListKind(StrEnum):
    STATIC = "static"
    DYNAMIC = "dynamic"


class InvitationStatus(StrEnum):
    INVITED = "invited"
    REGISTERED = "registered"
    ATTENDED = "attended"
    DECLINED = "declined"
    NO_SHOW = "no_show"


S = InvitationStatus
# invited → registered → attended / no_show; anyone not yet at the event may decline; a
# mistaken mark is corrected one step back (attended ↔ no_show, declined → invited).
TRANSITIONS: dict[InvitationStatus, frozenset[InvitationStatus]] = {
    S.INVITED: frozenset({S.REGISTERED, S.DECLINED}),
    S.REGISTERED: frozenset({S.ATTENDED, S.NO_SHOW, S.DECLINED, S.INVITED}),
    S.ATTENDED: frozenset({S.NO_SHOW, S.REGISTERED}),
    S.NO_SHOW: frozenset({S.ATTENDED, S.REGISTERED}),
    S.DECLINED: frozenset({S.INVITED, S.REGISTERED}),
}
# An invitation counts as a response once the contact registered (whether they came or not).
RESPONDED = frozenset({S.REGISTERED, S.ATTENDED, S.NO_SHOW})


@dataclass
class Campaign:
    id: UUID
    name: str
    type: CampaignType
    status: CampaignStatus
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    starts_on: date | None = None
    ends_on: date | None = None
    description: str | None = None
    budget: Decimal | None = None
    expected_responses: int | None = None
    version: int = 1


@dataclass
class MarketingList:
    id: UUID
    name: str
    kind: ListKind
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    filter: dict[str, Any] | None = None
    campaign_id: UUID | None = None
    version: int = 1


@dataclass
class Invitation:
    id: UUID
    campaign_id: UUID
    contact_id: UUID
    status: InvitationStatus
    invited_at: datetime
    status_changed_at: datetime
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    list_id: UUID | None = None
    version: int = 1


@dataclass(frozen=True)
class ListExport:
    """Who exported which list when, as which file, how many went in and how many were left
    out because they have not given (or have withdrawn) their marketing consent."""

    id: UUID
    list_id: UUID
    format: str
    exported_by: UUID
    exported_at: datetime
    exported_count: int
    left_out_count: int
    owner_id: UUID
    business_unit_id: UUID
    version: int = 1


def clean_name(value: str | None, loc: str = "name") -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed.field(loc, "A name is required.")
    if len(text) > MAX_NAME:
        raise ValidationFailed.field(loc, f"At most {MAX_NAME} characters.")
    return text


def clean_text(value: str | None, loc: str = "description") -> str | None:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationFailed.field(loc, f"At most {MAX_TEXT} characters.")
    return text or None


def check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationFailed.field("ends_on", "The campaign cannot end before it starts.")


def check_budget(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if value < 0 or value >= Decimal("1e12"):
        raise ValidationFailed.field("budget", "A budget is 0 or more euros.")
    return value.quantize(Decimal("0.01"))


def check_expected(value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 1_000_000:
        raise ValidationFailed.field("expected_responses", "Expected responses are 0 to 1 000 000.")
    return value


def sort_key(name: str) -> str:
    return name.casefold()
