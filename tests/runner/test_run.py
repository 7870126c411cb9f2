"""`run_telegram` against a fake Telegram Bot API server over real HTTP.

The stand-in used by the other tests replaces aiogram's session; these tests keep aiogram's real
aiohttp session and point it at a local server with TELEGRAM_API_URL, so long polling, the
webhook server and the test-mode marker run exactly as in production. The server is the one
tests/process drives whole bot processes with (tests/process/fake_bot_api.py); here the bot
runs as a task of the test.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiogram.methods import SendDocument, SendMessage, SendPhoto
from aiogram.types import BufferedInputFile
from pydantic import SecretStr

from bot.config import Settings
from bot.runner import SandboxModeMarker, run_telegram
from tests.process.fake_bot_api import FakeBotApi

TOKEN = "123456:TEST-token"
CUSTOMER = 4242


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_update(update_id: int = 1) -> dict[str, Any]:
    user = {"id": CUSTOMER, "is_bot": False, "first_name": "Aziza", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": CUSTOMER, "type": "private", "first_name": "Aziza"},
            "from": user,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


@pytest.fixture
async def bot_api() -> AsyncIterator[tuple[FakeBotApi, str]]:
    api = FakeBotApi(token=TOKEN)
    await api.start()
    yield api, api.url
    await api.stop()


def _settings(tmp_path: Path, api_url: str) -> Settings:
    settings = Settings(_env_file=None)
    settings.telegram.token = SecretStr(TOKEN)
    settings.telegram.api_url = api_url
    settings.paylov.sandbox = True  # the embedded sandbox, as PAYLOV_SANDBOX=true
    settings.database.url = f"sqlite+aiosqlite:///{tmp_path / 'paybot.sqlite3'}"
    settings.ops.port = 0  # tests/ops serves the ops routes; here they would share one port
    return settings


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_long_polling_answers_and_marks_every_screen_as_a_test(
    bot_api: tuple[FakeBotApi, str], tmp_path: Path
) -> None:
    api, url = bot_api
    await api.send_text(CUSTOMER, "/start")
    task = asyncio.create_task(run_telegram(_settings(tmp_path, url)))
    try:
        await api.wait_for(lambda: bool(api.of("sendmessage")))
    finally:
        await _stop(task)
    assert api.of("deletewebhook")  # polling never fights a webhook left set
    assert {"pay", "history", "help"} <= {
        c["command"] for c in api.of("setmycommands")[0]["commands"]
    }
    [answer] = api.of("sendmessage")
    assert answer["chat_id"] == CUSTOMER
    mark, _, screen = answer["text"].partition("\n\n")
    assert mark == "🧪 " + " · ".join(
        [
            "SINOV REJIMI, haqiqiy pulsiz",
            "ТЕСТОВЫЙ РЕЖИМ, без настоящих денег",
            "TEST MODE, no real money",
        ]
    )
    assert screen.startswith("Choose your language")
    assert "Choose your language" in answer["text"]


async def test_webhook_checks_the_secret_and_answers(
    bot_api: tuple[FakeBotApi, str], tmp_path: Path
) -> None:
    api, url = bot_api
    settings = _settings(tmp_path, url)
    settings.telegram.mode = "webhook"
    settings.telegram.webhook_url = "https://paybot.example.uz/"
    settings.telegram.webhook_secret = SecretStr("hook-secret")
    settings.telegram.webhook_host = "127.0.0.1"
    settings.telegram.webhook_port = _free_port()
    hook = f"http://127.0.0.1:{settings.telegram.webhook_port}/telegram/webhook"
    task = asyncio.create_task(run_telegram(settings))
    try:
        await api.wait_for(lambda: bool(api.of("setwebhook")))
        [registered] = api.of("setwebhook")
        assert registered["url"] == "https://paybot.example.uz/telegram/webhook"
        assert registered["secret_token"] == "hook-secret"

        async with httpx.AsyncClient() as client:
            for _ in range(50):  # the server starts listening right after setWebhook
                try:
                    refused = await client.post(
                        hook,
                        json=start_update(),
                        headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                    )
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.05)
            assert refused.status_code == 401
            accepted = await client.post(
                hook,
                json=start_update(2),
                headers={"X-Telegram-Bot-Api-Secret-Token": "hook-secret"},
            )
            assert accepted.status_code == 200
        await api.wait_for(lambda: bool(api.of("sendmessage")))
    finally:
        await _stop(task)
    [answer] = api.of("sendmessage")  # the update with the wrong secret was never handled
    assert answer["chat_id"] == CUSTOMER and "Choose your language" in answer["text"]


async def test_run_refuses_to_start_without_paylov_credentials(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "http://127.0.0.1:9")
    settings.paylov.sandbox = False
    with pytest.raises(SystemExit, match="Paylov credentials missing"):
        await run_telegram(settings)


async def test_the_test_mode_mark_goes_on_captions_too_and_only_once() -> None:
    sent: list[Any] = []

    async def make_request(bot: Any, method: Any) -> Any:
        sent.append(method)
        return True

    photo = SendPhoto(chat_id=1, photo=BufferedInputFile(b"png", "stats.png"), caption="📊 May")
    document = SendDocument(chat_id=1, document=BufferedInputFile(b"csv", "p.csv"))
    marker = SandboxModeMarker(lambda: "🧪 TEST")
    for method in (photo, document, SendMessage(chat_id=1, text="hi")):
        await marker(make_request, None, method)  # type: ignore[arg-type]
        await marker(make_request, None, method)  # type: ignore[arg-type]
    assert photo.caption == "🧪 TEST\n\n📊 May"
    assert document.caption == "🧪 TEST\n\n"
    assert sent[-1].text == "🧪 TEST\n\nhi"
