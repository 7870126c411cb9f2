"""The outbox of customer notices, when `pay` was last sent, and notices held for a blocked bot.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN works on both backends (and in offline --sql mode, unlike batch).
    op.add_column("payments", sa.Column("pay_sent_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "users", sa.Column("notices_held", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claim_token", sa.String(32), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(255), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_notices_payment_id_payments")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notices_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("payment_id", "kind", name=op.f("uq_notices_payment_id_kind")),
    )
    op.create_index("ix_notices_status_next_attempt_at", "notices", ["status", "next_attempt_at"])
    op.create_index("ix_notices_user_id_status", "notices", ["user_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_notices_user_id_status", table_name="notices")
    op.drop_index("ix_notices_status_next_attempt_at", table_name="notices")
    op.drop_table("notices")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("notices_held")
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("pay_sent_at")
