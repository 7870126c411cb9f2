"""Input nobody planned for: other digits, decimal commas, photos instead of text, groups, odd
catalogue values (an apostrophe or an ampersand in a label, no maximum amount, no length)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.devtools.standin import FakeGroup, FakeUser
from bot.paylov.sandbox import PaylovSandbox
from bot.paylov.sandbox.catalogue import BUNDLED_CATALOGUE
from bot.telegram.callbacks import MenuCb, PayCb
from bot.telegram.context import TYPING_AFTER
from bot.telegram.states import AddCard, Pay
from tests.conversation.conftest import (
    ELECTRICITY_ACCOUNT,
    UZCARD,
    UZCARD_EXPIRY,
    UZCARD_OTP,
    Paybot,
    press_data,
)

# A category and a service added to the sandbox's own catalogue for these tests.
ODD_CATEGORY = "Farg'ona & Co"
ODD_SERVICE = "A & B's water"
ODD_SERVICE_ID = "0dd0dd00-0000-4000-8000-000000000001"
ODD_REGION = "Farg'ona"
ODD_OTHER_REGION = "Qo'qon & Marg'ilon"
TYPE_AS_MESSAGE = "Please type it as a text message."
CODE_AS_MESSAGE = "Please type the code from the SMS as a text message."
OTHER_CHARACTERS = "⚠️ The code is digits only, and what you typed has other characters."
PRIVATE_ONLY = "I work in a private chat only. Open @paybot_test_bot"


def _odd_catalogue() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))
    data["categories"].append({"id": 99, "name": ODD_CATEGORY})
    data["services"].append(
        {
            "service_id": ODD_SERVICE_ID,
            "name": ODD_SERVICE,
            "category": 99,
            "amount": {"min": 500, "max": 0},  # Paylov's way of saying "no maximum"
            "has_info_method": False,
            "fields": [
                {
                    "field_id": "901",
                    "name": "region",
                    "title": "Region",
                    "type": "select",
                    "values": [
                        {"id": 1, "value": "fg", "title": ODD_REGION},
                        {"id": 2, "value": "qq", "title": ODD_OTHER_REGION},
                    ],
                },
                # No length and no validation: a free text field.
                {"field_id": "902", "name": "note", "title": "Note", "type": "text"},
            ],
        }
    )
    return data


@pytest.fixture
async def sandbox() -> AsyncIterator[PaylovSandbox]:
    """The bundled catalogue plus the odd service (overrides conftest's `sandbox`)."""
    sandbox = PaylovSandbox(catalogue=_odd_catalogue(), hang_seconds=3.0)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


async def _state(paybot: Paybot, user: FakeUser, chat_id: int | None = None) -> str | None:
    context = paybot.app.dispatcher.fsm.get_context(paybot.tg.bot, chat_id or user.id, user.id)
    return await context.get_state()


async def _to_amount(paybot: Paybot, user: FakeUser) -> None:
    await paybot.begin(user)
    await paybot.open_electricity_account(user)


async def _to_card_steps(paybot: Paybot, user: FakeUser, amount: str = "50 000") -> None:
    await _to_amount(paybot, user)
    await paybot.tg.send(user, amount)
    await paybot.tg.share_contact(user, user.phone)
    assert await _state(paybot, user) == AddCard.expiry.state


async def _to_odd_service_text_field(paybot: Paybot, user: FakeUser) -> None:
    """Pay → the odd category → service → region, by callback data (independent of the labels)."""
    tg = paybot.tg
    await paybot.begin(user)
    await tg.press(user, "Pay")
    for data in (
        PayCb(action="cat", arg="99"),
        PayCb(action="svc", arg=ODD_SERVICE_ID),
        PayCb(action="opt", arg="1"),
    ):
        screen = tg.last_bot_message(user)
        assert screen is not None
        await press_data(tg, user, screen.message_id, data.pack())
    assert await _state(paybot, user) == Pay.text_field.state


def _user_message_deleted(activity: Any) -> bool:
    return any(not message.from_bot for message in activity.deleted)


# --- 1. digits are ASCII 0-9 -------------------------------------------------------------------


async def test_superscript_digits_in_the_amount_get_the_not_a_number_answer(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_amount(paybot, user)
    await tg.send(user, "50²")
    assert "That is not an amount" in paybot.last_text(user)
    assert await _state(paybot, user) == Pay.amount.state


async def test_superscript_digits_in_a_number_field_are_refused(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_form(user)
    await tg.send(user, "²²²")
    assert "must contain digits only" in paybot.last_text(user)  # on the prompt itself
    assert await _state(paybot, user) == Pay.text_field.state


async def test_other_digits_in_card_number_and_expiry_are_explained(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    await tg.send(user, "٠٩/٢٩")  # Arabic-Indic digits: \d and int() take them, banks do not
    assert "as MM/YY" in paybot.last_text(user)
    assert await _state(paybot, user) == AddCard.expiry.state
    await tg.send(user, UZCARD_EXPIRY)
    # With the Luhn check on (the default), this crashed in int("²").
    activity = await tg.send(user, "860000123456787²")
    assert _user_message_deleted(activity)
    assert "A card number has 16 digits" in paybot.last_text(user)
    assert await _state(paybot, user) == AddCard.number.state


async def test_a_binding_code_in_other_digits_is_not_sent_to_paylov(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, UZCARD)
    asked = paybot.sandbox.ledger.requests_snapshot()
    activity = await tg.send(user, "²²²²²²")
    assert _user_message_deleted(activity)
    assert activity.last.plain.startswith(OTHER_CHARACTERS)
    assert not activity.sent  # on the code prompt, in place
    assert paybot.sandbox.ledger.requests_snapshot() == asked  # Paylov was not asked
    assert await _state(paybot, user) == AddCard.code.state
    await tg.send(user, UZCARD_OTP)
    assert "Card 860000******7878 added" in "\n".join(tg.bot_texts(user))


async def test_a_payment_code_in_other_digits_is_not_sent_to_paylov(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    await paybot.add_card_in_flow(user)
    await tg.press(user, "Confirm and pay")
    activity = await tg.send(user, "²²²²²²")
    assert activity.last.plain.startswith(OTHER_CHARACTERS)
    assert not activity.sent  # on the code prompt, in place
    assert "Wrong code" not in activity.last.plain
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)


# --- 2. decimal commas ---------------------------------------------------------------------------


async def test_a_decimal_comma_with_zeros_is_the_whole_sum(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user, amount="500,00")  # was read as 50 000
    await paybot.add_card_in_flow(user)
    confirm = paybot.last_text(user)
    assert "Amount: 500 sum" in confirm
    await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)
    [payment] = await paybot.payments(user)
    assert payment.amount == 500


async def test_tiyin_get_a_whole_sum_only_answer(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_amount(paybot, user)
    await tg.send(user, "500,50")
    assert "Payments are in whole sum, without tiyin" in paybot.last_text(user)
    assert await _state(paybot, user) == Pay.amount.state
    await tg.send(user, "50.000")
    assert tg.reply_keyboard(user) is not None  # fifty thousand was taken: on to the card


# --- 3. not text where text is expected ---------------------------------------------------------


async def test_a_photo_instead_of_the_card_number_is_deleted_and_the_question_asked_again(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    await tg.send(user, UZCARD_EXPIRY)
    activity = await tg.send_media(user, "photo", caption=UZCARD)
    assert _user_message_deleted(activity)
    assert not any(UZCARD in text for text in tg.bot_texts(user) + activity.texts)
    question = paybot.last_text(user)
    assert TYPE_AS_MESSAGE in question and "16-digit card number" in question
    assert "did not understand" not in "\n".join(activity.texts)
    assert await _state(paybot, user) == AddCard.number.state
    await tg.send(user, UZCARD)  # the expiry was kept through the photo
    assert "sent a code" in paybot.last_text(user)


async def test_not_text_at_expiry_and_code_steps_is_deleted_and_asked_again(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    activity = await tg.send_media(user, "sticker")
    assert _user_message_deleted(activity)
    question = paybot.last_text(user)
    assert TYPE_AS_MESSAGE in question and "expiry date" in question
    assert await _state(paybot, user) == AddCard.expiry.state
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, UZCARD)
    activity = await tg.send_media(user, "document", caption=UZCARD_OTP)
    assert _user_message_deleted(activity)
    assert activity.last.plain.startswith(f"⚠️ {CODE_AS_MESSAGE}\n\n")
    assert await _state(paybot, user) == AddCard.code.state
    await tg.send(user, UZCARD_OTP)
    assert await _state(paybot, user) == Pay.confirm.state


async def test_not_text_at_the_payment_code_is_deleted_and_the_code_still_pays(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    await paybot.add_card_in_flow(user)
    await tg.press(user, "Confirm and pay")
    activity = await tg.send_media(user, "photo", caption=UZCARD_OTP)
    assert _user_message_deleted(activity)
    assert activity.last.plain.startswith(f"⚠️ {CODE_AS_MESSAGE}\n\n")
    assert await _state(paybot, user) == Pay.code.state
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)


@pytest.mark.parametrize("kind", ["voice", "location", "contact"])
async def test_not_text_at_a_text_field_asks_the_field_again(paybot: Paybot, kind: str) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_form(user)
    before = paybot.last_text(user)
    if kind == "contact":
        activity = await tg.share_contact(user)
    else:
        activity = await tg.send_media(user, kind)
    assert not _user_message_deleted(activity)  # an account number is no secret
    # the note, then the same question again
    assert [m.plain for m in activity.sent] == [f"⚠️ {TYPE_AS_MESSAGE}", before]
    assert await _state(paybot, user) == Pay.text_field.state
    await tg.send(user, ELECTRICITY_ACCOUNT)
    assert await _state(paybot, user) == Pay.amount.state  # the preview, asking for the amount


async def test_not_text_at_the_amount_asks_the_amount_again(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_amount(paybot, user)
    await tg.send_media(user, "video", caption="50 000")
    text = paybot.last_text(user)
    assert TYPE_AS_MESSAGE in text and "Type the amount in sum" in text
    assert await _state(paybot, user) == Pay.amount.state


async def test_not_text_at_a_button_step_gets_use_the_buttons(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "Pay")
    activity = await tg.send_media(user, "sticker")
    assert activity.last.plain == "Please choose one of the buttons above, or /cancel."
    assert await _state(paybot, user) == Pay.category.state


# --- 4, 5, 7. odd catalogue values ---------------------------------------------------------------


async def test_button_labels_are_shown_as_paylov_wrote_them(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "Pay")
    labels = [label for row in tg.buttons(tg.last_bot_message(user)) for label in row]
    assert ODD_CATEGORY in labels  # not "Farg&#x27;ona &amp; Co"
    await tg.press(user, ODD_CATEGORY)
    assert f"{ODD_CATEGORY}: choose a service" in paybot.last_text(user)  # text still escaped
    await tg.press(user, ODD_SERVICE)
    labels = [label for row in tg.buttons(tg.last_bot_message(user)) for label in row]
    assert ODD_REGION in labels and ODD_OTHER_REGION in labels
    assert paybot.last_text(user).startswith(f"🏷 {ODD_SERVICE}")


async def test_a_service_without_maximum_shows_and_checks_only_the_minimum(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_odd_service_text_field(paybot, user)
    await tg.send(user, "flat 4")
    prompt = paybot.last_text(user)
    assert "From 500 sum." in prompt and " to 0" not in prompt
    await tg.send(user, "100")
    assert "The amount must be at least 500 sum." in paybot.last_text(user)
    await tg.send(user, "10 000 000")
    assert tg.reply_keyboard(user) is not None  # taken: on to the card


async def test_a_free_text_field_holds_at_most_64_characters(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_odd_service_text_field(paybot, user)
    await tg.send(user, "x" * 4000)
    assert "Note must be at most 64 characters long" in paybot.last_text(
        user
    )  # on the prompt itself
    assert await _state(paybot, user) == Pay.text_field.state
    await tg.send(user, "x" * 64)
    assert await _state(paybot, user) == Pay.amount.state


# --- 6. private chats only -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["group", "supergroup"])
async def test_a_command_in_a_group_gets_one_pointer_to_the_private_chat(
    paybot: Paybot, kind: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    group = FakeGroup(id=-1_000_123, type=kind)
    await paybot.begin(user)
    private_before = len(tg.chat(user).messages)
    for command in ("/pay", "/pay@paybot_test_bot", "/start"):
        activity = await tg.send_in_group(user, group, command)
        [answer] = activity.sent
        assert answer.chat_id == group.id
        assert answer.plain.startswith(PRIVATE_ONLY)
        assert answer.inline_keyboard is None
    assert len(tg.chat(user).messages) == private_before  # no screen in the private chat
    assert await _state(paybot, user) is None
    assert await _state(paybot, user, group.id) is None
    # A command for another bot, and plain text, get nothing.
    assert (await tg.send_in_group(user, group, "/pay@another_bot")).events == ()
    assert (await tg.send_in_group(user, group, "hello")).events == ()


async def test_a_card_number_typed_in_a_group_is_never_read(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    group = FakeGroup(id=-1_000_124)
    await paybot.begin(user)
    # Even with a card step open for this user in that group (as an older version left it).
    context = paybot.app.dispatcher.fsm.get_context(tg.bot, group.id, user.id)
    await context.set_state(AddCard.number)
    activity = await tg.send_in_group(user, group, UZCARD)
    assert activity.events == ()
    assert not activity.handled


async def test_a_button_on_a_group_message_is_no_longer_active(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    group = FakeGroup(id=-1_000_125, type="supergroup")
    await paybot.begin(user)
    # A menu an older version posted in the group.
    pay = InlineKeyboardButton(text="💸 Pay", callback_data=MenuCb(action="pay").pack())
    await tg.bot.send_message(
        group.id,
        "What would you like to do?",
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[pay]]),
    )
    private_before = len(tg.chat(user).messages)
    activity = await tg.press(user, "Pay", group=group)
    [answer] = activity.callback_answers
    assert answer.text == "This button is no longer active." and answer.show_alert
    assert activity.messages == []
    assert len(tg.chat(user).messages) == private_before
    assert await _state(paybot, user, group.id) is None


async def test_a_command_posted_in_a_channel_gets_the_pointer(paybot: Paybot) -> None:
    tg = paybot.tg
    channel = FakeGroup(id=-1_000_126, title="News", type="channel")
    activity = await tg.post_in_channel(channel, "/pay")
    [answer] = activity.sent
    # No user to take a language from: the default one, Uzbek.
    assert answer.chat_id == channel.id
    assert answer.plain.startswith("Men faqat shaxsiy chatda ishlayman. @paybot_test_bot")
    assert (await tg.post_in_channel(channel, "Today's news")).events == ()


# --- 9. typing while Paylov binds the card -------------------------------------------------------


async def test_card_binding_shows_typing_while_paylov_is_slow(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    # Slower than TYPING_AFTER, inside the tests' 1 s read timeout.
    for endpoint in ("create_user_card", "confirm_user_card"):
        paybot.sandbox.faults.inject(endpoint, "latency", latency=TYPING_AFTER + 0.2)
    assert "typing" not in (await tg.send(user, UZCARD_EXPIRY)).chat_actions  # kept, not sent
    assert "typing" in (await tg.send(user, UZCARD)).chat_actions
    assert "typing" in (await tg.send(user, UZCARD_OTP)).chat_actions
