"""leads

Issue 6: leads with routing rules, SLA policies and web forms, the lead settings (one row:
the fallback queue of routing and the queue of account-creation requests), and
account-creation requests; and each user's supervisor (`users.manager_id`), who hears when
the user's leads miss their SLA. The privileges on `lead`, `lead_setup` and
`account_creation_request` were granted by 0008.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SETTINGS_ID = UUID("00000000-0000-7000-8000-00000000c0de")  # domain.leads.forms.SETTINGS_ID


def _add_manager_id() -> None:
    """SQLite adds a column with a foreign key in place (REFERENCES, default NULL); batch mode
    would rebuild `users`, which every other table references."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE users ADD COLUMN manager_id CHAR(32) "
            "CONSTRAINT fk_users_manager_id_users REFERENCES users (id)"
        )
    else:
        op.add_column("users", sa.Column("manager_id", sa.Uuid(), nullable=True))
        op.create_foreign_key("fk_users_manager_id_users", "users", "users", ["manager_id"], ["id"])
    op.create_index("ix_users_manager_id", "users", ["manager_id"], unique=False)


def _drop_manager_id() -> None:
    op.drop_index("ix_users_manager_id", table_name="users")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE users DROP COLUMN manager_id")
    else:
        op.drop_constraint("fk_users_manager_id_users", "users", type_="foreignkey")
        op.drop_column("users", "manager_id")


def _seed_settings() -> None:
    table = sa.table(
        "lead_settings",
        sa.column("id", sa.Uuid()),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("version", sa.Integer()),
    )
    op.bulk_insert(table, [{"id": SETTINGS_ID, "updated_at": datetime.now(UTC), "version": 1}])


def upgrade() -> None:
    _add_manager_id()
    op.create_table(
        "lead_routing_rules",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("region_ids", sa.JSON(), nullable=False),
        sa.Column("product_ids", sa.JSON(), nullable=False),
        sa.Column("product_group_ids", sa.JSON(), nullable=False),
        sa.Column("business_unit_ids", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("assign_user_id", sa.Uuid(), nullable=True),
        sa.Column("assign_team_id", sa.Uuid(), nullable=True),
        sa.Column("assign_queue_id", sa.Uuid(), nullable=True),
        sa.Column("last_assigned_user_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["assign_queue_id"],
            ["queues.id"],
            name=op.f("fk_lead_routing_rules_assign_queue_id_queues"),
        ),
        sa.ForeignKeyConstraint(
            ["assign_team_id"],
            ["teams.id"],
            name=op.f("fk_lead_routing_rules_assign_team_id_teams"),
        ),
        sa.ForeignKeyConstraint(
            ["assign_user_id"],
            ["users.id"],
            name=op.f("fk_lead_routing_rules_assign_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_routing_rules")),
    )
    with op.batch_alter_table("lead_routing_rules", schema=None) as batch_op:
        batch_op.create_index("ix_lead_routing_rules_position_id", ["position", "id"], unique=False)

    op.create_table(
        "lead_settings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("fallback_queue_id", sa.Uuid(), nullable=True),
        sa.Column("account_request_queue_id", sa.Uuid(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["account_request_queue_id"],
            ["queues.id"],
            name=op.f("fk_lead_settings_account_request_queue_id_queues"),
        ),
        sa.ForeignKeyConstraint(
            ["fallback_queue_id"],
            ["queues.id"],
            name=op.f("fk_lead_settings_fallback_queue_id_queues"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_settings")),
    )
    op.create_table(
        "lead_sla_policies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=True),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("working_days", sa.Float(), nullable=False),
        sa.Column("at_risk_working_hours", sa.Float(), nullable=False),
        sa.Column("restarts_on_reassignment", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_lead_sla_policies_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_lead_sla_policies_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_sla_policies")),
    )
    with op.batch_alter_table("lead_sla_policies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lead_sla_policies_created_at_id", ["created_at", "id"], unique=False
        )

    op.create_table(
        "lead_forms",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("lead_giver_id", sa.Uuid(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("target_unit_id", sa.Uuid(), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("allowed_origins", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_lead_forms_campaign_id_campaigns")
        ),
        sa.ForeignKeyConstraint(
            ["lead_giver_id"], ["users.id"], name=op.f("fk_lead_forms_lead_giver_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_lead_forms_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["target_unit_id"],
            ["business_units.id"],
            name=op.f("fk_lead_forms_target_unit_id_business_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_forms")),
        sa.UniqueConstraint("token", name=op.f("uq_lead_forms_token")),
    )
    with op.batch_alter_table("lead_forms", schema=None) as batch_op:
        batch_op.create_index("ix_lead_forms_name_id", ["name", "id"], unique=False)

    op.create_table(
        "leads",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_name", sa.String(length=200), nullable=False),
        sa.Column("sort_company", sa.String(length=200), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("business_id", sa.String(length=9), nullable=True),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Uuid(), nullable=True),
        sa.Column("region_id", sa.Uuid(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.String(length=2000), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("service_request_id", sa.Uuid(), nullable=True),
        sa.Column("target_unit_id", sa.Uuid(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        sa.Column("lead_giver_id", sa.Uuid(), nullable=False),
        sa.Column("queue_id", sa.Uuid(), nullable=True),
        sa.Column("sla_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sla_at_risk_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sla_working_hours", sa.Float(), nullable=False),
        sa.Column("sla_policy_id", sa.Uuid(), nullable=True),
        sa.Column("sla_met", sa.Boolean(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("routing_rule_id", sa.Uuid(), nullable=True),
        sa.Column("routing", sa.JSON(), nullable=True),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("task_id", sa.Uuid(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by_id", sa.Uuid(), nullable=True),
        sa.Column("first_action_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_action_kind", sa.String(length=20), nullable=True),
        sa.Column("first_action_hours", sa.Float(), nullable=True),
        sa.Column("at_risk_notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("breach_notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("converted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("converted_by_id", sa.Uuid(), nullable=True),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("sales_project_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_leads_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"], ["users.id"], name=op.f("fk_leads_acknowledged_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_leads_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_leads_campaign_id_campaigns")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_leads_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["converted_by_id"], ["users.id"], name=op.f("fk_leads_converted_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["lead_giver_id"], ["users.id"], name=op.f("fk_leads_lead_giver_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_leads_municipality_id_municipalities"),
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_leads_owner_id_users")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_leads_product_id_products")
        ),
        sa.ForeignKeyConstraint(["queue_id"], ["queues.id"], name=op.f("fk_leads_queue_id_queues")),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_leads_region_id_regions")
        ),
        sa.ForeignKeyConstraint(
            ["sales_project_id"],
            ["sales_projects.id"],
            name=op.f("fk_leads_sales_project_id_sales_projects"),
        ),
        sa.ForeignKeyConstraint(
            ["service_request_id"],
            ["service_requests.id"],
            name=op.f("fk_leads_service_request_id_service_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["target_unit_id"],
            ["business_units.id"],
            name=op.f("fk_leads_target_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["activities.id"], name=op.f("fk_leads_task_id_activities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
    )
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leads_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_business_id"), ["business_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_leads_business_unit_id"), ["business_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_leads_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_lead_giver_id"), ["lead_giver_id"], unique=False)
        batch_op.create_index(
            "ix_leads_owner_status", ["owner_id", "status", "sla_due_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_leads_phone"), ["phone"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_queue_id"), ["queue_id"], unique=False)
        batch_op.create_index("ix_leads_received_at_id", ["received_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_region_id"), ["region_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_leads_routing_rule_id"), ["routing_rule_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_leads_service_request_id"), ["service_request_id"], unique=False
        )
        batch_op.create_index("ix_leads_sort_company_id", ["sort_company", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leads_source"), ["source"], unique=False)
        batch_op.create_index(
            "ix_leads_status_acknowledged",
            ["status", "acknowledged_at", "received_at"],
            unique=False,
        )
        batch_op.create_index("ix_leads_status_at_risk", ["status", "sla_at_risk_at"], unique=False)
        batch_op.create_index("ix_leads_status_due", ["status", "sla_due_at", "id"], unique=False)
        batch_op.create_index("ix_leads_updated_at_id", ["updated_at", "id"], unique=False)

    op.create_table(
        "account_creation_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("customer_type", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sort_name", sa.String(length=200), nullable=False),
        sa.Column("business_id", sa.String(length=9), nullable=True),
        sa.Column("personal_reference", sa.String(length=50), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_email", sa.String(length=320), nullable=True),
        sa.Column("contact_phone", sa.String(length=20), nullable=True),
        sa.Column("billing_address", sa.JSON(), nullable=True),
        sa.Column("e_invoice_address", sa.String(length=100), nullable=True),
        sa.Column("contract_type", sa.String(length=100), nullable=True),
        sa.Column("site_address", sa.String(length=300), nullable=True),
        sa.Column("usage_point", sa.String(length=50), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("lead_id", sa.Uuid(), nullable=True),
        sa.Column("sales_project_id", sa.Uuid(), nullable=True),
        sa.Column("queue_id", sa.Uuid(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handler_id", sa.Uuid(), nullable=True),
        sa.Column("picked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("customer_number", sa.String(length=50), nullable=True),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejection_reason", sa.String(length=2000), nullable=True),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("business_unit_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_creation_requests_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["business_unit_id"],
            ["business_units.id"],
            name=op.f("fk_account_creation_requests_business_unit_id_business_units"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_account_creation_requests_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["handler_id"], ["users.id"], name=op.f("fk_account_creation_requests_handler_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_account_creation_requests_lead_id_leads")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_account_creation_requests_owner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_account_creation_requests_queue_id_queues")
        ),
        sa.ForeignKeyConstraint(
            ["sales_project_id"],
            ["sales_projects.id"],
            name=op.f("fk_account_creation_requests_sales_project_id_sales_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_creation_requests")),
    )
    with op.batch_alter_table("account_creation_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_creation_requests_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_account_creation_requests_business_unit_id"),
            ["business_unit_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_account_creation_requests_created_at_id", ["created_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_account_creation_requests_customer_number"),
            ["customer_number"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_account_creation_requests_lead_id"), ["lead_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_account_creation_requests_owner_id"), ["owner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_account_creation_requests_queue_id"), ["queue_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_account_creation_requests_sales_project_id"),
            ["sales_project_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_account_creation_requests_state_updated",
            ["state", "updated_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_account_creation_requests_updated_at_id", ["updated_at", "id"], unique=False
        )
    _seed_settings()


def downgrade() -> None:
    with op.batch_alter_table("account_creation_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_account_creation_requests_updated_at_id")
        batch_op.drop_index("ix_account_creation_requests_state_updated")
        batch_op.drop_index(batch_op.f("ix_account_creation_requests_sales_project_id"))
        batch_op.drop_index(batch_op.f("ix_account_creation_requests_queue_id"))
        batch_op.drop_index(batch_op.f("ix_account_creation_requests_owner_id"))
        batch_op.drop_index(batch_op.f("ix_account_creation_requests_lead_id"))
        batch_op.drop_index(batch_op.f("ix_account_creation_requests_customer_number"))
        batch_op.drop_index("ix_account_creation_requests_created_at_id")
        batch_op.drop_index(batch_op.f("ix_account_creation_requests_business_unit_id"))
        batch_op.drop_index(batch_op.f("ix_account_creation_requests_account_id"))

    op.drop_table("account_creation_requests")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_updated_at_id")
        batch_op.drop_index("ix_leads_status_due")
        batch_op.drop_index("ix_leads_status_at_risk")
        batch_op.drop_index("ix_leads_status_acknowledged")
        batch_op.drop_index(batch_op.f("ix_leads_source"))
        batch_op.drop_index("ix_leads_sort_company_id")
        batch_op.drop_index(batch_op.f("ix_leads_service_request_id"))
        batch_op.drop_index(batch_op.f("ix_leads_routing_rule_id"))
        batch_op.drop_index(batch_op.f("ix_leads_region_id"))
        batch_op.drop_index("ix_leads_received_at_id")
        batch_op.drop_index(batch_op.f("ix_leads_queue_id"))
        batch_op.drop_index(batch_op.f("ix_leads_product_id"))
        batch_op.drop_index(batch_op.f("ix_leads_phone"))
        batch_op.drop_index("ix_leads_owner_status")
        batch_op.drop_index(batch_op.f("ix_leads_lead_giver_id"))
        batch_op.drop_index(batch_op.f("ix_leads_email"))
        batch_op.drop_index(batch_op.f("ix_leads_campaign_id"))
        batch_op.drop_index(batch_op.f("ix_leads_business_unit_id"))
        batch_op.drop_index(batch_op.f("ix_leads_business_id"))
        batch_op.drop_index(batch_op.f("ix_leads_account_id"))

    op.drop_table("leads")
    with op.batch_alter_table("lead_forms", schema=None) as batch_op:
        batch_op.drop_index("ix_lead_forms_name_id")

    op.drop_table("lead_forms")
    with op.batch_alter_table("lead_sla_policies", schema=None) as batch_op:
        batch_op.drop_index("ix_lead_sla_policies_created_at_id")

    op.drop_table("lead_sla_policies")
    op.drop_table("lead_settings")
    with op.batch_alter_table("lead_routing_rules", schema=None) as batch_op:
        batch_op.drop_index("ix_lead_routing_rules_position_id")

    op.drop_table("lead_routing_rules")
    _drop_manager_id()
