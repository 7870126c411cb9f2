"""The receipt card's texts, caption and button, in each language; and where the button is."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n.cores import FluentRuntimeCore

from bot.payments.form import LabelledValue
from bot.storage.models import PaymentStatus
from bot.telegram.callbacks import ReceiptCardCb
from bot.telegram.i18n import LANGUAGES, LOCALES_PATH
from bot.telegram.outbox import LocaleTexts
from bot.telegram.screens import Screen, history, notices
from bot.telegram.screens.receipt_card import BotName, caption, receipt_card
from tests.telegram.test_screens import _payment

CARD_DATA = ReceiptCardCb(arg=7).pack()
BOT = BotName("PayBot", "paybot_test_bot")


@pytest.fixture
async def core() -> AsyncIterator[FluentRuntimeCore]:
    core = FluentRuntimeCore(path=LOCALES_PATH / "{locale}", default_locale="en")
    await core.startup()
    yield core


def _data(screen: Screen) -> list[str]:
    assert isinstance(screen.markup, InlineKeyboardMarkup)
    return [b.callback_data or "" for row in screen.markup.inline_keyboard for b in row]


EXPECTED = {
    "en": ("Payment receipt", "Service", "15 000 sum", "Paid through PayBot · @paybot_test_bot"),
    "ru": (
        "Квитанция об оплате",
        "Услуга",
        "15 000 сум",
        "Оплачено через PayBot · @paybot_test_bot",
    ),
    "uz": (
        "To‘lov kvitansiyasi",
        "Xizmat",
        "15 000 so‘m",
        "PayBot · @paybot_test_bot orqali to‘langan",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_card_in_each_language(core: FluentRuntimeCore, language: str) -> None:
    texts = LocaleTexts(core, language)
    payment = _payment(epos_merchant="90510020873", epos_terminal="92902804")
    account = [LabelledValue("Лицевой счёт", "1000000")]
    card = receipt_card(texts, payment, account, BOT)
    title, service, amount, footer = EXPECTED[language]
    assert (card.brand, card.title, card.amount, card.footer) == ("PayBot", title, amount, footer)
    assert card.test_mode is None
    values = [(line.label, line.value) for line in card.lines]
    assert values[:2] == [(service, "Electricity <Tashkent>"), ("Лицевой счёт", "1000000")]
    shown = [value for _, value in values]
    # Paylov's payedAt is Tashkent wall time; shown as history shows times.
    for fact in ("8600 **** **** 0001", "02.12.2026 12:00", "ref-1", "tx-1", "92902804"):
        assert fact in shown
    assert "90510020873" in shown
    # The caption is HTML: the service name is escaped.
    assert "Electricity &lt;Tashkent&gt;" in caption(texts, payment)


def test_facts_paylov_did_not_give_are_left_out(core: FluentRuntimeCore) -> None:
    texts = LocaleTexts(core, "en")
    payment = _payment(payment_ref=None, epos_merchant=None, epos_terminal=None)
    card = receipt_card(texts, payment, [], BotName("PayBot"), test_mode=True)
    labels = [line.label for line in card.lines]
    assert labels == ["Service", "Account", "Card", "Paid at (Tashkent)", "Transaction"]
    assert card.lines[1].value == "1000000"  # no field titles: the account's label
    assert card.footer == "Paid through PayBot"
    assert card.test_mode == "TEST MODE · not a real payment"


def test_the_button_is_under_the_receipt_and_a_paid_payment_in_history(
    core: FluentRuntimeCore,
) -> None:
    texts = LocaleTexts(core, "en")
    paid = _payment()
    assert CARD_DATA in _data(notices.receipt(texts, paid, [], saveable=True))
    assert CARD_DATA in _data(notices.receipt(texts, paid, [], saveable=False))
    assert CARD_DATA in _data(history.payment_details(texts, paid, None, saveable=False))
    for status in set(PaymentStatus) - {PaymentStatus.PAID}:
        screen = history.payment_details(texts, _payment(status), None, saveable=False)
        assert CARD_DATA not in _data(screen), status
