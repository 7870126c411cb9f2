"""Readiness: can this replica serve a customer now? The database answers, Redis answers (when
conversations live there), Paylov answers an authenticated request.

Paylov is asked with `transaction/status` of a transaction that does not exist: a read that
changes nothing, needs a valid token, and is what the rechecker asks all day. Paylov saying
"no such transaction" is an answer (ready); no answer, or the token refused, is not. Its
verdict is kept `paylov_cache` seconds, and scrapes arriving together share one call, so a
scrape storm never reaches Paylov.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import text

from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovAuthError, PaylovError, PaylovFailure
from bot.storage.db import Database

# A well-formed transaction id no payment has (the nil UUID).
PROBE_TRANSACTION = "00000000-0000-0000-0000-000000000000"


class Pingable(Protocol):
    """redis.asyncio.Redis, as aiogram's RedisStorage holds it."""

    def ping(self, **kwargs: Any) -> Any: ...


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = "ok"


class Readiness:
    def __init__(
        self,
        database: Database,
        paylov: PaylovClient,
        *,
        redis: Pingable | None = None,
        paylov_cache: float = 5.0,
        timeout: float = 5.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._database = database
        self._paylov = paylov
        self._redis = redis
        self._paylov_cache = paylov_cache
        self._timeout = timeout
        self._monotonic = monotonic
        self._paylov_verdict: tuple[float, Check] | None = None
        self._paylov_lock = asyncio.Lock()

    async def checks(self) -> list[Check]:
        """Every check, run side by side, each within the timeout."""
        probes: list[tuple[str, Callable[[], Awaitable[Check]]]] = [
            ("database", self._check_database)
        ]
        if self._redis is not None:
            probes.append(("redis", self._check_redis))
        probes.append(("paylov", self.paylov))
        return list(await asyncio.gather(*(self._bounded(name, probe) for name, probe in probes)))

    async def _bounded(self, name: str, probe: Callable[[], Awaitable[Check]]) -> Check:
        try:
            async with asyncio.timeout(self._timeout):
                return await probe()
        except TimeoutError:
            return Check(name, False, f"no answer in {self._timeout:g}s")
        except Exception as error:  # what failed is the answer; the exception is the detail
            return Check(name, False, type(error).__name__)

    async def _check_database(self) -> Check:
        # A migrated schema, not only a connection: the table every migration writes.
        async with self._database.single_statements.connect() as connection:
            await connection.execute(text("SELECT 1 FROM alembic_version LIMIT 1"))
        return Check("database", True)

    async def _check_redis(self) -> Check:
        assert self._redis is not None
        answer = self._redis.ping()
        if inspect.isawaitable(answer):
            answer = await answer
        return Check("redis", bool(answer), "ok" if answer else "no PONG")

    async def paylov(self) -> Check:
        """Paylov's verdict, at most `paylov_cache` seconds old (the alerts ask it too)."""
        async with self._paylov_lock:
            now = self._monotonic()
            kept = self._paylov_verdict
            if kept is not None and now - kept[0] < self._paylov_cache:
                return kept[1]
            verdict = await self._ask_paylov()
            self._paylov_verdict = (self._monotonic(), verdict)
            return verdict

    async def _ask_paylov(self) -> Check:
        try:
            async with asyncio.timeout(self._timeout):
                await self._paylov.transaction_status(PROBE_TRANSACTION)
        except TimeoutError:
            return Check("paylov", False, f"no answer in {self._timeout:g}s")
        except PaylovAuthError as error:
            return Check("paylov", False, f"token refused ({error.code})")
        except PaylovError:
            pass  # an answer: no such transaction
        except PaylovFailure as error:
            return Check("paylov", False, f"unavailable ({type(error).__name__})")
        return Check("paylov", True)
