"""Marketing: campaigns, static and dynamic marketing lists, event invitations, exports."""

from domain.marketing.filters import INVITATION_FILTERS
from domain.marketing.model import (
    CAMPAIGN,
    INVITATION,
    LIST_EXPORT,
    MARKETING_LIST,
    RESPONDED,
    TRANSITIONS,
    Campaign,
    CampaignStatus,
    CampaignType,
    Invitation,
    InvitationStatus,
    ListExport,
    ListKind,
    MarketingList,
    sort_key,
)
from domain.marketing.ports import ContactAccess, MarketingUnitOfWork

__all__ = [
    "CAMPAIGN",
    "INVITATION",
    "INVITATION_FILTERS",
    "LIST_EXPORT",
    "MARKETING_LIST",
    "RESPONDED",
    "TRANSITIONS",
    "Campaign",
    "CampaignStatus",
    "CampaignType",
    "ContactAccess",
    "Invitation",
    "InvitationStatus",
    "ListExport",
    "ListKind",
    "MarketingList",
    "MarketingUnitOfWork",
    "sort_key",
]
