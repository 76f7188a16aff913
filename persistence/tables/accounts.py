"""Accounts, their external ids, contacts and the contact–account links."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, bookkeeping, metadata, uuid_pk

accounts = sa.Table(
    "accounts",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    # Derived keys: case-folded name for sorting, normalised name for duplicate search.
    sa.Column("sort_name", sa.String(200), nullable=False),
    sa.Column("search_name", sa.String(200), nullable=False, index=True),
    sa.Column("business_id", sa.String(9), nullable=True, unique=True),
    sa.Column("type", sa.String(20), nullable=False, index=True),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("industry_code", sa.String(5), nullable=True, index=True),
    sa.Column("size_class", sa.SmallInteger, nullable=True),
    sa.Column("region", sa.String(100), nullable=True, index=True),
    sa.Column("municipality", sa.String(100), nullable=True, index=True),
    sa.Column("visiting_address", sa.JSON, nullable=True),
    sa.Column("postal_address", sa.JSON, nullable=True),
    sa.Column("billing_address", sa.JSON, nullable=True),
    sa.Column("phone", sa.String(20), nullable=True),
    sa.Column("email", sa.String(320), nullable=True),
    sa.Column("website", sa.String(500), nullable=True),
    sa.Column("parent_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=True, index=True),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    sa.Column("account_manager_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True, index=True),
    sa.Column("tags", sa.JSON, nullable=False),
    # Asiakkuusluokka: A | B | C | potential (None: not classified yet). Changed only through
    # the class-change flow, which keeps its history.
    sa.Column("account_class", sa.String(10), nullable=True, index=True),
    sa.Column("account_class_since", UTCDateTime(), nullable=True),
    # A passive account (ceased trading) keeps its history, leaves the default lists and takes
    # no new activities, offers or projects.
    sa.Column("passive_since", UTCDateTime(), nullable=True, index=True),
    sa.Column("passive_reason", sa.String(500), nullable=True),
    *bookkeeping(),
)
# Keyset pagination: one composite index per sort the API offers.
sa.Index("ix_accounts_sort_name_id", accounts.c.sort_name, accounts.c.id)
sa.Index("ix_accounts_updated_at_id", accounts.c.updated_at, accounts.c.id)
sa.Index("ix_accounts_created_at_id", accounts.c.created_at, accounts.c.id)
sa.Index(
    "ix_accounts_unit_sort_name", accounts.c.business_unit_id, accounts.c.sort_name, accounts.c.id
)

account_external_ids = sa.Table(
    "account_external_ids",
    metadata,
    sa.Column(
        "account_id", sa.Uuid, sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("system", sa.String(50), primary_key=True),
    sa.Column("external_id", sa.String(100), nullable=False),
    sa.UniqueConstraint("system", "external_id", name="uq_account_external_ids_system_value"),
)

contacts = sa.Table(
    "contacts",
    metadata,
    uuid_pk(),
    sa.Column("first_name", sa.String(100), nullable=False),
    sa.Column("last_name", sa.String(100), nullable=False),
    sa.Column("sort_name", sa.String(201), nullable=False),
    sa.Column("title", sa.String(200), nullable=True),
    sa.Column("email", sa.String(320), nullable=True, index=True),
    sa.Column("phone", sa.String(20), nullable=True),
    sa.Column("preferred_language", sa.String(2), nullable=False),
    sa.Column("marketing_consent", sa.Boolean, nullable=False),
    sa.Column("marketing_consent_at", UTCDateTime(), nullable=True),
    sa.Column("marketing_consent_source", sa.String(200), nullable=True),
    sa.Column("owner_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    *bookkeeping(),
)
sa.Index("ix_contacts_sort_name_id", contacts.c.sort_name, contacts.c.id)
sa.Index("ix_contacts_updated_at_id", contacts.c.updated_at, contacts.c.id)
sa.Index("ix_contacts_created_at_id", contacts.c.created_at, contacts.c.id)

contact_accounts = sa.Table(
    "contact_accounts",
    metadata,
    sa.Column(
        "contact_id", sa.Uuid, sa.ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "account_id",
        sa.Uuid,
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("role", sa.String(100), nullable=True),
    # The contact's role in the account's buying centre (migration 0010): decision_maker |
    # influencer | expert | user.
    sa.Column("buying_role", sa.String(20), nullable=True),
)

# Roles on an account team (asiakkuustiimi): admin-managed, named in three languages.
account_team_roles = sa.Table(
    "account_team_roles",
    metadata,
    uuid_pk(),
    sa.Column("key", sa.String(50), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("name_en", sa.String(100), nullable=True),
    sa.Column("name_sv", sa.String(100), nullable=True),
    sa.Column("sort_order", sa.Integer, nullable=False, server_default="0"),
    sa.Column("is_active", sa.Boolean, nullable=False),
    *bookkeeping(),
)

# The users who work an account besides its owner and account manager. Membership is an
# access team: it lets the member read the account and its records across business units
# (`persistence.scoping`), and edit the account itself with access "edit".
account_team_members = sa.Table(
    "account_team_members",
    metadata,
    sa.Column(
        "account_id", sa.Uuid, sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "user_id",
        sa.Uuid,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("role_id", sa.Uuid, sa.ForeignKey("account_team_roles.id"), nullable=True),
    # read | edit
    sa.Column("access", sa.String(10), nullable=False),
    sa.Column("added_at", UTCDateTime(), nullable=False),
    sa.Column("added_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=True),
)

# The audit of merges: the duplicate as it was when it was merged into the survivor, who did
# it, when, and what moved. The survivor's id moves on if the survivor is merged in its turn.
account_merges = sa.Table(
    "account_merges",
    metadata,
    uuid_pk(),
    sa.Column("survivor_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=False),
    # The deleted account's id: no foreign key, it no longer exists.
    sa.Column("duplicate_id", sa.Uuid, nullable=False, index=True),
    sa.Column("duplicate_name", sa.String(200), nullable=False),
    sa.Column("duplicate", sa.JSON, nullable=False),
    # [{table, column, rows, merged, merged_rows}] and {field: value taken from the duplicate}
    sa.Column("moves", sa.JSON, nullable=False),
    sa.Column("filled", sa.JSON, nullable=False),
    sa.Column("merged_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("merged_at", UTCDateTime(), nullable=False),
)
sa.Index(
    "ix_account_merges_survivor_merged_at",
    account_merges.c.survivor_id,
    account_merges.c.merged_at,
    account_merges.c.id,
)
