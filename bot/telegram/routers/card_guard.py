"""First among the private chat's routers: a card number typed at any step that does not read
one is deleted before any handler reads it, and the phone step's reply keyboard keeps working
after the customer left that step (a command does not remove it)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram_i18n import I18nContext

from bot.payments.cards import contains_card_number, is_uzbek_phone, normalize_phone
from bot.telegram import keyboards as kb
from bot.telegram.cleanup import delete_quietly
from bot.telegram.context import ChatContext
from bot.telegram.draft import load_draft
from bot.telegram.filters import CONTACT, IN_PRIVATE_CHAT
from bot.telegram.middlewares import Leaves
from bot.telegram.states import AddCard, Pay, SavedAccounts
from bot.telegram.steps import card_exit
from bot.telegram.steps.leaving import tell_cancelled

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


async def _card_number_out_of_place(message: Message, raw_state: str | None) -> bool:
    """A card number (in a text or a caption) anywhere but the steps that read it, where a
    /command goes to its own handler instead."""
    if raw_state in _STEPS_READING_CARD_NUMBERS and not (message.text or "").startswith("/"):
        return False
    return contains_card_number(message.text or message.caption or "")


async def _card_number_in(message: Message) -> bool:
    return contains_card_number(message.text or message.caption or "")


async def _is_reply_cancel(message: Message, i18n: I18nContext) -> bool:
    """The phone keyboard's Cancel, in whichever language the keyboard was drawn."""
    if message.text is None:
        return False
    core = i18n.core
    return message.text in {core.get("btn-cancel", locale) for locale in core.available_locales}


async def _adding_a_card_for_a_payment(_: Message, state: FSMContext) -> bool:
    return card_exit.is_for_a_payment(await load_draft(state))


async def _is_own_contact(message: Message) -> bool:
    contact, sender = message.contact, message.from_user
    return contact is not None and sender is not None and contact.user_id == sender.id


async def on_card_number_out_of_place(message: Message, ctx: ChatContext) -> None:
    """Gone at once, before any step reads it; the conversation stays where it was."""
    await delete_quietly(message)
    await ctx.say("⚠️ " + ctx.t("card-number-deleted"))


async def on_reply_cancel(_: object, ctx: ChatContext) -> None:
    """The phone keyboard's Cancel: what /cancel does (its flag left the flow), which removes
    the keyboard too."""
    await tell_cancelled(ctx)


async def on_reply_cancel_at_phone_step(_: object, ctx: ChatContext) -> None:
    """The phone keyboard's Cancel while a card is added for a payment: what Back on a card
    step does, the step before (the amount or the confirmation), everything kept; the payment
    is not ended."""
    await card_exit.back_from_card_steps(ctx, await load_draft(ctx.state), reply_keyboard=True)


async def on_own_contact_elsewhere(message: Message, ctx: ChatContext) -> None:
    """The phone button of a phone step the customer left (by a command): the phone is kept as
    the phone step would keep it, the keyboard goes, and nothing else changes."""
    assert message.contact is not None
    phone = normalize_phone(message.contact.phone_number)
    if not is_uzbek_phone(phone):
        await ctx.say(ctx.t("card-phone-not-uzbek"), kb.remove_reply())
        return
    await ctx.services.repos.users.set_phone(ctx.user_id, phone)
    await ctx.say(ctx.t("card-phone-saved"), kb.remove_reply())


def build_router() -> Router:
    """Card numbers out of place and the phone keyboard out of its step (see the docstring)."""
    router = Router(name=__name__)
    router.message.register(on_card_number_out_of_place, _card_number_out_of_place)
    # An edit is read by no step: a card number edited into any message goes too.
    router.edited_message.register(on_card_number_out_of_place, IN_PRIVATE_CHAT, _card_number_in)
    # Ahead of the Cancel that leaves: at the phone step of a payment's card, the step before.
    router.message.register(
        on_reply_cancel_at_phone_step,
        StateFilter(AddCard.phone),
        _is_reply_cancel,
        _adding_a_card_for_a_payment,
    )
    router.message.register(on_reply_cancel, _is_reply_cancel, flags={"leaves": Leaves.FLOW})
    router.message.register(
        on_own_contact_elsewhere, CONTACT, _is_own_contact, ~_STEPS_WITH_THEIR_OWN_CONTACT_ANSWER
    )
    return router
