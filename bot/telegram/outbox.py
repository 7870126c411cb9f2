"""The outbox's sender: what a customer is owed about a payment (or a saved account's monthly
reminder), delivered until it arrives.

A notice (receipt, "we are checking", "it did not go through", "it was interrupted") is written
by the payment's repository in the same transaction as the status change that owes it. This
module only draws and hands over: the flow hands over its own receipt at once (`deliver_for`),
and the background loop delivers whatever is still due. Claims, Telegram's answers (429, 5xx,
403 held, 400 given up) and the loop are the leased sender's (bot/telegram/leased_sender.py),
which the support messages share.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from aiogram_i18n.cores import BaseCore

from bot.logs import fields
from bot.payments.catalogue import CatalogueCache
from bot.payments.form import AccountForm
from bot.storage.models import NoticeKind
from bot.storage.repositories import NoticeRecord, PaymentRecord, Repositories
from bot.storage.types import utc_now
from bot.telegram.cleanup import retire
from bot.telegram.i18n import DEFAULT_LANGUAGE
from bot.telegram.leased_sender import CLAIM_LEASE, LeasedSender, Withdrawn, new_token
from bot.telegram.screens import Screen, notices, reminders

log = logging.getLogger(__name__)

# A reminder's amount is not told after this: the account may have been paid since.
REMINDER_STANDS_FOR = timedelta(days=28)


class LocaleTexts:
    """`i18n.get` for one language, for messages no update asked for."""

    def __init__(self, core: BaseCore[object], locale: str) -> None:
        self.core, self.locale = core, locale

    def get(self, key: str, /, **kwargs: object) -> str:
        return self.core.get(key, self.locale, **kwargs)


class Outbox(LeasedSender[NoticeRecord]):
    def __init__(
        self,
        core: BaseCore[object],
        repos: Repositories,
        catalogue: CatalogueCache,
        *,
        interval: float = 1.0,
        lease: timedelta = CLAIM_LEASE,
        token: Callable[[], str] = new_token,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(
            "outbox-sender", repos.notices, log, interval=interval, lease=lease, token=token
        )
        self._core = core
        self._repos = repos
        self._catalogue = catalogue
        self._clock = clock

    # --- delivering -------------------------------------------------------------------------

    async def deliver_for(
        self,
        payment: PaymentRecord,
        kind: NoticeKind,
        *,
        language: str | None,
        retire_screen: int | None = None,
    ) -> bool | None:
        """Deliver this payment's notice now (the flow's own receipt), drawn from the record
        and the customer's language the flow holds. True: delivered here; False: it will be
        retried (or is held); None: no such notice (nothing owed)."""
        bot = self._bot
        if bot is None:
            return False  # not started yet: the background sender will deliver it
        token = self._token()
        notices = self._repos.notices
        claimed = await notices.claim_for_payment(payment.id, kind, token, lease=self._lease)
        if claimed is None:
            return None if await notices.for_payment(payment.id, kind) is None else False
        draw = functools.partial(self._render, claimed, payment, language)
        sent = await self._send(claimed, token, draw)
        if sent is None:
            return False
        if retire_screen is not None and retire_screen != sent.message_id:
            with contextlib.suppress(Exception):
                await retire(bot, claimed.user_id, retire_screen)
        return True

    async def hurry(self, payment_id: int) -> None:
        """The update that meant to send this payment's notices failed: the background sender
        takes them now instead of after the handover."""
        if await self._repos.notices.make_due(payment_id):
            self.wake()

    def _recipient(self, notice: NoticeRecord) -> int:
        return notice.user_id

    def _describe(self, notice: NoticeRecord) -> tuple[str, dict[str, object]]:
        """Each line names the notice and its payment (a reminder's notice has none)."""
        about = f" of payment {notice.payment_id}" if notice.payment_id is not None else ""
        ids = fields(
            notice_id=notice.id,
            payment_id=notice.payment_id,
            reminder_run_id=notice.reminder_run_id,
            user_id=notice.user_id,
        )
        return f"notice {notice.id}{about}", ids

    # --- drawing ----------------------------------------------------------------------------

    async def _draw(self, notice: NoticeRecord) -> Screen:
        """A notice no update holds the payment of (the background sender's)."""
        if notice.kind == NoticeKind.REMINDER:
            return await self._render_reminder(notice)
        if notice.payment_id is None:
            raise LookupError(f"notice {notice.id} names no payment")
        payment = await self._repos.payments.get(notice.payment_id)
        if payment is None:
            raise LookupError(f"notice {notice.id}: payment {notice.payment_id} is gone")
        user = await self._repos.users.get(notice.user_id)
        return await self._render(notice, payment, user.language if user else None)

    async def _render_reminder(self, notice: NoticeRecord) -> Screen:
        """A saved account's monthly reminder, as its run recorded it, while it still stands:
        the account and its reminder still there, and its amount not older than the next
        month's reminder (one held for a customer who blocked the bot may wait that long)."""
        run = None
        if notice.reminder_run_id is not None:
            run = await self._repos.reminders.get_run(notice.reminder_run_id)
        if run is None or run.saved_account_id is None or run.amount is None:
            raise Withdrawn("its account is gone")
        if self._clock() - notice.created_at > REMINDER_STANDS_FOR:
            raise Withdrawn(f"its amount, of {run.period}, is too old to tell")
        if await self._repos.reminders.get(run.saved_account_id, run.user_id) is None:
            raise Withdrawn("the reminder was turned off")
        user = await self._repos.users.get(notice.user_id)
        texts = LocaleTexts(self._core, (user.language if user else None) or DEFAULT_LANGUAGE)
        return reminders.reminder_message(texts, run, run.saved_account_id)

    async def _render(
        self, notice: NoticeRecord, payment: PaymentRecord, language: str | None
    ) -> Screen:
        texts = LocaleTexts(self._core, language or DEFAULT_LANGUAGE)
        if notice.kind != NoticeKind.PAID:
            return notices.outcome_notice(texts, payment, notice.kind)
        fields = await self._catalogue.fields_or_none(payment.service_id)
        account = AccountForm(fields).labelled(payment.account) if fields else []
        saved = await self._repos.saved_accounts.find(
            payment.user_id, payment.service_id, payment.account
        )
        return notices.receipt(texts, payment, account, saveable=saved is None)
