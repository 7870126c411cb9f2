"""Saved accounts: the list, one account, renaming and deleting it, and saving one from a
receipt."""

from __future__ import annotations

from html import escape

from aiogram.filters.callback_data import CallbackData

from bot.paylov.models import ServiceFields
from bot.payments.form import AccountForm
from bot.payments.paging import paginate
from bot.payments.saved_accounts import NAME_MAX
from bot.storage.repositories import PaymentRecord, SavedAccountRecord
from bot.telegram import keyboards as kb
from bot.telegram import views
from bot.telegram.callbacks import AccountAction, AccountCb, MenuAction, MenuCb
from bot.telegram.screens import Screen, Texts, reminders
from bot.telegram.screens.reminders import ReminderView

PAGE_SIZE = 8


def account_rows(texts: Texts, fields: ServiceFields | None, account: dict[str, str]) -> str:
    """The account as the customer knows it (select titles), or its raw values without a form."""
    if fields is not None:
        shown = views.rows(texts, AccountForm(fields).labelled(account))
        if shown:
            return shown
    return escape(", ".join(account.values()))


def account_list(texts: Texts, saved: list[SavedAccountRecord], page: int = 0) -> Screen:
    title = texts.get("accounts-title")
    rows = []
    if not saved:
        text = f"{title}\n\n{texts.get('accounts-empty')}"
        rows.append([kb.button(texts.get("menu-pay"), MenuCb(action=MenuAction.PAY))])
    else:
        shown = paginate(saved, page, PAGE_SIZE)
        numbered = list(enumerate(shown.items, start=shown.offset + 1))
        lines = [
            texts.get(
                "accounts-line",
                number=number,
                name=escape(item.name),
                service=views.service(texts, item.service_name),
            )
            for number, item in numbered
        ]
        parts = [title, "\n".join(lines), texts.get("taps-accounts-hint")]
        if shown.pages > 1:
            parts.append(texts.get("accounts-page", page=shown.page + 1, pages=shown.pages))
        text = "\n\n".join(parts)
        # A tap on the name pays it (straight to a fresh preview); ✏️ opens the account's card
        # with Rename and Delete.
        rows.extend(
            [
                kb.button(f"{number}. {item.name}", _to(AccountAction.PAY, item.id)),
                kb.button(texts.get("taps-btn-edit-account"), _to(AccountAction.OPEN, item.id)),
            ]
            for number, item in numbered
        )
        rows.append(
            kb.pager(
                texts,
                page=shown.page,
                pages=shown.pages,
                to_page=lambda to: _to(AccountAction.LIST, to),
            )
        )
    rows.append([kb.menu_button(texts)])
    return Screen(text, kb.markup(rows))


def account_card(
    texts: Texts,
    saved: SavedAccountRecord,
    fields: ServiceFields | None,
    reminder: ReminderView | None = None,
) -> Screen:
    """`reminder`: the account's monthly reminder, where its service can have one."""
    text = texts.get(
        "account-card",
        name=escape(saved.name),
        service=views.service(texts, saved.service_name),
        account=account_rows(texts, fields, saved.account),
    )
    rows = [
        [kb.button(texts.get("btn-pay-account"), _to(AccountAction.PAY, saved.id))],
        [
            kb.button(texts.get("btn-rename"), _to(AccountAction.RENAME, saved.id)),
            kb.button(texts.get("btn-delete"), _to(AccountAction.DELETE, saved.id)),
        ],
        [kb.button(texts.get("btn-back"), _to(AccountAction.LIST)), kb.menu_button(texts)],
    ]
    if reminder is not None:
        text = f"{text}\n\n{reminders.card_line(texts, reminder.current)}"
        rows.insert(1, reminders.card_buttons(texts, saved.id, reminder.current))
    return Screen(text, kb.markup(rows))


def rename_prompt(texts: Texts, saved: SavedAccountRecord) -> Screen:
    text = texts.get("account-ask-rename", name=escape(saved.name), max=NAME_MAX)
    back = kb.button(texts.get("btn-back"), _to(AccountAction.OPEN, saved.id))
    return Screen(text, kb.markup([[back]]))


def delete_confirm(texts: Texts, saved: SavedAccountRecord) -> Screen:
    buttons = [
        kb.button(texts.get("btn-yes-delete"), _to(AccountAction.CONFIRM_DELETE, saved.id)),
        kb.button(texts.get("btn-no"), _to(AccountAction.OPEN, saved.id)),
    ]
    text = texts.get("account-delete-confirm", name=escape(saved.name))
    return Screen(text, kb.markup([buttons]))


def name_question(texts: Texts, payment: PaymentRecord, suggested: str) -> Screen:
    """Saving from a receipt: the suggested name in one tap, or a typed one."""
    rows = [
        [kb.button(f"✅ {suggested}", _to(AccountAction.SUGGESTED_NAME, payment.id))],
        [kb.button(texts.get("btn-cancel"), _to(AccountAction.SKIP, payment.id))],
    ]
    service = views.service(texts, payment.service_name)
    text = texts.get("account-ask-name", service=service, max=NAME_MAX)
    return Screen(text, kb.markup(rows))


def saved_notice(
    texts: Texts, saved: SavedAccountRecord, *, created: bool, hint: str = ""
) -> Screen:
    """How saving went, with the way to the list."""
    key = "account-saved" if created else "account-already-saved"
    text = texts.get(key, name=escape(saved.name))
    if hint:
        text = f"{text}\n{hint}"
    buttons = [kb.button(texts.get("btn-accounts"), _to(AccountAction.LIST)), kb.menu_button(texts)]
    return Screen(text, kb.markup([buttons]))


def not_saved(texts: Texts) -> Screen:
    return Screen(texts.get("account-not-saved"), kb.markup([[kb.menu_button(texts)]]))


def dead_end(
    texts: Texts, text: str, back: CallbackData, *buttons: tuple[str, CallbackData]
) -> Screen:
    """Why a quick repay cannot go on, with what may be done instead and the way back."""
    rows = [[kb.button(label, data)] for label, data in buttons]
    rows.append([kb.button(texts.get("btn-back"), back)])
    return Screen(text, kb.markup(rows))


def _to(action: AccountAction, arg: int = 0) -> AccountCb:
    return AccountCb(action=action, arg=arg)
