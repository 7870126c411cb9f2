"""The daily reconciliation's report, sent to each admin in the language they chose.

Sent straight, not through the outbox: it is one message a day to staff, and when Telegram
refuses it the log keeps what was found (and /reconcile asks again any time). The session's
delivery policy already retries a 429 or a 5xx.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram_i18n.cores import BaseCore

from bot.payments.reconcile import Reconciliation
from bot.storage.repositories import UserRepository
from bot.telegram.i18n import DEFAULT_LANGUAGE
from bot.telegram.outbox import LocaleTexts
from bot.telegram.screens import reconcile as screens

log = logging.getLogger(__name__)


class ReconcileReport:
    def __init__(
        self, bot: Bot, core: BaseCore[object], users: UserRepository, admin_ids: Collection[int]
    ) -> None:
        self._bot = bot
        self._core = core
        self._users = users
        self._admin_ids = admin_ids

    async def __call__(self, result: Reconciliation) -> None:
        """Every day, "all matched" included: a day without a report is a job that did not
        run."""
        for admin_id in self._admin_ids:
            user = await self._users.get(admin_id)
            texts = LocaleTexts(self._core, (user.language if user else None) or DEFAULT_LANGUAGE)
            text = screens.summary(texts, result)
            document = screens.csv_document(result)
            try:
                if document is None:
                    await self._bot.send_message(admin_id, text)
                else:
                    await self._bot.send_document(admin_id, document, caption=text)
            except TelegramAPIError as error:
                log.warning(
                    "reconciliation of %s: report to admin %s not delivered: %s",
                    result.day,
                    admin_id,
                    error,
                )
