"""A job repeated in the background until stopped: the payment watcher and the outbox sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class Periodic:
    """Runs `job` at once, then every `interval` seconds, or sooner when woken. A failed round
    is logged and the next one comes all the same."""

    def __init__(self, name: str, job: Callable[[], Awaitable[object]], interval: float) -> None:
        self._name = name
        self._job = job
        self._interval = interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._loop(), name=self._name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            try:
                await self._job()
            except Exception:
                log.exception("%s round failed; again in %ss", self._name, self._interval)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._interval):
                    await self._wake.wait()
            self._wake.clear()
