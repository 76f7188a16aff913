"""Regions (maakunnat) and the municipalities (kunnat) in each: the table leads are routed by."""

import sqlalchemy as sa

from persistence.tables.base import bookkeeping, metadata, uuid_pk

regions = sa.Table(
    "regions",
    metadata,
    uuid_pk(),
    # Statistics Finland's region code ("01" Uusimaa … "21" Ahvenanmaa), or an own code.
    sa.Column("code", sa.String(10), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("name_sv", sa.String(100), nullable=True),
    sa.Column("name_en", sa.String(100), nullable=True),
    sa.Column("sort_order", sa.Integer, nullable=False, server_default="0"),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *bookkeeping(),
)

municipalities = sa.Table(
    "municipalities",
    metadata,
    uuid_pk(),
    # Statistics Finland's municipality number ("091" Helsinki), or an own code.
    sa.Column("code", sa.String(10), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("name_sv", sa.String(100), nullable=True),
    # Case-folded Finnish and Swedish names, for lookups by name whatever the case.
    sa.Column("search_name", sa.String(100), nullable=False, index=True),
    sa.Column("search_name_sv", sa.String(100), nullable=True, index=True),
    sa.Column("region_id", sa.Uuid, sa.ForeignKey("regions.id"), nullable=False, index=True),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *bookkeeping(),
)
sa.Index("ix_municipalities_name_id", municipalities.c.name, municipalities.c.id)
