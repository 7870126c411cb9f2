"""What the outbox delivers about a payment: the receipt, and the notices of its outcome."""

from __future__ import annotations

from html import escape

from bot.payments.form import LabelledValue
from bot.storage.models import NoticeKind
from bot.storage.repositories import PaymentRecord
from bot.telegram import keyboards as kb
from bot.telegram import views
from bot.telegram.callbacks import AccountAction, AccountCb, HistoryAction, HistoryCb
from bot.telegram.screens import Screen, Texts, receipt_card
from bot.telegram.screens.support import support_button


def receipt(
    texts: Texts, payment: PaymentRecord, account: list[LabelledValue], *, saveable: bool
) -> Screen:
    """`saveable`: the account is not saved yet (a saved account's repay offers nothing)."""
    again = HistoryCb(action=HistoryAction.PAY_AGAIN_FROM_RECEIPT, arg=payment.id)
    rows = [
        [kb.button(texts.get("btn-pay-again"), again)],
        [receipt_card.card_button(texts, payment)],
        [support_button(texts, payment)],
        [kb.menu_button(texts)],
    ]
    if saveable:
        save = AccountCb(action=AccountAction.SAVE, arg=payment.id)
        rows.insert(0, [kb.button(texts.get("btn-save-account"), save)])
    return Screen(views.receipt(texts, payment, account), kb.markup(rows))


def outcome_notice(texts: Texts, payment: PaymentRecord, kind: NoticeKind) -> Screen:
    """Any notice but the receipt: still checking, interrupted, or not paid."""
    menu = kb.main_menu(texts)
    if kind == NoticeKind.PENDING:
        return Screen(texts.get("pay-pending"), menu)
    facts = {
        "service": views.service(texts, payment.service_name),
        "account": escape(payment.account_label),
        "amount": views.money(payment.amount),
        "transaction": escape(payment.transaction_id or "—"),
    }
    key = "pay-create-lost" if kind == NoticeKind.CREATE_LOST else "settled-failed"
    return Screen(texts.get(key, **facts), menu)
