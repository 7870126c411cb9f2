"""Card number, expiry and code checks take ASCII digits only."""

from __future__ import annotations

from datetime import date

import pytest

from bot.payments.cards import (
    CARD_LENGTHS,
    LOCAL_CARD_LENGTH,
    LOCAL_CARD_PREFIXES,
    CardProblem,
    CardScheme,
    Expiry,
    card_digits,
    card_number_spans,
    card_scheme,
    card_schemes,
    check_card_number,
    contains_card_number,
    foreign_scheme,
    is_ascii_digits,
    looks_like_full_card_number,
    luhn_valid,
    masked_typed_number,
    normalize_phone,
    parse_expiry,
    split_card_and_expiry,
    typed_card_digits,
)
from bot.payments.codes import code_problem

CARD_NONE = CardScheme("none", local=False, prefixes=())

TODAY = date(2025, 1, 15)
UZCARD = "8600001234567878"


def test_ascii_digits_only() -> None:
    assert is_ascii_digits("0123456789")
    for text in ("", "²", "12²", "٣", "５", "1 2", "-1", "1.0"):
        assert not is_ascii_digits(text), text


def test_luhn_refuses_what_is_not_ascii_digits_instead_of_crashing() -> None:
    assert luhn_valid(UZCARD)
    assert not luhn_valid("860000123456787²")
    assert not luhn_valid("")


@pytest.mark.parametrize("luhn", [True, False])
def test_a_card_number_with_a_superscript_digit_is_not_16_digits(luhn: bool) -> None:
    # The audit case: with the Luhn check on, this crashed in int("²").
    assert check_card_number("860000123456787²", luhn=luhn) is CardProblem.NOT_16_DIGITS
    assert check_card_number("٨٦٠٠٠٠١٢٣٤٥٦٧٨٧٨", luhn=luhn) is CardProblem.NOT_16_DIGITS


def test_card_numbers_as_typed() -> None:
    assert check_card_number("8600 0012 3456 7878", luhn=True) is None
    assert check_card_number("8600-0012-3456-7878", luhn=True) is None
    assert check_card_number("8600.0012.3456.7878", luhn=True) is None
    assert check_card_number("8600_0012_3456_7878", luhn=True) is None
    assert check_card_number("8600001234567877", luhn=True) is CardProblem.CHECKSUM
    assert check_card_number("8600001234567877", luhn=False) is None
    assert check_card_number("860000123456787", luhn=True) is CardProblem.NOT_16_DIGITS


def test_expiry_in_ascii_digits() -> None:
    assert parse_expiry("09/29", today=TODAY) == Expiry(month=9, year=29)
    assert parse_expiry("9/29", today=TODAY) == Expiry(month=9, year=29)
    assert parse_expiry("0929", today=TODAY) == Expiry(month=9, year=29)
    assert parse_expiry("12/24", today=TODAY) is CardProblem.EXPIRED


@pytest.mark.parametrize("typed", ["٠٩/٢٩", "09/2٩", "0²/29", "０９/２９", "13/29", "09/2"])
def test_expiry_in_other_digits_is_the_wrong_format(typed: str) -> None:
    assert parse_expiry(typed, today=TODAY) is CardProblem.EXPIRY_FORMAT


def test_codes_are_ascii_digits() -> None:
    assert code_problem("456799") is None
    assert code_problem(" 456799 \n") is None
    for code in ("²²²²²²", "٤٥٦٧٩٩", "4567 99", "", "abc123"):
        assert code_problem(code) is not None, code


def test_phone_keeps_ascii_digits_only() -> None:
    assert normalize_phone("+998 90 123 45 67") == "+998901234567"
    assert normalize_phone("998901234567²") == "+998901234567"


@pytest.mark.parametrize(
    ("typed", "number", "expiry"),
    [
        ("8600 0012 3456 7878 09/29", "8600 0012 3456 7878", "09/29"),
        ("8600001234567878 0929", "8600001234567878", "0929"),
        ("8600.0012.3456.7878, 9/29", "8600.0012.3456.7878", "9/29"),
        ("09/29 8600001234567878", "8600001234567878", "09/29"),
        ("8600001234567878\n09 29", "8600001234567878", "09 29"),
        ("4111 1111 1111 1111 12/30", "4111 1111 1111 1111", "12/30"),
        ("8600001234567878 13/29", "8600001234567878", "13/29"),  # the date is checked after
    ],
)
def test_number_and_expiry_in_one_message(typed: str, number: str, expiry: str) -> None:
    assert split_card_and_expiry(typed) == (number, expiry)


@pytest.mark.parametrize(
    "typed",
    [
        "8600001234567878",
        "09/29",
        "my card 8600001234567878 09/29",  # more than the two: not read as both
        "86000012345678780929",  # run together: which digits are the date?
        "8600001234567878 09/29 456799",
        "1234 09/29",
    ],
)
def test_anything_else_is_not_number_and_expiry(typed: str) -> None:
    assert split_card_and_expiry(typed) is None


def test_an_expiry_kept_as_yymm_reads_back() -> None:
    assert Expiry.from_yymm("2909") == Expiry(month=9, year=29)
    for kept in (None, "", "0929x", "2913", "29/09", "²９０９"):
        assert Expiry.from_yymm(kept) is None, kept


# --- one idea of a card number, three uses ----------------------------------------------------


def test_the_cards_paylov_binds_are_among_every_scheme() -> None:
    assert LOCAL_CARD_LENGTH in CARD_LENGTHS
    assert all(len(prefix) == 4 for prefix in LOCAL_CARD_PREFIXES)


def test_card_digits_drop_separators_and_refuse_anything_else() -> None:
    assert card_digits("8600.0012 3456-7878") == UZCARD
    assert card_digits("8600_0012\n3456 – 7878") == UZCARD
    for typed in ("8600/0012/3456/7878", "8600 0012 3456 787²", "card 8600001234567878", ""):
        assert card_digits(typed) is None, typed


@pytest.mark.parametrize(
    "typed",
    ["8600 0012 3456 7878", "8600-0012-3456-7878", "8600\n0012\n3456\n7878", "9860 0901-0105 9377"],
)
def test_a_local_card_recognised_in_a_text_is_one_the_number_step_binds(typed: str) -> None:
    text = f"my card {typed}, thanks"
    found = {text[start:end] for start, end in card_number_spans(text)}
    assert found == {typed}
    assert check_card_number(typed, luhn=True) is None


@pytest.mark.parametrize("typed", ["4222222222222", "3782 822463 10005", "36000000000008"])
def test_another_scheme_of_another_length_is_recognised_but_not_bound(typed: str) -> None:
    assert contains_card_number(typed)
    # Not "16 digits": a 16-digit card of that scheme would not be bound either.
    assert check_card_number(typed, luhn=True) is CardProblem.NOT_LOCAL


@pytest.mark.parametrize(
    ("typed", "scheme"),
    [
        ("4111 1111 1111 1111", "Visa"),
        ("5555555555554444", "Mastercard"),
        ("2221000000000009", "Mastercard"),
        ("2200000000000004", "МИР"),
        ("6200000000000005", "UnionPay"),
    ],
)
def test_another_schemes_16_digits_are_refused_by_their_prefix_naming_the_scheme(
    typed: str, scheme: str
) -> None:
    assert check_card_number(typed, luhn=True) is CardProblem.NOT_LOCAL
    assert foreign_scheme(card_digits(typed) or "") == scheme


def test_uzcard_and_humo_are_the_local_schemes_and_5614_is_uzcard_not_maestro() -> None:
    local = {p for s in card_schemes() if s.local for p in s.prefixes}
    assert local == set(LOCAL_CARD_PREFIXES)  # the card guard's pattern and the data agree
    assert (card_scheme("5614681234567890") or CARD_NONE).name == "Uzcard"
    assert (card_scheme("5600000000000000") or CARD_NONE).name == "Maestro"
    assert foreign_scheme(UZCARD) is None and foreign_scheme("9860090101059377") is None


def test_a_16_digit_number_of_no_known_scheme_is_not_local() -> None:
    assert card_scheme("1234567812345670") is None
    assert check_card_number("1234567812345670", luhn=True) is CardProblem.NOT_LOCAL


def test_a_typed_number_is_masked_with_a_star_per_hidden_digit() -> None:
    assert masked_typed_number(UZCARD) == "860000******7878"
    assert masked_typed_number(UZCARD[:-1]) == "860000*****6787"  # a digit short shows
    assert masked_typed_number("860000") is None
    assert typed_card_digits("my card 8600 0012 3456 7878") == UZCARD


def test_the_number_step_reads_any_grouping_a_text_does_not() -> None:
    # Pairs read like a phone in a message, but at the number step they are the card.
    typed = "86 00 00 12 34 56 78 78"
    assert not contains_card_number(typed)
    assert check_card_number(typed, luhn=True) is None


@pytest.mark.parametrize(
    "value",
    [UZCARD, "8600 0012 3456 7878", "4222222222222", "1234567890123456789", "123456789012"],
)
def test_a_stored_value_may_not_be_digits_as_long_as_a_card(value: str) -> None:
    assert looks_like_full_card_number(value)


@pytest.mark.parametrize(
    "value", ["860000******7878", "8600 **** **** 7878", "12345678901", "1" * 20, "Humo", ""]
)
def test_a_mask_or_a_shorter_run_may_be_stored(value: str) -> None:
    assert not looks_like_full_card_number(value)
