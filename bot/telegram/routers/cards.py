"""/cards: the customer's bound cards; add one, remove one."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command

from bot.payments.card_binding import CardBinder, CardNotFound, CardUnbound, UnbindFailed
from bot.storage.repositories import CardRecord
from bot.telegram.callbacks import CardAction, CardCb, MenuAction, MenuCb
from bot.telegram.context import ChatContext
from bot.telegram.draft import PayDraft
from bot.telegram.filters import OwnCard
from bot.telegram.middlewares import ANSWERS_ITSELF, LEAVES_FLOW
from bot.telegram.screens import Screen
from bot.telegram.screens import cards as screens
from bot.telegram.steps import card as card_steps


async def _card_list(ctx: ChatContext) -> Screen:
    return screens.card_list(ctx.i18n, await ctx.services.repos.cards.list_for_user(ctx.user_id))


async def on_cards(_: object, ctx: ChatContext) -> None:
    await ctx.send(await _card_list(ctx))


async def on_list(_: object, ctx: ChatContext) -> None:
    await ctx.show(await _card_list(ctx))


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
            await ctx.show(await _card_list(ctx))


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
    remove = CardCb.filter(F.action == CardAction.REMOVE)
    router.callback_query.register(on_remove_card, remove, OwnCard())
    confirm = CardCb.filter(F.action == CardAction.CONFIRM_REMOVE)
    router.callback_query.register(on_confirm_remove, confirm, flags=ANSWERS_ITSELF)
    router.callback_query.register(on_list, CardCb.filter(F.action == CardAction.LIST))
    router.callback_query.register(on_not_found, CardCb.filter(), flags=ANSWERS_ITSELF)
    return router
