"""Rechecks payments whose outcome is not known yet, until Paylov settles them.

Runs in the background from the bot's start (a crash may have left a payment `paying`) and then
every `interval` seconds. Payments that were abandoned before `pay` (a lost `create` answer, a
code never typed) are closed on the way. What the customer is owed is recorded with each status
change (the outbox); `on_settled` only wakes its sender.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from bot.payments.payment_flow import PaymentFlow
from bot.storage.repositories import PaymentRecord

log = logging.getLogger(__name__)


class PaymentWatcher:
    def __init__(
        self,
        flow: PaymentFlow,
        *,
        interval: float = 15.0,
        on_settled: Callable[[], None] = lambda: None,
    ) -> None:
        self._flow = flow
        self._interval = interval
        self._on_settled = on_settled
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> list[PaymentRecord]:
        closed = await self._flow.close_abandoned()
        settled = await self._flow.recheck_unsettled()
        if closed or settled:
            self._on_settled()
        return settled

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("payment recheck failed; trying again in %ss", self._interval)
            await asyncio.sleep(self._interval)

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._loop(), name="payment-watcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
