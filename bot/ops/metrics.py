"""Prometheus metrics, on a registry of the app's own (tests build many apps in one process, and
prometheus-client's global registry refuses a second metric of one name).

What moves with traffic is counted where it happens: updates (bot/ops/updates.py), Bot API
requests (a session request middleware), Paylov calls (the client's observers). What the
database knows (payments by status, the oldest unsettled `pay`, the outbox) is read when
`/metrics` is scraped, a few cheap aggregate queries under a timeout.

Labels never carry ids: a user, payment or service id would make a series per customer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.paylov.client import PaylovCallEvent
from bot.storage.models import MAY_STILL_GO_THROUGH
from bot.storage.repositories import Repositories
from bot.storage.types import utc_now

log = logging.getLogger(__name__)

# Handlers answer in milliseconds, unless they wait on Paylov (up to its read timeout).
_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(
        self,
        repos: Repositories,
        *,
        refresh_timeout: float = 2.0,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._repos = repos
        self._refresh_timeout = refresh_timeout
        self._clock = clock
        self._refreshing = asyncio.Lock()
        self.registry = registry = CollectorRegistry()
        self.updates = Counter(
            "paybot_updates",
            "Updates by the handler that took them and how it ended (handled, unhandled, error)",
            ["handler", "outcome"],
            registry=registry,
        )
        self.handler_seconds = Histogram(
            "paybot_handler_seconds",
            "Time spent in a handler (its inner middlewares included)",
            ["handler"],
            buckets=_SECONDS,
            registry=registry,
        )
        self.bot_api_requests = Counter(
            "paybot_bot_api_requests",
            "Requests to the Bot API by method (each attempt; a retried 429 counts twice)",
            ["method"],
            registry=registry,
        )
        self.bot_api_errors = Counter(
            "paybot_bot_api_errors",
            "Failed Bot API requests by method and error (retry_after is Telegram's 429)",
            ["method", "error"],
            registry=registry,
        )
        self.paylov_calls = Counter(
            "paybot_paylov_calls",
            "Paylov calls by endpoint template and outcome (ok, refused, auth, unavailable, "
            "unknown); each attempt",
            ["endpoint", "outcome"],
            registry=registry,
        )
        self.paylov_seconds = Histogram(
            "paybot_paylov_seconds",
            "Paylov call latency by endpoint template",
            ["endpoint"],
            buckets=_SECONDS,
            registry=registry,
        )
        self.payments = Gauge(
            "paybot_payments", "Payments in the database by status", ["status"], registry=registry
        )
        self.unsettled = Gauge(
            "paybot_unsettled_payments",
            "Payments whose `pay` may still go through (paying, pending)",
            registry=registry,
        )
        self.oldest_unsettled_age = Gauge(
            "paybot_oldest_unsettled_pay_age_seconds",
            "How long ago the oldest unsettled `pay` was sent (0: none)",
            registry=registry,
        )
        self.outbox_depth = Gauge(
            "paybot_outbox_depth",
            "Notices owed to customers and not delivered yet (pending or held)",
            registry=registry,
        )
        self.refresh_errors = Counter(
            "paybot_metrics_refresh_errors",
            "Scrapes whose database figures could not be read (the previous ones are shown)",
            registry=registry,
        )

    def observe_paylov(self, event: PaylovCallEvent) -> None:
        self.paylov_calls.labels(event.endpoint, event.outcome).inc()
        self.paylov_seconds.labels(event.endpoint).observe(event.seconds)

    async def render(self) -> bytes:
        """The text exposition, with the database figures read now."""
        await self.refresh()
        return generate_latest(self.registry)

    async def refresh(self) -> None:
        # One refresh at a time: scrapes arriving together share it instead of piling up
        # queries on the database.
        if self._refreshing.locked():
            async with self._refreshing:
                return
        async with self._refreshing:
            try:
                async with asyncio.timeout(self._refresh_timeout):
                    await self._read_database()
            except Exception as error:  # a scrape never fails for a slow or absent database
                self.refresh_errors.inc()
                log.warning("metrics: database figures not read (%s)", type(error).__name__)

    async def _read_database(self) -> None:
        counts = await self._repos.payments.count_by_status()
        oldest = await self._repos.payments.oldest_unsettled_pay()
        depth = await self._repos.notices.count_undelivered()
        for status, count in counts.items():
            self.payments.labels(status.value).set(count)
        self.unsettled.set(sum(counts[status] for status in MAY_STILL_GO_THROUGH))
        age = (self._clock() - oldest).total_seconds() if oldest is not None else 0.0
        self.oldest_unsettled_age.set(max(age, 0.0))
        self.outbox_depth.set(depth)


def _error_kind(error: Exception) -> str:
    if isinstance(error, TelegramRetryAfter):
        return "retry_after"
    if isinstance(error, TelegramServerError):
        return "server_error"
    if isinstance(error, TelegramNetworkError):
        return "network"
    if isinstance(error, TelegramForbiddenError):
        return "forbidden"
    if isinstance(error, TelegramBadRequest):
        return "bad_request"
    return "other"


class BotApiMetrics(BaseRequestMiddleware):
    """Counts every request that reaches the Bot API and how it failed. Installed innermost
    (after the delivery policy), so each retry of a 429 is counted as Telegram saw it."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = str(method.__api_method__)
        self.metrics.bot_api_requests.labels(name).inc()
        try:
            return await make_request(bot, method)
        except Exception as error:
            self.metrics.bot_api_errors.labels(name, _error_kind(error)).inc()
            raise


def install_bot_api_metrics(session: BaseSession, metrics: Metrics) -> None:
    """Once per session; a session reused by another app counts for the newest one."""
    for middleware in session.middleware:
        if isinstance(middleware, BotApiMetrics):
            middleware.metrics = metrics
            return
    session.middleware(BotApiMetrics(metrics))
