"""The payment flow's screens: category → service → fields → the amount (on the account's
preview, for services with `info`) → confirmation → code. Message text is HTML and escapes what
came from outside; button labels are shown literally by Telegram, so they are never escaped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.paylov.models import Category, FieldValue, Service, ServiceField, ServiceFields
from bot.payments.amounts import AmountLimits
from bot.payments.card_binding import WalletCard
from bot.payments.codes import CODE_MAX_DIGITS, CODE_MIN_DIGITS, CodeProblem
from bot.payments.form import LabelledValue
from bot.payments.paging import Page
from bot.payments.service_facts import Debt, NothingOwed, Owed
from bot.payments.tashkent import local_time
from bot.storage.repositories import PaymentRecord
from bot.telegram import catalogue_texts as words
from bot.telegram import keyboards as kb
from bot.telegram import views
from bot.telegram.callbacks import PayAction, PayCb
from bot.telegram.screens import Screen, Texts
from bot.telegram.screens import cards as card_screens


def _only_back(texts: Texts) -> InlineKeyboardMarkup:
    return kb.choice_list([], extra_rows=[kb.back_cancel_row(texts)])


def _one_choice(texts: Texts, label_key: str, action: PayAction) -> InlineKeyboardMarkup:
    return kb.choice_list(
        [(texts.get(label_key), PayCb(action=action))], extra_rows=[kb.back_cancel_row(texts)]
    )


def unavailable(texts: Texts, *, retry: PayAction = PayAction.RETRY) -> Screen:
    """Paylov did not answer: the same step again on Retry."""
    return Screen(texts.get("paylov-unavailable"), _one_choice(texts, "btn-retry", retry))


def categories(texts: Texts, items: list[Category]) -> Screen:
    choices = [
        (words.category_name(texts, c), PayCb(action=PayAction.CATEGORY, arg=str(c.id)))
        for c in items
    ]
    markup = kb.choice_list(choices, extra_rows=[kb.back_cancel_row(texts, back=False)], columns=2)
    return Screen(texts.get("pay-choose-category"), markup)


def services(texts: Texts, category: Category, page: Page[Service]) -> Screen:
    choices = [
        (words.service_name(texts, s.name), PayCb(action=PayAction.SERVICE, arg=s.service_id))
        for s in page.items
    ]
    pager = kb.pager(
        texts,
        page=page.page,
        pages=page.pages,
        to_page=lambda to: PayCb(action=PayAction.SERVICES_PAGE, arg=str(to)),
    )
    markup = kb.choice_list(choices, extra_rows=[pager, kb.back_cancel_row(texts)])
    text = texts.get(
        "pay-choose-service",
        category=escape(words.category_name(texts, category)),
        page=page.page + 1,
        pages=page.pages,
    )
    return Screen(text, markup)


def service_gone(texts: Texts) -> Screen:
    return Screen(texts.get("pay-service-gone"), _only_back(texts))


def service_not_payable(texts: Texts, service: ServiceFields) -> Screen:
    text = texts.get("pay-service-unavailable", service=views.service(texts, service.name))
    return Screen(text, _only_back(texts))


def _header(texts: Texts, service: ServiceFields) -> str:
    return texts.get("pay-service-header", service=views.service(texts, service.name))


def select_field(
    texts: Texts,
    service: ServiceFields,
    answered: list[LabelledValue],
    field: ServiceField,
    page: Page[FieldValue],
) -> Screen:
    choices = [(o.title, PayCb(action=PayAction.OPTION, arg=o.id)) for o in page.items]
    pager = kb.pager(
        texts,
        page=page.page,
        pages=page.pages,
        to_page=lambda to: PayCb(action=PayAction.OPTIONS_PAGE, arg=str(to)),
    )
    markup = kb.choice_list(choices, extra_rows=[pager, kb.back_cancel_row(texts)])
    ask = texts.get("pay-choose-value", field=escape(words.field_title(texts, field)))
    return Screen(_joined(_header(texts, service), views.rows(texts, answered), ask), markup)


def text_field(
    texts: Texts, service: ServiceFields, answered: list[LabelledValue], field: ServiceField
) -> Screen:
    ask = texts.get("pay-enter-value", field=escape(words.field_title(texts, field)))
    if field.content == "number":
        ask += "\n" + texts.get("pay-hint-digits")
    if field.length:
        ask += "\n" + texts.get("pay-hint-length", length=field.length)
    answered_rows = views.rows(texts, answered)
    return Screen(_joined(_header(texts, service), answered_rows, ask), _only_back(texts))


def account_not_found(texts: Texts) -> Screen:
    return Screen(
        texts.get("pay-account-not-found"), _one_choice(texts, "btn-reenter", PayAction.REENTER)
    )


def info_refused(texts: Texts) -> Screen:
    return Screen(texts.get("paylov-error"), _only_back(texts))


@dataclass(frozen=True)
class AmountOffer:
    """What the amount step shows besides the question: the account as the preview's `info`
    told it (None: the service has no preview), what it owes, a top-up's quick amounts."""

    preview: list[LabelledValue] | None = None
    # Without a preview, the account as the customer gave it (a top-up's number), so what is
    # being paid stays in sight while the amount is chosen.
    answered: Sequence[LabelledValue] = ()
    debt: Debt = None
    quick: Sequence[int] = ()
    # What was last paid for this top-up's number (bot/telegram/steps/mobile.py), on its own row.
    last: int | None = None
    # The amount this payment was given before the customer came back to this step (from the
    # card steps or the confirmation): one tap goes on with it.
    kept: int | None = None


QUICK_PER_ROW = 2


def amount(
    texts: Texts,
    service: ServiceFields,
    limits: AmountLimits,
    problem: str = "",
    *,
    offer: AmountOffer | None = None,
) -> Screen:
    """The amount step; for a service with `info`, the preview itself (no "Continue" tap):
    the account, what it owes with a one-tap "Pay" when the service's limits allow it, and the
    amount typed. Re-enter account and Back/Cancel stay on it."""
    offer = offer or AmountOffer()
    parts = [problem, _header(texts, service)]
    if offer.preview is not None:
        parts.append(texts.get("pay-preview-title"))
        parts.append(views.rows(texts, offer.preview) or texts.get("pay-preview-empty"))
    elif offer.answered:
        parts.append(views.rows(texts, offer.answered))
    payable_debt: int | None = None
    match offer.debt:
        case Owed(amount=owed) if limits.allows(owed):
            payable_debt = owed
            parts.append(texts.get("taps-owed", amount=views.money(owed)))
        case Owed(amount=owed):
            owed_text = texts.get("taps-owed", amount=views.money(owed))
            parts.append(owed_text + "\n" + texts.get("taps-owed-outside-limits"))
        case NothingOwed():
            parts.append(texts.get("taps-nothing-owed"))
    if payable_debt is not None:
        ask = texts.get("taps-enter-amount-or-owed")
    elif offer.quick or offer.last:
        ask = texts.get("taps-enter-amount-or-choose")
    else:
        ask = texts.get("pay-enter-amount")
    parts.extend([ask, views.amount_bounds(texts, limits)])
    rows: list[list[InlineKeyboardButton]] = []
    if offer.kept is not None:
        parts.append(texts.get("mistakes-amount-kept", amount=views.money(offer.kept)))
        label = texts.get("mistakes-btn-keep-amount", amount=views.money(offer.kept))
        rows.append([kb.button(label, PayCb(action=PayAction.KEEP_AMOUNT))])
    if payable_debt is not None:
        label = texts.get("taps-btn-pay-owed", amount=views.money(payable_debt))
        rows.append([kb.button(label, PayCb(action=PayAction.PAY_OWED))])
    if offer.last is not None:
        label = texts.get("mobile-btn-last-amount", amount=views.money(offer.last))
        rows.append([kb.button(label, PayCb(action=PayAction.QUICK_AMOUNT, arg=str(offer.last)))])
    quick = [
        kb.button(
            texts.get("taps-btn-quick-amount", amount=views.money(each)),
            PayCb(action=PayAction.QUICK_AMOUNT, arg=str(each)),
        )
        for each in offer.quick
        if each != offer.last
    ]
    rows.extend(quick[i : i + QUICK_PER_ROW] for i in range(0, len(quick), QUICK_PER_ROW))
    if offer.preview is not None:
        rows.append([kb.button(texts.get("btn-reenter"), PayCb(action=PayAction.REENTER))])
    rows.append(kb.back_cancel_row(texts))
    return Screen(_joined(*parts), kb.markup(rows))


def confirmation(
    texts: Texts,
    service: ServiceFields,
    account: list[LabelledValue],
    amount_sum: int,
    cards: list[WalletCard],
    chosen: WalletCard,
) -> Screen:
    text = texts.get(
        "pay-confirm",
        service=views.service(texts, service.name),
        account=views.rows(texts, account),
        amount=views.money(amount_sum),
        card=escape(card_screens.card_title(chosen.card)),
    )
    facts = card_screens.card_facts(texts, chosen)
    if facts:  # under the card's line, the last of pay-confirm
        text += "\n" + facts
    choices: list[tuple[str, PayCb]] = []
    if len(cards) > 1:
        for each in cards:
            label = card_screens.pick_label(texts, each, picked=each.card.id == chosen.card.id)
            choices.append((label, PayCb(action=PayAction.CARD, arg=str(each.card.id))))
    choices.append((texts.get("btn-add-card"), PayCb(action=PayAction.ADD_CARD)))
    choices.append((texts.get("btn-confirm"), PayCb(action=PayAction.CONFIRM)))
    return Screen(text, kb.choice_list(choices, extra_rows=[kb.back_cancel_row(texts)]))


def repeat_warning(texts: Texts, earlier: PaymentRecord) -> Screen:
    """The same account was paid a short while ago: pay again only on a second confirmation."""
    text = texts.get(
        "pay-repeat-warning",
        amount=views.money(earlier.amount),
        paid_at=local_time(earlier.updated_at),
        reference=escape(earlier.payment_ref or earlier.transaction_id or "—"),
    )
    markup = kb.choice_list(
        [(texts.get("btn-pay-twice"), PayCb(action=PayAction.PAY_TWICE, arg=str(earlier.id)))],
        extra_rows=[kb.back_cancel_row(texts)],
    )
    return Screen(text, markup)


def code_prompt(texts: Texts, payment: PaymentRecord) -> Screen:
    """The SMS code asked, naming exactly what it authorises."""
    return Screen(views.code_sent(texts, payment), _only_back(texts))


def code_problem(texts: Texts, problem: CodeProblem) -> str:
    """What is wrong with a typed SMS code (payment or card), said on the code prompt."""
    return texts.get(problem.key, min=CODE_MIN_DIGITS, max=CODE_MAX_DIGITS, typed=problem.typed)


def new_code_offer(texts: Texts, problem: str, payment: PaymentRecord) -> Screen:
    """No code can pay that payment any more (Paylov stopped it): the same checkout again,
    with a new code. "Send a new code" is the confirmation's own retry (a fresh `create`)."""
    offer = texts.get(
        "code-new-code-offer",
        amount=views.money(payment.amount),
        service=views.service(texts, payment.service_name),
        account=escape(payment.account_label),
        card=views.card_tail(payment.card_mask),
    )
    markup = kb.choice_list(
        [(texts.get("btn-new-code"), PayCb(action=PayAction.RETRY))],
        extra_rows=[kb.back_cancel_row(texts)],
    )
    return Screen(_joined(problem, offer), markup)


def code_step_left(texts: Texts, payment: PaymentRecord) -> Screen:
    """The code prompt of a payment the customer left (a command, a menu button) before its
    code was sent: cancelled, and nothing moved. No buttons."""
    text = texts.get(
        "mistakes-code-step-left",
        amount=views.money(payment.amount),
        service=views.service(texts, payment.service_name),
        account=escape(payment.account_label),
    )
    return Screen(text, None)


def create_unavailable(texts: Texts) -> Screen:
    return Screen(
        texts.get("pay-create-unavailable"), _one_choice(texts, "btn-retry", PayAction.CONFIRM)
    )


def _joined(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)
