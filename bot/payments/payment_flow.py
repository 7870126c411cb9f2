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

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.logs import fields
from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovAuthError, PaylovError, PaylovOutcomeUnknown, PaylovUnavailable
from bot.paylov.models import (
    CreateRequest,
    InfoItem,
    PayRequest,
    TransactionState,
    TransactionStatus,
)
from bot.storage.models import NoticeKind, PaymentStatus
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


def money_fields(payment: PaymentRecord, transaction_id: str | None = None) -> dict[str, object]:
    """A money log line's `extra=`: the payment's ids, so a JSON log can be searched by them."""
    return fields(
        payment_id=payment.id,
        transaction_id=transaction_id or payment.transaction_id,
        user_id=payment.user_id,
    )


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
    # The earlier payment of this account the customer saw and chose to pay again anyway.
    repeat_of: int | None = None


# --- outcomes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    """The payment is recorded (`new`); `send_create` asks Paylov for it next."""

    payment: PaymentRecord


@dataclass(frozen=True)
class RecentlyPaid:
    """This account was paid a short while ago: the customer must say they mean to pay again
    (people do, on purpose) before anything is sent to Paylov."""

    earlier: PaymentRecord


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


# A notice recorded while the customer's own update runs is theirs to send (the receipt on the
# flow's screen); the background sender takes it only after this, if the update did not.
HANDOVER = timedelta(seconds=15)
# Why `close_abandoned` cancelled a payment: its SMS code never came in time.
CODE_NOT_ENTERED = "code_not_entered"
# Why `close_abandoned` failed one: a crash cut its `create` off (no `pay` was ever sent).
CREATE_CUT_OFF = "create_cut_off"
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
# `pay` refused for the code itself once no code can pay this transaction any more (too many
# wrong ones, or too late): the checkout stands, and a fresh `create` sends a new code.
NEW_CODE_DECLINES = frozenset({"too_many_attempts", "otp_expired"})


@dataclass(frozen=True)
class Declined:
    payment: PaymentRecord
    code: str
    # Learnt from a status check rather than from `pay`'s own answer: a notice is owed.
    by_status: bool = False

    @property
    def another_card_may_do(self) -> bool:
        return self.code in CARD_DECLINES

    @property
    def new_code_may_do(self) -> bool:
        """The payment is closed unpaid, and the same checkout may start anew with a new code."""
        return self.code in NEW_CODE_DECLINES and not self.by_status


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


StartOutcome = Started | StillSettling | RecentlyPaid
# What `transaction/status` answered: a state, a refusal, or no answer.
StatusAnswer = TransactionStatus | PaylovError | PaylovUnavailable
CreateOutcome = AwaitingCode | CreateRefused | CreateUnavailable
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
        repeat_window: timedelta = timedelta(hours=6),
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
        self._repeat_window = repeat_window
        self._now = now

    def _paylov_user(self, telegram_id: int) -> str:
        return paylov_user_id(self._user_id_prefix, telegram_id)

    async def start(self, checkout: Checkout) -> StartOutcome:
        """Record the payment (`new`) before anything is sent, so the caller can save where
        the customer is (the payment's id) before `send_create` may be cut off by a crash."""
        in_the_way = await self._payments.list_in_the_way_for(
            checkout.user_id,
            checkout.service_id,
            checkout.account,
            paid_since=self._now() - self._repeat_window,
        )
        unsettled = [p for p in in_the_way if p.status.may_still_go_through]
        if unsettled:
            return StillSettling(earlier=unsettled[0])
        recent = [p for p in in_the_way if p.status == PaymentStatus.PAID]
        if recent and recent[0].id != checkout.repeat_of:
            return RecentlyPaid(earlier=recent[0])
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
        return Started(payment=payment)

    async def send_create(self, payment: PaymentRecord) -> CreateOutcome:
        """`create` for a payment `start` recorded; never resent."""
        request = CreateRequest(
            service_id=payment.service_id,
            account=payment.account,
            amount=payment.amount,
            user_id=self._paylov_user(payment.user_id),
            card_id=payment.card_id or "",
        )
        try:
            created = await self._client.create_transaction(request)
        except PaylovError as error:
            log.info(
                "create for payment %s refused: %s",
                payment.id,
                error.code,
                extra=money_fields(payment),
            )
            failed = await self._payments.mark_failed(payment.id, error.code, error.message)
            forgotten = error.code in CARD_GONE_ERRORS and await self._cards.delete_by_card_id(
                payment.user_id, payment.card_id or ""
            )
            return CreateRefused(
                payment=failed or payment, code=error.code, card_forgotten=forgotten
            )
        except PaylovUnavailable as error:
            # Even if Paylov made a transaction, it is unpaid without `pay`: no money moved.
            code = "create_no_answer" if isinstance(error, PaylovOutcomeUnknown) else "unavailable"
            log.warning(
                "create for payment %s got no answer (%s): recorded not paid",
                payment.id,
                code,
                extra=money_fields(payment),
            )
            failed = await self._payments.mark_failed(payment.id, code, error.reason)
            return CreateUnavailable(payment=failed or payment)
        otp_phone = created.sms.otp_sent_phone if created.sms else None
        recorded = await self._payments.mark_created(payment.id, created.transaction_id, otp_phone)
        log.info(
            "payment %s created: transaction %s",
            payment.id,
            created.transaction_id,
            extra=money_fields(payment, created.transaction_id),
        )
        return AwaitingCode(payment=recorded or payment, details=list(created.data))

    async def create(self, checkout: Checkout) -> StartOutcome | CreateOutcome:
        """`start` and `send_create` in one call, for callers with nothing to save between."""
        started = await self.start(checkout)
        if not isinstance(started, Started):
            return started
        return await self.send_create(started.payment)

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
        payment = await self._payments.claim_own_for_pay(payment_id, user_id)
        if payment is None:
            current = await self._payments.get_for_user(payment_id, user_id)
            return NotFound() if current is None else AlreadyHandled(payment=current)
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
            log.info(
                "pay for payment %s (transaction %s) refused: %s",
                payment.id,
                payment.transaction_id,
                error.code,
                extra=money_fields(payment),
            )
            if error.code in RETRYABLE_CODE_ERRORS:
                released = await self._payments.release_after_rejected_code(payment.id, error.code)
                return WrongCode(payment=released or payment)
            if error.code in ALREADY_PAID_ERRORS:
                return await self._settle(payment, handover=HANDOVER)
            failed = await self._payments.mark_failed(payment.id, error.code, error.message)
            return Declined(payment=failed or payment, code=error.code)
        except PaylovUnavailable:
            log.warning(
                "pay for payment %s (transaction %s) got no answer; asking its status",
                payment.id,
                payment.transaction_id,
                extra=money_fields(payment),
            )
            return await self._settle(payment, handover=HANDOVER)
        paid = await self._payments.mark_paid(
            payment.id,
            result.payment_ref,
            result.payed_at,
            epos_merchant=result.epos_merchant,
            epos_terminal=result.epos_terminal,
            handover=HANDOVER,
        )
        log.info(
            "payment %s paid (transaction %s)",
            payment.id,
            payment.transaction_id,
            extra=money_fields(payment),
        )
        return Paid(payment=paid or payment)

    async def still_open(self, user_id: int, payment_id: int) -> PaymentRecord | None:
        """The customer's payment unless it ended unpaid (failed, cancelled, or not theirs):
        then nothing was charged and a new payment of the same checkout may start."""
        payment = await self._payments.get_for_user(payment_id, user_id)
        if payment is None or payment.status in {PaymentStatus.FAILED, PaymentStatus.CANCELLED}:
            return None
        return payment

    async def cancel(self, user_id: int, payment_id: int) -> PaymentRecord | None:
        """Customer walked away before paying. A payment already being paid is left alone."""
        payment = await self._payments.get_for_user(payment_id, user_id)
        if payment is None:
            return None
        return await self._payments.mark_cancelled(payment.id)

    async def refresh(self, payment: PaymentRecord) -> PaymentRecord:
        """The payment's latest truth: asks Paylov while its `pay` may still go through (the
        record says nothing final, and nothing else could change it)."""
        if not payment.status.may_still_go_through:
            return payment
        outcome = await self._settle(payment)
        return outcome.payment

    async def recheck_unsettled(self, *, concurrency: int = 4) -> list[PaymentRecord]:
        """Settle what a crash or a lost answer left open; return the payments that became final.

        A few status requests at a time, so one slow answer does not hold up the rest. What
        the customer is owed is recorded with each status change (the outbox), never here."""
        quiet_since = self._now() - self._in_flight_grace
        unsettled = await self._payments.list_unsettled(quiet_since=quiet_since)
        gate = asyncio.Semaphore(concurrency)

        async def settle(payment: PaymentRecord) -> PaymentRecord:
            async with gate:
                return (await self._settle(payment)).payment

        results = await asyncio.gather(*(settle(payment) for payment in unsettled))
        return [payment for payment in results if payment.status.is_final]

    async def close_abandoned(self) -> list[PaymentRecord]:
        """Close payments that can no longer be paid and never were (no `pay` was sent):
        a `create` whose answer a crash lost, and a code the customer never typed."""
        now = self._now()
        closed: list[PaymentRecord] = []
        for payment in await self._payments.list_stale(
            PaymentStatus.NEW, untouched_since=now - self._in_flight_grace
        ):
            # A crash cut `create` off: no `pay` was ever sent, and the customer hears so.
            log.warning(
                "payment %s: create's answer was lost; recorded not paid",
                payment.id,
                extra=money_fields(payment),
            )
            failed = await self._payments.mark_failed(
                payment.id,
                CREATE_CUT_OFF,
                "create's answer was lost",
                notice=NoticeKind.CREATE_LOST,
            )
            closed.extend([failed] if failed else [])
        for payment in await self._payments.list_stale(
            PaymentStatus.CREATED, untouched_since=now - self._code_wait_limit
        ):
            log.info(
                "payment %s (transaction %s): no code typed in time; cancelled",
                payment.id,
                payment.transaction_id,
                extra=money_fields(payment),
            )
            cancelled = await self._payments.mark_cancelled(payment.id, CODE_NOT_ENTERED)
            closed.extend([cancelled] if cancelled else [])
        return closed

    async def _settle(
        self, payment: PaymentRecord, *, handover: timedelta = timedelta(0)
    ) -> Paid | Declined | Pending:
        """Ask `transaction/status` and record what it says; never resend `pay`."""
        assert payment.transaction_id is not None
        answer: StatusAnswer
        try:
            answer = await self._client.transaction_status(payment.transaction_id)
        except (PaylovUnavailable, PaylovError) as error:
            answer = error
        return await self.record_status(payment, answer, handover=handover)

    async def record_status(
        self, payment: PaymentRecord, answer: StatusAnswer, *, handover: timedelta = timedelta(0)
    ) -> Paid | Declined | Pending:
        """Record what `transaction/status` answered for a payment whose `pay` may have gone
        through (or one still `created` that Paylov says is paid): the one settle path, shared
        by the flow, the watcher and the reconciliation, each status change with its notice."""
        if isinstance(answer, PaylovUnavailable | PaylovAuthError):
            # Our own credentials refused say nothing of the payment: never a reason to give up.
            log.info(
                "status of payment %s (transaction %s) unknown for now: %s",
                payment.id,
                payment.transaction_id,
                answer,
                extra=money_fields(payment),
            )
            return Pending(payment=await self._keep_pending(payment, handover))
        if isinstance(answer, PaylovError):
            # A definite answer, but not a state (Paylov does not know the transaction, say):
            # what it cannot find it cannot pay, yet give it the same time as "created".
            log.warning(
                "status of payment %s (transaction %s) refused: %s",
                payment.id,
                payment.transaction_id,
                answer.code,
                extra=money_fields(payment),
            )
            return await self._unpaid(payment, handover)
        status = answer
        if status.status in (TransactionState.PAID, TransactionState.CANCELLED):
            log.info(
                "status of payment %s (transaction %s): %s",
                payment.id,
                payment.transaction_id,
                status.status,
                extra=money_fields(payment),
            )
        if status.status == TransactionState.PAID:
            paid = await self._payments.mark_paid(
                payment.id, None, status.payed_at, handover=handover
            )
            return Paid(payment=paid or await self._current(payment))
        if status.status == TransactionState.CANCELLED:
            failed = await self._payments.mark_failed(
                payment.id, "cancelled", "cancelled", notice=NoticeKind.FAILED, handover=handover
            )
            current = failed or await self._current(payment)
            return Declined(payment=current, code="cancelled", by_status=True)
        return await self._unpaid(payment, handover)

    async def _unpaid(self, payment: PaymentRecord, handover: timedelta) -> Declined | Pending:
        if self.may_give_up(payment):
            # Still unpaid this long after our last `pay`, which is never resent: nothing
            # will pay it now.
            log.warning(
                "payment %s (transaction %s) still unpaid after the give-up time: not paid",
                payment.id,
                payment.transaction_id,
                extra=money_fields(payment),
            )
            failed = await self._payments.mark_failed(
                payment.id,
                "expired",
                "not paid in time",
                notice=NoticeKind.FAILED,
                handover=handover,
            )
            current = failed or await self._current(payment)
            return Declined(payment=current, code="expired", by_status=True)
        return Pending(payment=await self._keep_pending(payment, handover))

    def in_flight(self, payment: PaymentRecord) -> bool:
        """A `paying` payment younger than the grace: its `pay` may still be waiting for the
        answer, and the update that sent it settles it (the watcher's rule, list_unsettled)."""
        quiet_since = self._now() - self._in_flight_grace
        return payment.status == PaymentStatus.PAYING and payment.updated_at >= quiet_since

    def may_give_up(self, payment: PaymentRecord) -> bool:
        """Whether a payment Paylov still calls unpaid may be recorded as not paid: only once
        its last `pay` is older than the give-up time (never while it may still execute)."""
        pay_sent_at = payment.pay_sent_at or payment.created_at
        wait = max(self._give_up_after, self._in_flight_grace)
        return self._now() - pay_sent_at > wait

    async def _current(self, payment: PaymentRecord) -> PaymentRecord:
        """The record as it is now: another update may have settled it first."""
        return await self._payments.get(payment.id) or payment

    async def _keep_pending(self, payment: PaymentRecord, handover: timedelta) -> PaymentRecord:
        """`paying` becomes `pending` (a conditional update: a pending one stays as it is)."""
        pending = await self._payments.mark_pending(payment.id, handover=handover)
        return pending or await self._current(payment)
