"""Card input checks: number, expiry, phone. Nothing here stores or logs what it checks."""

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


def normalize_card_number(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def check_card_number(text: str, *, luhn: bool) -> CardProblem | None:
    digits = normalize_card_number(text)
    if not (digits.isdigit() and len(digits) == 16):
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
    match = re.fullmatch(r"\s*(\d{1,2})\s*[/.\- ]?\s*(\d{2})\s*", text)
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
    digits = re.sub(r"\D", "", text)
    return f"+{digits}" if digits else ""


def display_masked_phone(masked: str | None) -> str:
    """Paylov's "********4567" (or anything with the last digits) → "+998 ** *** ** 67"."""
    digits = re.sub(r"\D", "", masked or "")
    tail = digits[-2:] if len(digits) >= 2 else "**"
    return f"+998 ** *** ** {tail}"
