"""The main menu, the language choice and help.

The main screen itself (/start, /menu, "🏠 Menu") shows the first saved accounts with what each
owes, one tap to pay; the other screens that end with the menu's buttons (`ended`, help) show
only the buttons, so they cost no database read and no Paylov call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from aiogram.types import InlineKeyboardButton

from bot.payments.account_debts import AccountDebt
from bot.payments.service_facts import NothingOwed, Owed
from bot.telegram import keyboards as kb
from bot.telegram import views
from bot.telegram.callbacks import AccountAction, AccountCb
from bot.telegram.screens import Screen, Texts


@dataclass(frozen=True)
class Contacts:
    """The merchant's support contact and terms of service (settings); None: not shown."""

    support: str | None = None
    terms: str | None = None

    def lines(self, texts: Texts) -> str:
        shown = []
        if self.support:
            shown.append(texts.get("home-support", contact=escape(self.support)))
        if self.terms:
            shown.append(texts.get("home-terms", url=escape(self.terms)))
        return "\n".join(shown)


def main_menu(texts: Texts, intro: str = "") -> Screen:
    return Screen(texts.get("menu-title"), kb.main_menu(texts)).under(intro)


def home(texts: Texts, accounts: Sequence[AccountDebt], intro: str = "") -> Screen:
    """The main screen: the saved accounts (what each owes where Paylov said in time), each a
    button into its fresh preview, above the menu's own buttons."""
    if not accounts:
        return main_menu(texts, intro)
    lines = [_account_line(texts, shown) for shown in accounts]
    parts = [texts.get("home-accounts-title"), "\n".join(lines)]
    if any(shown.late for shown in accounts):
        parts.append(texts.get("home-debts-later"))
    parts.append(texts.get("menu-title"))
    menu = kb.main_menu(texts)
    rows = [[_pay_button(texts, shown)] for shown in accounts]
    markup = kb.markup([*rows, *menu.inline_keyboard])
    return Screen("\n\n".join(parts), markup).under(intro)


def first_intro(texts: Texts, contacts: Contacts) -> str:
    """A new customer's first main screen: what the bot does in two lines, and whom to ask."""
    return "\n\n".join(part for part in (texts.get("home-intro"), contacts.lines(texts)) if part)


def _account_line(texts: Texts, shown: AccountDebt) -> str:
    name = escape(shown.account.name)
    match shown.debt:
        case Owed(amount=amount):
            return texts.get("home-account-owed", name=name, amount=views.money(amount))
        case NothingOwed():
            return texts.get("home-account-nothing-owed", name=name)
        case _:
            return texts.get("home-account", name=name)


def _pay_button(texts: Texts, shown: AccountDebt) -> InlineKeyboardButton:
    # The saved account's own "Pay": a fresh preview with the debt offered (routers/repay.py).
    pay = AccountCb(action=AccountAction.PAY, arg=shown.account.id)
    name = shown.account.name
    if isinstance(shown.debt, Owed):
        label = texts.get("home-btn-pay-owed", name=name, amount=views.money(shown.debt.amount))
    else:
        label = texts.get("home-btn-pay", name=name)
    return kb.button(label, pay)


def language_choice(texts: Texts) -> Screen:
    return Screen(texts.get("language-choose"), kb.languages())


def help_screen(texts: Texts, *, admin: bool, contacts: Contacts | None = None) -> Screen:
    text = texts.get("help")
    reach = contacts.lines(texts) if contacts else ""
    if reach:
        text = f"{text}\n\n{reach}"
    if admin:  # nobody else learns the admin commands exist
        text = f"{text}\n\n{texts.get('help-admin')}"
    return Screen(text, kb.main_menu(texts))


def ended(texts: Texts, text: str) -> Screen:
    """A conversation's last word, with the menu under it."""
    return Screen(text, kb.main_menu(texts))
