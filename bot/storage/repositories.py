"""Repositories: the only code that talks to the database's tables.

Each method is one statement, atomic by itself, run on the database's single-statement engine
(autocommit: no BEGIN/COMMIT, no rollback when the connection goes back to the pool), or, where
two statements must stand or fall together (a status change and the notice it owes), one short
transaction. Either way a payment's record is durable before and after every Paylov call and no
transaction waits on the network. Writes say what they wrote with RETURNING, so nothing is read
back; methods return frozen records made from Core rows (no ORM session, no identity map).

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
from sqlalchemy import (
    CursorResult,
    Executable,
    Integer,
    Row,
    Table,
    and_,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
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
    Reminder,
    ReminderRun,
    SavedAccount,
    User,
)
from bot.storage.types import utc_now

Clock = Callable[[], datetime]

_USERS = cast(Table, User.__table__)
_CARDS = cast(Table, Card.__table__)
_PAYMENTS = cast(Table, Payment.__table__)
_NOTICES = cast(Table, Notice.__table__)
_SAVED = cast(Table, SavedAccount.__table__)
_REMINDERS = cast(Table, Reminder.__table__)
_RUNS = cast(Table, ReminderRun.__table__)


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
    name: str | None = None
    is_default: bool = False
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
    epos_merchant: str | None = None
    epos_terminal: str | None = None
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
    payment_id: int | None  # None: a reminder's (reminder_run_id)
    reminder_run_id: int | None = None
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


class ReminderRecord(_Record):
    id: int
    user_id: int
    saved_account_id: int
    day: int
    set_at: UtcTimestamp


class DueReminder(_Record):
    """A reminder with the saved account it is of, as the reminder job reads them."""

    reminder: ReminderRecord
    account: SavedAccountRecord


class ReminderRunRecord(_Record):
    id: int
    user_id: int
    saved_account_id: int | None
    period: str
    outcome: str
    amount: int | None
    service_name: str
    account_name: str
    created_at: UtcTimestamp


# --- helpers ----------------------------------------------------------------------------------


def account_key(account: Mapping[str, str]) -> str:
    """Canonical JSON of an account: equal accounts give equal keys whatever their order."""
    return json.dumps(dict(account), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _require_masked(value: str | None) -> None:
    # The message never echoes the value: it may be a real card number.
    if value is not None and looks_like_full_card_number(value):
        raise ValueError("refusing to store an unmasked card number")


class _Repository:
    def __init__(self, db: Database, *, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    async def _rows(self, statement: Executable) -> Sequence[Row[Any]]:
        """One statement, atomic by itself, and its rows (a SELECT's, or a write's RETURNING)."""
        return (await self._run(statement))[0]

    async def _rowcount(self, statement: Executable) -> int:
        """One write, atomic by itself: how many rows it changed."""
        return (await self._run(statement))[1]

    async def _run(self, statement: Executable) -> tuple[Sequence[Row[Any]], int]:
        engine = self._db.single_statements
        async with engine.connect() as connection:
            result = cast(CursorResult[Any], await connection.execute(statement))
            rows = result.all() if result.returns_rows else []
            if engine is self._db.engine:
                # An in-memory SQLite has no engine of its own for single statements: its one
                # connection is in a transaction, which would roll back on close.
                await connection.commit()
            return rows, result.rowcount

    def _insert(self, table: Table) -> sqlite.Insert | postgresql.Insert:
        """INSERT with ON CONFLICT (an upsert), in the database's own dialect."""
        dialect = postgresql if self._db.url.get_backend_name() == "postgresql" else sqlite
        return dialect.insert(table)


def _first(rows: Sequence[Row[Any]]) -> Row[Any] | None:
    return rows[0] if rows else None


# --- users ------------------------------------------------------------------------------------

_U = _USERS.c


def _user(row: Row[Any] | None) -> UserRecord | None:
    return None if row is None else UserRecord.model_validate(row)


class UserRepository(_Repository):
    async def get(self, user_id: int) -> UserRecord | None:
        return _user(_first(await self._rows(select(_USERS).where(_U.id == user_id))))

    async def get_or_create(self, user_id: int) -> UserRecord:
        existing = await self.get(user_id)
        if existing is not None:
            return existing
        now = self._clock()
        try:
            rows = await self._rows(
                insert(_USERS).values(id=user_id, created_at=now, updated_at=now).returning(_USERS)
            )
        except IntegrityError:
            # Another update from the same user created it first.
            created = await self.get(user_id)
            if created is None:
                raise
            return created
        return UserRecord.model_validate(rows[0])

    async def set_language(self, user_id: int, language: str) -> UserRecord | None:
        return await self._update(user_id, {"language": language})

    async def set_phone(self, user_id: int, phone: str) -> UserRecord | None:
        return await self._update(user_id, {"phone": phone})

    async def forget_phone(self, user_id: int) -> UserRecord | None:
        """The bank refused the kept phone: the next card asks for it again."""
        return await self._update(user_id, {"phone": None})

    async def _update(self, user_id: int, values: Mapping[str, Any]) -> UserRecord | None:
        statement = (
            update(_USERS)
            .where(_U.id == user_id)
            .values({**values, "updated_at": self._clock()})
            .returning(_USERS)
        )
        return _user(_first(await self._rows(statement)))


# --- cards ------------------------------------------------------------------------------------

_C = _CARDS.c


def _card(row: Row[Any] | None) -> CardRecord | None:
    return None if row is None else CardRecord.model_validate(row)


class CardRepository(_Repository):
    async def add(
        self, user_id: int, card_id: str, masked_number: str, vendor: str | None
    ) -> CardRecord:
        """Remember a bound card; adding it again refreshes its mask and vendor (one upsert, so
        a concurrent add of the same card meets the same row)."""
        _require_masked(masked_number)
        statement = self._insert(_CARDS).values(
            user_id=user_id,
            card_id=card_id,
            masked_number=masked_number,
            vendor=vendor,
            created_at=self._clock(),
        )
        statement = statement.on_conflict_do_update(
            index_elements=[_C.user_id, _C.card_id],
            set_={"masked_number": masked_number, "vendor": vendor},
        )
        return CardRecord.model_validate((await self._rows(statement.returning(_CARDS)))[0])

    async def list_for_user(self, user_id: int) -> list[CardRecord]:
        query = select(_CARDS).where(_C.user_id == user_id).order_by(_C.created_at, _C.id)
        return [CardRecord.model_validate(row) for row in await self._rows(query)]

    async def get_for_user(self, id: int, user_id: int) -> CardRecord | None:
        query = select(_CARDS).where(_C.id == id, _C.user_id == user_id)
        return _card(_first(await self._rows(query)))

    async def get_by_card_id(self, user_id: int, card_id: str) -> CardRecord | None:
        """The user's card by Paylov's cardId."""
        query = select(_CARDS).where(_C.user_id == user_id, _C.card_id == card_id)
        return _card(_first(await self._rows(query)))

    async def delete_for_user(self, id: int, user_id: int) -> bool:
        statement = delete(_CARDS).where(_C.id == id, _C.user_id == user_id)
        return await self._rowcount(statement) == 1

    async def delete_by_card_id(self, user_id: int, card_id: str) -> bool:
        statement = delete(_CARDS).where(_C.user_id == user_id, _C.card_id == card_id)
        return await self._rowcount(statement) == 1

    async def rename(self, id: int, user_id: int, name: str | None) -> CardRecord | None:
        """The customer's name for their card (None: back to its mask); None when the card is
        not theirs. The name is checked by the caller; storage refuses only a card number."""
        _require_masked(name)
        statement = (
            update(_CARDS)
            .where(_C.id == id, _C.user_id == user_id)
            .values(name=name)
            .returning(_CARDS)
        )
        return _card(_first(await self._rows(statement)))

    async def set_default(self, id: int, user_id: int) -> bool:
        """This card becomes the user's default and no other is; False (nothing changed) when
        the card is not theirs. One statement, so two taps never leave two defaults."""
        own = select(_C.id).where(_C.id == id, _C.user_id == user_id).exists()
        statement = update(_CARDS).where(_C.user_id == user_id, own).values(is_default=_C.id == id)
        return await self._rowcount(statement) > 0

    async def last_paid(self, user_id: int) -> CardRecord | None:
        """The user's card that paid last with success (by the payment's last change)."""
        query = (
            select(_CARDS)
            .join(_PAYMENTS, (_P.card_id == _C.card_id) & (_P.user_id == _C.user_id))
            .where(_C.user_id == user_id, _P.status == PaymentStatus.PAID)
            .order_by(_P.updated_at.desc(), _P.id.desc())
            .limit(1)
        )
        return _card(_first(await self._rows(query)))


# --- payments ---------------------------------------------------------------------------------

_S = PaymentStatus
_P = _PAYMENTS.c
_IDS_PER_STATEMENT = 500


def _payment(row: Row[Any] | None) -> PaymentRecord | None:
    return None if row is None else PaymentRecord.model_validate(row)


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
        statement = (
            insert(_PAYMENTS)
            .values(
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
            .returning(_PAYMENTS)
        )
        return PaymentRecord.model_validate((await self._rows(statement))[0])

    async def mark_created(
        self, id: int, transaction_id: str, otp_phone: str | None
    ) -> PaymentRecord | None:
        """new → created: `create` answered and the code is on its way."""
        values = {"status": _S.CREATED, "transaction_id": transaction_id, "otp_phone": otp_phone}
        return await self._transition(id, {_S.NEW}, values)

    async def claim_for_pay(self, id: int) -> bool:
        """created → paying, right before `pay`. Of concurrent callers exactly one gets True."""
        return await self._claim_for_pay(id) is not None

    async def claim_own_for_pay(self, id: int, user_id: int) -> PaymentRecord | None:
        """`claim_for_pay` of the customer's own payment, as it is once claimed; None when it
        is not theirs, or not `created` (another update took it, or it ended)."""
        return await self._claim_for_pay(id, _P.user_id == user_id)

    async def _claim_for_pay(self, id: int, *owner: ColumnElement[bool]) -> PaymentRecord | None:
        values = {"status": _S.PAYING, "pay_sent_at": self._clock()}
        return await self._transition(id, {_S.CREATED}, values, where=owner)

    async def release_after_rejected_code(
        self, id: int, error_code: str | None, error_message: str | None = None
    ) -> PaymentRecord | None:
        """paying → created: Paylov refused the code; the customer may try again."""
        values = {
            "status": _S.CREATED,
            "otp_attempts": _P.otp_attempts + 1,
            "error_code": error_code,
            "error_message": error_message,
        }
        return await self._transition(id, {_S.PAYING}, values)

    async def mark_paid(
        self,
        id: int,
        payment_ref: str | None,
        payed_at: str | None,
        *,
        epos_merchant: str | None = None,
        epos_terminal: str | None = None,
        handover: timedelta = timedelta(0),
    ) -> PaymentRecord | None:
        """paying/pending/created → paid (created: a recheck found it paid). The merchant and
        terminal ids come with `pay`'s answer only; `transaction/status` does not give them."""
        values = {
            "status": _S.PAID,
            "payment_ref": payment_ref,
            "payed_at": payed_at,
            "epos_merchant": epos_merchant,
            "epos_terminal": epos_terminal,
            "error_code": None,
            "error_message": None,
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
        values = {"status": _S.FAILED, "error_code": code, "error_message": message}
        expected = {_S.NEW, _S.CREATED, _S.PAYING, _S.PENDING}
        return await self._transition(id, expected, values, notice=notice, handover=handover)

    async def mark_pending(
        self, id: int, *, handover: timedelta = timedelta(0)
    ) -> PaymentRecord | None:
        """paying → pending: `pay` was sent and its outcome is unknown."""
        return await self._transition(
            id, {_S.PAYING}, {"status": _S.PENDING}, notice=NoticeKind.PENDING, handover=handover
        )

    async def mark_cancelled(self, id: int, code: str | None = None) -> PaymentRecord | None:
        """new/created → cancelled, before `pay` was ever sent (the customer left, or the code
        was never typed). A payment whose `pay` may have gone through is never cancelled here:
        only Paylov's status settles it."""
        values = {"status": _S.CANCELLED, "error_code": code}
        return await self._transition(id, {_S.NEW, _S.CREATED}, values)

    async def get(self, id: int) -> PaymentRecord | None:
        return await self._one(_P.id == id)

    async def get_for_user(self, id: int, user_id: int) -> PaymentRecord | None:
        return await self._one(_P.id == id, _P.user_id == user_id)

    async def get_by_transaction(self, transaction_id: str) -> PaymentRecord | None:
        return await self._one(_P.transaction_id == transaction_id)

    async def last_paid_amount(
        self, user_id: int, service_id: str, account: Mapping[str, str]
    ) -> int | None:
        """What the user last paid this service for this account (a top-up's number), if ever."""
        query = (
            select(_P.account, _P.amount)
            .where(_P.user_id == user_id, _P.service_id == service_id, _P.status == _S.PAID)
            .order_by(_P.created_at.desc(), _P.id.desc())
            .limit(50)
        )
        wanted = dict(account)
        for row in await self._rows(query):
            if row.account == wanted:
                return int(row.amount)
        return None

    async def accounts_by_transaction(self, transaction_ids: Collection[str]) -> dict[str, str]:
        """The account labels of our payments among these Paylov transactions (admin reports)."""
        wanted, found = list(transaction_ids), {}
        # In chunks: an export may list thousands, past what one IN (...) may bind.
        for start in range(0, len(wanted), 500):
            query = select(_P.transaction_id, _P.account_label).where(
                _P.transaction_id.in_(wanted[start : start + 500])
            )
            found.update({row.transaction_id: row.account_label for row in await self._rows(query)})
        return found

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
            select(_PAYMENTS)
            .where(*_user_filter(user_id, statuses))
            .order_by(_P.created_at.desc(), _P.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return await self._many(query)

    async def count_for_user(
        self, user_id: int, *, statuses: Collection[PaymentStatus] | None = None
    ) -> int:
        query = select(func.count()).select_from(_PAYMENTS).where(*_user_filter(user_id, statuses))
        return int((await self._rows(query))[0][0] or 0)

    async def paid_count_by_service(self, user_id: int | None = None) -> dict[str, int]:
        """Paid payments per service id: the user's, or everyone's without `user_id` (how a
        typed search ranks what it finds)."""
        query = select(_P.service_id, func.count()).where(_P.status == PaymentStatus.PAID)
        if user_id is not None:
            query = query.where(_P.user_id == user_id)
        rows = await self._rows(query.group_by(_P.service_id))
        return {str(service): int(count) for service, count in map(tuple, rows)}

    async def count_by_status(self) -> dict[PaymentStatus, int]:
        """How many payments are in each status (every status, zero included)."""
        rows = await self._rows(select(_P.status, func.count()).group_by(_P.status))
        counts = dict.fromkeys(PaymentStatus, 0)
        counts.update({PaymentStatus(status): int(count) for status, count in map(tuple, rows)})
        return counts

    async def oldest_unsettled_pay(self) -> datetime | None:
        """When the oldest `pay` whose outcome is still unknown was sent (paying or pending):
        the age operators watch. None when every sent `pay` is settled."""
        query = select(func.min(func.coalesce(_P.pay_sent_at, _P.updated_at))).where(
            _P.status.in_(sorted(MAY_STILL_GO_THROUGH))
        )
        oldest = (await self._rows(query))[0][0]
        return _as_utc(oldest) if oldest is not None else None

    async def list_unsettled(self, *, quiet_since: datetime) -> list[PaymentRecord]:
        """Payments whose `pay` may have gone through, to recheck: every `pending` one, and a
        `paying` one only when untouched since `quiet_since` (younger, its `pay` may still be
        waiting for the answer, and the update that sent it settles it)."""
        query = (
            select(_PAYMENTS)
            .where(
                (_P.status == _S.PENDING)
                | ((_P.status == _S.PAYING) & (_P.updated_at < quiet_since))
            )
            .order_by(_P.created_at, _P.id)
        )
        return await self._many(query)

    async def list_unsettled_for(
        self, user_id: int, service_id: str, account: Mapping[str, str]
    ) -> list[PaymentRecord]:
        """This customer's payments of this very account whose `pay` may still go through."""
        return await self.list_in_the_way_for(user_id, service_id, account)

    async def list_in_the_way_for(
        self,
        user_id: int,
        service_id: str,
        account: Mapping[str, str],
        *,
        paid_since: datetime | None = None,
    ) -> list[PaymentRecord]:
        """This customer's payments of this very account that a new one must not ignore, newest
        first: those whose `pay` may still go through, and those paid since `paid_since`."""
        standing: ColumnElement[bool] = _P.status.in_(sorted(MAY_STILL_GO_THROUGH))
        if paid_since is not None:
            standing = standing | ((_P.status == _S.PAID) & (_P.updated_at >= paid_since))
        query = (
            select(_PAYMENTS)
            .where(_P.user_id == user_id, _P.service_id == service_id, standing)
            .order_by(_P.updated_at.desc(), _P.id.desc())
        )
        key = account_key(account)
        return [p for p in await self._many(query) if account_key(p.account) == key]

    async def list_touched_since(self, user_id: int, since: datetime) -> list[PaymentRecord]:
        """The customer's payments whose row changed since `since` (an update's start)."""
        query = (
            select(_PAYMENTS)
            .where(_P.user_id == user_id, _P.updated_at >= since)
            .order_by(_P.updated_at.desc(), _P.id.desc())
        )
        return await self._many(query)

    async def list_stale(
        self, status: PaymentStatus, *, untouched_since: datetime
    ) -> list[PaymentRecord]:
        """Payments left in `status` since before `untouched_since`, oldest first."""
        query = (
            select(_PAYMENTS)
            .where(_P.status == status, _P.updated_at < untouched_since)
            .order_by(_P.created_at, _P.id)
        )
        return await self._many(query)

    async def list_by_status(
        self, *statuses: PaymentStatus, limit: int | None = None
    ) -> list[PaymentRecord]:
        """Oldest first."""
        query = (
            select(_PAYMENTS)
            .where(_P.status.in_(statuses))
            .order_by(_P.created_at, _P.id)
            .limit(limit)
        )
        return await self._many(query)

    async def list_created_between(self, start: datetime, end: datetime) -> list[PaymentRecord]:
        """Payments begun in [start, end), whatever their status, oldest first (a day's
        reconciliation)."""
        query = (
            select(_PAYMENTS)
            .where(_P.created_at >= start, _P.created_at < end)
            .order_by(_P.created_at, _P.id)
        )
        return await self._many(query)

    async def list_by_transactions(self, transaction_ids: Collection[str]) -> list[PaymentRecord]:
        """The payments of these Paylov transactions (those there are), a chunk per statement
        so a long day stays within the database's limit on parameters."""
        wanted = sorted(set(transaction_ids))
        found: list[PaymentRecord] = []
        for start in range(0, len(wanted), _IDS_PER_STATEMENT):
            chunk = wanted[start : start + _IDS_PER_STATEMENT]
            found += await self._many(select(_PAYMENTS).where(_P.transaction_id.in_(chunk)))
        return found

    async def _transition(
        self,
        id: int,
        expected: Collection[PaymentStatus],
        values: Mapping[str, Any],
        *,
        where: Sequence[ColumnElement[bool]] = (),
        notice: NoticeKind | None = None,
        handover: timedelta = timedelta(0),
    ) -> PaymentRecord | None:
        """`handover`: how long the background sender leaves the notice to the caller, who
        means to deliver it itself (the flow's own receipt, with its screen retired)."""
        # The WHERE on status makes this a compare-and-set: the database decides who wins.
        now = self._clock()
        statement = (
            update(_PAYMENTS)
            .where(_P.id == id, _P.status.in_(list(expected)), *where)
            .values({**values, "updated_at": now})
            .returning(_PAYMENTS)
        )
        if notice is None:
            return _payment(_first(await self._rows(statement)))
        # The notice owed for the new state is written in the same transaction: only the
        # winner records it, and it exists exactly when the new state does (the outbox). The
        # UPDATE comes first, so SQLite takes the write lock at once.
        async with self._db.engine.begin() as connection:
            row = (await connection.execute(statement)).one_or_none()
            if row is None:
                return None
            await connection.execute(
                insert(_NOTICES).values(
                    user_id=row.user_id,
                    payment_id=row.id,
                    kind=notice.value,
                    status=NoticeStatus.PENDING.value,
                    attempts=0,
                    next_attempt_at=now + handover,
                    created_at=now,
                )
            )
        return PaymentRecord.model_validate(row)

    async def _one(self, *conditions: ColumnElement[bool]) -> PaymentRecord | None:
        return _payment(_first(await self._rows(select(_PAYMENTS).where(*conditions))))

    async def _many(self, query: Executable) -> list[PaymentRecord]:
        return [PaymentRecord.model_validate(row) for row in await self._rows(query)]


def _user_filter(
    user_id: int, statuses: Collection[PaymentStatus] | None
) -> Sequence[ColumnElement[bool]]:
    conditions = [_P.user_id == user_id]
    if statuses is not None:
        conditions.append(_P.status.in_(list(statuses)))
    return conditions


# --- the outbox -------------------------------------------------------------------------------

_N = NoticeStatus
_O = _NOTICES.c


def _notice(row: Row[Any] | None) -> NoticeRecord | None:
    return None if row is None else NoticeRecord.model_validate(row)


class NoticeRepository(_Repository):
    """Notices owed to customers. Delivery is claimed by compare-and-set with a lease, so of
    several senders (processes, the flow and the background sender) exactly one sends it; a
    sender that dies mid-send leaves a claim that expires, and the notice goes out again."""

    async def get(self, id: int) -> NoticeRecord | None:
        return await self._one(_O.id == id)

    async def for_payment(self, payment_id: int, kind: NoticeKind) -> NoticeRecord | None:
        return await self._one(_O.payment_id == payment_id, _O.kind == kind.value)

    async def list_for_user(self, user_id: int) -> list[NoticeRecord]:
        query = select(_NOTICES).where(_O.user_id == user_id).order_by(_O.id)
        return await self._many(query)

    async def list_due(self, *, limit: int = 50) -> list[NoticeRecord]:
        """Pending notices whose time has come and that no live claim holds, oldest first."""
        now = self._clock()
        query = (
            select(_NOTICES)
            .where(*self._claimable(now), _O.next_attempt_at <= now)
            .order_by(_O.id)
            .limit(limit)
        )
        return await self._many(query)

    async def count_undelivered(self) -> int:
        query = (
            select(func.count())
            .select_from(_NOTICES)
            .where(_O.status.in_([_N.PENDING.value, _N.HELD.value]))
        )
        return int((await self._rows(query))[0][0] or 0)

    async def claim(
        self, id: int, token: str, *, lease: timedelta, force: bool = False
    ) -> NoticeRecord | None:
        """pending → claimed by `token` until now + lease. `force` takes it before its next
        attempt is due (the flow delivering its own receipt)."""
        now = self._clock()
        due = [] if force else [_O.next_attempt_at <= now]
        return await self._claim(token, lease, now, _O.id == id, *due)

    async def claim_for_payment(
        self, payment_id: int, kind: NoticeKind, token: str, *, lease: timedelta
    ) -> NoticeRecord | None:
        """`claim(..., force=True)` of this payment's notice of this kind (the flow delivering
        its own), found and claimed in one statement."""
        now = self._clock()
        of_payment = (_O.payment_id == payment_id, _O.kind == kind.value)
        return await self._claim(token, lease, now, *of_payment)

    async def _claim(
        self, token: str, lease: timedelta, now: datetime, *which: ColumnElement[bool]
    ) -> NoticeRecord | None:
        statement = (
            update(_NOTICES)
            .where(*which, *self._claimable(now))
            .values(claim_token=token, claimed_until=now + lease)
            .returning(_NOTICES)
        )
        return _notice(_first(await self._rows(statement)))

    async def make_due(self, payment_id: int) -> int:
        """This payment's notices are due now (the update meant to send them failed)."""
        return await self._rowcount(
            update(_NOTICES)
            .where(_O.payment_id == payment_id, _O.status == _N.PENDING.value)
            .values(next_attempt_at=self._clock())
        )

    async def mark_delivered(self, id: int, token: str, message_id: int | None) -> bool:
        values = {
            "status": _N.DELIVERED.value,
            "message_id": message_id,
            "delivered_at": self._clock(),
            "attempts": _O.attempts + 1,
            "claimed_until": None,
            "last_error": None,
        }
        return await self._release(id, token, values)

    async def reschedule(self, id: int, token: str, *, after: timedelta, error: str) -> bool:
        """Telegram failed for now: try again `after` from now."""
        values = {
            "next_attempt_at": self._clock() + after,
            "attempts": _O.attempts + 1,
            "claimed_until": None,
            "last_error": error[:255],
        }
        return await self._release(id, token, values)

    async def give_up(self, id: int, token: str, error: str) -> bool:
        values = {
            "status": _N.DEAD.value,
            "attempts": _O.attempts + 1,
            "claimed_until": None,
            "last_error": error[:255],
        }
        return await self._release(id, token, values)

    async def hold(self, id: int, token: str, error: str) -> bool:
        """The customer blocked the bot: keep the notice until they write again, and mark the
        user so that their next update finds it without a query of its own."""
        values = {
            "status": _N.HELD.value,
            "attempts": _O.attempts + 1,
            "claimed_until": None,
            "last_error": error[:255],
        }
        async with self._db.engine.begin() as connection:
            held = (
                await connection.execute(
                    update(_NOTICES)
                    .where(*self._held_by(id, token))
                    .values(values)
                    .returning(_O.user_id)
                )
            ).one_or_none()
            if held is None:
                return False
            await connection.execute(
                update(_USERS).where(_U.id == held.user_id).values(notices_held=True)
            )
            return True

    async def release_held(self, user_id: int) -> list[NoticeRecord]:
        """The customer wrote again: their held notices are due now (oldest first)."""
        now = self._clock()
        async with self._db.engine.begin() as connection:
            await connection.execute(
                update(_USERS).where(_U.id == user_id).values(notices_held=False)
            )
            await connection.execute(
                update(_NOTICES)
                .where(_O.user_id == user_id, _O.status == _N.HELD.value)
                .values(status=_N.PENDING.value, next_attempt_at=now)
            )
            query = (
                select(_NOTICES)
                .where(_O.user_id == user_id, _O.status == _N.PENDING.value)
                .order_by(_O.id)
            )
            rows = (await connection.execute(query)).all()
        return [NoticeRecord.model_validate(row) for row in rows]

    @staticmethod
    def _claimable(now: datetime) -> list[ColumnElement[bool]]:
        """Pending, and no live claim holds it."""
        return [
            _O.status == _N.PENDING.value,
            _O.claimed_until.is_(None) | (_O.claimed_until < now),
        ]

    @staticmethod
    def _held_by(id: int, token: str) -> list[ColumnElement[bool]]:
        return [_O.id == id, _O.status == _N.PENDING.value, _O.claim_token == token]

    async def _release(self, id: int, token: str, values: Mapping[str, Any]) -> bool:
        """The claim's holder records what came of it (and lets go of the claim)."""
        statement = update(_NOTICES).where(*self._held_by(id, token)).values(values)
        return await self._rowcount(statement) == 1

    async def _one(self, *conditions: ColumnElement[bool]) -> NoticeRecord | None:
        return _notice(_first(await self._rows(select(_NOTICES).where(*conditions))))

    async def _many(self, query: Executable) -> list[NoticeRecord]:
        return [NoticeRecord.model_validate(row) for row in await self._rows(query)]


# --- saved accounts ---------------------------------------------------------------------------

_A = _SAVED.c


def _saved(row: Row[Any] | None) -> SavedAccountRecord | None:
    return None if row is None else SavedAccountRecord.model_validate(row)


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
        statement = (
            insert(_SAVED)
            .values(
                user_id=user_id,
                service_id=service_id,
                service_name=service_name,
                account=dict(account),
                account_key=key,
                name=name,
                created_at=self._clock(),
            )
            .returning(_SAVED)
        )
        try:
            rows = await self._rows(statement)
        except IntegrityError:
            # A concurrent save of the same account won the insert.
            existing = await self._by_key(user_id, service_id, key)
            if existing is None:
                raise
            return existing, False
        return SavedAccountRecord.model_validate(rows[0]), True

    async def list_for_user(
        self, user_id: int, *, service_id: str | None = None
    ) -> list[SavedAccountRecord]:
        query = select(_SAVED).where(_A.user_id == user_id)
        if service_id is not None:
            query = query.where(_A.service_id == service_id)
        query = query.order_by(_A.created_at, _A.id)
        return [SavedAccountRecord.model_validate(row) for row in await self._rows(query)]

    async def get_for_user(self, id: int, user_id: int) -> SavedAccountRecord | None:
        query = select(_SAVED).where(_A.id == id, _A.user_id == user_id)
        return _saved(_first(await self._rows(query)))

    async def rename(self, id: int, user_id: int, name: str) -> bool:
        _check_fits(name)
        statement = update(_SAVED).where(_A.id == id, _A.user_id == user_id).values(name=name)
        return await self._rowcount(statement) == 1

    async def delete(self, id: int, user_id: int) -> bool:
        statement = delete(_SAVED).where(_A.id == id, _A.user_id == user_id)
        return await self._rowcount(statement) == 1

    async def find(
        self, user_id: int, service_id: str, account: Mapping[str, str]
    ) -> SavedAccountRecord | None:
        """This user's saved record of this very account (same service, same field values)."""
        return await self._by_key(user_id, service_id, account_key(account))

    async def _by_key(self, user_id: int, service_id: str, key: str) -> SavedAccountRecord | None:
        query = select(_SAVED).where(
            _A.user_id == user_id, _A.service_id == service_id, _A.account_key == key
        )
        return _saved(_first(await self._rows(query)))


def _check_fits(name: str) -> None:
    # What a name may be is bot/payments/saved_accounts.py's rule; here only what the column
    # holds (PostgreSQL refuses longer, SQLite would keep it whole).
    if len(name) > SAVED_ACCOUNT_NAME_WIDTH:
        raise ValueError(
            f"a saved account's name holds at most {SAVED_ACCOUNT_NAME_WIDTH} characters"
        )


# --- reminders --------------------------------------------------------------------------------

_R = _REMINDERS.c
_RR = _RUNS.c


def _reminder(row: Row[Any] | None) -> ReminderRecord | None:
    return None if row is None else ReminderRecord.model_validate(row)


class ReminderRepository(_Repository):
    """Saved accounts' monthly reminders and the months they were done in (reminder runs).

    A month is done once per saved account, whichever process gets there first: the run's
    unique key (saved account, period) decides, and the outbox notice it owes is written in the
    same transaction, so a reminder is delivered once or, when the run lost, not at all."""

    async def set(self, saved_account_id: int, user_id: int, day: int) -> ReminderRecord | None:
        """Turn the account's reminder on for `day`, or move it there (one upsert). None when
        the account is not this user's."""
        now = self._clock()
        owned = select(
            _A.user_id,
            _A.id,
            literal(day, Integer()),
            literal(now, _R.set_at.type),
        ).where(_A.id == saved_account_id, _A.user_id == user_id)
        statement = (
            self._insert(_REMINDERS)
            .from_select([_R.user_id, _R.saved_account_id, _R.day, _R.set_at], owned)
            .on_conflict_do_update(
                index_elements=[_R.saved_account_id], set_={"day": day, "set_at": now}
            )
            .returning(_REMINDERS)
        )
        return _reminder(_first(await self._rows(statement)))

    async def get(self, saved_account_id: int, user_id: int) -> ReminderRecord | None:
        query = select(_REMINDERS).where(
            _R.saved_account_id == saved_account_id, _R.user_id == user_id
        )
        return _reminder(_first(await self._rows(query)))

    async def turn_off(self, saved_account_id: int, user_id: int) -> bool:
        statement = delete(_REMINDERS).where(
            _R.saved_account_id == saved_account_id, _R.user_id == user_id
        )
        return await self._rowcount(statement) == 1

    async def without_run(
        self, period: str, *, fallen: Mapping[int, datetime], limit: int = 100
    ) -> list[DueReminder]:
        """Reminders whose moment has come (`fallen`: day → its moment this month) and that
        were set before it, whose account has no run for `period` yet; oldest first."""
        if not fallen:
            return []
        done = select(_RR.id).where(
            _RR.saved_account_id == _R.saved_account_id, _RR.period == period
        )
        came = or_(*(and_(_R.day == day, _R.set_at <= at) for day, at in fallen.items()))
        query = (
            select(_REMINDERS, _SAVED)
            .join(_SAVED, _A.id == _R.saved_account_id)
            .where(came, ~done.exists())
            .order_by(_R.id)
            .limit(limit)
        )
        reminder_columns = list(_REMINDERS.c.keys())
        due = []
        for row in await self._rows(query):
            values = list(row)
            reminder = dict(zip(reminder_columns, values[: len(reminder_columns)], strict=True))
            account = dict(zip(_SAVED.c.keys(), values[len(reminder_columns) :], strict=True))
            due.append(
                DueReminder(
                    reminder=ReminderRecord.model_validate(reminder),
                    account=SavedAccountRecord.model_validate(account),
                )
            )
        return due

    async def record_run(
        self,
        due: DueReminder,
        period: str,
        *,
        outcome: str,
        amount: int | None = None,
        notify: bool = False,
    ) -> ReminderRunRecord | None:
        """The month done for this account, with its notice when `notify`; None when another
        run (another process) recorded it first."""
        now = self._clock()
        account = due.account
        run = insert(_RUNS).values(
            user_id=account.user_id,
            saved_account_id=account.id,
            period=period,
            outcome=outcome,
            amount=amount,
            service_name=account.service_name,
            account_name=account.name,
            created_at=now,
        )
        try:
            async with self._db.engine.begin() as connection:
                row = (await connection.execute(run.returning(_RUNS))).one()
                if notify:
                    await connection.execute(
                        insert(_NOTICES).values(
                            user_id=account.user_id,
                            reminder_run_id=row.id,
                            kind=NoticeKind.REMINDER.value,
                            status=NoticeStatus.PENDING.value,
                            attempts=0,
                            next_attempt_at=now,
                            created_at=now,
                        )
                    )
        except IntegrityError:
            return None  # this month is done already
        return ReminderRunRecord.model_validate(row)

    async def get_run(self, id: int) -> ReminderRunRecord | None:
        row = _first(await self._rows(select(_RUNS).where(_RR.id == id)))
        return None if row is None else ReminderRunRecord.model_validate(row)

    async def runs_for_user(self, user_id: int) -> list[ReminderRunRecord]:
        query = select(_RUNS).where(_RR.user_id == user_id).order_by(_RR.id)
        return [ReminderRunRecord.model_validate(row) for row in await self._rows(query)]


# --- bundle -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Repositories:
    users: UserRepository
    cards: CardRepository
    payments: PaymentRepository
    saved_accounts: SavedAccountRepository
    notices: NoticeRepository
    reminders: ReminderRepository

    @classmethod
    def from_database(cls, db: Database, *, clock: Clock = utc_now) -> Repositories:
        return cls(
            users=UserRepository(db, clock=clock),
            cards=CardRepository(db, clock=clock),
            payments=PaymentRepository(db, clock=clock),
            saved_accounts=SavedAccountRepository(db, clock=clock),
            notices=NoticeRepository(db, clock=clock),
            reminders=ReminderRepository(db, clock=clock),
        )
