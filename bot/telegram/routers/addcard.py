"""Adding a card, inside the payment flow or from /cards: phone → expiry → number → SMS code.

The expiry comes first and waits in the draft, sealed; the number's message binds at once, so
the two may reach different replicas and the number is never kept. Both may also come in one
message, at either step. The messages carrying them and the code are deleted as soon as they
are read; so is anything else sent at those steps (a photo's caption may hold the number).
Afterwards the customer goes where `PayDraft.card_return` says: the payment's confirmation, or
the card list.
"""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.state import State
from aiogram.types import Message

from bot.payments.card_binding import (
    BadNumber,
    BindRefused,
    BindUnavailable,
    CardBinder,
    CardBound,
    CodeSent,
    PhoneRejected,
    WrongBindingCode,
)
from bot.payments.cards import (
    CardProblem,
    Expiry,
    contains_card_number,
    is_uzbek_phone,
    normalize_phone,
)
from bot.payments.codes import code_problem
from bot.payments.refusals import binding_refusal_key
from bot.telegram import keyboards as kb
from bot.telegram.callbacks import PayAction, PayCb
from bot.telegram.cleanup import delete_quietly
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft, load_draft, save_draft
from bot.telegram.filters import CONTACT, NOT_TEXT, TEXT, LiveScreen
from bot.telegram.screens import binding as binding_screens
from bot.telegram.screens import payment as pay_screens
from bot.telegram.states import AddCard
from bot.telegram.steps import card as card_steps
from bot.telegram.steps import card_exit
from bot.telegram.steps.payment import PaymentSteps


async def on_contact(message: Message, ctx: ChatContext) -> None:
    contact = message.contact
    assert contact is not None
    if contact.user_id != ctx.user_id:
        await ctx.say(ctx.t("card-phone-not-own"), kb.share_phone(ctx.i18n))
        return
    phone = normalize_phone(contact.phone_number)
    if not is_uzbek_phone(phone):
        # Paylov would refuse it only after the number and the expiry were typed.
        await ctx.say(ctx.t("card-phone-not-uzbek"), kb.share_phone(ctx.i18n))
        return
    await ctx.services.repos.users.set_phone(ctx.user_id, phone)
    await ctx.say(ctx.t("card-phone-saved"), kb.remove_reply())
    await card_steps.ask_expiry(ctx, await load_draft(ctx.state))


async def on_phone_expected(_: object, ctx: ChatContext) -> None:
    await ctx.say(ctx.t("card-share-phone"), kb.share_phone(ctx.i18n))


async def on_expiry(message: Message, ctx: ChatContext, cards: CardBinder) -> None:
    """The expiry, kept for the number's message; or number and expiry at once."""
    await delete_quietly(message)
    draft = await load_draft(ctx.state)
    text = message.text or ""
    both = cards.split_number_and_expiry(text)
    if both is not None:
        number, typed_expiry = both
        if isinstance(typed_expiry, CardProblem):
            await card_steps.ask_expiry(ctx, draft, _card_problem(ctx, typed_expiry))
            return
        await _bind(ctx, cards, draft, number, typed_expiry, AddCard.expiry)
        return
    if contains_card_number(text):
        # Gone already; the expiry is what this step needs, and the number comes after it.
        typed = binding_screens.number_before_expiry(ctx.i18n, cards.typed_number(text))
        await card_steps.ask_expiry(ctx, draft, typed)
        return
    expiry = cards.check_expiry(text)
    if isinstance(expiry, CardProblem):
        await card_steps.ask_expiry(ctx, draft, _card_problem(ctx, expiry))
        return
    draft.card_expiry = cards.keep_expiry(ctx.user_id, expiry)
    await card_steps.ask_number(ctx, draft)


async def on_card_number(message: Message, ctx: ChatContext, cards: CardBinder) -> None:
    """The number binds at once with the kept expiry (or one typed with it)."""
    await delete_quietly(message)
    draft = await load_draft(ctx.state)
    text = message.text or ""
    both = cards.split_number_and_expiry(text)
    expiry: Expiry | CardProblem | None
    if both is not None:
        number, expiry = both
    else:
        number, expiry = text, cards.kept_expiry(ctx.user_id, draft.card_expiry)
    if expiry is None:
        # No expiry kept (a conversation begun when the number came first): it is asked first.
        await card_steps.ask_expiry(ctx, draft, ctx.t("card-expiry-first"))
        return
    if isinstance(expiry, CardProblem):
        await card_steps.ask_expiry(ctx, draft, _card_problem(ctx, expiry))
        return
    await _bind(ctx, cards, draft, number, expiry, AddCard.number)


async def _bind(
    ctx: ChatContext,
    cards: CardBinder,
    draft: PayDraft,
    number: str,
    expiry: Expiry,
    step: State,
) -> None:
    """createUserCard with a number that lives only in this update (typed at `step`); the
    expiry leaves the draft before it is sent."""
    draft.card_expiry = None
    await save_draft(ctx.state, draft, durable=True)
    async with ctx.working():
        outcome = await cards.bind(ctx.user_id, number, expiry, ctx.user.phone)
    match outcome:
        case CodeSent(cid=cid, otp_sent_phone=otp_phone, card_tail=tail):
            draft.binding_cid = cid
            draft.binding_confirm_unanswered = False
            draft.binding_card_tail = tail
            await card_steps.ask_code(ctx, draft, otp_phone)
        case BadNumber(problem=problem, typed=typed):
            draft.card_expiry = cards.keep_expiry(ctx.user_id, expiry)
            refused = binding_screens.number_refused(ctx.i18n, problem, typed)
            await card_steps.ask_number(ctx, draft, refused)
        case PhoneRejected():  # the binder forgot the kept phone
            await card_steps.ask_phone(ctx, draft, ctx.t("card-phone-not-match"))
        case BindRefused(code=code):
            await card_steps.ask_expiry(ctx, draft, ctx.t(binding_refusal_key(code)))
        case BindUnavailable() if step == AddCard.number:
            # The same step again. The number is not kept: it is typed again, with the expiry
            # still kept for it.
            draft.card_expiry = cards.keep_expiry(ctx.user_id, expiry)
            again = f"{ctx.t('paylov-unavailable')}\n{ctx.t('card-number-again')}"
            await card_steps.ask_number(ctx, draft, again)
        case BindUnavailable():
            await card_steps.ask_expiry(ctx, draft, ctx.t("paylov-unavailable"))


async def on_card_code(message: Message, ctx: ChatContext, cards: CardBinder) -> None:
    await delete_quietly(message)
    draft = await load_draft(ctx.state)
    if draft.binding_cid is None:
        await card_steps.ask_expiry(ctx, draft)
        return
    code = message.text or ""
    typed_wrong = code_problem(code)
    if typed_wrong is not None:  # never sent: it would only spend one of Paylov's attempts
        problem = pay_screens.code_problem(ctx.i18n, typed_wrong)
        await card_steps.ask_code_again(ctx, draft, problem)
        return
    earlier_unanswered = draft.binding_confirm_unanswered
    # Known before the confirm goes out, to whichever process reads the next code.
    draft.binding_confirm_unanswered = True
    await save_draft(ctx.state, draft, durable=True)
    async with ctx.working():
        outcome = await cards.confirm_code(
            ctx.user_id, draft.binding_cid, code, earlier_unanswered=earlier_unanswered
        )
    match outcome:
        case CardBound(card=card):
            card_steps.forget_binding(draft)
            draft.card_row_id = card.id
            await ctx.say(ctx.t("card-added", card=escape(card.masked_number)))
            await save_draft(ctx.state, draft)
            await _return_from_card_steps(ctx, draft)
        case WrongBindingCode():
            draft.binding_confirm_unanswered = False
            await card_steps.ask_code_again(ctx, draft, ctx.t("code-wrong"))
        case BindRefused(code=refused):
            draft.binding_confirm_unanswered = False
            await card_steps.ask_expiry(ctx, draft, ctx.t(binding_refusal_key(refused)))
        case BindUnavailable():
            # The mark stays: the code typed again may find the card bound already.
            await card_steps.ask_code_again(ctx, draft, ctx.t("paylov-unavailable-code"))


async def _return_from_card_steps(ctx: ChatContext, draft: PayDraft) -> None:
    """Where `draft.card_return` says: the payment's confirmation, or the card list."""
    if draft.card_return == "confirm" and draft.amount is not None:
        await PaymentSteps(ctx).confirm(draft)
        return
    await ctx.state.clear()
    await card_steps.show_card_list(ctx, anew=True)


async def on_not_text(message: Message, ctx: ChatContext) -> None:
    """A photo, sticker, file, voice, contact or location instead of the expiry, the number or
    the code: gone at once (a caption may hold the number), then the same question again."""
    await delete_quietly(message)
    current = await ctx.state.get_state()
    draft = await load_draft(ctx.state)
    note = ctx.t("type-as-message")
    if current == AddCard.number.state:
        await card_steps.ask_number(ctx, draft, note)
    elif current == AddCard.expiry.state:
        await card_steps.ask_expiry(ctx, draft, note)
    else:
        await card_steps.ask_code_again(ctx, draft, ctx.t("code-type-as-message"))


async def on_back(_: object, ctx: ChatContext, draft: PayDraft) -> None:
    """Back from the card steps: to the payment's confirmation (or its amount, kept, with no
    card yet) when the card was for a payment; else the card steps are left. Pressed on the
    amount screen still live at the phone step, the phone keyboard goes too."""
    at_phone = await ctx.state.get_state() == AddCard.phone.state
    await card_exit.back_from_card_steps(ctx, draft, reply_keyboard=at_phone)


def _card_problem(ctx: ChatContext, problem: CardProblem) -> str:
    return ctx.t(f"card-problem-{problem.value.replace('_', '-')}")


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(on_contact, StateFilter(AddCard.phone), CONTACT)
    router.message.register(on_phone_expected, StateFilter(AddCard.phone))
    router.message.register(on_card_number, StateFilter(AddCard.number), TEXT)
    router.message.register(on_expiry, StateFilter(AddCard.expiry), TEXT)
    router.message.register(on_card_code, StateFilter(AddCard.code), TEXT)
    router.message.register(
        on_not_text, StateFilter(AddCard.number, AddCard.expiry, AddCard.code), NOT_TEXT
    )
    router.callback_query.register(
        on_back,
        PayCb.filter(F.action == PayAction.BACK),
        StateFilter(AddCard),
        LiveScreen(),
    )
    return router
