"""Card input checks: number, expiry, SMS code, phone. Nothing here stores or logs what it checks.

Digits are ASCII 0-9 only: "²" or "٣" pass str.isdigit() (and `\\d`), but no bank reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class CardProblem(StrEnum):
    NOT_16_DIGITS = "not_16_digits"
    CHECKSUM = "checksum"
    EXPIRY_FORMAT = "expiry_format"
    EXPIRED = "expired"


_ASCII_DIGITS = re.compile(r"[0-9]+")
# Payment and binding SMS codes; anything shorter or longer is a typo that would only spend one
# of Paylov's three attempts.
_CODE = re.compile(r"[0-9]{4,8}")
# An Uzcard (8600, 5614) or Humo (9860) number as people type it: 16 digits, whole or in groups
# of four split by spaces or dashes. Groups of four keep a 14-digit PINFL followed by another
# number, or a phone, from looking like a card.
_CARD_NUMBER_IN_TEXT = re.compile(r"(?<![0-9])(?:8600|9860|5614)(?:[\s-]*[0-9]{4}){3}(?![0-9])")
# What Uzcard and Humo can text a code to, as normalize_phone writes it.
_UZBEK_PHONE = re.compile(r"\+998[0-9]{9}")


def is_ascii_digits(text: str) -> bool:
    """Only 0-9, at least one: what a number field, a card or a code may hold."""
    return _ASCII_DIGITS.fullmatch(text) is not None


def looks_like_code(text: str) -> bool:
    """An SMS code as typed: 4 to 8 ASCII digits (anything else would only spend an attempt at
    Paylov)."""
    return _CODE.fullmatch(text.strip()) is not None


def contains_card_number(text: str) -> bool:
    """Whether a message holds something that looks like an Uzcard or Humo card number."""
    return _CARD_NUMBER_IN_TEXT.search(text) is not None


def normalize_card_number(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


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


def check_card_number(text: str, *, luhn: bool) -> CardProblem | None:
    digits = normalize_card_number(text)
    if not (is_ascii_digits(digits) and len(digits) == 16):
        return CardProblem.NOT_16_DIGITS
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


def parse_expiry(text: str, *, today: date) -> Expiry | CardProblem:
    """ "03/28", "03 28", "0328" or "3/28" → Expiry; a past month is EXPIRED."""
    match = re.fullmatch(r"\s*([0-9]{1,2})\s*[/.\- ]?\s*([0-9]{2})\s*", text)
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
