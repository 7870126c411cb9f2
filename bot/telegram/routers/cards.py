"""/cards: the customer's bound cards with holder and balance; add, name, make default, remove."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.types import Message

from bot.payments.card_binding import (
    CARD_NAME_MAX,
    CardBinder,
    CardNotFound,
    CardUnbound,
    UnbindFailed,
)
from bot.storage.repositories import CardRecord
from bot.telegram.callbacks import CardAction, CardCb, MenuAction, MenuCb
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft, load_draft, save_draft
from bot.telegram.filters import NOT_A_COMMAND, OwnCard
from bot.telegram.middlewares import ANSWERS_ITSELF, LEAVES_FLOW
from bot.telegram.screens import cards as screens
from bot.telegram.states import Cards
from bot.telegram.steps import card as card_steps


async def on_cards(_: object, ctx: ChatContext) -> None:
    await card_steps.show_card_list(ctx, anew=True)


async def on_list(_: object, ctx: ChatContext) -> None:
    if await ctx.state.get_state() == Cards.naming.state:  # Back from the name question
        await ctx.state.clear()
    await card_steps.show_card_list(ctx)


async def on_name(_: object, ctx: ChatContext, card: CardRecord) -> None:
    prompt_id = await ctx.show(screens.ask_name(ctx.i18n, card))
    await ctx.state.set_state(Cards.naming)
    await save_draft(ctx.state, PayDraft(card_row_id=card.id, screen_id=prompt_id))


async def on_new_name(message: Message, ctx: ChatContext, cards: CardBinder) -> None:
    draft = await load_draft(ctx.state)
    card = await ctx.services.repos.cards.get_for_user(draft.card_row_id or 0, ctx.user_id)
    if card is None:  # removed meanwhile (another device)
        await ctx.state.clear()
        await card_steps.show_card_list(ctx, ctx.t("not-found"), anew=True)
        return
    named = await cards.rename(ctx.user_id, card.id, message.text or "")
    if named is None:  # the question stands, with what is wrong, in place
        problem = ctx.t("cards-name-invalid", max=CARD_NAME_MAX)
        screen = screens.ask_name(ctx.i18n, card, problem)
        draft.screen_id = await ctx.show(screen, replacing=draft.screen_id)
        await save_draft(ctx.state, draft)
        return
    await ctx.state.clear()
    await ctx.retire(draft.screen_id)
    notice = ctx.t("cards-named", name=escape(named.name or ""))
    await card_steps.show_card_list(ctx, notice, anew=True)


async def on_make_default(_: object, ctx: ChatContext, card: CardRecord, cards: CardBinder) -> None:
    if not await cards.make_default(ctx.user_id, card.id):
        await ctx.alert(ctx.t("not-found"))
        return
    await ctx.answer(ctx.t("cards-default-set"))
    await card_steps.show_card_list(ctx)


async def on_add_card(_: object, ctx: ChatContext) -> None:
    await card_steps.begin(ctx, PayDraft(card_return="cards"))


async def on_remove_card(_: object, ctx: ChatContext, card: CardRecord) -> None:
    await ctx.show(screens.remove_confirm(ctx.i18n, card))


async def on_confirm_remove(
    _: object, callback_data: CardCb, ctx: ChatContext, cards: CardBinder
) -> None:
    match await cards.unbind(ctx.user_id, callback_data.card):
        case UnbindFailed():
            await ctx.alert(ctx.t("paylov-unavailable"))
        case CardNotFound():
            await ctx.alert(ctx.t("not-found"))
        case CardUnbound():
            await ctx.answer(ctx.t("cards-removed"))
            await card_steps.show_card_list(ctx)


async def on_not_found(_: object, ctx: ChatContext) -> None:
    """A card button naming a card the presser does not have (removed meanwhile, or forged)."""
    await ctx.alert(ctx.t("not-found"))


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(on_cards, Command("cards"), flags=LEAVES_FLOW)
    menu_entry = MenuCb.filter(F.action == MenuAction.CARDS)
    router.callback_query.register(on_cards, menu_entry, flags=LEAVES_FLOW)
    add = CardCb.filter(F.action == CardAction.ADD)
    router.callback_query.register(on_add_card, add, flags=LEAVES_FLOW)
    name = CardCb.filter(F.action == CardAction.NAME)
    router.callback_query.register(on_name, name, OwnCard(), flags=LEAVES_FLOW)
    router.message.register(on_new_name, StateFilter(Cards.naming), NOT_A_COMMAND)
    make_default = CardCb.filter(F.action == CardAction.MAKE_DEFAULT)
    router.callback_query.register(on_make_default, make_default, OwnCard(), flags=ANSWERS_ITSELF)
    remove = CardCb.filter(F.action == CardAction.REMOVE)
    router.callback_query.register(on_remove_card, remove, OwnCard())
    confirm = CardCb.filter(F.action == CardAction.CONFIRM_REMOVE)
    router.callback_query.register(on_confirm_remove, confirm, flags=ANSWERS_ITSELF)
    router.callback_query.register(on_list, CardCb.filter(F.action == CardAction.LIST))
    router.callback_query.register(on_not_found, CardCb.filter(), flags=ANSWERS_ITSELF)
    return router
