"""The catalogue in the customer's language, and SMS-code prompts that name what the code
authorises, in all three languages: real dispatcher, sandbox over HTTP, SQLite file."""

from __future__ import annotations

import pytest

from tests.conversation.conftest import (
    ELECTRICITY_IN,
    UTILITIES_IN,
    UZCARD,
    UZCARD_EXPIRY,
    UZCARD_OTP,
    Paybot,
)

LANGUAGE_BUTTONS = {"uz": "O'zbekcha", "ru": "Русский", "en": "English"}
# (preview title of `saldo`, of `fio`; the payment's purpose; the binding's purpose)
EXPECTED = {
    "en": (
        "Balance",
        "Full name",
        "confirms paying 12 500 sum to Electricity for 1000000 with card ·7878",
        "links card ·7878 to this bot",
        "never asks for a code outside this step",
    ),
    "ru": (
        "Баланс",
        "ФИО",
        "подтверждает оплату 12 500 сум в Плата за электроэнергию за 1000000 картой ·7878",
        "привязывает карту ·7878 к этому боту",
        "никогда не просит код вне этого шага",
    ),
    "uz": (
        "Balans",
        "F.I.Sh.",
        "Elektr energiyasi xizmatiga 1000000 uchun 12 500 so‘mni ·7878 karta bilan "
        "to‘lashni tasdiqlaydi",
        "·7878 kartani shu botga bog‘laydi",
        "hech qachon kod so‘ramaydi",
    ),
}


@pytest.mark.parametrize("language", ["uz", "ru", "en"])
async def test_catalogue_and_code_prompts_in_each_language(paybot: Paybot, language: str) -> None:
    tg, user = paybot.tg, paybot.user(language="en")
    core = paybot.app.i18n.core
    saldo, fio, pays, links, never = EXPECTED[language]
    await paybot.begin(user, LANGUAGE_BUTTONS[language])
    await tg.press(user, core.get("menu-pay", language))
    labels = [label for row in tg.buttons(tg.last_bot_message(user)) for label in row]
    assert UTILITIES_IN[language] in labels
    await tg.press(user, UTILITIES_IN[language])
    await tg.press(user, ELECTRICITY_IN[language])
    await tg.press(user, "г. Ташкент")
    await tg.press(user, "26290 - Яшнабадский ЭСП")
    await tg.send(user, "1000000")
    preview = paybot.last_text(user)
    assert f"{saldo}: 15105.15" in preview and f"{fio}: " in preview, preview
    await tg.send(user, "12 500")
    await tg.share_contact(user, user.phone)
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, UZCARD)
    binding = paybot.last_text(user)
    assert links in binding and never in binding, binding
    await tg.send(user, "000000")  # a wrong code: asked again, still naming the card
    again = paybot.last_text(user)
    assert links in again and never in again, again
    await tg.send(user, UZCARD_OTP)
    await tg.press(user, core.get("btn-confirm", language))
    prompt = paybot.last_text(user)
    assert pays in prompt and never in prompt, prompt
    await tg.send(user, "000000")
    again = paybot.last_text(user)
    assert pays in again and never in again, again
    assert paybot.sandbox.ledger.total() == 0
