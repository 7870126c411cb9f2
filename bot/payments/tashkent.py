"""Tashkent wall time: how customers and admins read times, and what Paylov's dates mean.

One format everywhere a person reads a moment: `dd.mm.yyyy HH:MM`, Tashkent time (the receipt,
history, notices, the repeat warning, admins' reports and exports). `local_time` takes our own
moments (aware datetimes); `paylov_time` reads Paylov's strings, which are Tashkent wall time
without a zone ("2024-11-21 11:48:47"), and `shown_paylov_time` shows one in the same format.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

# Uzbekistan has kept UTC+5 without daylight saving since 1992: a fixed offset needs no tz
# database, which a slim image may lack.
TASHKENT = timezone(timedelta(hours=5), "Asia/Tashkent")

SHOWN_FORMAT = "%d.%m.%Y %H:%M"
PAYLOV_TIMESTAMP = "%Y-%m-%d %H:%M:%S"
# Other forms Paylov's answers were seen in (info's "time"), tried after its usual one.
_PAYLOV_FORMS = (PAYLOV_TIMESTAMP, "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M")


def local_time(moment: datetime) -> str:
    """dd.mm.yyyy HH:MM in Tashkent time; a naive moment is taken as Tashkent wall time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TASHKENT)
    return moment.astimezone(TASHKENT).strftime(SHOWN_FORMAT)


def paylov_time(text: str | None) -> datetime | None:
    """Paylov's timestamp as an aware Tashkent moment, or None when it cannot be read.
    Without a zone it is Tashkent wall time; an ISO timestamp with an offset keeps it."""
    if not text:
        return None
    text = text.strip()
    for form in _PAYLOV_FORMS:
        try:
            return datetime.strptime(text, form).replace(tzinfo=TASHKENT)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=TASHKENT)


def shown_paylov_time(text: str | None, missing: str = "—") -> str:
    """Paylov's timestamp in the one format; one that cannot be read is shown as given."""
    moment = paylov_time(text)
    if moment is not None:
        return local_time(moment)
    return text or missing


_PAYLOV_DATES = ("%Y-%m-%d", "%d.%m.%Y")


def shown_paylov_value(text: str) -> str:
    """A value of Paylov's `info` in the one format when it is a date or a timestamp in one of
    Paylov's own forms ("2024-08-23" → 23.08.2024, "2026-12-02 23:13:58" → 02.12.2026 23:13);
    anything else as given. Only these exact forms: a bare number is never taken for a date."""
    stripped = text.strip()
    for form in _PAYLOV_FORMS:
        try:
            return local_time(datetime.strptime(stripped, form).replace(tzinfo=TASHKENT))
        except ValueError:
            continue
    for form in _PAYLOV_DATES:
        try:
            return datetime.strptime(stripped, form).strftime("%d.%m.%Y")
        except ValueError:
            continue
    return text
