"""Cards: a name the customer gives a card, and the one card they chose as default.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: cards bound before have no name and are shown by their mask.
    op.add_column("cards", sa.Column("name", sa.String(64), nullable=True))
    op.add_column(
        "cards",
        sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("cards", "is_default")
    op.drop_column("cards", "name")
