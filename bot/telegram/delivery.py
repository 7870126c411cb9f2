"""How the bot talks to the Bot API: transient failures retried, Telegram's limits respected.

Both are request middlewares of the bot's session, so every handler, the outbox and the
watcher get them without knowing. aiogram itself neither retries a 429 nor paces its sends.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import (
    CopyMessage,
    ForwardMessage,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType
from aiolimiter import AsyncLimiter

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


class RetryTransientErrors(BaseRequestMiddleware):
    """A 429 waits Telegram's `retry_after` and sends again; a 5xx or a network error sends
    again after a short pause. A few tries at most, and never a long wait inside an update:
    what still fails is the caller's to handle (the outbox keeps trying on its own clock)."""

    def __init__(
        self,
        *,
        tries: int = 3,
        max_wait: float = 10.0,
        backoff: float = 0.5,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._tries = tries
        self._max_wait = max_wait
        self._backoff = backoff
        self._sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        for attempt in range(1, self._tries + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == self._tries or error.retry_after > self._max_wait:
                    raise
                wait = float(error.retry_after)
            except (TelegramServerError, TelegramNetworkError) as error:
                if attempt == self._tries:
                    raise
                wait = self._backoff * 2 ** (attempt - 1)
                log.info("%s failed (%s); again in %.1fs", type(method).__name__, error, wait)
            await self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover


# What Telegram's limits count: messages that land in a chat.
_SENDS = (SendMessage, SendPhoto, SendDocument, CopyMessage, ForwardMessage)


class OutgoingRateLimit(BaseRequestMiddleware):
    """About 30 messages a second overall and, in bursts, one a second per chat (Telegram's
    published limits); a few at once in one chat are fine, as a screen and its warning are."""

    def __init__(
        self, *, per_second: float = 30.0, per_chat_burst: int = 3, chats_kept: int = 10_000
    ) -> None:
        self._all = AsyncLimiter(per_second, 1.0)
        self._per_chat_burst = per_chat_burst
        self._chats: OrderedDict[object, AsyncLimiter] = OrderedDict()
        self._chats_kept = chats_kept

    def _chat(self, chat_id: object) -> AsyncLimiter:
        limiter = self._chats.pop(chat_id, None)
        if limiter is None:
            # A bucket of `burst` messages that refills at one a second.
            limiter = AsyncLimiter(self._per_chat_burst, float(self._per_chat_burst))
        self._chats[chat_id] = limiter
        while len(self._chats) > self._chats_kept:
            self._chats.popitem(last=False)
        return limiter

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, _SENDS):
            await self._chat(method.chat_id).acquire()
            await self._all.acquire()
        return await make_request(bot, method)


def install_delivery_policy(
    session: BaseSession, *, rate_limit: OutgoingRateLimit | None = None
) -> None:
    """The retries on every bot's session (once), and Telegram's limits where given (the real
    bot only: the terminal chat and the tests would crawl). The first registered is the
    outermost, so a resent request passes the limits again."""
    if not any(isinstance(m, RetryTransientErrors) for m in session.middleware):
        session.middleware(RetryTransientErrors())
    if rate_limit is not None:
        session.middleware(rate_limit)
