"""The receipt card through the real dispatcher: "Receipt image" under the receipt and under a
paid payment in history sends a PNG with a caption in the customer's language; a button naming
someone else's payment, one not paid, or garbage, sends nothing."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image

import bot.telegram.routers.receipt_card as receipt_card_router
from bot.devtools.chat import ChatMessage
from bot.devtools.standin import Activity, FakeUser
from bot.paylov.sandbox.payments import EPOS_MERCHANT, EPOS_TERMINAL
from bot.payments.receipt_card import ReceiptCard
from bot.storage.models import PaymentStatus
from bot.telegram.callbacks import ReceiptCardCb
from tests.conversation.conftest import (
    ELECTRICITY_ACCOUNT,
    ELECTRICITY_IN,
    TASHKENT,
    UTILITIES_IN,
    UZCARD,
    UZCARD_EXPIRY,
    UZCARD_OTP,
    YASHNOBOD,
    Paybot,
    press_data,
)

LANGUAGE_BUTTONS = {"uz": "O'zbekcha", "ru": "Русский", "en": "English"}
LANGUAGES = list(LANGUAGE_BUTTONS)
STALE = "This button is no longer active."

Text = Callable[..., str]
# The card's first rows as each language's customer reads them (locales/<lang>/catalogue.ftl):
# the service and the account fields in their words, the values (place names) as Paylov gives.
CARD_ROWS = {
    "en": ["Service", "Region", "District (power grid office)", "Personal account"],
    "ru": ["Услуга", "Регион", "Район (ЭСП)", "Лицевой счёт"],
    "uz": ["Xizmat", "Viloyat", "Tuman (elektr tarmoqlari korxonasi)", "Shaxsiy hisob raqami"],
}


def texts_of(paybot: Paybot, language: str) -> Text:
    core = paybot.app.i18n.core

    def text(key: str, **kwargs: object) -> str:
        return core.get(key, language, **kwargs)

    return text


async def pay_in(paybot: Paybot, user: FakeUser, language: str, amount: str = "12 500") -> Text:
    """A whole electricity payment in `language`, a new card bound on the way; returns the
    language's texts. The receipt is the last message."""
    tg, text = paybot.tg, texts_of(paybot, language)
    await paybot.begin(user, LANGUAGE_BUTTONS[language])
    await tg.press(user, text("menu-pay"))
    await tg.press(user, UTILITIES_IN[language])
    await tg.press(user, ELECTRICITY_IN[language])
    await tg.press(user, TASHKENT)
    await tg.press(user, YASHNOBOD)
    await tg.send(user, ELECTRICITY_ACCOUNT)
    await tg.send(user, amount)
    await tg.share_contact(user, user.phone)
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, UZCARD)
    await tg.send(user, UZCARD_OTP)
    await tg.press(user, text("btn-confirm"))
    await tg.send(user, UZCARD_OTP)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID, tg.transcript(user)
    return text


def the_photo(activity: Activity) -> ChatMessage:
    [sent] = activity.sent
    assert sent.photo is not None, activity.summary()
    assert sent.photo.data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(sent.photo.data)) as image:
        image.verify()
        assert image.format == "PNG" and image.size[0] >= 800
    return sent


def drawn_cards(monkeypatch: pytest.MonkeyPatch) -> list[ReceiptCard]:
    """The cards the router draws, as it hands them to the (real) renderer."""
    cards: list[ReceiptCard] = []
    render = receipt_card_router.render_receipt_card

    def spy(card: ReceiptCard) -> bytes:
        cards.append(card)
        return render(card)

    monkeypatch.setattr(receipt_card_router, "render_receipt_card", spy)
    return cards


@pytest.mark.parametrize("language", LANGUAGES)
async def test_receipt_image_from_the_receipt(
    paybot: Paybot, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tg, user = paybot.tg, paybot.user(language="en")
    cards = drawn_cards(monkeypatch)
    text = await pay_in(paybot, user, language)
    receipt = tg.last_bot_message(user)
    assert receipt is not None

    activity = await tg.press(user, text("btn-receipt-card"), message_id=receipt.message_id)

    photo = the_photo(activity)
    assert photo.plain == text(
        "receipt-card-caption", service=ELECTRICITY_IN[language], amount="12 500"
    )
    assert "upload_photo" in activity.chat_actions
    # The card itself speaks the customer's language: the service and the fields' titles.
    [card] = cards
    rows = [(line.label, line.value) for line in card.lines[:4]]
    values = [ELECTRICITY_IN[language], TASHKENT, YASHNOBOD, ELECTRICITY_ACCOUNT]
    assert rows == list(zip(CARD_ROWS[language], values, strict=True)), rows
    # The receipt stays as it was, its buttons live: the image is a message of its own.
    assert activity.edited == [] and activity.deleted == []
    [payment] = await paybot.payments(user)
    # The ids only `pay`'s answer carries were kept for the card.
    assert (payment.epos_merchant, payment.epos_terminal) == (EPOS_MERCHANT, EPOS_TERMINAL)
    # Pressed again: the same card again (nothing about it changes).
    again = the_photo(await tg.press(user, text("btn-receipt-card"), message_id=receipt.message_id))
    assert again.photo is not None and photo.photo is not None
    assert again.photo.data == photo.photo.data


@pytest.mark.parametrize("language", LANGUAGES)
async def test_receipt_image_from_history(paybot: Paybot, language: str) -> None:
    tg, user = paybot.tg, paybot.user(language="en")
    text = await pay_in(paybot, user, language, amount="30 000")
    from_receipt = the_photo(await tg.press(user, text("btn-receipt-card")))

    await tg.send(user, "/history")
    listed = [label for row in tg.buttons(tg.last_bot_message(user)) for label in row]
    [open_button] = [label for label in listed if "30 000" in label]
    await tg.press(user, open_button)
    assert text("btn-receipt-card") in [
        label for row in tg.buttons(tg.last_bot_message(user)) for label in row
    ]
    activity = await tg.press(user, text("btn-receipt-card"))

    photo = the_photo(activity)
    assert photo.plain == text(
        "receipt-card-caption", service=ELECTRICITY_IN[language], amount="30 000"
    )
    # The same payment, the same card, wherever it was asked for.
    assert photo.photo is not None and from_receipt.photo is not None
    assert photo.photo.data == from_receipt.photo.data


async def test_two_payments_two_cards(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    text = await pay_in(paybot, user, "en", amount="12 500")
    first = the_photo(await tg.press(user, text("btn-receipt-card")))
    [payment] = await paybot.payments(user)
    # A second payment of another amount (the repeat guard asks once more).
    await tg.press(user, text("btn-menu"))
    await paybot.open_electricity_account(user)
    await tg.send(user, "40 000")
    await paybot.confirm_again(user)
    await tg.send(user, UZCARD_OTP)
    second = the_photo(await tg.press(user, text("btn-receipt-card")))
    assert first.photo is not None and second.photo is not None
    assert first.photo.data != second.photo.data
    assert len(await paybot.payments(user)) == 2 and payment.amount == 12_500


async def test_another_customers_payment_is_not_found(paybot: Paybot) -> None:
    tg = paybot.tg
    owner, other = paybot.user(5001), paybot.user(5002)
    await pay_in(paybot, owner, "en")
    [payment] = await paybot.payments(owner)
    await paybot.begin(other)
    menu = tg.last_bot_message(other)
    assert menu is not None

    activity = await press_data(tg, other, menu.message_id, ReceiptCardCb(arg=payment.id).pack())

    [answer] = activity.callback_answers
    assert (answer.text, answer.show_alert) == ("Not found.", True), activity.summary()
    assert activity.messages == [] and activity.sent == []


async def test_a_payment_not_paid_has_no_card(paybot: Paybot) -> None:
    """A payment waiting for its code (or failed, cancelled) is no receipt: not found."""
    tg, user = paybot.tg, paybot.user()
    await paybot.to_code_prompt(user)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.CREATED
    screen = tg.last_bot_message(user)
    assert screen is not None

    activity = await press_data(tg, user, screen.message_id, ReceiptCardCb(arg=payment.id).pack())

    [answer] = activity.callback_answers
    assert (answer.text, answer.show_alert) == ("Not found.", True), activity.summary()
    assert activity.sent == []
    # The payment waiting for its code is left as it was: the code still pays it.
    await tg.send(user, UZCARD_OTP)
    [paid] = await paybot.payments(user)
    assert paid.status == PaymentStatus.PAID


@pytest.mark.parametrize("data", ["rcard:abc", "rcard:-1", f"rcard:{2**31}", "rcard:7:8", "rcard"])
async def test_garbled_receipt_card_data_is_a_stale_button(paybot: Paybot, data: str) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    menu = tg.last_bot_message(user)
    assert menu is not None
    activity = await press_data(tg, user, menu.message_id, data)
    [answer] = activity.callback_answers
    assert (answer.text, answer.show_alert) == (STALE, True), activity.summary()
    assert activity.messages == []
