"""Filters that find what a button names and hand it to the handler, or match nothing.

A press on someone else's id, or on a screen that is no longer live, reaches no handler of
its feature: the feature's last handler (or the fallback router) answers it, and nothing is
left or changed on the way (LeaveOnFlag runs only for a handler that matched).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import F
from aiogram.enums import ChatType
from aiogram.filters import BaseFilter, Filter
from aiogram.types import CallbackQuery, Message, TelegramObject
from magic_filter import MagicFilter

from bot.storage.models import PaymentStatus
from bot.telegram.callbacks import AccountCb, CardCb, HistoryCb, ReceiptCardCb, SupportCb
from bot.telegram.context import ChatContext
from bot.telegram.draft import load_draft


class OnTheLoop(Filter):
    """A magic filter or a plain predicate, checked on the event loop. aiogram runs a filter
    that is not a coroutine in a thread (asyncio.to_thread): about 55 µs of CPU each, against
    1 µs here, and a message is checked by a dozen. tests/telegram/test_layout.py fails on a
    filter registered without it."""

    def __init__(self, check: MagicFilter | Callable[[Any], Any]) -> None:
        self._check = check.resolve if isinstance(check, MagicFilter) else check

    async def __call__(self, event: TelegramObject) -> Any:
        return self._check(event)


TEXT = OnTheLoop(F.text)
NOT_TEXT = OnTheLoop(~F.text)
CONTACT = OnTheLoop(F.contact)
IN_PRIVATE_CHAT = OnTheLoop(F.chat.type == ChatType.PRIVATE)
PRESSED_IN_PRIVATE_CHAT = OnTheLoop(F.message.chat.type == ChatType.PRIVATE)


class LiveScreen(BaseFilter):
    """A press on the payment flow's live screen; hands on its `draft`."""

    async def __call__(self, callback: CallbackQuery, ctx: ChatContext) -> bool | dict[str, Any]:
        draft = await load_draft(ctx.state)
        return {"draft": draft} if ctx.pressed(draft.screen_id) else False


class OwnSavedAccount(BaseFilter):
    """The presser's saved account named by the button, as `saved`."""

    async def __call__(
        self, callback: CallbackQuery, callback_data: AccountCb, ctx: ChatContext
    ) -> bool | dict[str, Any]:
        repos = ctx.services.repos
        saved = await repos.saved_accounts.get_for_user(callback_data.arg, ctx.user_id)
        return {"saved": saved} if saved is not None else False


class OwnPayment(BaseFilter):
    """The presser's payment named by the button, as `payment`; with `paid`, only a paid one
    (only an account that was really paid is worth saving)."""

    def __init__(self, *, paid: bool = False) -> None:
        self.paid = paid

    async def __call__(
        self,
        callback: CallbackQuery,
        callback_data: HistoryCb | AccountCb | ReceiptCardCb | SupportCb,
        ctx: ChatContext,
    ) -> bool | dict[str, Any]:
        payment = await ctx.services.repos.payments.get_for_user(callback_data.arg, ctx.user_id)
        if payment is None or (self.paid and payment.status != PaymentStatus.PAID):
            return False
        return {"payment": payment}


class OwnCard(BaseFilter):
    """The presser's bound card named by the button, as `card`."""

    async def __call__(
        self, callback: CallbackQuery, callback_data: CardCb, ctx: ChatContext
    ) -> bool | dict[str, Any]:
        card = await ctx.services.repos.cards.get_for_user(callback_data.card, ctx.user_id)
        return {"card": card} if card is not None else False


def _is_command(text: str | None) -> bool:
    # MagicFilter's `&` evaluates both sides: a sticker (no text) reaches this too.
    return text is not None and text.startswith("/")


# Text that is not a /command: a command typed instead of an answer goes to its own handler.
NOT_A_COMMAND = OnTheLoop(F.text & ~F.text.func(_is_command))


class RepliedQuestion(BaseFilter):
    """An admin's reply to their copy of a customer's question, as `question`; a reply to any
    other message, or by anyone else, is no answer and goes on as any message would."""

    async def __call__(self, message: Message, ctx: ChatContext) -> bool | dict[str, Any]:
        replied = message.reply_to_message
        if replied is None:
            return False
        desk = ctx.services.support
        question = await desk.question_replied_to(ctx.user_id, replied.message_id)
        return {"question": question} if question is not None else False
