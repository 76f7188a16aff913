"""The classification tree (luokituspuu): admin-managed hierarchical tags on accounts and on
contacts, named in Finnish, English and Swedish. Customer groups are seeded as its roots."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, bookkeeping, metadata, uuid_pk

classifications = sa.Table(
    "classifications",
    metadata,
    uuid_pk(),
    # account | contact: which records the tag is for
    sa.Column("kind", sa.String(10), nullable=False, index=True),
    sa.Column("key", sa.String(50), nullable=False),
    sa.Column("parent_id", sa.Uuid, sa.ForeignKey("classifications.id"), nullable=True, index=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("name_en", sa.String(100), nullable=True),
    sa.Column("name_sv", sa.String(100), nullable=True),
    sa.Column("sort_order", sa.Integer, nullable=False, server_default="0"),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *bookkeeping(),
    sa.UniqueConstraint("kind", "key", name="uq_classifications_kind_key"),
)

account_classifications = sa.Table(
    "account_classifications",
    metadata,
    sa.Column(
        "account_id", sa.Uuid, sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "classification_id",
        sa.Uuid,
        sa.ForeignKey("classifications.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("assigned_at", UTCDateTime(), nullable=False),
    sa.Column("assigned_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
)

contact_classifications = sa.Table(
    "contact_classifications",
    metadata,
    sa.Column(
        "contact_id", sa.Uuid, sa.ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "classification_id",
        sa.Uuid,
        sa.ForeignKey("classifications.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("assigned_at", UTCDateTime(), nullable=False),
    sa.Column("assigned_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
)
