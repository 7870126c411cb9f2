"""Which mobile operator a number belongs to, from its prefix (data: operators.toml).

A number typed under the wrong operator's top-up is told whose it is (`misplaced`), and the
customer's own shared phone becomes a one-tap answer (`national_number`). Nothing here knows
Telegram: the routers call it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

OPERATORS_FILE = Path(__file__).with_name("operators.toml")
NATIONAL_LENGTH = 9  # the digits after +998
_COUNTRY = "998"


@dataclass(frozen=True)
class Operator:
    name: str
    codes: frozenset[str]
    service_id: str


@dataclass(frozen=True)
class Operators:
    phone_field: str = "phone"
    by_code: Mapping[str, Operator] = field(default_factory=dict)

    @property
    def all(self) -> list[Operator]:
        return list({operator.service_id: operator for operator in self.by_code.values()}.values())

    def of_number(self, number: str) -> Operator | None:
        """The operator of a 9-digit national number, or None (not a number, unknown code)."""
        if len(number) != NATIONAL_LENGTH or not number.isascii() or not number.isdecimal():
            return None
        return self.by_code.get(number[:2])

    def of_service(self, service_id: str) -> Operator | None:
        return next((op for op in self.by_code.values() if op.service_id == service_id), None)

    def is_phone_field(self, service_id: str, field_name: str) -> bool:
        """Is this the phone field of an operator's top-up?"""
        return field_name == self.phone_field and self.of_service(service_id) is not None

    def misplaced(self, service_id: str, number: str) -> Operator | None:
        """The other operator this number belongs to, when it was typed under `service_id`'s."""
        if self.of_service(service_id) is None:
            return None
        owner = self.of_number(number)
        if owner is None or owner.service_id == service_id:
            return None
        return owner


def national_number(phone: str | None) -> str | None:
    """ "+998901234567" (a shared contact, as kept) → "901234567"; None if not Uzbek."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == len(_COUNTRY) + NATIONAL_LENGTH and digits.startswith(_COUNTRY):
        return digits[len(_COUNTRY) :]
    return None


def shown_number(number: str) -> str:
    """ "901234567" → "+998 90 123 45 67"."""
    return f"+998 {number[:2]} {number[2:5]} {number[5:7]} {number[7:]}"


def load_operators(path: Path = OPERATORS_FILE) -> Operators:
    """The data file, checked as it is read: a wrong row fails at start, not at a payment."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    by_code: dict[str, Operator] = {}
    for row in data.get("operator", []):
        codes = frozenset(str(code) for code in row["codes"])
        operator = Operator(name=str(row["name"]), codes=codes, service_id=str(row["service_id"]))
        for code in codes:
            if not re.fullmatch(r"\d\d", code):
                raise ValueError(f"{path}: {operator.name}: a code is two digits, not {code!r}")
            if code in by_code:
                raise ValueError(
                    f"{path}: code {code} is both {by_code[code].name}'s and {operator.name}'s"
                )
            by_code[code] = operator
    return Operators(phone_field=str(data.get("field", "phone")), by_code=by_code)
