"""In-app notifications, per-user preferences and the outbox that mails are sent from."""

import sqlalchemy as sa

from persistence.tables.base import UTCDateTime, metadata, uuid_pk

notifications = sa.Table(
    "notifications",
    metadata,
    uuid_pk(),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    # delegated | delegation_reminder | delegation_unacknowledged | status_changed | …
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("body", sa.String(2000), nullable=True),
    sa.Column("record_type", sa.String(30), nullable=True),
    sa.Column("record_id", sa.Uuid, nullable=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("read_at", UTCDateTime(), nullable=True),
)
sa.Index(
    "ix_notifications_user_created",
    notifications.c.user_id,
    notifications.c.created_at,
    notifications.c.id,
)
sa.Index("ix_notifications_user_unread", notifications.c.user_id, notifications.c.read_at)

notification_preferences = sa.Table(
    "notification_preferences",
    metadata,
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("kind", sa.String(40), primary_key=True),
    sa.Column("in_app", sa.Boolean, nullable=False),
    sa.Column("email", sa.Boolean, nullable=False),
)

# Written in the same transaction as the change that causes the message; a job sends the
# pending rows and retries with backoff, so a failed mail server loses nothing.
outbox = sa.Table(
    "outbox",
    metadata,
    uuid_pk(),
    # email (the only channel so far)
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
    sa.Column("sent_at", UTCDateTime(), nullable=True),
    sa.Column("last_error", sa.String(2000), nullable=True),
)
sa.Index("ix_outbox_pending", outbox.c.sent_at, outbox.c.next_attempt_at)
