"""The receipt card: "Receipt image" under a receipt or a paid payment in history sends the
payment as a picture to forward (to a landlord, an accountant) or keep. Only for the presser's
own paid payment; any other id is answered "not found" and reveals nothing."""

from __future__ import annotations

import asyncio

from aiogram import Router
from aiogram.types import BufferedInputFile

from bot.config import Settings
from bot.payments.form import AccountForm
from bot.payments.receipt_card import render_receipt_card
from bot.storage.repositories import PaymentRecord
from bot.telegram.callbacks import ReceiptCardCb
from bot.telegram.context import ChatContext
from bot.telegram.filters import OwnPayment
from bot.telegram.middlewares import ANSWERS_ITSELF
from bot.telegram.screens import receipt_card as screens


async def bot_name(ctx: ChatContext, settings: Settings) -> screens.BotName:
    """BOT_DISPLAY_NAME when set, else the bot's own Telegram name (getMe, asked once per Bot)."""
    me = await ctx.bot.me()
    return screens.BotName(settings.telegram.display_name or me.first_name, me.username)


async def on_receipt_card(
    _: object, ctx: ChatContext, payment: PaymentRecord, settings: Settings
) -> None:
    fields = await ctx.services.catalogue.fields_or_none(payment.service_id)
    account = AccountForm(fields).labelled(payment.account) if fields else []
    card = screens.receipt_card(
        ctx.i18n,
        payment,
        account,
        await bot_name(ctx, settings),
        test_mode=settings.paylov.sandbox,
    )
    await ctx.bot.send_chat_action(ctx.chat_id, "upload_photo")
    # Drawing is CPU work (~20 ms): off the event loop, so other customers are not kept waiting.
    png = await asyncio.to_thread(render_receipt_card, card)
    await ctx.bot.send_photo(
        ctx.chat_id,
        BufferedInputFile(png, screens.filename(payment)),
        caption=screens.caption(ctx.i18n, payment),
    )


async def on_not_found(_: object, ctx: ChatContext) -> None:
    """Not the presser's paid payment: someone else's id reveals nothing."""
    await ctx.alert(ctx.t("not-found"))


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    press = ReceiptCardCb.filter()
    router.callback_query.register(on_receipt_card, press, OwnPayment(paid=True))
    router.callback_query.register(on_not_found, press, flags=ANSWERS_ITSELF)
    return router
