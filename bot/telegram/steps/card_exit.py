"""Leaving the card steps of a payment for the step before them, with everything kept.

Back on a card step's prompt and the phone keyboard's Cancel do the same: the card being added
is forgotten, and the payment goes back to where the card was asked for, its service, account
and amount kept: the confirmation when the customer has a card, else the amount step, where one
tap goes on with the amount already given.
"""

from __future__ import annotations

from bot.telegram import keyboards as kb
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft
from bot.telegram.screens import menu
from bot.telegram.steps import card as card_steps
from bot.telegram.steps.payment import PaymentSteps


def is_for_a_payment(draft: PayDraft) -> bool:
    """The card is added for a payment that has its amount (not from /cards)."""
    return draft.card_return == "confirm" and draft.amount is not None


async def back_from_card_steps(
    ctx: ChatContext, draft: PayDraft, *, reply_keyboard: bool = False
) -> None:
    """`reply_keyboard`: the phone step's keyboard is up; a message of its own takes it away
    (an inline screen cannot), and the step before comes under it, anew. Otherwise the card
    step's prompt becomes the step before, with the notice on it."""
    card_steps.forget_binding(draft)
    notice = ctx.t("card-add-left")
    if reply_keyboard:
        await ctx.say(notice, kb.remove_reply())
        notice = ""
    if draft.card_return == "cards":  # from /cards: back to the card list
        await ctx.state.clear()
        await card_steps.show_card_list(ctx, notice, anew=reply_keyboard)
        return
    if not is_for_a_payment(draft):  # a payment with no amount yet: nothing to go back to
        await ctx.state.clear()
        await ctx.show(menu.ended(ctx.i18n, ctx.t("flow-cancelled")), replacing=draft.screen_id)
        return
    steps = PaymentSteps(ctx)
    if await ctx.services.repos.cards.list_for_user(ctx.user_id):
        await steps.confirm(draft, problem=notice)
        return
    service = await steps.fields(draft)
    if service is not None:
        await steps.amount(draft, service, problem=notice)
