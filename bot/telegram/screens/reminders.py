"""A saved account's monthly reminder: choosing its day, the line on the account's card, the
reminder message itself, and what turning it off says."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from aiogram.types import InlineKeyboardButton

from bot.payments.reminders import DAYS, LAST_DAY, account_label
from bot.storage.repositories import ReminderRecord, ReminderRunRecord, SavedAccountRecord
from bot.telegram import catalogue_texts, views
from bot.telegram import keyboards as kb
from bot.telegram.callbacks import AccountAction, AccountCb, ReminderAction, ReminderCb
from bot.telegram.screens import Screen, Texts

DAYS_A_ROW = 7  # a calendar's week


@dataclass(frozen=True)
class ReminderView:
    """An account whose service can have a reminder, and the one it has (None: off)."""

    current: ReminderRecord | None


def day_text(texts: Texts, day: int) -> str:
    """ "on the 5th of every month" / "on the last day of every month"."""
    if day == LAST_DAY:
        return texts.get("reminder-on-last-day")
    return texts.get("reminder-on-day", day=day)


def card_line(texts: Texts, reminder: ReminderRecord | None) -> str:
    """The account card's line about its reminder."""
    if reminder is None:
        return texts.get("reminder-card-off")
    return texts.get("reminder-card-on", when=day_text(texts, reminder.day))


def card_buttons(
    texts: Texts, account_id: int, reminder: ReminderRecord | None
) -> list[InlineKeyboardButton]:
    """The account card's row: turn the reminder on, or change its day and turn it off."""
    ask = ReminderCb(action=ReminderAction.ASK, account=account_id)
    if reminder is None:
        return [kb.button(texts.get("reminder-btn-on"), ask)]
    off = ReminderCb(action=ReminderAction.OFF, account=account_id)
    return [
        kb.button(texts.get("reminder-btn-change-day"), ask),
        kb.button(texts.get("reminder-btn-off"), off),
    ]


def day_picker(texts: Texts, saved: SavedAccountRecord, current: int | None) -> Screen:
    """Which day of the month: 1 to 28 as a calendar, and the last day."""

    def label(day: int) -> str:
        shown = texts.get("reminder-btn-last-day") if day == LAST_DAY else str(day)
        return f"• {shown} •" if day == current else shown

    def to(day: int) -> ReminderCb:
        return ReminderCb(action=ReminderAction.SET, account=saved.id, day=day)

    numbered = [day for day in DAYS if day != LAST_DAY]
    rows = [
        [kb.button(label(day), to(day)) for day in numbered[start : start + DAYS_A_ROW]]
        for start in range(0, len(numbered), DAYS_A_ROW)
    ]
    rows.append([kb.button(label(LAST_DAY), to(LAST_DAY))])
    back = AccountCb(action=AccountAction.OPEN, arg=saved.id)
    rows.append([kb.button(texts.get("btn-back"), back)])
    text = texts.get("reminder-ask-day", name=escape(saved.name))
    return Screen(text, kb.markup(rows))


def turned_on(texts: Texts, reminder: ReminderRecord) -> str:
    return texts.get("reminder-turned-on", when=day_text(texts, reminder.day))


def reminder_message(texts: Texts, run: ReminderRunRecord, account_id: int) -> Screen:
    """ "Electricity, home: 84 500 sum to pay" with Pay (the account's fresh preview) and
    one tap to turn the reminder off."""
    assert run.amount is not None
    service = catalogue_texts.service_name(texts, run.service_name)
    text = texts.get(
        "reminder-owed",
        account=escape(account_label(service, run.account_name)),
        amount=views.money(run.amount),
    )
    rows = [
        [kb.button(texts.get("btn-pay-account"), _pay(account_id))],
        [
            kb.button(
                texts.get("reminder-btn-off"),
                ReminderCb(action=ReminderAction.OFF_MESSAGE, account=account_id),
            )
        ],
    ]
    return Screen(text, kb.markup(rows))


def off_from_message(texts: Texts, saved: SavedAccountRecord) -> Screen:
    """The reminder message once its reminder is off: paying stays one tap away, and so does
    turning it on again."""
    rows = [
        [kb.button(texts.get("btn-pay-account"), _pay(saved.id))],
        [
            kb.button(
                texts.get("reminder-btn-on"),
                ReminderCb(action=ReminderAction.ASK, account=saved.id),
            )
        ],
    ]
    text = texts.get("reminder-turned-off-here", name=escape(saved.name))
    return Screen(text, kb.markup(rows))


def _pay(account_id: int) -> AccountCb:
    """What /accounts' Pay does: the account's fresh preview."""
    return AccountCb(action=AccountAction.PAY, arg=account_id)
