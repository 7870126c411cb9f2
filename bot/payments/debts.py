"""What an account owes, for the reminders, by the debt rules of service_facts.toml.

Paylov documents no sign convention for balances: "saldo" is -87340.50 for a debt in one
service and could be +87340.50 in another. So the field and its sign are data (the same entries
the preview's "Pay what is owed" reads), and a service without an entry has no known debt
(None): nothing is guessed.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping

from bot.paylov.models import InfoItem
from bot.payments.service_facts import DebtRule, OwedWhen, load_service_facts, parse_balance

__all__ = ["DebtRule", "OwedWhen", "knows", "owed"]


@functools.cache
def _rules() -> Mapping[str, DebtRule]:
    return load_service_facts().debts


def knows(service_id: str) -> bool:
    """Whether what this service's accounts owe can be told from `info` at all."""
    return service_id in _rules()


def owed(
    service_id: str,
    info_response: Iterable[InfoItem],
    *,
    rules: Mapping[str, DebtRule] | None = None,
) -> int | None:
    """Whole sum owed (0: nothing is), or None when it cannot be told: the service has no debt
    entry in service_facts.toml, or its field is missing or not a number. A debt with tiyin is
    rounded up, so paying it settles it."""
    rule = (_rules() if rules is None else rules).get(service_id)
    if rule is None:
        return None
    value = next((item.value for item in info_response if item.name == rule.field), None)
    balance = parse_balance(value)
    if balance is None:
        return None
    debt = -balance if rule.owed_when is OwedWhen.NEGATIVE else balance
    return max(0, math.ceil(debt))
