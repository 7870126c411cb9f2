"""The payment state machine: create → code → pay → receipt, with the record kept straight.

Plain Python over the Paylov client and the repositories; the Telegram layer turns the outcomes
into screens. The rules that keep money safe live here and nowhere else:

- a payment row exists (status `new`) before `create` is sent, and gets its transaction id right
  after;
- `pay` is sent only by the caller that wins the atomic `created → paying` claim, so a double tap,
  a second update or a second process can never send it twice;
- neither call is ever resent: when the answer is lost, `transaction/status` tells the truth, and
  a payment Paylov cannot settle yet stays `pending` for the watcher to recheck.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovError, PaylovOutcomeUnknown, PaylovUnavailable
from bot.paylov.models import (
    CreateRequest,
    InfoItem,
    PayRequest,
    TransactionState,
)
from bot.storage.models import PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories

log = logging.getLogger(__name__)

# Paylov codes after which the same transaction may take another code.
RETRYABLE_CODE_ERRORS = frozenset({"invalid_otp", "wrong_otp", "otp_invalid"})
# `pay` refused because the transaction is paid already: the money moved, so the record must
# say paid (with Paylov's own details), not failed.
ALREADY_PAID_ERRORS = frozenset({"transaction_already_payed", "transaction_already_paid"})
# `create` refused the stored cardId itself: Paylov no longer holds that card for this customer
# (removed elsewhere, or unbound by the bank), so keeping it would refuse every payment.
CARD_GONE_ERRORS = frozenset({"card_not_found"})


def paylov_user_id(prefix: str, telegram_id: int) -> str:
    """The merchant's own id for a customer, as Paylov groups cards and payments by it."""
    return f"{prefix}{telegram_id}"


@dataclass(frozen=True)
class Checkout:
    """Everything the confirmation screen showed, and so everything `create` needs."""

    user_id: int
    service_id: str
    service_name: str
    account: dict[str, str]
    account_label: str
    amount: int
    card_id: str
    card_mask: str
    saved_account_id: int | None = None


# --- outcomes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwaitingCode:
    payment: PaymentRecord
    details: list[InfoItem] = field(default_factory=list)


@dataclass(frozen=True)
class CreateRefused:
    """Paylov said no to `create` (bad account, amount, card...). Nothing was charged."""

    payment: PaymentRecord
    code: str
    card_forgotten: bool = False  # the card was unknown to Paylov and is removed here too


@dataclass(frozen=True)
class StillSettling:
    """An earlier payment of this very account may still go through: no new one is started
    until it settles, or the customer could be charged twice."""

    earlier: PaymentRecord


@dataclass(frozen=True)
class CreateUnavailable:
    """`create` got no answer. No `pay` was sent, so nothing can have been charged."""

    payment: PaymentRecord


@dataclass(frozen=True)
class Paid:
    payment: PaymentRecord


@dataclass(frozen=True)
class WrongCode:
    payment: PaymentRecord


# Why `close_abandoned` cancelled a payment: its SMS code never came in time.
CODE_NOT_ENTERED = "code_not_entered"
# `pay` refused for the card itself: the same payment may well go through with another card.
CARD_DECLINES = frozenset(
    {
        "insufficient_funds",
        "card_expired",
        "card_is_blocked_in_processing_center",
        "daily_limit_used_for_this_card",
        "card_not_found",
    }
)


@dataclass(frozen=True)
class Declined:
    payment: PaymentRecord
    code: str

    @property
    def another_card_may_do(self) -> bool:
        return self.code in CARD_DECLINES


@dataclass(frozen=True)
class Pending:
    """The outcome is not known yet; the watcher rechecks and tells the customer."""

    payment: PaymentRecord


@dataclass(frozen=True)
class AlreadyHandled:
    """Another update already took this payment (double tap, stale button)."""

    payment: PaymentRecord


@dataclass(frozen=True)
class NotFound:
    pass


CreateOutcome = AwaitingCode | CreateRefused | CreateUnavailable | StillSettling
PayOutcome = Paid | WrongCode | Declined | Pending | AlreadyHandled | NotFound


class PaymentFlow:
    def __init__(
        self,
        client: PaylovClient,
        repos: Repositories,
        *,
        user_id_prefix: str = "tg",
        give_up_after: timedelta = timedelta(minutes=30),
        in_flight_grace: timedelta = timedelta(minutes=2),
        code_wait_limit: timedelta = timedelta(minutes=30),
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._client = client
        self._payments = repos.payments
        self._cards = repos.cards
        self._saved_accounts = repos.saved_accounts
        self._user_id_prefix = user_id_prefix
        self._give_up_after = give_up_after
        self._in_flight_grace = in_flight_grace
        self._code_wait_limit = code_wait_limit
        self._now = now

    def _paylov_user(self, telegram_id: int) -> str:
        return paylov_user_id(self._user_id_prefix, telegram_id)

    async def create(self, checkout: Checkout) -> CreateOutcome:
        unsettled = await self._payments.list_unsettled_for(
            checkout.user_id, checkout.service_id, checkout.account
        )
        if unsettled:
            return StillSettling(earlier=unsettled[0])
        saved_account_id = await self._saved_account_of(checkout)
        payment = await self._payments.create_draft(
            user_id=checkout.user_id,
            service_id=checkout.service_id,
            service_name=checkout.service_name,
            account=checkout.account,
            account_label=checkout.account_label,
            amount=checkout.amount,
            card_id=checkout.card_id,
            card_mask=checkout.card_mask,
            saved_account_id=saved_account_id,
        )
        request = CreateRequest(
            service_id=checkout.service_id,
            account=checkout.account,
            amount=checkout.amount,
            user_id=self._paylov_user(checkout.user_id),
            card_id=checkout.card_id,
        )
        try:
            created = await self._client.create_transaction(request)
        except PaylovError as error:
            failed = await self._payments.mark_failed(payment.id, error.code, error.message)
            forgotten = error.code in CARD_GONE_ERRORS and await self._cards.delete_by_card_id(
                checkout.user_id, checkout.card_id
            )
            return CreateRefused(
                payment=failed or payment, code=error.code, card_forgotten=forgotten
            )
        except PaylovUnavailable as error:
            # Even if Paylov made a transaction, it is unpaid without `pay`: no money moved.
            code = "create_no_answer" if isinstance(error, PaylovOutcomeUnknown) else "unavailable"
            failed = await self._payments.mark_failed(payment.id, code, error.reason)
            return CreateUnavailable(payment=failed or payment)
        otp_phone = created.sms.otp_sent_phone if created.sms else None
        recorded = await self._payments.mark_created(payment.id, created.transaction_id, otp_phone)
        return AwaitingCode(payment=recorded or payment, details=list(created.data))

    async def _saved_account_of(self, checkout: Checkout) -> int | None:
        """The saved account the payment is linked to, only while it is that very account: a
        quick repay may have been steered to another service or account on the way."""
        if checkout.saved_account_id is None:
            return None
        saved = await self._saved_accounts.find(
            checkout.user_id, checkout.service_id, checkout.account
        )
        return saved.id if saved is not None and saved.id == checkout.saved_account_id else None

    async def pay(self, user_id: int, payment_id: int, code: str) -> PayOutcome:
        payment = await self._payments.get_for_user(payment_id, user_id)
        if payment is None:
            return NotFound()
        if not await self._payments.claim_for_pay(payment.id):
            current = await self._payments.get(payment.id)
            return AlreadyHandled(payment=current or payment)
        assert payment.transaction_id is not None  # a `created` payment always has one
        request = PayRequest(
            transaction_id=payment.transaction_id,
            card_id=payment.card_id or "",
            user_id=self._paylov_user(user_id),
            otp=code,
        )
        try:
            result = await self._client.pay(request)
        except PaylovError as error:
            if error.code in RETRYABLE_CODE_ERRORS:
                released = await self._payments.release_after_rejected_code(payment.id, error.code)
                return WrongCode(payment=released or payment)
            if error.code in ALREADY_PAID_ERRORS:
                return await self._settle(payment)
            failed = await self._payments.mark_failed(payment.id, error.code, error.message)
            return Declined(payment=failed or payment, code=error.code)
        except PaylovUnavailable:
            log.warning("pay for payment %s got no answer; asking its status", payment.id)
            return await self._settle(payment)
        paid = await self._payments.mark_paid(payment.id, result.payment_ref, result.payed_at)
        return Paid(payment=paid or payment)

    async def cancel(self, user_id: int, payment_id: int) -> PaymentRecord | None:
        """Customer walked away before paying. A payment already being paid is left alone."""
        payment = await self._payments.get_for_user(payment_id, user_id)
        if payment is None:
            return None
        return await self._payments.mark_cancelled(payment.id)

    async def refresh(self, payment: PaymentRecord) -> PaymentRecord:
        """The payment's latest truth: asks Paylov when the record is not final yet."""
        if payment.status not in {PaymentStatus.PAYING, PaymentStatus.PENDING}:
            return payment
        outcome = await self._settle(payment)
        return outcome.payment

    async def recheck_unsettled(self) -> list[PaymentRecord]:
        """Settle what a crash or a lost answer left open; return the payments that became final."""
        settled: list[PaymentRecord] = []
        quiet_since = self._now() - self._in_flight_grace
        for payment in await self._payments.list_unsettled(quiet_since=quiet_since):
            outcome = await self._settle(payment)
            if outcome.payment.status.is_final:
                settled.append(outcome.payment)
        return settled

    async def close_abandoned(self) -> list[PaymentRecord]:
        """Close payments that can no longer be paid and never were (no `pay` was sent):
        a `create` whose answer a crash lost, and a code the customer never typed."""
        now = self._now()
        closed: list[PaymentRecord] = []
        for payment in await self._payments.list_stale(
            PaymentStatus.NEW, untouched_since=now - self._in_flight_grace
        ):
            failed = await self._payments.mark_failed(
                payment.id, "create_no_answer", "create's answer was lost"
            )
            closed.extend([failed] if failed else [])
        for payment in await self._payments.list_stale(
            PaymentStatus.CREATED, untouched_since=now - self._code_wait_limit
        ):
            cancelled = await self._payments.mark_cancelled(payment.id, CODE_NOT_ENTERED)
            closed.extend([cancelled] if cancelled else [])
        return closed

    async def _settle(self, payment: PaymentRecord) -> Paid | Declined | Pending:
        """Ask `transaction/status` and record what it says; never resend `pay`."""
        assert payment.transaction_id is not None
        try:
            status = await self._client.transaction_status(payment.transaction_id)
        except PaylovUnavailable as error:
            log.info("status of payment %s unknown for now: %s", payment.id, error)
            return Pending(payment=await self._keep_pending(payment))
        except PaylovError as error:
            # A definite answer, but not a state (Paylov does not know the transaction, say):
            # what it cannot find it cannot pay, yet give it the same time as "created".
            log.warning("status of payment %s refused: %s", payment.id, error.code)
            return await self._unpaid(payment)
        if status.status == TransactionState.PAID:
            paid = await self._payments.mark_paid(payment.id, None, status.payed_at)
            return Paid(payment=paid or await self._current(payment))
        if status.status == TransactionState.CANCELLED:
            failed = await self._payments.mark_failed(payment.id, "cancelled", "cancelled")
            return Declined(payment=failed or await self._current(payment), code="cancelled")
        return await self._unpaid(payment)

    async def _unpaid(self, payment: PaymentRecord) -> Declined | Pending:
        if self._now() - payment.created_at > self._give_up_after:
            # Still unpaid this long after: our `pay` is never resent, so nothing will pay it.
            failed = await self._payments.mark_failed(payment.id, "expired", "not paid in time")
            return Declined(payment=failed or await self._current(payment), code="expired")
        return Pending(payment=await self._keep_pending(payment))

    async def _current(self, payment: PaymentRecord) -> PaymentRecord:
        """The record as it is now: another update may have settled it first."""
        return await self._payments.get(payment.id) or payment

    async def _keep_pending(self, payment: PaymentRecord) -> PaymentRecord:
        """`paying` becomes `pending` (a conditional update: a pending one stays as it is)."""
        return await self._payments.mark_pending(payment.id) or await self._current(payment)
