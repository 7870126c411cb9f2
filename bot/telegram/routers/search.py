"""A typed word finds services wherever the bot is not waiting for a typed answer: with no
conversation open (the main menu, history, cards...) and on the flow's category and service
lists. The account fields, the amount, the card and code steps and the naming of a saved
account read their own text, and a card number never gets here (card_guard deletes it first).

What is found is shown as the flow's service list (state Pay.service, the same service buttons),
so a press on a result is choose.py's `on_service`, exactly as from a category's list; nothing
found, or nothing to search for, brings the categories with a word on why. The matching is
bot/payments/search.py's. A typed phone number of a known operator is not searched: it opens
that operator's top-up with the number answered, so the amount is the next question.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.types import Message

from bot.paylov.errors import PaylovFailure
from bot.payments.operators import typed_number
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft, load_draft
from bot.telegram.filters import NOT_A_COMMAND
from bot.telegram.screens import search as screens
from bot.telegram.states import Pay
from bot.telegram.steps.payment import PaymentSteps

# Where a typed message is a search: no conversation, or a list of the flow's buttons.
SEARCHING_STEPS = (None, Pay.category, Pay.service)


async def on_typed_words(message: Message, ctx: ChatContext) -> None:
    steps = PaymentSteps(ctx)
    # A fresh draft; on the flow's lists its live screen is the one the results replace.
    live = await load_draft(ctx.state) if await ctx.state.get_state() else PayDraft()
    draft = PayDraft(screen_id=live.screen_id)
    try:
        # A phone number is its operator's top-up, the number answered (docs/taps.md).
        number = typed_number(message.text or "")
        if number is not None and await steps.top_up(draft, number):
            return
        found = await ctx.services.search.find(ctx.user_id, message.text or "")
        if found.services:
            await ctx.state.set_state(Pay.service)
            screen = screens.found(ctx.i18n, found.query, found.services, found.total)
        else:
            categories = await ctx.services.catalogue.categories()
            await ctx.state.set_state(Pay.category)
            if found.not_a_query is not None:
                screen = screens.not_a_query(ctx.i18n, found.not_a_query, categories)
            else:
                screen = screens.nothing_found(ctx.i18n, found.query, categories)
    except PaylovFailure:
        # Its Retry, on the categories step, asks for the categories again.
        await ctx.state.set_state(Pay.category)
        await steps.unavailable(draft)
        return
    await steps.show(draft, screen)


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(on_typed_words, StateFilter(*SEARCHING_STEPS), NOT_A_COMMAND)
    return router
