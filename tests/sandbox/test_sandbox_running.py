"""Ways of running the sandbox: start/stop, aiohttp's TestServer, serve_forever, test data."""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import sys
from pathlib import Path

import httpx
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sandbox_helpers import HUMO, NOT_LUHN, STATIC_TOKEN, ok

from bot.paylov.sandbox import PaylovSandbox, serve_forever

REPOSITORY = Path(__file__).resolve().parents[2]


async def test_the_app_runs_under_aiohttp_test_server() -> None:
    sandbox = PaylovSandbox()
    async with TestClient(TestServer(sandbox.app)) as client:
        answer = await client.get(
            "/servicePayment/list/", headers={"Authorization": f"Bearer {STATIC_TOKEN}"}
        )
        assert answer.status == 200
        assert (await answer.json())["result"]["services"]


async def test_start_gives_a_base_url_and_stop_frees_it() -> None:
    sandbox = PaylovSandbox()
    with pytest.raises(RuntimeError):
        _ = sandbox.url

    url = await sandbox.start()

    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
    assert sandbox.url == url
    await sandbox.stop()
    async with httpx.AsyncClient() as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(url + "servicePayment/list/")


async def test_serve_forever_serves_until_cancelled(capsys: pytest.CaptureFixture[str]) -> None:
    task = asyncio.create_task(serve_forever("127.0.0.1", 0))
    printed = ""
    for _ in range(100):
        await asyncio.sleep(0.02)
        printed += capsys.readouterr().out
        if "http://" in printed:
            break
    match = re.search(r"http://127\.0\.0\.1:\d+/", printed)
    assert match, printed
    async with httpx.AsyncClient(base_url=match.group(0)) as client:
        headers = {"Authorization": f"Bearer {STATIC_TOKEN}"}
        assert ok(await client.get("servicePayment/list/", headers=headers))["services"]

    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert task.done()
    assert HUMO[0] in printed  # the banner lists the test cards


def test_test_data_for_the_banner() -> None:
    data = PaylovSandbox().test_data()

    cards = {card.number: card for card in data.cards}
    assert cards[HUMO[0]].expiry == "03/28"
    assert cards[HUMO[0]].expire_date == HUMO[1]
    assert cards[HUMO[0]].otp == HUMO[2]
    assert cards[NOT_LUHN[0]].vendor == "Uzcard"
    assert any(card.balance < 1_000_000 for card in data.cards)  # the poor card
    electricity = next(a for a in data.accounts if a.service_name == "Плата за электроэнергию")
    assert electricity.shown["Регион"] == "г. Ташкент"
    assert electricity.info["Баланс"].endswith("UZS")
    services_with_info = {account.service_id for account in data.accounts}
    assert len(services_with_info) >= 10
    lines = "\n".join(data.lines())
    assert "9860090101059377  03/28  456788" in lines


@pytest.mark.parametrize("module", [["bot", "sandbox"], ["bot.paylov.sandbox"]])
async def test_ctrl_c_stops_the_command_line_sandbox_quietly(module: list[str]) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        *module,
        "--port",
        "0",
        cwd=REPOSITORY,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        banner = await asyncio.wait_for(process.stdout.readline(), timeout=30)
        assert b"http://127.0.0.1:" in banner
        process.send_signal(signal.SIGINT)
        _, errors = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert b"Traceback" not in errors, errors.decode()
    assert b"KeyboardInterrupt" not in errors
    assert process.returncode == 0
