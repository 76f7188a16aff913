"""classifications and filters

Reserved for issue 8 (filter language, classifications): classification tree, account and contact classifications, buying-centre roles. Empty until that work fills it in.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
