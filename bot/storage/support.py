"""The support tables: customers' questions about a payment, and the messages owed about them.

A question and its copies for the admins are written in one transaction, as is an answer with
the question's change to "answered": what is recorded is always owed, and what is owed is
always recorded. Delivery follows the outbox's rules (bot/storage/repositories.py,
NoticeRepository): claimed by compare-and-set with a lease, so of several senders exactly one
sends each message; held while the recipient has blocked the bot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Executable, Row, Table, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from bot.storage.models import (
    NoticeStatus,
    QuestionStatus,
    SupportMessage,
    SupportMessageKind,
    SupportQuestion,
    User,
)
from bot.storage.repositories import UtcTimestamp, _first, _Record, _Repository

_QUESTIONS = cast(Table, SupportQuestion.__table__)
_MESSAGES = cast(Table, SupportMessage.__table__)
_USERS = cast(Table, User.__table__)
_Q = _QUESTIONS.c
_M = _MESSAGES.c
_N = NoticeStatus


class QuestionRecord(_Record):
    id: int
    payment_id: int
    user_id: int
    customer_name: str | None
    text: str
    status: QuestionStatus
    created_at: UtcTimestamp
    answered_at: UtcTimestamp | None
    answered_by: int | None


class SupportMessageRecord(_Record):
    id: int
    question_id: int
    chat_id: int
    kind: SupportMessageKind
    text: str | None
    author_id: int | None
    status: NoticeStatus
    attempts: int
    next_attempt_at: UtcTimestamp
    claim_token: str | None
    claimed_until: UtcTimestamp | None
    last_error: str | None
    message_id: int | None
    created_at: UtcTimestamp
    delivered_at: UtcTimestamp | None


def _question(row: Row[Any] | None) -> QuestionRecord | None:
    return None if row is None else QuestionRecord.model_validate(row)


def _message(row: Row[Any] | None) -> SupportMessageRecord | None:
    return None if row is None else SupportMessageRecord.model_validate(row)


class SupportRepository(_Repository):
    # --- questions --------------------------------------------------------------------------

    async def ask(
        self,
        *,
        payment_id: int,
        user_id: int,
        customer_name: str | None,
        text: str,
        admin_ids: Sequence[int],
    ) -> tuple[QuestionRecord, list[SupportMessageRecord]]:
        """Record a question and a copy owed to each admin, in one transaction."""
        now = self._clock()
        async with self._db.engine.begin() as connection:
            row = (
                await connection.execute(
                    insert(_QUESTIONS)
                    .values(
                        payment_id=payment_id,
                        user_id=user_id,
                        customer_name=customer_name,
                        text=text,
                        status=QuestionStatus.OPEN.value,
                        created_at=now,
                    )
                    .returning(_QUESTIONS)
                )
            ).one()
            question = QuestionRecord.model_validate(row)
            copies = [
                await self._owe(connection, question.id, admin_id, SupportMessageKind.QUESTION)
                for admin_id in dict.fromkeys(admin_ids)
            ]
        return question, copies

    async def show_again(self, question_id: int, admin_id: int) -> SupportMessageRecord:
        """Another copy of a question for an admin (from /questions), to reply to."""
        async with self._db.engine.begin() as connection:
            return await self._owe(connection, question_id, admin_id, SupportMessageKind.QUESTION)

    async def answer(
        self, question: QuestionRecord, admin_id: int, text: str
    ) -> tuple[QuestionRecord, SupportMessageRecord]:
        """Record an admin's answer, owed to the customer, and close the question."""
        now = self._clock()
        async with self._db.engine.begin() as connection:
            owed = await self._owe(
                connection,
                question.id,
                question.user_id,
                SupportMessageKind.ANSWER,
                text=text,
                author_id=admin_id,
            )
            row = (
                await connection.execute(
                    update(_QUESTIONS)
                    .where(_Q.id == question.id)
                    .values(
                        status=QuestionStatus.ANSWERED.value, answered_at=now, answered_by=admin_id
                    )
                    .returning(_QUESTIONS)
                )
            ).one()
        return QuestionRecord.model_validate(row), owed

    async def get_question(self, id: int) -> QuestionRecord | None:
        return _question(_first(await self._rows(select(_QUESTIONS).where(_Q.id == id))))

    async def question_of_copy(self, admin_id: int, message_id: int) -> QuestionRecord | None:
        """The question whose copy is the admin's message `message_id` (what a reply names)."""
        query = (
            select(_QUESTIONS)
            .join(_MESSAGES, _M.question_id == _Q.id)
            .where(
                _M.chat_id == admin_id,
                _M.message_id == message_id,
                _M.kind == SupportMessageKind.QUESTION.value,
            )
        )
        return _question(_first(await self._rows(query)))

    async def count_open(self) -> int:
        query = (
            select(func.count())
            .select_from(_QUESTIONS)
            .where(_Q.status == QuestionStatus.OPEN.value)
        )
        return int((await self._rows(query))[0][0] or 0)

    async def list_open(self, *, offset: int, limit: int) -> list[QuestionRecord]:
        """Open questions, oldest first: the longest waiting is answered first."""
        query = (
            select(_QUESTIONS)
            .where(_Q.status == QuestionStatus.OPEN.value)
            .order_by(_Q.id)
            .offset(offset)
            .limit(limit)
        )
        return [QuestionRecord.model_validate(row) for row in await self._rows(query)]

    async def list_for_payment(self, payment_id: int) -> list[QuestionRecord]:
        query = select(_QUESTIONS).where(_Q.payment_id == payment_id).order_by(_Q.id)
        return [QuestionRecord.model_validate(row) for row in await self._rows(query)]

    # --- delivery ---------------------------------------------------------------------------

    async def get_message(self, id: int) -> SupportMessageRecord | None:
        return _message(_first(await self._rows(select(_MESSAGES).where(_M.id == id))))

    async def list_messages(self, question_id: int) -> list[SupportMessageRecord]:
        query = select(_MESSAGES).where(_M.question_id == question_id).order_by(_M.id)
        return await self._many(query)

    async def list_due(self, *, limit: int = 50) -> list[SupportMessageRecord]:
        now = self._clock()
        query = (
            select(_MESSAGES)
            .where(*self._claimable(now), _M.next_attempt_at <= now)
            .order_by(_M.id)
            .limit(limit)
        )
        return await self._many(query)

    async def claim(
        self, id: int, token: str, *, lease: timedelta, force: bool = False
    ) -> SupportMessageRecord | None:
        """pending → claimed by `token` until now + lease; `force` before it is due."""
        now = self._clock()
        due = [] if force else [_M.next_attempt_at <= now]
        statement = (
            update(_MESSAGES)
            .where(_M.id == id, *due, *self._claimable(now))
            .values(claim_token=token, claimed_until=now + lease)
            .returning(_MESSAGES)
        )
        return _message(_first(await self._rows(statement)))

    async def mark_delivered(self, id: int, token: str, message_id: int) -> bool:
        values = {
            "status": _N.DELIVERED.value,
            "message_id": message_id,
            "delivered_at": self._clock(),
            "attempts": _M.attempts + 1,
            "claimed_until": None,
            "last_error": None,
        }
        return await self._release(id, token, values)

    async def reschedule(self, id: int, token: str, *, after: timedelta, error: str) -> bool:
        values = {
            "next_attempt_at": self._clock() + after,
            "attempts": _M.attempts + 1,
            "claimed_until": None,
            "last_error": error[:255],
        }
        return await self._release(id, token, values)

    async def give_up(self, id: int, token: str, error: str) -> bool:
        values = {
            "status": _N.DEAD.value,
            "attempts": _M.attempts + 1,
            "claimed_until": None,
            "last_error": error[:255],
        }
        return await self._release(id, token, values)

    async def hold(self, id: int, token: str, error: str) -> bool:
        """The recipient blocked the bot: kept until they write again. Their user row (an
        admin may have none) is marked like the outbox's, so their next update finds it."""
        values = {
            "status": _N.HELD.value,
            "attempts": _M.attempts + 1,
            "claimed_until": None,
            "last_error": error[:255],
        }
        async with self._db.engine.begin() as connection:
            held = (
                await connection.execute(
                    update(_MESSAGES)
                    .where(*self._held_by(id, token))
                    .values(values)
                    .returning(_M.chat_id)
                )
            ).one_or_none()
            if held is None:
                return False
            await connection.execute(
                update(_USERS).where(_USERS.c.id == held.chat_id).values(notices_held=True)
            )
            return True

    async def release_held(self, chat_id: int) -> list[SupportMessageRecord]:
        """The recipient wrote again: what was held for them is due now (oldest first)."""
        async with self._db.engine.begin() as connection:
            await connection.execute(
                update(_MESSAGES)
                .where(_M.chat_id == chat_id, _M.status == _N.HELD.value)
                .values(status=_N.PENDING.value, next_attempt_at=self._clock())
            )
            query = (
                select(_MESSAGES)
                .where(_M.chat_id == chat_id, _M.status == _N.PENDING.value)
                .order_by(_M.id)
            )
            rows = (await connection.execute(query)).all()
        return [SupportMessageRecord.model_validate(row) for row in rows]

    # --- helpers ----------------------------------------------------------------------------

    async def _owe(
        self,
        connection: AsyncConnection,
        question_id: int,
        chat_id: int,
        kind: SupportMessageKind,
        *,
        text: str | None = None,
        author_id: int | None = None,
    ) -> SupportMessageRecord:
        now = self._clock()
        row = (
            await connection.execute(
                insert(_MESSAGES)
                .values(
                    question_id=question_id,
                    chat_id=chat_id,
                    kind=kind.value,
                    text=text,
                    author_id=author_id,
                    status=_N.PENDING.value,
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
                .returning(_MESSAGES)
            )
        ).one()
        return SupportMessageRecord.model_validate(row)

    @staticmethod
    def _claimable(now: datetime) -> list[ColumnElement[bool]]:
        return [
            _M.status == _N.PENDING.value,
            _M.claimed_until.is_(None) | (_M.claimed_until < now),
        ]

    @staticmethod
    def _held_by(id: int, token: str) -> list[ColumnElement[bool]]:
        return [_M.id == id, _M.status == _N.PENDING.value, _M.claim_token == token]

    async def _release(self, id: int, token: str, values: Mapping[str, Any]) -> bool:
        statement = update(_MESSAGES).where(*self._held_by(id, token)).values(values)
        return await self._rowcount(statement) == 1

    async def _many(self, query: Executable) -> list[SupportMessageRecord]:
        return [SupportMessageRecord.model_validate(row) for row in await self._rows(query)]
