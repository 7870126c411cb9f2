"""How fast the bot walks a customer from /start to a receipt, and what it holds in memory.

Runs N complete electricity payments (each a new customer) through the real dispatcher, the
Paylov sandbox over HTTP on 127.0.0.1 and a SQLite file, and prints figures:

    python benchmarks/payments.py [N]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bot.app import open_app, start_dispatcher, stop_dispatcher
from bot.config import Settings
from bot.devtools.standin import FakeUser, TelegramStandIn, make_bot
from bot.paylov.sandbox import PaylovSandbox

STEPS: list[tuple[str, str]] = [
    ("send", "/start"), ("press", "English"), ("press", "Pay"),
    ("press", "Utilities"), ("press", "Electricity"),
    ("press", "г. Ташкент"), ("press", "26290 - Яшнабадский ЭСП"), ("send", "1000000"),
    ("send", "10000"), ("contact", ""), ("send", "09/29"),
    ("send", "8600001234567878"), ("send", "456799"), ("press", "Confirm and pay"),
    ("send", "456799"),
]  # fmt: skip


async def one_payment(tg: TelegramStandIn, user: FakeUser) -> float:
    started = time.perf_counter()
    for kind, value in STEPS:
        if kind == "send":
            await tg.send(user, value)
        elif kind == "press":
            await tg.press(user, value)
        else:
            await tg.share_contact(user, user.phone)
    return time.perf_counter() - started


async def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(_env_file=None)
        settings.database.url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        sandbox = PaylovSandbox()
        await sandbox.start()
        tracemalloc.start()
        async with open_app(settings, sandbox=sandbox) as app:
            bot = make_bot()
            await start_dispatcher(app.dispatcher, bot)
            tg = TelegramStandIn(app.dispatcher, bot)
            durations = [
                await one_payment(tg, FakeUser(id=10_000 + n, first_name="B")) for n in range(count)
            ]
            _, peak = tracemalloc.get_traced_memory()
            await stop_dispatcher(app.dispatcher, bot)
        await sandbox.stop()
    updates = len(STEPS)
    print(f"payments: {count}, updates each: {updates}")
    print(
        f"per payment: median {statistics.median(durations) * 1000:.0f} ms, "
        f"max {max(durations) * 1000:.0f} ms"
    )
    print(f"per update: {statistics.median(durations) / updates * 1000:.1f} ms (median payment)")
    print(f"charges in the sandbox ledger: {sandbox.ledger.total()}")
    print(f"peak traced memory: {peak / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
