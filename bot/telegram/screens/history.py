"""/history: a page of the customer's payments, and one payment's receipt or status."""

from __future__ import annotations

from html import escape

from bot.paylov.models import ServiceFields
from bot.payments.form import AccountForm
from bot.payments.history import STATUS_ICONS, ShownStatus, shown_status
from bot.payments.paging import PageWindow
from bot.payments.refusals import history_reason_key
from bot.payments.tashkent import local_time
from bot.storage.models import PaymentStatus
from bot.storage.repositories import PaymentRecord
from bot.telegram import keyboards as kb
from bot.telegram import views
from bot.telegram.callbacks import (
    AccountAction,
    AccountCb,
    HistoryAction,
    HistoryCb,
    MenuAction,
    MenuCb,
)
from bot.telegram.screens import Screen, Texts, receipt_card
from bot.telegram.screens.accounts import account_rows
from bot.telegram.screens.support import support_button


def status_text(texts: Texts, status: PaymentStatus) -> str:
    shown = shown_status(status)
    return f"{STATUS_ICONS[shown]} {views.status_label(texts, shown)}"


def history_page(
    texts: Texts,
    window: PageWindow,
    payments: list[PaymentRecord],
    saved_names: dict[int, str],
) -> Screen:
    """`payments`: the window's rows, newest first; `saved_names`: saved accounts by id."""
    title = texts.get("history-title")
    rows = []
    if not payments:
        text = f"{title}\n\n{texts.get('history-empty')}"
        rows.append([kb.button(texts.get("menu-pay"), MenuCb(action=MenuAction.PAY))])
    else:
        numbered = list(enumerate(payments, start=window.offset + 1))
        lines = [_line(texts, number, payment, saved_names) for number, payment in numbered]
        parts = [title, "\n\n".join(lines)]
        if window.pages > 1:
            parts.append(texts.get("history-page", page=window.page + 1, pages=window.pages))
        text = "\n\n".join(parts)
        rows.extend(
            [
                kb.button(
                    texts.get(
                        "history-btn-open",
                        number=number,
                        date=local_time(payment.created_at),
                        amount=views.money(payment.amount),
                    ),
                    HistoryCb(action=HistoryAction.OPEN, arg=payment.id),
                )
            ]
            for number, payment in numbered
        )
        rows.append(
            kb.pager(
                texts,
                page=window.page,
                pages=window.pages,
                to_page=lambda to: HistoryCb(action=HistoryAction.PAGE, arg=to),
            )
        )
    rows.append([kb.menu_button(texts)])
    return Screen(text, kb.markup(rows))


def _line(texts: Texts, number: int, payment: PaymentRecord, names: dict[int, str]) -> str:
    # A saved account's name reads better than the raw label, while that account still exists.
    saved_name = names.get(payment.saved_account_id) if payment.saved_account_id else None
    return texts.get(
        "history-line",
        number=number,
        date=local_time(payment.created_at),
        service=views.service(texts, payment.service_name),
        account=escape(saved_name or payment.account_label),
        amount=views.money(payment.amount),
        status=status_text(texts, payment.status),
    )


def payment_details(
    texts: Texts, payment: PaymentRecord, fields: ServiceFields | None, *, saveable: bool
) -> Screen:
    """The receipt of a paid payment, else its status and what it means; `saveable`: its
    account is not saved yet."""
    if payment.status == PaymentStatus.PAID:
        labelled = AccountForm(fields).labelled(payment.account) if fields else []
        text = views.receipt(texts, payment, labelled)
    else:
        text = texts.get(
            "history-details",
            status=status_text(texts, payment.status),
            service=views.service(texts, payment.service_name),
            account=account_rows(texts, fields, payment.account),
            amount=views.money(payment.amount),
            card=escape(payment.card_mask or "—"),
            date=local_time(payment.created_at),
            transaction=escape(payment.transaction_id or "—"),
        )
        note = _note(texts, payment)
        if note:
            text = f"{text}\n\n{note}"
    rows = []
    if not payment.status.may_still_go_through:  # paying again now could charge twice
        again = HistoryCb(action=HistoryAction.PAY_AGAIN, arg=payment.id)
        rows.append([kb.button(texts.get("btn-pay-again"), again)])
    if payment.status == PaymentStatus.PAID:
        rows.append([receipt_card.card_button(texts, payment)])
    if payment.status == PaymentStatus.PAID and saveable:
        save = AccountCb(action=AccountAction.SAVE, arg=payment.id)
        rows.append([kb.button(texts.get("btn-save-account"), save)])
    rows.append([support_button(texts, payment)])
    rows.append(
        [
            kb.button(texts.get("btn-back"), HistoryCb(action=HistoryAction.PAGE)),
            kb.menu_button(texts),
        ]
    )
    return Screen(text, kb.markup(rows))


def _note(texts: Texts, payment: PaymentRecord) -> str:
    match shown_status(payment.status):
        case ShownStatus.FAILED:
            reason = history_reason_key(payment.error_code)
            parts = [texts.get(reason) if reason else "", texts.get("history-nothing-charged")]
            return "\n".join(part for part in parts if part)
        case ShownStatus.CANCELLED:
            return texts.get("history-nothing-charged")
        case ShownStatus.PENDING if payment.status.may_still_go_through:
            return texts.get("history-pending-note")
        case ShownStatus.PENDING:
            # `pay` was never sent (new, created): the watcher does not look, nothing moved.
            return texts.get("history-not-confirmed-note")
        case _:
            return ""
