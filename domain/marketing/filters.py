"""The contact filter language's `invitations` relation: a contact's event invitations, so
that "registered but did not attend the last event" is a filter, e.g.
`{"has": "invitations", "where": {"all": [{"field": "campaign_id", "op": "eq", "value": …},
{"field": "status", "op": "eq", "value": "no_show"}]}}`. Declared here at import time; the
SQL side is registered in `persistence.repositories.marketing`."""

from __future__ import annotations

from domain.marketing.model import INVITATION, CampaignType, InvitationStatus
from domain.shared.filter_catalogues import CONTACT_FILTERS
from domain.shared.filters import FieldCatalogue, FieldSpec, FieldType, Ref

INVITATION_FILTERS = FieldCatalogue.of(
    INVITATION,
    [
        FieldSpec("campaign_id", FieldType.UUID, refers_to=Ref.OTHER),
        FieldSpec("status", FieldType.ENUM, tuple(s.value for s in InvitationStatus)),
        FieldSpec("invited_at", FieldType.DATETIME),
        FieldSpec("campaign_type", FieldType.ENUM, tuple(t.value for t in CampaignType)),
        FieldSpec("campaign_starts_on", FieldType.DATE, nullable=True),
    ],
)
CONTACT_FILTERS.add_relation("invitations", INVITATION_FILTERS)
