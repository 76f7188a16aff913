"""Request/response models of segments, memberships, account classes and class policies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import Field, StringConstraints

from api.v1.schemas.common import In, Name, Out, Patch, Stamped
from api.v1.schemas.views import FILTER_DESCRIPTION
from domain.accounts import AccountClass
from domain.segmentation import ChangeStatus, SegmentKind

Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]
RuleJson = Annotated[
    dict[str, Any],
    Field(
        description=FILTER_DESCRIPTION.replace(
            "GET /views/catalogue", "GET /filter-catalogues/account"
        ),
        examples=[
            {
                "all": [
                    {"field": "region", "op": "eq", "value": "Uusimaa"},
                    {"field": "size_class", "op": "gte", "value": 5},
                    {
                        "has": "orders",
                        "where": {
                            "field": "ordered_at",
                            "op": "within_last",
                            "value": {"days": 365},
                        },
                    },
                ]
            }
        ],
    ),
]


class SegmentCreate(In):
    name: Name
    kind: SegmentKind
    description: Description | None = None
    rule: RuleJson | None = Field(None, description="Dynamic segments only: the filter.")


class SegmentUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("name",)
    name: Name | None = None
    description: Description | None = None
    rule: RuleJson | None = None


class SegmentOut(Stamped):
    name: str
    kind: SegmentKind
    description: str | None
    rule: dict[str, Any] | None
    owner_id: UUID
    business_unit_id: UUID
    refreshed_at: datetime | None


class RulePreview(In):
    rule: RuleJson


class SegmentMemberOut(Out):
    id: UUID
    name: str
    business_id: str | None
    type: str
    status: str
    account_class: str | None
    industry_code: str | None
    size_class: int | None
    region: str | None
    municipality: str | None
    owner_id: UUID
    business_unit_id: UUID


class PreviewOut(Out):
    count: int = Field(description="Matching accounts you may read.")
    sample: list[SegmentMemberOut] = Field(description="The first 10 by name.")


class BreakdownItem(Out):
    value: str | int | None
    count: int


class SegmentSummary(Out):
    count: int = Field(description="Members you may read.")
    breakdown: dict[str, list[BreakdownItem]] = Field(
        description="Per size_class, region, type (customer group), status, industry "
        "(first two digits of the TOL code) and account_class: the largest 20 values."
    )
    refreshed_at: datetime | None


class SegmentMembersAdd(In):
    account_ids: list[UUID] = Field(min_length=1, max_length=5000)


class SegmentMembersAdded(Out):
    added: int


class UploadOut(Out):
    added: int
    already_members: int
    unknown: list[str] = Field(description="Business IDs no account you may read has.")
    invalid: list[str] = Field(description="Rows that are not business IDs (1234567-8).")


class RefreshOut(Out):
    joined: int
    left: int


class MembershipEventOut(Out):
    account_id: UUID
    name: str
    event: str
    at: datetime
    by: UUID | None


class SegmentHistoryOut(Out):
    segment_id: UUID
    segment_name: str
    event: str
    at: datetime
    by: UUID | None


class ClassChangeCreate(In):
    to_class: AccountClass
    reason: Reason


class ClassDecision(In):
    note: Note | None = None


class ClassChangeOut(Stamped):
    account_id: UUID
    account_name: str | None = None
    from_class: AccountClass | None
    to_class: AccountClass
    status: ChangeStatus
    reason: str
    suggested_class: AccountClass | None
    proposed_by: UUID
    proposed_at: datetime
    decided_by: UUID | None
    decided_at: datetime | None
    decision_note: str | None
    owner_id: UUID
    business_unit_id: UUID


class ClassPolicyFields(In):
    a_cap: int | None = Field(None, ge=0, le=100_000, description="At most this many A accounts.")
    potential_review_months: int = Field(6, ge=1, le=120)
    a_threshold_cents: int | None = Field(
        2_000_000, ge=0, description="Suggest A at or over this 12-month purchase volume."
    )
    b_threshold_cents: int | None = Field(500_000, ge=0, description="Suggest B at or over.")


class ClassPolicyCreate(ClassPolicyFields):
    business_unit_id: UUID | None = Field(None, description="null: the organisation default.")


class ClassPolicyUpdate(Patch):
    REQUIRED: ClassVar[tuple[str, ...]] = ("potential_review_months",)
    a_cap: int | None = Field(None, ge=0, le=100_000)
    potential_review_months: int | None = Field(None, ge=1, le=120)
    a_threshold_cents: int | None = Field(None, ge=0)
    b_threshold_cents: int | None = Field(None, ge=0)


class ClassPolicyOut(Stamped):
    business_unit_id: UUID | None
    a_cap: int | None
    potential_review_months: int
    a_threshold_cents: int | None
    b_threshold_cents: int | None


class ClassCardOut(Out):
    account_id: UUID
    account_class: AccountClass | None
    account_class_since: datetime | None
    suggested_class: AccountClass | None = Field(
        description="From the last 12 months' purchase volume; shown, never applied."
    )
    purchase_volume_cents: int
    policy: ClassPolicyOut
    pending: ClassChangeOut | None
    may_approve: bool


class ReviewOut(SegmentMemberOut):
    account_class_since: datetime | None
    account_manager_id: UUID | None
