"""/healthz and /readyz over real HTTP: everything up, the database gone, Paylov down (sandbox
faults), a bad Paylov token, Redis up and down; Paylov asked once however often it is scraped."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
import redis.asyncio

from bot.app import PaybotApp, open_app
from bot.config import Settings
from bot.ops.http import ops_server
from bot.paylov.sandbox import PaylovSandbox
from tests.conftest import sqlite_only
from tests.conversation.conftest import Paybot, make_settings
from tests.ops.conftest import scrape, value

# A real Redis when the environment names one (.ci/run's Redis pass does).
REDIS_URL = os.environ.get("PAYBOT_TEST_REDIS_URL")
STATUS = "servicePayment/transaction/status/"


@pytest.fixture
def settings(database_url: str) -> Settings:
    settings = make_settings(database_url)
    settings.ops.ready_cache = 3600.0  # a verdict is reused for the whole test
    return settings


@contextlib.asynccontextmanager
async def served(app: PaybotApp) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        ops_server(app.ops, "127.0.0.1", 0) as url,
        httpx.AsyncClient(base_url=url, timeout=30.0) as client,
    ):
        yield client


async def test_everything_up(ops: httpx.AsyncClient) -> None:
    alive = await ops.get("/healthz")
    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    ready = await ops.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "paylov"}  # no Redis: conversations are in the db


async def test_paylov_is_asked_once_however_often_readyz_is_scraped(
    ops: httpx.AsyncClient,
) -> None:
    answers = await asyncio.gather(*(ops.get("/readyz") for _ in range(5)))
    answers.append(await ops.get("/readyz"))
    assert [answer.status_code for answer in answers] == [200] * 6
    scraped = await scrape(ops)
    assert value(scraped, "paybot_paylov_calls_total", endpoint=STATUS, outcome="refused") == 1


@sqlite_only
async def test_the_database_gone(paybot: Paybot, ops: httpx.AsyncClient) -> None:
    await paybot.app.database.close()  # no connection kept open that would still read it
    for path in paybot.db_path.parent.glob(paybot.db_path.name + "*"):
        path.write_bytes(b"not a database any more " * 200)
    ready = await ops.get("/readyz")
    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "unavailable"
    assert body["failed"] == ["database"]
    assert body["checks"]["paylov"]["ok"]
    assert (await ops.get("/healthz")).status_code == 200  # alive all the same
    assert (await ops.get("/metrics")).status_code == 200  # the figures it could not read wait


async def test_paylov_down(paybot: Paybot, ops: httpx.AsyncClient) -> None:
    paybot.sandbox.faults.inject("status", "error_5xx", times=None)
    ready = await ops.get("/readyz")
    assert ready.status_code == 503
    body = ready.json()
    assert body["failed"] == ["paylov"]
    assert body["checks"]["paylov"]["detail"].startswith("unavailable")
    assert body["checks"]["database"]["ok"]


async def test_a_bad_paylov_token(settings: Settings) -> None:
    # This Paylov knows another token than the one the bot has.
    sandbox = PaylovSandbox(static_token="not-the-bots-token")
    await sandbox.start()
    try:
        async with open_app(settings, sandbox=sandbox) as app, served(app) as ops:
            ready = await ops.get("/readyz")
            assert ready.status_code == 503
            body = ready.json()
            assert body["failed"] == ["paylov"]
            assert body["checks"]["paylov"]["detail"].startswith("token refused")
    finally:
        await sandbox.stop()


async def _redis_up(url: str) -> bool:
    client = redis.asyncio.Redis.from_url(url)
    try:
        return bool(await client.ping())
    except (redis.RedisError, OSError):
        return False
    finally:
        await client.aclose()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once closed


async def test_redis_is_checked_when_conversations_are_kept_there(
    settings: Settings, sandbox: PaylovSandbox
) -> None:
    if REDIS_URL is None or not await _redis_up(REDIS_URL):
        pytest.skip(f"no Redis: PAYBOT_TEST_REDIS_URL={REDIS_URL}")
    settings.fsm.storage = "redis"
    settings.fsm.redis_url = REDIS_URL
    async with open_app(settings, sandbox=sandbox) as app, served(app) as ops:
        ready = await ops.get("/readyz")
        assert ready.status_code == 200, ready.json()
        assert ready.json()["checks"]["redis"] == {"ok": True, "detail": "ok"}


async def test_redis_down(settings: Settings, sandbox: PaylovSandbox) -> None:
    settings.fsm.storage = "redis"
    settings.fsm.redis_url = f"redis://127.0.0.1:{_closed_port()}/0"
    async with open_app(settings, sandbox=sandbox) as app, served(app) as ops:
        ready = await ops.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["failed"] == ["redis"]
