"""One log line and one count per update: which handler took it, how it ended, how long it took.

Two middlewares share a small record per update. The outer one (on `dispatcher.update`) times
the whole update and writes the line when it ends; the inner one (on every event observer of
the dispatcher, which aiogram applies to the handlers of all routers beneath it) is entered
only once the filters have chosen a handler, and learns its name from `data["handler"]`. Both
use what the update already carries: no database read, no Bot API call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Dispatcher
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.types import TelegramObject, Update, User

from bot.ops.metrics import Metrics

log = logging.getLogger("bot.updates")

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
UNHANDLED = "unhandled"
_TRACE = "update_trace"


@dataclass
class _Trace:
    handler: str | None = None


def handler_name(handler: HandlerObject | None) -> str:
    """The handler function's qualified name, module included (two routers may each have an
    `on_back`): a bounded label, one per function in the code."""
    callback = getattr(handler, "callback", None)
    if callback is None:
        return UNHANDLED
    module = getattr(callback, "__module__", None) or ""
    name = getattr(callback, "__qualname__", None) or type(callback).__qualname__
    return f"{module}.{name}" if module else name


class UpdateLog(BaseMiddleware):
    """Outer: times the update and writes its line (logger `bot.updates`, INFO), with the same
    values as `extra` fields for a structured log format."""

    def __init__(self, metrics: Metrics, clock: Callable[[], float] = time.perf_counter) -> None:
        self._metrics = metrics
        self._clock = clock

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        trace = data[_TRACE] = _Trace()
        started = self._clock()
        try:
            result = await handler(event, data)
        except Exception:
            # aiogram's ErrorsMiddleware is outside every outer middleware: an exception passes
            # here before an error handler answers the customer.
            self._done(event, data, trace, "error", started)
            raise
        self._done(event, data, trace, "handled" if trace.handler else UNHANDLED, started)
        return result

    def _done(
        self,
        event: TelegramObject,
        data: dict[str, Any],
        trace: _Trace,
        outcome: str,
        started: float,
    ) -> None:
        duration_ms = round((self._clock() - started) * 1000, 1)
        handler = trace.handler or UNHANDLED
        self._metrics.updates.labels(handler, outcome).inc()
        sender: User | None = data.get("event_from_user")
        fields = {
            "update_id": event.update_id if isinstance(event, Update) else None,
            "user_id": sender.id if sender is not None else None,
            "handler": handler,
            "outcome": outcome,
            "duration_ms": duration_ms,
        }
        log.info(
            "update %s user %s %s %s %.1fms",
            fields["update_id"],
            fields["user_id"],
            handler,
            outcome,
            duration_ms,
            extra=fields,
        )


class HandlerTiming(BaseMiddleware):
    """Inner: names the chosen handler on the update's record and times it."""

    def __init__(self, metrics: Metrics, clock: Callable[[], float] = time.perf_counter) -> None:
        self._metrics = metrics
        self._clock = clock

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        trace: _Trace | None = data.get(_TRACE)
        if trace is None:  # an event fed without the outer middleware
            return await handler(event, data)
        name = handler_name(data.get("handler"))
        before = trace.handler
        trace.handler = name
        started = self._clock()
        try:
            return await handler(event, data)
        except SkipHandler:
            trace.handler = before  # it declined: the next matching handler takes the update
            raise
        finally:
            if trace.handler == name:
                self._metrics.handler_seconds.labels(name).observe(self._clock() - started)


def install_update_log(dispatcher: Dispatcher, metrics: Metrics) -> None:
    """The outer middleware first of ours, so the line's duration covers the conversation's
    read and write; the inner one on every event type but the update itself and errors."""
    dispatcher.update.outer_middleware(UpdateLog(metrics))
    timing = HandlerTiming(metrics)
    for name, observer in dispatcher.observers.items():
        if name not in ("update", "error"):
            observer.middleware(timing)
