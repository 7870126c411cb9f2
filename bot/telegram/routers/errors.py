"""Errors by type: nothing a handler raises may take the dispatcher down or leave a user hanging.

Before any "something went wrong", the error path looks at the payments the failed update
touched (and the one its flow holds): once money may have moved, the customer is told the
truth about that payment instead, never "try again". Answering never fails in turn: a callback
already answered or too old falls back to a message, and a blocked bot is only logged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import ErrorEvent, User
from aiogram_i18n import I18nContext, I18nMiddleware

from bot.paylov.errors import PaylovError, PaylovUnavailable
from bot.storage.models import PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories
from bot.telegram import views
from bot.telegram.draft import load_draft
from bot.telegram.i18n import language_from_telegram
from bot.telegram.outbox import Outbox
from bot.telegram.states import Pay

log = logging.getLogger(__name__)


async def _payments_at_stake(
    user_id: int,
    repos: Repositories,
    state: FSMContext | None,
    started_at: datetime | None,
) -> list[PaymentRecord]:
    touched = await repos.payments.list_touched_since(user_id, started_at) if started_at else []
    if state is not None:
        draft = await load_draft(state)
        if draft.payment_id is not None and draft.payment_id not in {p.id for p in touched}:
            held = await repos.payments.get_for_user(draft.payment_id, user_id)
            touched.extend([held] if held else [])
    return touched


async def _truth(
    event: ErrorEvent,
    user_id: int,
    i18n: I18nContext,
    repos: Repositories,
    outbox: Outbox | None,
    state: FSMContext | None,
    started_at: datetime | None,
) -> str | None:
    """What the customer must hear instead of a generic error, if a payment is at stake."""
    try:
        payments = await _payments_at_stake(user_id, repos, state, started_at)
        current = await state.get_state() if state is not None else None
    except Exception:
        log.exception("could not tell which payments update %s touched", event.update.update_id)
        return i18n.get("error-payment-unknown")
    if outbox is not None:
        # What the failed update owed (recorded with each status change) goes out now.
        for payment in payments:
            await outbox.hurry(payment.id)
    if any(p.status == PaymentStatus.PAID for p in payments):
        return i18n.get("error-payment-paid")
    if any(p.status.may_still_go_through for p in payments):
        return i18n.get("error-payment-checking")
    waiting = [p for p in payments if p.status == PaymentStatus.CREATED]
    if waiting and current == Pay.code.state:
        return views.code_sent(i18n, waiting[0])
    return None


async def _tell(event: ErrorEvent, bot: Bot, chat_id: int | None, text: str) -> None:
    """Answer the customer however Telegram still lets us; never raises."""
    update = event.update
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(text, show_alert=True)
            return
        except TelegramAPIError as error:
            log.info("could not answer callback of update %s: %s", update.update_id, error)
    if chat_id is None:
        return
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError as error:
        log.warning("could not tell user %s about a failed update: %s", chat_id, error)
    except Exception:
        log.exception("could not tell user %s about a failed update", chat_id)


ErrorHandler = Callable[..., Awaitable[None]]


def _make_handler(key: str, *, unexpected: bool = False) -> ErrorHandler:
    """One handler per error type; `key` is what it says when no payment is at stake."""

    async def handle(
        event: ErrorEvent,
        bot: Bot,
        repos: Repositories,
        i18n: I18nContext | None = None,
        i18n_middleware: I18nMiddleware | None = None,
        outbox: Outbox | None = None,
        state: FSMContext | None = None,
        update_started_at: datetime | None = None,
        event_from_user: User | None = None,
    ) -> None:
        if unexpected:
            log.exception(
                "unhandled error in update %s", event.update.update_id, exc_info=event.exception
            )
        else:
            log.warning("%s in update %s: %s", key, event.update.update_id, event.exception)
        if i18n is None:  # it failed before the i18n middleware ran (reading the conversation)
            if i18n_middleware is None:
                return
            language = event_from_user.language_code if event_from_user else None
            i18n = i18n_middleware.new_context(locale=language_from_telegram(language), data={})
        user_id = event_from_user.id if event_from_user else None
        text = None
        if user_id is not None:
            text = await _truth(event, user_id, i18n, repos, outbox, state, update_started_at)
        await _tell(event, bot, user_id, text or i18n.get(key))

    return handle


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    # The screen is unchanged after these, so pressing the same button again retries the step.
    router.error.register(
        _make_handler("paylov-unavailable"), ExceptionTypeFilter(PaylovUnavailable)
    )
    router.error.register(_make_handler("paylov-error"), ExceptionTypeFilter(PaylovError))
    router.error.register(_make_handler("internal-error", unexpected=True))
    return router
