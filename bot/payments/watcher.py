"""Rechecks payments whose outcome is not known yet, until Paylov settles them.

Runs in the background from the bot's start (a crash may have left a payment `paying`) and then
every `interval` seconds. Payments that were abandoned before `pay` (a lost `create` answer, a
code never typed) are closed on the way. What the customer is owed is recorded with each status
change (the outbox); `on_settled` only wakes its sender.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.background import Periodic, RoundLock
from bot.payments.payment_flow import PaymentFlow
from bot.storage.repositories import PaymentRecord


class PaymentWatcher:
    def __init__(
        self,
        flow: PaymentFlow,
        *,
        interval: float = 15.0,
        on_settled: Callable[[], None] = lambda: None,
        lock: RoundLock | None = None,
    ) -> None:
        self._flow = flow
        self._on_settled = on_settled
        self._loop = Periodic("payment-watcher", self.run_once, interval, lock=lock)

    async def run_once(self) -> list[PaymentRecord]:
        closed = await self._flow.close_abandoned()
        settled = await self._flow.recheck_unsettled()
        if closed or settled:
            self._on_settled()
        return settled

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()
