"""The card steps, inside the payment flow or from /cards: phone → expiry → number → code.

Where the customer goes afterwards is data: `PayDraft.card_return` ("confirm" or "cards").
"""

from __future__ import annotations

import dataclasses

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State

from bot.payments.cards import display_masked_phone
from bot.telegram import keyboards as kb
from bot.telegram import views
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft, save_draft
from bot.telegram.screens import Screen
from bot.telegram.screens import cards as card_screens
from bot.telegram.screens.binding import card_step
from bot.telegram.states import AddCard


def forget_binding(draft: PayDraft) -> None:
    """Nothing of a card being added is left in the draft."""
    draft.card_expiry = None
    draft.binding_cid = None
    draft.binding_confirm_unanswered = False
    draft.binding_card_tail = None


async def begin(ctx: ChatContext, draft: PayDraft) -> None:
    """Enter the card steps; the phone is asked once and kept with the user (until the bank
    says the card is tied to another one)."""
    if ctx.user.phone is None:
        await ask_phone(ctx, draft)
        return
    await ask_expiry(ctx, draft)


async def ask_phone(ctx: ChatContext, draft: PayDraft, problem: str = "") -> None:
    """The contact step, under the reply keyboard: share the phone, or cancel."""
    await ctx.state.set_state(AddCard.phone)
    forget_binding(draft)
    await save_draft(ctx.state, draft)
    await ctx.say(problem or ctx.t("card-share-phone"), kb.share_phone(ctx.i18n))


async def ask_expiry(ctx: ChatContext, draft: PayDraft, problem: str = "") -> None:
    """The first card step: whatever was typed or bound before is forgotten."""
    forget_binding(draft)
    await _ask(ctx, draft, AddCard.expiry, ctx.t("card-enter-expiry"), problem)


async def ask_number(ctx: ChatContext, draft: PayDraft, problem: str = "") -> None:
    """The number step; the draft holds the expiry it goes with."""
    await _ask(ctx, draft, AddCard.number, ctx.t("card-enter-number"), problem)


async def ask_code(ctx: ChatContext, draft: PayDraft, otp_phone: str | None) -> None:
    sent = ctx.t("card-code-sent", phone=display_masked_phone(otp_phone))
    text = f"{sent}\n\n{views.card_code_purpose(ctx.i18n, draft.binding_card_tail)}"
    await _ask(ctx, draft, AddCard.code, text)


async def ask_code_again(ctx: ChatContext, draft: PayDraft, problem: str) -> None:
    """The code step's prompt edited in place with what was wrong, the binding unchanged."""
    question = views.card_code_purpose(ctx.i18n, draft.binding_card_tail)
    await _ask(ctx, draft, AddCard.code, question, problem)


async def _ask(
    ctx: ChatContext, draft: PayDraft, step: State, question: str, problem: str = ""
) -> None:
    """One card step's screen: a new message for a new question (the customer's own was just
    deleted); a problem goes on the prompt in place, not in a message of its own."""
    await ctx.state.set_state(step)
    screen = card_step(ctx.i18n, question, problem)
    draft.screen_id = await ctx.show(
        screen, replacing=draft.screen_id, fresh=not problem, in_place=bool(problem)
    )
    await save_draft(ctx.state, draft)


async def card_list(ctx: ChatContext) -> Screen:
    """/cards' screen: the customer's cards with what Paylov tells of them now."""
    return card_screens.card_list(ctx.i18n, await ctx.services.cards.wallet(ctx.user_id))


# The last card list's message, kept apart from the flow's draft (a state.clear() keeps it).
CARD_LIST_DESTINY = "card_list"
_CARD_LIST_ID = "message_id"


def _card_list_state(ctx: ChatContext) -> FSMContext:
    key = dataclasses.replace(ctx.state.key, destiny=CARD_LIST_DESTINY)
    return FSMContext(storage=ctx.state.storage, key=key)


async def show_card_list(ctx: ChatContext, notice: str = "", *, anew: bool = False) -> None:
    """The card list, in place of the pressed message or `anew`; only the newest list keeps
    its buttons: the one before is retired (its cards and its Add card are of another time)."""
    screen = (await card_list(ctx)).under(notice)
    kept = _card_list_state(ctx)
    previous = (await kept.get_data()).get(_CARD_LIST_ID)
    shown = await ctx.send(screen) if anew else await ctx.show(screen)
    if isinstance(previous, int) and previous != shown:
        await ctx.retire(previous)
    await kept.set_data({_CARD_LIST_ID: shown})
