"""What Paylov's catalogue does not say about a service, read from data (service_facts.toml):
which `info` field holds what is owed and with which sign, and which services are mobile
top-ups with their quick amounts.

Paylov documents no sign convention for balances, so nothing here is guessed: a service without
a debt entry has no "what is owed" at all, and its balance is shown as Paylov gives it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path

from bot.paylov.models import InfoItem, Service, ServiceFields
from bot.payments.amounts import AmountLimits

FACTS_FILE = Path(__file__).with_name("service_facts.toml")


class OwedWhen(StrEnum):
    NEGATIVE = "negative"  # a value below zero is owed: saldo -84500 → 84 500 to pay
    POSITIVE = "positive"  # a value above zero is owed


@dataclass(frozen=True)
class DebtRule:
    field: str
    owed_when: OwedWhen


@dataclass(frozen=True)
class Owed:
    """What the account owes now, in whole sum (fractions rounded up, so it is paid off)."""

    amount: int


@dataclass(frozen=True)
class NothingOwed:
    """The service's answer says nothing is owed (a zero or prepaid balance)."""


Debt = Owed | NothingOwed | None
"""None: the service's answer cannot tell (no rule for it, or no readable value)."""


@dataclass(frozen=True)
class ServiceFacts:
    debts: Mapping[str, DebtRule] = field(default_factory=dict)
    mobile_categories: frozenset[int] = frozenset()
    mobile_services: frozenset[str] = frozenset()
    quick_amounts: tuple[int, ...] = ()

    def debt(self, service: ServiceFields, items: Iterable[InfoItem]) -> Debt:
        rule = self.debts.get(service.service_id)
        if rule is None:
            return None
        value = next((item.value for item in items if item.name == rule.field), None)
        declared = next((f for f in service.response_fields if f.name == rule.field), None)
        number = parse_balance(value, declared.postfix if declared else None)
        if number is None:
            return None
        owed = -number if rule.owed_when is OwedWhen.NEGATIVE else number
        if owed <= 0:
            return NothingOwed()
        return Owed(int(owed.to_integral_value(rounding=ROUND_CEILING)))

    def is_mobile(self, service: Service) -> bool:
        return (
            service.category.id in self.mobile_categories
            or service.service_id in self.mobile_services
        )

    def quick_amounts_for(self, service: Service, limits: AmountLimits) -> list[int]:
        """The quick amounts of a mobile top-up that its own limits allow; none for others."""
        if not self.is_mobile(service):
            return []
        return [amount for amount in self.quick_amounts if limits.allows(amount)]


# Currency marks a balance may end with besides the field's declared postfix ("-87340.50 UZS").
_CURRENCY_MARKS = ("uzs", "сум", "so‘m", "so'm", "sum")


def parse_balance(value: str | None, postfix: str | None = None) -> Decimal | None:
    """ "-87340.50", "-87 340,50 UZS" → Decimal; anything else (words, empty) → None."""
    if value is None:
        return None
    text = value.strip()
    for mark in (postfix, *_CURRENCY_MARKS):
        if mark and text.lower().endswith(mark.lower()):
            text = text[: -len(mark)]
            break
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_debts(entries: Mapping[str, object]) -> dict[str, DebtRule]:
    """The [debt."<service id>"] tables as rules; a malformed entry is refused, never guessed."""
    if not isinstance(entries, Mapping):
        raise ValueError("service facts: [debt] must be a table of services")
    rules = {}
    for service_id, entry in entries.items():
        if not isinstance(entry, Mapping) or set(entry) != {"field", "owed_when"}:
            raise ValueError(f"service facts: {service_id} needs exactly `field` and `owed_when`")
        rules[str(service_id)] = DebtRule(str(entry["field"]), OwedWhen(entry["owed_when"]))
    return rules


def load_service_facts(path: Path = FACTS_FILE) -> ServiceFacts:
    """The data file, checked as it is read: a wrong entry fails at start, not at a payment."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    mobile = data.get("mobile", {})
    debts = parse_debts(data.get("debt", {}))
    amounts = tuple(int(amount) for amount in mobile.get("quick_amounts", []))
    if any(amount <= 0 for amount in amounts):
        raise ValueError(f"{path}: quick amounts must be positive")
    return ServiceFacts(
        debts=debts,
        mobile_categories=frozenset(int(c) for c in mobile.get("category_ids", [])),
        mobile_services=frozenset(str(s) for s in mobile.get("service_ids", [])),
        quick_amounts=amounts,
    )
