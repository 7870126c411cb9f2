"""The long-lived objects handlers may ask for, as one typed bundle.

`open_app` builds it once; the dispatcher hands each field to handlers by name (aiogram's
dependency injection), and the per-update `ChatContext` carries the whole bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from bot.config import Settings
from bot.paylov.client import PaylovClient
from bot.payments.account_debts import AccountDebts
from bot.payments.card_binding import CardBinder
from bot.payments.catalogue import CatalogueCache
from bot.payments.operators import Operators, load_operators
from bot.payments.payment_flow import PaymentFlow
from bot.payments.reconcile import Reconciler
from bot.payments.saved_accounts import SavedAccountsBook
from bot.payments.search import ServiceFinder
from bot.payments.service_facts import ServiceFacts, load_service_facts
from bot.storage.repositories import Repositories
from bot.support.desk import SupportDesk
from bot.telegram.outbox import Outbox
from bot.telegram.support_outbox import SupportOutbox


@dataclass(frozen=True)
class Services:
    settings: Settings
    repos: Repositories
    paylov: PaylovClient
    catalogue: CatalogueCache
    payments: PaymentFlow
    cards: CardBinder
    saved_accounts: SavedAccountsBook
    outbox: Outbox
    search: ServiceFinder
    support: SupportDesk
    support_outbox: SupportOutbox
    reconciler: Reconciler
    # The main screen's saved accounts with what each owes (a short-lived cache).
    debts: AccountDebts
    # What the catalogue does not say (debt fields, mobile top-ups): data, read once.
    facts: ServiceFacts = field(default_factory=load_service_facts)
    # Mobile operators by their numbers' prefixes: data, read once.
    operators: Operators = field(default_factory=load_operators)

    def workflow_data(self) -> dict[str, Any]:
        """Each object under its field name, and the bundle itself as `services`."""
        parts: dict[str, Any] = {part.name: getattr(self, part.name) for part in fields(self)}
        parts["services"] = self
        return parts
