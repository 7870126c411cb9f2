"""/start, the main menu, /language, /help and /cancel."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.payments.payment_flow import PaymentFlow
from bot.storage.repositories import UserRecord
from bot.telegram import keyboards as kb
from bot.telegram.callbacks import LangCb, MenuCb
from bot.telegram.commands import set_chat_menu
from bot.telegram.i18n import LANGUAGES
from bot.telegram.routers.pay import abandon_flow


async def send_menu(bot: Bot, chat_id: int, i18n: I18nContext, intro: str = "") -> None:
    text = i18n.get("menu-title")
    await bot.send_message(
        chat_id, f"{intro}\n\n{text}" if intro else text, reply_markup=kb.main_menu(i18n)
    )


async def on_start(
    message: Message,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    user: UserRecord,
    payments: PaymentFlow,
) -> None:
    await abandon_flow(state, payments, message.chat.id)
    if user.language is None:
        await message.answer(i18n.get("language-choose"), reply_markup=kb.languages())
        return
    await send_menu(bot, message.chat.id, i18n, i18n.get("welcome"))


async def on_language(event: Message | CallbackQuery, bot: Bot, i18n: I18nContext) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer()
    chat_id = event.from_user.id if event.from_user else 0
    await bot.send_message(chat_id, i18n.get("language-choose"), reply_markup=kb.languages())


async def on_language_chosen(
    callback: CallbackQuery,
    callback_data: LangCb,
    bot: Bot,
    i18n: I18nContext,
    settings: Settings,
) -> None:
    await i18n.set_locale(callback_data.code)
    await callback.answer(i18n.get("language-set"))
    is_admin = callback.from_user.id in settings.telegram.admin_ids
    await set_chat_menu(bot, i18n.core, callback.from_user.id, i18n.locale, admin=is_admin)
    if callback.message is not None:
        await bot.edit_message_text(
            text=i18n.get("language-set"),
            chat_id=callback.from_user.id,
            message_id=callback.message.message_id,
        )
    await send_menu(bot, callback.from_user.id, i18n)


async def on_help(
    event: Message | CallbackQuery, bot: Bot, i18n: I18nContext, settings: Settings
) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer()
    chat_id = event.from_user.id if event.from_user else 0
    text = i18n.get("help")
    if chat_id in settings.telegram.admin_ids:  # nobody else learns the admin commands exist
        text = f"{text}\n\n{i18n.get('help-admin')}"
    await bot.send_message(chat_id, text, reply_markup=kb.main_menu(i18n))


async def on_cancel(
    message: Message, bot: Bot, state: FSMContext, i18n: I18nContext, payments: PaymentFlow
) -> None:
    was_active = await state.get_state() is not None
    await abandon_flow(state, payments, message.chat.id)
    key = "flow-cancelled" if was_active else "nothing-to-cancel"
    await message.answer(i18n.get(key), reply_markup=kb.remove_reply())
    await send_menu(bot, message.chat.id, i18n)


async def on_menu(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    payments: PaymentFlow,
) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer()
    chat_id = event.from_user.id if event.from_user else 0
    await abandon_flow(state, payments, chat_id)
    await send_menu(bot, chat_id, i18n)


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(on_start, CommandStart())
    router.message.register(on_language, Command("language"))
    router.callback_query.register(on_language, MenuCb.filter(F.action == "language"))
    router.callback_query.register(on_language_chosen, LangCb.filter(F.code.in_(LANGUAGES)))
    router.message.register(on_help, Command("help"))
    router.callback_query.register(on_help, MenuCb.filter(F.action == "help"))
    router.message.register(on_cancel, Command("cancel"))
    router.message.register(on_menu, Command("menu"))
    router.callback_query.register(on_menu, MenuCb.filter(F.action == "menu"))
    return router
