"""Conversation state kept in the database, so a restart does not drop a customer halfway.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 07:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fsm_states",
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("state", sa.String(255), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_fsm_states")),
    )


def downgrade() -> None:
    op.drop_table("fsm_states")
