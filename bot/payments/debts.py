"""What an account owes, from its service's `info` answer, by per-service data (debts.toml).

Paylov documents no sign convention for balances: "saldo" is -87340.50 for a debt in one
service and could be +87340.50 in another. So the field and its sign are data, and a service
without an entry has no known debt (None): nothing is guessed.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path

from bot.paylov.models import InfoItem

DEBTS_FILE = Path(__file__).with_name("debts.toml")
# "-87 340,50 UZS", "−87340.50 so'm": a sign, digits grouped by spaces, a decimal part, a unit.
_NUMBER = re.compile(r"^\s*(?P<sign>[-−+]?)\s*(?P<digits>[0-9][0-9\s\u00a0]*(?:[.,][0-9]+)?)")


class OwedWhen(StrEnum):
    NEGATIVE = "negative"
    POSITIVE = "positive"


@dataclass(frozen=True)
class DebtRule:
    field: str
    owed_when: OwedWhen


def parse_rules(data: Mapping[str, object]) -> dict[str, DebtRule]:
    """debts.toml's tables as rules; a malformed entry is an error at load, never a guess."""
    services = data.get("services", {})
    if not isinstance(services, Mapping):
        raise ValueError("debts: [services] must be a table")
    rules = {}
    for service_id, entry in services.items():
        if not isinstance(entry, Mapping) or set(entry) != {"field", "owed_when"}:
            raise ValueError(f"debts: {service_id} needs exactly `field` and `owed_when`")
        rules[str(service_id)] = DebtRule(str(entry["field"]), OwedWhen(entry["owed_when"]))
    return rules


@functools.cache
def _rules() -> dict[str, DebtRule]:
    with DEBTS_FILE.open("rb") as file:
        return parse_rules(tomllib.load(file))


def knows(service_id: str) -> bool:
    """Whether what this service's accounts owe can be told from `info` at all."""
    return service_id in _rules()


def owed(
    service_id: str,
    info_response: Iterable[InfoItem],
    *,
    rules: Mapping[str, DebtRule] | None = None,
) -> int | None:
    """Whole sum owed (0: nothing is), or None when it cannot be told: the service is not in
    debts.toml, or its field is missing or not a number. A debt with tiyin is rounded up, so
    paying it settles it."""
    rule = (_rules() if rules is None else rules).get(service_id)
    if rule is None:
        return None
    value = next((item.value for item in info_response if item.name == rule.field), None)
    balance = _number(value)
    if balance is None:
        return None
    debt = -balance if rule.owed_when is OwedWhen.NEGATIVE else balance
    return max(0, math.ceil(debt))


def _number(value: str | None) -> Decimal | None:
    if value is None:
        return None
    match = _NUMBER.match(value)
    if match is None:
        return None
    digits = re.sub(r"[\s\u00a0]", "", match["digits"]).replace(",", ".")
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return None
    return -number if match["sign"] in {"-", "−"} else number
