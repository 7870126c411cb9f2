"""The main path in each of the three languages, with labels taken from the locale files."""

from __future__ import annotations

import re

import pytest

from bot.storage.models import PaymentStatus
from tests.conversation.conftest import (
    ADMIN_ID,
    ELECTRICITY_IN,
    UTILITIES_IN,
    UZCARD,
    UZCARD_EXPIRY,
    UZCARD_OTP,
    Paybot,
)

LANGUAGE_BUTTONS = {"uz": "O'zbekcha", "ru": "Русский", "en": "English"}


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize("language", ["uz", "ru", "en"])
async def test_pay_electricity_in_each_language(paybot: Paybot, language: str) -> None:
    tg, user = paybot.tg, paybot.user(language="en")
    core = paybot.app.i18n.core

    def text(key: str, **kwargs: object) -> str:
        return core.get(key, language, **kwargs)

    await paybot.begin(user, LANGUAGE_BUTTONS[language])
    assert text("menu-title") in paybot.last_text(user)
    await tg.press(user, text("menu-pay"))
    assert text("pay-choose-category") in paybot.last_text(user)
    await tg.press(user, UTILITIES_IN[language])
    await tg.press(user, ELECTRICITY_IN[language])
    await tg.press(user, "г. Ташкент")
    await tg.press(user, "26290 - Яшнабадский ЭСП")
    await tg.send(user, "1000000")
    await tg.send(user, "12 500")
    await tg.share_contact(user, user.phone)
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, UZCARD)
    await tg.send(user, UZCARD_OTP)
    await tg.press(user, text("btn-confirm"))
    await tg.send(user, UZCARD_OTP)
    receipt = paybot.last_text(user)
    heading = (
        _plain(
            text(
                "receipt",
                service="",
                account="",
                amount="",
                reference="",
                paid_at="",
                transaction="",
                card="",
            )
        )
        .strip()
        .splitlines()[0]
    )
    assert heading in receipt
    assert "12 500" in receipt
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID
    if language != "en":
        assert "Payment successful" not in receipt


async def test_the_command_menu_follows_the_language_chosen_in_the_bot(paybot: Paybot) -> None:
    tg, core = paybot.tg, paybot.app.i18n.core
    customer = paybot.user(language="en")
    await paybot.begin(customer, LANGUAGE_BUTTONS["ru"])
    menu = {command.command: command.description for command in tg.commands(customer)}
    assert menu["pay"] == core.get("cmd-pay", "ru")
    assert "tx" not in menu

    admin = paybot.user(ADMIN_ID, language="ru")  # a Russian Telegram app
    await paybot.begin(admin, LANGUAGE_BUTTONS["uz"])
    menu = {command.command: command.description for command in tg.commands(admin)}
    assert menu["pay"] == core.get("cmd-pay", "uz") and menu["tx"] == core.get("cmd-tx", "uz")
