"""The outbox's sender: what a customer is owed about a payment (or a saved account's monthly
reminder), delivered until it arrives.

A notice (receipt, "we are checking", "it did not go through", "it was interrupted") is written
by the payment's repository in the same transaction as the status change that owes it. This
module only delivers: the flow hands over its own receipt at once (`deliver_for`), and a
background loop delivers whatever is still due (after a crash, a Telegram error, from another
process). Every delivery is claimed first (compare-and-set with a lease), so of several senders
exactly one sends a notice.

Telegram's answers decide what happens next:
- 429: try again after its `retry_after`;
- 5xx, timeouts, network errors: back off (1, 2, 4 ... up to 5 minutes) and try again;
- 403 (the customer blocked the bot): held, and delivered first when they next write;
- any other refusal (a 400): tried a few times, then given up on and logged as an error.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram_i18n.cores import BaseCore

from bot.background import Periodic
from bot.logs import fields
from bot.payments.catalogue import CatalogueCache
from bot.payments.form import AccountForm
from bot.storage.models import NoticeKind
from bot.storage.repositories import NoticeRecord, PaymentRecord, Repositories
from bot.storage.types import utc_now
from bot.telegram.cleanup import retire
from bot.telegram.i18n import DEFAULT_LANGUAGE
from bot.telegram.screens import Screen, notices, reminders

log = logging.getLogger(__name__)

# A claim outlives one Bot API request (aiogram's default timeout is 60 s): a sender that dies
# mid-send leaves the notice to the next one after this.
CLAIM_LEASE = timedelta(seconds=90)
MAX_BACKOFF = 300.0
# A 400 is usually for good (the chat is gone); these many tries before giving up.
BAD_REQUEST_TRIES = 5
# A reminder's amount is not told after this: the account may have been paid since.
REMINDER_STANDS_FOR = timedelta(days=28)


class Withdrawn(Exception):
    """What the notice would say no longer stands (a reminder turned off since): it is
    recorded given up, not sent and not retried."""


class LocaleTexts:
    """`i18n.get` for one language, for messages no update asked for."""

    def __init__(self, core: BaseCore[object], locale: str) -> None:
        self.core, self.locale = core, locale

    def get(self, key: str, /, **kwargs: object) -> str:
        return self.core.get(key, self.locale, **kwargs)


class Outbox:
    def __init__(
        self,
        core: BaseCore[object],
        repos: Repositories,
        catalogue: CatalogueCache,
        *,
        interval: float = 1.0,
        lease: timedelta = CLAIM_LEASE,
        token: Callable[[], str] = lambda: uuid.uuid4().hex,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._bot: Bot | None = None  # attached at the dispatcher's startup
        self._core = core
        self._repos = repos
        self._catalogue = catalogue
        self._lease = lease
        self._token = token
        self._clock = clock
        # Polled for what other processes recorded; woken when this one owes something.
        self._loop = Periodic("outbox-sender", self.run_once, interval)

    def attach(self, bot: Bot) -> None:
        self._bot = bot

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
        if self._bot is None:
            return False  # not started yet: the background sender will deliver it
        token = self._token()
        notices = self._repos.notices
        claimed = await notices.claim_for_payment(payment.id, kind, token, lease=self._lease)
        if claimed is None:
            return None if await notices.for_payment(payment.id, kind) is None else False
        draw = functools.partial(self._render, claimed, payment, language)
        return await self._send(claimed, token, draw, retire_screen)

    async def deliver(self, notice: NoticeRecord, *, force: bool = False) -> bool:
        """Claim and send one notice; never raises. False when it was not sent here."""
        if self._bot is None:
            return False  # not started yet: the background sender will deliver it
        token = self._token()
        claimed = await self._repos.notices.claim(notice.id, token, lease=self._lease, force=force)
        if claimed is None:
            return False  # delivered already, held, or another sender has it
        return await self._send(claimed, token, functools.partial(self._render_stored, claimed))

    async def _send(
        self,
        notice: NoticeRecord,
        token: str,
        draw: Callable[[], Awaitable[Screen]],
        retire_screen: int | None = None,
    ) -> bool:
        """Draw and send a notice this sender holds the claim of (`token`); never raises."""
        bot = self._bot
        assert bot is not None
        try:
            rendered = await draw()
            sent = await bot.send_message(
                notice.user_id, rendered.text, reply_markup=rendered.markup
            )
        except Exception as error:
            await self._failed(notice, token, error)
            return False
        await self._repos.notices.mark_delivered(notice.id, token, sent.message_id)
        about, ids = _about(notice)
        log.info("notice %s%s delivered: %s", notice.id, about, notice.kind, extra=ids)
        if retire_screen is not None and retire_screen != sent.message_id:
            with contextlib.suppress(Exception):
                await retire(bot, notice.user_id, retire_screen)
        return True

    async def _failed(self, notice: NoticeRecord, token: str, error: Exception) -> None:
        notices = self._repos.notices
        reason = f"{type(error).__name__}: {error}"
        # Each line names the notice and its payment (a reminder's notice has none).
        about, ids = _about(notice)
        if isinstance(error, Withdrawn):
            log.info("notice %s%s withdrawn: %s", notice.id, about, error, extra=ids)
            await notices.give_up(notice.id, token, reason)
            return
        if isinstance(error, TelegramRetryAfter):
            await notices.reschedule(
                notice.id, token, after=timedelta(seconds=error.retry_after), error=reason
            )
        elif isinstance(error, TelegramForbiddenError):
            log.info(
                "notice %s%s held: user %s blocked the bot",
                notice.id,
                about,
                notice.user_id,
                extra=ids,
            )
            await notices.hold(notice.id, token, reason)
        elif isinstance(error, TelegramBadRequest) and notice.attempts + 1 >= BAD_REQUEST_TRIES:
            log.error(
                "notice %s%s given up after %s tries: %s",
                notice.id,
                about,
                BAD_REQUEST_TRIES,
                error,
                extra=ids,
            )
            await notices.give_up(notice.id, token, reason)
        else:
            if not isinstance(error, TelegramAPIError | TimeoutError | OSError):
                log.exception(
                    "notice %s%s could not be drawn or sent",
                    notice.id,
                    about,
                    exc_info=error,
                    extra=ids,
                )
            else:
                log.info("notice %s%s not delivered yet: %s", notice.id, about, reason, extra=ids)
            await notices.reschedule(
                notice.id, token, after=_backoff(notice.attempts), error=reason
            )
        self.wake()

    async def hurry(self, payment_id: int) -> None:
        """The update that meant to send this payment's notices failed: the background sender
        takes them now instead of after the handover."""
        if await self._repos.notices.make_due(payment_id):
            self.wake()

    async def release_held(self, user_id: int) -> None:
        """The customer wrote again after blocking the bot: what was held goes out first."""
        for notice in await self._repos.notices.release_held(user_id):
            await self.deliver(notice, force=True)

    async def run_once(self) -> int:
        """Deliver every notice that is due now; returns how many were sent by this call."""
        sent = 0
        for notice in await self._repos.notices.list_due():
            sent += await self.deliver(notice)
        return sent

    # --- drawing ----------------------------------------------------------------------------

    async def _render_stored(self, notice: NoticeRecord) -> Screen:
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

    # --- the background sender -----------------------------------------------------------

    def wake(self) -> None:
        """Something is owed now: the background sender goes at once (polled otherwise)."""
        self._loop.wake()

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()


def _about(notice: NoticeRecord) -> tuple[str, dict[str, object]]:
    """The words (" of payment 42") and the `extra=` fields naming what a notice is about."""
    about = f" of payment {notice.payment_id}" if notice.payment_id is not None else ""
    ids = fields(
        notice_id=notice.id,
        payment_id=notice.payment_id,
        reminder_run_id=notice.reminder_run_id,
        user_id=notice.user_id,
    )
    return about, ids


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2.0**attempts, MAX_BACKOFF))
