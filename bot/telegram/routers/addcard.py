"""Adding a card, inside the payment flow or from /cards: phone → expiry → number → SMS code.

The expiry comes first and waits in the draft; the number's message binds at once, so the two
may reach different replicas and the number is never kept. Both may also come in one message,
at either step. The messages carrying them and the code are deleted as soon as they are read;
so is anything else sent at those steps (a photo's caption may hold the number).

`build_guard_router` goes first among the private chat's routers: a card number typed at any
other step is deleted before any handler reads it, and the phone step's reply keyboard keeps
working after the customer left that step (a command does not remove it).
"""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram_i18n import I18nContext

from bot.paylov.errors import PaylovError, PaylovUnavailable
from bot.payments.card_binding import PHONE_NOT_MATCH, CardBinder
from bot.payments.cards import (
    CardProblem,
    Expiry,
    contains_card_number,
    display_masked_phone,
    is_uzbek_phone,
    looks_like_code,
    normalize_phone,
)
from bot.payments.catalogue import CatalogueCache
from bot.payments.payment_flow import RETRYABLE_CODE_ERRORS, PaymentFlow
from bot.storage.repositories import Repositories
from bot.telegram import keyboards as kb
from bot.telegram.draft import PayDraft, load_draft, save_draft
from bot.telegram.routers.fallback import IN_PRIVATE_CHAT
from bot.telegram.screens import delete_quietly, show
from bot.telegram.states import AddCard, Pay, SavedAccounts

# Paylov codes on binding that mean "check what you typed" rather than "try later".
_BINDING_CODES = {
    "card_not_found",
    "card_expired",
    "invalid_expire_date",
    "card_is_blocked_in_processing_center",
    "card_not_found_in_processing_center",
    "phone_not_match",
    "sms_not_active",
}


def _back_cancel(i18n: I18nContext) -> InlineKeyboardMarkup:
    return kb.choice_list([], extra_rows=[kb.back_cancel_row(i18n)])


async def begin_add_card(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
    draft: PayDraft,
) -> None:
    """Enter the card steps; the phone is asked once and kept with the user (until the bank
    says the card is tied to another one)."""
    user = await repos.users.get_or_create(chat_id)
    if user.phone is None:
        await ask_phone(bot, chat_id, state, i18n, draft)
        return
    await ask_expiry(bot, chat_id, state, i18n, draft)


async def ask_phone(
    bot: Bot, chat_id: int, state: FSMContext, i18n: I18nContext, draft: PayDraft, problem: str = ""
) -> None:
    """The contact step, under the reply keyboard: share the phone, or cancel."""
    await state.set_state(AddCard.phone)
    forget_binding(draft)
    await save_draft(state, draft)
    text = problem or i18n.get("card-share-phone")
    await bot.send_message(chat_id, text, reply_markup=kb.share_phone(i18n))


async def _ask(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    draft: PayDraft,
    step: State,
    text: str,
    i18n: I18nContext,
    problem: str = "",
) -> None:
    """One card step's screen, with a problem from the previous answer above the question."""
    await state.set_state(step)
    if problem:
        text = f"⚠️ {problem}\n\n{text}"
    draft.screen_id = await show(
        bot, chat_id, text, _back_cancel(i18n), screen_id=draft.screen_id, edit=False
    )
    await save_draft(state, draft)


async def ask_expiry(
    bot: Bot, chat_id: int, state: FSMContext, i18n: I18nContext, draft: PayDraft, problem: str = ""
) -> None:
    """The first card step: whatever was typed or bound before is forgotten."""
    forget_binding(draft)
    text = i18n.get("card-enter-expiry")
    await _ask(bot, chat_id, state, draft, AddCard.expiry, text, i18n, problem)


async def _ask_number(
    bot: Bot, chat_id: int, state: FSMContext, i18n: I18nContext, draft: PayDraft, problem: str = ""
) -> None:
    """The number step; the draft holds the expiry it goes with."""
    text = i18n.get("card-enter-number")
    await _ask(bot, chat_id, state, draft, AddCard.number, text, i18n, problem)


async def on_contact(
    message: Message, bot: Bot, state: FSMContext, i18n: I18nContext, repos: Repositories
) -> None:
    contact = message.contact
    assert contact is not None and message.from_user is not None
    if contact.user_id != message.from_user.id:
        await message.answer(i18n.get("card-phone-not-own"), reply_markup=kb.share_phone(i18n))
        return
    phone = normalize_phone(contact.phone_number)
    if not is_uzbek_phone(phone):
        # Paylov would refuse it only after the number and the expiry were typed.
        await message.answer(i18n.get("card-phone-not-uzbek"), reply_markup=kb.share_phone(i18n))
        return
    await repos.users.set_phone(message.from_user.id, phone)
    await message.answer(i18n.get("card-phone-saved"), reply_markup=kb.remove_reply())
    await ask_expiry(bot, message.chat.id, state, i18n, await load_draft(state))


async def on_phone_expected(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("card-share-phone"), reply_markup=kb.share_phone(i18n))


async def on_expiry(
    message: Message,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    cards: CardBinder,
    repos: Repositories,
) -> None:
    """The expiry, kept for the number's message; or number and expiry at once."""
    await delete_quietly(message)
    chat_id = message.chat.id
    draft = await load_draft(state)
    text = message.text or ""
    both = cards.split_number_and_expiry(text)
    if both is not None:
        number, typed_expiry = both
        if isinstance(typed_expiry, CardProblem):
            await ask_expiry(bot, chat_id, state, i18n, draft, _card_problem(i18n, typed_expiry))
            return
        await _bind(
            bot, chat_id, state, i18n, cards, repos, draft, number, typed_expiry, AddCard.expiry
        )
        return
    if contains_card_number(text):
        # Gone already; the expiry is what this step needs, and the number comes after it.
        await ask_expiry(bot, chat_id, state, i18n, draft, i18n.get("card-expiry-first"))
        return
    expiry = cards.check_expiry(text)
    if isinstance(expiry, CardProblem):
        await ask_expiry(bot, chat_id, state, i18n, draft, _card_problem(i18n, expiry))
        return
    draft.card_expiry = cards.keep_expiry(chat_id, expiry)
    await _ask_number(bot, chat_id, state, i18n, draft)


async def on_card_number(
    message: Message,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    cards: CardBinder,
    repos: Repositories,
) -> None:
    """The number binds at once with the kept expiry (or one typed with it)."""
    await delete_quietly(message)
    chat_id = message.chat.id
    draft = await load_draft(state)
    text = message.text or ""
    both = cards.split_number_and_expiry(text)
    expiry: Expiry | CardProblem | None
    if both is not None:
        number, expiry = both
    else:
        number, expiry = text, cards.kept_expiry(chat_id, draft.card_expiry)
    if expiry is None:
        # No expiry kept (a conversation begun when the number came first): it is asked first.
        await ask_expiry(bot, chat_id, state, i18n, draft, i18n.get("card-expiry-first"))
        return
    if isinstance(expiry, CardProblem):
        await ask_expiry(bot, chat_id, state, i18n, draft, _card_problem(i18n, expiry))
        return
    await _bind(bot, chat_id, state, i18n, cards, repos, draft, number, expiry, AddCard.number)


async def _bind(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    i18n: I18nContext,
    cards: CardBinder,
    repos: Repositories,
    draft: PayDraft,
    number: str,
    expiry: Expiry,
    step: State,
) -> None:
    """createUserCard with a number that lives only in this update (typed at `step`); the
    expiry leaves the draft before it is sent."""
    problem = cards.check_number(number)
    if problem is not None:
        draft.card_expiry = cards.keep_expiry(chat_id, expiry)
        await _ask_number(bot, chat_id, state, i18n, draft, _card_problem(i18n, problem))
        return
    draft.card_expiry = None
    await save_draft(state, draft)
    user = await repos.users.get_or_create(chat_id)
    try:
        async with ChatActionSender.typing(bot=bot, chat_id=chat_id):
            binding = await cards.start(chat_id, number, expiry, user.phone)
    except PaylovError as error:
        if error.code == PHONE_NOT_MATCH:  # the binder forgot the kept phone
            await ask_phone(bot, chat_id, state, i18n, draft, i18n.get("card-phone-not-match"))
            return
        await ask_expiry(bot, chat_id, state, i18n, draft, _binding_refusal(i18n, error.code))
        return
    except PaylovUnavailable:
        # The same step again. The number is not kept: at the number step it is typed again,
        # with the expiry still kept for it.
        unavailable = i18n.get("paylov-unavailable")
        if step == AddCard.number:
            draft.card_expiry = cards.keep_expiry(chat_id, expiry)
            again = f"{unavailable}\n{i18n.get('card-number-again')}"
            await _ask_number(bot, chat_id, state, i18n, draft, again)
        else:
            await ask_expiry(bot, chat_id, state, i18n, draft, unavailable)
        return
    draft.binding_cid = binding.cid
    draft.binding_confirm_unanswered = False
    text = i18n.get("card-code-sent", phone=display_masked_phone(binding.otp_sent_phone))
    await _ask(bot, chat_id, state, draft, AddCard.code, text, i18n)


async def on_card_code(
    message: Message,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    cards: CardBinder,
    repos: Repositories,
    catalogue: CatalogueCache,
) -> None:
    await delete_quietly(message)
    chat_id = message.chat.id
    draft = await load_draft(state)
    if draft.binding_cid is None:
        await ask_expiry(bot, chat_id, state, i18n, draft)
        return
    code = message.text or ""
    if not looks_like_code(code):
        await message.answer("⚠️ " + i18n.get("code-digits-only"))
        return
    earlier_unanswered = draft.binding_confirm_unanswered
    # Known before the confirm goes out, to whichever process reads the next code.
    draft.binding_confirm_unanswered = True
    await save_draft(state, draft)
    try:
        async with ChatActionSender.typing(bot=bot, chat_id=chat_id):
            card = await cards.confirm(
                chat_id, draft.binding_cid, code, earlier_unanswered=earlier_unanswered
            )
    except PaylovError as error:
        draft.binding_confirm_unanswered = False
        if error.code in RETRYABLE_CODE_ERRORS:
            await save_draft(state, draft)
            await message.answer("⚠️ " + i18n.get("code-wrong"))
            return
        await ask_expiry(bot, chat_id, state, i18n, draft, _binding_refusal(i18n, error.code))
        return
    except PaylovUnavailable:
        # The mark stays: the code typed again may find the card bound already.
        await message.answer("⚠️ " + i18n.get("paylov-unavailable-code"))
        return
    forget_binding(draft)
    draft.card_row_id = card.id
    await message.answer(i18n.get("card-added", card=escape(card.masked_number)))
    await save_draft(state, draft)
    await finish_add_card(bot, chat_id, state, i18n, repos, catalogue, draft)


async def finish_add_card(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
    catalogue: CatalogueCache,
    draft: PayDraft,
) -> None:
    """Back where the customer came from: the payment's confirmation, or the card list."""
    # Imported here: the payment and card routers both lead into this one.
    from bot.telegram.routers.cards import show_cards
    from bot.telegram.routers.pay import resume_confirmation

    if draft.card_return == "confirm" and draft.amount is not None:
        await resume_confirmation(bot, chat_id, state, i18n, catalogue, repos, draft)
    else:
        await state.clear()
        await show_cards(bot, chat_id, i18n, repos, screen_id=None, edit=False)


async def on_not_text(message: Message, bot: Bot, state: FSMContext, i18n: I18nContext) -> None:
    """A photo, sticker, file, voice, contact or location instead of the expiry, the number or
    the code: gone at once (a caption may hold the number), then the same question again."""
    await delete_quietly(message)
    chat_id = message.chat.id
    current = await state.get_state()
    draft = await load_draft(state)
    note = i18n.get("type-as-message")
    if current == AddCard.number.state:
        await _ask_number(bot, chat_id, state, i18n, draft, note)
    elif current == AddCard.expiry.state:
        await ask_expiry(bot, chat_id, state, i18n, draft, note)
    else:
        await message.answer("⚠️ " + i18n.get("code-type-as-message"))


def forget_binding(draft: PayDraft) -> None:
    """Nothing of a card being added is left in the draft."""
    draft.card_expiry = None
    draft.binding_cid = None
    draft.binding_confirm_unanswered = False


def _card_problem(i18n: I18nContext, problem: CardProblem) -> str:
    return i18n.get(f"card-problem-{problem.value.replace('_', '-')}")


def _binding_refusal(i18n: I18nContext, code: str) -> str:
    if code in _BINDING_CODES:
        return i18n.get(f"paylov-code-{code.replace('_', '-')}")
    if code == "too_many_attempts":
        return i18n.get("card-too-many-codes")
    return i18n.get("paylov-error")


# --- the guard: first among the private chat's routers --------------------------------------------

# Steps that answer a contact themselves: the phone step takes it, the others ask their typed
# question again.
_STEPS_WITH_THEIR_OWN_CONTACT_ANSWER = StateFilter(
    AddCard,
    Pay.text_field,
    Pay.amount,
    Pay.code,
    SavedAccounts.naming,
    SavedAccounts.renaming,
)


# The steps that read a card number (the expiry step: typed with the expiry, or too early).
_STEPS_READING_CARD_NUMBERS = {AddCard.expiry.state, AddCard.number.state}


def _card_number_out_of_place(message: Message, raw_state: str | None) -> bool:
    """A card number (in a text or a caption) anywhere but the steps that read it, where a
    /command goes to its own handler instead."""
    if raw_state in _STEPS_READING_CARD_NUMBERS and not (message.text or "").startswith("/"):
        return False
    return contains_card_number(message.text or message.caption or "")


def _card_number_in(message: Message) -> bool:
    return contains_card_number(message.text or message.caption or "")


def _is_reply_cancel(message: Message, i18n: I18nContext) -> bool:
    """The phone keyboard's Cancel, in whichever language the keyboard was drawn."""
    if message.text is None:
        return False
    core = i18n.core
    return message.text in {core.get("btn-cancel", locale) for locale in core.available_locales}


def _is_own_contact(message: Message) -> bool:
    contact, sender = message.contact, message.from_user
    return contact is not None and sender is not None and contact.user_id == sender.id


async def on_card_number_out_of_place(message: Message, bot: Bot, i18n: I18nContext) -> None:
    """Gone at once, before any step reads it; the conversation stays where it was."""
    await delete_quietly(message)
    await bot.send_message(message.chat.id, "⚠️ " + i18n.get("card-number-deleted"))


async def on_reply_cancel(
    message: Message, bot: Bot, state: FSMContext, i18n: I18nContext, payments: PaymentFlow
) -> None:
    """The phone keyboard's Cancel: what /cancel does, which removes the keyboard too."""
    # Imported here: the start router leads into the payment router, which leads into this one.
    from bot.telegram.routers.start import on_cancel

    await on_cancel(message, bot, state, i18n, payments)


async def on_own_contact_elsewhere(
    message: Message, i18n: I18nContext, repos: Repositories
) -> None:
    """The phone button of a phone step the customer left (by a command): the phone is kept as
    the phone step would keep it, the keyboard goes, and nothing else changes."""
    assert message.contact is not None and message.from_user is not None
    phone = normalize_phone(message.contact.phone_number)
    if not is_uzbek_phone(phone):
        await message.answer(i18n.get("card-phone-not-uzbek"), reply_markup=kb.remove_reply())
        return
    await repos.users.set_phone(message.from_user.id, phone)
    await message.answer(i18n.get("card-phone-saved"), reply_markup=kb.remove_reply())


def build_guard_router() -> Router:
    """Card numbers out of place and the phone keyboard out of its step (see the docstring)."""
    router = Router(name=f"{__name__}.guard")
    router.message.register(on_card_number_out_of_place, _card_number_out_of_place)
    # An edit is read by no step: a card number edited into any message goes too.
    router.edited_message.register(on_card_number_out_of_place, IN_PRIVATE_CHAT, _card_number_in)
    router.message.register(on_reply_cancel, _is_reply_cancel)
    router.message.register(
        on_own_contact_elsewhere, F.contact, _is_own_contact, ~_STEPS_WITH_THEIR_OWN_CONTACT_ANSWER
    )
    return router


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(on_contact, AddCard.phone, F.contact)
    router.message.register(on_phone_expected, AddCard.phone)
    router.message.register(on_card_number, AddCard.number, F.text)
    router.message.register(on_expiry, AddCard.expiry, F.text)
    router.message.register(on_card_code, AddCard.code, F.text)
    router.message.register(
        on_not_text, StateFilter(AddCard.number, AddCard.expiry, AddCard.code), ~F.text
    )
    return router
