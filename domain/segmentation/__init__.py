"""Segmentation: segments (dynamic rules and static lists) with membership history, and
account classes A/B/C/Potential with history, approval, caps and suggestions."""

from domain.segmentation import services
from domain.segmentation.model import (
    ACCOUNT_CLASS_CHANGE,
    DEFAULT_POLICY_VALUES,
    SEGMENT,
    AccountClassChange,
    ChangeStatus,
    ClassPolicy,
    MembershipEvent,
    Segment,
    SegmentKind,
    review_cutoff,
    suggest_class,
)
from domain.segmentation.ports import SegmentationUnitOfWork

__all__ = [
    "ACCOUNT_CLASS_CHANGE",
    "DEFAULT_POLICY_VALUES",
    "SEGMENT",
    "AccountClassChange",
    "ChangeStatus",
    "ClassPolicy",
    "MembershipEvent",
    "Segment",
    "SegmentKind",
    "SegmentationUnitOfWork",
    "review_cutoff",
    "services",
    "suggest_class",
]
