"""The main screen and the receipt (issue 12): saved accounts on the main screen with what each
owes (a fresh `info`, kept briefly, never holding the menu up), one tap into the account's
preview; "Pay again" on the receipt itself; a new customer's first main screen saying what the
bot does, with the support contact and the terms from settings. Real dispatcher, the sandbox
over HTTP, a SQLite file; labels from the locale files, in all three languages."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.config import Settings
from bot.devtools.standin import FakeUser
from bot.storage.models import PaymentStatus
from bot.storage.types import utc_now
from bot.telegram.states import Pay
from bot.telegram.views import money
from tests.conversation.conftest import (
    ELECTRICITY_IN,
    MENU_PAY,
    TASHKENT,
    UTILITIES_IN,
    UZCARD_OTP,
    Paybot,
    make_settings,
)
from tests.conversation.test_round_trips import NAVIGATION_ROUND_TRIPS, _quiet, statements_on

LANGUAGES = ["uz", "ru", "en"]
LANGUAGE_BUTTONS = {"uz": "O'zbekcha", "ru": "Русский", "en": "English"}
YUNUSOBOD = "26277 - Юнусабадский ЭСП"
DEBT_ACCOUNT = "1000412"  # saldo -87340.50: 87 341 sum owed
OWED = 87_341
SUPPORT = "@paybot_help"
TERMS = "https://paybot.example/terms"
# The main screen reads the saved accounts, and (only when it keeps an answer) whether a
# payment of theirs changed since: beyond a navigation update's read and write.
HOME_ROUND_TRIPS = NAVIGATION_ROUND_TRIPS + 2

Texts = Callable[..., str]


@pytest.fixture
def settings(database_url: str) -> Settings:
    settings = make_settings(database_url)
    settings.payments.repeat_guard = 0.0  # paying the same account twice is the point here
    settings.telegram.support_contact = SUPPORT
    settings.telegram.terms_url = TERMS
    # Paylov answers well within this on any machine; the slow test sets its own. The client
    # waits long too, so only the main screen's own deadline can cut a slow `info` short.
    settings.payments.menu_debt_timeout = 30.0
    settings.paylov.read_timeout = 60.0
    return settings


def texts_of(paybot: Paybot, language: str) -> Texts:
    core = paybot.app.i18n.core

    def text(key: str, **kwargs: object) -> str:
        return re.sub(r"<[^>]+>", "", core.get(key, language, **kwargs))

    return text


def buttons(paybot: Paybot, user: FakeUser) -> list[str]:
    return [label for row in paybot.tg.buttons(paybot.tg.last_bot_message(user)) for label in row]


async def state_of(paybot: Paybot, user: FakeUser) -> str | None:
    context = paybot.app.dispatcher.fsm.get_context(paybot.tg.bot, user.id, user.id)
    return await context.get_state()


async def pay_and_save_debt_account(
    paybot: Paybot, user: FakeUser, text: Texts, language: str
) -> tuple[str, int]:
    """The indebted electricity account paid (its debt in one tap) and saved under the
    suggested name: that name, and the receipt's message id."""
    tg = paybot.tg
    await tg.press(user, text("menu-pay"))
    await tg.press(user, UTILITIES_IN[language])
    await tg.press(user, ELECTRICITY_IN[language])
    await tg.press(user, TASHKENT)
    await tg.press(user, YUNUSOBOD)
    await tg.send(user, DEBT_ACCOUNT)
    await tg.press(user, text("taps-btn-pay-owed", amount=money(OWED)))
    await paybot.add_card_in_flow(user)
    await tg.press(user, text("btn-confirm"))
    await tg.send(user, UZCARD_OTP)
    receipt = tg.last_bot_message(user)
    assert receipt is not None and text("btn-save-account") in buttons(paybot, user)
    name = f"{ELECTRICITY_IN[language]} {DEBT_ACCOUNT}"
    await tg.press(user, text("btn-save-account"))
    await tg.press(user, f"✅ {name}")
    return name, receipt.message_id


# --- saved accounts on the main screen ------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_main_screen_shows_saved_accounts_with_their_debt_one_tap_to_pay(
    paybot: Paybot, language: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user, LANGUAGE_BUTTONS[language])
    text = texts_of(paybot, language)
    name, _ = await pay_and_save_debt_account(paybot, user, text, language)

    infos = paybot.sandbox.ledger.requests("info")
    await tg.send(user, "/menu")
    home = paybot.last_text(user)
    assert paybot.sandbox.ledger.requests("info") == infos + 1  # asked afresh
    assert text("home-accounts-title") in home
    assert text("home-account-owed", name=name, amount=money(OWED)) in home
    assert text("home-debts-later") not in home
    pay_owed = text("home-btn-pay-owed", name=name, amount=money(OWED))
    assert buttons(paybot, user)[0] == pay_owed
    assert text("menu-pay") in buttons(paybot, user)  # the menu's own buttons stay

    # One tap: the account's fresh preview, the debt offered; the main screen becomes it.
    home_id = tg.last_bot_message(user).message_id  # type: ignore[union-attr]
    start = len(tg.updates)
    await tg.press(user, pay_owed)
    assert tg.last_bot_message(user).message_id == home_id  # type: ignore[union-attr]
    assert await state_of(paybot, user) == Pay.amount.state
    await tg.press(user, text("taps-btn-pay-owed", amount=money(OWED)))
    await tg.press(user, text("btn-confirm"))
    await tg.send(user, UZCARD_OTP)
    assert len(tg.updates) - start == 4  # from the main screen: account, owed, confirm, code
    second, first = await paybot.payments(user)
    assert first.status == second.status == PaymentStatus.PAID
    assert second.amount == OWED and second.saved_account_id is not None


async def test_the_debt_is_kept_briefly_and_asked_again_after_a_payment(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    text = texts_of(paybot, "en")
    name, _ = await pay_and_save_debt_account(paybot, user, text, "en")
    ledger = paybot.sandbox.ledger

    await tg.send(user, "/menu")
    infos = ledger.requests("info")
    await tg.send(user, "/menu")  # within the TTL: kept, Paylov not asked
    assert ledger.requests("info") == infos
    assert text("home-account-owed", name=name, amount=money(OWED)) in paybot.last_text(user)

    # A payment of the account: the kept answer is no longer the truth, the receipt's Menu asks.
    await tg.press(user, text("home-btn-pay-owed", name=name, amount=money(OWED)))
    await tg.press(user, text("taps-btn-pay-owed", amount=money(OWED)))
    await tg.press(user, text("btn-confirm"))
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    infos = ledger.requests("info")
    await tg.press(user, text("btn-menu"))
    assert ledger.requests("info") == infos + 1

    # And once the TTL is over, asked again too.
    debts = paybot.app.dispatcher["debts"]
    later = utc_now() + timedelta(seconds=paybot.app.settings.payments.menu_debt_ttl + 1)
    debts._clock = lambda: later
    await tg.send(user, "/menu")
    assert ledger.requests("info") == infos + 2


async def test_a_slow_paylov_never_holds_the_main_screen_up(
    paybot: Paybot, settings: Settings
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    text = texts_of(paybot, "en")
    name, _ = await pay_and_save_debt_account(paybot, user, text, "en")

    # `info` hangs far longer than the main screen waits (and than the client's own timeout).
    paybot.app.dispatcher["debts"]._timeout = 0.2
    paybot.sandbox.faults.inject("info", "latency", latency=120.0, times=None)
    began = time.monotonic()
    activity = await tg.send(user, "/menu")
    took = time.monotonic() - began
    assert activity.handled
    assert took < 30.0, took  # neither the 120 s `info` nor the client's 60 s were waited for
    home = paybot.last_text(user)
    assert text("home-debts-later") in home
    assert text("home-account", name=name) in home
    assert text("home-account-owed", name=name, amount=money(OWED)) not in home
    assert text("home-btn-pay", name=name) in buttons(paybot, user)

    # Tapping Menu again at once does not pile another call on the slow Paylov.
    infos = paybot.sandbox.ledger.requests("info")
    await tg.send(user, "/menu")
    assert paybot.sandbox.ledger.requests("info") == infos
    paybot.sandbox.faults.clear("info")


async def test_no_saved_accounts_no_paylov_call_and_round_trips_bounded(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await _quiet(paybot)
    infos = paybot.sandbox.ledger.requests("info")
    async with statements_on(paybot.app.database) as sent:
        await tg.send(user, "/menu")
    assert paybot.sandbox.ledger.requests("info") == infos
    assert len(sent) <= HOME_ROUND_TRIPS, sent
    assert "Your accounts" not in paybot.last_text(user)


async def test_the_main_screen_with_kept_debts_costs_few_round_trips(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    text = texts_of(paybot, "en")
    await pay_and_save_debt_account(paybot, user, text, "en")
    await tg.send(user, "/menu")  # the debt kept from here on
    await _quiet(paybot)
    async with statements_on(paybot.app.database) as sent:
        await tg.send(user, "/menu")
    assert len(sent) <= HOME_ROUND_TRIPS, sent
    # A navigation press after it is still one read and one write.
    async with statements_on(paybot.app.database) as sent:
        await tg.press(user, MENU_PAY)
    assert len(sent) <= NAVIGATION_ROUND_TRIPS, sent


# --- "Pay again" on the receipt -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
async def test_pay_again_on_the_receipt_keeps_the_receipt(paybot: Paybot, language: str) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user, LANGUAGE_BUTTONS[language])
    text = texts_of(paybot, language)
    _, receipt_id = await pay_and_save_debt_account(paybot, user, text, language)
    await tg.send(user, "/history")
    await tg.send(user, "/menu")
    # Back to the receipt, further up the chat.
    [payment] = await paybot.payments(user)
    receipt = tg.session.chat(user.id).find(receipt_id)
    assert receipt is not None
    before = receipt.plain
    infos = paybot.sandbox.ledger.requests("info")
    await tg.press(user, text("btn-pay-again"), message_id=receipt.message_id)
    assert paybot.sandbox.ledger.requests("info") == infos + 1  # a fresh preview
    preview = tg.last_bot_message(user)
    assert preview is not None and preview.message_id != receipt.message_id
    assert await state_of(paybot, user) == Pay.amount.state
    assert receipt.plain == before  # the receipt is still the receipt, buttons and all
    assert text("btn-pay-again") in [b for row in tg.buttons(receipt) for b in row]
    await tg.send(user, "1 000")
    await tg.press(user, text("btn-confirm"))
    await tg.send(user, UZCARD_OTP)
    second, _ = await paybot.payments(user)
    assert second.status == PaymentStatus.PAID and second.amount == 1_000
    assert second.saved_account_id is not None  # the account is saved: linked to it
    assert (second.service_id, second.account) == (payment.service_id, payment.account)


# --- the first /start -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_first_start_says_what_the_bot_does_and_whom_to_ask(
    paybot: Paybot, language: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user, LANGUAGE_BUTTONS[language])
    text = texts_of(paybot, language)
    first = paybot.last_text(user)
    intro = text("home-intro")
    assert intro in first and len(intro.strip().splitlines()) == 2
    assert text("home-support", contact=SUPPORT) in first
    assert text("home-terms", url=TERMS) in first
    assert text("menu-title") in first

    await tg.send(user, "/help")
    assert text("home-support", contact=SUPPORT) in paybot.last_text(user)
    # Once is enough: a later /start, or another language, greets without it.
    await tg.send(user, "/start")
    assert intro not in paybot.last_text(user)
    await tg.send(user, "/language")
    await tg.press(user, LANGUAGE_BUTTONS["en" if language != "en" else "ru"])
    assert "👋" not in paybot.last_text(user)


async def test_without_the_settings_no_support_or_terms_line(
    paybot: Paybot, settings: Settings
) -> None:
    settings.telegram.support_contact = None
    settings.telegram.terms_url = None
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    text = texts_of(paybot, "en")
    first = paybot.last_text(user)
    assert text("home-intro") in first
    assert "Support:" not in first and "Terms of service" not in first
    await tg.send(user, "/help")
    assert "Support:" not in paybot.last_text(user)
