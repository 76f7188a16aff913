"""Users, business units, teams, roles and refresh tokens."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, bookkeeping, metadata, uuid_pk

business_units = sa.Table(
    "business_units",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("parent_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=True, index=True),
    *bookkeeping(),
)

roles = sa.Table(
    "roles",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("privileges", sa.JSON, nullable=False),
    *bookkeeping(),
)

users = sa.Table(
    "users",
    metadata,
    uuid_pk(),
    sa.Column("email", sa.String(320), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("locale", sa.String(2), nullable=False),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    sa.Column("is_active", sa.Boolean, nullable=False),
    sa.Column("password_hash", sa.String(200), nullable=False),
    # The user's supervisor (esihenkilö), e.g. who hears when their leads miss the SLA.
    sa.Column("manager_id", sa.Uuid, sa.ForeignKey("users.id"), nullable=True, index=True),
    *bookkeeping(),
)
sa.Index("ix_users_name_id", users.c.name, users.c.id)

user_roles = sa.Table(
    "user_roles",
    metadata,
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role_id", sa.Uuid, sa.ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
)

teams = sa.Table(
    "teams",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    *bookkeeping(),
)

team_members = sa.Table(
    "team_members",
    metadata,
    sa.Column("team_id", sa.Uuid, sa.ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "user_id",
        sa.Uuid,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

refresh_tokens = sa.Table(
    "refresh_tokens",
    metadata,
    uuid_pk(),
    sa.Column("family_id", sa.Uuid, nullable=False, index=True),
    sa.Column(
        "user_id",
        sa.Uuid,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("issued_at", UTCDateTime(), nullable=False),
    sa.Column("expires_at", UTCDateTime(), nullable=False, index=True),
    sa.Column("used_at", UTCDateTime(), nullable=True),
    sa.Column("revoked_at", UTCDateTime(), nullable=True),
)

api_keys = sa.Table(
    "api_keys",
    metadata,
    uuid_pk(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column(
        "user_id",
        sa.Uuid,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column(
        "business_unit_id", sa.Uuid, sa.ForeignKey("business_units.id"), nullable=False, index=True
    ),
    sa.Column("lookup", sa.String(20), nullable=False, unique=True),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("scopes", sa.JSON, nullable=False),
    sa.Column("created_by", sa.Uuid, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("expires_at", UTCDateTime(), nullable=True),
    sa.Column("revoked_at", UTCDateTime(), nullable=True),
    sa.Column("last_used_at", UTCDateTime(), nullable=True),
    *bookkeeping(),
)
sa.Index("ix_api_keys_name_id", api_keys.c.name, api_keys.c.id)
sa.Index("ix_api_keys_created_at_id", api_keys.c.created_at, api_keys.c.id)
