"""Monthly reminders of saved accounts, the months they were done, and their outbox notices.

A notice is now of a payment or of a reminder run: `notices.payment_id` may be empty and
`notices.reminder_run_id` names the run.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _notices_as_0003() -> sa.Table:
    """The notices table as revision 0003 made it: SQLite alters a column by copying the
    table, and offline (--sql) there is no database to read its shape from."""
    return sa.Table(
        "notices",
        sa.MetaData(),
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
            ["payment_id"], ["payments.id"], name="fk_notices_payment_id_payments"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_notices_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_notices"),
        sa.UniqueConstraint("payment_id", "kind", name="uq_notices_payment_id_kind"),
        sa.Index("ix_notices_status_next_attempt_at", "status", "next_attempt_at"),
        sa.Index("ix_notices_user_id_status", "user_id", "status"),
    )


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("saved_account_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["saved_account_id"],
            ["saved_accounts.id"],
            name=op.f("fk_reminders_saved_account_id_saved_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reminders_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("saved_account_id", name=op.f("uq_reminders_saved_account_id")),
    )
    op.create_table(
        "reminder_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("saved_account_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("service_name", sa.String(255), nullable=False),
        sa.Column("account_name", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["saved_account_id"],
            ["saved_accounts.id"],
            name=op.f("fk_reminder_runs_saved_account_id_saved_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reminder_runs_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_runs")),
        sa.UniqueConstraint(
            "saved_account_id", "period", name=op.f("uq_reminder_runs_saved_account_id_period")
        ),
    )
    with op.batch_alter_table("notices", copy_from=_notices_as_0003()) as batch:
        batch.alter_column("payment_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("reminder_run_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_notices_reminder_run_id_reminder_runs",
            "reminder_runs",
            ["reminder_run_id"],
            ["id"],
        )
        batch.create_unique_constraint("uq_notices_reminder_run_id", ["reminder_run_id"])


def downgrade() -> None:
    # Reminder notices have no payment: they go with the feature.
    op.execute("DELETE FROM notices WHERE payment_id IS NULL")
    with op.batch_alter_table("notices") as batch:
        batch.drop_constraint("uq_notices_reminder_run_id", type_="unique")
        batch.drop_constraint("fk_notices_reminder_run_id_reminder_runs", type_="foreignkey")
        batch.drop_column("reminder_run_id")
        batch.alter_column("payment_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("reminder_runs")
    op.drop_table("reminders")
