"""Saved views: a filter (the segmentation filter AST), columns and a sort, per entity."""

import sqlalchemy as sa

from persistence.tables.base import bookkeeping, metadata, uuid_pk

saved_views = sa.Table(
    "saved_views",
    metadata,
    uuid_pk(),
    # service_request (more entities use the same table later)
    sa.Column("entity", sa.String(30), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=True),
    sa.Column("filter", sa.JSON, nullable=False),
    sa.Column("columns", sa.JSON, nullable=False),
    sa.Column("sort", sa.String(50), nullable=False),
    # personal | team | system
    sa.Column("visibility", sa.String(10), nullable=False),
    sa.Column("team_id", sa.Uuid, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=True),
    # Built-in system views have a stable key (unresolved, my_open, callbacks, …).
    sa.Column("system_key", sa.String(50), nullable=True, unique=True),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False),
    *bookkeeping(),
)
sa.Index("ix_saved_views_entity_visibility", saved_views.c.entity, saved_views.c.visibility)
