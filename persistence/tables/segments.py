"""Segments (dynamic: a filter rule; static: hand-picked members), their materialised members
and membership history, account-class changes (with approval) and the class policies."""

import sqlalchemy as sa

from persistence.tables.accounts import accounts
from persistence.tables.base import UTCDateTime, bookkeeping, metadata, uuid_pk

segments = sa.Table(
    "segments",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.String(2000), nullable=True),
    # dynamic | static
    sa.Column("kind", sa.String(10), nullable=False),
    # The filter AST over accounts (dynamic segments only).
    sa.Column("rule", sa.JSON, nullable=True),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    # When the refresh job last recomputed a dynamic segment's members.
    sa.Column("refreshed_at", UTCDateTime(), nullable=True),
    *bookkeeping(),
)
sa.Index("ix_segments_name_id", segments.c.name, segments.c.id)
sa.Index("ix_segments_updated_at_id", segments.c.updated_at, segments.c.id)

# The current members: hand-picked ones of a static segment, the last refresh of a dynamic one.
segment_members = sa.Table(
    "segment_members",
    metadata,
    sa.Column(
        "segment_id",
        sa.Uuid,
        sa.ForeignKey("segments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "account_id",
        sa.Uuid,
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("joined_at", UTCDateTime(), nullable=False),
    sa.Column("added_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
)

# Who joined and left a segment, when (append-only).
segment_membership_events = sa.Table(
    "segment_membership_events",
    metadata,
    uuid_pk(),
    sa.Column(
        "segment_id", sa.Uuid, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "account_id", sa.Uuid, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False
    ),
    # joined | left
    sa.Column("event", sa.String(10), nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
)
sa.Index(
    "ix_segment_events_account_at",
    segment_membership_events.c.account_id,
    segment_membership_events.c.at,
)
sa.Index(
    "ix_segment_events_segment_at",
    segment_membership_events.c.segment_id,
    segment_membership_events.c.at,
)

account_class_changes = sa.Table(
    "account_class_changes",
    metadata,
    uuid_pk(),
    sa.Column("account_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("from_class", sa.String(10), nullable=True),
    sa.Column("to_class", sa.String(10), nullable=False),
    # pending | applied | rejected
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("reason", sa.String(1000), nullable=False),
    # The class purchase volume suggested when the change was made (shown, never applied).
    sa.Column("suggested_class", sa.String(10), nullable=True),
    sa.Column("proposed_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("proposed_at", UTCDateTime(), nullable=False),
    sa.Column("decided_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("decided_at", UTCDateTime(), nullable=True),
    sa.Column("decision_note", sa.String(1000), nullable=True),
    # The account's owner and unit when proposed: who may read and approve it.
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    *bookkeeping(),
)
sa.Index(
    "ix_account_class_changes_account_at",
    account_class_changes.c.account_id,
    account_class_changes.c.proposed_at,
)
sa.Index(
    "ix_account_class_changes_status_at",
    account_class_changes.c.status,
    account_class_changes.c.proposed_at,
    account_class_changes.c.id,
)

# One row per business unit (business_unit_id null: the organisation default).
account_class_policies = sa.Table(
    "account_class_policies",
    metadata,
    uuid_pk(),
    sa.Column(
        "business_unit_id",
        sa.Uuid,
        sa.ForeignKey("business_units.id"),
        nullable=True,
        unique=True,
    ),
    sa.Column("a_cap", sa.Integer, nullable=True),
    sa.Column("potential_review_months", sa.Integer, nullable=False),
    sa.Column("a_threshold_cents", sa.BigInteger, nullable=True),
    sa.Column("b_threshold_cents", sa.BigInteger, nullable=True),
    *bookkeeping(),
)

# The segmentation benchmark's three-condition rule: region and size class together.
# (ix_orders_account_ordered_on answers "an order in the last 12 months".)
sa.Index("ix_accounts_region_size_class", accounts.c.region, accounts.c.size_class)
