"""/history: the customer's own payments, newest first, a page at a time; open one to see its
receipt or status (a payment still unsettled is asked about at Paylov first), pay it again."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram_i18n import I18nContext
from aiogram_i18n.exceptions import KeyNotFoundError

from bot.payments.catalogue import CatalogueCache
from bot.payments.form import AccountForm
from bot.payments.history import (
    LISTED_STATUSES,
    REFRESHABLE,
    STATUS_ICONS,
    ShownStatus,
    local_time,
    page_window,
    shown_status,
)
from bot.payments.payment_flow import PaymentFlow
from bot.storage.models import PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories, SavedAccountRecord
from bot.telegram import keyboards as kb
from bot.telegram import views
from bot.telegram.callbacks import AccountCb, HistoryCb, MenuCb
from bot.telegram.routers.accounts import (
    RepayTarget,
    account_rows,
    pager_buttons,
    start_quick_repay,
    start_reentry,
)
from bot.telegram.routers.pay import abandon_flow
from bot.telegram.screens import show

PAGE_SIZE = 6


def _status(i18n: I18nContext, status: PaymentStatus) -> str:
    shown = shown_status(status)
    return f"{STATUS_ICONS[shown]} {views.status_label(i18n, shown)}"


def _line(i18n: I18nContext, number: int, payment: PaymentRecord, names: dict[int, str]) -> str:
    # A saved account's name reads better than the raw label, while that account still exists.
    saved_name = names.get(payment.saved_account_id) if payment.saved_account_id else None
    return i18n.get(
        "history-line",
        number=number,
        date=local_time(payment.created_at),
        service=escape(payment.service_name),
        account=escape(saved_name or payment.account_label),
        amount=views.money(payment.amount),
        status=_status(i18n, payment.status),
    )


async def show_history(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    repos: Repositories,
    *,
    page: int = 0,
    screen_id: int | None = None,
    edit: bool = False,
) -> int:
    total = await repos.payments.count_for_user(chat_id, statuses=LISTED_STATUSES)
    window = page_window(total, page, PAGE_SIZE)
    title = i18n.get("history-title")
    rows: list[list[InlineKeyboardButton]] = []
    if total == 0:
        text = f"{title}\n\n{i18n.get('history-empty')}"
        rows.append([kb.button(i18n.get("menu-pay"), MenuCb(action="pay"))])
    else:
        payments = await repos.payments.list_for_user(
            chat_id, offset=window.offset, limit=window.size, statuses=LISTED_STATUSES
        )
        names = {
            saved.id: saved.name for saved in await repos.saved_accounts.list_for_user(chat_id)
        }
        numbered = list(enumerate(payments, start=window.offset + 1))
        parts = [title, "\n\n".join(_line(i18n, n, p, names) for n, p in numbered)]
        if window.pages > 1:
            parts.append(i18n.get("history-page", page=window.page + 1, pages=window.pages))
        text = "\n\n".join(parts)
        rows.extend(
            [
                kb.button(
                    i18n.get(
                        "history-btn-open",
                        number=number,
                        date=local_time(payment.created_at),
                        amount=views.money(payment.amount),
                    ),
                    HistoryCb(action="open", arg=payment.id),
                )
            ]
            for number, payment in numbered
        )
        pager = pager_buttons(
            i18n, window.page, window.pages, lambda to: HistoryCb(action="page", arg=to)
        )
        if pager:
            rows.append(pager)
    rows.append([kb.button(i18n.get("btn-menu"), MenuCb(action="menu"))])
    return await show(bot, chat_id, text, kb.markup(rows), screen_id=screen_id, edit=edit)


def _reason(i18n: I18nContext, code: str | None) -> str:
    """Paylov's refusal in the customer's words, when it is one we have words for."""
    if not code:
        return ""
    try:
        return i18n.get(f"paylov-code-{code.replace('_', '-')}")
    except KeyNotFoundError:
        return ""


def _note(i18n: I18nContext, payment: PaymentRecord) -> str:
    match shown_status(payment.status):
        case ShownStatus.FAILED:
            parts = [_reason(i18n, payment.error_code), i18n.get("history-nothing-charged")]
            return "\n".join(part for part in parts if part)
        case ShownStatus.CANCELLED:
            return i18n.get("history-nothing-charged")
        case ShownStatus.PENDING if payment.status in REFRESHABLE:
            return i18n.get("history-pending-note")
        case ShownStatus.PENDING:
            # `pay` was never sent (new, created): the watcher does not look, nothing moved.
            return i18n.get("history-not-confirmed-note")
        case _:
            return ""


async def _saved_account_of(
    repos: Repositories, payment: PaymentRecord
) -> SavedAccountRecord | None:
    """The saved account this payment was made from, or one saved later for the same account."""
    if payment.saved_account_id is not None:
        saved = await repos.saved_accounts.get_for_user(payment.saved_account_id, payment.user_id)
        if saved is not None:
            return saved
    return await repos.saved_accounts.find(payment.user_id, payment.service_id, payment.account)


async def show_payment(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
    payment: PaymentRecord,
    *,
    screen_id: int | None,
    edit: bool,
) -> int:
    fields = await catalogue.fields_or_none(payment.service_id)
    if payment.status == PaymentStatus.PAID:
        labelled = AccountForm(fields).labelled(payment.account) if fields else []
        text = views.receipt(i18n, payment, labelled)
    else:
        shown = shown_status(payment.status)
        text = i18n.get(
            "history-details",
            status=f"{STATUS_ICONS[shown]} {views.status_label(i18n, shown)}",
            service=escape(payment.service_name),
            account=account_rows(fields, payment.account),
            amount=views.money(payment.amount),
            card=escape(payment.card_mask or "—"),
            date=local_time(payment.created_at),
            transaction=escape(payment.transaction_id or "—"),
        )
        note = _note(i18n, payment)
        if note:
            text = f"{text}\n\n{note}"
    rows = []
    if payment.status not in MAY_STILL_GO_THROUGH:  # paying again now could charge twice
        rows.append(
            [kb.button(i18n.get("btn-pay-again"), HistoryCb(action="again", arg=payment.id))]
        )
    if payment.status == PaymentStatus.PAID and await _saved_account_of(repos, payment) is None:
        rows.append(
            [kb.button(i18n.get("btn-save-account"), AccountCb(action="save", arg=payment.id))]
        )
    rows.append(
        [
            kb.button(i18n.get("btn-back"), HistoryCb(action="page")),
            kb.button(i18n.get("btn-menu"), MenuCb(action="menu")),
        ]
    )
    return await show(bot, chat_id, text, kb.markup(rows), screen_id=screen_id, edit=edit)


# A payment whose `pay` may still go through: no "Pay again" until it settles.
MAY_STILL_GO_THROUGH = frozenset({PaymentStatus.PAYING, PaymentStatus.PENDING})


# --- handlers -------------------------------------------------------------------------------------


async def on_history(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    """/history and the menu's entry: whatever was open is left."""
    if isinstance(event, CallbackQuery):
        await event.answer()
    chat_id = event.from_user.id if event.from_user else 0
    await abandon_flow(state, payments, chat_id)
    await show_history(bot, chat_id, i18n, repos)


async def on_page(
    callback: CallbackQuery,
    callback_data: HistoryCb,
    bot: Bot,
    i18n: I18nContext,
    repos: Repositories,
) -> None:
    await callback.answer()
    message_id = callback.message.message_id if callback.message else None
    await show_history(
        bot,
        callback.from_user.id,
        i18n,
        repos,
        page=callback_data.arg,
        screen_id=message_id,
        edit=True,
    )


async def _owned(
    callback: CallbackQuery, callback_data: HistoryCb, i18n: I18nContext, repos: Repositories
) -> PaymentRecord | None:
    """The presser's payment named by the button; someone else's id reveals nothing."""
    payment = await repos.payments.get_for_user(callback_data.arg, callback.from_user.id)
    if payment is None:
        await callback.answer(i18n.get("not-found"), show_alert=True)
    return payment


async def on_open(
    callback: CallbackQuery,
    callback_data: HistoryCb,
    bot: Bot,
    i18n: I18nContext,
    repos: Repositories,
    catalogue: CatalogueCache,
    payments: PaymentFlow,
) -> None:
    payment = await _owned(callback, callback_data, i18n, repos)
    if payment is None:
        return
    # Answered before Paylov is asked, or Telegram reports the query too old.
    await callback.answer()
    chat_id = callback.from_user.id
    if payment.status in REFRESHABLE:
        async with ChatActionSender.typing(bot=bot, chat_id=chat_id):
            payment = await payments.refresh(payment)
    message_id = callback.message.message_id if callback.message else None
    await show_payment(
        bot, chat_id, i18n, catalogue, repos, payment, screen_id=message_id, edit=True
    )


async def on_again(
    callback: CallbackQuery,
    callback_data: HistoryCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    payment = await _owned(callback, callback_data, i18n, repos)
    if payment is None:
        return
    if payment.status in MAY_STILL_GO_THROUGH:  # an old "Pay again" button
        await callback.answer(i18n.get("history-still-settling"), show_alert=True)
        return
    await callback.answer()
    saved = await _saved_account_of(repos, payment)
    target = RepayTarget(
        service_id=payment.service_id,
        service_name=payment.service_name,
        account=dict(payment.account),
        saved_account_id=saved.id if saved else None,
        retry=HistoryCb(action="again", arg=payment.id),
        reenter=HistoryCb(action="reenter", arg=payment.id),
        back=HistoryCb(action="open", arg=payment.id),
    )
    await start_quick_repay(callback, target, bot, state, i18n, catalogue, repos, payments)


async def on_reenter(
    callback: CallbackQuery,
    callback_data: HistoryCb,
    bot: Bot,
    state: FSMContext,
    i18n: I18nContext,
    catalogue: CatalogueCache,
    repos: Repositories,
    payments: PaymentFlow,
) -> None:
    payment = await _owned(callback, callback_data, i18n, repos)
    if payment is None:
        return
    await callback.answer()
    back = HistoryCb(action="open", arg=payment.id)
    await start_reentry(
        callback, payment.service_id, back, bot, state, i18n, catalogue, repos, payments
    )


def build_router() -> Router:
    """A fresh router per dispatcher (a router can belong to one parent only)."""
    router = Router(name=__name__)
    router.message.register(on_history, Command("history"))
    router.callback_query.register(on_history, MenuCb.filter(F.action == "history"))
    router.callback_query.register(on_page, HistoryCb.filter(F.action == "page"))
    router.callback_query.register(on_open, HistoryCb.filter(F.action == "open"))
    router.callback_query.register(on_again, HistoryCb.filter(F.action == "again"))
    router.callback_query.register(on_reenter, HistoryCb.filter(F.action == "reenter"))
    return router
