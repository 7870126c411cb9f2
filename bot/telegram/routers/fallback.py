"""Last in line: stale buttons and messages no step is waiting for, and chats other than private.

The bot serves private chats only. In a group or a channel a command gets one answer pointing to
the private chat, other messages get none, and a button on a message there is stale.
"""

from __future__ import annotations

import re

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.telegram.context import ChatContext
from bot.telegram.filters import IN_PRIVATE_CHAT, PRESSED_IN_PRIVATE_CHAT
from bot.telegram.middlewares import ANSWERS_ITSELF
from bot.telegram.screens import menu

# Any command addressed to this bot (aiogram drops "/pay@another_bot" by itself).
ANY_COMMAND = Command(re.compile(r".+"))


async def on_stale_button(_: CallbackQuery, ctx: ChatContext) -> None:
    """A button from an old message or a finished flow: change nothing, say so."""
    await ctx.alert(ctx.t("stale-button"))


async def on_unexpected_message(_: Message, ctx: ChatContext) -> None:
    await ctx.send(menu.ended(ctx.i18n, ctx.t("not-understood")))


async def on_command_outside_private_chat(message: Message, bot: Bot, i18n: I18nContext) -> None:
    me = await bot.me()
    await message.answer(i18n.get("private-only", bot=me.username or me.first_name))


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.callback_query.register(on_stale_button, flags=ANSWERS_ITSELF)
    router.message.register(on_unexpected_message)
    return router


def build_outside_private_router() -> Router:
    """Groups, supergroups and channels: see the module docstring."""
    router = Router(name=f"{__name__}.outside_private")
    router.message.filter(~IN_PRIVATE_CHAT)
    router.callback_query.filter(~PRESSED_IN_PRIVATE_CHAT)
    router.message.register(on_command_outside_private_chat, ANY_COMMAND)
    router.channel_post.register(on_command_outside_private_chat, ANY_COMMAND)
    router.callback_query.register(on_stale_button, flags=ANSWERS_ITSELF)
    return router
