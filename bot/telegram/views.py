"""Texts of the screens. Everything that came from outside (Paylov names and values, what
customers typed) is escaped here, so a `<` in a service name never breaks a message."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from bot.payments import tashkent
from bot.payments.amounts import AmountLimits, AmountProblem, format_sum
from bot.payments.cards import display_masked_phone
from bot.payments.form import LabelledValue, TitleOf
from bot.payments.tashkent import shown_paylov_time
from bot.storage.repositories import PaymentRecord
from bot.telegram import catalogue_texts
from bot.telegram.screens import Texts


def rows(texts: Texts, items: Iterable[LabelledValue]) -> str:
    """Account or preview rows, titled in the customer's language where catalogue.ftl can."""
    return "\n".join(
        f"{escape(catalogue_texts.title(texts, item))}: <b>{escape(_value(texts, item))}</b>"
        for item in items
    )


def _value(texts: Texts, item: LabelledValue) -> str:
    if not item.postfix:
        # Dates in `info` answers read as every other time the customer sees.
        return tashkent.shown_paylov_value(item.value) if item.of is TitleOf.INFO else item.value
    return f"{item.value} {catalogue_texts.postfix(texts, item.postfix)}"


def service(texts: Texts, name: str) -> str:
    """A service's name for a message (escaped), in the customer's language where mapped."""
    return escape(catalogue_texts.service_name(texts, name))


def money(amount: int) -> str:
    return format_sum(amount)


def amount_bounds(i18n: Texts, limits: AmountLimits) -> str:
    """ "From 500 to 5 000 000 sum", or just "From 500 sum" when the service has no maximum."""
    if limits.high is None:
        return i18n.get("pay-amount-min", min=money(limits.low))
    return i18n.get("pay-amount-bounds", min=money(limits.low), max=money(limits.high))


def amount_refused(i18n: Texts, problem: AmountProblem) -> str:
    key = "amount-not-whole" if problem is AmountProblem.NOT_WHOLE else "amount-not-a-number"
    return "⚠️ " + i18n.get(key)


def amount_out_of_range(i18n: Texts, limits: AmountLimits) -> str:
    if limits.high is None:
        text = i18n.get("amount-below-min", min=money(limits.low))
    else:
        text = i18n.get("amount-out-of-range", min=money(limits.low), max=money(limits.high))
    return f"⚠️ {text}"


def status_label(i18n: Texts, status: str) -> str:
    return i18n.get(f"status-{status}")


def receipt(i18n: Texts, payment: PaymentRecord, account: Iterable[LabelledValue]) -> str:
    account_rows = rows(i18n, account) or escape(payment.account_label)
    return i18n.get(
        "receipt",
        service=service(i18n, payment.service_name),
        account=account_rows,
        amount=money(payment.amount),
        reference=escape(payment.payment_ref or "—"),
        paid_at=escape(shown_paylov_time(payment.payed_at)),
        transaction=escape(payment.transaction_id or "—"),
        card=escape(payment.card_mask or "—"),
    )


def code_sent(i18n: Texts, payment: PaymentRecord) -> str:
    sent = i18n.get("pay-code-sent", phone=display_masked_phone(payment.otp_phone))
    return f"{sent}\n\n{payment_code_purpose(i18n, payment)}"


def card_tail(mask: str | None) -> str:
    """ "860000******1239" → "1239": the digits a customer knows the card by."""
    digits = "".join(char for char in mask or "" if char.isascii() and char.isdigit())
    return digits[-4:] if len(digits) >= 4 else "····"


def payment_code_purpose(i18n: Texts, payment: PaymentRecord) -> str:
    """What a payment's SMS code authorises, and that no code is asked anywhere else."""
    purpose = i18n.get(
        "code-for-payment",
        amount=money(payment.amount),
        service=service(i18n, payment.service_name),
        account=escape(payment.account_label),
        card=card_tail(payment.card_mask),
    )
    return f"🔐 {purpose}\n{i18n.get('code-never-elsewhere')}"


def card_code_purpose(i18n: Texts, tail: str | None) -> str:
    """What a card binding's SMS code authorises, and that no code is asked anywhere else."""
    purpose = i18n.get("code-for-card", card=tail or "····")
    return f"🔐 {purpose}\n{i18n.get('code-never-elsewhere')}"
