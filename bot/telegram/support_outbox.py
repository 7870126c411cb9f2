"""The support side of the outbox: questions owed to admins, answers owed to customers.

The same rules as the payment notices' sender (bot/telegram/outbox.py), over a table of its own
(bot/storage/support.py): a support message is not a payment's notice (there may be many per
payment, and an admin may have no users row), so it is not squeezed into the notices table.
Every delivery is claimed first, so with several processes each is sent once; Telegram's answer
decides what comes next:
- 429: again after its `retry_after`; 5xx, timeouts, network errors: again after 1, 2, 4 ... s;
- 403 (the recipient blocked the bot): held, and delivered first when they next write;
- any other refusal (a 400): a few tries, then given up on and logged as an error.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram_i18n.cores import BaseCore

from bot.background import Periodic
from bot.storage.models import SupportMessageKind
from bot.storage.repositories import Repositories
from bot.storage.support import SupportMessageRecord, SupportRepository
from bot.telegram.i18n import DEFAULT_LANGUAGE
from bot.telegram.outbox import BAD_REQUEST_TRIES, CLAIM_LEASE, MAX_BACKOFF, LocaleTexts
from bot.telegram.screens import Screen
from bot.telegram.screens import support as screens

log = logging.getLogger(__name__)


class SupportOutbox:
    def __init__(
        self,
        core: BaseCore[object],
        repos: Repositories,
        support: SupportRepository,
        *,
        interval: float = 1.0,
        lease: timedelta = CLAIM_LEASE,
        token: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self._bot: Bot | None = None  # attached at the dispatcher's startup
        self._core = core
        self._repos = repos
        self._support = support
        self._lease = lease
        self._token = token
        self._loop = Periodic("support-sender", self.run_once, interval)

    def attach(self, bot: Bot) -> None:
        self._bot = bot

    async def deliver_now(self, owed: Iterable[SupportMessageRecord]) -> list[bool]:
        """Deliver these at once (the update that recorded them); what fails stays owed."""
        return [await self.deliver(message, force=True) for message in owed]

    async def deliver(self, message: SupportMessageRecord, *, force: bool = False) -> bool:
        """Claim and send one message; never raises. False when it was not sent here."""
        bot = self._bot
        if bot is None:
            return False  # not started yet: the background sender will deliver it
        token = self._token()
        claimed = await self._support.claim(message.id, token, lease=self._lease, force=force)
        if claimed is None:
            return False  # delivered already, held, or another sender has it
        try:
            screen = await self._render(claimed)
            sent = await bot.send_message(claimed.chat_id, screen.text, reply_markup=screen.markup)
        except Exception as error:
            await self._failed(claimed, token, error)
            return False
        await self._support.mark_delivered(claimed.id, token, sent.message_id)
        return True

    async def _failed(self, message: SupportMessageRecord, token: str, error: Exception) -> None:
        support = self._support
        reason = f"{type(error).__name__}: {error}"
        if isinstance(error, TelegramRetryAfter):
            after = timedelta(seconds=error.retry_after)
            await support.reschedule(message.id, token, after=after, error=reason)
        elif isinstance(error, TelegramForbiddenError):
            log.info("support message %s held: %s blocked the bot", message.id, message.chat_id)
            await support.hold(message.id, token, reason)
        elif isinstance(error, TelegramBadRequest) and message.attempts + 1 >= BAD_REQUEST_TRIES:
            log.error("support message %s given up: %s", message.id, error)
            await support.give_up(message.id, token, reason)
        else:
            if not isinstance(error, TelegramAPIError | TimeoutError | OSError):
                log.exception("support message %s could not be drawn or sent", message.id)
            else:
                log.info("support message %s not delivered yet: %s", message.id, reason)
            after = timedelta(seconds=min(2.0**message.attempts, MAX_BACKOFF))
            await support.reschedule(message.id, token, after=after, error=reason)
        self.wake()

    async def release_held(self, chat_id: int) -> None:
        """The recipient wrote again after blocking the bot: what was held goes out first."""
        for message in await self._support.release_held(chat_id):
            await self.deliver(message, force=True)

    async def run_once(self) -> int:
        sent = 0
        for message in await self._support.list_due():
            sent += await self.deliver(message)
        return sent

    async def _render(self, message: SupportMessageRecord) -> Screen:
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

    def wake(self) -> None:
        self._loop.wake()

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()
