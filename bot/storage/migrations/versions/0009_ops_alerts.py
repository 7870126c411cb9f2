"""Admin alerts: which are raised, and when each admin was last told (at most once a period).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 20:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ops_alerts",
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("admin_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("kind", "admin_id", name=op.f("pk_ops_alerts")),
    )


def downgrade() -> None:
    op.drop_table("ops_alerts")
