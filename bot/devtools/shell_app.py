"""`python -m bot shell`: the real dispatcher and handlers, the embedded Paylov sandbox and a
local SQLite file, with this terminal as the Telegram chat."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import TextIO

from sqlalchemy.engine import make_url

from bot.app import PaybotApp, open_app, start_dispatcher, stop_dispatcher
from bot.config import Settings
from bot.devtools.shell import run_shell
from bot.devtools.standin import FakeUser, TelegramStandIn, make_bot
from bot.payments.reminders import ReminderJob
from bot.payments.tashkent import TASHKENT

USAGE = (
    "Type /start to begin. A number presses the button shown with it; /contact shares your\n"
    "phone number; /remind YYYY-MM-DD runs the monthly reminders as on that day; /quit ends.\n"
    "Everything else is sent to the bot as a message."
)


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


def banner(settings: Settings, sandbox_lines: list[str], *, admin: bool) -> str:
    lines = [
        "paybot shell — the real bot, the embedded Paylov sandbox, no real money.",
        # A server database's URL may hold a password.
        f"Database: {make_url(settings.database.url).render_as_string(hide_password=True)}",
    ]
    if admin:
        lines.append("You are an admin: /payments, /tx, /stats and /export work for you.")
    return "\n".join([*lines, "", *sandbox_lines, "", USAGE, ""])


async def run_terminal_chat(
    settings: Settings,
    *,
    user_id: int,
    language: str,
    phone: str,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    async with open_app(settings) as app:
        bot = make_bot()
        standin = TelegramStandIn(app.dispatcher, bot)
        await start_dispatcher(app.dispatcher, bot)
        try:
            user = FakeUser(id=user_id, first_name="You", language_code=language, phone=phone)
            sandbox_lines = app.sandbox.test_data().lines() if app.sandbox else []
            text = banner(settings, sandbox_lines, admin=user_id in settings.telegram.admin_ids)
            await run_shell(
                standin,
                user,
                stdin=stdin,
                stdout=stdout,
                banner=text,
                is_tty=stdin.isatty(),
                remind=reminders_on(app),
            )
        finally:
            await stop_dispatcher(app.dispatcher, bot)
            await bot.session.close()
    return 0
