"""The real bot as a process between a fake Telegram and the Paylov sandbox.

    harness = Harness(api, sandbox, workdir)        # the `harness` fixture builds this
    bot = await harness.start_bot()                 # `python -m bot run`, ready once it polls
    aziza = harness.customer(5001)
    await aziza.send("/start")                      # queued, then waited for: handled
    await aziza.press("English")
    assert "What would you like to do" in aziza.last_text
    bot.kill(); await bot.wait_exit()               # kill -9; SIGTERM is bot.terminate()
    again = await harness.start_bot()               # same SQLite file
    api.faults.inject("sendMessage", "server_error")

Every action of a `Customer` waits until some bot process has logged the update as handled
(aiogram's "Update id=N is handled"), so a test reads the chat only once the bot is done with
the update, without sleeps. An update handed to a process that dies before confirming it is
handed to the next poller, as Telegram would.

Webhook mode (`harness.env["BOT_MODE"] = "webhook"`): each process gets a port of its own for
its webhook server and joins the fake's load balancer once it serves; its readiness is its log
line "serving the webhook" instead of a first getUpdates.
"""

from __future__ import annotations

import itertools
import socket
from collections.abc import Iterator, Mapping
from pathlib import Path

from bot.app import SANDBOX_TOKEN
from bot.paylov.sandbox import PaylovSandbox
from tests.process.bot_process import BotProcess
from tests.process.fake_bot_api import FakeBotApi

# Short timers: the watcher rechecks twice a second, Paylov calls give up after 2 s.
FAST_SETTINGS: dict[str, str] = {
    "LOG_LEVEL": "INFO",
    "PAYMENTS_RECHECK_INTERVAL": "0.5",
    "PAYMENTS_IN_FLIGHT_GRACE": "5",
    "PAYLOV_CONNECT_TIMEOUT": "1",
    "PAYLOV_READ_TIMEOUT": "2",
    "PAYLOV_GET_RETRIES": "1",
    "PAYLOV_RETRY_BACKOFF": "0.05",
}
WEBHOOK_PATH = "/telegram/webhook"
START_TIMEOUT = 60.0  # importing aiogram takes several seconds of CPU on a busy machine
STEP_TIMEOUT = 15.0


class Harness:
    """Starts bot processes on one SQLite file and tracks them; see the module docstring."""

    def __init__(self, api: FakeBotApi, sandbox: PaylovSandbox, workdir: Path) -> None:
        self.api = api
        self.sandbox = sandbox
        self.workdir = workdir
        self.db_path = workdir / "paybot.sqlite3"
        self.env: dict[str, str] = {}  # extra settings for every process started from now on
        self.processes: list[BotProcess] = []
        self.ports: dict[str, int] = {}  # webhook mode: each process's webhook server
        self._numbers = itertools.count(1)

    @property
    def webhook(self) -> bool:
        return self.env.get("BOT_MODE") == "webhook"

    def settings(self, door: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment of one process: everything it reads, nothing from a `.env`."""
        return {
            "BOT_TOKEN": self.api.token,
            "TELEGRAM_API_URL": self.api.url_for(door),
            "PAYLOV_SANDBOX": "false",
            "PAYLOV_BASE_URL": self.sandbox.url,
            "PAYLOV_ACCESS_TOKEN": SANDBOX_TOKEN,  # PaylovSandbox's default static_token
            "PAYMENTS_LUHN_CHECK": "false",  # a published Paylov test card fails Luhn
            "DB_URL": f"sqlite+aiosqlite:///{self.db_path}",
            "OPS_PORT": "0",  # several processes at once: no ops server fighting for one port
            **FAST_SETTINGS,
            **self.env,
            **(extra or {}),
        }

    async def start_bot(
        self,
        name: str | None = None,
        *,
        env: Mapping[str, str] | None = None,
        ready: bool = True,
    ) -> BotProcess:
        """Start `python -m bot run` (cwd: the work directory, which has no `.env`); with
        `ready`, return once it has asked for updates. `name` is its door on the fake API
        (`via=` routes updates to it); by default bot-1, bot-2, ..."""
        name = name or f"bot-{next(self._numbers)}"
        assert not (self.workdir / ".env").exists(), "Settings would read it"
        extra = dict(env or {})
        if self.webhook:
            self.ports[name] = _free_port()
            extra.update(
                {
                    "BOT_WEBHOOK_HOST": "127.0.0.1",
                    "BOT_WEBHOOK_PORT": str(self.ports[name]),
                    "BOT_WEBHOOK_PATH": WEBHOOK_PATH,
                }
            )
        process = await BotProcess.start(
            name,
            self.settings(name, extra),
            cwd=self.workdir,
            log_path=self.workdir / f"{name}.log",
            changes=self.api.changes,
            on_exit=lambda gone: self.api.retire(gone.name),
        )
        self.processes.append(process)
        if ready:
            await self.wait_ready(process)
        return process

    async def wait_ready(self, process: BotProcess, timeout: float = START_TIMEOUT) -> None:  # noqa: ASYNC109
        """Until the process has called getUpdates (startup done, polling), or in webhook mode
        serves its webhook; then it joins the load balancer."""
        door = self.api.door(process.name)
        await self.api.wait_for(
            lambda: door.polls > 0 or process.serving_webhook or not process.running,
            timeout,
            lambda: f"{process.describe()} never got ready; log:\n{process.log_tail()}",
        )
        if not process.running:
            raise AssertionError(f"{process.describe()} exited at start:\n{process.log_tail()}")
        if self.webhook:
            port = self.ports[process.name]
            self.api.add_backend(process.name, f"http://127.0.0.1:{port}{WEBHOOK_PATH}")

    async def wait_idle(self, process: BotProcess, timeout: float = STEP_TIMEOUT) -> None:  # noqa: ASYNC109
        """Until every update handed to the process is handled and confirmed (its next
        getUpdates came): a kill now loses nothing and makes Telegram re-send nothing."""
        door = self.api.door(process.name)
        await self.api.wait_for(
            lambda: not door.in_flight and all(process.has_handled(i) for i in door.handed),
            timeout,
            lambda: self.explain(),
        )

    async def running_bot(self) -> BotProcess:
        """The newest process still running, or a new one."""
        alive = [process for process in self.processes if process.running]
        return alive[-1] if alive else await self.start_bot()

    def customer(self, user_id: int, *, via: str | None = None) -> Customer:
        """A Telegram user whose every action waits until a bot process handled it."""
        self.api.user(user_id)
        return Customer(self, user_id, via)

    def handler_of(self, update_id: int) -> BotProcess | None:
        return next((p for p in self.processes if p.has_handled(update_id)), None)

    async def handled(self, update_id: int, timeout: float = STEP_TIMEOUT) -> BotProcess:  # noqa: ASYNC109
        """The process that handled this update, once one has."""
        return await self.api.wait_for(
            lambda: self.handler_of(update_id), timeout, lambda: self.explain(update_id)
        )

    def explain(self, update_id: int | None = None) -> str:
        lines = []
        if update_id is not None:
            door = self.api.door_of(update_id)
            where = f"handed to {door.name}" if door else "not handed out"
            lines.append(f"update {update_id}: {where}; queued: {self.api.pending}")
        for process in self.processes:
            lines.append(f"--- {process.describe()}:\n{process.log_tail(15)}")
        return "\n".join(lines)

    async def stop_all(self) -> None:
        """Kill every process still running and wait for it."""
        for process in self.processes:
            await process.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Customer:
    """One user of the fake Telegram. Their updates go to the first bot that polls, or to the
    doors given by `route` (in turn); each action returns the process that handled it."""

    def __init__(self, harness: Harness, user_id: int, via: str | None) -> None:
        self.harness = harness
        self.api = harness.api
        self.id = user_id
        self.handlers: list[BotProcess] = []  # who handled each action, in order
        self.route(*([via] if via else []))

    def route(self, *doors: str) -> None:
        """Send the next updates to these doors in turn (none: to whoever polls first)."""
        turns: Iterator[str | None] = itertools.cycle(doors) if doors else itertools.repeat(None)
        self._next_door = lambda: next(turns)

    async def send(self, text: str) -> BotProcess:
        """Type `text` (a /command too)."""
        return await self._done(await self.api.send_text(self.id, text, via=self._next_door()))

    async def share_contact(self, phone: str | None = None) -> BotProcess:
        update_id = await self.api.share_contact(self.id, phone, via=self._next_door())
        return await self._done(update_id)

    async def press(self, label: str) -> BotProcess:
        """Tap the inline button `label` on the newest bot message that has it."""
        return await self._done(await self.api.press(self.id, label, via=self._next_door()))

    async def _done(self, update_id: int) -> BotProcess:
        handler = await self.harness.handled(update_id)
        self.handlers.append(handler)
        return handler

    @property
    def last_text(self) -> str:
        return self.api.last_text(self.id)

    @property
    def texts(self) -> list[str]:
        return self.api.texts(self.id)

    def reply_keyboard(self) -> list[list[str]] | None:
        return self.api.reply_keyboard(self.id)

    def transcript(self) -> str:
        return self.api.transcript(self.id)
