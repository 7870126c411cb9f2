"""The arguments of /payments, /export and /stats, and finding the service an admin meant.

Grammar of `/payments [from] [to] [service] [user]` (and /export): arguments are separated by
spaces and each one is recognised by its form, so only the two dates depend on their order:

- `YYYY-MM-DD` is a date: the first one is `from`, the second `to`; both days are included.
  `YYYY-MM-DDTHH:MM` is a date with a time, Tashkent time as Paylov dates payments
  (`2024-05-01T14:00`): a `from` starts at that minute, a `to` includes that minute
  (`2024-05-01T14:00 2024-05-01T16:30` is 14:00:00 to 16:30:59). One argument, no space: a
  space separates arguments. A token made of digits and `-`, `.`, `/` or `:` that is not such
  a date (`2024-02-30`, `01.05.2024`, `2024-05-01T25:00`) is a mistake, not a service name.
- `-` leaves the next slot (from, to, service, user, in that order) empty, which matters for
  dates: `- 2024-05-31` means "up to May 31".
- a number of 5 or more digits, or the Paylov user-id prefix with digits (`tg123456`, as the
  merchant's list shows it), is a customer's Telegram id.
- every other word belongs to the service query, and the words are joined
  (`sarkor telecom`): a service id, or a part of a service name in any case.

`/stats [from] [to]` takes the two dates (and `-`) only, without times (a chart's bar is a
day); the period defaults to the last 30 days and is at most a year (STATS_MAX_DAYS).

Typed dates lie from EARLIEST_DAY to LATEST_DAY: a report asks Paylov for the day after `to`,
and /stats counts back from `to`, so 9999-12-31 or 0001-01-01 would overflow `date`; nor has
anyone paid through Paylov in either. No argument is longer than MAX_TOKEN characters, and the
words of the service query together no longer than MAX_SERVICE_QUERY: nothing so long names a
date, a customer or a service, and an admin's message quotes what was typed wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from bot.paylov.models import Service

SKIP = "-"
STATS_DAYS = 30
# A chart draws a bar a day: past a year it says nothing more and takes seconds of CPU.
STATS_MAX_DAYS = 366
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)
MAX_TOKEN = 64
MAX_SERVICE_QUERY = MAX_TOKEN

# Digits and at least one separator: meant as a date, so never read as a service name.
_DATE_LIKE = re.compile(r"(?=.*\d)(?=.*[./:-])[\d./:tT-]+")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[tT](\d{1,2}):(\d{2})")
_USER = re.compile(r"\d{5,}")
# Paylov's service ids are UUIDs; an inactive service is not in the catalogue, so its id is
# recognised by this form instead.
_SERVICE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


class Problem(StrEnum):
    """Why arguments were refused; each value is the end of a message key (`admin-problem-*`)."""

    BAD_DATE = "bad-date"
    FROM_AFTER_TO = "from-after-to"
    TOO_MANY_DATES = "too-many-dates"
    TWO_USERS = "two-users"
    NOT_A_DATE = "not-a-date"
    PERIOD_TOO_LONG = "period-too-long"
    DATE_OUT_OF_RANGE = "date-out-of-range"
    TOO_LONG = "too-long"


@dataclass(frozen=True)
class ArgumentError:
    problem: Problem
    token: str = ""  # what the admin typed wrong, to quote back (whole: cut it to show it)


class PaymentArgs(BaseModel):
    """What the admin asked for, before the service query is looked up."""

    model_config = ConfigDict(frozen=True)

    begin: date | None = None
    end: date | None = None
    # Times of day typed with the dates (Tashkent wall time); None: the whole day.
    begin_time: time | None = None
    end_time: time | None = None
    service: str | None = None
    user_id: int | None = None


def period_bounds(
    begin: date | None, begin_time: time | None, end: date | None, end_time: time | None
) -> tuple[datetime | None, datetime | None]:
    """The first moment in, and the first moment after, as Tashkent wall time: a `to` time
    includes its whole minute, a `to` day its whole day."""
    start = datetime.combine(begin, begin_time or time()) if begin else None
    if end is None:
        return start, None
    if end_time is None:
        return start, datetime.combine(end + timedelta(days=1), time())
    return start, datetime.combine(end, end_time) + timedelta(minutes=1)


class Period(BaseModel):
    model_config = ConfigDict(frozen=True)

    begin: date
    end: date


class _Slot(StrEnum):
    FROM = "from"
    TO = "to"
    SERVICE = "service"
    USER = "user"


_ORDER = (_Slot.FROM, _Slot.TO, _Slot.SERVICE, _Slot.USER)
_DATES = (_Slot.FROM, _Slot.TO)


def parse_payment_args(text: str | None, *, user_prefix: str) -> PaymentArgs | ArgumentError:
    """`/payments` arguments (everything after the command) by the grammar above."""
    reader = _Reader(user_prefix)
    for token in (text or "").split():
        error = reader.take(token)
        if error is not None:
            return error
    begin, end = reader.dates.get(_Slot.FROM), reader.dates.get(_Slot.TO)
    begin_time, end_time = reader.times.get(_Slot.FROM), reader.times.get(_Slot.TO)
    start, stop = period_bounds(begin, begin_time, end, end_time)
    if start is not None and stop is not None and start >= stop:
        shown = [_shown_moment(begin, begin_time), _shown_moment(end, end_time)]
        return ArgumentError(Problem.FROM_AFTER_TO, " > ".join(shown))
    service = " ".join(reader.words) or None
    if service is not None and len(service) > MAX_SERVICE_QUERY:
        return ArgumentError(Problem.TOO_LONG, service)
    return PaymentArgs(
        begin=begin,
        end=end,
        begin_time=begin_time,
        end_time=end_time,
        service=service,
        user_id=reader.user_id,
    )


def _shown_moment(day: date | None, at: time | None) -> str:
    if day is None:
        return ""
    return f"{day.isoformat()} {at:%H:%M}" if at is not None else day.isoformat()


@dataclass
class _Reader:
    """Sorts tokens into the slots, left to right."""

    user_prefix: str
    decided: set[_Slot] = field(default_factory=set)
    dates: dict[_Slot, date] = field(default_factory=dict)
    times: dict[_Slot, time] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    user_id: int | None = None

    def take(self, token: str) -> ArgumentError | None:
        if len(token) > MAX_TOKEN:
            return ArgumentError(Problem.TOO_LONG, token)
        if token == SKIP:
            self._decide(next((slot for slot in _ORDER if slot not in self.decided), None))
        elif _DATE_LIKE.fullmatch(token):
            return self._take_date(token)
        elif (telegram_id := _user_id(token, self.user_prefix)) is not None:
            if self.user_id is not None:
                return ArgumentError(Problem.TWO_USERS, token)
            self.user_id = telegram_id
            self._decide(_Slot.USER)
        else:
            self.words.append(token)
            self._decide(_Slot.SERVICE)
        return None

    def _take_date(self, token: str) -> ArgumentError | None:
        slot = next((slot for slot in _DATES if slot not in self.decided), None)
        if slot is None:
            return ArgumentError(Problem.TOO_MANY_DATES, token)
        parsed = parse_moment(token)
        if parsed is None:
            return ArgumentError(Problem.BAD_DATE, token)
        day, at = parsed
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            return ArgumentError(Problem.DATE_OUT_OF_RANGE, token)
        self.dates[slot] = day
        if at is not None:
            self.times[slot] = at
        self._decide(slot)
        return None

    def _decide(self, slot: _Slot | None) -> None:
        if slot is not None:
            self.decided.add(slot)


def parse_period(
    text: str | None, *, today: date, days: int = STATS_DAYS
) -> Period | ArgumentError:
    """`/stats [from] [to]`: a missing `to` is today, a missing `from` is `days` days before it."""
    parsed = parse_payment_args(text, user_prefix="")
    if isinstance(parsed, ArgumentError):
        return parsed
    if parsed.service is not None or parsed.user_id is not None:
        stray = parsed.service or str(parsed.user_id)
        return ArgumentError(Problem.NOT_A_DATE, stray.split()[0])
    for day, at in ((parsed.begin, parsed.begin_time), (parsed.end, parsed.end_time)):
        if at is not None:
            return ArgumentError(Problem.NOT_A_DATE, f"{day}T{at:%H:%M}")
    end = parsed.end or today
    begin = parsed.begin or end - timedelta(days=days - 1)
    if begin > end:
        return ArgumentError(Problem.FROM_AFTER_TO, f"{begin} > {end}")
    if (end - begin).days + 1 > STATS_MAX_DAYS:
        return ArgumentError(Problem.PERIOD_TOO_LONG, f"{begin} — {end}")
    return Period(begin=begin, end=end)


def parse_day(token: str) -> date | None:
    """`2024-05-01` (or `2024-5-1`); None when it is not a real day."""
    match = _DATE.fullmatch(token)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_moment(token: str) -> tuple[date, time | None] | None:
    """`2024-05-01` → (day, None); `2024-05-01T14:00` → (day, 14:00); None when not real."""
    timed = _DATE_TIME.fullmatch(token)
    if timed is None:
        day = parse_day(token)
        return (day, None) if day is not None else None
    day = parse_day(timed.group(1))
    hour, minute = int(timed.group(2)), int(timed.group(3))
    if day is None or hour > 23 or minute > 59:
        return None
    return day, time(hour, minute)


def _user_id(token: str, user_prefix: str) -> int | None:
    if _USER.fullmatch(token):
        return int(token)
    prefix = user_prefix.casefold()
    lowered = token.casefold()
    if prefix and lowered.startswith(prefix) and lowered[len(prefix) :].isdecimal():
        return int(lowered[len(prefix) :])
    return None


# --- which service ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceChoice:
    service_id: str
    name: str | None  # None: an id that is not in the (active) catalogue


@dataclass(frozen=True)
class AmbiguousService:
    matches: list[Service]


@dataclass(frozen=True)
class UnknownService:
    query: str


def resolve_service(
    query: str, services: Sequence[Service]
) -> ServiceChoice | AmbiguousService | UnknownService:
    """An id, or a case-insensitive part of one service's name; a whole name beats a part."""
    wanted = query.strip().casefold()
    for service in services:
        if service.service_id.casefold() == wanted:
            return ServiceChoice(service.service_id, service.name)
    exact = [service for service in services if service.name.casefold() == wanted]
    matches = exact or [service for service in services if wanted in service.name.casefold()]
    if len(matches) == 1:
        return ServiceChoice(matches[0].service_id, matches[0].name)
    if matches:
        return AmbiguousService(matches)
    if _SERVICE_ID.fullmatch(query.strip()):
        return ServiceChoice(query.strip(), None)
    return UnknownService(query)
