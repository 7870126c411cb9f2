"""Amounts as customers type them, and as we show them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# Spaces (incl. the no-break ones phones insert), apostrophes and underscores group thousands.
_GROUPING = re.compile(r"[\s'‘’`_]")
# Grouped digits come in threes after the first group: "1 000 000", not "5000 5000".
_GROUPED = re.compile(r"[0-9]{1,3}(?:[\s'‘’`_][0-9]{3})+")
# The currency as people write it: so'm with any apostrophe (ʻ is the official Uzbek one),
# soum, sum, сум, сўм, сумов, UZS.
_SUFFIX = re.compile(r"(so['‘’`ʻʼ]?u?m|sum|с[уў]м(ов|а)?|uzs)\.?$", re.IGNORECASE)
# Russian and Uzbek write decimals with a comma: a comma or a dot with one or two digits after it
# at the very end is the decimal part ("500,00", "500.5"); with three it groups thousands.
_DECIMAL = re.compile(r"(?P<whole>.+?)[.,](?P<fraction>[0-9]{1,2})")
_THOUSANDS = re.compile(r"[.,](?=[0-9]{3}(?:[.,]|$))")
# ASCII only: "²" or "٣" pass str.isdigit() and even int(), but are not what anyone meant.
_WHOLE = re.compile(r"[0-9]{1,12}")


class AmountProblem(StrEnum):
    NOT_A_NUMBER = "not_a_number"
    NOT_WHOLE = "not_whole"  # tiyin were typed; payments are whole sum


def parse_amount(text: str) -> int | AmountProblem:
    """Whole sum from "50 000", "50000", "50,000", "50.000", "50 000 so'm" or "50 000,00".

    A decimal part of zeros is accepted; any other one is NOT_WHOLE (payments are whole sum).
    """
    cleaned = _SUFFIX.sub("", text.strip()).strip().rstrip(".,")  # "5000." is 5000
    fraction = ""
    decimal = _DECIMAL.fullmatch(cleaned)
    if decimal is not None:
        cleaned, fraction = decimal["whole"].strip(), decimal["fraction"]
    if _GROUPING.search(cleaned):
        if not _GROUPED.fullmatch(cleaned):
            return AmountProblem.NOT_A_NUMBER
        cleaned = _GROUPING.sub("", cleaned)
    cleaned = _THOUSANDS.sub("", cleaned)
    if not _WHOLE.fullmatch(cleaned):
        return AmountProblem.NOT_A_NUMBER
    if fraction.strip("0"):
        return AmountProblem.NOT_WHOLE
    return int(cleaned)


@dataclass(frozen=True)
class AmountLimits:
    """A service's bounds; `high` is None when the service sets no maximum."""

    low: int
    high: int | None

    @classmethod
    def of(cls, low: int, high: int | None) -> AmountLimits:
        # Paylov sends max 0 (or nothing) for a service without a maximum.
        return cls(low=low, high=high or None)

    def allows(self, amount: int) -> bool:
        return amount >= self.low and (self.high is None or amount <= self.high)


def format_sum(amount: int) -> str:
    """12345678 → "12 345 678" (a thin space would not survive every client; a plain one does)."""
    return f"{amount:,}".replace(",", " ")
