"""classifications and filters

Issue 8 (filter language, classifications): the classification tree (`classifications`,
admin-managed, fi/en/sv, hierarchical by `parent_id`), its assignments to accounts and to
contacts, and the contact's role in an account's buying centre (`contact_accounts.buying_role`).
The customer groups (asiakasryhmät) are seeded here as account classifications under a root
"customer_group"; administrators rename, move, deactivate or add to them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


ROOT = UUID("0a100000-0000-4000-8000-000000000000")
# key, fi, en, sv
CUSTOMER_GROUPS = [
    ("supplier", "Toimittaja", "Supplier", "Leverantör"),
    (
        "authority_funder",
        "Viranomainen / rahoittaja",
        "Authority / funder",
        "Myndighet / finansiär",
    ),
    (
        "training_buyer",
        "Koulutusta ostava kumppani",
        "Partner buying training",
        "Partner som köper utbildning",
    ),
    ("education_provider", "Koulutuksen järjestäjä", "Education provider", "Utbildningsanordnare"),
    ("partner_school", "Yhteistyöoppilaitos", "Partner school", "Samarbetsläroanstalt"),
    ("work_placement", "Työssäoppimispaikka", "Work-placement site", "Praktikplats"),
    ("distributor", "Jakelija", "Distributor", "Distributör"),
    ("public_hospital", "Julkinen sairaala", "Public hospital", "Offentligt sjukhus"),
    ("private_hospital", "Yksityinen sairaala", "Private hospital", "Privat sjukhus"),
]


def _seed() -> None:
    now = datetime(2026, 12, 2, tzinfo=UTC)
    table = sa.table(
        "classifications",
        sa.column("id", sa.Uuid()),
        sa.column("kind", sa.String()),
        sa.column("key", sa.String()),
        sa.column("parent_id", sa.Uuid()),
        sa.column("name", sa.String()),
        sa.column("name_en", sa.String()),
        sa.column("name_sv", sa.String()),
        sa.column("sort_order", sa.Integer()),
        sa.column("is_active", sa.Boolean()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("version", sa.Integer()),
    )
    common = {"kind": "account", "is_active": True, "created_at": now, "updated_at": now}
    rows = [
        {
            "id": ROOT,
            "key": "customer_group",
            "parent_id": None,
            "name": "Asiakasryhmä",
            "name_en": "Customer group",
            "name_sv": "Kundgrupp",
            "sort_order": 0,
            "version": 1,
            **common,
        }
    ]
    for i, (key, fi, en, sv) in enumerate(CUSTOMER_GROUPS, start=1):
        rows.append(
            {
                "id": UUID(f"0a100000-0000-4000-8000-{i:012d}"),
                "key": key,
                "parent_id": ROOT,
                "name": fi,
                "name_en": en,
                "name_sv": sv,
                "sort_order": i * 10,
                "version": 1,
                **common,
            }
        )
    op.bulk_insert(table, rows)


def _assignments(table: str, owner: str, owner_table: str) -> None:
    op.create_table(
        table,
        sa.Column(owner, sa.Uuid(), nullable=False),
        sa.Column("classification_id", sa.Uuid(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            [owner],
            [f"{owner_table}.id"],
            name=op.f(f"fk_{table}_{owner}_{owner_table}"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["classification_id"],
            ["classifications.id"],
            name=op.f(f"fk_{table}_classification_id_classifications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by"], ["users.id"], name=op.f(f"fk_{table}_assigned_by_users")
        ),
        sa.PrimaryKeyConstraint(owner, "classification_id", name=op.f(f"pk_{table}")),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f(f"ix_{table}_classification_id"), ["classification_id"], unique=False
        )


def upgrade() -> None:
    op.create_table(
        "classifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=True),
        sa.Column("name_sv", sa.String(length=100), nullable=True),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["classifications.id"],
            name=op.f("fk_classifications_parent_id_classifications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classifications")),
        sa.UniqueConstraint("kind", "key", name="uq_classifications_kind_key"),
    )
    with op.batch_alter_table("classifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_classifications_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_classifications_parent_id"), ["parent_id"], unique=False
        )
    _seed()
    _assignments("account_classifications", "account_id", "accounts")
    _assignments("contact_classifications", "contact_id", "contacts")
    with op.batch_alter_table("contact_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("buying_role", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact_accounts", schema=None) as batch_op:
        batch_op.drop_column("buying_role")
    op.drop_table("contact_classifications")
    op.drop_table("account_classifications")
    with op.batch_alter_table("classifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_classifications_parent_id"))
        batch_op.drop_index(batch_op.f("ix_classifications_kind"))
    op.drop_table("classifications")
