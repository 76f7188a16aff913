"""activities extended

Issue 8 (activities): the activity types, keywords, participants and visit columns came with
0008's groundwork; this revision adds the index a user's calendar reads (what the user owns,
by start time). What they take part in is found through `activity_participants`' user_id
index.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_activities_owner_occurred", "activities", ["owner_id", "occurred_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_activities_owner_occurred", table_name="activities")
