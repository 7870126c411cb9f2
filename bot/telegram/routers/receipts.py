"""Saving an account from a receipt (⭐ under it): a name suggested in one tap, or typed."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import InlineKeyboardMarkup, Message

from bot.payments.saved_accounts import (
    NAME_MAX,
    AlreadySaved,
    MaySave,
    NotSaveable,
    clean_name,
    default_name,
)
from bot.storage.repositories import PaymentRecord
from bot.telegram import catalogue_texts
from bot.telegram.callbacks import AccountAction, AccountCb
from bot.telegram.cleanup import set_buttons, without_button
from bot.telegram.context import ChatContext
from bot.telegram.draft import NameStep, load_name_step, save_name_step
from bot.telegram.filters import NOT_A_COMMAND, OwnPayment
from bot.telegram.middlewares import ANSWERS_ITSELF
from bot.telegram.screens import Screen
from bot.telegram.screens import accounts as screens
from bot.telegram.states import SavedAccounts
from bot.telegram.steps.leaving import NAMING_STATES, leave_naming

_NO_FLOW_OR_NAMING = NAMING_STATES | {None}


async def _save(ctx: ChatContext, payment: PaymentRecord, name: str, hint: str = "") -> Screen:
    """Save the payment's account; the screen that tells how it went."""
    saved = await ctx.services.saved_accounts.save_from(payment, name)
    return screens.saved_notice(ctx.i18n, saved.record, created=saved.created, hint=hint)


def _suggested_name(ctx: ChatContext, payment: PaymentRecord) -> str:
    """The suggested name, with the service named in the customer's language."""
    service = catalogue_texts.service_name(ctx.i18n, payment.service_name)
    return default_name(service, payment.account_label)


async def on_save(_: object, callback_data: AccountCb, ctx: ChatContext) -> None:
    """Ask for a name, suggesting one; an account saved before is said so. Once the account is
    saved, the pressed message (a receipt, a history entry) loses its "Save account"."""
    receipt_id, rest = ctx.pressed_id, without_button(ctx.pressed_markup, callback_data.pack())
    match await ctx.services.saved_accounts.offer_save(ctx.user_id, callback_data.arg):
        case NotSaveable():
            await ctx.alert(ctx.t("not-found"))
        case AlreadySaved(saved=twin):
            await _retire_save_button(ctx, receipt_id, rest)
            await ctx.send(screens.saved_notice(ctx.i18n, twin, created=False))
        case MaySave(payment=payment):
            suggested = _suggested_name(ctx, payment)
            if await ctx.state.get_state() not in _NO_FLOW_OR_NAMING:
                # A payment is under way (an old receipt was pressed): keep it, take the
                # suggested name.
                hint = ctx.t("account-rename-later")
                await ctx.send(await _save(ctx, payment, suggested, hint))
                await _retire_save_button(ctx, receipt_id, rest)
                return
            await ctx.state.clear()
            prompt_id = await ctx.send(screens.name_question(ctx.i18n, payment, suggested))
            await ctx.state.set_state(SavedAccounts.naming)
            step = NameStep(
                payment_id=payment.id,
                prompt_id=prompt_id,
                receipt_id=receipt_id,
                receipt_buttons=rest,
            )
            await save_name_step(ctx.state, step)


async def _retire_save_button(
    ctx: ChatContext, receipt_id: int | None, rest: InlineKeyboardMarkup | None
) -> None:
    if receipt_id is not None and rest is not None:
        await set_buttons(ctx.bot, ctx.chat_id, receipt_id, rest)


async def _leave_if_asked_for(ctx: ChatContext, payment: PaymentRecord) -> NameStep | None:
    """The name question of `payment`, left; None when another (or none) was asked."""
    step = await load_name_step(ctx.state)
    if step.payment_id != payment.id:
        return None
    await leave_naming(ctx.state)
    return step


async def on_suggested_name(_: object, ctx: ChatContext, payment: PaymentRecord) -> None:
    step = await _leave_if_asked_for(ctx, payment)
    name = _suggested_name(ctx, payment)
    await ctx.show(await _save(ctx, payment, name))
    if step is not None:
        await _retire_save_button(ctx, step.receipt_id, step.receipt_buttons)


async def on_skip_saving(_: object, ctx: ChatContext, payment: PaymentRecord) -> None:
    # Not saved: the receipt's "Save account" still works, and stays.
    await _leave_if_asked_for(ctx, payment)
    await ctx.show(screens.not_saved(ctx.i18n))


async def on_typed_name(message: Message, ctx: ChatContext) -> None:
    step = await load_name_step(ctx.state)
    payment = (
        await ctx.services.repos.payments.get_for_user(step.payment_id, ctx.user_id)
        if step.payment_id is not None
        else None
    )
    if payment is None:
        await ctx.state.clear()
        await ctx.say(ctx.t("not-found"))
        return
    name = clean_name(message.text or "")
    if name is None:
        await ctx.say("⚠️ " + ctx.t("account-name-invalid", max=NAME_MAX))
        return
    await ctx.state.clear()
    await ctx.retire(step.prompt_id)
    await ctx.send(await _save(ctx, payment, name))
    await _retire_save_button(ctx, step.receipt_id, step.receipt_buttons)


async def on_not_found(_: object, ctx: ChatContext) -> None:
    """Not the presser's paid payment: only an account that was really paid is worth keeping."""
    await ctx.alert(ctx.t("not-found"))


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    press = router.callback_query.register
    paid = OwnPayment(paid=True)
    save = AccountCb.filter(F.action == AccountAction.SAVE)
    press(on_save, save, flags=ANSWERS_ITSELF)
    press(on_suggested_name, AccountCb.filter(F.action == AccountAction.SUGGESTED_NAME), paid)
    press(on_skip_saving, AccountCb.filter(F.action == AccountAction.SKIP), paid)
    saving = {AccountAction.SUGGESTED_NAME, AccountAction.SKIP}
    press(on_not_found, AccountCb.filter(F.action.in_(saving)), flags=ANSWERS_ITSELF)
    router.message.register(on_typed_name, StateFilter(SavedAccounts.naming), NOT_A_COMMAND)
    return router
