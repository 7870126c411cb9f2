"""A job repeated in the background until stopped: the payment watcher and the outbox sender.

With several replicas a round may run under a `RoundLock`: of the replicas whose round comes
at the same time one runs it and the others skip theirs. It saves Paylov the same questions
from every replica; what keeps the money and the messages right is each write's
compare-and-set, which holds with or without the lock (docs/replicas.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

log = logging.getLogger(__name__)


class RoundLock(Protocol):
    def round(self, name: str) -> AbstractAsyncContextManager[bool]:
        """Enter: True when this replica holds the round, False when another does."""
        ...


class RedisRoundLock:
    """A round at a time across the replicas that share one Redis. The lock expires after
    `ttl` (a replica killed mid-round holds nobody up longer); a round that outlives it may
    overlap the next replica's, which the compare-and-set writes make harmless."""

    PREFIX = "paybot:round:"

    def __init__(self, redis: Any, *, ttl: float) -> None:
        self._redis = redis
        self._ttl = ttl

    @contextlib.asynccontextmanager
    async def round(self, name: str) -> AsyncIterator[bool]:
        from redis.exceptions import LockError

        lock = self._redis.lock(self.PREFIX + name, timeout=self._ttl, blocking=False)
        if not await lock.acquire():
            yield False
            return
        try:
            yield True
        finally:
            with contextlib.suppress(LockError):  # expired meanwhile: nothing to release
                await lock.release()


class Periodic:
    """Runs `job` at once, then every `interval` seconds, or sooner when woken. A failed round
    is logged and the next one comes all the same."""

    def __init__(
        self,
        name: str,
        job: Callable[[], Awaitable[object]],
        interval: float,
        *,
        lock: RoundLock | None = None,
    ) -> None:
        self._name = name
        self._job = job
        self._interval = interval
        self._lock = lock
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

    async def run_round(self) -> bool:
        """One round, unless another replica holds it (the lock): whether it ran here."""
        if self._lock is None:
            await self._job()
            return True
        async with self._lock.round(self._name) as mine:
            if mine:
                await self._job()
            return mine

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_round()
            except Exception:
                log.exception("%s round failed; again in %ss", self._name, self._interval)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._interval):
                    await self._wake.wait()
            self._wake.clear()
