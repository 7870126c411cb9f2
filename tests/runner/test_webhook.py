"""The webhook as several replicas share it: setWebhook only when its parameters change (the
secret included, which Telegram never shows), by one replica of those starting at once; the
secret checked in constant time; an update answered once handled.

Telegram is the fake Bot API over HTTP; the fingerprint lives in a real database (a SQLite file,
or a fresh PostgreSQL database with PAYBOT_TEST_POSTGRES_URL).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.storage.bot_state import BotStateRepository
from bot.storage.db import Database
from bot.telegram.webhook import (
    FINGERPRINT_KEY,
    SETTLE,
    UpdateHandler,
    WebhookParams,
    ensure_webhook,
)
from tests.process.fake_bot_api import FakeBotApi
from tests.runner.test_run import start_update
from tests.storage.helpers import FakeClock

URL = "https://paybot.example.uz/telegram/webhook"
UPDATES = ("callback_query", "message")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    bot = Bot(api.token, session=AiohttpSession(api=TelegramAPIServer.from_base(api.url)))
    yield bot
    await bot.session.close()


@pytest.fixture
async def state(database_url: str) -> AsyncIterator[BotStateRepository]:
    database = Database(database_url)
    await database.migrate()
    yield BotStateRepository(database)
    await database.close()


def params(secret: str | None = "s3cret", url: str = URL) -> WebhookParams:  # noqa: S107
    return WebhookParams(url, secret, UPDATES)


async def test_set_once_then_only_when_a_parameter_or_the_secret_changes(
    api: FakeBotApi, bot: Bot, state: BotStateRepository
) -> None:
    assert await ensure_webhook(bot, state, params())
    assert not await ensure_webhook(bot, state, params())  # a restart: nothing to set
    [first] = api.of("setwebhook")
    assert first["url"] == URL and first["secret_token"] == "s3cret"
    assert sorted(first["allowed_updates"]) == list(UPDATES)

    # Telegram shows the same url and updates, but the secret is new: set again.
    assert await ensure_webhook(bot, state, params("rotated"))
    assert api.of("setwebhook")[-1]["secret_token"] == "rotated"
    assert await ensure_webhook(bot, state, params("rotated", url=URL + "2"))
    assert not await ensure_webhook(bot, state, params("rotated", url=URL + "2"))
    assert len(api.of("setwebhook")) == 3
    stored = await state.get(FINGERPRINT_KEY)
    assert stored is not None and "rotated" not in stored.value  # only a hash of it


async def test_of_replicas_starting_at_once_one_sets_it(
    api: FakeBotApi, bot: Bot, state: BotStateRepository
) -> None:
    results = await asyncio.gather(*(ensure_webhook(bot, state, params()) for _ in range(4)))
    assert sorted(results) == [False, False, False, True]
    assert len(api.of("setwebhook")) == 1


async def test_a_fingerprint_whose_setter_died_is_repaired_once_it_is_old(
    api: FakeBotApi, bot: Bot, state: BotStateRepository
) -> None:
    clock = FakeClock()
    # Recorded, but setWebhook never came (the replica died in between).
    assert await state.replace(FINGERPRINT_KEY, params().fingerprint(), expected=None)
    moment = (await state.get(FINGERPRINT_KEY)).updated_at  # type: ignore[union-attr]
    clock.now = moment + SETTLE / 2  # another replica may be setting it right now
    assert not await ensure_webhook(bot, state, params(), clock=clock)
    clock.now = moment + SETTLE + timedelta(seconds=1)
    assert await ensure_webhook(bot, state, params(), clock=clock)
    assert len(api.of("setwebhook")) == 1


async def test_a_failed_set_webhook_leaves_the_old_fingerprint(
    api: FakeBotApi, bot: Bot, state: BotStateRepository
) -> None:
    assert await ensure_webhook(bot, state, params())
    before = await state.get(FINGERPRINT_KEY)
    api.faults.inject("setWebhook", "forbidden")
    with pytest.raises(Exception, match="blocked"):
        await ensure_webhook(bot, state, params("new"))
    assert await state.get(FINGERPRINT_KEY) == before
    assert await ensure_webhook(bot, state, params("new"))  # the next start sets it


@pytest.fixture
async def hook(bot: Bot) -> AsyncIterator[tuple[TestClient[Any, Any], list[int]]]:
    seen: list[int] = []
    router = Router()

    @router.message()
    async def note(message: Message) -> None:
        await asyncio.sleep(0.05)  # answered in the background, the answer would come first
        seen.append(message.message_id)

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    application = web.Application()
    UpdateHandler(dispatcher, bot, "s3cret").register(application, path="/hook")
    async with TestClient(TestServer(application)) as client:
        yield client, seen


@pytest.mark.parametrize("given", ["wrong", "s3cre", "s3cret!", "сикрет", ""])
async def test_a_wrong_secret_is_refused(
    hook: tuple[TestClient[Any, Any], list[int]], given: str
) -> None:
    client, seen = hook
    headers = {"X-Telegram-Bot-Api-Secret-Token": given} if given else {}
    response = await client.post("/hook", json=start_update(), headers=headers)
    assert response.status == 401
    assert seen == []


async def test_the_answer_comes_once_the_update_is_handled(
    hook: tuple[TestClient[Any, Any], list[int]],
) -> None:
    client, seen = hook
    headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
    response = await client.post("/hook", json=start_update(), headers=headers)
    assert response.status == 200
    assert seen == [1]  # handled before Telegram heard "done"
