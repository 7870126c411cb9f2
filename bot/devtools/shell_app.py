"""`python -m bot shell`: the real dispatcher and handlers, the embedded Paylov sandbox and a
local SQLite file, with this terminal as the Telegram chat.

The sandbox keeps its cards and transactions in a JSON file beside the SQLite file
(`paybot.sqlite3` → `paybot.sandbox.json`), so a second run in the same folder continues where
the first ended: the bot's saved cards are still linked, history, /payments and /tx agree with
Paylov's side. The two files are one state: deleting the database discards the sandbox's file.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url

from bot.app import PaybotApp, open_app, start_dispatcher, stop_dispatcher
from bot.config import Settings
from bot.devtools.shell import run_shell
from bot.devtools.shell_texts import ShellTexts
from bot.devtools.standin import FakeUser, TelegramStandIn, make_bot
from bot.paylov.sandbox import PaylovSandbox, TestData
from bot.payments.reminders import ReminderJob
from bot.payments.tashkent import TASHKENT
from bot.storage.db import is_sqlite_memory

STATE_SUFFIX = ".sandbox.json"


class Continuity(StrEnum):
    """How this run's sandbox relates to the database's earlier runs."""

    CONTINUING = "continuing"  # both files were there: carry on
    FRESH = "fresh"  # no database yet: both start now (a stale sandbox file is dropped)
    STATE_MISSING = "state-missing"  # a database from before the sandbox kept its state
    FORGETS = "forgets"  # a server database: the sandbox has no folder to keep its state in
    IN_MEMORY = "in-memory"  # nothing outlives the run on either side


@dataclass(frozen=True)
class SandboxFiles:
    continuity: Continuity
    database: Path | None = None
    state: Path | None = None


def sandbox_files(database_url: str) -> SandboxFiles:
    """Where the shell's sandbox keeps its state, decided before the database is opened (the
    bot creates the file on opening)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return SandboxFiles(Continuity.FORGETS)
    if is_sqlite_memory(url) or not url.database:
        return SandboxFiles(Continuity.IN_MEMORY)
    database = Path(url.database)
    state = database.with_name(database.stem + STATE_SUFFIX)
    if not database.exists():
        # Its database is gone: that sandbox state belongs to nothing now.
        state.unlink(missing_ok=True)
        return SandboxFiles(Continuity.FRESH, database, state)
    kind = Continuity.CONTINUING if state.exists() else Continuity.STATE_MISSING
    return SandboxFiles(kind, database, state)


def reminders_on(app: PaybotApp) -> Callable[[date], Awaitable[int]]:
    """The reminder job's round as on `day` at 10:01 Tashkent, then the outbox's: the terminal
    chat cannot wait for the day itself."""

    async def remind(day: date) -> int:
        moment = datetime(day.year, day.month, day.day, 10, 1, tzinfo=TASHKENT)
        job = ReminderJob(app.repos, app.catalogue, clock=lambda: moment)
        result = await job.run_once()
        await app.outbox.run_once()
        return result.queued

    return remind


def sandbox_lines(data: TestData, texts: ShellTexts) -> list[str]:
    """The test accounts and cards, worded in the shell's language."""
    out = [texts.get("shell-accounts")]
    for item in data.accounts:
        typed = ", ".join(f"{title}: {value}" for title, value in item.shown.items())
        note = f"  ({item.note})" if item.note else ""
        out.append(f"  {item.service_name} — {typed}{note}")
    out.append(texts.get("shell-cards"))
    for card in data.cards:
        balance = texts.get("shell-balance", amount=f"{card.balance // 100:,}".replace(",", " "))
        note = f"  ({card.note})" if card.note else ""
        out.append(f"  {card.number}  {card.expiry}  {card.otp}  {balance}{note}")
    return out


def continuity_line(files: SandboxFiles, texts: ShellTexts) -> str | None:
    if files.continuity is Continuity.IN_MEMORY:
        return None
    if files.continuity is Continuity.FORGETS:
        return texts.get("shell-forgets")
    assert files.database is not None and files.state is not None
    return texts.get(
        f"shell-{files.continuity.value}", database=str(files.database), state=files.state.name
    )


def banner(
    settings: Settings,
    sandbox_lines: list[str],
    *,
    admin: bool,
    texts: ShellTexts | None = None,
    files: SandboxFiles | None = None,
) -> str:
    texts = texts or ShellTexts("en")
    # A server database's URL may hold a password.
    url = make_url(settings.database.url).render_as_string(hide_password=True)
    lines = [texts.get("shell-title"), texts.get("shell-database", url=url)]
    if files is not None and (line := continuity_line(files, texts)) is not None:
        lines.append(line)
    if admin:
        lines.append(texts.get("shell-admin"))
    return "\n".join([*lines, "", *sandbox_lines, "", texts.get("shell-usage"), ""])


async def run_terminal_chat(
    settings: Settings,
    *,
    user_id: int,
    language: str,
    phone: str,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    texts = ShellTexts(language)
    files = sandbox_files(settings.database.url)
    sandbox = PaylovSandbox(state_file=files.state)
    await sandbox.start()
    try:
        async with open_app(settings, sandbox=sandbox) as app:
            bot = make_bot()
            standin = TelegramStandIn(app.dispatcher, bot)
            await start_dispatcher(app.dispatcher, bot)
            try:
                user = FakeUser(id=user_id, first_name="You", language_code=language, phone=phone)
                lines = sandbox_lines(sandbox.test_data(texts.language), texts)
                admin = user_id in settings.telegram.admin_ids
                await run_shell(
                    standin,
                    user,
                    stdin=stdin,
                    stdout=stdout,
                    banner=banner(settings, lines, admin=admin, texts=texts, files=files),
                    is_tty=stdin.isatty(),
                    remind=reminders_on(app),
                )
            finally:
                await stop_dispatcher(app.dispatcher, bot)
                await bot.session.close()
    finally:
        await sandbox.stop()
    return 0
