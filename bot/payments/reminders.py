"""Monthly reminders of saved accounts: which day they fall on, when they are due, what they
say, and the job that sends the due ones through the outbox.

A reminder is set for a day of the month, 1 to 28 (every month has them) or LAST_DAY (the
month's last, whatever its length), and falls at REMIND_AT, Tashkent time, on that day. It is
due from then until the month ends (a bot that was down on the day catches up), once a month
per saved account: the run recorded for the month says it was done. A day that had already
passed when the reminder was turned on (or moved) waits for the next month.

On its day the job asks Paylov's `info` what the account owes (outside any transaction);
where something is, the month's run and its outbox notice are written in one transaction, and
the outbox delivers it like a payment's notice (rate-limited, retried, held for a customer who
blocked the bot). Nothing is sent when nothing is owed, when the service has no `info`, or when
what it owes cannot be told (bot/payments/debts.py knows no rule for it): the month is recorded
done all the same. When Paylov does not answer, nothing is recorded and the next round asks
again.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from bot.background import Periodic, RoundLock
from bot.paylov.errors import PaylovError, PaylovUnavailable
from bot.payments import debts
from bot.payments.catalogue import CatalogueCache
from bot.payments.tashkent import TASHKENT
from bot.storage.repositories import DueReminder, Repositories
from bot.storage.types import utc_now

log = logging.getLogger(__name__)

LAST_DAY = 31  # "the month's last day": every month's day min(31, its length)
DAYS: tuple[int, ...] = (*range(1, 29), LAST_DAY)
REMIND_AT = time(10, 0)  # Tashkent time
# How often the job looks for reminders that have fallen due.
INTERVAL = 300.0

Clock = Callable[[], datetime]


class RunOutcome(StrEnum):
    OWED = "owed"  # something to pay: the customer is messaged
    NOTHING_OWED = "nothing"
    NO_INFO = "no_info"  # the service has no `info`, refused it, or is gone
    UNKNOWN = "unknown"  # `info` answered, but what is owed cannot be told (no rule)


def valid_day(day: int) -> bool:
    return day in DAYS


def fall_date(day: int, year: int, month: int) -> date:
    """The date a reminder on `day` falls on in that month (LAST_DAY: its last day)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def fall_moment(day: int, year: int, month: int) -> datetime:
    return datetime.combine(fall_date(day, year, month), REMIND_AT, tzinfo=TASHKENT)


def period_of(now: datetime) -> str:
    """The month a moment lies in, Tashkent time: 'YYYY-MM'."""
    return now.astimezone(TASHKENT).strftime("%Y-%m")


def is_due(day: int, set_at: datetime, now: datetime) -> bool:
    """Whether a reminder on `day`, set at `set_at`, is due at `now` in now's month (Tashkent
    time): its moment this month has come, and it was set before that moment."""
    local = now.astimezone(TASHKENT)
    moment = fall_moment(day, local.year, local.month)
    return set_at <= moment <= local


def days_fallen(now: datetime) -> dict[int, datetime]:
    """The days whose moment this month has come by `now`, with that moment."""
    local = now.astimezone(TASHKENT)
    moments = {day: fall_moment(day, local.year, local.month) for day in DAYS}
    return {day: moment for day, moment in moments.items() if moment <= local}


def account_label(service_name: str, account_name: str) -> str:
    """How a reminder names the account: "Electricity, home"; a name that holds the service's
    already (the suggested one does) stands alone."""
    service = " ".join(service_name.split())
    name = " ".join(account_name.split())
    if service.casefold() in name.casefold():
        return name
    return f"{service}, {name}"


@dataclass(frozen=True)
class RoundResult:
    queued: int = 0  # notices written this round
    recorded: int = 0  # months recorded done (queued included)
    deferred: int = 0  # Paylov did not answer: asked again next round


class ReminderJob:
    """Runs the due reminders every `interval` seconds; `clock` is injectable for tests."""

    def __init__(
        self,
        repos: Repositories,
        catalogue: CatalogueCache,
        *,
        interval: float = INTERVAL,
        clock: Clock = utc_now,
        on_queued: Callable[[], None] = lambda: None,
        batch: int = 100,
        lock: RoundLock | None = None,
    ) -> None:
        self._repos = repos
        self._batch = batch
        self._catalogue = catalogue
        self._clock = clock
        self._on_queued = on_queued
        self._loop = Periodic("reminders", self.run_once, interval, lock=lock)

    async def run_once(self) -> RoundResult:
        """Every reminder due now, a batch at a time, until none is left or a whole batch
        waits for Paylov."""
        now = self._clock()
        fallen = days_fallen(now)
        period = period_of(now)
        queued = recorded = deferred = 0
        while True:
            batch = await self._repos.reminders.without_run(
                period, fallen=fallen, limit=self._batch
            )
            progress = 0
            for due in batch:
                if not is_due(due.reminder.day, due.reminder.set_at, now):
                    continue  # the query's rule too; kept here as the one that decides
                outcome, amount = await self._ask(due)
                if outcome is None:
                    deferred += 1
                    continue
                notify = outcome is RunOutcome.OWED
                run = await self._repos.reminders.record_run(
                    due, period, outcome=outcome, amount=amount, notify=notify
                )
                progress += 1  # recorded here or by another process: done either way
                if run is not None:
                    recorded += 1
                    queued += notify
            if queued:
                self._on_queued()  # what is owed goes out while the rest is asked
            if len(batch) < self._batch or not progress:
                break
        return RoundResult(queued=queued, recorded=recorded, deferred=deferred)

    async def _ask(self, due: DueReminder) -> tuple[RunOutcome | None, int | None]:
        """What the account owes now; (None, None) when Paylov cannot say yet."""
        account = due.account
        if not debts.knows(account.service_id):
            return RunOutcome.UNKNOWN, None  # asking would tell nothing we could say
        try:
            service = await self._catalogue.service(account.service_id)
            if service is None or not service.has_info_method:
                return RunOutcome.NO_INFO, None
            info = await self._catalogue.info(account.service_id, dict(account.account))
        except PaylovError as error:
            log.info("reminder %s: info refused (%s)", due.reminder.id, error.code)
            return RunOutcome.NO_INFO, None
        except PaylovUnavailable as error:
            log.info("reminder %s: Paylov unavailable (%s); next round", due.reminder.id, error)
            return None, None
        amount = debts.owed(account.service_id, info)
        if amount is None:
            return RunOutcome.UNKNOWN, None
        if amount <= 0:
            return RunOutcome.NOTHING_OWED, None
        return RunOutcome.OWED, amount

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()
