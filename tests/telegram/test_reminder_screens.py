"""The reminder screens as values: the day picker, the account card's line, the message."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n.cores import FluentRuntimeCore

from bot.payments.reminders import LAST_DAY
from bot.storage.repositories import ReminderRecord, ReminderRunRecord, SavedAccountRecord
from bot.telegram.callbacks import (
    AccountAction,
    AccountCb,
    ReminderAction,
    ReminderCb,
)
from bot.telegram.i18n import LOCALES_PATH
from bot.telegram.outbox import LocaleTexts
from bot.telegram.screens import Screen, Texts, accounts, reminders
from bot.telegram.screens.reminders import ReminderView

NOW = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)
SAVED = SavedAccountRecord(
    id=42,
    user_id=5001,
    service_id="svc-1",
    service_name="Electricity",
    account={"account": "1000412"},
    account_key="1000412",
    name="home <1>",
    created_at=NOW,
)


@pytest.fixture
async def texts() -> AsyncIterator[Texts]:
    core = FluentRuntimeCore(path=LOCALES_PATH / "{locale}", default_locale="en")
    await core.startup()
    yield LocaleTexts(core, "en")


def _buttons(screen: Screen) -> list[list[tuple[str, str]]]:
    assert isinstance(screen.markup, InlineKeyboardMarkup)
    return [[(b.text, b.callback_data or "") for b in row] for row in screen.markup.inline_keyboard]


def test_the_day_picker_is_a_calendar_with_the_last_day(texts: Texts) -> None:
    screen = reminders.day_picker(texts, SAVED, current=LAST_DAY)
    rows = _buttons(screen)
    assert [len(row) for row in rows] == [7, 7, 7, 7, 1, 1]
    days = [ReminderCb.unpack(data).day for row in rows[:5] for _, data in row]
    assert days == [*range(1, 29), LAST_DAY]
    assert rows[4][0][0] == "• Last day of the month •"  # the current one is marked
    assert rows[5][0][1] == AccountCb(action=AccountAction.OPEN, arg=42).pack()
    assert "home &lt;1&gt;" in screen.text


def test_the_card_offers_a_reminder_only_where_one_can_be_had(texts: Texts) -> None:
    plain = accounts.account_card(texts, SAVED, None)
    assert "reminder" not in plain.text.lower()
    off = accounts.account_card(texts, SAVED, None, ReminderView(None))
    assert "Monthly reminder: off" in off.text
    assert _buttons(off)[1] == [
        ("🔔 Remind me monthly", ReminderCb(action=ReminderAction.ASK, account=42).pack())
    ]
    reminder = ReminderRecord(id=1, user_id=5001, saved_account_id=42, day=21, set_at=NOW)
    on = accounts.account_card(texts, SAVED, None, ReminderView(reminder))
    assert "on the 21st of every month" in on.text
    assert [label for label, _ in _buttons(on)[1]] == [
        "🗓 Change the day",
        "🔕 Turn the reminder off",
    ]


def test_the_reminder_message_says_what_is_owed_with_pay_and_off(texts: Texts) -> None:
    run = ReminderRunRecord(
        id=3,
        user_id=5001,
        saved_account_id=42,
        period="2026-12",
        outcome="owed",
        amount=84_500,
        service_name="Electricity",
        account_name="home <1>",
        created_at=NOW,
    )
    screen = reminders.reminder_message(texts, run, 42)
    assert screen.text == "🔔 Electricity, home &lt;1&gt;: <b>84 500 sum</b> to pay."
    assert _buttons(screen) == [
        [("💸 Pay", AccountCb(action=AccountAction.PAY, arg=42).pack())],
        [
            (
                "🔕 Turn the reminder off",
                ReminderCb(action=ReminderAction.OFF_MESSAGE, account=42).pack(),
            )
        ],
    ]


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (22, "22nd"),
        (28, "28th"),
    ],
)
def test_english_ordinals(texts: Texts, day: int, text: str) -> None:
    assert reminders.day_text(texts, day) == f"on the {text} of every month"
