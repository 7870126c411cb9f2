"""The support side of the outbox: questions owed to admins, answers owed to customers.

Delivered by the leased sender the payment notices use (bot/telegram/leased_sender.py: claims,
429 / 5xx / 403 held / 400 given up), over a table of its own (bot/storage/support.py): a
support message is not a payment's notice (there may be many per payment, and an admin may
have no users row), so it is not squeezed into the notices table. This module says whom a
message is for and draws it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta

from aiogram_i18n.cores import BaseCore

from bot.logs import fields
from bot.storage.models import SupportMessageKind
from bot.storage.repositories import Repositories
from bot.storage.support import SupportMessageRecord, SupportRepository
from bot.telegram.i18n import DEFAULT_LANGUAGE
from bot.telegram.leased_sender import CLAIM_LEASE, LeasedSender, new_token
from bot.telegram.outbox import LocaleTexts
from bot.telegram.screens import Screen
from bot.telegram.screens import support as screens

log = logging.getLogger(__name__)


class SupportOutbox(LeasedSender[SupportMessageRecord]):
    def __init__(
        self,
        core: BaseCore[object],
        repos: Repositories,
        support: SupportRepository,
        *,
        interval: float = 1.0,
        lease: timedelta = CLAIM_LEASE,
        token: Callable[[], str] = new_token,
    ) -> None:
        super().__init__(
            "support-sender", support, log, interval=interval, lease=lease, token=token
        )
        self._core = core
        self._repos = repos
        self._support = support

    async def deliver_now(self, owed: Iterable[SupportMessageRecord]) -> list[bool]:
        """Deliver these at once (the update that recorded them); what fails stays owed."""
        return [await self.deliver(message, force=True) for message in owed]

    def _recipient(self, message: SupportMessageRecord) -> int:
        return message.chat_id

    def _describe(self, message: SupportMessageRecord) -> tuple[str, dict[str, object]]:
        ids = fields(support_message_id=message.id, question_id=message.question_id)
        return f"support message {message.id}", ids

    async def _draw(self, message: SupportMessageRecord) -> Screen:
        question = await self._support.get_question(message.question_id)
        if question is None:
            raise LookupError(f"support message {message.id}: question is gone")
        payment = await self._repos.payments.get(question.payment_id)
        if payment is None:
            raise LookupError(f"support message {message.id}: payment is gone")
        user = await self._repos.users.get(message.chat_id)
        texts = LocaleTexts(self._core, (user.language if user else None) or DEFAULT_LANGUAGE)
        if message.kind == SupportMessageKind.ANSWER:
            return screens.answer(texts, payment, message.text or "")
        return screens.admin_copy(texts, question, payment)
