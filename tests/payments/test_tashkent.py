"""Tashkent time, one definition: the customer's history and the admin's reports read it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.admin import reports
from bot.payments import history
from bot.payments.tashkent import TASHKENT, shown_paylov_value


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


def test_one_format_for_our_moments_and_for_paylovs() -> None:
    from bot.payments.tashkent import local_time, paylov_time, shown_paylov_time

    # Paylov writes Tashkent wall time without a zone: the same wall time, in the one format.
    assert shown_paylov_time("2026-12-01 20:23:52") == "01.12.2026 20:23"
    assert paylov_time("2026-12-01 20:23:52") == datetime(2026, 12, 1, 15, 23, 52, tzinfo=UTC)
    # An ISO stamp with an offset is converted; one without is Tashkent wall time too.
    assert shown_paylov_time("2026-12-01T20:23:52+00:00") == "02.12.2026 01:23"
    assert shown_paylov_time("2026-12-01T20:23:52") == "01.12.2026 20:23"
    assert shown_paylov_time("05.03.2025 10:00:00") == "05.03.2025 10:00"
    # What cannot be read is shown as Paylov gave it; nothing at all is a dash.
    assert shown_paylov_time("soon") == "soon"
    assert shown_paylov_time(None) == "—" and shown_paylov_time("") == "—"
    # The history's moments are ours (UTC in the database) and read the same way.
    assert local_time(datetime(2026, 12, 1, 20, 23, tzinfo=UTC)) == "02.12.2026 01:23"
    assert history.local_time is local_time  # one function, in one place


def test_dates_in_info_answers_read_in_the_one_format() -> None:
    assert shown_paylov_value("2026-12-02 23:13:58") == "02.12.2026 23:13"
    assert shown_paylov_value("2024-08-23") == "23.08.2024"
    assert shown_paylov_value("23.08.2024") == "23.08.2024"
    # Numbers, accounts and words are never taken for dates.
    for value in ("1000000", "20240823", "15105.15", "3431.28", "TPS Light", "2024-13-45"):
        assert shown_paylov_value(value) == value
