"""The merchant's paid transactions (Paylov's `transaction/all`) as reports.

Paylov filters by service, user and dates itself; the same filter is applied here again, because
the document leaves open whether `endDate` is inclusive: Paylov is asked for one day more and the
extra day is dropped here, which is right either way.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from pydantic import BaseModel, ConfigDict

from bot.admin.query import Period, period_bounds
from bot.paylov.client import PaylovClient
from bot.paylov.models import MerchantTransaction, Service
from bot.payments.payment_flow import paylov_user_id
from bot.payments.tashkent import PAYLOV_TIMESTAMP, TASHKENT, local_time

CSV_COLUMNS = (
    "transaction_id",
    "date",
    "amount",
    "service_id",
    "service_name",
    "account",
    "user_id",
    "card",
    "owner",
)


def tashkent_today() -> date:
    """Paylov's dates are Tashkent wall time, so "today" is too."""
    return datetime.now(TASHKENT).date()


class PaymentFilter(BaseModel):
    """A report's filter, with the service already looked up. Kept in FSM data for paging."""

    model_config = ConfigDict(frozen=True)

    begin: date | None = None
    end: date | None = None
    # Tashkent wall time of day with the dates (query.py's grammar); None: the whole day.
    begin_time: time | None = None
    end_time: time | None = None
    service_id: str | None = None
    service_name: str | None = None
    user_id: int | None = None  # Telegram id

    @classmethod
    def for_period(cls, period: Period) -> PaymentFilter:
        return cls(begin=period.begin, end=period.end)


@dataclass(frozen=True)
class ReportRow:
    transaction_id: str
    date_text: str  # as Paylov wrote it
    paid_at: datetime | None  # None when Paylov's date could not be read
    amount: int  # sum
    service_id: str
    service_name: str  # the catalogue's name, or the id when the catalogue no longer lists it
    paylov_user: str  # Paylov's userId
    user: str  # the Telegram id for our customers, else Paylov's userId as it is
    card: str  # masked by Paylov
    owner: str
    # The account paid, from our own record of the transaction: Paylov's list does not carry
    # it. Empty for a payment made elsewhere (another channel of the merchant).
    account: str = ""

    @property
    def day(self) -> date | None:
        return self.paid_at.date() if self.paid_at else None


@dataclass(frozen=True)
class Report:
    rows: list[ReportRow]
    held_back: int = 0  # Paylov's totalTransaction minus what it listed (it may page silently)


@dataclass(frozen=True)
class Totals:
    count: int
    amount: int


@dataclass(frozen=True)
class DayTotal:
    day: date
    count: int
    amount: int


@dataclass(frozen=True)
class ServiceTotal:
    service_id: str
    name: str
    count: int
    amount: int


async def fetch_report(
    paylov: PaylovClient,
    wanted: PaymentFilter,
    *,
    names: Mapping[str, str],
    user_prefix: str,
) -> Report:
    """The paid transactions matching `wanted`, newest first. Raises PaylovFailure."""
    answer = await paylov.transactions_all(
        service_id=wanted.service_id,
        user_id=_paylov_user(wanted, user_prefix),
        begin_date=wanted.begin,
        end_date=wanted.end + timedelta(days=1) if wanted.end else None,
    )
    rows = [to_row(item, names, user_prefix) for item in answer.transactions]
    kept = newest_first(keep_matching(rows, wanted, user_prefix))
    return Report(rows=kept, held_back=max(0, answer.total_transaction - len(rows)))


def with_accounts(report: Report, accounts: Mapping[str, str]) -> Report:
    """The report with each row's account, by transaction id, where our records know it."""
    rows = [
        replace(row, account=accounts.get(row.transaction_id, row.account)) for row in report.rows
    ]
    return replace(report, rows=rows)


def service_names(services: Iterable[Service]) -> dict[str, str]:
    return {service.service_id: service.name for service in services}


def to_row(item: MerchantTransaction, names: Mapping[str, str], user_prefix: str) -> ReportRow:
    service_id = item.service_id or ""
    return ReportRow(
        transaction_id=item.id,
        date_text=item.date or "",
        paid_at=parse_paylov_time(item.date),
        amount=item.amount,
        service_id=service_id,
        service_name=names.get(service_id, service_id),
        paylov_user=item.user_id or "",
        user=display_user(item.user_id, user_prefix),
        card=item.card_number or "",
        owner=item.owner or "",
    )


def parse_paylov_time(text: str | None) -> datetime | None:
    """ "2024-11-21 11:48:47" (Paylov's form), or any ISO timestamp."""
    if not text:
        return None
    try:
        return datetime.strptime(text, PAYLOV_TIMESTAMP)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def display_user(paylov_user: str | None, user_prefix: str) -> str:
    """`tg123456` → `123456`: admins search and talk by Telegram id."""
    if not paylov_user:
        return ""
    match = re.fullmatch(re.escape(user_prefix) + r"(\d+)", paylov_user)
    return match.group(1) if match else paylov_user


def keep_matching(
    rows: Iterable[ReportRow], wanted: PaymentFilter, user_prefix: str
) -> list[ReportRow]:
    user = _paylov_user(wanted, user_prefix)
    start, stop = period_bounds(wanted.begin, wanted.begin_time, wanted.end, wanted.end_time)
    return [
        row
        for row in rows
        if (wanted.service_id is None or row.service_id == wanted.service_id)
        and (user is None or row.paylov_user == user)
        and _in_period(row.paid_at, start, stop)
    ]


def newest_first(rows: Iterable[ReportRow]) -> list[ReportRow]:
    # Stable: rows of one second keep Paylov's order; undated rows go last.
    return sorted(rows, key=lambda row: row.paid_at or datetime.min, reverse=True)


def totals(rows: Sequence[ReportRow]) -> Totals:
    return Totals(count=len(rows), amount=sum(row.amount for row in rows))


def per_day(rows: Iterable[ReportRow], period: Period) -> list[DayTotal]:
    """Every day of the period, days without payments included (a chart needs the gaps)."""
    counts: Counter[date] = Counter()
    amounts: Counter[date] = Counter()
    for row in rows:
        if row.day is not None:
            counts[row.day] += 1
            amounts[row.day] += row.amount
    days = (period.begin + timedelta(days=n) for n in range((period.end - period.begin).days + 1))
    return [DayTotal(day=day, count=counts[day], amount=amounts[day]) for day in days]


def per_service(rows: Iterable[ReportRow]) -> list[ServiceTotal]:
    """Biggest sum first."""
    grouped: dict[str, list[ReportRow]] = {}
    for row in rows:
        grouped.setdefault(row.service_id, []).append(row)
    result = [
        ServiceTotal(
            service_id=service_id,
            name=group[0].service_name,
            count=len(group),
            amount=sum(row.amount for row in group),
        )
        for service_id, group in grouped.items()
    ]
    return sorted(result, key=lambda total: (-total.amount, -total.count, total.name))


def payments_csv(rows: Iterable[ReportRow]) -> bytes:
    """A header row and one row per payment; UTF-8 with a BOM so Excel reads Cyrillic right."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                _inert(row.transaction_id),
                _inert(local_time(row.paid_at) if row.paid_at else row.date_text),
                row.amount,
                _inert(row.service_id),
                _inert(row.service_name),
                _inert(row.account),
                _inert(row.user),
                _inert(row.card),
                _inert(row.owner),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _inert(text: str) -> str:
    """Text from Paylov that a spreadsheet would run as a formula (=, +, -, @) is quoted."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_filename(wanted: PaymentFilter, today: date) -> str:
    begin = wanted.begin.isoformat() if wanted.begin else "start"
    end = (wanted.end or today).isoformat()
    return f"payments-{begin}-{end}.csv"


def _paylov_user(wanted: PaymentFilter, user_prefix: str) -> str | None:
    return paylov_user_id(user_prefix, wanted.user_id) if wanted.user_id is not None else None


def _in_period(moment: datetime | None, start: datetime | None, stop: datetime | None) -> bool:
    """`start` <= moment < `stop`, in Tashkent wall time (Paylov's own, without a zone)."""
    # An undated row was chosen by Paylov's own date filter: keep it.
    if moment is None:
        return True
    if moment.tzinfo is not None:
        moment = moment.astimezone(TASHKENT).replace(tzinfo=None)
    return (start is None or start <= moment) and (stop is None or moment < stop)
