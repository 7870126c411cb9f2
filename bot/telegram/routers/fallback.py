"""Last in line: stale buttons and messages no step is waiting for."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.telegram import keyboards as kb


async def on_stale_button(callback: CallbackQuery, i18n: I18nContext) -> None:
    """A button from an old message or a finished flow: change nothing, say so."""
    await callback.answer(i18n.get("stale-button"), show_alert=True)


async def on_unexpected_message(message: Message, bot: Bot, i18n: I18nContext) -> None:
    await bot.send_message(
        message.chat.id, i18n.get("not-understood"), reply_markup=kb.main_menu(i18n)
    )


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.callback_query.register(on_stale_button)
    router.message.register(on_unexpected_message)
    return router
