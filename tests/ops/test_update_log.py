"""One line per update on `bot.updates`: update id, user, handler, outcome, duration, as
`extra` fields too; and no database trip for it."""

from __future__ import annotations

import logging
from typing import cast

import pytest
from aiogram import Dispatcher, Router
from aiogram.types import ErrorEvent, Message

from bot.devtools.standin import FakeGroup, FakeUser, TelegramStandIn
from bot.ops.metrics import Metrics
from bot.ops.updates import install_update_log
from bot.storage.repositories import Repositories
from tests.conversation.conftest import UTILITIES, Paybot
from tests.conversation.test_round_trips import NAVIGATION_ROUND_TRIPS, _quiet, statements_on

FIELDS = ("update_id", "user_id", "handler", "outcome", "duration_ms")


def _lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "bot.updates"]


async def test_each_update_logs_its_handler_outcome_and_duration(
    paybot: Paybot, caplog: pytest.LogCaptureFixture
) -> None:
    tg, user = paybot.tg, paybot.user()
    caplog.set_level(logging.INFO, logger="bot.updates")
    await paybot.begin(user)  # /start, then the language button
    await tg.send_in_group(user, FakeGroup(id=-1_000_777), "hello")  # nothing takes it
    lines = _lines(caplog)
    assert len(lines) == len(tg.updates) == 3
    start, language, group = lines
    for line, update in zip(lines, tg.updates, strict=True):
        assert line.levelno == logging.INFO
        assert line.__dict__["update_id"] == update.update_id
        assert line.__dict__["user_id"] == user.id
        assert line.__dict__["duration_ms"] >= 0
        message = line.getMessage()
        assert f"update {update.update_id} user {user.id} " in message
        assert all(str(line.__dict__[field]) in message for field in FIELDS[:4])
    assert start.__dict__["handler"] == "bot.telegram.routers.start.on_start"
    assert start.__dict__["outcome"] == "handled"
    assert language.__dict__["handler"].startswith("bot.telegram.routers.")
    assert language.__dict__["handler"] != start.__dict__["handler"]
    assert (group.__dict__["handler"], group.__dict__["outcome"]) == ("unhandled", "unhandled")


async def _fails(message: Message) -> None:
    raise RuntimeError("a bug")


async def _says_sorry(event: ErrorEvent) -> None:
    pass


async def test_a_handler_that_fails_is_an_error_with_its_name(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Whether an error handler then answers the customer or the exception goes on up."""
    for answered in (True, False):
        caplog.clear()
        metrics = Metrics(cast(Repositories, None))
        dispatcher = Dispatcher()
        install_update_log(dispatcher, metrics)
        router = Router()
        router.message.register(_fails)
        if answered:
            router.error.register(_says_sorry)
        dispatcher.include_router(router)
        tg = TelegramStandIn(dispatcher)
        caplog.set_level(logging.INFO, logger="bot.updates")
        if answered:
            await tg.send(FakeUser(id=31, first_name="Bo"), "hi")
        else:
            with pytest.raises(RuntimeError):
                await tg.send(FakeUser(id=31, first_name="Bo"), "hi")
        [line] = _lines(caplog)
        name = f"{__name__}._fails"
        assert (line.__dict__["handler"], line.__dict__["outcome"]) == (name, "error")
        assert metrics.updates.labels(name, "error")._value.get() == 1


async def test_the_line_costs_no_database_trip(
    paybot: Paybot, caplog: pytest.LogCaptureFixture
) -> None:
    tg, user = paybot.tg, paybot.user()
    caplog.set_level(logging.INFO, logger="bot.updates")
    await paybot.begin(user)
    await _quiet(paybot)
    await tg.press(user, "Pay")
    await tg.press(user, UTILITIES)  # the catalogue is cached from here on
    await tg.press(user, "Back")
    async with statements_on(paybot.app.database) as sent:
        await tg.press(user, UTILITIES)
    assert len(sent) <= NAVIGATION_ROUND_TRIPS, sent
    assert _lines(caplog)[-1].__dict__["outcome"] == "handled"
