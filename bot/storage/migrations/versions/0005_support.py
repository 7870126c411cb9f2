"""Support: customers' questions about a payment and the messages owed about them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "support_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("customer_name", sa.String(128), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_support_questions_payment_id_payments")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_support_questions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_questions")),
    )
    op.create_index("ix_support_questions_status_id", "support_questions", ["status", "id"])
    op.create_index("ix_support_questions_payment_id", "support_questions", ["payment_id"])
    op.create_table(
        "support_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
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
            ["question_id"],
            ["support_questions.id"],
            name=op.f("fk_support_messages_question_id_support_questions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_messages")),
    )
    op.create_index(
        "ix_support_messages_status_next_attempt_at",
        "support_messages",
        ["status", "next_attempt_at"],
    )
    op.create_index(
        "ix_support_messages_chat_id_message_id", "support_messages", ["chat_id", "message_id"]
    )
    op.create_index("ix_support_messages_question_id", "support_messages", ["question_id"])


def downgrade() -> None:
    op.drop_index("ix_support_messages_question_id", table_name="support_messages")
    op.drop_index("ix_support_messages_chat_id_message_id", table_name="support_messages")
    op.drop_index("ix_support_messages_status_next_attempt_at", table_name="support_messages")
    op.drop_table("support_messages")
    op.drop_index("ix_support_questions_payment_id", table_name="support_questions")
    op.drop_index("ix_support_questions_status_id", table_name="support_questions")
    op.drop_table("support_questions")
