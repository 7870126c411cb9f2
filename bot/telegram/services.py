"""The long-lived objects handlers may ask for, as one typed bundle.

`open_app` builds it once; the dispatcher hands each field to handlers by name (aiogram's
dependency injection), and the per-update `ChatContext` carries the whole bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from bot.config import Settings
from bot.paylov.client import PaylovClient
from bot.payments.card_binding import CardBinder
from bot.payments.catalogue import CatalogueCache
from bot.payments.payment_flow import PaymentFlow
from bot.payments.saved_accounts import SavedAccountsBook
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
    support: SupportDesk
    support_outbox: SupportOutbox

    def workflow_data(self) -> dict[str, Any]:
        """Each object under its field name, and the bundle itself as `services`."""
        parts: dict[str, Any] = {field.name: getattr(self, field.name) for field in fields(self)}
        parts["services"] = self
        return parts
