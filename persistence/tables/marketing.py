"""Campaigns, marketing lists (static members or a dynamic filter over contacts), event
invitations and the audit of list exports."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, bookkeeping, metadata, uuid_pk

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
    # 0016: the money and the response the campaign is planned with.
    sa.Column("budget", sa.Numeric(14, 2), nullable=True),
    sa.Column("expected_responses", sa.Integer, nullable=True),
)
sa.Index("ix_campaigns_sort_name_id", campaigns.c.sort_name, campaigns.c.id)

marketing_lists = sa.Table(
    "marketing_lists",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("sort_name", sa.String(200), nullable=False),
    # static (members added by hand) | dynamic (the contacts matching `filter`, computed on read)
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    # The filter AST (the saved-view language over contacts) of a dynamic list.
    sa.Column("filter", sa.JSON, nullable=True),
    sa.Column("campaign_id", sa.Uuid, sa.ForeignKey("campaigns.id"), nullable=True, index=True),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    *bookkeeping(),
)
sa.Index("ix_marketing_lists_sort_name_id", marketing_lists.c.sort_name, marketing_lists.c.id)

marketing_list_members = sa.Table(
    "marketing_list_members",
    metadata,
    sa.Column(
        "list_id",
        sa.Uuid,
        sa.ForeignKey("marketing_lists.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "contact_id",
        sa.Uuid,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("added_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("added_at", UTCDateTime(), nullable=False),
)

campaign_invitations = sa.Table(
    "campaign_invitations",
    metadata,
    uuid_pk(),
    sa.Column(
        "campaign_id",
        sa.Uuid,
        sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column(
        "contact_id",
        sa.Uuid,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    # invited | registered | attended | declined | no_show
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("invited_at", UTCDateTime(), nullable=False),
    sa.Column("status_changed_at", UTCDateTime(), nullable=False),
    sa.Column("list_id", sa.Uuid, sa.ForeignKey("marketing_lists.id"), nullable=True),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False),
    *bookkeeping(),
    sa.UniqueConstraint("campaign_id", "contact_id", name="uq_campaign_invitations_contact"),
)
sa.Index(
    "ix_campaign_invitations_campaign_status",
    campaign_invitations.c.campaign_id,
    campaign_invitations.c.status,
)

marketing_list_exports = sa.Table(
    "marketing_list_exports",
    metadata,
    uuid_pk(),
    sa.Column(
        "list_id",
        sa.Uuid,
        sa.ForeignKey("marketing_lists.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("format", sa.String(10), nullable=False),
    sa.Column("exported_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("exported_at", UTCDateTime(), nullable=False),
    # members written to the file / members left out because they had no marketing consent
    sa.Column("exported_count", sa.Integer, nullable=False),
    sa.Column("left_out_count", sa.Integer, nullable=False),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
)
