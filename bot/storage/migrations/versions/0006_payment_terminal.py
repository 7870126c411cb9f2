"""The merchant and terminal ids of a paid payment (Paylov's `pay` answer), for its receipt card.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: payments paid before, and those settled by `transaction/status` (which does
    # not say), have none.
    op.add_column("payments", sa.Column("epos_merchant", sa.String(32), nullable=True))
    op.add_column("payments", sa.Column("epos_terminal", sa.String(32), nullable=True))


def downgrade() -> None:
    op.drop_column("payments", "epos_terminal")
    op.drop_column("payments", "epos_merchant")
