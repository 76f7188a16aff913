"""groundwork catalog regions activity types

Reserved for the groundwork for leads and account management: catalog (product groups, products), regions and municipalities, activity types, account classes and passivation, account teams. Empty until that work fills it in.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
