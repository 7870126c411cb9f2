"""Support: the customer's question and the answer they get; the admins' copy of a question
and their list of open ones. Everything the customer or an admin typed is escaped here."""

from __future__ import annotations

from html import escape

from aiogram.types import InlineKeyboardButton

from bot.payments.history import STATUS_ICONS, local_time, shown_status
from bot.payments.paging import Page
from bot.storage.repositories import PaymentRecord
from bot.storage.support import QuestionRecord
from bot.telegram import keyboards as kb
from bot.telegram import views
from bot.telegram.callbacks import SupportAction, SupportCb
from bot.telegram.screens import Screen, Texts

# An open question's words in the list: enough to recognise it.
LINE_WORDS = 120
NAME_SHOWN = 40


def support_button(texts: Texts, payment: PaymentRecord) -> InlineKeyboardButton:
    """ "Problem with this payment?" under a receipt or a payment in history."""
    return kb.button(texts.get("btn-support"), SupportCb(action=SupportAction.ASK, arg=payment.id))


def _facts(payment: PaymentRecord, texts: Texts | None = None) -> dict[str, str]:
    """`texts`: the customer's, who reads the service in their language (as the receipt and
    history name it); without, Paylov's name, as the admins' copies and reports show it."""
    return {
        "service": (
            views.service(texts, payment.service_name)
            if texts is not None
            else escape(payment.service_name)
        ),
        "account": escape(payment.account_label),
        "amount": views.money(payment.amount),
        "date": local_time(payment.created_at),
    }


def ask(texts: Texts, payment: PaymentRecord) -> Screen:
    text = texts.get("support-ask", **_facts(payment, texts))
    return Screen(text, kb.markup([[kb.menu_button(texts)]]))


def sent(texts: Texts) -> Screen:
    return Screen(texts.get("support-sent"), kb.main_menu(texts))


def answer(texts: Texts, payment: PaymentRecord, words: str) -> Screen:
    """An admin's words, verbatim, in the customer's language's frame."""
    text = texts.get("support-answer", answer=escape(words), **_facts(payment, texts))
    return Screen(text, kb.markup([[kb.menu_button(texts)]]))


def _status(texts: Texts, payment: PaymentRecord) -> str:
    # As history shows it (screens/history.py imports this module, so not from there).
    shown = shown_status(payment.status)
    return f"{STATUS_ICONS[shown]} {views.status_label(texts, shown)}"


def customer(question: QuestionRecord) -> str:
    return escape(_name(question))


def _name(question: QuestionRecord) -> str:
    name = (question.customer_name or "").strip() or str(question.user_id)
    return name[:NAME_SHOWN]


def admin_copy(texts: Texts, question: QuestionRecord, payment: PaymentRecord) -> Screen:
    """What an admin gets: the payment's ids and status, the customer, their words."""
    text = texts.get(
        "support-admin-question",
        question=str(question.id),
        customer=customer(question),
        user=str(question.user_id),
        payment=str(payment.id),
        status=_status(texts, payment),
        card=escape(payment.card_mask or "—"),
        paid_at=escape(payment.payed_at or "—"),
        transaction=escape(payment.transaction_id or "—"),
        reference=escape(payment.payment_ref or "—"),
        asked=local_time(question.created_at),
        words=f"<blockquote>{escape(question.text)}</blockquote>",
        **_facts(payment),
    )
    return Screen(text)


def open_questions(
    texts: Texts, page: Page[QuestionRecord], total: int, payments: dict[int, PaymentRecord]
) -> Screen:
    """A page of the open questions, oldest first, each with a button that brings its copy
    here again (to reply to)."""
    if not page.items:
        return Screen(texts.get("support-open-empty"))
    lines = [texts.get("support-open-title", count=str(total))]
    buttons: list[list[InlineKeyboardButton]] = []
    for question in page.items:
        payment = payments.get(question.payment_id)
        words = (
            question.text if len(question.text) <= LINE_WORDS else question.text[:LINE_WORDS] + "…"
        )
        lines.append(
            texts.get(
                "support-open-line",
                question=str(question.id),
                asked=local_time(question.created_at),
                customer=customer(question),
                service=escape(payment.service_name if payment else "—"),
                amount=views.money(payment.amount if payment else 0),
                words=escape(words),
            )
        )
        show = SupportCb(action=SupportAction.SHOW, arg=question.id)
        label = texts.get(
            "btn-support-question", question=str(question.id), customer=_name(question)
        )
        buttons.append([kb.button(label, show)])
    if page.pages > 1:
        lines.append(texts.get("support-open-page", page=page.page + 1, pages=page.pages))
        buttons.append(
            kb.pager(
                texts,
                page=page.page,
                pages=page.pages,
                to_page=lambda number: SupportCb(action=SupportAction.PAGE, arg=number),
            )
        )
    lines.append(texts.get("support-open-hint"))
    return Screen("\n\n".join(lines), kb.markup(buttons))
