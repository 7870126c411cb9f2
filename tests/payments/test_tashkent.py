"""Tashkent time, one definition: the customer's history and the admin's reports read it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.admin import reports
from bot.payments import history
from bot.payments.tashkent import TASHKENT


def test_tashkent_is_utc_plus_five_all_year() -> None:
    for month in (1, 7):  # no daylight saving
        moment = datetime(2025, month, 1, 12, tzinfo=UTC)
        assert moment.astimezone(TASHKENT).utcoffset() == timedelta(hours=5)


def test_history_shows_tashkent_wall_time() -> None:
    assert history.local_time(datetime(2025, 3, 1, 9, 30, tzinfo=UTC)) == "01.03.2025 14:30"
    # 20:00 UTC is already the next day in Tashkent.
    assert history.local_time(datetime(2025, 12, 31, 20, 0, tzinfo=UTC)) == "01.01.2026 01:00"


def test_reports_count_days_in_the_same_tashkent() -> None:
    assert reports.TASHKENT is TASHKENT
