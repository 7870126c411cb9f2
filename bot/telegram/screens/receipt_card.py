"""The receipt card's texts in the customer's language, its caption and the button that asks
for it; drawing it is bot/payments/receipt_card.py's."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton

from bot.payments.form import LabelledValue
from bot.payments.receipt_card import CardLine, ReceiptCard, paid_at_shown
from bot.storage.repositories import PaymentRecord
from bot.telegram import catalogue_texts, views
from bot.telegram import keyboards as kb
from bot.telegram.callbacks import ReceiptCardCb
from bot.telegram.screens import Texts


@dataclass(frozen=True)
class BotName:
    """How the bot is named on the card: its title, and its @username when it has one."""

    title: str
    username: str | None = None

    @property
    def signature(self) -> str:
        return f"{self.title} · @{self.username}" if self.username else self.title


def card_button(texts: Texts, payment: PaymentRecord) -> InlineKeyboardButton:
    return kb.button(texts.get("btn-receipt-card"), ReceiptCardCb(arg=payment.id))


def receipt_card(
    texts: Texts,
    payment: PaymentRecord,
    account: list[LabelledValue],
    bot: BotName,
    *,
    test_mode: bool = False,
) -> ReceiptCard:
    """`account`: the payment's fields with their titles (empty: the account's label is shown);
    facts Paylov did not give (a reference, the terminal of a payment settled by a status check)
    are left out rather than drawn as dashes. `test_mode`: the embedded sandbox serves real
    users, so the card must not pass for a real receipt."""
    service = catalogue_texts.service_name(texts, payment.service_name)
    lines = [CardLine(texts.get("receipt-card-service"), service)]
    if account:
        lines.extend(CardLine(catalogue_texts.title(texts, item), item.value) for item in account)
    else:
        lines.append(CardLine(texts.get("receipt-card-account"), payment.account_label))
    optional = [
        ("receipt-card-card", payment.card_mask),
        ("receipt-card-paid-at", paid_at_shown(payment.payed_at, payment.updated_at)),
        ("receipt-card-reference", payment.payment_ref),
        ("receipt-card-transaction", payment.transaction_id),
        ("receipt-card-merchant", payment.epos_merchant),
        ("receipt-card-terminal", payment.epos_terminal),
    ]
    lines.extend(CardLine(texts.get(key), value) for key, value in optional if value)
    return ReceiptCard(
        brand=bot.title,
        title=texts.get("receipt-card-title"),
        status=texts.get("receipt-card-status"),
        amount=texts.get("receipt-card-amount", amount=views.money(payment.amount)),
        lines=lines,
        footer=texts.get("receipt-card-footer", bot=bot.signature),
        test_mode=texts.get("receipt-card-test-mode") if test_mode else None,
    )


def caption(texts: Texts, payment: PaymentRecord) -> str:
    return texts.get(
        "receipt-card-caption",
        service=views.service(texts, payment.service_name),
        amount=views.money(payment.amount),
    )


def filename(payment: PaymentRecord) -> str:
    return f"receipt-{payment.id}.png"
