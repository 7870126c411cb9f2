"""Language, commands, cards, help, and the terminal chat on the real app."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from bot.app import open_app
from bot.config import Settings
from bot.devtools.shell_app import run_terminal_chat
from bot.payments.tashkent import TASHKENT
from bot.storage.models import PaymentStatus
from bot.telegram.context import TYPING_AFTER
from tests.conversation.conftest import (
    ADMIN_ID,
    ELECTRICITY,
    ELECTRICITY_ID,
    UZCARD_OTP,
    Paybot,
)


async def test_commands_are_registered_per_language_and_admins_get_theirs(paybot: Paybot) -> None:
    session = paybot.tg.session
    customer = [c.command for c in session.visible_commands(5001, "ru")]
    assert customer == ["pay", "accounts", "cards", "history", "language", "help", "cancel"]
    admin = [c.command for c in session.visible_commands(ADMIN_ID, "en")]
    assert {"payments", "tx", "stats", "export"} <= set(admin)
    assert not {"payments", "tx"} & set(customer)
    ru = {c.command: c.description for c in session.visible_commands(5001, "ru")}
    en = {c.command: c.description for c in session.visible_commands(5001, "en")}
    assert ru["pay"] != en["pay"]


async def test_language_is_kept_with_the_user_and_changed_with_language(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user(language="ru")
    await tg.send(user, "/start")
    # First contact: a language choice, asked in the language Telegram's language_code suggests.
    assert paybot.last_text(user) == paybot.app.i18n.core.get("language-choose", "ru")
    assert paybot.last_text(user) != paybot.app.i18n.core.get("language-choose", "en")
    await tg.press(user, "Русский")
    record = await paybot.app.repos.users.get(user.id)
    assert record is not None and record.language == "ru"
    menu_ru = paybot.last_text(user)
    await tg.send(user, "/language")
    await tg.press(user, "English")
    await tg.send(user, "/help")
    assert "/pay" in paybot.last_text(user) and paybot.last_text(user) != menu_ru
    # A second /start does not ask again: the choice lives in the database, not the FSM.
    await tg.send(user, "/start")
    assert "What would you like to do?" in paybot.last_text(user)


async def test_cards_can_be_listed_added_and_removed(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.send(user, "/cards")
    assert "no cards yet" in paybot.last_text(user)
    await tg.press(user, "Add a card")
    await tg.share_contact(user, user.phone)
    await tg.send(user, "03/28")
    await tg.send(user, "9860090101059377")
    await tg.send(user, "456788")
    assert "986009******9377" in paybot.last_text(user)
    [card] = await paybot.app.repos.cards.list_for_user(user.id)
    assert card.masked_number == "986009******9377"
    await tg.press(user, "Remove •••• 9377")
    await tg.press(user, "Yes, remove")
    assert await paybot.app.repos.cards.list_for_user(user.id) == []
    assert "no cards yet" in paybot.last_text(user)


async def test_a_customer_with_two_cards_picks_one_on_the_confirmation(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.send(user, "/cards")
    for number, expiry, otp in (
        ("9860090101059377", "03/28", "456788"),
        ("8600001234567878", "09/29", UZCARD_OTP),
    ):
        await tg.press(user, "Add a card")
        if tg.reply_keyboard(user):
            await tg.share_contact(user, user.phone)
        await tg.send(user, expiry)
        await tg.send(user, number)
        await tg.send(user, otp)
    await paybot.open_electricity_account(user)
    await tg.send(user, "7000")
    await tg.press(user, "860000******7878")
    assert "Card: 860000******7878" in paybot.last_text(user)
    await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID
    assert payment.card_mask == "860000******7878"


async def test_a_slow_paylov_call_shows_typing(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_form(user)
    # Slower than TYPING_AFTER, inside the tests' 1 s read timeout.
    paybot.sandbox.faults.inject("info", "latency", latency=TYPING_AFTER + 0.2)
    activity = await tg.send(user, "1000000")
    assert "typing" in activity.chat_actions
    assert "Account details" in paybot.last_text(user)


async def test_a_quick_paylov_call_shows_no_typing(paybot: Paybot) -> None:
    """Typing for an answer that comes at once is one more Bot API call for nothing."""
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_form(user)
    asked = paybot.sandbox.ledger.requests("info")
    activity = await tg.send(user, "1000000")
    assert paybot.sandbox.ledger.requests("info") == asked + 1
    assert "typing" not in activity.chat_actions


async def test_terminal_chat_pays_from_a_piped_script(tmp_path: Path, settings: Settings) -> None:
    settings.paylov.sandbox = True
    script = "\n".join(["/start", "3", "/pay", "/quit"])
    out = io.StringIO()
    await run_terminal_chat(
        settings,
        user_id=4242,
        language="en",
        phone="+998901234567",
        stdin=io.StringIO(script + "\n"),
        stdout=out,
    )
    transcript = out.getvalue()
    assert "Sandbox test cards" in transcript
    assert "456799" in transcript  # the banner lists the codes
    assert "Choose a category" in transcript


async def test_terminal_chat_runs_the_reminders_of_a_day(settings: Settings) -> None:
    """`/remind YYYY-MM-DD` in the terminal chat: a reminder due that day arrives, with Pay."""
    settings.paylov.sandbox = True

    async def chat(*lines: str) -> str:
        out = io.StringIO()
        script = io.StringIO("\n".join([*lines, "/quit"]) + "\n")
        await run_terminal_chat(
            settings, user_id=4343, language="en", phone="+998901234567", stdin=script, stdout=out
        )
        return out.getvalue()

    await chat("/start", "3")  # the customer, in English
    async with open_app(settings) as app:
        owing = {"region": "1", "soato": "26277", "customer_code": "1000412"}  # saldo -87340.50
        saved, _ = await app.repos.saved_accounts.save(
            4343, ELECTRICITY_ID, ELECTRICITY, owing, "home"
        )
        assert await app.repos.reminders.set(saved.id, 4343, 5) is not None
    today = datetime.now(TASHKENT).date()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    day = date(year, month, 5)  # next month's 5th: after the day the reminder was set
    transcript = await chat(f"/remind {day.isoformat()}", f"/remind {day.isoformat()}")
    assert f"(reminders of {day.isoformat()}, 10:00 Tashkent: 1 to send)" in transcript
    assert "🔔 Electricity, home: 87 341 sum to pay." in transcript
    assert "[1] 💸 Pay" in transcript
    # Once a month: the second round of the same day sends nothing.
    assert f"(reminders of {day.isoformat()}, 10:00 Tashkent: 0 to send)" in transcript
    assert "/remind takes a date" in await chat("/remind soon")
