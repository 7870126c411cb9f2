"""`python -m bot run` against a fake Telegram Bot API server over real HTTP.

The stand-in used by the other tests replaces aiogram's session; these tests keep aiogram's real
aiohttp session and point it at a local server with TELEGRAM_API_URL, so long polling, the
webhook server and the test-mode marker run exactly as in production.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiogram.methods import SendDocument, SendMessage, SendPhoto
from aiogram.types import BufferedInputFile
from aiohttp import web
from pydantic import SecretStr

from bot.config import Settings
from bot.runner import SandboxModeMarker, run_telegram

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


@dataclass
class FakeBotApi:
    """Answers the Bot API methods the bot calls, and records every call."""

    updates: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    next_message_id: int = 100

    def of(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    async def wait_for(self, check: Callable[[], bool], seconds: float = 10.0) -> None:
        async with asyncio.timeout(seconds):
            while not check():
                self.changed.clear()
                await self.changed.wait()

    async def handle(self, request: web.Request) -> web.Response:
        assert request.match_info["token"] == TOKEN
        method = request.match_info["method"].lower()
        params = {key: _decode(value) for key, value in (await request.post()).items()}
        if method == "getupdates":
            result: Any = await self._updates(params)
        else:
            self.calls.append((method, params))
            self.changed.set()
            result = self._result(method, params)
        return web.json_response({"ok": True, "result": result})

    async def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        waiting = [u for u in self.updates if u["update_id"] >= offset]
        if not waiting:
            await asyncio.sleep(0.05)  # a short long-poll
        return waiting

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getme":
            return {"id": 1, "is_bot": True, "first_name": "Paybot", "username": "paybot_bot"}
        if method in {"sendmessage", "editmessagetext"}:
            self.next_message_id += 1
            return {
                "message_id": self.next_message_id,
                "date": 1_700_000_000,
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "text": params["text"],
            }
        return True


def _decode(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


@pytest.fixture
async def bot_api() -> AsyncIterator[tuple[FakeBotApi, str]]:
    api = FakeBotApi()
    application = web.Application()
    application.router.add_post("/bot{token}/{method}", api.handle)
    runner = web.AppRunner(application)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield api, f"http://127.0.0.1:{port}"
    await runner.cleanup()


def _settings(tmp_path: Path, api_url: str) -> Settings:
    settings = Settings(_env_file=None)
    settings.telegram.token = SecretStr(TOKEN)
    settings.telegram.api_url = api_url
    settings.paylov.sandbox = True  # the embedded sandbox, as PAYLOV_SANDBOX=true
    settings.database.url = f"sqlite+aiosqlite:///{tmp_path / 'paybot.sqlite3'}"
    return settings


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_long_polling_answers_and_marks_every_screen_as_a_test(
    bot_api: tuple[FakeBotApi, str], tmp_path: Path
) -> None:
    api, url = bot_api
    api.updates.append(start_update())
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
