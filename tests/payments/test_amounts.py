"""Amounts as customers type them: grouping, decimal commas, whole sum, ASCII digits only."""

from __future__ import annotations

import pytest

from bot.payments.amounts import AmountLimits, AmountProblem, format_sum, parse_amount


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("50000", 50_000),
        ("50 000", 50_000),
        ("50\u00a0000", 50_000),  # no-break space
        ("50\u202f000", 50_000),  # narrow no-break space (iOS)
        ("50'000", 50_000),
        ("50’000", 50_000),
        ("50_000", 50_000),
        ("50,000", 50_000),
        ("50.000", 50_000),  # three digits after a dot group thousands too
        ("1,000,000", 1_000_000),
        ("1.000.000", 1_000_000),
        ("1 000 000", 1_000_000),
        ("  7000  ", 7000),
        ("50 000 so'm", 50_000),
        ("50 000 so‘m", 50_000),
        ("50000 сум", 50_000),
        ("50000 UZS", 50_000),
        ("50000sum.", 50_000),
        ("5000 soʻm", 5_000),  # ʻ: the apostrophe of official Uzbek spelling
        ("5000 soʼm", 5_000),
        ("5000 сўм", 5_000),
        ("50000 сумов", 50_000),
        ("5000 soum", 5_000),
        ("5000.", 5_000),  # a full stop after the number
        ("5 000,", 5_000),
    ],
)
def test_whole_amounts_in_every_usual_spelling(typed: str, amount: int) -> None:
    assert parse_amount(typed) == amount


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("500,00", 500),  # the audit case: was read as 50 000
        ("500.00", 500),
        ("500,0", 500),
        ("500.0", 500),
        ("50 000,00", 50_000),
        ("1.000,00", 1000),  # European: dots group, the comma is decimal
        ("1,000.00", 1000),  # English: commas group, the dot is decimal
        ("50 000,00 сум", 50_000),
        ("500 ,00", 500),
        ("50,000,00", 50_000),  # the rule holds whatever groups the thousands
    ],
)
def test_a_zero_decimal_part_after_a_comma_or_dot_is_the_whole_number(
    typed: str, amount: int
) -> None:
    assert parse_amount(typed) == amount


@pytest.mark.parametrize("typed", ["500,50", "500.5", "500,05", "1.000,10", "0,5", "50 000,01"])
def test_tiyin_are_refused_as_not_whole(typed: str) -> None:
    assert parse_amount(typed) is AmountProblem.NOT_WHOLE


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "fifty",
        "-500",
        "+500",
        "50²",  # the audit case: "²" passes str.isdigit() but int() refuses it
        "²²²",
        "٣٠٠٠",  # Arabic-Indic digits: int() would take them
        "５０００",  # fullwidth digits
        "5000 5000",  # two numbers, not one grouped by a space
        "10 00",
        "1 0000",
        ",50",
        "5,0000",  # neither three digits (grouping) nor one or two (decimal)
        "1.5.0",
        "500,000.5.0",
        "1234567890123",  # 13 digits: nobody pays that
        "12e3",
    ],
)
def test_anything_else_is_not_a_number(typed: str) -> None:
    assert parse_amount(typed) is AmountProblem.NOT_A_NUMBER


def test_twelve_digits_are_still_a_number() -> None:
    assert parse_amount("999999999999") == 999_999_999_999


def test_limits_without_a_maximum() -> None:
    for missing in (0, None):
        limits = AmountLimits.of(500, missing)
        assert limits.high is None
        assert not limits.allows(499)
        assert limits.allows(500)
        assert limits.allows(10**11)


def test_limits_with_a_maximum() -> None:
    limits = AmountLimits.of(500, 5_000_000)
    assert limits == AmountLimits(low=500, high=5_000_000)
    assert [limits.allows(n) for n in (499, 500, 5_000_000, 5_000_001)] == [
        False,
        True,
        True,
        False,
    ]


def test_format_sum() -> None:
    assert format_sum(12_345_678) == "12 345 678"
    assert format_sum(500) == "500"
