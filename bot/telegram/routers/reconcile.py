"""/reconcile [YYYY-MM-DD]: an admin compares a Tashkent day of payments with Paylov
(bot/payments/reconcile.py); yesterday without a date. The answer is a short summary, with the
CSV of the mismatches when there are any; what was clear is fixed on the way (the customers'
notices go out through the outbox).

For anyone not in `settings.telegram.admin_ids` the command does not exist: their updates fall
through to the fallback, as with the other admin commands. Optional workflow data
`report_today` (a `() -> date`) sets "today" for tests, as in the admin router.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.admin.query import EARLIEST_DAY, MAX_TOKEN, parse_day
from bot.admin.reports import tashkent_today
from bot.config import Settings
from bot.paylov.errors import PaylovUnavailable
from bot.payments.reconcile import Reconciler
from bot.telegram.context import ChatContext
from bot.telegram.outbox import Outbox
from bot.telegram.screens import reconcile as screens

Today = Callable[[], date]


async def is_admin(event: Message | CallbackQuery, settings: Settings) -> bool:
    return event.from_user is not None and event.from_user.id in settings.telegram.admin_ids


def read_day(args: str | None, today: date) -> date | str:
    """The day asked for, or the key of what is wrong with it. Today is allowed (a day so
    far); a day to come is not."""
    text = (args or "").strip()
    if not text:
        return today - timedelta(days=1)
    day = parse_day(text) if len(text) <= MAX_TOKEN and " " not in text else None
    if day is None:
        return "reconcile-bad-date"
    if not EARLIEST_DAY <= day <= today:
        return "reconcile-date-out-of-range"
    return day


async def on_reconcile(
    message: Message,
    command: CommandObject,
    ctx: ChatContext,
    reconciler: Reconciler,
    outbox: Outbox,
    report_today: Today = tashkent_today,
) -> None:
    today = report_today()
    day = read_day(command.args, today)
    if isinstance(day, str):
        shown = escape((command.args or "").strip()[:MAX_TOKEN])
        problem = ctx.t(day, token=shown, earliest=EARLIEST_DAY.isoformat(), today=str(today))
        await ctx.say(f"{problem}\n\n{ctx.t('reconcile-usage')}")
        return
    try:
        async with ctx.working():
            result = await reconciler.run(day)
    except PaylovUnavailable:
        await ctx.say(ctx.t("reconcile-unavailable", day=day.isoformat()))
        return
    if result.fixed():
        outbox.wake()  # the customers hear at once
    text = screens.summary(ctx.i18n, result)
    document = screens.csv_document(result)
    if document is None:
        await ctx.say(text)
    else:
        await ctx.bot.send_document(ctx.chat_id, document, caption=text)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(is_admin)
    router.message.register(on_reconcile, Command("reconcile"))
    return router
