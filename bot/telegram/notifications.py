"""Messages the bot sends on its own: a payment that settled after its answer was lost."""

from __future__ import annotations

from html import escape

from aiogram import Bot
from aiogram_i18n.cores import BaseCore

from bot.payments.amounts import format_sum
from bot.storage.models import PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories
from bot.telegram.i18n import DEFAULT_LANGUAGE


class PaymentNotifier:
    def __init__(self, bot: Bot, core: BaseCore[object], repos: Repositories) -> None:
        self._bot = bot
        self._core = core
        self._repos = repos

    async def __call__(self, payment: PaymentRecord) -> None:
        user = await self._repos.users.get(payment.user_id)
        language = (user.language if user else None) or DEFAULT_LANGUAGE
        key = "settled-paid" if payment.status == PaymentStatus.PAID else "settled-failed"
        text = self._core.get(
            key,
            language,
            service=escape(payment.service_name),
            account=escape(payment.account_label),
            amount=format_sum(payment.amount),
            transaction=escape(payment.transaction_id or "—"),
        )
        await self._bot.send_message(payment.user_id, text)
