"""Per-update objects: updates in flight, the customer's database row (and notices held for
them), the `ChatContext`, leaving a flow on a handler's flag, and answering presses."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.flags import get_flag
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject, Update, User
from aiogram_i18n import I18nContext

from bot.storage.fsm import UpdateUnit
from bot.storage.repositories import Repositories, UserRecord
from bot.storage.types import utc_now
from bot.telegram.context import ChatContext
from bot.telegram.outbox import Outbox
from bot.telegram.services import Services
from bot.telegram.steps.leaving import leave_flow, leave_naming
from bot.telegram.support_outbox import SupportOutbox

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class InFlightUpdates(BaseMiddleware):
    """Counts the updates being handled, so a shutdown can wait for them (a `pay` in flight
    must get its answer recorded and told), and stamps each with the time it began. At most
    `at_once` run; the others wait here, before they touch the database, so a crowd waits
    its turn instead of exhausting the connection pools (counted as running: a shutdown
    waits for them too)."""

    def __init__(self, at_once: int = 50) -> None:
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._turns = asyncio.Semaphore(at_once)

    @property
    def running(self) -> int:
        return self._running

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self._running += 1
        self._idle.clear()
        # The error handler asks which payments changed since: those the update touched.
        try:
            async with self._turns:
                data["update_started_at"] = utc_now()
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
    """Makes sure the sender has a row, and hands it on as `user` (the language is read from
    it too). A customer who had blocked the bot while a notice was owed gets it before
    anything else."""

    def __init__(
        self, repos: Repositories, outbox: Outbox, support: SupportOutbox | None = None
    ) -> None:
        self._repos = repos
        self._outbox = outbox
        self._support = support  # answers and questions held the same way

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        sender: User | None = data.get("event_from_user")
        if sender is not None and not sender.is_bot:
            unit: UpdateUnit | None = data.get("update_unit")
            user = unit.user if unit is not None else None
            if user is None or user.id != sender.id:
                user = await self._repos.users.get_or_create(sender.id)
            if user.notices_held:
                await self._outbox.release_held(sender.id)
                if self._support is not None:
                    await self._support.release_held(sender.id)
            data["user"] = user
        return await handler(event, data)


class ContextMiddleware(BaseMiddleware):
    """Builds the update's `ChatContext` (as `ctx`) once the user, i18n and FSM state exist."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: UserRecord | None = data.get("user")
        i18n: I18nContext | None = data.get("i18n")
        state: FSMContext | None = data.get("state")
        bot: Bot | None = data.get("bot")
        if user is not None and i18n is not None and state is not None and bot is not None:
            callback = event.callback_query if isinstance(event, Update) else None
            data["ctx"] = ChatContext(
                bot=bot,
                user=user,
                i18n=i18n,
                state=state,
                services=data["services"],
                callback=callback,
            )
        return await handler(event, data)


class Leaves(StrEnum):
    """What a handler leaves before it runs (its `flags={"leaves": ...}`)."""

    FLOW = "flow"  # any conversation: a payment waiting for its code is cancelled
    NAMING = "naming"  # only a pending name question; a payment flow stays open


LEAVES_FLOW = {"leaves": Leaves.FLOW}
LEAVES_NAMING = {"leaves": Leaves.NAMING}


class LeaveOnFlag(BaseMiddleware):
    """Inner middleware: runs after the filters chose the handler, so a press that matches
    nothing (someone else's id, a stale button) leaves nothing."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        leaves = get_flag(data, "leaves")
        ctx: ChatContext | None = data.get("ctx")
        if ctx is not None and leaves == Leaves.FLOW:
            services: Services = data["services"]
            ctx.left_open_flow = await leave_flow(ctx, services.payments)
        elif ctx is not None and leaves == Leaves.NAMING:
            await leave_naming(ctx.state)
        return await handler(event, data)


ANSWERS_ITSELF = {"answers_itself": True}


class AnswerPresses(BaseMiddleware):
    """Inner middleware on presses: answered before the handler runs (it may then wait on
    Paylov, and a late answer is refused as too old), unless the handler's flag
    `answers_itself` says it decides how (an alert, a short text); then after it, if it
    did not."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        ctx: ChatContext | None = data.get("ctx")
        if ctx is not None and not get_flag(data, "answers_itself"):
            await ctx.answer()
        result = await handler(event, data)
        if ctx is not None:
            try:
                await ctx.answer()
            except TelegramAPIError as error:  # the work is done; only the spinner lingers
                log.info("could not answer a press after its handler: %s", error)
        return result
