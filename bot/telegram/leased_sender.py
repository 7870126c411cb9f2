"""The sender of messages owed over Telegram, delivered until they arrive: the payment notices
(bot/telegram/outbox.py) and the support messages (bot/telegram/support_outbox.py).

Each outbox says whom a message is for and draws it; this module delivers. The update that
recorded a message hands it over at once, and a background loop delivers whatever is still due
(after a crash, a Telegram error, from another process). Every delivery is claimed first
(compare-and-set with a lease, bot/storage/repositories.py's LeasedMessages), so of several
senders exactly one sends a message.

Telegram's answers decide what happens next:
- 429: try again after its `retry_after`;
- 5xx, timeouts, network errors: back off (1, 2, 4 ... up to 5 minutes) and try again;
- 403 (the recipient blocked the bot): held, and delivered first when they next write;
- any other refusal (a 400): tried a few times, then given up on and logged as an error.
"""

from __future__ import annotations

import functools
import logging
import uuid
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Generic

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.types import Message

from bot.background import Periodic
from bot.storage.repositories import LeasedMessages, LeasedT
from bot.telegram.screens import Screen

# A claim outlives one Bot API request (aiogram's default timeout is 60 s): a sender that dies
# mid-send leaves the message to the next one after this.
CLAIM_LEASE = timedelta(seconds=90)
MAX_BACKOFF = 300.0
# A 400 is usually for good (the chat is gone); these many tries before giving up.
BAD_REQUEST_TRIES = 5


class Withdrawn(Exception):
    """What the message would say no longer stands (a reminder turned off since): it is
    recorded given up, not sent and not retried."""


class LeasedSender(ABC, Generic[LeasedT]):
    """Delivers the messages of one leased table; an outbox says whom each is for
    (`_recipient`), how to draw it (`_draw`) and how its log lines name it (`_describe`)."""

    def __init__(
        self,
        name: str,
        messages: LeasedMessages[LeasedT],
        log: logging.Logger,
        *,
        interval: float,
        lease: timedelta,
        token: Callable[[], str],
    ) -> None:
        self._bot: Bot | None = None  # attached at the dispatcher's startup
        self._messages = messages
        self._log = log  # the outbox's own logger: its lines are told apart by it
        self._lease = lease
        self._token = token
        # Polled for what other processes recorded; woken when this one owes something.
        self._loop = Periodic(name, self.run_once, interval)

    def attach(self, bot: Bot) -> None:
        self._bot = bot

    # --- what each outbox says ------------------------------------------------------------

    @abstractmethod
    def _recipient(self, message: LeasedT) -> int:
        """The chat the message goes to."""

    @abstractmethod
    async def _draw(self, message: LeasedT) -> Screen:
        """The message as the background sender draws it, from what is stored."""

    @abstractmethod
    def _describe(self, message: LeasedT) -> tuple[str, dict[str, object]]:
        """The words naming a message in a log line ("notice 7 of payment 42") and the
        `extra=` fields that go with them."""

    # --- delivering -----------------------------------------------------------------------

    async def deliver(self, message: LeasedT, *, force: bool = False) -> bool:
        """Claim and send one message; never raises. False when it was not sent here."""
        if self._bot is None:
            return False  # not started yet: the background sender will deliver it
        token = self._token()
        claimed = await self._messages.claim(message.id, token, lease=self._lease, force=force)
        if claimed is None:
            return False  # delivered already, held, or another sender has it
        sent = await self._send(claimed, token, functools.partial(self._draw, claimed))
        return sent is not None

    async def _send(
        self, message: LeasedT, token: str, draw: Callable[[], Awaitable[Screen]]
    ) -> Message | None:
        """Draw and send a message this sender holds the claim of (`token`), and record what
        came of it; never raises. What Telegram sent, or None when it was not sent."""
        bot = self._bot
        assert bot is not None
        try:
            screen = await draw()
            sent = await bot.send_message(
                self._recipient(message), screen.text, reply_markup=screen.markup
            )
        except Exception as error:
            await self._failed(message, token, error)
            return None
        await self._messages.mark_delivered(message.id, token, sent.message_id)
        name, ids = self._describe(message)
        self._log.info("%s delivered: %s", name, message.kind, extra=ids)
        return sent

    async def _failed(self, message: LeasedT, token: str, error: Exception) -> None:
        messages, log = self._messages, self._log
        reason = f"{type(error).__name__}: {error}"
        name, ids = self._describe(message)
        if isinstance(error, Withdrawn):
            log.info("%s withdrawn: %s", name, error, extra=ids)
            await messages.give_up(message.id, token, reason)
            return
        if isinstance(error, TelegramRetryAfter):
            after = timedelta(seconds=error.retry_after)
            await messages.reschedule(message.id, token, after=after, error=reason)
        elif isinstance(error, TelegramForbiddenError):
            recipient = self._recipient(message)
            log.info("%s held: user %s blocked the bot", name, recipient, extra=ids)
            await messages.hold(message.id, token, reason)
        elif isinstance(error, TelegramBadRequest) and message.attempts + 1 >= BAD_REQUEST_TRIES:
            log.error("%s given up after %s tries: %s", name, BAD_REQUEST_TRIES, error, extra=ids)
            await messages.give_up(message.id, token, reason)
        else:
            if not isinstance(error, TelegramAPIError | TimeoutError | OSError):
                log.exception("%s could not be drawn or sent", name, exc_info=error, extra=ids)
            else:
                log.info("%s not delivered yet: %s", name, reason, extra=ids)
            after = _backoff(message.attempts)
            await messages.reschedule(message.id, token, after=after, error=reason)
        self.wake()

    async def release_held(self, recipient: int) -> None:
        """The recipient wrote again after blocking the bot: what was held goes out first."""
        for message in await self._messages.release_held(recipient):
            await self.deliver(message, force=True)

    async def run_once(self) -> int:
        """Deliver every message that is due now; returns how many were sent by this call."""
        sent = 0
        for message in await self._messages.list_due():
            sent += await self.deliver(message)
        return sent

    # --- the background sender -------------------------------------------------------------

    def wake(self) -> None:
        """Something is owed now: the background sender goes at once (polled otherwise)."""
        self._loop.wake()

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()


def new_token() -> str:
    """A claim's token: whose claim it is, unique to one delivery attempt."""
    return uuid.uuid4().hex


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2.0**attempts, MAX_BACKOFF))
