"""Errors by type: nothing a handler raises may take the dispatcher down or leave a user hanging."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from aiogram_i18n import I18nContext

from bot.paylov.errors import PaylovError, PaylovUnavailable

log = logging.getLogger(__name__)


async def _tell(event: ErrorEvent, bot: Bot, text: str) -> None:
    update = event.update
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.message is not None:
        await bot.send_message(update.message.chat.id, text)


async def on_paylov_unavailable(event: ErrorEvent, bot: Bot, i18n: I18nContext) -> None:
    log.warning("Paylov unavailable in update %s: %s", event.update.update_id, event.exception)
    # The screen is unchanged, so pressing the same button again retries the step.
    await _tell(event, bot, i18n.get("paylov-unavailable"))


async def on_paylov_error(event: ErrorEvent, bot: Bot, i18n: I18nContext) -> None:
    log.warning("Paylov refused in update %s: %s", event.update.update_id, event.exception)
    await _tell(event, bot, i18n.get("paylov-error"))


async def on_unexpected(event: ErrorEvent, bot: Bot, i18n: I18nContext) -> None:
    log.exception("unhandled error in update %s", event.update.update_id, exc_info=event.exception)
    await _tell(event, bot, i18n.get("internal-error"))


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.error.register(on_paylov_unavailable, ExceptionTypeFilter(PaylovUnavailable))
    router.error.register(on_paylov_error, ExceptionTypeFilter(PaylovError))
    router.error.register(on_unexpected)
    return router
