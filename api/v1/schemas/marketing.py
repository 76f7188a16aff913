"""Bodies and answers of /campaigns and /marketing-lists."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import Field

from api.v1.schemas.common import In, Out, Patch, Stamped
from domain.marketing import CampaignStatus, CampaignType, InvitationStatus, ListKind

Budget = Annotated[Decimal, Field(ge=0, le=Decimal("999999999999.99"), decimal_places=2)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=5000)]
Expected = Annotated[int, Field(ge=0, le=1_000_000)]
ContactIds = Annotated[list[UUID], Field(min_length=1, max_length=1000)]


class CampaignCreate(In):
    name: Name
    type: CampaignType
    status: CampaignStatus = CampaignStatus.PLANNED
    starts_on: date | None = None
    ends_on: date | None = None
    description: Text | None = None
    budget: Budget | None = None
    expected_responses: Expected | None = Field(
        None, description="How many registrations the campaign is planned to get."
    )


class CampaignUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name", "type", "status")
    name: Name | None = None
    type: CampaignType | None = None
    status: CampaignStatus | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    description: Text | None = None
    budget: Budget | None = None
    expected_responses: Expected | None = None


class CampaignOut(Stamped):
    name: str
    type: CampaignType
    status: CampaignStatus
    starts_on: date | None
    ends_on: date | None
    description: str | None
    budget: Decimal | None
    expected_responses: int | None
    owner_id: UUID
    business_unit_id: UUID


class ListCreate(In):
    name: Name
    kind: ListKind = ListKind.STATIC
    description: Text | None = None
    filter: dict[str, Any] | None = Field(
        None, description="A dynamic list's filter over contacts (the saved-view filter language)."
    )
    campaign_id: UUID | None = None


class ListUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name",)
    name: Name | None = None
    description: Text | None = None
    filter: dict[str, Any] | None = None
    campaign_id: UUID | None = None


class ListOut(Stamped):
    name: str
    kind: ListKind
    description: str | None
    filter: dict[str, Any] | None
    campaign_id: UUID | None
    owner_id: UUID
    business_unit_id: UUID
    member_count: int = Field(description="Members you may read (a dynamic list's, right now).")


class MembersAdd(In):
    contact_ids: ContactIds


class MembersAdded(Out):
    added: int
    member_count: int


class MemberOut(Out):
    contact_id: UUID
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    title: str | None
    preferred_language: str
    marketing_consent: bool
    marketing_consent_at: datetime | None
    account_names: list[str]


class ExportOut(Out):
    id: UUID
    format: str
    exported_at: datetime
    exported_by: UUID
    exported_by_name: str | None
    exported_count: int
    left_out_count: int = Field(description="Members left out: no marketing consent.")


class InviteIn(In):
    list_id: UUID | None = None
    contact_ids: list[UUID] = Field(default_factory=list, max_length=1000)


class InviteOut(Out):
    invited: int
    already_invited: int


class InvitationOut(Out):
    id: UUID
    campaign_id: UUID
    contact_id: UUID
    contact_name: str
    email: str | None
    status: InvitationStatus
    invited_at: datetime
    status_changed_at: datetime
    list_id: UUID | None
    version: int


class InvitationUpdate(In):
    status: InvitationStatus


class CampaignResults(Out):
    campaign_id: UUID
    invited_total: int = Field(description="Every invitation, whatever its status now.")
    counts: dict[str, int] = Field(description="Invitations by current status.")
    responses: int = Field(description="Registered, attended or no-show: those who signed up.")
    expected_responses: int | None
    response_vs_expected: float | None = Field(
        description="responses / expected_responses (1.0 = as planned); null without a plan."
    )
    response_rate: float | None = Field(description="responses / invited_total.")
    attendance_rate: float | None = Field(description="attended / (attended + no_show).")
    budget: Decimal | None
    cost_per_response: Decimal | None
