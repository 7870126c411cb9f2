"""Leaving a conversation: what a command or a menu entry does first (LeaveOnFlag)."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext

from bot.payments.payment_flow import PaymentFlow
from bot.storage.models import PaymentStatus
from bot.telegram import keyboards as kb
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft, load_draft
from bot.telegram.screens import Screen, menu
from bot.telegram.screens import payment as pay_screens
from bot.telegram.states import Pay, SavedAccounts

log = logging.getLogger(__name__)

NAMING_STATES = frozenset({SavedAccounts.naming.state, SavedAccounts.renaming.state})


async def leave_flow(ctx: ChatContext, payments: PaymentFlow) -> bool:
    """Leave whatever conversation was open; a payment still waiting for its code is cancelled
    (no `pay` was sent for it) and its prompt says so; the flow's live screen loses its
    buttons, which could no longer work. True when one was open.

    The screen is left to the handler when this update is a press on it (it draws it anew)."""
    current = await ctx.state.get_state()
    draft = await load_draft(ctx.state)
    screen_id = None if ctx.pressed(draft.screen_id) else draft.screen_id
    if draft.payment_id is not None and current == Pay.code.state:
        await _leave_payment(ctx, payments, draft, screen_id)
    elif screen_id is not None:
        await ctx.retire(screen_id)
    await ctx.state.clear()
    return current is not None


async def _leave_payment(
    ctx: ChatContext, payments: PaymentFlow, draft: PayDraft, screen_id: int | None
) -> None:
    """The flow's payment is cancelled if `pay` was never sent for it (new, created): then,
    and only then, "nothing was charged". One whose `pay` may have gone out is left to
    Paylov's status (the watcher, the outbox's notice), and the prompt says it is checked."""
    assert draft.payment_id is not None
    cancelled = await payments.cancel(ctx.user_id, draft.payment_id)
    payment = cancelled or await ctx.services.repos.payments.get_for_user(
        draft.payment_id, ctx.user_id
    )
    if payment is not None and payment.status.may_still_go_through:
        ctx.left_unsettled_payment = True
    if screen_id is None:
        return
    if cancelled is not None and cancelled.status == PaymentStatus.CANCELLED:
        await _edit_quietly(ctx, screen_id, pay_screens.code_step_left(ctx.i18n, cancelled))
    elif ctx.left_unsettled_payment:
        await _edit_quietly(ctx, screen_id, Screen(ctx.t("error-payment-checking")))
    else:  # over already (paid, failed): its own notice tells it
        await ctx.retire(screen_id)


async def _edit_quietly(ctx: ChatContext, message_id: int, screen: Screen) -> None:
    """Best effort, before the command's own answer: the payment is cancelled whatever
    Telegram says; a prompt that cannot be edited at least loses its buttons."""
    try:
        await ctx.bot.edit_message_text(
            text=screen.text, chat_id=ctx.chat_id, message_id=message_id, reply_markup=None
        )
    except TelegramAPIError as error:
        log.info("could not edit the left screen %s: %s", message_id, error)
        await ctx.retire(message_id)


async def leave_naming(state: FSMContext) -> None:
    """Drop a pending name question; a payment flow in progress is left alone."""
    if await state.get_state() in NAMING_STATES:
        await state.clear()


async def tell_cancelled(ctx: ChatContext) -> None:
    """What /cancel (or the phone keyboard's Cancel) answers, the reply keyboard removed."""
    key = "flow-cancelled" if ctx.left_open_flow else "nothing-to-cancel"
    if ctx.left_unsettled_payment:  # `pay` may have gone out: never "nothing was charged"
        key = "error-payment-checking"
    await ctx.say(ctx.t(key), kb.remove_reply())
    await ctx.send(menu.main_menu(ctx.i18n))
