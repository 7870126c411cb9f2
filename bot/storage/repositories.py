"""Repositories: the only code that opens database sessions.

Each method is one short transaction of its own (open, work, commit), so a payment's record is
durable before and after every Paylov call and no transaction waits on the network. Methods return
frozen records, never live ORM objects, so nothing lazy-loads after the session has closed.

Every lookup by an id that came from a Telegram button also takes the owner's user id and finds
nothing when the row belongs to someone else. Payment status changes are compare-and-set: an
UPDATE conditioned on the expected previous status(es), returning None when the row was elsewhere.

Writes for a user (cards, payments, saved accounts) need the user row: call
`UserRepository.get_or_create` first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, cast

from pydantic import AfterValidator, BaseModel, ConfigDict
from sqlalchemy import CursorResult, Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from bot.payments.cards import looks_like_full_card_number
from bot.storage.db import Database
from bot.storage.models import (
    FINAL,
    MAY_STILL_GO_THROUGH,
    SAVED_ACCOUNT_NAME_WIDTH,
    Card,
    Notice,
    NoticeKind,
    NoticeStatus,
    Payment,
    PaymentStatus,
    SavedAccount,
    User,
)
from bot.storage.types import utc_now

Clock = Callable[[], datetime]


# --- records ----------------------------------------------------------------------------------


def _as_utc(value: datetime) -> datetime:
    # A record made from a fresh insert holds the clock's value as given, not as read back.
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return value.astimezone(UTC)


UtcTimestamp = Annotated[datetime, AfterValidator(_as_utc)]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, from_attributes=True)


class UserRecord(_Record):
    id: int
    language: str | None
    phone: str | None
    notices_held: bool = False
    created_at: UtcTimestamp
    updated_at: UtcTimestamp


class CardRecord(_Record):
    id: int
    user_id: int
    card_id: str
    masked_number: str
    vendor: str | None
    created_at: UtcTimestamp


class SavedAccountRecord(_Record):
    id: int
    user_id: int
    service_id: str
    service_name: str
    account: dict[str, str]
    account_key: str
    name: str
    created_at: UtcTimestamp


class PaymentRecord(_Record):
    id: int
    user_id: int
    service_id: str
    service_name: str
    account: dict[str, str]
    account_label: str
    saved_account_id: int | None
    amount: int
    card_id: str | None
    card_mask: str | None
    transaction_id: str | None
    status: PaymentStatus
    otp_phone: str | None
    pay_sent_at: UtcTimestamp | None = None
    otp_attempts: int
    payment_ref: str | None
    payed_at: str | None
    error_code: str | None
    error_message: str | None
    created_at: UtcTimestamp
    updated_at: UtcTimestamp

    @property
    def is_final(self) -> bool:
        return self.status in FINAL


class NoticeRecord(_Record):
    id: int
    user_id: int
    payment_id: int
    kind: NoticeKind
    status: NoticeStatus
    attempts: int
    next_attempt_at: UtcTimestamp
    claim_token: str | None
    claimed_until: UtcTimestamp | None
    last_error: str | None
    message_id: int | None
    created_at: UtcTimestamp
    delivered_at: UtcTimestamp | None


# --- helpers ----------------------------------------------------------------------------------


def account_key(account: Mapping[str, str]) -> str:
    """Canonical JSON of an account: equal accounts give equal keys whatever their order."""
    return json.dumps(dict(account), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _require_masked(value: str | None) -> None:
    # The message never echoes the value: it may be a real card number.
    if value is not None and looks_like_full_card_number(value):
        raise ValueError("refusing to store an unmasked card number")


def _rowcount(result: Any) -> int:
    return cast(CursorResult[Any], result).rowcount


class _Repository:
    def __init__(self, db: Database, *, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock


# --- users ------------------------------------------------------------------------------------


class UserRepository(_Repository):
    async def get(self, user_id: int) -> UserRecord | None:
        async with self._db.session() as session:
            user = await session.get(User, user_id)
            return None if user is None else UserRecord.model_validate(user)

    async def get_or_create(self, user_id: int) -> UserRecord:
        existing = await self.get(user_id)
        if existing is not None:
            return existing
        now = self._clock()
        try:
            async with self._db.session() as session, session.begin():
                user = User(id=user_id, created_at=now, updated_at=now)
                session.add(user)
            return UserRecord.model_validate(user)
        except IntegrityError:
            # Another update from the same user created it first.
            created = await self.get(user_id)
            if created is None:
                raise
            return created

    async def set_language(self, user_id: int, language: str) -> UserRecord | None:
        return await self._update(user_id, {User.language: language})

    async def set_phone(self, user_id: int, phone: str) -> UserRecord | None:
        return await self._update(user_id, {User.phone: phone})

    async def forget_phone(self, user_id: int) -> UserRecord | None:
        """The bank refused the kept phone: the next card asks for it again."""
        return await self._update(user_id, {User.phone: None})

    async def _update(self, user_id: int, values: Mapping[Any, Any]) -> UserRecord | None:
        async with self._db.session() as session, session.begin():
            result = await session.execute(
                update(User)
                .where(User.id == user_id)
                .values({**values, User.updated_at: self._clock()})
                .execution_options(synchronize_session=False)
            )
            if _rowcount(result) != 1:
                return None
            user = await session.get(User, user_id)
            return None if user is None else UserRecord.model_validate(user)


# --- cards ------------------------------------------------------------------------------------


class CardRepository(_Repository):
    async def add(
        self, user_id: int, card_id: str, masked_number: str, vendor: str | None
    ) -> CardRecord:
        """Remember a bound card; adding it again refreshes its mask and vendor."""
        _require_masked(masked_number)
        try:
            async with self._db.session() as session, session.begin():
                card = await session.scalar(_card_by_card_id(user_id, card_id))
                if card is None:
                    card = Card(
                        user_id=user_id,
                        card_id=card_id,
                        masked_number=masked_number,
                        vendor=vendor,
                        created_at=self._clock(),
                    )
                    session.add(card)
                else:
                    card.masked_number = masked_number
                    card.vendor = vendor
            return CardRecord.model_validate(card)
        except IntegrityError:
            # A concurrent add of the same card won the insert.
            existing = await self.get_by_card_id(user_id, card_id)
            if existing is None:
                raise
            return existing

    async def list_for_user(self, user_id: int) -> list[CardRecord]:
        query = select(Card).where(Card.user_id == user_id).order_by(Card.created_at, Card.id)
        async with self._db.session() as session:
            return [CardRecord.model_validate(card) for card in await session.scalars(query)]

    async def get_for_user(self, id: int, user_id: int) -> CardRecord | None:
        query = select(Card).where(Card.id == id, Card.user_id == user_id)
        async with self._db.session() as session:
            card = await session.scalar(query)
            return None if card is None else CardRecord.model_validate(card)

    async def get_by_card_id(self, user_id: int, card_id: str) -> CardRecord | None:
        """The user's card by Paylov's cardId."""
        async with self._db.session() as session:
            card = await session.scalar(_card_by_card_id(user_id, card_id))
            return None if card is None else CardRecord.model_validate(card)

    async def delete_for_user(self, id: int, user_id: int) -> bool:
        async with self._db.session() as session, session.begin():
            result = await session.execute(
                delete(Card).where(Card.id == id, Card.user_id == user_id)
            )
            return _rowcount(result) == 1

    async def delete_by_card_id(self, user_id: int, card_id: str) -> bool:
        async with self._db.session() as session, session.begin():
            result = await session.execute(
                delete(Card).where(Card.user_id == user_id, Card.card_id == card_id)
            )
            return _rowcount(result) == 1


def _card_by_card_id(user_id: int, card_id: str) -> Select[Card]:
    return select(Card).where(Card.user_id == user_id, Card.card_id == card_id)


# --- payments ---------------------------------------------------------------------------------

_S = PaymentStatus


class PaymentRepository(_Repository):
    async def create_draft(
        self,
        user_id: int,
        service_id: str,
        service_name: str,
        account: Mapping[str, str],
        account_label: str,
        amount: int,
        card_id: str | None,
        card_mask: str | None,
        saved_account_id: int | None = None,
    ) -> PaymentRecord:
        """Write the payment (status new) before `create` is sent to Paylov."""
        _require_masked(card_mask)
        now = self._clock()
        payment = Payment(
            user_id=user_id,
            service_id=service_id,
            service_name=service_name,
            account=dict(account),
            account_label=account_label,
            saved_account_id=saved_account_id,
            amount=amount,
            card_id=card_id,
            card_mask=card_mask,
            status=PaymentStatus.NEW,
            otp_attempts=0,
            created_at=now,
            updated_at=now,
        )
        async with self._db.session() as session, session.begin():
            session.add(payment)
        return PaymentRecord.model_validate(payment)

    async def mark_created(
        self, id: int, transaction_id: str, otp_phone: str | None
    ) -> PaymentRecord | None:
        """new → created: `create` answered and the code is on its way."""
        values = {
            Payment.status: _S.CREATED,
            Payment.transaction_id: transaction_id,
            Payment.otp_phone: otp_phone,
        }
        return await self._transition(id, {_S.NEW}, values)

    async def claim_for_pay(self, id: int) -> bool:
        """created → paying, right before `pay`. Of concurrent callers exactly one gets True."""
        values = {Payment.status: _S.PAYING, Payment.pay_sent_at: self._clock()}
        return await self._transition(id, {_S.CREATED}, values) is not None

    async def release_after_rejected_code(
        self, id: int, error_code: str | None, error_message: str | None = None
    ) -> PaymentRecord | None:
        """paying → created: Paylov refused the code; the customer may try again."""
        values = {
            Payment.status: _S.CREATED,
            Payment.otp_attempts: Payment.otp_attempts + 1,
            Payment.error_code: error_code,
            Payment.error_message: error_message,
        }
        return await self._transition(id, {_S.PAYING}, values)

    async def mark_paid(
        self,
        id: int,
        payment_ref: str | None,
        payed_at: str | None,
        *,
        handover: timedelta = timedelta(0),
    ) -> PaymentRecord | None:
        """paying/pending/created → paid (created: a recheck found it paid)."""
        values = {
            Payment.status: _S.PAID,
            Payment.payment_ref: payment_ref,
            Payment.payed_at: payed_at,
            Payment.error_code: None,
            Payment.error_message: None,
        }
        expected = {_S.PAYING, _S.PENDING, _S.CREATED}
        return await self._transition(
            id, expected, values, notice=NoticeKind.PAID, handover=handover
        )

    async def mark_failed(
        self,
        id: int,
        code: str | None,
        message: str | None,
        *,
        notice: NoticeKind | None = None,
        handover: timedelta = timedelta(0),
    ) -> PaymentRecord | None:
        """Any unfinished state → failed: Paylov said no, or `create` never answered.
        `notice`: what the customer is owed when the flow itself cannot tell them."""
        values = {
            Payment.status: _S.FAILED,
            Payment.error_code: code,
            Payment.error_message: message,
        }
        expected = {_S.NEW, _S.CREATED, _S.PAYING, _S.PENDING}
        return await self._transition(id, expected, values, notice=notice, handover=handover)

    async def mark_pending(
        self, id: int, *, handover: timedelta = timedelta(0)
    ) -> PaymentRecord | None:
        """paying → pending: `pay` was sent and its outcome is unknown."""
        values = {Payment.status: _S.PENDING}
        return await self._transition(
            id, {_S.PAYING}, values, notice=NoticeKind.PENDING, handover=handover
        )

    async def mark_cancelled(self, id: int, code: str | None = None) -> PaymentRecord | None:
        """new/created → cancelled, before `pay` was ever sent (the customer left, or the code
        was never typed). A payment whose `pay` may have gone through is never cancelled here:
        only Paylov's status settles it."""
        values = {Payment.status: _S.CANCELLED, Payment.error_code: code}
        return await self._transition(id, {_S.NEW, _S.CREATED}, values)

    async def get(self, id: int) -> PaymentRecord | None:
        return await self._one(select(Payment).where(Payment.id == id))

    async def get_for_user(self, id: int, user_id: int) -> PaymentRecord | None:
        return await self._one(select(Payment).where(Payment.id == id, Payment.user_id == user_id))

    async def get_by_transaction(self, transaction_id: str) -> PaymentRecord | None:
        return await self._one(select(Payment).where(Payment.transaction_id == transaction_id))

    async def list_for_user(
        self,
        user_id: int,
        *,
        offset: int = 0,
        limit: int = 10,
        statuses: Collection[PaymentStatus] | None = None,
    ) -> list[PaymentRecord]:
        """The user's payments, newest first; `statuses` narrows them down."""
        query = (
            select(Payment)
            .where(*_user_filter(user_id, statuses))
            .order_by(Payment.created_at.desc(), Payment.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return await self._many(query)

    async def count_for_user(
        self, user_id: int, *, statuses: Collection[PaymentStatus] | None = None
    ) -> int:
        query = select(func.count()).select_from(Payment).where(*_user_filter(user_id, statuses))
        async with self._db.session() as session:
            return int(await session.scalar(query) or 0)

    async def list_unsettled(self, *, quiet_since: datetime) -> list[PaymentRecord]:
        """Payments whose `pay` may have gone through, to recheck: every `pending` one, and a
        `paying` one only when untouched since `quiet_since` (younger, its `pay` may still be
        waiting for the answer, and the update that sent it settles it)."""
        query = (
            select(Payment)
            .where(
                (Payment.status == _S.PENDING)
                | ((Payment.status == _S.PAYING) & (Payment.updated_at < quiet_since))
            )
            .order_by(Payment.created_at, Payment.id)
        )
        return await self._many(query)

    async def list_unsettled_for(
        self, user_id: int, service_id: str, account: Mapping[str, str]
    ) -> list[PaymentRecord]:
        """This customer's payments of this very account whose `pay` may still go through."""
        query = select(Payment).where(
            Payment.user_id == user_id,
            Payment.service_id == service_id,
            Payment.status.in_(sorted(MAY_STILL_GO_THROUGH)),
        )
        key = account_key(account)
        return [p for p in await self._many(query) if account_key(p.account) == key]

    async def list_recent_paid_for(
        self, user_id: int, service_id: str, account: Mapping[str, str], *, since: datetime
    ) -> list[PaymentRecord]:
        """This customer's payments of this very account paid since `since`, newest first."""
        query = (
            select(Payment)
            .where(
                Payment.user_id == user_id,
                Payment.service_id == service_id,
                Payment.status == _S.PAID,
                Payment.updated_at >= since,
            )
            .order_by(Payment.updated_at.desc(), Payment.id.desc())
        )
        key = account_key(account)
        return [p for p in await self._many(query) if account_key(p.account) == key]

    async def list_touched_since(self, user_id: int, since: datetime) -> list[PaymentRecord]:
        """The customer's payments whose row changed since `since` (an update's start)."""
        query = (
            select(Payment)
            .where(Payment.user_id == user_id, Payment.updated_at >= since)
            .order_by(Payment.updated_at.desc(), Payment.id.desc())
        )
        return await self._many(query)

    async def list_stale(
        self, status: PaymentStatus, *, untouched_since: datetime
    ) -> list[PaymentRecord]:
        """Payments left in `status` since before `untouched_since`, oldest first."""
        query = (
            select(Payment)
            .where(Payment.status == status, Payment.updated_at < untouched_since)
            .order_by(Payment.created_at, Payment.id)
        )
        return await self._many(query)

    async def list_by_status(
        self, *statuses: PaymentStatus, limit: int | None = None
    ) -> list[PaymentRecord]:
        """Oldest first."""
        query = (
            select(Payment)
            .where(Payment.status.in_(statuses))
            .order_by(Payment.created_at, Payment.id)
            .limit(limit)
        )
        return await self._many(query)

    async def _transition(
        self,
        id: int,
        expected: Collection[PaymentStatus],
        values: Mapping[Any, Any],
        *,
        notice: NoticeKind | None = None,
        handover: timedelta = timedelta(0),
    ) -> PaymentRecord | None:
        """`handover`: how long the background sender leaves the notice to the caller, who
        means to deliver it itself (the flow's own receipt, with its screen retired)."""
        # The WHERE on status makes this a compare-and-set: the database decides who wins.
        # The UPDATE comes first in the transaction, so SQLite takes the write lock at once.
        # The notice owed for the new state is written in the same transaction: only the
        # winner records it, and it exists exactly when the new state does (the outbox).
        now = self._clock()
        async with self._db.session() as session, session.begin():
            result = await session.execute(
                update(Payment)
                .where(Payment.id == id, Payment.status.in_(list(expected)))
                .values({**values, Payment.updated_at: now})
                .execution_options(synchronize_session=False)
            )
            if _rowcount(result) != 1:
                return None
            payment = await session.get(Payment, id)
            if payment is None:
                return None
            if notice is not None:
                session.add(
                    Notice(
                        user_id=payment.user_id,
                        payment_id=payment.id,
                        kind=notice.value,
                        status=NoticeStatus.PENDING.value,
                        attempts=0,
                        next_attempt_at=now + handover,
                        created_at=now,
                    )
                )
            return PaymentRecord.model_validate(payment)

    async def _one(self, query: Select[Payment]) -> PaymentRecord | None:
        async with self._db.session() as session:
            payment = await session.scalar(query)
            return None if payment is None else PaymentRecord.model_validate(payment)

    async def _many(self, query: Select[Payment]) -> list[PaymentRecord]:
        async with self._db.session() as session:
            return [PaymentRecord.model_validate(p) for p in await session.scalars(query)]


def _user_filter(
    user_id: int, statuses: Collection[PaymentStatus] | None
) -> Sequence[ColumnElement[bool]]:
    conditions = [Payment.user_id == user_id]
    if statuses is not None:
        conditions.append(Payment.status.in_(list(statuses)))
    return conditions


# --- the outbox -------------------------------------------------------------------------------

_N = NoticeStatus


class NoticeRepository(_Repository):
    """Notices owed to customers. Delivery is claimed by compare-and-set with a lease, so of
    several senders (processes, the flow and the background sender) exactly one sends it; a
    sender that dies mid-send leaves a claim that expires, and the notice goes out again."""

    async def get(self, id: int) -> NoticeRecord | None:
        return await self._one(select(Notice).where(Notice.id == id))

    async def for_payment(self, payment_id: int, kind: NoticeKind) -> NoticeRecord | None:
        query = select(Notice).where(Notice.payment_id == payment_id, Notice.kind == kind.value)
        return await self._one(query)

    async def list_for_user(self, user_id: int) -> list[NoticeRecord]:
        query = select(Notice).where(Notice.user_id == user_id).order_by(Notice.id)
        async with self._db.session() as session:
            return [NoticeRecord.model_validate(n) for n in await session.scalars(query)]

    async def list_due(self, *, limit: int = 50) -> list[NoticeRecord]:
        """Pending notices whose time has come and that no live claim holds, oldest first."""
        now = self._clock()
        query = (
            select(Notice)
            .where(
                Notice.status == _N.PENDING.value,
                Notice.next_attempt_at <= now,
                (Notice.claimed_until.is_(None)) | (Notice.claimed_until < now),
            )
            .order_by(Notice.id)
            .limit(limit)
        )
        async with self._db.session() as session:
            return [NoticeRecord.model_validate(n) for n in await session.scalars(query)]

    async def count_undelivered(self) -> int:
        query = (
            select(func.count())
            .select_from(Notice)
            .where(Notice.status.in_([_N.PENDING.value, _N.HELD.value]))
        )
        async with self._db.session() as session:
            return int(await session.scalar(query) or 0)

    async def claim(
        self, id: int, token: str, *, lease: timedelta, force: bool = False
    ) -> NoticeRecord | None:
        """pending → claimed by `token` until now + lease. `force` takes it before its next
        attempt is due (the flow delivering its own receipt)."""
        now = self._clock()
        conditions = [
            Notice.id == id,
            Notice.status == _N.PENDING.value,
            (Notice.claimed_until.is_(None)) | (Notice.claimed_until < now),
        ]
        if not force:
            conditions.append(Notice.next_attempt_at <= now)
        values = {Notice.claim_token: token, Notice.claimed_until: now + lease}
        return await self._update_one(id, conditions, values)

    async def make_due(self, payment_id: int) -> int:
        """This payment's notices are due now (the update meant to send them failed)."""
        async with self._db.session() as session, session.begin():
            result = await session.execute(
                update(Notice)
                .where(Notice.payment_id == payment_id, Notice.status == _N.PENDING.value)
                .values(next_attempt_at=self._clock())
                .execution_options(synchronize_session=False)
            )
            return _rowcount(result)

    async def mark_delivered(self, id: int, token: str, message_id: int | None) -> bool:
        values = {
            Notice.status: _N.DELIVERED.value,
            Notice.message_id: message_id,
            Notice.delivered_at: self._clock(),
            Notice.attempts: Notice.attempts + 1,
            Notice.claimed_until: None,
            Notice.last_error: None,
        }
        return await self._update_one(id, self._held_by(id, token), values) is not None

    async def reschedule(self, id: int, token: str, *, after: timedelta, error: str) -> bool:
        """Telegram failed for now: try again `after` from now."""
        values = {
            Notice.next_attempt_at: self._clock() + after,
            Notice.attempts: Notice.attempts + 1,
            Notice.claimed_until: None,
            Notice.last_error: error[:255],
        }
        return await self._update_one(id, self._held_by(id, token), values) is not None

    async def give_up(self, id: int, token: str, error: str) -> bool:
        values = {
            Notice.status: _N.DEAD.value,
            Notice.attempts: Notice.attempts + 1,
            Notice.claimed_until: None,
            Notice.last_error: error[:255],
        }
        return await self._update_one(id, self._held_by(id, token), values) is not None

    async def hold(self, id: int, token: str, error: str) -> bool:
        """The customer blocked the bot: keep the notice until they write again, and mark the
        user so that their next update finds it without a query of its own."""
        values = {
            Notice.status: _N.HELD.value,
            Notice.attempts: Notice.attempts + 1,
            Notice.claimed_until: None,
            Notice.last_error: error[:255],
        }
        async with self._db.session() as session, session.begin():
            result = await session.execute(
                update(Notice)
                .where(*self._held_by(id, token))
                .values(values)
                .execution_options(synchronize_session=False)
            )
            if _rowcount(result) != 1:
                return False
            notice = await session.get(Notice, id)
            assert notice is not None
            await session.execute(
                update(User)
                .where(User.id == notice.user_id)
                .values(notices_held=True)
                .execution_options(synchronize_session=False)
            )
            return True

    async def release_held(self, user_id: int) -> list[NoticeRecord]:
        """The customer wrote again: their held notices are due now (oldest first)."""
        now = self._clock()
        async with self._db.session() as session, session.begin():
            await session.execute(
                update(User)
                .where(User.id == user_id)
                .values(notices_held=False)
                .execution_options(synchronize_session=False)
            )
            await session.execute(
                update(Notice)
                .where(Notice.user_id == user_id, Notice.status == _N.HELD.value)
                .values(status=_N.PENDING.value, next_attempt_at=now)
                .execution_options(synchronize_session=False)
            )
            query = (
                select(Notice)
                .where(Notice.user_id == user_id, Notice.status == _N.PENDING.value)
                .order_by(Notice.id)
            )
            return [NoticeRecord.model_validate(n) for n in await session.scalars(query)]

    @staticmethod
    def _held_by(id: int, token: str) -> list[ColumnElement[bool]]:
        return [Notice.id == id, Notice.status == _N.PENDING.value, Notice.claim_token == token]

    async def _update_one(
        self, id: int, conditions: Sequence[ColumnElement[bool]], values: Mapping[Any, Any]
    ) -> NoticeRecord | None:
        async with self._db.session() as session, session.begin():
            result = await session.execute(
                update(Notice)
                .where(*conditions)
                .values(values)
                .execution_options(synchronize_session=False)
            )
            if _rowcount(result) != 1:
                return None
            notice = await session.get(Notice, id)
            return None if notice is None else NoticeRecord.model_validate(notice)

    async def _one(self, query: Select[Notice]) -> NoticeRecord | None:
        async with self._db.session() as session:
            notice = await session.scalar(query)
            return None if notice is None else NoticeRecord.model_validate(notice)


# --- saved accounts ---------------------------------------------------------------------------


class SavedAccountRepository(_Repository):
    async def save(
        self,
        user_id: int,
        service_id: str,
        service_name: str,
        account: Mapping[str, str],
        name: str,
    ) -> tuple[SavedAccountRecord, bool]:
        """Save an account; the same service and account for the same user is kept once.

        Returns the record and whether it was created (False: the existing one, name unchanged).
        """
        _check_fits(name)
        key = account_key(account)
        existing = await self._by_key(user_id, service_id, key)
        if existing is not None:
            return existing, False
        saved = SavedAccount(
            user_id=user_id,
            service_id=service_id,
            service_name=service_name,
            account=dict(account),
            account_key=key,
            name=name,
            created_at=self._clock(),
        )
        try:
            async with self._db.session() as session, session.begin():
                session.add(saved)
            return SavedAccountRecord.model_validate(saved), True
        except IntegrityError:
            # A concurrent save of the same account won the insert.
            existing = await self._by_key(user_id, service_id, key)
            if existing is None:
                raise
            return existing, False

    async def list_for_user(
        self, user_id: int, *, service_id: str | None = None
    ) -> list[SavedAccountRecord]:
        query = select(SavedAccount).where(SavedAccount.user_id == user_id)
        if service_id is not None:
            query = query.where(SavedAccount.service_id == service_id)
        query = query.order_by(SavedAccount.created_at, SavedAccount.id)
        async with self._db.session() as session:
            return [SavedAccountRecord.model_validate(s) for s in await session.scalars(query)]

    async def get_for_user(self, id: int, user_id: int) -> SavedAccountRecord | None:
        query = select(SavedAccount).where(SavedAccount.id == id, SavedAccount.user_id == user_id)
        async with self._db.session() as session:
            saved = await session.scalar(query)
            return None if saved is None else SavedAccountRecord.model_validate(saved)

    async def rename(self, id: int, user_id: int, name: str) -> bool:
        _check_fits(name)
        async with self._db.session() as session, session.begin():
            result = await session.execute(
                update(SavedAccount)
                .where(SavedAccount.id == id, SavedAccount.user_id == user_id)
                .values(name=name)
                .execution_options(synchronize_session=False)
            )
            return _rowcount(result) == 1

    async def delete(self, id: int, user_id: int) -> bool:
        async with self._db.session() as session, session.begin():
            result = await session.execute(
                delete(SavedAccount).where(SavedAccount.id == id, SavedAccount.user_id == user_id)
            )
            return _rowcount(result) == 1

    async def find(
        self, user_id: int, service_id: str, account: Mapping[str, str]
    ) -> SavedAccountRecord | None:
        """This user's saved record of this very account (same service, same field values)."""
        return await self._by_key(user_id, service_id, account_key(account))

    async def _by_key(self, user_id: int, service_id: str, key: str) -> SavedAccountRecord | None:
        query = select(SavedAccount).where(
            SavedAccount.user_id == user_id,
            SavedAccount.service_id == service_id,
            SavedAccount.account_key == key,
        )
        async with self._db.session() as session:
            saved = await session.scalar(query)
            return None if saved is None else SavedAccountRecord.model_validate(saved)


def _check_fits(name: str) -> None:
    # What a name may be is bot/payments/saved_accounts.py's rule; here only what the column
    # holds (PostgreSQL refuses longer, SQLite would keep it whole).
    if len(name) > SAVED_ACCOUNT_NAME_WIDTH:
        raise ValueError(
            f"a saved account's name holds at most {SAVED_ACCOUNT_NAME_WIDTH} characters"
        )


# --- bundle -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Repositories:
    users: UserRepository
    cards: CardRepository
    payments: PaymentRepository
    saved_accounts: SavedAccountRepository
    notices: NoticeRepository

    @classmethod
    def from_database(cls, db: Database, *, clock: Clock = utc_now) -> Repositories:
        return cls(
            users=UserRepository(db, clock=clock),
            cards=CardRepository(db, clock=clock),
            payments=PaymentRepository(db, clock=clock),
            saved_accounts=SavedAccountRepository(db, clock=clock),
            notices=NoticeRepository(db, clock=clock),
        )
