"""/history: the customer's own payments, newest first, a page at a time; open one to see its
receipt or status (a payment still unsettled is asked about at Paylov first). "Pay again" is
the quick repay's (routers/repay.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command

from bot.payments.history import LISTED_STATUSES
from bot.payments.paging import page_window
from bot.storage.repositories import PaymentRecord
from bot.telegram.callbacks import HistoryAction, HistoryCb, MenuAction, MenuCb
from bot.telegram.context import ChatContext
from bot.telegram.filters import OwnPayment
from bot.telegram.middlewares import ANSWERS_ITSELF, LEAVES_FLOW
from bot.telegram.screens import Screen
from bot.telegram.screens import history as screens

PAGE_SIZE = 6


async def history_page(ctx: ChatContext, page: int = 0) -> Screen:
    repos, user_id = ctx.services.repos, ctx.user_id
    total = await repos.payments.count_for_user(user_id, statuses=LISTED_STATUSES)
    window = page_window(total, page, PAGE_SIZE)
    payments: list[PaymentRecord] = []
    names: dict[int, str] = {}
    if total:
        payments = await repos.payments.list_for_user(
            user_id, offset=window.offset, limit=window.size, statuses=LISTED_STATUSES
        )
        names = {s.id: s.name for s in await repos.saved_accounts.list_for_user(user_id)}
    return screens.history_page(ctx.i18n, window, payments, names)


async def on_history(_: object, ctx: ChatContext) -> None:
    await ctx.send(await history_page(ctx))


async def on_page(_: object, callback_data: HistoryCb, ctx: ChatContext) -> None:
    await ctx.show(await history_page(ctx, callback_data.arg))


async def on_open(_: object, ctx: ChatContext, payment: PaymentRecord) -> None:
    if payment.status.may_still_go_through:
        async with ctx.working():
            payment = await ctx.services.payments.refresh(payment)
    fields = await ctx.services.catalogue.fields_or_none(payment.service_id)
    saved = await ctx.services.saved_accounts.of_payment(payment)
    await ctx.show(screens.payment_details(ctx.i18n, payment, fields, saveable=saved is None))


async def on_not_found(_: object, ctx: ChatContext) -> None:
    """A payment the presser does not have: someone else's id reveals nothing."""
    await ctx.alert(ctx.t("not-found"))


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(on_history, Command("history"), flags=LEAVES_FLOW)
    menu_entry = MenuCb.filter(F.action == MenuAction.HISTORY)
    router.callback_query.register(on_history, menu_entry, flags=LEAVES_FLOW)
    router.callback_query.register(on_page, HistoryCb.filter(F.action == HistoryAction.PAGE))
    opened = HistoryCb.filter(F.action == HistoryAction.OPEN)
    router.callback_query.register(on_open, opened, OwnPayment())
    router.callback_query.register(on_not_found, opened, flags=ANSWERS_ITSELF)
    return router
