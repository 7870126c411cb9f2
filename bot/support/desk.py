"""The support desk's rules, plain Python: what a question and an answer may be, who gets a
question, and that an answer closes it. Delivering is the Telegram layer's
(bot/telegram/support_outbox.py); storing is bot/storage/support.py's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.payments.paging import Page, page_window
from bot.storage.repositories import PaymentRecord
from bot.storage.support import QuestionRecord, SupportMessageRecord, SupportRepository

# What one Telegram message holds (4,096 characters) less the frame around the words.
QUESTION_MAX = 2000
ANSWER_MAX = 3000
NAME_MAX = 64
OPEN_PAGE_SIZE = 5


@dataclass(frozen=True)
class TooLong:
    limit: int


@dataclass(frozen=True)
class Words:
    text: str


def clean_words(text: str, limit: int) -> Words | TooLong | None:
    """The words as typed, without blank edges; None when nothing is left."""
    words = text.strip()
    if not words:
        return None
    if len(words) > limit:
        return TooLong(limit)
    return Words(words)


def customer_name(first_name: str, last_name: str | None, username: str | None) -> str:
    name = " ".join(part for part in (first_name, last_name) if part)
    if username:
        name = f"{name} @{username}" if name else f"@{username}"
    return name[:NAME_MAX]


@dataclass(frozen=True)
class Asked:
    question: QuestionRecord
    copies: list[SupportMessageRecord]  # one per admin, owed


@dataclass(frozen=True)
class Answered:
    question: QuestionRecord
    owed: SupportMessageRecord  # the answer, owed to the customer


class SupportDesk:
    def __init__(self, repo: SupportRepository, admin_ids: Sequence[int]) -> None:
        self.repo = repo
        self._admin_ids = admin_ids  # the settings' own list: read as it is now

    @property
    def admin_ids(self) -> list[int]:
        return list(self._admin_ids)

    def is_admin(self, user_id: int) -> bool:
        return user_id in self._admin_ids

    async def ask(self, payment: PaymentRecord, name: str | None, words: Words) -> Asked:
        """The customer's question about their own payment, owed to every admin."""
        question, copies = await self.repo.ask(
            payment_id=payment.id,
            user_id=payment.user_id,
            customer_name=name,
            text=words.text,
            admin_ids=self._admin_ids,
        )
        return Asked(question, copies)

    async def answer(self, question: QuestionRecord, admin_id: int, words: Words) -> Answered:
        """An admin's answer, owed to the customer; the question is closed by it (a later
        answer to the same copy is delivered too: a follow-up)."""
        if not self.is_admin(admin_id):
            raise PermissionError("only an admin answers a question")
        closed, owed = await self.repo.answer(question, admin_id, words.text)
        return Answered(closed, owed)

    async def question_replied_to(self, admin_id: int, message_id: int) -> QuestionRecord | None:
        """The question an admin's reply is about, or None: a reply to anything else, or by
        anyone but an admin, is no answer."""
        if not self.is_admin(admin_id):
            return None
        return await self.repo.question_of_copy(admin_id, message_id)

    async def open_questions(self, page: int) -> tuple[Page[QuestionRecord], int]:
        """A page of the open questions (oldest first) and how many are open."""
        total = await self.repo.count_open()
        window = page_window(total, page, OPEN_PAGE_SIZE)
        items = await self.repo.list_open(offset=window.offset, limit=window.size) if total else []
        return Page(items, window), total

    async def show_again(self, question_id: int, admin_id: int) -> SupportMessageRecord | None:
        """A fresh copy of a question for an admin to reply to (from /questions)."""
        if not self.is_admin(admin_id) or await self.repo.get_question(question_id) is None:
            return None
        return await self.repo.show_again(question_id, admin_id)
