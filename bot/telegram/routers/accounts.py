"""Saved accounts: the list (/accounts), one account, renaming and deleting it. Paying one is
the quick repay's (routers/repay.py); saving one from a receipt is routers/receipts.py's."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.types import Message

from bot.payments.saved_accounts import (
    NAME_MAX,
    BadName,
    NoSuchAccount,
    Renamed,
    RenameOutcome,
)
from bot.storage.repositories import SavedAccountRecord
from bot.telegram.callbacks import AccountAction, AccountCb, MenuAction, MenuCb
from bot.telegram.context import ChatContext
from bot.telegram.draft import NameStep, load_name_step, save_name_step
from bot.telegram.filters import NOT_A_COMMAND, NOT_TEXT, OwnSavedAccount
from bot.telegram.middlewares import ANSWERS_ITSELF, LEAVES_FLOW, LEAVES_NAMING
from bot.telegram.screens import Screen
from bot.telegram.screens import accounts as screens
from bot.telegram.states import SavedAccounts
from bot.telegram.steps.account_card import account_card


async def account_list(ctx: ChatContext, page: int = 0) -> Screen:
    saved = await ctx.services.repos.saved_accounts.list_for_user(ctx.user_id)
    return screens.account_list(ctx.i18n, saved, page)


async def on_accounts(_: object, ctx: ChatContext) -> None:
    await ctx.send(await account_list(ctx))


async def on_list(_: object, callback_data: AccountCb, ctx: ChatContext) -> None:
    await ctx.show(await account_list(ctx, callback_data.arg))


async def on_open(_: object, ctx: ChatContext, saved: SavedAccountRecord) -> None:
    await ctx.show(await account_card(ctx, saved))


async def on_rename(_: object, ctx: ChatContext, saved: SavedAccountRecord) -> None:
    prompt_id = await ctx.show(screens.rename_prompt(ctx.i18n, saved))
    await ctx.state.set_state(SavedAccounts.renaming)
    await save_name_step(ctx.state, NameStep(account_id=saved.id, prompt_id=prompt_id))


async def on_new_name(message: Message, ctx: ChatContext) -> None:
    step = await load_name_step(ctx.state)
    renamed: RenameOutcome = NoSuchAccount()
    if step.account_id is not None:
        book = ctx.services.saved_accounts
        renamed = await book.rename(ctx.user_id, step.account_id, message.text or "")
    if isinstance(renamed, BadName):  # the question stands
        await ctx.say("⚠️ " + ctx.t("account-name-invalid", max=NAME_MAX))
        return
    await ctx.state.clear()
    await ctx.retire(step.prompt_id)
    match renamed:
        case Renamed(saved=saved):
            notice = ctx.t("account-renamed", name=escape(saved.name))
            await ctx.send((await account_card(ctx, saved)).under(notice))
        case NoSuchAccount():  # deleted meanwhile (another device): nothing left to rename
            await ctx.send((await account_list(ctx)).under(ctx.t("not-found")))


async def on_delete(_: object, ctx: ChatContext, saved: SavedAccountRecord) -> None:
    await ctx.show(screens.delete_confirm(ctx.i18n, saved))


async def on_confirm_delete(_: object, callback_data: AccountCb, ctx: ChatContext) -> None:
    # Ownership is in the DELETE itself: someone else's id deletes nothing.
    if not await ctx.services.repos.saved_accounts.delete(callback_data.arg, ctx.user_id):
        await ctx.alert(ctx.t("not-found"))
        return
    await ctx.show((await account_list(ctx)).under(ctx.t("account-deleted")))


async def on_not_found(_: object, ctx: ChatContext) -> None:
    await ctx.alert(ctx.t("not-found"))


_OWNED_ACTIONS = {AccountAction.OPEN, AccountAction.RENAME, AccountAction.DELETE}


async def on_name_not_text(_: object, ctx: ChatContext) -> None:
    """A photo or sticker instead of a name: the question stands."""
    await ctx.say("⚠️ " + ctx.t("type-as-message"))


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(on_accounts, Command("accounts"), flags=LEAVES_FLOW)
    menu_entry = MenuCb.filter(F.action == MenuAction.ACCOUNTS)
    router.callback_query.register(on_accounts, menu_entry, flags=LEAVES_FLOW)

    press = router.callback_query.register
    press(on_list, AccountCb.filter(F.action == AccountAction.LIST), flags=LEAVES_NAMING)
    owned = OwnSavedAccount()
    press(on_open, AccountCb.filter(F.action == AccountAction.OPEN), owned, flags=LEAVES_NAMING)
    press(on_rename, AccountCb.filter(F.action == AccountAction.RENAME), owned, flags=LEAVES_FLOW)
    press(on_delete, AccountCb.filter(F.action == AccountAction.DELETE), owned, flags=LEAVES_NAMING)
    confirm_delete = AccountCb.filter(F.action == AccountAction.CONFIRM_DELETE)
    press(on_confirm_delete, confirm_delete, flags=ANSWERS_ITSELF)
    # The same buttons naming an account the presser does not have: it reveals nothing.
    press(on_not_found, AccountCb.filter(F.action.in_(_OWNED_ACTIONS)), flags=ANSWERS_ITSELF)
    router.message.register(on_new_name, StateFilter(SavedAccounts.renaming), NOT_A_COMMAND)
    router.message.register(
        on_name_not_text, StateFilter(SavedAccounts.naming, SavedAccounts.renaming), NOT_TEXT
    )
    return router
