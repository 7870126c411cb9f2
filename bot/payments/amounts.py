"""Amounts as customers type them, and as we show them."""

from __future__ import annotations

import re

# Spaces (incl. the narrow no-break ones phones insert), commas and apostrophes group thousands.
_GROUPING = re.compile(r"[\s,'’_\u00a0\u202f]")
_SUFFIX = re.compile(r"(so['‘’`]?m|sum|сум|uzs)\.?$", re.IGNORECASE)


def parse_amount(text: str) -> int | None:
    """Whole sum from "50 000", "50000", "50,000" or "50 000 so'm"; None if it is not one.

    A decimal part of zeros ("50000.00") is accepted; tiyin are not (payments are whole sum).
    """
    cleaned = _SUFFIX.sub("", text.strip()).strip()
    cleaned = _GROUPING.sub("", cleaned)
    if re.fullmatch(r"\d+[.]0{1,2}", cleaned):
        cleaned = cleaned.split(".", 1)[0]
    if not cleaned.isdigit() or len(cleaned) > 12:
        return None
    return int(cleaned)


def format_sum(amount: int) -> str:
    """12345678 → "12 345 678" (a thin space would not survive every client; a plain one does)."""
    return f"{amount:,}".replace(",", " ")
