"""The argument grammar of the admins' commands, and finding the service an admin meant."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.admin.query import (
    AmbiguousService,
    ArgumentError,
    PaymentArgs,
    Period,
    Problem,
    ServiceChoice,
    UnknownService,
    parse_day,
    parse_payment_args,
    parse_period,
    resolve_service,
)
from bot.paylov.models import Category, Service
from bot.telegram.i18n import LANGUAGES, LOCALES_PATH

MAY_1, MAY_31 = date(2024, 5, 1), date(2024, 5, 31)


def _args(text: str | None) -> PaymentArgs | ArgumentError:
    return parse_payment_args(text, user_prefix="tg")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, PaymentArgs()),
        ("", PaymentArgs()),
        ("2024-05-01", PaymentArgs(begin=MAY_1)),
        ("2024-05-01 2024-05-31", PaymentArgs(begin=MAY_1, end=MAY_31)),
        ("2024-5-1", PaymentArgs(begin=MAY_1)),
        # "-" keeps `from` empty, so the date is `to`.
        ("- 2024-05-31", PaymentArgs(end=MAY_31)),
        ("- - beeline", PaymentArgs(service="beeline")),
        ("2024-05-01 - beeline - -", PaymentArgs(begin=MAY_1, service="beeline")),
        # Recognised by form, in any order; the words of a name are joined.
        (
            "123456 sarkor 2024-05-01 telecom",
            PaymentArgs(begin=MAY_1, service="sarkor telecom", user_id=123456),
        ),
        ("tg5001", PaymentArgs(user_id=5001)),
        (
            "2000-01-01 2099-12-31",
            PaymentArgs(begin=date(2000, 1, 1), end=date(2099, 12, 31)),
        ),
        ("<" * 64, PaymentArgs(service="<" * 64)),
        ("TG5001", PaymentArgs(user_id=5001)),
        # Fewer than five digits is not a Telegram id: a part of a name.
        ("1234", PaymentArgs(service="1234")),
        (
            "7c444ebb-fc2c-54d3-9636-9791ec81df1c",
            PaymentArgs(service="7c444ebb-fc2c-54d3-9636-9791ec81df1c"),
        ),
        # A date with a Tashkent time of day, T between them (a small t too).
        ("2024-05-01T14:00", PaymentArgs(begin=MAY_1, begin_time=time(14, 0))),
        (
            "2024-05-01T9:05 2024-05-31t23:59",
            PaymentArgs(begin=MAY_1, begin_time=time(9, 5), end=MAY_31, end_time=time(23, 59)),
        ),
        ("- 2024-05-31T08:00", PaymentArgs(end=MAY_31, end_time=time(8, 0))),
        # One minute is a period: the `to` minute is included.
        (
            "2024-05-01T14:00 2024-05-01T14:00",
            PaymentArgs(begin=MAY_1, begin_time=time(14), end=MAY_1, end_time=time(14)),
        ),
    ],
)
def test_payment_arguments(text: str | None, expected: PaymentArgs) -> None:
    assert _args(text) == expected


@pytest.mark.parametrize(
    ("text", "problem", "token"),
    [
        ("2024-02-30", Problem.BAD_DATE, "2024-02-30"),
        ("01.05.2024", Problem.BAD_DATE, "01.05.2024"),
        ("2024/05/01", Problem.BAD_DATE, "2024/05/01"),
        ("2024-05", Problem.BAD_DATE, "2024-05"),
        ("2024-05-31 2024-05-01", Problem.FROM_AFTER_TO, "2024-05-31 > 2024-05-01"),
        (
            "2024-05-01T14:01 2024-05-01T14:00",
            Problem.FROM_AFTER_TO,
            "2024-05-01 14:01 > 2024-05-01 14:00",
        ),
        ("2024-05-01T24:00", Problem.BAD_DATE, "2024-05-01T24:00"),
        ("2024-05-01T14:60", Problem.BAD_DATE, "2024-05-01T14:60"),
        ("2024-05-01T14", Problem.BAD_DATE, "2024-05-01T14"),
        ("14:00", Problem.BAD_DATE, "14:00"),
        ("2024-02-30T10:00", Problem.BAD_DATE, "2024-02-30T10:00"),
        ("2024-05-01 2024-05-02 2024-05-03", Problem.TOO_MANY_DATES, "2024-05-03"),
        ("- - 2024-05-03", Problem.TOO_MANY_DATES, "2024-05-03"),
        ("123456 654321", Problem.TWO_USERS, "654321"),
        # Reports cover 2000-01-01 to 2099-12-31: a day beyond would overflow `date`.
        ("1999-12-31", Problem.DATE_OUT_OF_RANGE, "1999-12-31"),
        ("2024-01-01 2100-01-01", Problem.DATE_OUT_OF_RANGE, "2100-01-01"),
        ("- 9999-12-31", Problem.DATE_OUT_OF_RANGE, "9999-12-31"),
        ("0001-01-01", Problem.DATE_OUT_OF_RANGE, "0001-01-01"),
        # No argument, and no service query, is longer than 64 characters.
        ("<" * 65, Problem.TOO_LONG, "<" * 65),
        ("1-" * 33, Problem.TOO_LONG, "1-" * 33),
        ("9" * 65, Problem.TOO_LONG, "9" * 65),
        (" ".join(["ab"] * 22), Problem.TOO_LONG, " ".join(["ab"] * 22)),
    ],
)
def test_bad_payment_arguments(text: str, problem: Problem, token: str) -> None:
    assert _args(text) == ArgumentError(problem, token)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, Period(begin=date(2024, 5, 2), end=MAY_31)),  # 30 days, today included
        ("2024-05-10", Period(begin=date(2024, 5, 10), end=MAY_31)),
        ("- 2024-05-20", Period(begin=date(2024, 4, 21), end=date(2024, 5, 20))),
        ("2024-01-01 2024-01-31", Period(begin=date(2024, 1, 1), end=date(2024, 1, 31))),
        ("2023-06-01", Period(begin=date(2023, 6, 1), end=MAY_31)),  # 366 days, the longest
    ],
)
def test_stats_period(text: str | None, expected: Period) -> None:
    assert parse_period(text, today=MAY_31) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("beeline", ArgumentError(Problem.NOT_A_DATE, "beeline")),
        ("2024-05-01 123456", ArgumentError(Problem.NOT_A_DATE, "123456")),
        ("2024-06-10", ArgumentError(Problem.FROM_AFTER_TO, "2024-06-10 > 2024-05-31")),
        ("2024-13-01", ArgumentError(Problem.BAD_DATE, "2024-13-01")),
        ("0001-01-01", ArgumentError(Problem.DATE_OUT_OF_RANGE, "0001-01-01")),
        ("- 0001-01-01", ArgumentError(Problem.DATE_OUT_OF_RANGE, "0001-01-01")),
        ("9999-12-31", ArgumentError(Problem.DATE_OUT_OF_RANGE, "9999-12-31")),
        ("2000-01-01", ArgumentError(Problem.PERIOD_TOO_LONG, "2000-01-01 — 2024-05-31")),
        ("2023-05-31 -", ArgumentError(Problem.PERIOD_TOO_LONG, "2023-05-31 — 2024-05-31")),
        # A chart's bar is a day: no times.
        ("2024-05-01T10:00", ArgumentError(Problem.NOT_A_DATE, "2024-05-01T10:00")),
        ("- 2024-05-20T23:00", ArgumentError(Problem.NOT_A_DATE, "2024-05-20T23:00")),
    ],
)
def test_bad_stats_period(text: str, expected: ArgumentError) -> None:
    assert parse_period(text, today=MAY_31) == expected


def test_parse_day() -> None:
    assert parse_day("2024-02-29") == date(2024, 2, 29)
    assert parse_day("2023-02-29") is None
    assert parse_day("20240229") is None


def _service(service_id: str, name: str) -> Service:
    return Service(service_id=service_id, name=name, category=Category(id=1, name="c"))


SERVICES = [
    _service("11111111-1111-1111-1111-111111111111", "Beeline"),
    _service("22222222-2222-2222-2222-222222222222", "Sarkor Telecom"),
    _service("33333333-3333-3333-3333-333333333333", "East Telecom"),
    _service("44444444-4444-4444-4444-444444444444", "TPS"),
    _service("55555555-5555-5555-5555-555555555555", "TPS Plus"),
    _service("66666666-6666-6666-6666-666666666666", "Плата за электроэнергию"),
]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("beel", "Beeline"),
        ("BEELINE", "Beeline"),
        ("sarkor telecom", "Sarkor Telecom"),
        ("tps", "TPS"),  # a whole name wins over names that contain it
        ("ЭЛЕКТРО", "Плата за электроэнергию"),
        ("22222222-2222-2222-2222-222222222222", "Sarkor Telecom"),
    ],
)
def test_a_service_by_part_of_its_name_or_its_id(query: str, name: str) -> None:
    choice = resolve_service(query, SERVICES)
    assert isinstance(choice, ServiceChoice) and choice.name == name


def test_ambiguous_unknown_and_a_raw_id() -> None:
    ambiguous = resolve_service("telecom", SERVICES)
    assert isinstance(ambiguous, AmbiguousService)
    assert [s.name for s in ambiguous.matches] == ["Sarkor Telecom", "East Telecom"]
    assert resolve_service("uzmobile", SERVICES) == UnknownService("uzmobile")
    # Not in the catalogue (inactive services are not listed), but shaped like an id.
    raw = "3e8a8818-ba0d-5820-9ca5-420db87a93ea"
    assert resolve_service(raw, SERVICES) == ServiceChoice(raw, None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_problem_has_a_message(language: str) -> None:
    text = "".join(path.read_text("utf-8") for path in (LOCALES_PATH / language).glob("*.ftl"))
    for problem in Problem:
        assert f"\nadmin-problem-{problem.value} =" in text
