"""Telegram failing on purpose: which call of FakeTelegramSession fails next, and how.

    session.faults.inject("deleteMessage", "forbidden")            # the next one
    session.faults.inject("sendMessage", "retry_after", retry_after=5, times=2, chat_id=5001)
    session.faults.inject("editMessageText", "edit_not_found", times=None)   # until clear()
    session.faults.inject("sendMessage", "server_error", when=lambda m: "Receipt" in m.text)
    session.faults.clear()

Methods are named as Telegram spells them (sendMessage, editMessageText, deleteMessage,
answerCallbackQuery, ...), in any case. A fault matches a call of its method, in its chat
when `chat_id` is given (answerCallbackQuery's chat is the pressed message's), and when
`when(method)` is true when given; the oldest matching fault fires, `times` times (None: until
`clear()`). A failed call changes nothing in the chat (a timeout here is a request that never
reached Telegram). `fired` lists the faults that fired, so a test can tell that its failure
really happened.

Each kind is what real Telegram (or the network) answers, raised through aiogram's own
`check_response` mapping, as a real session would raise it:

- forbidden: 403 "Forbidden: bot was blocked by the user" → TelegramForbiddenError
- server_error: 500 "Internal Server Error" → TelegramServerError
- retry_after: 429 "Too Many Requests: retry after N" with parameters.retry_after N
  → TelegramRetryAfter (its `retry_after` is N)
- timeout: no answer → TelegramNetworkError "Request timeout error", as AiohttpSession raises
- edit_not_found: 400 "Bad Request: message to edit not found" → TelegramBadRequest
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import aiogram.methods
from aiogram.methods import TelegramMethod


class FaultKind(StrEnum):
    FORBIDDEN = "forbidden"  # 403 → TelegramForbiddenError
    SERVER_ERROR = "server_error"  # 500 → TelegramServerError
    RETRY_AFTER = "retry_after"  # 429 with parameters.retry_after → TelegramRetryAfter
    TIMEOUT = "timeout"  # no answer → TelegramNetworkError, as aiohttp's session raises it
    EDIT_NOT_FOUND = "edit_not_found"  # 400 → TelegramBadRequest


TIMEOUT_MESSAGE = "Request timeout error"  # aiogram's AiohttpSession on asyncio.TimeoutError

MethodFilter = Callable[[TelegramMethod[Any]], bool]


def _api_names() -> dict[str, str]:
    """Every Bot API method aiogram knows, by its lower-cased name."""
    names = {}
    for attr in aiogram.methods.__all__:
        cls = getattr(aiogram.methods, attr)
        api_name = getattr(cls, "__api_method__", None)
        if isinstance(cls, type) and issubclass(cls, TelegramMethod) and isinstance(api_name, str):
            names[api_name.lower()] = api_name
    return names


_API_NAMES = _api_names()


def api_name(method: TelegramMethod[Any]) -> str:
    return str(method.__api_method__)


@dataclass
class Fault:
    method: str  # as Telegram spells it
    kind: FaultKind
    times: int | None  # None: every matching call until cleared
    chat_id: int | None
    retry_after: int
    when: MethodFilter | None

    def matches(self, method: TelegramMethod[Any], chat_id: int | None) -> bool:
        if api_name(method) != self.method:
            return False
        if self.chat_id is not None and chat_id != self.chat_id:
            return False
        return self.when is None or self.when(method)

    def response(self) -> tuple[int, str] | None:
        """Telegram's HTTP status and body for this fault; None when no answer comes at all."""
        match self.kind:
            case FaultKind.FORBIDDEN:
                return _body(403, "Forbidden: bot was blocked by the user")
            case FaultKind.SERVER_ERROR:
                return _body(500, "Internal Server Error")
            case FaultKind.RETRY_AFTER:
                description = f"Too Many Requests: retry after {self.retry_after}"
                return _body(429, description, {"retry_after": self.retry_after})
            case FaultKind.EDIT_NOT_FOUND:
                return _body(400, "Bad Request: message to edit not found")
            case FaultKind.TIMEOUT:
                return None


def _body(
    status: int, description: str, parameters: dict[str, Any] | None = None
) -> tuple[int, str]:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return status, json.dumps(body)


@dataclass(frozen=True)
class FiredFault:
    method: str
    kind: FaultKind
    chat_id: int | None


class TelegramFaults:
    """The faults waiting to fire; see the module docstring."""

    def __init__(self) -> None:
        self._waiting: list[Fault] = []
        self.fired: list[FiredFault] = []

    def inject(
        self,
        method: str,
        kind: str,
        *,
        times: int | None = 1,
        chat_id: int | None = None,
        retry_after: int = 1,
        when: MethodFilter | None = None,
    ) -> None:
        """The next `times` calls of `method` (matching `chat_id` and `when`) fail as `kind`."""
        spelled = _API_NAMES.get(method.lower())
        if spelled is None:
            raise ValueError(f"no Bot API method {method!r}")
        try:
            fault_kind = FaultKind(kind)
        except ValueError:
            known = ", ".join(k.value for k in FaultKind)
            raise ValueError(f"unknown fault {kind!r}; one of: {known}") from None
        if times is not None and times < 1:
            raise ValueError("times is a positive number, or None for every call")
        if retry_after < 1:
            raise ValueError("retry_after is at least one second")
        self._waiting.append(Fault(spelled, fault_kind, times, chat_id, retry_after, when))

    def clear(self) -> None:
        """No more faults (those that fired stay in `fired`)."""
        self._waiting.clear()

    def take(self, method: TelegramMethod[Any], chat_id: int | None) -> Fault | None:
        """The fault this call meets, counted as fired; None when the call goes through."""
        for fault in self._waiting:
            if fault.matches(method, chat_id):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times == 0:
                        self._waiting.remove(fault)
                self.fired.append(FiredFault(fault.method, fault.kind, chat_id))
                return fault
        return None
