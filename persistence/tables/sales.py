"""Sales: project types with versioned stage templates, sales projects, their stages and the
stage history the monthly movement report is computed from."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, bookkeeping, metadata, uuid_pk

project_types = sa.Table(
    "project_types",
    metadata,
    uuid_pk(),
    # Stable key, e.g. "gas_connection", "heat_connection", "solution", "parent_company".
    sa.Column("key", sa.String(50), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=True),
    sa.Column("name_sv", sa.String(200), nullable=True),
    sa.Column("description", sa.String(2000), nullable=True),
    sa.Column("is_active", sa.Boolean, nullable=False),
    # The template version new projects get.
    sa.Column("current_version", sa.Integer, nullable=False),
    *bookkeeping(),
)

# A template version is immutable once a project uses it: editing a type's stages publishes a
# new version; running projects keep theirs until an admin migrates them explicitly.
project_type_versions = sa.Table(
    "project_type_versions",
    metadata,
    uuid_pk(),
    sa.Column(
        "project_type_id",
        sa.Uuid,
        sa.ForeignKey("project_types.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("note", sa.String(2000), nullable=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("created_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.UniqueConstraint("project_type_id", "version", name="uq_project_type_versions_type_version"),
)

stage_templates = sa.Table(
    "stage_templates",
    metadata,
    uuid_pk(),
    sa.Column(
        "version_id",
        sa.Uuid,
        sa.ForeignKey("project_type_versions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    # Stable across versions ("send_contract"): how a migration maps old stages to new.
    sa.Column("key", sa.String(50), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=True),
    sa.Column("name_sv", sa.String(200), nullable=True),
    sa.Column("default_duration_days", sa.Integer, nullable=False),
    sa.Column("is_customer_service", sa.Boolean, nullable=False),
    sa.Column("checklist", sa.JSON, nullable=False),  # list of item texts
    sa.UniqueConstraint("version_id", "key", name="uq_stage_templates_version_key"),
)

# Default responsible per region: region "*" is the default for regions not listed.
stage_template_responsibles = sa.Table(
    "stage_template_responsibles",
    metadata,
    sa.Column(
        "stage_template_id",
        sa.Uuid,
        sa.ForeignKey("stage_templates.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("region", sa.String(100), primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("team_id", sa.Uuid, sa.ForeignKey("teams.id"), nullable=True),
)

sales_projects = sa.Table(
    "sales_projects",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("sort_name", sa.String(200), nullable=False),
    sa.Column("account_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=False, index=True),
    sa.Column(
        "project_type_id", sa.Uuid, sa.ForeignKey("project_types.id"), nullable=False, index=True
    ),
    sa.Column(
        "type_version_id", sa.Uuid, sa.ForeignKey("project_type_versions.id"), nullable=False
    ),
    sa.Column("region", sa.String(100), nullable=True, index=True),
    # EUR, exact.
    sa.Column("estimated_value", sa.Numeric(14, 2), nullable=True),
    sa.Column("probability", sa.SmallInteger, nullable=True),  # 0–100 %
    sa.Column("expected_decision_date", sa.Date, nullable=True),
    # open | won | lost | cancelled
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("status_reason", sa.String(500), nullable=True),
    # The day the project started (imported projects started in the old system) and ended.
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("closed_on", sa.Date, nullable=True),
    sa.Column("current_stage_id", sa.Uuid, nullable=True),
    # Completion date of the latest completed stage (stalled projects: none for N days).
    sa.Column("last_progress_on", sa.Date, nullable=True),
    sa.Column("source_lead_id", sa.Uuid, nullable=True, index=True),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    sa.Column("created_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    *bookkeeping(),
)
sa.Index("ix_sales_projects_sort_name_id", sales_projects.c.sort_name, sales_projects.c.id)
sa.Index("ix_sales_projects_updated_at_id", sales_projects.c.updated_at, sales_projects.c.id)
sa.Index("ix_sales_projects_created_at_id", sales_projects.c.created_at, sales_projects.c.id)
sa.Index(
    "ix_sales_projects_type_status",
    sales_projects.c.project_type_id,
    sales_projects.c.status,
    sales_projects.c.current_stage_id,
)

sales_project_contacts = sa.Table(
    "sales_project_contacts",
    metadata,
    sa.Column(
        "project_id",
        sa.Uuid,
        sa.ForeignKey("sales_projects.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "contact_id",
        sa.Uuid,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("role", sa.String(100), nullable=True),
)

project_stages = sa.Table(
    "project_stages",
    metadata,
    uuid_pk(),
    sa.Column(
        "project_id",
        sa.Uuid,
        sa.ForeignKey("sales_projects.id", ondelete="CASCADE"),
        nullable=False,
    ),
    # None for an extra stage inserted by hand.
    sa.Column("template_stage_id", sa.Uuid, sa.ForeignKey("stage_templates.id"), nullable=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("key", sa.String(50), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=True),
    sa.Column("name_sv", sa.String(200), nullable=True),
    sa.Column("is_customer_service", sa.Boolean, nullable=False),
    # not_started | in_progress | done | skipped
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("responsible_user_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("responsible_team_id", sa.Uuid, sa.ForeignKey("teams.id"), nullable=True),
    sa.Column("due_date", sa.Date, nullable=True),
    sa.Column("started_at", UTCDateTime(), nullable=True),
    sa.Column("completed_on", sa.Date, nullable=True),
    sa.Column("skip_reason", sa.String(500), nullable=True),
    sa.Column("note", sa.String(2000), nullable=True),
    sa.Column("checklist", sa.JSON, nullable=False),  # [{"item": str, "done": bool}]
    *bookkeeping(),
)
sa.Index("ix_project_stages_project", project_stages.c.project_id, project_stages.c.position)
sa.Index(
    "ix_project_stages_responsible",
    project_stages.c.responsible_user_id,
    project_stages.c.status,
    project_stages.c.due_date,
)
sa.Index(
    "ix_project_stages_service_status",
    project_stages.c.is_customer_service,
    project_stages.c.status,
)

# The stage history: every change to a project's stages and status, append-only. `happened_on` is
# the business date (a stage's completion date, a project's opening or closing day); the
# monthly movement report counts by it, so a month's figures do not change when projects
# move later.
project_events = sa.Table(
    "project_events",
    metadata,
    uuid_pk(),
    sa.Column(
        "project_id",
        sa.Uuid,
        sa.ForeignKey("sales_projects.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("stage_id", sa.Uuid, nullable=True),
    # opened | stage_started | stage_completed | stage_skipped | stage_inserted |
    # stage_reassigned | stage_reopened | won | lost | cancelled | reopened | migrated | imported
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("happened_on", sa.Date, nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("by_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("data", sa.JSON, nullable=True),
)
sa.Index("ix_project_events_project", project_events.c.project_id, project_events.c.at)
sa.Index("ix_project_events_kind_on", project_events.c.kind, project_events.c.happened_on)
