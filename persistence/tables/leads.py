"""Leads, their routing rules, SLA policies and web forms, the lead settings, and
account-creation requests."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, bookkeeping, metadata, uuid_pk

leads = sa.Table(
    "leads",
    metadata,
    uuid_pk(),
    sa.Column("company_name", sa.String(200), nullable=False),
    # Case-folded company name: the list's sort key.
    sa.Column("sort_company", sa.String(200), nullable=False),
    sa.Column("contact_name", sa.String(200), nullable=False),
    sa.Column("phone", sa.String(20), nullable=False, index=True),
    sa.Column("email", sa.String(320), nullable=True, index=True),
    sa.Column("business_id", sa.String(9), nullable=True, index=True),
    sa.Column("product_id", sa.Uuid, sa.ForeignKey("products.id"), nullable=False, index=True),
    sa.Column("municipality_id", sa.Uuid, sa.ForeignKey("municipalities.id"), nullable=True),
    sa.Column("region_id", sa.Uuid, sa.ForeignKey("regions.id"), nullable=True, index=True),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("source", sa.String(30), nullable=False, index=True),
    sa.Column("priority", sa.String(10), nullable=False),
    # open | handled | handled_no_action | disqualified
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("status_reason", sa.String(2000), nullable=True),
    sa.Column("campaign_id", sa.Uuid, sa.ForeignKey("campaigns.id"), nullable=True, index=True),
    sa.Column(
        "service_request_id",
        sa.Uuid,
        sa.ForeignKey("service_requests.id"),
        nullable=True,
        index=True,
    ),
    sa.Column("target_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=True),
    sa.Column("received_at", UTCDateTime(), nullable=False),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    sa.Column("lead_giver_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("queue_id", sa.Uuid, sa.ForeignKey("queues.id"), nullable=True, index=True),
    # The SLA, fixed at receipt: due and at-risk moments (range scans), in working hours.
    sa.Column("sla_due_at", UTCDateTime(), nullable=False),
    sa.Column("sla_at_risk_at", UTCDateTime(), nullable=False),
    sa.Column("sla_working_hours", sa.Float, nullable=False),
    sa.Column("sla_policy_id", sa.Uuid, nullable=True),
    sa.Column("sla_met", sa.Boolean, nullable=True),
    sa.Column("closed_at", UTCDateTime(), nullable=True),
    sa.Column("routing_rule_id", sa.Uuid, nullable=True, index=True),
    sa.Column("routing", sa.JSON, nullable=True),
    sa.Column("routed_at", UTCDateTime(), nullable=True),
    sa.Column("assigned_at", UTCDateTime(), nullable=True),
    sa.Column("task_id", sa.Uuid, sa.ForeignKey("activities.id"), nullable=True),
    sa.Column("acknowledged_at", UTCDateTime(), nullable=True),
    sa.Column("acknowledged_by_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("first_action_at", UTCDateTime(), nullable=True),
    sa.Column("first_action_kind", sa.String(20), nullable=True),
    sa.Column("first_action_hours", sa.Float, nullable=True),
    sa.Column("at_risk_notified_at", UTCDateTime(), nullable=True),
    sa.Column("breach_notified_at", UTCDateTime(), nullable=True),
    sa.Column("converted_at", UTCDateTime(), nullable=True),
    sa.Column("converted_by_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("account_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=True, index=True),
    sa.Column("contact_id", sa.Uuid, sa.ForeignKey("contacts.id"), nullable=True),
    sa.Column("sales_project_id", sa.Uuid, sa.ForeignKey("sales_projects.id"), nullable=True),
    *bookkeeping(),
)
L = leads.c
# Keyset pagination per sort, and the inbox's hot filters (owner / queue / SLA views).
sa.Index("ix_leads_received_at_id", L.received_at, L.id)
sa.Index("ix_leads_updated_at_id", L.updated_at, L.id)
sa.Index("ix_leads_sort_company_id", L.sort_company, L.id)
sa.Index("ix_leads_status_due", L.status, L.sla_due_at, L.id)
sa.Index("ix_leads_status_at_risk", L.status, L.sla_at_risk_at)
sa.Index("ix_leads_owner_status", L.owner_id, L.status, L.sla_due_at)
sa.Index("ix_leads_status_acknowledged", L.status, L.acknowledged_at, L.received_at)

lead_routing_rules = sa.Table(
    "lead_routing_rules",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.String(2000), nullable=True),
    # Evaluation order: lower first (ties by id).
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("is_active", sa.Boolean, nullable=False),
    # Conditions: JSON lists of ids / sources; empty matches anything. Rules are few and are
    # always read whole, so lists beat link tables here; ids are checked when saved.
    sa.Column("region_ids", sa.JSON, nullable=False),
    sa.Column("product_ids", sa.JSON, nullable=False),
    sa.Column("product_group_ids", sa.JSON, nullable=False),
    sa.Column("business_unit_ids", sa.JSON, nullable=False),
    sa.Column("sources", sa.JSON, nullable=False),
    sa.Column("assign_user_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("assign_team_id", sa.Uuid, sa.ForeignKey("teams.id"), nullable=True),
    sa.Column("assign_queue_id", sa.Uuid, sa.ForeignKey("queues.id"), nullable=True),
    # The round robin's turn: the member who got the rule's previous lead (operational state,
    # not configuration: no version bump, no history).
    sa.Column("last_assigned_user_id", sa.Uuid, nullable=True),
    *bookkeeping(),
)
sa.Index(
    "ix_lead_routing_rules_position_id", lead_routing_rules.c.position, lead_routing_rules.c.id
)

lead_sla_policies = sa.Table(
    "lead_sla_policies",
    metadata,
    uuid_pk(),
    sa.Column("business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=True),
    sa.Column("product_id", sa.Uuid, sa.ForeignKey("products.id"), nullable=True),
    sa.Column("working_days", sa.Float, nullable=False),
    sa.Column("at_risk_working_hours", sa.Float, nullable=False),
    sa.Column("restarts_on_reassignment", sa.Boolean, nullable=False),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *bookkeeping(),
)
sa.Index(
    "ix_lead_sla_policies_created_at_id",
    lead_sla_policies.c.created_at,
    lead_sla_policies.c.id,
)

lead_forms = sa.Table(
    "lead_forms",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("token", sa.String(64), nullable=False, unique=True),
    sa.Column("lead_giver_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("is_active", sa.Boolean, nullable=False),
    sa.Column("source", sa.String(30), nullable=False),
    sa.Column("product_id", sa.Uuid, sa.ForeignKey("products.id"), nullable=True),
    sa.Column("target_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=True),
    sa.Column("campaign_id", sa.Uuid, sa.ForeignKey("campaigns.id"), nullable=True),
    sa.Column("allowed_origins", sa.JSON, nullable=False),
    *bookkeeping(),
)
sa.Index("ix_lead_forms_name_id", lead_forms.c.name, lead_forms.c.id)

# One row (id domain.leads.forms.SETTINGS_ID), seeded by the migration.
lead_settings = sa.Table(
    "lead_settings",
    metadata,
    uuid_pk(),
    sa.Column("fallback_queue_id", sa.Uuid, sa.ForeignKey("queues.id"), nullable=True),
    sa.Column("account_request_queue_id", sa.Uuid, sa.ForeignKey("queues.id"), nullable=True),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
)

account_creation_requests = sa.Table(
    "account_creation_requests",
    metadata,
    uuid_pk(),
    # draft | submitted | in_progress | completed | rejected
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("customer_type", sa.String(10), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("sort_name", sa.String(200), nullable=False),
    sa.Column("business_id", sa.String(9), nullable=True),
    sa.Column("personal_reference", sa.String(50), nullable=True),
    sa.Column("contact_name", sa.String(200), nullable=True),
    sa.Column("contact_email", sa.String(320), nullable=True),
    sa.Column("contact_phone", sa.String(20), nullable=True),
    sa.Column("billing_address", sa.JSON, nullable=True),
    sa.Column("e_invoice_address", sa.String(100), nullable=True),
    sa.Column("contract_type", sa.String(100), nullable=True),
    sa.Column("site_address", sa.String(300), nullable=True),
    sa.Column("usage_point", sa.String(50), nullable=True),
    sa.Column("start_date", sa.Date, nullable=True),
    sa.Column("notes", sa.Text, nullable=True),
    sa.Column("lead_id", sa.Uuid, sa.ForeignKey("leads.id"), nullable=True, index=True),
    sa.Column(
        "sales_project_id", sa.Uuid, sa.ForeignKey("sales_projects.id"), nullable=True, index=True
    ),
    sa.Column("queue_id", sa.Uuid, sa.ForeignKey("queues.id"), nullable=True, index=True),
    sa.Column("submitted_at", UTCDateTime(), nullable=True),
    sa.Column("handler_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("picked_at", UTCDateTime(), nullable=True),
    # The billing system's customer number, which completes the request when the account
    # with it as its `billing` external id arrives.
    sa.Column("customer_number", sa.String(50), nullable=True, index=True),
    sa.Column("account_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=True, index=True),
    sa.Column("completed_at", UTCDateTime(), nullable=True),
    sa.Column("rejection_reason", sa.String(2000), nullable=True),
    sa.Column("rejected_at", UTCDateTime(), nullable=True),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    sa.Column("created_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    *bookkeeping(),
)
R = account_creation_requests.c
sa.Index("ix_account_creation_requests_state_updated", R.state, R.updated_at, R.id)
sa.Index("ix_account_creation_requests_updated_at_id", R.updated_at, R.id)
sa.Index("ix_account_creation_requests_created_at_id", R.created_at, R.id)
