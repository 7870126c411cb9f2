"""Leaving a conversation: what a command or a menu entry does first (LeaveOnFlag)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext

from bot.payments.payment_flow import PaymentFlow
from bot.telegram import keyboards as kb
from bot.telegram.context import ChatContext
from bot.telegram.draft import load_draft
from bot.telegram.screens import menu
from bot.telegram.states import Pay, SavedAccounts

NAMING_STATES = frozenset({SavedAccounts.naming.state, SavedAccounts.renaming.state})


async def leave_flow(state: FSMContext, payments: PaymentFlow, user_id: int) -> bool:
    """Leave whatever conversation was open; a payment still waiting for its code is cancelled
    (no `pay` was sent for it). True when one was open."""
    current = await state.get_state()
    draft = await load_draft(state)
    if draft.payment_id is not None and current == Pay.code.state:
        await payments.cancel(user_id, draft.payment_id)
    await state.clear()
    return current is not None


async def leave_naming(state: FSMContext) -> None:
    """Drop a pending name question; a payment flow in progress is left alone."""
    if await state.get_state() in NAMING_STATES:
        await state.clear()


async def tell_cancelled(ctx: ChatContext) -> None:
    """What /cancel (or the phone keyboard's Cancel) answers, the reply keyboard removed."""
    key = "flow-cancelled" if ctx.left_open_flow else "nothing-to-cancel"
    await ctx.say(ctx.t(key), kb.remove_reply())
    await ctx.send(menu.main_menu(ctx.i18n))
