"""Rechecks payments whose outcome is not known yet, until Paylov settles them.

Runs once when the bot starts (a crash may have left a payment `paying`) and then every
`interval` seconds; each payment that becomes final is handed to `notify`. Payments that were
abandoned before `pay` (a lost `create` answer, a code never typed) are closed on the way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.payments.payment_flow import PaymentFlow
from bot.storage.repositories import PaymentRecord

log = logging.getLogger(__name__)

Notify = Callable[[PaymentRecord], Awaitable[None]]


class PaymentWatcher:
    def __init__(self, flow: PaymentFlow, notify: Notify, *, interval: float = 15.0) -> None:
        self._flow = flow
        self._notify = notify
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> list[PaymentRecord]:
        # Nobody is waiting on an abandoned payment: closed quietly, history shows it.
        await self._flow.close_abandoned()
        settled = await self._flow.recheck_unsettled()
        for payment in settled:
            try:
                await self._notify(payment)
            except Exception:
                # The record is already right; a failed message must not stop the rechecks.
                log.exception("could not tell the customer about payment %s", payment.id)
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
