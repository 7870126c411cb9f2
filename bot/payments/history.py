"""What the customer's payment history shows: which payments, their times, their statuses."""

from __future__ import annotations

from enum import StrEnum

from bot.payments.tashkent import local_time
from bot.storage.models import PaymentStatus

# A `new` row never reached Paylov (written just before `create`, or left by a crash then):
# nothing happened that the customer could recognise, so history leaves it out.
LISTED_STATUSES: frozenset[PaymentStatus] = frozenset(PaymentStatus) - {PaymentStatus.NEW}


class ShownStatus(StrEnum):
    """The four states a customer tells apart."""

    PAID = "paid"
    FAILED = "failed"
    PENDING = "pending"
    CANCELLED = "cancelled"


def shown_status(status: PaymentStatus) -> ShownStatus:
    """Unfinished steps (new, created, paying, pending) all read as pending."""
    match status:
        case PaymentStatus.PAID:
            return ShownStatus.PAID
        case PaymentStatus.FAILED:
            return ShownStatus.FAILED
        case PaymentStatus.CANCELLED:
            return ShownStatus.CANCELLED
        case _:
            return ShownStatus.PENDING


STATUS_ICONS: dict[ShownStatus, str] = {
    ShownStatus.PAID: "✅",
    ShownStatus.FAILED: "❌",
    ShownStatus.PENDING: "⏳",
    ShownStatus.CANCELLED: "✖️",
}

__all__ = ["LISTED_STATUSES", "STATUS_ICONS", "ShownStatus", "local_time", "shown_status"]
