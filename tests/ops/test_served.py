"""The ops routes where `python -m bot run` serves them: on OPS_PORT in polling mode, on the
webhook server in webhook mode (aiogram's real session against the fake Bot API server)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from pydantic import SecretStr

from bot.runner import run_telegram
from tests.ops.conftest import samples, value
from tests.process.fake_bot_api import FakeBotApi
from tests.runner.test_run import CUSTOMER, _free_port, _settings, _stop, bot_api  # noqa: F401


async def _answering(client: httpx.AsyncClient, url: str) -> httpx.Response:
    """The first answer of `url` once its server listens (it starts after the bot's startup)."""
    async with asyncio.timeout(30):
        while True:
            try:
                return await client.get(url)
            except httpx.ConnectError:
                await asyncio.sleep(0.05)


async def test_polling_mode_serves_them_on_the_ops_port(
    bot_api: tuple[FakeBotApi, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    api, url = bot_api
    settings = _settings(tmp_path, url)
    settings.ops.host, settings.ops.port = "127.0.0.1", _free_port()
    base = f"http://127.0.0.1:{settings.ops.port}"
    await api.send_text(CUSTOMER, "/start")
    task = asyncio.create_task(run_telegram(settings))
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            assert (await _answering(client, base + "/healthz")).status_code == 200
            await api.wait_for(lambda: bool(api.of("sendmessage")))
            ready = await client.get(base + "/readyz")
            assert ready.status_code == 200, ready.json()  # the embedded sandbox is Paylov
            scraped = samples((await client.get(base + "/metrics")).text)
    finally:
        await _stop(task)
    start = "bot.telegram.routers.start.on_start"
    assert value(scraped, "paybot_updates_total", handler=start, outcome="handled") == 1
    assert value(scraped, "paybot_bot_api_requests_total", method="sendMessage") >= 1
    assert value(scraped, "paybot_bot_api_requests_total", method="getUpdates") >= 1


async def test_webhook_mode_serves_them_beside_the_webhook(
    bot_api: tuple[FakeBotApi, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    _, url = bot_api
    settings = _settings(tmp_path, url)
    settings.telegram.mode = "webhook"
    settings.telegram.webhook_url = "https://paybot.example.uz/"
    settings.telegram.webhook_secret = SecretStr("hook-secret")
    settings.telegram.webhook_host = "127.0.0.1"
    settings.telegram.webhook_port = _free_port()
    settings.ops.port = _free_port()  # not served in webhook mode: the webhook server has them
    base = f"http://127.0.0.1:{settings.telegram.webhook_port}"
    task = asyncio.create_task(run_telegram(settings))
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            assert (await _answering(client, base + "/healthz")).json() == {"status": "ok"}
            assert (await client.get(base + "/readyz")).status_code == 200
            metrics = await client.get(base + "/metrics")
            assert "paybot_paylov_calls_total" in metrics.text
            try:
                await client.get(f"http://127.0.0.1:{settings.ops.port}/healthz")
                raise AssertionError("an ops server in webhook mode")
            except httpx.ConnectError:
                pass
    finally:
        await _stop(task)
