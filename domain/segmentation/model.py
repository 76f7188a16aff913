"""Segments and account classes: the entities and the pure rules (suggested class, who must
approve, the cap on A accounts, when a Potential account is due for review)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.accounts import AccountClass

SEGMENT = "segment"
ACCOUNT_CLASS_CHANGE = "account_class_change"


class SegmentKind(StrEnum):
    DYNAMIC = "dynamic"  # members are the accounts matching the rule (a filter AST)
    STATIC = "static"  # members are hand-picked (or uploaded as CSV by business ID)


class MembershipEvent(StrEnum):
    JOINED = "joined"
    LEFT = "left"


class ChangeStatus(StrEnum):
    PENDING = "pending"  # waits for a manager's approval (a proposed A)
    APPLIED = "applied"  # the account has the class
    REJECTED = "rejected"


@dataclass
class Segment:
    id: UUID
    name: str
    kind: SegmentKind
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    rule: dict[str, Any] | None = None
    refreshed_at: datetime | None = None
    version: int = 1


@dataclass
class AccountClassChange:
    id: UUID
    account_id: UUID
    to_class: AccountClass
    status: ChangeStatus
    reason: str
    proposed_by: UUID
    proposed_at: datetime
    owner_id: UUID
    business_unit_id: UUID
    created_at: datetime
    updated_at: datetime
    from_class: AccountClass | None = None
    suggested_class: AccountClass | None = None
    decided_by: UUID | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None
    version: int = 1


@dataclass
class ClassPolicy:
    """Per business unit (None: the organisation default)."""

    id: UUID
    created_at: datetime
    updated_at: datetime
    business_unit_id: UUID | None = None
    # At most this many A accounts in the unit (None: no cap). The institute caps at five.
    a_cap: int | None = None
    # A Potential account older than this shows up for review.
    potential_review_months: int = 6
    # Suggested class from the 12 months' purchase volume: A at or over, B at or over.
    a_threshold_cents: int | None = 2_000_000
    b_threshold_cents: int | None = 500_000
    version: int = 1


DEFAULT_POLICY_VALUES: dict[str, Any] = {
    "a_cap": None,
    "potential_review_months": 6,
    "a_threshold_cents": 2_000_000,
    "b_threshold_cents": 500_000,
}


def suggest_class(policy: ClassPolicy, volume_cents: int) -> AccountClass | None:
    """The class the purchase volume suggests; shown beside the set class, never applied."""
    if policy.a_threshold_cents is not None and volume_cents >= policy.a_threshold_cents:
        return AccountClass.A
    if policy.b_threshold_cents is not None and volume_cents >= policy.b_threshold_cents:
        return AccountClass.B
    if volume_cents > 0:
        return AccountClass.C
    return None


def needs_approval(to_class: AccountClass) -> bool:
    """A (key customer) is proposed by the account manager and approved by management."""
    return to_class is AccountClass.A


def review_cutoff(now: datetime, months: int) -> datetime:
    """Potential since before this moment: due for review (a month counted as 30 days)."""
    return now - timedelta(days=30 * months)
