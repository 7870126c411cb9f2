"""Monthly reminders of saved accounts: turning one on with its day, moving it, and turning it
off from the account's card or from the reminder message. Sending them is the reminder job's
(bot/payments/reminders.py) through the outbox; their Pay button is the quick repay's."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import BaseFilter
from aiogram.types import CallbackQuery

from bot.payments import debts
from bot.payments.reminders import DAYS
from bot.storage.repositories import SavedAccountRecord
from bot.telegram.callbacks import ReminderAction, ReminderCb
from bot.telegram.context import ChatContext
from bot.telegram.middlewares import ANSWERS_ITSELF, LEAVES_NAMING
from bot.telegram.screens import reminders as screens
from bot.telegram.steps.account_card import account_card


class OwnRemindable(BaseFilter):
    """The presser's saved account named by the button, as `saved`, when its service can have
    a reminder (with `any_service`, whatever its service: turning one off always works)."""

    def __init__(self, *, any_service: bool = False) -> None:
        self.any_service = any_service

    async def __call__(
        self, callback: CallbackQuery, callback_data: ReminderCb, ctx: ChatContext
    ) -> bool | dict[str, Any]:
        repos = ctx.services.repos
        saved = await repos.saved_accounts.get_for_user(callback_data.account, ctx.user_id)
        if saved is None or not (self.any_service or debts.knows(saved.service_id)):
            return False
        return {"saved": saved}


async def on_ask_day(_: object, ctx: ChatContext, saved: SavedAccountRecord) -> None:
    current = await ctx.services.repos.reminders.get(saved.id, ctx.user_id)
    await ctx.show(screens.day_picker(ctx.i18n, saved, current.day if current else None))


async def on_set_day(
    _: object, callback_data: ReminderCb, ctx: ChatContext, saved: SavedAccountRecord
) -> None:
    reminder = await ctx.services.repos.reminders.set(saved.id, ctx.user_id, callback_data.day)
    if reminder is None:  # deleted meanwhile (another device)
        await ctx.alert(ctx.t("not-found"))
        return
    await ctx.show((await account_card(ctx, saved)).under(screens.turned_on(ctx.i18n, reminder)))


async def on_off(_: object, ctx: ChatContext, saved: SavedAccountRecord) -> None:
    await ctx.services.repos.reminders.turn_off(saved.id, ctx.user_id)
    await ctx.show((await account_card(ctx, saved)).under(ctx.t("reminder-turned-off")))


async def on_off_from_message(_: object, ctx: ChatContext, saved: SavedAccountRecord) -> None:
    await ctx.services.repos.reminders.turn_off(saved.id, ctx.user_id)
    await ctx.show(screens.off_from_message(ctx.i18n, saved))


async def on_not_available(_: object, ctx: ChatContext) -> None:
    """The presser's account, but its service cannot tell what is owed: no reminder."""
    await ctx.alert(ctx.t("reminder-not-available"))


async def on_not_found(_: object, ctx: ChatContext) -> None:
    """Someone else's account, one deleted meanwhile, or a day no button of ours carries."""
    await ctx.alert(ctx.t("not-found"))


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    press = router.callback_query.register
    ask = ReminderCb.filter(F.action == ReminderAction.ASK)
    set_day = ReminderCb.filter((F.action == ReminderAction.SET) & F.day.in_(DAYS))
    off = ReminderCb.filter(F.action == ReminderAction.OFF)
    off_here = ReminderCb.filter(F.action == ReminderAction.OFF_MESSAGE)
    remindable, any_service = OwnRemindable(), OwnRemindable(any_service=True)
    press(on_ask_day, ask, remindable, flags=LEAVES_NAMING)
    press(on_set_day, set_day, remindable, flags=LEAVES_NAMING)
    press(on_off, off, any_service, flags=LEAVES_NAMING)
    press(on_off_from_message, off_here, any_service, flags=LEAVES_NAMING)
    press(on_not_available, ask, any_service, flags=ANSWERS_ITSELF)
    press(on_not_available, set_day, any_service, flags=ANSWERS_ITSELF)
    # Anything else of ours: someone else's account, or forged data.
    press(on_not_found, ReminderCb.filter(), flags=ANSWERS_ITSELF)
    return router
