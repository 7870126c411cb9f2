"""Database tables. Portable types only: the same models run on SQLite and PostgreSQL.

Card data kept here is what Paylov returns after binding: its card id and the masked number.
A full card number, expiry date or code is never stored.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from bot.storage.types import UtcDateTime, utc_now

# Named constraints let Alembic drop and alter them on every backend (SQLite batch mode too).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class PaymentStatus(StrEnum):
    NEW = "new"  # row written before `create` is sent
    CREATED = "created"  # `create` answered: waiting for the customer's code
    PAYING = "paying"  # claimed right before `pay` is sent
    PAID = "paid"
    FAILED = "failed"  # Paylov said no, or `create` never answered: no money moved
    PENDING = "pending"  # `pay`'s outcome is unknown: being rechecked
    CANCELLED = "cancelled"  # cancelled before paying, or by Paylov

    # Set below the class: a value here would become a member. PaymentStatus.FINAL == FINAL.
    FINAL: ClassVar[frozenset[PaymentStatus]]

    @property
    def is_final(self) -> bool:
        return self in FINAL

    @property
    def may_still_go_through(self) -> bool:
        """`pay` was sent (or is being sent) and its outcome is not known: Paylov may still
        charge it, so the account is not paid again until it settles, and showing the payment
        asks Paylov first."""
        return self in MAY_STILL_GO_THROUGH


FINAL: frozenset[PaymentStatus] = frozenset(
    {PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.CANCELLED}
)
PaymentStatus.FINAL = FINAL
MAY_STILL_GO_THROUGH: frozenset[PaymentStatus] = frozenset(
    {PaymentStatus.PAYING, PaymentStatus.PENDING}
)


class StatusType(TypeDecorator[PaymentStatus]):
    """PaymentStatus stored as its plain string value (no native enum to migrate)."""

    impl = String(16)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else PaymentStatus(value).value

    def process_result_value(self, value: Any, dialect: Any) -> PaymentStatus | None:
        return None if value is None else PaymentStatus(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    language: Mapped[str | None] = mapped_column(String(8))  # None until the user picks one
    phone: Mapped[str | None] = mapped_column(String(32))  # the contact the user shared
    # The user blocked the bot while a notice was owed: deliver it when they next write.
    notices_held: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


CARD_NAME_WIDTH = 64


class Card(Base):
    __tablename__ = "cards"
    __table_args__ = (UniqueConstraint("user_id", "card_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    card_id: Mapped[str] = mapped_column(String(64))  # Paylov's cardId
    masked_number: Mapped[str] = mapped_column(String(32))  # 860000******9999
    vendor: Mapped[str | None] = mapped_column(String(32))
    # The customer's own name for the card (bot/payments/card_binding.py's rule), and whether it
    # is the one they chose to pay with first; at most one per user (CardRepository keeps it).
    name: Mapped[str | None] = mapped_column(String(CARD_NAME_WIDTH))
    is_default: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


# What the name column holds; the rule for names is bot/payments/saved_accounts.py's, and
# shorter.
SAVED_ACCOUNT_NAME_WIDTH = 128


class SavedAccount(Base):
    __tablename__ = "saved_accounts"
    __table_args__ = (UniqueConstraint("user_id", "service_id", "account_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    service_id: Mapped[str] = mapped_column(String(64))
    service_name: Mapped[str] = mapped_column(String(255))
    account: Mapped[dict[str, str]] = mapped_column(JSON)
    # Canonical JSON of the account (sorted keys) so the same account is saved once.
    account_key: Mapped[str] = mapped_column(String(1024))
    name: Mapped[str] = mapped_column(String(SAVED_ACCOUNT_NAME_WIDTH))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_user_id_created_at", "user_id", "created_at"),
        Index("ix_payments_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"), nullable=False)
    service_id: Mapped[str] = mapped_column(String(64))
    service_name: Mapped[str] = mapped_column(String(255))
    account: Mapped[dict[str, str]] = mapped_column(JSON)
    account_label: Mapped[str] = mapped_column(String(1024))
    # History keeps the payment when the saved account behind it is deleted.
    saved_account_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("saved_accounts.id", ondelete="SET NULL")
    )
    amount: Mapped[int] = mapped_column(BigInteger)  # whole sum
    card_id: Mapped[str | None] = mapped_column(String(64))
    card_mask: Mapped[str | None] = mapped_column(String(32))
    # Unique, yet many rows may have none yet (NULLs never collide on either backend).
    transaction_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[PaymentStatus] = mapped_column(StatusType, nullable=False)
    otp_phone: Mapped[str | None] = mapped_column(String(32))  # masked, as Paylov gives it
    # When the last `pay` was sent: the give-up clock of an unsettled payment starts here.
    pay_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    otp_attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    payment_ref: Mapped[str | None] = mapped_column(String(128))
    payed_at: Mapped[str | None] = mapped_column(String(64))  # as Paylov gives it
    # The merchant and terminal that took the money (`pay`'s answer; the receipt card shows them).
    epos_merchant: Mapped[str | None] = mapped_column(String(32))
    epos_terminal: Mapped[str | None] = mapped_column(String(32))
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(String(1024))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class NoticeKind(StrEnum):
    """What a customer must hear about a payment (bot/telegram/outbox.py draws each)."""

    PAID = "paid"  # the receipt
    PENDING = "pending"  # `pay` sent, outcome unknown: "we will message you"
    FAILED = "failed"  # a status check settled it as not paid
    CREATE_LOST = "create_lost"  # `create` never answered (a crash): nothing was charged
    REMINDER = "reminder"  # a saved account's monthly reminder (no payment: a reminder run)


class NoticeStatus(StrEnum):
    PENDING = "pending"  # to deliver (again) from next_attempt_at
    HELD = "held"  # the customer blocked the bot: delivered when they next write
    DELIVERED = "delivered"
    DEAD = "dead"  # Telegram refused it for good (a bad request): logged, not retried


class Notice(Base):
    """The outbox: a message owed to a customer, written in the same transaction as the
    payment's status change (or the reminder run) that owes it and deleted never;
    `claim_token` makes one sender deliver it. A notice is of a payment or of a reminder run,
    never both."""

    __tablename__ = "notices"
    __table_args__ = (
        # One notice of each kind per payment, whoever (process, watcher, update) records it.
        UniqueConstraint("payment_id", "kind"),
        Index("ix_notices_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_notices_user_id_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"), nullable=False)
    payment_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("payments.id"))
    reminder_run_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("reminder_runs.id"), unique=True
    )
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(255))
    message_id: Mapped[int | None] = mapped_column(BigInteger)  # Telegram's, once delivered
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Reminder(Base):
    """A saved account's monthly reminder (opt-in): on `day` (1-28, or LAST_DAY for the
    month's last) the bot asks Paylov what is owed and messages the customer when something is.
    One per saved account; turning it off deletes it."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    saved_account_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("saved_accounts.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    day: Mapped[int] = mapped_column(Integer, nullable=False)
    # When it was turned on or its day last changed: a day already past then waits a month.
    set_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class ReminderRun(Base):
    """A saved account's reminder done for a month ('YYYY-MM'): written once, by whichever
    process gets there first (the unique key), with the outbox notice it owes in the same
    transaction. `amount` is what was owed then (None: nothing was, or it could not be told).
    What the notice shows is kept here, so it reads the same whenever it is delivered."""

    __tablename__ = "reminder_runs"
    __table_args__ = (UniqueConstraint("saved_account_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"), nullable=False)
    # The month stays done when the account is deleted; its notice then has nothing to open.
    saved_account_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("saved_accounts.id", ondelete="SET NULL")
    )
    period: Mapped[str] = mapped_column(String(7), nullable=False)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)
    amount: Mapped[int | None] = mapped_column(BigInteger)
    service_name: Mapped[str] = mapped_column(String(255), nullable=False)
    account_name: Mapped[str] = mapped_column(String(SAVED_ACCOUNT_NAME_WIDTH), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class FsmRecord(Base):
    """One conversation's aiogram FSM state and data (bot/storage/fsm.py)."""

    __tablename__ = "fsm_states"

    # aiogram's storage key: bot, chat, user and destiny.
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[str] = mapped_column(Text, nullable=False)  # JSON of the flow's draft
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class QuestionStatus(StrEnum):
    OPEN = "open"  # no admin has answered yet
    ANSWERED = "answered"  # an admin's answer is recorded (and owed to the customer)


class SupportQuestion(Base):
    """A customer's "problem with this payment", in their own words (bot/support/)."""

    __tablename__ = "support_questions"
    __table_args__ = (
        Index("ix_support_questions_status_id", "status", "id"),
        Index("ix_support_questions_payment_id", "payment_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(Integer, ForeignKey("payments.id"), nullable=False)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"), nullable=False)
    # The customer's Telegram name when they asked (the users table keeps no names).
    customer_name: Mapped[str | None] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    answered_by: Mapped[int | None] = mapped_column(BigInteger)  # the admin's Telegram id


class SupportMessageKind(StrEnum):
    QUESTION = "question"  # a question shown to one admin; replying to it answers
    ANSWER = "answer"  # an admin's answer, owed to the customer


class SupportMessage(Base):
    """The support side of the outbox: a question owed to one admin, or an answer owed to a
    customer, delivered until it arrives (bot/telegram/support_outbox.py). A delivered
    question's `message_id` is the admin's copy a reply is matched by."""

    __tablename__ = "support_messages"
    __table_args__ = (
        Index("ix_support_messages_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_support_messages_chat_id_message_id", "chat_id", "message_id"),
        Index("ix_support_messages_question_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("support_questions.id"), nullable=False
    )
    # Whom it is for: an admin (who may have no users row) or the customer.
    chat_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    text: Mapped[str | None] = mapped_column(Text)  # an answer's words; None for a question
    author_id: Mapped[int | None] = mapped_column(BigInteger)  # the admin who answered
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # a NoticeStatus
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(255))
    message_id: Mapped[int | None] = mapped_column(BigInteger)  # Telegram's, once delivered
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ReconciliationRun(Base):
    """The daily reconciliation of one Tashkent day (bot/payments/reconcile.py): claimed by
    one process at a time (`claim_token` until `claimed_until`, so a process that dies mid-run
    leaves it to another), done once `finished_at` is set. What it found is in its counts; the
    rows themselves went to the admins as a CSV."""

    __tablename__ = "reconciliation_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, nullable=False, unique=True)
    claim_token: Mapped[str] = mapped_column(String(32), nullable=False)
    claimed_until: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    mismatches: Mapped[int | None] = mapped_column(Integer)
    fixed: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class BotState(Base):
    """Small facts every replica shares, by key: the fingerprint of the webhook's parameters
    (bot/telegram/webhook.py), which Telegram never returns whole (it keeps the secret)."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class OpsAlert(Base):
    """An admin alert's state for one admin (bot/ops/alerts.py): whether it is raised, and when
    it was last sent. Every replica changes it by compare-and-set only, so of several
    replicas seeing the same trouble one tells each admin, once per period."""

    __tablename__ = "ops_alerts"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    admin_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    active: Mapped[bool] = mapped_column(default=False, server_default=false())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
