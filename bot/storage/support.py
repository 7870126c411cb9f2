"""The support tables: customers' questions about a payment, and the messages owed about them.

A question and its copies for the admins are written in one transaction, as is an answer with
the question's change to "answered": what is recorded is always owed, and what is owed is
always recorded. Delivery is the outbox's (bot/storage/repositories.py, LeasedMessages, which
the notices use too): claimed by compare-and-set with a lease, so of several senders exactly
one sends each message; held while the recipient has blocked the bot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Row, Table, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.db import Database
from bot.storage.models import (
    NoticeStatus,
    QuestionStatus,
    SupportMessage,
    SupportMessageKind,
    SupportQuestion,
)
from bot.storage.repositories import (
    Clock,
    LeasedMessages,
    LeasedRecord,
    UtcTimestamp,
    _first,
    _Record,
)
from bot.storage.types import utc_now

_QUESTIONS = cast(Table, SupportQuestion.__table__)
_MESSAGES = cast(Table, SupportMessage.__table__)
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


class SupportMessageRecord(LeasedRecord):
    question_id: int
    chat_id: int
    kind: SupportMessageKind
    text: str | None
    author_id: int | None


def _question(row: Row[Any] | None) -> QuestionRecord | None:
    return None if row is None else QuestionRecord.model_validate(row)


class SupportRepository(LeasedMessages[SupportMessageRecord]):
    """The questions, and the messages owed about them. Releasing what was held leaves the
    user's `notices_held` mark to the notices' release, which comes first (UserMiddleware)."""

    def __init__(self, db: Database, *, clock: Clock = utc_now) -> None:
        super().__init__(
            db,
            _MESSAGES,
            SupportMessageRecord,
            recipient="chat_id",
            clears_held_mark=False,
            clock=clock,
        )

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

    # --- delivery (claims and what came of them: LeasedMessages') -------------------------------

    async def get_message(self, id: int) -> SupportMessageRecord | None:
        return await self._one(_M.id == id)

    async def list_messages(self, question_id: int) -> list[SupportMessageRecord]:
        query = select(_MESSAGES).where(_M.question_id == question_id).order_by(_M.id)
        return await self._many(query)

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
