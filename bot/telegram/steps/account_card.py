"""A saved account's card as /accounts and its reminder both show it: the account, and its
monthly reminder where the service can have one (what it owes can be told from `info`)."""

from __future__ import annotations

from bot.payments import debts
from bot.storage.repositories import SavedAccountRecord
from bot.telegram.context import ChatContext
from bot.telegram.screens import Screen
from bot.telegram.screens import accounts as screens
from bot.telegram.screens.reminders import ReminderView


async def account_card(ctx: ChatContext, saved: SavedAccountRecord) -> Screen:
    fields = await ctx.services.catalogue.fields_or_none(saved.service_id)
    reminder = None
    if debts.knows(saved.service_id):
        current = await ctx.services.repos.reminders.get(saved.id, ctx.user_id)
        reminder = ReminderView(current)
    return screens.account_card(ctx.i18n, saved, fields, reminder)
