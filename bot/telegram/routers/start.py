"""/start, the main menu, /language, /help and /cancel."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery

from bot.config import Settings
from bot.telegram.callbacks import LangCb, MenuAction, MenuCb
from bot.telegram.commands import set_chat_menu
from bot.telegram.context import ChatContext
from bot.telegram.i18n import LANGUAGES
from bot.telegram.middlewares import ANSWERS_ITSELF, LEAVES_FLOW
from bot.telegram.screens import Screen, menu
from bot.telegram.steps.leaving import tell_cancelled


def contacts_of(settings: Settings) -> menu.Contacts:
    telegram = settings.telegram
    return menu.Contacts(support=telegram.support_contact, terms=telegram.terms_url)


async def home_screen(ctx: ChatContext, intro: str = "") -> Screen:
    """The main screen with the customer's saved accounts and what each owes (a bounded wait)."""
    accounts = await ctx.services.debts.for_menu(ctx.user_id)
    return menu.home(ctx.i18n, accounts, intro)


async def on_start(_: object, ctx: ChatContext) -> None:
    if ctx.user.language is None:  # a new customer: the language first, then the intro
        await ctx.send(menu.language_choice(ctx.i18n))
        return
    await ctx.send(await home_screen(ctx, ctx.t("welcome")))


async def on_language(_: object, ctx: ChatContext) -> None:
    await ctx.send(menu.language_choice(ctx.i18n))


async def on_language_chosen(
    callback: CallbackQuery, callback_data: LangCb, ctx: ChatContext, settings: Settings
) -> None:
    i18n = ctx.i18n
    first = ctx.user.language is None  # read as the update began, before this choice
    await i18n.set_locale(callback_data.code)
    await ctx.answer(i18n.get("language-set"))
    is_admin = ctx.user_id in settings.telegram.admin_ids
    await set_chat_menu(ctx.bot, i18n.core, ctx.user_id, i18n.locale, admin=is_admin)
    if ctx.pressed_id is not None:
        await ctx.bot.edit_message_text(
            text=i18n.get("language-set"), chat_id=ctx.chat_id, message_id=ctx.pressed_id
        )
    intro = menu.first_intro(i18n, contacts_of(settings)) if first else ""
    await ctx.send(await home_screen(ctx, intro))


async def on_help(_: object, ctx: ChatContext, settings: Settings) -> None:
    admin = ctx.user_id in settings.telegram.admin_ids
    await ctx.send(menu.help_screen(ctx.i18n, admin=admin, contacts=contacts_of(settings)))


async def on_cancel(_: object, ctx: ChatContext) -> None:
    await tell_cancelled(ctx)


async def on_menu(_: object, ctx: ChatContext) -> None:
    await ctx.send(await home_screen(ctx))


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(on_start, CommandStart(), flags=LEAVES_FLOW)
    router.message.register(on_language, Command("language"))
    router.callback_query.register(on_language, MenuCb.filter(F.action == MenuAction.LANGUAGE))
    router.callback_query.register(
        on_language_chosen, LangCb.filter(F.code.in_(LANGUAGES)), flags=ANSWERS_ITSELF
    )
    router.message.register(on_help, Command("help"))
    router.callback_query.register(on_help, MenuCb.filter(F.action == MenuAction.HELP))
    router.message.register(on_cancel, Command("cancel"), flags=LEAVES_FLOW)
    router.message.register(on_menu, Command("menu"), flags=LEAVES_FLOW)
    router.callback_query.register(
        on_menu, MenuCb.filter(F.action == MenuAction.MENU), flags=LEAVES_FLOW
    )
    return router
