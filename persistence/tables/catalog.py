"""The product and service catalogue: product groups (a tree) and products."""

import sqlalchemy as sa

from persistence.tables.base import bookkeeping, metadata, uuid_pk

product_groups = sa.Table(
    "product_groups",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=True),
    sa.Column("name_sv", sa.String(200), nullable=True),
    sa.Column("sort_name", sa.String(200), nullable=False),
    sa.Column("parent_id", sa.Uuid, sa.ForeignKey("product_groups.id"), nullable=True, index=True),
    sa.Column("sort_order", sa.Integer, nullable=False, server_default="0"),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *bookkeeping(),
)
sa.Index("ix_product_groups_sort_name_id", product_groups.c.sort_name, product_groups.c.id)

products = sa.Table(
    "products",
    metadata,
    uuid_pk(),
    # The organisation's own product code (optional, unique when given).
    sa.Column("code", sa.String(50), nullable=True, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=True),
    sa.Column("name_sv", sa.String(200), nullable=True),
    sa.Column("sort_name", sa.String(200), nullable=False),
    # product | service
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column(
        "product_group_id", sa.Uuid, sa.ForeignKey("product_groups.id"), nullable=True, index=True
    ),
    sa.Column("unit", sa.String(20), nullable=True),
    sa.Column("unit_price", sa.Numeric(14, 2), nullable=True),
    # The unit that sells it (None: the whole organisation).
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=True, index=True
    ),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *bookkeeping(),
)
sa.Index("ix_products_sort_name_id", products.c.sort_name, products.c.id)
sa.Index("ix_products_updated_at_id", products.c.updated_at, products.c.id)
