"""Card input checks: number, expiry, SMS code, phone. Nothing here stores or logs what it checks.

Digits are ASCII 0-9 only: "²" or "٣" pass str.isdigit() (and `\\d`), but no bank reads them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path


class CardProblem(StrEnum):
    NOT_16_DIGITS = "not_16_digits"
    NOT_LOCAL = "not_local"  # another scheme's number (Visa...), or no known card's
    CHECKSUM = "checksum"
    EXPIRY_FORMAT = "expiry_format"
    EXPIRED = "expired"


_ASCII_DIGITS = re.compile(r"[0-9]+")
# Payment and binding SMS codes; anything shorter or longer is a typo that would only spend one
# of Paylov's three attempts.
# What people put between a card number's groups: white space (a new line too), dots,
# underscores, hyphens and dashes. Not slashes: "09/29" is a date.
_SEPARATOR = r"[\s._\-\u2010-\u2015]"
_SEPARATORS = re.compile(_SEPARATOR)
# What a card number is, in digits; every check below builds on these.
# Any scheme's card number (Visa, Mastercard, Amex, UnionPay, Mir...): 13 to 19 digits.
CARD_LENGTHS = range(13, 20)
# The cards Paylov binds, Uzcard (8600, 5614) and Humo (9860): 16 digits.
LOCAL_CARD_LENGTH = 16
LOCAL_CARD_PREFIXES = ("8600", "9860", "5614")
# Every scheme's prefixes, the local ones included (card_schemes.toml).
SCHEMES_FILE = Path(__file__).with_name("card_schemes.toml")
# What a stored value must never be: digits as long as a card's, and one digit shorter too (as
# bot/paylov/auth.py masks runs of 12 and more). A mask (860000******7878) holds no such run.
_UNMASKED_LENGTHS = range(CARD_LENGTHS.start - 1, CARD_LENGTHS.stop)

# An Uzcard or Humo number in a text: its prefix, then the rest in groups of four (or whole),
# whatever its checksum (a published Uzcard test card fails the Luhn check). Groups of four keep
# a 14-digit PINFL followed by another number, or a phone, from looking like a card.
_LOCAL_CARD = re.compile(
    rf"(?<![0-9])(?:{'|'.join(LOCAL_CARD_PREFIXES)})"
    rf"(?:{_SEPARATOR}*[0-9]{{4}}){{{LOCAL_CARD_LENGTH // 4 - 1}}}(?![0-9])"
)
# Digits in groups split by up to three separators: where any other card number may hide.
_DIGIT_GROUPS = re.compile(rf"(?<![0-9])[0-9]+(?:{_SEPARATOR}{{1,3}}[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
# Printed groups: the first of four digits, the others of three to six (4-4-4-4, 4-4-4-4-3,
# Amex's 4-6-5, Diners' 4-6-4). Thousands ("1 000 000") and phones ("90 123 45 67") never are.
_FIRST_GROUP = 4
_LATER_GROUP = range(3, 7)
# A 14-digit PINFL (a child's, for kindergarten fees) is written unbroken: its first digit is
# 1-6 and its second the tens of a birth day (0-3). An unbroken 14-digit card is Diners Club's
# (36, 38, 39), which a PINFL can never start with.
_PINFL_LENGTH = 14
_DINERS_14 = ("36", "38", "39")
# An expiry as typed: "03/28", "03 28", "0328", "3/28"; and what may stand between it and the
# number when both come in one message.
_EXPIRY = re.compile(r"([0-9]{1,2})\s*[/.\- ]?\s*([0-9]{2})")
_LIST_SEPARATORS = re.compile(r"[\s,;]+")
# What Uzcard and Humo can text a code to, as normalize_phone writes it.
_UZBEK_PHONE = re.compile(r"\+998[0-9]{9}")


def is_ascii_digits(text: str) -> bool:
    """Only 0-9, at least one: what a number field, a card or a code may hold."""
    return _ASCII_DIGITS.fullmatch(text) is not None


def contains_card_number(text: str) -> bool:
    """Whether a message holds a card number: an Uzcard or Humo number, or any 13-19 digit
    number that passes the Luhn check, whole or grouped by spaces, dots, dashes or underscores.
    Phones, amounts, PINFLs and account numbers of up to 12 digits are not card numbers; a longer
    account that happens to pass the Luhn check is taken for one (see README)."""
    return next(card_number_spans(text), None) is not None


def card_number_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where card numbers may stand in the text, as (start, end) of the typed characters,
    separators between the groups included; overlapping candidates are all given."""
    for match in _LOCAL_CARD.finditer(text):
        yield match.span()
    for run in _DIGIT_GROUPS.finditer(text):
        groups = [
            (run.start() + group.start(), run.start() + group.end())
            for group in _GROUP.finditer(run.group())
        ]
        yield from _luhn_spans(text, groups)


def _luhn_spans(text: str, groups: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for first, (start, end) in enumerate(groups):
        if _is_card_digits(text[start:end], unbroken=True):
            yield start, end
        if end - start != _FIRST_GROUP:
            continue
        digits = text[start:end]
        for later_start, later_end in groups[first + 1 :]:
            if later_end - later_start not in _LATER_GROUP:
                break
            digits += text[later_start:later_end]
            if len(digits) > CARD_LENGTHS.stop - 1:
                break
            if _is_card_digits(digits, unbroken=False):
                yield start, later_end


def _is_card_digits(digits: str, *, unbroken: bool) -> bool:
    if len(digits) not in CARD_LENGTHS:
        return False
    if unbroken and len(digits) == _PINFL_LENGTH and not digits.startswith(_DINERS_14):
        return False
    return luhn_valid(digits)


def looks_like_full_card_number(value: str) -> bool:
    """A value that holds a card number, or is digits about as long as one: what a stored mask
    (860000******7878) must never be."""
    digits = card_digits(value)
    return contains_card_number(value) or (digits is not None and len(digits) in _UNMASKED_LENGTHS)


def normalize_card_number(text: str) -> str:
    """A card number as typed without its separators: "8600.0012 3456-7878" →
    "8600001234567878". Whatever else was typed stays (see card_digits)."""
    return _SEPARATORS.sub("", text)


def card_digits(text: str) -> str | None:
    """The digits of a card number as typed, however grouped; None when anything but ASCII
    digits and separators was typed."""
    digits = normalize_card_number(text)
    return digits if is_ascii_digits(digits) else None


def luhn_valid(digits: str) -> bool:
    if not is_ascii_digits(digits):
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


@dataclass(frozen=True)
class CardScheme:
    name: str
    local: bool
    prefixes: tuple[str, ...]


@cache
def card_schemes() -> tuple[CardScheme, ...]:
    """The schemes of card_schemes.toml, read once."""
    with SCHEMES_FILE.open("rb") as file:
        rows = tomllib.load(file)["scheme"]
    return tuple(
        CardScheme(row["name"], bool(row.get("local", False)), tuple(row["prefixes"]))
        for row in rows
    )


def card_scheme(digits: str) -> CardScheme | None:
    """The scheme whose prefix is the longest one `digits` start with; None for none."""
    best: tuple[int, CardScheme] | None = None
    for scheme in card_schemes():
        for prefix in scheme.prefixes:
            if digits.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), scheme)
    return None if best is None else best[1]


def foreign_scheme(digits: str) -> str | None:
    """The name of the card's scheme when it is one Paylov does not bind (Visa...)."""
    scheme = card_scheme(digits)
    return scheme.name if scheme is not None and not scheme.local else None


def typed_card_digits(text: str) -> str | None:
    """The digits of the first card number in a message (as card_number_spans finds it), or
    of the message when it is digits and separators only."""
    span = next(card_number_spans(text), None)
    if span is not None:
        return normalize_card_number(text[span[0] : span[1]])
    return card_digits(text)


def masked_typed_number(digits: str) -> str | None:
    """What may be shown of a typed number after its message is deleted: the stored mask's
    shape (first six, last four), one star per hidden digit so that a digit too many or too few
    shows; None for a number too short to hide anything by it."""
    if len(digits) not in CARD_LENGTHS:
        return None
    return f"{digits[:6]}{'*' * (len(digits) - 10)}{digits[-4:]}"


def check_card_number(text: str, *, luhn: bool) -> CardProblem | None:
    """Whether a typed number may go to Paylov for binding: an Uzcard or Humo number (by
    card_schemes.toml) of LOCAL_CARD_LENGTH digits, however grouped (the step asks for a card,
    so any grouping is read), Luhn-valid when `luhn`. Another scheme's number is refused here,
    not after Paylov is asked."""
    digits = card_digits(text)
    if digits is None:
        return CardProblem.NOT_16_DIGITS
    scheme = card_scheme(digits)
    if len(digits) in CARD_LENGTHS and (scheme is None or not scheme.local):
        return CardProblem.NOT_LOCAL
    if len(digits) != LOCAL_CARD_LENGTH:
        return CardProblem.NOT_16_DIGITS
    if scheme is None or not scheme.local:
        return CardProblem.NOT_LOCAL
    if luhn and not luhn_valid(digits):
        return CardProblem.CHECKSUM
    return None


@dataclass(frozen=True)
class Expiry:
    month: int
    year: int  # two digits

    @property
    def yymm(self) -> str:
        """The API wants YYMM; cards print MM/YY."""
        return f"{self.year:02d}{self.month:02d}"

    @classmethod
    def from_yymm(cls, yymm: str | None) -> Expiry | None:
        """An expiry kept as `yymm` wrote it; None for anything else."""
        if yymm is None or not re.fullmatch(r"[0-9]{2}(0[1-9]|1[0-2])", yymm):
            return None
        return cls(month=int(yymm[2:]), year=int(yymm[:2]))


def split_card_and_expiry(text: str) -> tuple[str, str] | None:
    """A message of a card number and its expiry date and nothing else ("8600 0012 3456 7878
    09/29", or the date first): the number and the date as typed; None for anything else."""
    for start, end in card_number_spans(text):
        rest = _LIST_SEPARATORS.sub(" ", f"{text[:start]} {text[end:]}").strip()
        if _EXPIRY.fullmatch(rest):
            return text[start:end], rest
    return None


def parse_expiry(text: str, *, today: date) -> Expiry | CardProblem:
    """ "03/28", "03 28", "0328" or "3/28" → Expiry; a past month is EXPIRED."""
    match = _EXPIRY.fullmatch(text.strip())
    if not match:
        return CardProblem.EXPIRY_FORMAT
    month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return CardProblem.EXPIRY_FORMAT
    if (2000 + year, month) < (today.year, today.month):
        return CardProblem.EXPIRED
    return Expiry(month=month, year=year)


def mask_card_number(digits: str) -> str:
    return f"{digits[:6]}******{digits[-4:]}"


def normalize_phone(text: str) -> str:
    """Telegram contacts come as "998901234567" or "+998 90 123 45 67": → "+998901234567"."""
    digits = re.sub(r"[^0-9]", "", text)
    return f"+{digits}" if digits else ""


def is_uzbek_phone(phone: str) -> bool:
    """A normalized phone ("+998901234567") an Uzcard or Humo card can be tied to."""
    return _UZBEK_PHONE.fullmatch(phone) is not None


def display_masked_phone(masked: str | None) -> str:
    """Paylov's "********4567" (or anything with the last digits) → "+998 ** *** ** 67"."""
    digits = re.sub(r"\D", "", masked or "")
    tail = digits[-2:] if len(digits) >= 2 else "**"
    return f"+998 ** *** ** {tail}"
