"""The bot's Bot API policy: transient failures retried inside an update, sends paced."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import SendMessage

from bot.devtools.standin import make_bot
from bot.telegram.delivery import OutgoingRateLimit, RetryTransientErrors


def _failure(status: int, description: str, **parameters: Any) -> Exception:
    """The exception aiogram itself raises for this Bot API answer."""
    body = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    bot = make_bot()
    try:
        BaseSession.check_response(
            bot.session, bot, SendMessage(chat_id=1, text="hi"), status, json.dumps(body)
        )
    except Exception as error:
        return error
    raise AssertionError("no exception")


class Answers:
    """make_request that fails with the given errors, then answers."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self, bot: Any, method: Any) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "sent"


async def test_a_429_waits_retry_after_and_sends_again() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    answers = Answers(_failure(429, "Too Many Requests: retry after 2", retry_after=2))
    retry = RetryTransientErrors(sleep=sleep)
    result = await retry(answers, None, SendMessage(chat_id=1, text="hi"))  # type: ignore[arg-type]
    assert (result, answers.calls, slept) == ("sent", 2, [2.0])


async def test_server_errors_back_off_then_give_up_to_the_caller() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    error = _failure(500, "Internal Server Error")
    assert isinstance(error, TelegramServerError)
    answers = Answers(error, error, error)
    retry = RetryTransientErrors(tries=3, backoff=0.5, sleep=sleep)
    with pytest.raises(TelegramServerError):
        await retry(answers, None, SendMessage(chat_id=1, text="hi"))  # type: ignore[arg-type]
    assert (answers.calls, slept) == (3, [0.5, 1.0])


async def test_a_long_retry_after_and_a_403_are_not_waited_on() -> None:
    async def sleep(seconds: float) -> None:
        raise AssertionError("must not wait")

    retry = RetryTransientErrors(max_wait=10, sleep=sleep)
    method = SendMessage(chat_id=1, text="hi")
    with pytest.raises(TelegramRetryAfter):
        long_wait = _failure(429, "Too Many Requests: retry after 60", retry_after=60)
        await retry(Answers(long_wait), None, method)  # type: ignore[arg-type]
    with pytest.raises(TelegramForbiddenError):
        blocked = _failure(403, "Forbidden: bot was blocked by the user")
        await retry(Answers(blocked), None, method)  # type: ignore[arg-type]


async def test_sends_to_one_chat_slow_to_one_a_second_after_a_burst() -> None:
    limit = OutgoingRateLimit(per_second=1000, per_chat_burst=2)
    answers = Answers()
    loop = asyncio.get_running_loop()
    started = loop.time()
    for _ in range(3):
        await limit(answers, None, SendMessage(chat_id=7, text="hi"))  # type: ignore[arg-type]
    burst_then_one = loop.time() - started
    # Another chat is not held up by the first one's bucket.
    other = loop.time()
    await limit(answers, None, SendMessage(chat_id=8, text="hi"))  # type: ignore[arg-type]
    assert answers.calls == 4
    assert burst_then_one >= 0.9  # the third waited for the bucket to drip (1 a second)
    assert loop.time() - other < burst_then_one
