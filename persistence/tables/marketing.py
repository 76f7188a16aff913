"""Campaigns (and, with the marketing work, marketing lists and event invitations)."""

import sqlalchemy as sa

from persistence.tables.base import bookkeeping, metadata, uuid_pk

campaigns = sa.Table(
    "campaigns",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("sort_name", sa.String(200), nullable=False),
    # event | seminar | newsletter | direct_mail | trade_fair | web | other
    sa.Column("type", sa.String(20), nullable=False),
    # planned | active | completed | cancelled
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("starts_on", sa.Date, nullable=True),
    sa.Column("ends_on", sa.Date, nullable=True),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    *bookkeeping(),
)
sa.Index("ix_campaigns_sort_name_id", campaigns.c.sort_name, campaigns.c.id)
