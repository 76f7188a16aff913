"""Cross-cutting tables: field history, the changes feed and idempotency keys."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, metadata, uuid_pk

audit_entries = sa.Table(
    "audit_entries",
    metadata,
    uuid_pk(),
    sa.Column("entity", sa.String(50), nullable=False),
    sa.Column("record_id", sa.Uuid, nullable=False),
    sa.Column("operation", sa.String(10), nullable=False),
    sa.Column("changed_by", sa.Uuid, nullable=True),
    sa.Column("changed_at", UTCDateTime(), nullable=False),
    sa.Column("field", sa.String(100), nullable=True),
    sa.Column("old_value", sa.JSON, nullable=True),
    sa.Column("new_value", sa.JSON, nullable=True),
)
sa.Index(
    "ix_audit_entries_record", audit_entries.c.entity, audit_entries.c.record_id, audit_entries.c.id
)

changes = sa.Table(
    "changes",
    metadata,
    sa.Column(
        "seq",
        sa.BigInteger().with_variant(sa.Integer, "sqlite"),
        primary_key=True,
        autoincrement=True,
    ),
    sa.Column("entity", sa.String(50), nullable=False),
    sa.Column("record_id", sa.Uuid, nullable=False),
    sa.Column("operation", sa.String(10), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("changed_at", UTCDateTime(), nullable=False),
    sa.Column("owner_id", sa.Uuid, nullable=True),
    sa.Column("business_unit_id", sa.Uuid, nullable=True),
    sa.Column("data", sa.JSON, nullable=True),
    # On PostgreSQL the writing transaction's id (the migration sets that server default);
    # the changes feed uses it to hand out rows in commit order. Always 0 on SQLite.
    sa.Column("tx", sa.BigInteger, nullable=False, server_default="0"),
)
sa.Index("ix_changes_record", changes.c.entity, changes.c.record_id, changes.c.seq)
sa.Index("ix_changes_position", changes.c.tx, changes.c.seq)

idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("user_id", sa.Uuid, primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("method", sa.String(10), nullable=False),
    sa.Column("path", sa.String(500), nullable=False),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status_code", sa.Integer, nullable=False),
    sa.Column("response_body", sa.Text, nullable=False),
    sa.Column("response_headers", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False, index=True),
)
