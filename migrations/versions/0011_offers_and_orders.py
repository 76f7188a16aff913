"""offers and orders

Offer types (seeded: apprenticeship training, labour-policy training, staff training, service
order — seed 002, in Finnish, English and Swedish), offers and their lines, orders and their
lines, and the salespeople's yearly targets. The built-in roles got their privileges on
`offer`, `order`, `offer_type` and `sales_target` in 0008.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

import sqlalchemy as sa
import uuid6
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# key, Finnish, English, Swedish (Tarjouksen tyypit, seed 002 §5.4.10)
OFFER_TYPES = (
    ("apprenticeship", "Oppisopimuskoulutus", "Apprenticeship training", "Läroavtalsutbildning"),
    (
        "labour_policy_training",
        "Työvoimakoulutus",
        "Labour-policy training",
        "Arbetskraftsutbildning",
    ),
    ("staff_training", "Henkilöstökoulutus", "Staff training", "Personalutbildning"),
    ("service_order", "Palvelutilaus", "Service order", "Tjänstebeställning"),
)


def _seed_offer_types() -> None:
    table = sa.table(
        "offer_types",
        sa.column("id", sa.Uuid),
        sa.column("key", sa.String),
        sa.column("name", sa.String),
        sa.column("name_en", sa.String),
        sa.column("name_sv", sa.String),
        sa.column("sort_order", sa.Integer),
        sa.column("is_active", sa.Boolean),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("version", sa.Integer),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        table,
        [
            {
                "id": UUID(bytes=uuid6.uuid7().bytes),
                "key": key,
                "name": fi,
                "name_en": en,
                "name_sv": sv,
                "sort_order": (i + 1) * 10,
                "is_active": True,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for i, (key, fi, en, sv) in enumerate(OFFER_TYPES)
        ],
    )


def upgrade() -> None:
    op.create_table(
        "offer_types",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=True),
        sa.Column("name_sv", sa.String(length=200), nullable=True),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_types")),
        sa.UniqueConstraint("key", name=op.f("uq_offer_types_key")),
    )
    op.create_table(
        "sales_targets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("euro_target", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("new_customers", sa.Integer(), nullable=True),
        sa.Column("repeat_purchases", sa.Integer(), nullable=True),
        sa.Column("meetings", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_sales_targets_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sales_targets_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_targets")),
        sa.UniqueConstraint("user_id", "year", name="uq_sales_targets_user_year"),
    )
    op.create_index(
        op.f("ix_sales_targets_business_unit_id"),
        "sales_targets",
        ["business_unit_id"],
        unique=False,
    )
    op.create_index(
        "ix_sales_targets_year_user", "sales_targets", ["year", "user_id"], unique=False
    )
    op.create_table(
        "offers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("sort_title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("offer_type_id", sa.Uuid(), nullable=False),
        sa.Column("activity_id", sa.Uuid(), nullable=True),
        sa.Column("offered_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("total", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.String(length=500), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_offers_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_offers_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_offers_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_offers_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["offer_type_id"], ["offer_types.id"], name=op.f("fk_offers_offer_type_id_offer_types")
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_offers_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("number", name=op.f("uq_offers_number")),
        sa.UniqueConstraint("order_id", name=op.f("uq_offers_order_id")),
    )
    op.create_index(op.f("ix_offers_account_id"), "offers", ["account_id"], unique=False)
    op.create_index(op.f("ix_offers_activity_id"), "offers", ["activity_id"], unique=False)
    op.create_index(
        op.f("ix_offers_business_unit_id"), "offers", ["business_unit_id"], unique=False
    )
    op.create_index(op.f("ix_offers_contact_id"), "offers", ["contact_id"], unique=False)
    op.create_index("ix_offers_created_at_id", "offers", ["created_at", "id"], unique=False)
    op.create_index(op.f("ix_offers_offer_type_id"), "offers", ["offer_type_id"], unique=False)
    op.create_index("ix_offers_offered_on_id", "offers", ["offered_on", "id"], unique=False)
    op.create_index(op.f("ix_offers_owner_id"), "offers", ["owner_id"], unique=False)
    op.create_index("ix_offers_sort_title_id", "offers", ["sort_title", "id"], unique=False)
    op.create_index("ix_offers_status_closed_on", "offers", ["status", "closed_on"], unique=False)
    op.create_index(
        "ix_offers_status_valid_until", "offers", ["status", "valid_until"], unique=False
    )
    op.create_index("ix_offers_total_id", "offers", ["total", "id"], unique=False)
    op.create_index("ix_offers_updated_at_id", "offers", ["updated_at", "id"], unique=False)
    op.create_index("ix_offers_valid_until_id", "offers", ["valid_until", "id"], unique=False)
    op.create_table(
        "offer_lines",
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("product_code", sa.String(length=50), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("quantity", sa.Numeric(precision=12, scale=3), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("discount_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("line_total", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_lines_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_offer_lines_product_id_products")
        ),
        sa.PrimaryKeyConstraint("offer_id", "position", name=op.f("pk_offer_lines")),
    )
    op.create_index(op.f("ix_offer_lines_product_id"), "offer_lines", ["product_id"], unique=False)
    op.create_table(
        "orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("sort_title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("offer_id", sa.Uuid(), nullable=True),
        sa.Column("ordered_on", sa.Date(), nullable=False),
        sa.Column("total", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.String(length=500), nullable=True),
        sa.Column("in_delivery_on", sa.Date(), nullable=True),
        sa.Column("invoiced_on", sa.Date(), nullable=True),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("external_reference", sa.String(length=100), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_orders_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_orders_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_orders_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_orders_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_orders_offer_id_offers")
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_orders_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("external_reference", name=op.f("uq_orders_external_reference")),
        sa.UniqueConstraint("number", name=op.f("uq_orders_number")),
        sa.UniqueConstraint("offer_id", name=op.f("uq_orders_offer_id")),
    )
    op.create_index(
        "ix_orders_account_ordered_on", "orders", ["account_id", "ordered_on"], unique=False
    )
    op.create_index(
        op.f("ix_orders_business_unit_id"), "orders", ["business_unit_id"], unique=False
    )
    op.create_index(op.f("ix_orders_contact_id"), "orders", ["contact_id"], unique=False)
    op.create_index("ix_orders_created_at_id", "orders", ["created_at", "id"], unique=False)
    op.create_index("ix_orders_ordered_on_id", "orders", ["ordered_on", "id"], unique=False)
    op.create_index(op.f("ix_orders_owner_id"), "orders", ["owner_id"], unique=False)
    op.create_index(
        "ix_orders_owner_ordered_on", "orders", ["owner_id", "ordered_on"], unique=False
    )
    op.create_index(op.f("ix_orders_status"), "orders", ["status"], unique=False)
    op.create_index("ix_orders_total_id", "orders", ["total", "id"], unique=False)
    op.create_index("ix_orders_updated_at_id", "orders", ["updated_at", "id"], unique=False)
    op.create_table(
        "order_lines",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("product_code", sa.String(length=50), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("quantity", sa.Numeric(precision=12, scale=3), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("discount_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("line_total", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_order_lines_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_order_lines_product_id_products")
        ),
        sa.PrimaryKeyConstraint("order_id", "position", name=op.f("pk_order_lines")),
    )
    op.create_index(op.f("ix_order_lines_product_id"), "order_lines", ["product_id"], unique=False)
    _seed_offer_types()


def downgrade() -> None:
    op.drop_index(op.f("ix_order_lines_product_id"), table_name="order_lines")
    op.drop_table("order_lines")
    op.drop_index("ix_orders_updated_at_id", table_name="orders")
    op.drop_index("ix_orders_total_id", table_name="orders")
    op.drop_index(op.f("ix_orders_status"), table_name="orders")
    op.drop_index("ix_orders_owner_ordered_on", table_name="orders")
    op.drop_index(op.f("ix_orders_owner_id"), table_name="orders")
    op.drop_index("ix_orders_ordered_on_id", table_name="orders")
    op.drop_index("ix_orders_created_at_id", table_name="orders")
    op.drop_index(op.f("ix_orders_contact_id"), table_name="orders")
    op.drop_index(op.f("ix_orders_business_unit_id"), table_name="orders")
    op.drop_index("ix_orders_account_ordered_on", table_name="orders")
    op.drop_table("orders")
    op.drop_index(op.f("ix_offer_lines_product_id"), table_name="offer_lines")
    op.drop_table("offer_lines")
    op.drop_index("ix_offers_valid_until_id", table_name="offers")
    op.drop_index("ix_offers_updated_at_id", table_name="offers")
    op.drop_index("ix_offers_total_id", table_name="offers")
    op.drop_index("ix_offers_status_valid_until", table_name="offers")
    op.drop_index("ix_offers_status_closed_on", table_name="offers")
    op.drop_index("ix_offers_sort_title_id", table_name="offers")
    op.drop_index(op.f("ix_offers_owner_id"), table_name="offers")
    op.drop_index("ix_offers_offered_on_id", table_name="offers")
    op.drop_index(op.f("ix_offers_offer_type_id"), table_name="offers")
    op.drop_index("ix_offers_created_at_id", table_name="offers")
    op.drop_index(op.f("ix_offers_contact_id"), table_name="offers")
    op.drop_index(op.f("ix_offers_business_unit_id"), table_name="offers")
    op.drop_index(op.f("ix_offers_activity_id"), table_name="offers")
    op.drop_index(op.f("ix_offers_account_id"), table_name="offers")
    op.drop_table("offers")
    op.drop_index("ix_sales_targets_year_user", table_name="sales_targets")
    op.drop_index(op.f("ix_sales_targets_business_unit_id"), table_name="sales_targets")
    op.drop_table("sales_targets")
    op.drop_table("offer_types")
