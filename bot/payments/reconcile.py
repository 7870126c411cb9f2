"""Reconciliation: one Tashkent day of local payments compared with Paylov's, and the daily job.

Paylov has no webhooks for service payments, and `transaction/all` lists paid transactions
only. For a day (the payments begun on it, Tashkent time; Paylov's transactions dated on it):

- every local `paid` row is in `transaction/all` with the same amount;
- every paid Paylov transaction of the merchant has a local row (and one that says paid);
- every local row that is not final (and has a transaction id) gets its `transaction/status`.

What is clear is fixed through the one settle path (`PaymentFlow.record_status`, with the
customer's notice written in the same transaction as the status): a `pending` row, or a
`paying` one past the in-flight grace, is recorded as Paylov says, by the watcher's rules (paid;
cancelled: not paid; still "created": pending, or not paid once the give-up time has passed);
a `created` row Paylov says is paid becomes paid. Nothing else is rewritten: a final row
(paid, failed, cancelled) is never changed here, whatever Paylov lists, and a missing row is
never invented; those are for a person to look at (the CSV). Money never moves here: no
`create`, no `pay`, ever.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import logging
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.background import Periodic
from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovAuthError, PaylovError, PaylovUnavailable
from bot.paylov.models import MerchantTransaction, TransactionState, TransactionStatus
from bot.payments.payment_flow import PaymentFlow, StatusAnswer
from bot.payments.tashkent import TASHKENT, paylov_time
from bot.storage.models import MAY_STILL_GO_THROUGH, PaymentStatus
from bot.storage.reconciliation import ReconciliationRepository
from bot.storage.repositories import PaymentRecord, Repositories
from bot.storage.types import utc_now

log = logging.getLogger(__name__)

# The daily job reconciles the day before from this time, Tashkent time: late enough that the
# day's last payments have settled, early enough that admins read it with their morning.
RECONCILE_AT = time(6, 0)
# How often the job looks whether the day's run is due (and not done by another process).
INTERVAL = 300.0
# A run asks Paylov once per open or missing payment; a process that dies mid-run leaves
# the day to another after this.
CLAIM_LEASE = timedelta(minutes=30)

Clock = Callable[[], datetime]


class MismatchKind(StrEnum):
    """Each value is the end of a message key (`reconcile-kind-*`) and the CSV's `kind`."""

    MISSING_LOCALLY = "missing-locally"  # paid at Paylov, no local row
    AMOUNT_DIFFERS = "amount-differs"  # both say paid, with different amounts
    MISSING_IN_PAYLOV = "missing-in-paylov"  # paid here, not in transaction/all
    NOT_PAID_LOCALLY = "not-paid-locally"  # paid at Paylov; our row ended failed or cancelled
    UNSETTLED = "unsettled"  # open here: Paylov's status asked (and recorded where clear)


# What the CSV and the summary say Paylov answered, besides its own states.
NOT_ANSWERING = "unavailable"
REFUSED = "refused"


@dataclass(frozen=True)
class Mismatch:
    kind: MismatchKind
    transaction_id: str
    payment_id: int | None = None
    user_id: int | None = None  # our customer's Telegram id
    service_id: str = ""
    local_status: PaymentStatus | None = None  # before the reconciliation
    local_amount: int | None = None
    paylov_status: str = ""  # a TransactionState, NOT_ANSWERING, "refused: <code>", or ""
    paylov_amount: int | None = None
    paylov_date: str = ""  # as Paylov wrote it
    paylov_user: str = ""
    status_now: PaymentStatus | None = None  # after it (None: no local row)

    @property
    def fixed(self) -> bool:
        """The reconciliation settled the local row (this run, or one beside it): it was open
        and is final now."""
        return (
            self.local_status is not None
            and not self.local_status.is_final
            and self.status_now is not None
            and self.status_now.is_final
        )


@dataclass(frozen=True)
class Reconciliation:
    day: date
    mismatches: list[Mismatch]
    local_paid: int  # local paid rows of the day, checked against the list
    paylov_paid: int  # Paylov's paid transactions dated on the day
    open_checked: int  # local open rows whose status was asked
    held_back: int = 0  # Paylov's totalTransaction beyond what it listed

    @property
    def matched(self) -> bool:
        return not self.mismatches and not self.held_back

    def counts(self) -> Counter[MismatchKind]:
        return Counter(mismatch.kind for mismatch in self.mismatches)

    def fixed(self) -> list[Mismatch]:
        """The rows settled, one per payment (its amount may be off as well)."""
        settled = {m.payment_id: m for m in self.mismatches if m.fixed}
        return list(settled.values())

    def became(self, status: PaymentStatus) -> int:
        return sum(1 for mismatch in self.fixed() if mismatch.status_now == status)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The Tashkent calendar day as [start, end) aware moments."""
    start = datetime.combine(day, time(0), tzinfo=TASHKENT)
    return start, start + timedelta(days=1)


def previous_day(now: datetime) -> date:
    """Yesterday in Tashkent: the last whole day."""
    return now.astimezone(TASHKENT).date() - timedelta(days=1)


def paylov_day(transaction: MerchantTransaction) -> date | None:
    moment = paylov_time(transaction.date)
    return moment.astimezone(TASHKENT).date() if moment is not None else None


class Reconciler:
    def __init__(self, client: PaylovClient, repos: Repositories, flow: PaymentFlow) -> None:
        self._client = client
        self._payments = repos.payments
        self._flow = flow

    async def run(self, day: date) -> Reconciliation:
        """Reconcile `day`. Raises PaylovFailure when Paylov's list cannot be had (nothing is
        changed then); a status Paylov cannot give is reported, not guessed."""
        listed, held_back = await self._paylov_list(day)
        start, end = day_bounds(day)
        local_day = await self._payments.list_created_between(start, end)
        by_transaction = {p.transaction_id: p for p in local_day if p.transaction_id}
        # Paylov's transactions of the day whose row was begun another day (before midnight).
        of_day = [t for t in listed if paylov_day(t) in (None, day)]
        elsewhere = [t.id for t in of_day if t.id not in by_transaction]
        for payment in await self._payments.list_by_transactions(elsewhere):
            by_transaction[payment.transaction_id or ""] = payment
        listed_by_id = {t.id: t for t in listed}

        found: list[Mismatch] = []
        local_paid = [p for p in local_day if p.status == PaymentStatus.PAID and p.transaction_id]
        for payment in local_paid:
            found += await self._check_paid(payment, listed_by_id.get(payment.transaction_id or ""))
        checked = {p.transaction_id for p in local_paid}
        for transaction in of_day:
            found += self._check_listed(transaction, by_transaction.get(transaction.id), checked)
        open_rows = [
            p for p in by_transaction.values() if not p.status.is_final and p.transaction_id
        ]
        for payment in sorted(open_rows, key=lambda p: p.id):
            found += await self._check_open(payment, listed_by_id.get(payment.transaction_id or ""))
        return Reconciliation(
            day=day,
            mismatches=found,
            local_paid=len(local_paid),
            paylov_paid=len(of_day),
            open_checked=len(open_rows),
            held_back=held_back,
        )

    async def _paylov_list(self, day: date) -> tuple[list[MerchantTransaction], int]:
        """Paylov's paid transactions of the day and the next (a payment begun before midnight
        may be paid after it). Whether `endDate` is inclusive is undocumented: one day more is
        asked, and what lies beyond is dropped here."""
        answer = await self._client.transactions_all(
            begin_date=day, end_date=day + timedelta(days=2)
        )
        last = day + timedelta(days=1)
        kept = [t for t in answer.transactions if (paylov_day(t) or day) <= last]
        kept = [t for t in kept if (paylov_day(t) or day) >= day]
        return kept, max(0, answer.total_transaction - len(answer.transactions))

    async def _check_paid(
        self, payment: PaymentRecord, listed: MerchantTransaction | None
    ) -> list[Mismatch]:
        assert payment.transaction_id is not None
        if listed is None:
            # Not in the list: its status says whether Paylov knows it at all (for the CSV).
            answer = await self._status(payment.transaction_id)
            return [_mismatch(MismatchKind.MISSING_IN_PAYLOV, payment, answer=answer)]
        if listed.amount != payment.amount:
            return [_mismatch(MismatchKind.AMOUNT_DIFFERS, payment, listed=listed)]
        return []

    def _check_listed(
        self, listed: MerchantTransaction, payment: PaymentRecord | None, checked: set[str | None]
    ) -> list[Mismatch]:
        if payment is None:
            return [_mismatch(MismatchKind.MISSING_LOCALLY, None, listed=listed)]
        if payment.status in (PaymentStatus.FAILED, PaymentStatus.CANCELLED):
            return [_mismatch(MismatchKind.NOT_PAID_LOCALLY, payment, listed=listed)]
        if (
            payment.status == PaymentStatus.PAID
            and payment.transaction_id not in checked
            and listed.amount != payment.amount
        ):
            return [_mismatch(MismatchKind.AMOUNT_DIFFERS, payment, listed=listed)]
        return []  # paid and checked, or open: its status is asked next

    async def _check_open(
        self, payment: PaymentRecord, listed: MerchantTransaction | None
    ) -> list[Mismatch]:
        assert payment.transaction_id is not None
        answer = await self._status(payment.transaction_id)
        paid = isinstance(answer, TransactionStatus) and answer.status == TransactionState.PAID
        ours_to_settle = payment.status in MAY_STILL_GO_THROUGH and not self._flow.in_flight(
            payment
        )
        now = payment
        if ours_to_settle or (payment.status == PaymentStatus.CREATED and paid):
            log.info(
                "reconciliation: payment %s %s, Paylov's status recorded", payment.id, now.status
            )
            now = (await self._flow.record_status(payment, answer)).payment
        elif isinstance(answer, TransactionStatus) and answer.status == TransactionState.CREATED:
            return []  # waiting for its code, or its `pay` under way: nothing is off
        found = [_mismatch(MismatchKind.UNSETTLED, payment, answer=answer, listed=listed, now=now)]
        amount = answer.amount if isinstance(answer, TransactionStatus) else None
        if paid and amount is not None and amount != payment.amount:
            found.append(_mismatch(MismatchKind.AMOUNT_DIFFERS, payment, answer=answer, now=now))
        return found

    async def _status(self, transaction_id: str) -> StatusAnswer:
        try:
            return await self._client.transaction_status(transaction_id)
        except PaylovAuthError:
            raise  # our credentials, not this transaction: the whole run fails
        except (PaylovError, PaylovUnavailable) as error:
            return error


def _mismatch(
    kind: MismatchKind,
    payment: PaymentRecord | None,
    *,
    answer: StatusAnswer | None = None,
    listed: MerchantTransaction | None = None,
    now: PaymentRecord | None = None,
) -> Mismatch:
    paylov_status, paylov_amount, paylov_date = "", None, ""
    if listed is not None:
        paylov_status, paylov_amount = TransactionState.PAID, listed.amount
        paylov_date = listed.date or ""
    if isinstance(answer, TransactionStatus):
        paylov_status, paylov_amount = answer.status, answer.amount
        paylov_date = answer.payed_at or answer.cancel_time or paylov_date
    elif isinstance(answer, PaylovError):
        paylov_status = f"{REFUSED}: {answer.code}"
    elif isinstance(answer, PaylovUnavailable):
        paylov_status = NOT_ANSWERING
    mismatch = Mismatch(
        kind=kind,
        transaction_id=listed.id if listed else "",
        service_id=(listed.service_id if listed else None) or "",
        paylov_status=paylov_status,
        paylov_amount=paylov_amount,
        paylov_date=paylov_date,
        paylov_user=(listed.user_id if listed else None) or "",
    )
    if payment is None:
        return mismatch
    return dataclasses.replace(
        mismatch,
        transaction_id=payment.transaction_id or mismatch.transaction_id,
        payment_id=payment.id,
        user_id=payment.user_id,
        service_id=payment.service_id,
        local_status=payment.status,
        local_amount=payment.amount,
        status_now=(now or payment).status,
    )


# --- the CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "kind",
    "transaction_id",
    "payment_id",
    "customer",
    "paylov_user",
    "service_id",
    "local_status",
    "local_amount",
    "paylov_status",
    "paylov_amount",
    "paylov_date",
    "status_now",
)


def reconciliation_csv(mismatches: Iterable[Mismatch]) -> bytes:
    """A header row and one row per mismatch; UTF-8 with a BOM, as /export's."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for m in mismatches:
        writer.writerow(
            [
                m.kind.value,
                _inert(m.transaction_id),
                "" if m.payment_id is None else m.payment_id,
                "" if m.user_id is None else m.user_id,
                _inert(m.paylov_user),
                _inert(m.service_id),
                m.local_status.value if m.local_status else "",
                "" if m.local_amount is None else m.local_amount,
                _inert(m.paylov_status),
                "" if m.paylov_amount is None else m.paylov_amount,
                _inert(m.paylov_date),
                m.status_now.value if m.status_now else "",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def csv_filename(day: date) -> str:
    return f"reconcile-{day.isoformat()}.csv"


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    """Text from Paylov that a spreadsheet would run as a formula is quoted."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


# --- the daily job ----------------------------------------------------------------------------

Report = Callable[[Reconciliation], Awaitable[None]]


class ReconcileJob:
    """Reconciles the previous Tashkent day once, from RECONCILE_AT, whichever process gets
    there first (the day's run row); `report` tells the admins (the Telegram layer's)."""

    def __init__(
        self,
        reconciler: Reconciler,
        runs: ReconciliationRepository,
        report: Report,
        *,
        interval: float = INTERVAL,
        clock: Clock = utc_now,
        lease: timedelta = CLAIM_LEASE,
        token: Callable[[], str] = lambda: uuid.uuid4().hex,
        on_fixed: Callable[[], None] = lambda: None,
    ) -> None:
        self._reconciler = reconciler
        self._runs = runs
        self._report = report
        self._clock = clock
        self._lease = lease
        self._token = token
        self._on_fixed = on_fixed
        self._looked = False
        self._loop = Periodic("reconciliation", self._round, interval)

    async def _round(self) -> None:
        # The first look comes one interval after start, not at once: a start (a deploy, the
        # terminal chat, a test) is not met by a report racing the first updates.
        if self._looked:
            await self.run_once()
        self._looked = True

    async def run_once(self) -> Reconciliation | None:
        """The day's run if it is due and this process claimed it; None otherwise."""
        now = self._clock().astimezone(TASHKENT)
        if now.time() < RECONCILE_AT:
            return None
        day = previous_day(now)
        token = self._token()
        if not await self._runs.claim(day, token, lease=self._lease):
            return None
        try:
            result = await self._reconciler.run(day)
        except BaseException:
            # Paylov did not answer (or we were stopped): the next round tries the day again.
            await self._runs.release(day, token)
            raise
        if result.fixed():
            self._on_fixed()  # the customers' notices go out now
        try:
            await self._report(result)
        except Exception:  # the day is reconciled all the same; the log keeps what was found
            log.exception("reconciliation of %s: the admins' report failed", day)
        log.info(
            "reconciliation of %s: %s mismatches, %s fixed",
            day,
            len(result.mismatches),
            len(result.fixed()),
        )
        await self._runs.finish(
            day, token, mismatches=len(result.mismatches), fixed=len(result.fixed())
        )
        return result

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()
