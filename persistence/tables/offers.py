"""Offers and orders: offer types, offers and their lines, orders and their lines, the
salespeople's yearly targets."""

import sqlalchemy as sa

from persistence.tables.base import bookkeeping, metadata, uuid_pk

offer_types = sa.Table(
    "offer_types",
    metadata,
    uuid_pk(),
    # Stable key: apprenticeship, labour_policy_training, staff_training, service_order, …
    sa.Column("key", sa.String(50), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=True),
    sa.Column("name_sv", sa.String(200), nullable=True),
    sa.Column("description", sa.String(2000), nullable=True),
    sa.Column("sort_order", sa.Integer, nullable=False, server_default="0"),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *bookkeeping(),
)


def _line_columns() -> list[sa.Column[object]]:
    """What an offer line and an order line have alike (see domain.offers.model.Line)."""
    return [
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("product_id", sa.Uuid, sa.ForeignKey("products.id"), nullable=True, index=True),
        sa.Column("product_code", sa.String(50), nullable=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("unit", sa.String(20), nullable=True),
        sa.Column("quantity", sa.Numeric(12, 3), nullable=False),
        sa.Column("unit_price", sa.Numeric(14, 2), nullable=False),
        sa.Column("discount_percent", sa.Numeric(5, 2), nullable=False),
        # quantity × unit price × (1 − discount/100), rounded half up to the cent.
        sa.Column("line_total", sa.Numeric(14, 2), nullable=False),
    ]


offers = sa.Table(
    "offers",
    metadata,
    uuid_pk(),
    # TAR-<year>-<6 digits>, gap-free per year.
    sa.Column("number", sa.String(20), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("sort_title", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("account_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=False, index=True),
    sa.Column("contact_id", sa.Uuid, sa.ForeignKey("contacts.id"), nullable=True, index=True),
    sa.Column(
        "offer_type_id", sa.Uuid, sa.ForeignKey("offer_types.id"), nullable=False, index=True
    ),
    # The meeting (or other activity) where the offer was made.
    sa.Column("activity_id", sa.Uuid, nullable=True, index=True),
    sa.Column("offered_on", sa.Date, nullable=False),
    sa.Column("valid_until", sa.Date, nullable=False),
    # EUR, the exact sum of the line totals.
    sa.Column("total", sa.Numeric(14, 2), nullable=False),
    # open | won | lost | cancelled (expired is derived: open and valid_until < today)
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("status_reason", sa.String(500), nullable=True),
    sa.Column("closed_on", sa.Date, nullable=True),
    # The order an accepted offer became.
    sa.Column("order_id", sa.Uuid, nullable=True, unique=True),
    # [{"name": …, "url": "https://…"}]
    sa.Column("attachments", sa.JSON, nullable=False),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    sa.Column("created_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    *bookkeeping(),
)
# Keyset pagination: one composite index per sort the API offers.
sa.Index("ix_offers_updated_at_id", offers.c.updated_at, offers.c.id)
sa.Index("ix_offers_created_at_id", offers.c.created_at, offers.c.id)
sa.Index("ix_offers_offered_on_id", offers.c.offered_on, offers.c.id)
sa.Index("ix_offers_valid_until_id", offers.c.valid_until, offers.c.id)
sa.Index("ix_offers_total_id", offers.c.total, offers.c.id)
sa.Index("ix_offers_sort_title_id", offers.c.sort_title, offers.c.id)
# Open offers (and those expiring soon) and the outcome report by closing day.
sa.Index("ix_offers_status_valid_until", offers.c.status, offers.c.valid_until)
sa.Index("ix_offers_status_closed_on", offers.c.status, offers.c.closed_on)

offer_lines = sa.Table(
    "offer_lines",
    metadata,
    sa.Column(
        "offer_id", sa.Uuid, sa.ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True
    ),
    *_line_columns(),
)

orders = sa.Table(
    "orders",
    metadata,
    uuid_pk(),
    # TIL-<year>-<6 digits>, gap-free per year.
    sa.Column("number", sa.String(20), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("sort_title", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("account_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("contact_id", sa.Uuid, sa.ForeignKey("contacts.id"), nullable=True, index=True),
    # The accepted offer it came from (none for a direct or an ERP order).
    sa.Column("offer_id", sa.Uuid, sa.ForeignKey("offers.id"), nullable=True, unique=True),
    # The purchase date: purchase volume counts by it.
    sa.Column("ordered_on", sa.Date, nullable=False),
    sa.Column("total", sa.Numeric(14, 2), nullable=False),
    # ordered | in_delivery | invoiced | cancelled
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("status_reason", sa.String(500), nullable=True),
    sa.Column("in_delivery_on", sa.Date, nullable=True),
    sa.Column("invoiced_on", sa.Date, nullable=True),
    sa.Column("cancelled_on", sa.Date, nullable=True),
    # The order's id in the ERP: a repeated POST with it finds the order.
    sa.Column("external_reference", sa.String(100), nullable=True, unique=True),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    sa.Column("created_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    *bookkeeping(),
)
sa.Index("ix_orders_updated_at_id", orders.c.updated_at, orders.c.id)
sa.Index("ix_orders_created_at_id", orders.c.created_at, orders.c.id)
sa.Index("ix_orders_ordered_on_id", orders.c.ordered_on, orders.c.id)
sa.Index("ix_orders_total_id", orders.c.total, orders.c.id)
# Purchase volume: an account's orders by purchase date (the segment rules' computed field).
sa.Index("ix_orders_account_ordered_on", orders.c.account_id, orders.c.ordered_on)
# Orders against the yearly targets: an owner's orders of a year.
sa.Index("ix_orders_owner_ordered_on", orders.c.owner_id, orders.c.ordered_on)

order_lines = sa.Table(
    "order_lines",
    metadata,
    sa.Column(
        "order_id", sa.Uuid, sa.ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True
    ),
    *_line_columns(),
)

sales_targets = sa.Table(
    "sales_targets",
    metadata,
    uuid_pk(),
    # The salesperson: the owner in the access rules (a salesperson reads their own).
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("year", sa.SmallInteger, nullable=False),
    sa.Column("euro_target", sa.Numeric(14, 2), nullable=False),
    sa.Column("new_customers", sa.Integer, nullable=True),
    sa.Column("repeat_purchases", sa.Integer, nullable=True),
    sa.Column("meetings", sa.Integer, nullable=True),
    sa.Column("note", sa.String(2000), nullable=True),
    # The user's unit when the target was set (managers read their units' targets).
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    *bookkeeping(),
    sa.UniqueConstraint("user_id", "year", name="uq_sales_targets_user_year"),
)
sa.Index("ix_sales_targets_year_user", sales_targets.c.year, sales_targets.c.user_id)
