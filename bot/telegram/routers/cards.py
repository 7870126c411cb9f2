"""/cards: the customer's bound cards; add one, remove one."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.paylov.errors import PaylovError, PaylovUnavailable
from bot.payments.card_binding import CardBinder
from bot.payments.payment_flow import PaymentFlow
from bot.storage.repositories import Repositories
from bot.telegram import keyboards as kb
from bot.telegram.callbacks import CardCb, MenuCb
from bot.telegram.draft import PayDraft
from bot.telegram.routers.addcard import begin_add_card
from bot.telegram.routers.pay import abandon_flow
from bot.telegram.screens import show


async def show_cards(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    repos: Repositories,
    *,
    screen_id: int | None,
    edit: bool,
    notice: str = "",
) -> int:
    cards = await repos.cards.list_for_user(chat_id)
    lines = [
        f"💳 <b>{escape(card.masked_number)}</b> {escape(card.vendor or '')}".rstrip()
        for card in cards
    ]
    text = i18n.get("cards-title") + "\n\n" + ("\n".join(lines) or i18n.get("cards-empty"))
    if notice:
        text = f"{notice}\n\n{text}"
    rows = [
        [
            kb.button(
                i18n.get("btn-remove-card", card=card.masked_number[-4:]),
                CardCb(action="remove", card=card.id),
            )
        ]
        for card in cards
    ]
    rows.append([kb.button(i18n.get("btn-add-card"), CardCb(action="add"))])
    rows.append([kb.button(i18n.get("btn-menu"), MenuCb(action="menu"))])
    return await show(bot, chat_id, text, kb.markup(rows), screen_id=screen_id, edit=edit)


async def on_cards(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer()
    user_id = event.from_user.id if event.from_user else 0
    await abandon_flow(state, payments, user_id)
    await show_cards(bot, user_id, i18n, repos, screen_id=None, edit=False)


async def on_add_card(
    callback: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    await callback.answer()
    await abandon_flow(state, payments, callback.from_user.id)
    draft = PayDraft(card_return="cards")
    await begin_add_card(bot, callback.from_user.id, state, i18n, repos, draft)


async def on_remove_card(
    callback: CallbackQuery, callback_data: CardCb, i18n: I18nContext, repos: Repositories
) -> None:
    card = await repos.cards.get_for_user(callback_data.card, callback.from_user.id)
    if card is None or callback.message is None:
        await callback.answer(i18n.get("not-found"), show_alert=True)
        return
    await callback.answer()
    markup = kb.markup(
        [
            [
                kb.button(
                    i18n.get("btn-yes-remove"), CardCb(action="confirm_remove", card=card.id)
                ),
                kb.button(i18n.get("btn-no"), CardCb(action="list")),
            ]
        ]
    )
    await show(
        callback.bot,  # type: ignore[arg-type]
        callback.from_user.id,
        i18n.get("cards-remove-confirm", card=escape(card.masked_number)),
        markup,
        screen_id=callback.message.message_id,
        edit=True,
    )


async def on_confirm_remove(
    callback: CallbackQuery,
    callback_data: CardCb,
    bot: Bot,
    i18n: I18nContext,
    repos: Repositories,
    cards: CardBinder,
) -> None:
    user_id = callback.from_user.id
    try:
        removed = await cards.remove(user_id, callback_data.card)
    except (PaylovError, PaylovUnavailable):
        await callback.answer(i18n.get("paylov-unavailable"), show_alert=True)
        return
    if not removed:
        await callback.answer(i18n.get("not-found"), show_alert=True)
        return
    await callback.answer(i18n.get("cards-removed"))
    message_id = callback.message.message_id if callback.message else None
    await show_cards(bot, user_id, i18n, repos, screen_id=message_id, edit=True)


async def on_list(
    callback: CallbackQuery, bot: Bot, i18n: I18nContext, repos: Repositories
) -> None:
    await callback.answer()
    message_id = callback.message.message_id if callback.message else None
    await show_cards(bot, callback.from_user.id, i18n, repos, screen_id=message_id, edit=True)


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(on_cards, Command("cards"))
    router.callback_query.register(on_cards, MenuCb.filter(F.action == "cards"))
    router.callback_query.register(on_add_card, CardCb.filter(F.action == "add"))
    router.callback_query.register(on_remove_card, CardCb.filter(F.action == "remove"))
    router.callback_query.register(on_confirm_remove, CardCb.filter(F.action == "confirm_remove"))
    router.callback_query.register(on_list, CardCb.filter(F.action == "list"))
    return router
