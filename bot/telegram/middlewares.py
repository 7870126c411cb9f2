"""Per-update objects: the customer's database row, held notices, and updates in flight."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from bot.storage.repositories import Repositories
from bot.storage.types import utc_now
from bot.telegram.outbox import Outbox

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class InFlightUpdates(BaseMiddleware):
    """Counts the updates being handled, so a shutdown can wait for them (a `pay` in flight
    must get its answer recorded and told), and stamps each with the time it began."""

    def __init__(self) -> None:
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def running(self) -> int:
        return self._running

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self._running += 1
        self._idle.clear()
        # The error handler asks which payments changed since: those the update touched.
        data["update_started_at"] = utc_now()
        try:
            return await handler(event, data)
        finally:
            self._running -= 1
            if self._running == 0:
                self._idle.set()

    async def drain(self, timeout: float) -> bool:  # noqa: ASYNC109 - a bounded wait is the point
        """Wait until no update is being handled, at most `timeout` seconds; True when none is."""
        try:
            async with asyncio.timeout(timeout):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True


class UserMiddleware(BaseMiddleware):
    """Makes sure the sender has a row, and hands it to handlers as `user`. A customer who had
    blocked the bot while a notice was owed gets it before anything else."""

    def __init__(self, repos: Repositories, outbox: Outbox) -> None:
        self._repos = repos
        self._outbox = outbox

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        sender: User | None = data.get("event_from_user")
        if sender is not None and not sender.is_bot:
            user = await self._repos.users.get_or_create(sender.id)
            if user.notices_held:
                await self._outbox.release_held(sender.id)
            data["user"] = user
        return await handler(event, data)
