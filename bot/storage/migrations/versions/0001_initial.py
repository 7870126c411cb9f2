"""Initial schema: users, cards, saved accounts, payments.

Revision ID: 0001
Revises:
Create Date: 2025-01-01 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("phone", sa.String(32), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("card_id", sa.String(64), nullable=False),
        sa.Column("masked_number", sa.String(32), nullable=False),
        sa.Column("vendor", sa.String(32), nullable=True),
        _timestamp("created_at"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_cards_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cards")),
        sa.UniqueConstraint("user_id", "card_id", name=op.f("uq_cards_user_id_card_id")),
    )
    op.create_table(
        "saved_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("service_id", sa.String(64), nullable=False),
        sa.Column("service_name", sa.String(255), nullable=False),
        sa.Column("account", sa.JSON(), nullable=False),
        sa.Column("account_key", sa.String(1024), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        _timestamp("created_at"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_saved_accounts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_accounts")),
        sa.UniqueConstraint(
            "user_id",
            "service_id",
            "account_key",
            name=op.f("uq_saved_accounts_user_id_service_id_account_key"),
        ),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("service_id", sa.String(64), nullable=False),
        sa.Column("service_name", sa.String(255), nullable=False),
        sa.Column("account", sa.JSON(), nullable=False),
        sa.Column("account_label", sa.String(1024), nullable=False),
        sa.Column("saved_account_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("card_id", sa.String(64), nullable=True),
        sa.Column("card_mask", sa.String(32), nullable=True),
        sa.Column("transaction_id", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("otp_phone", sa.String(32), nullable=True),
        sa.Column("otp_attempts", sa.Integer(), nullable=False),
        sa.Column("payment_ref", sa.String(128), nullable=True),
        sa.Column("payed_at", sa.String(64), nullable=True),
        sa.Column("error_code", sa.String(64), nullable=True),
        sa.Column("error_message", sa.String(1024), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_payments_user_id_users")),
        sa.ForeignKeyConstraint(
            ["saved_account_id"],
            ["saved_accounts.id"],
            name=op.f("fk_payments_saved_account_id_saved_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("transaction_id", name=op.f("uq_payments_transaction_id")),
    )
    op.create_index("ix_payments_user_id_created_at", "payments", ["user_id", "created_at"])
    op.create_index("ix_payments_status", "payments", ["status"])


def downgrade() -> None:
    op.drop_index("ix_payments_status", table_name="payments")
    op.drop_index("ix_payments_user_id_created_at", table_name="payments")
    op.drop_table("payments")
    op.drop_table("saved_accounts")
    op.drop_table("cards")
    op.drop_table("users")
