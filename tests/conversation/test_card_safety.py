"""Card safety: a card number typed where none is asked, the phone step's reply keyboard out of
its step, a phone the bank refuses, and codes too short to be codes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aiogram.fsm.context import FSMContext
from aiogram.types import Update
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import PaybotApp, open_app, start_dispatcher, stop_dispatcher
from bot.config import Settings
from bot.devtools.standin import Activity, FakeUser, TelegramStandIn, make_bot
from bot.paylov.sandbox import PaylovSandbox
from bot.paylov.sandbox.catalogue import BUNDLED_CATALOGUE
from bot.payments.cards import (
    contains_card_number,
    is_uzbek_phone,
    luhn_valid,
    normalize_card_number,
)
from bot.payments.codes import code_problem
from bot.storage.models import FsmRecord, PaymentStatus
from bot.telegram.draft import load_draft
from bot.telegram.states import AddCard, Pay
from bot.telegram.steps.card import CARD_LIST_DESTINY
from tests.conftest import sqlite_only
from tests.conversation.conftest import (
    ELECTRICITY_ACCOUNT,
    HUMO,
    UZCARD,
    UZCARD_EXPIRY,
    UZCARD_OTP,
    Paybot,
)

EXPIRY_FIRST = (
    "The message with the card number was deleted. "
    "Type the expiry date first; the card number comes next."
)
CARD_DELETED = (
    "⚠️ For your safety the message with a card number was deleted. "
    "Type a card number only when the bot asks for it."
)
THANK_YOU = "✅ Thank you."
NOT_UNDERSTOOD = "I did not understand"
SHARE_PHONE = "📱 Share my phone number"
CANCEL = "✖️ Cancel"
# The sandbox's card whose bank knows only +998 93 555 00 11 (phone_fixed in catalogue.json).
FIXED_PHONE_CARD = "8600141298765438"
FIXED_PHONE_EXPIRY = "04/30"
FIXED_PHONE_OTP = "456702"
FIXED_PHONE = "+998935550011"
VISA = "4111111111111111"
MASTERCARD = "5555555555554444"
# A child's PINFL (kindergarten fees ask for it) that happens to pass the Luhn check.
LUHN_VALID_PINFL = "50101011234569"


# --- helpers ------------------------------------------------------------------------------------


async def _stored_conversations(paybot: Paybot) -> str:
    """Every row of fsm_states, as stored."""
    async with paybot.app.database.session() as session:
        rows = (await session.scalars(select(FsmRecord))).all()
    assert rows, "a conversation is stored at all"
    return "\n".join(f"{row.key} {row.state} {row.data}" for row in rows)


async def _assert_nowhere_kept(paybot: Paybot, typed: str) -> None:
    stored = await _stored_conversations(paybot)
    assert typed not in stored
    assert normalize_card_number(typed) not in stored


async def _state(paybot: Paybot, user: FakeUser) -> str | None:
    context = paybot.app.dispatcher.fsm.get_context(paybot.tg.bot, user.id, user.id)
    return await context.get_state()


def _user_message_deleted(activity: Activity) -> bool:
    return any(not message.from_bot for message in activity.deleted)


async def _phone(paybot: Paybot, user: FakeUser) -> str | None:
    record = await paybot.app.repos.users.get(user.id)
    assert record is not None
    return record.phone


async def _to_amount(paybot: Paybot, user: FakeUser) -> None:
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    assert await _state(paybot, user) == Pay.amount.state


async def _to_phone_step(paybot: Paybot, user: FakeUser) -> None:
    await _to_amount(paybot, user)
    await paybot.tg.send(user, "50 000")
    assert await _state(paybot, user) == AddCard.phone.state


async def _to_confirm(paybot: Paybot, user: FakeUser) -> None:
    await _to_phone_step(paybot, user)
    await paybot.add_card_in_flow(user)
    assert await _state(paybot, user) == Pay.confirm.state


def _catalogue_account_values() -> list[str]:
    data: dict[str, Any] = json.loads(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))
    values = []
    for service in data["services"]:
        for known in service.get("accounts") or []:
            values.extend(str(value) for value in known["account"].values())
    assert values, "the catalogue has known accounts"
    return values


# --- 1. a card number where none is asked -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        UZCARD,
        HUMO,
        "5614681234567890",
        "8600 0012 3456 7878",
        "8600-0012-3456-7878",
        "9860 0901-0105 9377",
        "my card is 8600001234567878, expiry 09/29",
        "8600\n0012\n3456\n7878",
        "8600.0012.3456.7878",
        "8600_0012_3456_7878",
        "9860 – 0901 – 0105 – 9377",
        VISA,
        "4111 1111 1111 1111",
        "4111.1111.1111.1111",
        "card: 4111_1111_1111_1111, thanks",
        MASTERCARD,
        "5555-5555-5555-4444",
        "2221 0000 0000 0009",  # Mastercard's 2-series
        "3782 822463 10005",  # Amex, 15 digits in 4-6-5
        "4222222222222",  # a 13-digit Visa
        "6212345678901232",  # UnionPay
        "3056 930902 5904",  # Diners, 14 digits in 4-6-4
        "36000000000008",  # Diners, 14 digits unbroken
        "No 1234 4111 1111 1111 1111",  # the card among other groups
    ],
)
def test_card_numbers_are_recognised_in_any_text(text: str) -> None:
    assert contains_card_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "50 000",
        "8600",
        "8 600 000",
        "8600 so'm",
        "+998 90 123 45 67",
        "998901234567",
        "901234567",
        "32104952710022",  # PINFL, 14 digits
        "56141234567890",  # a PINFL that starts like a card
        "56141234567890 12",
        "100000000001",  # a 12-digit smart-card id
        "86000012345678781",  # 17 digits, not Luhn-valid: no card
        "1234567812345678",  # 16 digits, neither Uzcard/Humo nor Luhn-valid
        "860000123456787",  # 15 digits, not Luhn-valid
        LUHN_VALID_PINFL,  # 14 digits unbroken: a PINFL, whatever its checksum
        "1000000",
        "1 000 000 000 000 000",  # thousands, not groups of a card
        "50.000.000.000.000",
        "2024-05-01 2024-05-31 beeline 123456789",  # an admin's /payments query
        "+998 90 123 45 67 50000",
        "4111 1111 1111 1112",  # a Visa-looking typo that fails the checksum
    ],
)
def test_other_numbers_are_not_taken_for_card_numbers(text: str) -> None:
    assert not contains_card_number(text)


def test_no_catalogue_account_looks_like_a_card_number() -> None:
    for value in _catalogue_account_values():
        assert not contains_card_number(value), value


def test_the_luhn_valid_pinfl_is_luhn_valid() -> None:
    assert luhn_valid(LUHN_VALID_PINFL)  # or the case above would prove nothing


# Written with dots or underscores, or of another scheme: all of them card numbers.
OTHER_WAYS = ["8600.0012.3456.7878", "8600_0012_3456_7878", "4111 1111 1111 1111", MASTERCARD]


@pytest.mark.parametrize("typed", OTHER_WAYS)
async def test_any_card_number_at_a_text_field_is_deleted_kept_nowhere_and_not_sent(
    paybot: Paybot, typed: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_form(user)
    infos = paybot.sandbox.ledger.requests("info")
    activity = await tg.send(user, typed)
    assert _user_message_deleted(activity)
    assert activity.texts == [CARD_DELETED]
    assert await _state(paybot, user) == Pay.text_field.state
    await _assert_nowhere_kept(paybot, typed)
    assert paybot.sandbox.ledger.requests("info") == infos
    await tg.send(user, ELECTRICITY_ACCOUNT)  # the field is still asked, and info counted
    assert paybot.sandbox.ledger.requests("info") == infos + 1
    assert await _state(paybot, user) == Pay.amount.state  # the preview, which asks for the amount


@pytest.mark.parametrize("typed", OTHER_WAYS)
async def test_any_card_number_at_the_amount_is_deleted_and_kept_nowhere(
    paybot: Paybot, typed: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_amount(paybot, user)
    activity = await tg.send(user, typed)
    assert _user_message_deleted(activity)
    assert activity.texts == [CARD_DELETED]
    assert await _state(paybot, user) == Pay.amount.state
    await _assert_nowhere_kept(paybot, typed)


@pytest.mark.parametrize("typed", ["4111.1111.1111.1111", "5555_5555_5555_4444"])
async def test_any_card_number_in_a_caption_at_a_field_is_deleted_and_not_sent(
    paybot: Paybot, typed: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_form(user)
    infos = paybot.sandbox.ledger.requests("info")
    activity = await tg.send_media(user, "photo", caption=f"my card {typed}")
    assert _user_message_deleted(activity)
    assert activity.texts == [CARD_DELETED]
    assert await _state(paybot, user) == Pay.text_field.state
    await _assert_nowhere_kept(paybot, typed)
    assert paybot.sandbox.ledger.requests("info") == infos


async def test_a_luhn_valid_pinfl_is_a_pinfl_at_the_kindergarten_field(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "Pay")
    await tg.press(user, "Government services")
    await tg.press(user, "Kindergartens (parents’ fee)")
    await tg.press(user, "г. Ташкент")
    await tg.press(user, "Юнусабадский район")
    assert await _state(paybot, user) == Pay.text_field.state
    infos = paybot.sandbox.ledger.requests("info")
    activity = await tg.send(user, LUHN_VALID_PINFL)
    assert not _user_message_deleted(activity)
    assert CARD_DELETED not in activity.texts
    assert paybot.sandbox.ledger.requests("info") == infos + 1


async def test_a_card_number_in_the_main_menu_is_deleted_with_a_warning(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    activity = await tg.send(user, "8600 0012 3456 7878")
    assert _user_message_deleted(activity)
    assert activity.texts == [CARD_DELETED]
    assert await _state(paybot, user) is None


async def test_a_card_number_at_the_amount_is_deleted_and_the_amount_still_taken(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_amount(paybot, user)
    activity = await tg.send(user, UZCARD)
    assert _user_message_deleted(activity)
    assert activity.texts == [CARD_DELETED]
    assert await _state(paybot, user) == Pay.amount.state
    activity = await tg.send(user, "8 600")  # an amount that starts like a card is an amount
    assert not _user_message_deleted(activity)
    assert await _state(paybot, user) == AddCard.phone.state


async def test_a_card_number_at_a_text_field_is_deleted_and_the_field_still_asked(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_form(user)
    activity = await tg.send(user, f"card {HUMO}")
    assert _user_message_deleted(activity)
    assert activity.texts == [CARD_DELETED]
    assert await _state(paybot, user) == Pay.text_field.state
    activity = await tg.send(user, ELECTRICITY_ACCOUNT)
    assert not _user_message_deleted(activity)
    assert await _state(paybot, user) == Pay.amount.state  # the preview, which asks for the amount


async def test_a_card_number_at_the_confirmation_is_deleted(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_confirm(paybot, user)
    activity = await tg.send(user, UZCARD)
    assert _user_message_deleted(activity)
    assert activity.texts == [CARD_DELETED]
    assert await _state(paybot, user) == Pay.confirm.state
    await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)


async def test_a_card_number_as_a_saved_account_name_is_deleted(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_confirm(paybot, user)
    await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)
    await tg.press(user, "Save account")
    assert await _state(paybot, user) == "SavedAccounts:naming"
    activity = await tg.send(user, f"Humo {HUMO}")
    assert _user_message_deleted(activity)
    assert activity.texts == [CARD_DELETED]
    assert await _state(paybot, user) == "SavedAccounts:naming"
    assert await paybot.app.repos.saved_accounts.list_for_user(user.id) == []


async def test_a_card_number_in_a_caption_is_deleted(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    activity = await tg.send_media(user, "photo", caption=f"my card {UZCARD}")
    assert _user_message_deleted(activity)
    assert activity.texts == [CARD_DELETED]


async def test_a_lone_card_number_at_the_expiry_step_is_deleted_and_the_expiry_asked_first(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    assert await _state(paybot, user) == AddCard.expiry.state
    asked = paybot.sandbox.ledger.requests_snapshot()
    activity = await tg.send(user, UZCARD)
    assert _user_message_deleted(activity)
    assert EXPIRY_FIRST in paybot.last_text(user)
    assert paybot.sandbox.ledger.requests_snapshot() == asked  # nothing went to Paylov
    assert await _state(paybot, user) == AddCard.expiry.state
    await _assert_nowhere_kept(paybot, UZCARD)
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, UZCARD)
    await tg.send(user, UZCARD_OTP)
    assert await _state(paybot, user) == Pay.confirm.state


async def test_the_card_number_step_reads_the_card_and_binds_at_once(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    await tg.send(user, UZCARD_EXPIRY)
    assert "16-digit card number" in paybot.last_text(user)
    assert await _state(paybot, user) == AddCard.number.state
    activity = await tg.send(user, "8600 0012 3456 7878")
    assert _user_message_deleted(activity)
    assert CARD_DELETED not in activity.texts
    assert "sent a code" in paybot.last_text(user)
    assert await _state(paybot, user) == AddCard.code.state


@pytest.mark.parametrize(
    "typed",
    [
        f"{UZCARD} {UZCARD_EXPIRY}",
        "8600 0012 3456 7878 09/29",
        "8600.0012.3456.7878, 0929",
        f"{UZCARD_EXPIRY} {UZCARD}",
    ],
)
async def test_number_and_expiry_in_one_message_at_the_expiry_step_bind_at_once(
    paybot: Paybot, typed: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    activity = await tg.send(user, typed)
    assert _user_message_deleted(activity)
    assert CARD_DELETED not in activity.texts
    assert "sent a code" in paybot.last_text(user)
    assert await _state(paybot, user) == AddCard.code.state
    await _assert_nowhere_kept(paybot, UZCARD)
    await tg.send(user, UZCARD_OTP)
    assert "Card 860000******7878 added" in "\n".join(tg.bot_texts(user))
    assert await _state(paybot, user) == Pay.confirm.state


async def test_number_and_expiry_in_one_message_at_the_number_step_bind_with_that_expiry(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    await tg.send(user, "03/28")  # the Humo card's date; the Uzcard's comes with its number
    await tg.send(user, f"{UZCARD} {UZCARD_EXPIRY}")
    assert "sent a code" in paybot.last_text(user)
    await tg.send(user, UZCARD_OTP)
    assert "Card 860000******7878 added" in "\n".join(tg.bot_texts(user))


async def test_a_bad_expiry_typed_with_the_number_is_explained_and_the_number_kept_nowhere(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    asked = paybot.sandbox.ledger.requests_snapshot()
    activity = await tg.send(user, f"{UZCARD} 13/29")
    assert _user_message_deleted(activity)
    assert paybot.sandbox.ledger.requests_snapshot() == asked  # nothing went to Paylov
    assert "Type the expiry date as MM/YY" in paybot.last_text(user)
    assert await _state(paybot, user) == AddCard.expiry.state
    await _assert_nowhere_kept(paybot, UZCARD)


async def test_a_command_with_a_card_number_at_the_card_step_is_deleted(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    activity = await tg.send(user, f"/cards {UZCARD}")
    assert _user_message_deleted(activity)
    assert activity.texts == [CARD_DELETED]
    assert await _state(paybot, user) == AddCard.expiry.state


async def test_legitimate_numbers_in_fields_are_not_deleted(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "Pay")
    await tg.press(user, "Mobile operators")
    await tg.press(user, "Beeline")
    activity = await tg.send(user, "+998 90 123 45 67")
    assert not _user_message_deleted(activity)
    assert CARD_DELETED not in activity.texts
    assert await _state(paybot, user) == Pay.amount.state


@pytest.mark.parametrize("typed", [UZCARD, "5555.5555.5555.4444", "4111_1111_1111_1111"])
async def test_a_card_number_edited_into_a_message_is_deleted(paybot: Paybot, typed: str) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_form(user)
    infos = paybot.sandbox.ledger.requests("info")
    message = tg.session.record_user_message(user.id, user.as_telegram(), text="hello")
    data = {**tg.session.api_message(message), "text": typed, "edit_date": 1_700_000_000}
    update = Update.model_validate(
        {"update_id": 9_000_001, "edited_message": data}, context={"bot": tg.bot}
    )
    activity = await tg.feed(update, chat_id=user.id)
    assert [m.message_id for m in activity.deleted] == [message.message_id]
    assert activity.texts == [CARD_DELETED]
    assert await _state(paybot, user) == Pay.text_field.state
    await _assert_nowhere_kept(paybot, typed)
    assert paybot.sandbox.ledger.requests("info") == infos


# --- 2. the phone step's reply keyboard ----------------------------------------------------------


async def test_the_phone_keyboard_has_a_cancel_that_goes_back_to_the_amount(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    assert tg.reply_keyboard(user) == [[SHARE_PHONE], [CANCEL]]
    activity = await tg.press_reply(user, CANCEL)
    assert tg.reply_keyboard(user) is None
    # The step before, the payment kept (docs/mistakes.md); its own Cancel leaves it.
    assert "Adding a card was stopped." in activity.texts
    assert NOT_UNDERSTOOD not in "\n".join(activity.texts)
    amount_step = tg.last_bot_message(user)
    assert amount_step is not None and ["➡️ Continue with 50 000 sum"] in tg.buttons(amount_step)
    assert await _state(paybot, user) == Pay.amount.state
    assert await paybot.payments(user) == []
    assert await _phone(paybot, user) is None
    await tg.press(user, "Cancel")
    assert "Cancelled. Nothing was charged." in paybot.last_text(user)
    assert await _state(paybot, user) is None


async def test_sharing_the_phone_after_leaving_the_step_is_thanked_and_kept(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.send(user, "/history")
    assert tg.reply_keyboard(user) is not None  # /history does not take it away
    activity = await tg.press_reply(user, SHARE_PHONE)
    assert activity.texts == [THANK_YOU]
    assert tg.reply_keyboard(user) is None
    assert await _state(paybot, user) is None
    assert await _phone(paybot, user) == user.phone
    # The next card goes straight to the expiry.
    await tg.send(user, "/cards")
    await tg.press(user, "Add a card")
    assert "expiry date as MM/YY" in paybot.last_text(user)
    assert await _state(paybot, user) == AddCard.expiry.state


async def test_sharing_the_phone_in_another_flow_changes_nothing_else(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.send(user, "/pay")
    assert await _state(paybot, user) == Pay.category.state
    activity = await tg.press_reply(user, SHARE_PHONE)
    assert activity.texts == [THANK_YOU]
    assert tg.reply_keyboard(user) is None
    assert await _state(paybot, user) == Pay.category.state


async def test_a_stale_cancel_button_cancels_like_cancel_and_removes_the_keyboard(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.send(user, "/accounts")
    await tg.send(user, "/pay")
    activity = await tg.press_reply(user, CANCEL)
    assert "Cancelled. Nothing was charged." in activity.texts
    assert tg.reply_keyboard(user) is None
    assert await _state(paybot, user) is None


async def test_the_cancel_of_a_keyboard_drawn_in_another_language_still_works(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.send(user, "/language")
    await tg.press(user, "Русский")
    activity = await tg.press_reply(user, CANCEL)  # drawn in English
    assert tg.reply_keyboard(user) is None
    assert NOT_UNDERSTOOD not in "\n".join(activity.texts)
    # /language left the payment open: its Cancel goes back to the amount, in Russian.
    assert await _state(paybot, user) == Pay.amount.state
    assert "Добавление карты прервано." in activity.texts


async def test_someone_elses_contact_outside_the_phone_step_is_not_kept(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    activity = await tg.share_contact(user, "+998911112233", own=False)
    assert THANK_YOU not in activity.texts
    assert await _phone(paybot, user) is None


# --- 3. a phone the bank or the country refuses --------------------------------------------------


async def test_phone_not_match_forgets_the_phone_and_asks_for_it_again(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    assert await _phone(paybot, user) == user.phone
    await tg.send(user, FIXED_PHONE_EXPIRY)
    await tg.send(user, FIXED_PHONE_CARD)
    assert "tied to another phone number" in paybot.last_text(user)
    assert tg.reply_keyboard(user) == [[SHARE_PHONE], [CANCEL]]
    assert await _state(paybot, user) == AddCard.phone.state
    assert await _phone(paybot, user) is None
    # The customer's Telegram number changed to the card's one: shared again, the card binds.
    await tg.share_contact(user, FIXED_PHONE)
    assert tg.reply_keyboard(user) is None
    assert await _phone(paybot, user) == FIXED_PHONE
    assert "expiry date as MM/YY" in paybot.last_text(user)  # both are typed again
    await tg.send(user, FIXED_PHONE_EXPIRY)
    await tg.send(user, FIXED_PHONE_CARD)
    await tg.send(user, FIXED_PHONE_OTP)
    assert "Card 860014******5438 added" in "\n".join(tg.bot_texts(user))
    assert await _state(paybot, user) == Pay.confirm.state


@pytest.mark.parametrize("phone", ["+79001234567", "+99890123456", "998 90 123 45 678"])
def test_only_uzbek_phones_are_uzbek(phone: str) -> None:
    from bot.payments.cards import normalize_phone

    assert not is_uzbek_phone(normalize_phone(phone))
    assert is_uzbek_phone(normalize_phone("998901234567"))


async def test_a_foreign_phone_is_refused_at_once_and_the_keyboard_stays(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    activity = await tg.share_contact(user, "+7 900 123 45 67")
    assert "not an Uzbek phone number" in activity.last.plain
    assert tg.reply_keyboard(user) == [[SHARE_PHONE], [CANCEL]]
    assert await _state(paybot, user) == AddCard.phone.state
    assert await _phone(paybot, user) is None
    await tg.share_contact(user, user.phone)
    assert await _state(paybot, user) == AddCard.expiry.state


# --- 4. codes too short to be codes ---------------------------------------------------------------


@pytest.mark.parametrize("code", ["1234", "456799", "12345678", " 456799 "])
def test_codes_are_four_to_eight_digits(code: str) -> None:
    assert code_problem(code) is None


@pytest.mark.parametrize("code", ["12", "123", "123456789", "12 34", ""])
def test_other_lengths_are_not_codes(code: str) -> None:
    assert code_problem(code) is not None


async def test_a_short_binding_code_is_not_sent_to_paylov(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, UZCARD)
    asked = paybot.sandbox.ledger.requests_snapshot()
    for _ in range(3):  # Paylov allows three wrong codes: none of these may count
        activity = await tg.send(user, "12")
        assert _user_message_deleted(activity)
        assert activity.last.plain.startswith(
            "⚠️ The code from the SMS has 4 to 8 digits; you typed 2."
        )
        assert paybot.sandbox.ledger.requests_snapshot() == asked
    await tg.send(user, UZCARD_OTP)
    assert "Card 860000******7878 added" in "\n".join(tg.bot_texts(user))


async def test_a_short_payment_code_is_not_sent_to_paylov(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_confirm(paybot, user)
    await tg.press(user, "Confirm and pay")
    asked = paybot.sandbox.ledger.requests_snapshot()
    for _ in range(3):
        activity = await tg.send(user, "12")
        assert activity.last.plain.startswith(
            "⚠️ The code from the SMS has 4 to 8 digits; you typed 2."
        )
        assert paybot.sandbox.ledger.requests_snapshot() == asked
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID


async def test_too_many_wrong_codes_while_adding_a_card_say_so_and_start_again(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.send(user, "/cards")
    await tg.press(user, "Add a card")
    await tg.share_contact(user, user.phone)
    await tg.send(user, "03/28")
    await tg.send(user, "9860090101059377")
    for wrong in ("111111", "222222", "333333"):
        await tg.send(user, wrong)
    texts = " ".join(tg.bot_texts(user)[-2:])
    assert "adding this card was stopped" in texts and "payment" not in texts.lower()
    assert "expiry date as MM/YY" in paybot.last_text(user)
    assert await _state(paybot, user) == AddCard.expiry.state
    assert await paybot.app.repos.cards.list_for_user(user.id) == []


# --- 5. the expiry and the number in different processes; nothing left behind ------------------


def _context(app: PaybotApp, tg: TelegramStandIn, user: FakeUser) -> FSMContext:
    return app.dispatcher.fsm.get_context(tg.bot, user.id, user.id)


async def test_the_expiry_and_the_number_may_reach_two_processes(
    settings: Settings, sandbox: PaylovSandbox
) -> None:
    """Two replicas on one database (FSM_STORAGE=database) and one Paylov: the expiry is read
    by one, the number by the other, and the card is bound."""
    assert settings.fsm.storage == "database"
    settings.telegram.token = SecretStr("123456:replicas-share-their-settings")
    user = FakeUser(id=5101, first_name="Aziza")
    async with (
        open_app(settings, sandbox=sandbox) as first,
        open_app(settings, sandbox=sandbox) as second,
    ):
        stand_ins = []
        for app in (first, second):
            bot = make_bot()
            await start_dispatcher(app.dispatcher, bot)
            stand_ins.append(TelegramStandIn(app.dispatcher, bot))
        tg_first, tg_second = stand_ins
        try:
            await tg_first.send(user, "/start")
            await tg_first.press(user, "English")
            await tg_first.send(user, "/cards")
            await tg_first.press(user, "Add a card")
            await tg_first.share_contact(user, user.phone)
            await tg_first.send(user, UZCARD_EXPIRY)
            assert await _context(second, tg_second, user).get_state() == AddCard.number.state
            creates = sandbox.ledger.requests("create_user_card")
            activity = await tg_second.send(user, UZCARD)
            assert "sent a code" in activity.last.plain
            assert sandbox.ledger.requests("create_user_card") == creates + 1
            draft = await load_draft(_context(first, tg_first, user))
            assert draft.card_expiry is None and draft.binding_cid is not None
            activity = await tg_first.send(user, UZCARD_OTP)
            assert "Card 860000******7878 added" in "\n".join(activity.texts)
            [card] = await second.repos.cards.list_for_user(user.id)
            assert card.masked_number == "860000******7878"
        finally:
            for app, tg in ((first, tg_first), (second, tg_second)):
                await stop_dispatcher(app.dispatcher, tg.bot)
                await tg.bot.session.close()


async def test_the_expiry_waits_sealed_and_is_dropped_once_sent(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    await tg.send(user, UZCARD_EXPIRY)
    context = paybot.app.dispatcher.fsm.get_context(tg.bot, user.id, user.id)
    kept = (await load_draft(context)).card_expiry
    assert kept is not None and "2909" not in kept
    expiry = paybot.app.cards.kept_expiry(user.id, kept)
    assert expiry is not None and expiry.yymm == "2909"
    assert paybot.app.cards.kept_expiry(user.id + 1, kept) is None  # sealed for this customer
    await tg.send(user, UZCARD)
    assert (await load_draft(context)).card_expiry is None


@sqlite_only
async def test_after_binding_no_database_file_holds_the_number_or_the_expiry(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, "8600 0012 3456 7878")
    await tg.send(user, UZCARD_OTP)
    assert await _state(paybot, user) == Pay.confirm.state
    # WAL mode: recent writes, and the rows they overwrote, live in the -wal file.
    files = list(paybot.db_path.parent.glob(paybot.db_path.name + "*"))
    assert {path.name for path in files} >= {"paybot.sqlite3", "paybot.sqlite3-wal"}
    stored = b"".join(path.read_bytes() for path in files)
    assert b'card_expiry": "' in stored  # the draft's writes with the kept expiry are seen
    assert b"860000******7878" in stored  # and so is the card that was kept
    for secret in (UZCARD, "8600 0012 3456 7878", UZCARD[-10:], '"2909"', "09/29", UZCARD_OTP):
        assert secret.encode() not in stored, secret


async def test_paylov_down_for_number_and_expiry_in_one_message_keeps_nothing(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    paybot.sandbox.faults.inject("create_user_card", "error_5xx")
    activity = await tg.send(user, f"{UZCARD} {UZCARD_EXPIRY}")
    assert _user_message_deleted(activity)
    assert "not answering" in paybot.last_text(user)
    assert "expiry date as MM/YY" in paybot.last_text(user)  # the same step again
    assert await _state(paybot, user) == AddCard.expiry.state
    context = paybot.app.dispatcher.fsm.get_context(tg.bot, user.id, user.id)
    assert (await load_draft(context)).card_expiry is None
    await tg.send(user, f"{UZCARD} {UZCARD_EXPIRY}")
    await tg.send(user, UZCARD_OTP)
    assert "Card 860000******7878 added" in "\n".join(tg.bot_texts(user))


async def test_a_number_step_without_a_kept_expiry_asks_the_expiry_first(paybot: Paybot) -> None:
    """A conversation left at the number step by the old order (number first), or an expiry
    sealed by another key: nothing is sent, and the expiry is asked first."""
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    context = paybot.app.dispatcher.fsm.get_context(tg.bot, user.id, user.id)
    await context.set_state(AddCard.number)
    creates = paybot.sandbox.ledger.requests("create_user_card")
    activity = await tg.send(user, UZCARD)
    assert _user_message_deleted(activity)
    assert EXPIRY_FIRST in paybot.last_text(user)
    assert await _state(paybot, user) == AddCard.expiry.state
    assert paybot.sandbox.ledger.requests("create_user_card") == creates


async def test_back_at_the_number_step_drops_the_kept_expiry(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    await tg.send(user, UZCARD_EXPIRY)
    context = paybot.app.dispatcher.fsm.get_context(tg.bot, user.id, user.id)
    assert (await load_draft(context)).card_expiry is not None
    await tg.press(user, "Back")
    assert paybot.last_text(user).startswith("Adding a card was stopped.")  # on the amount step
    assert await _state(paybot, user) == Pay.amount.state
    assert (await load_draft(context)).card_expiry is None


async def test_cancel_at_the_number_step_leaves_no_conversation_behind(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.send(user, "/cards")
    await tg.press(user, "Add a card")
    await tg.share_contact(user, user.phone)
    await tg.send(user, UZCARD_EXPIRY)
    assert await _state(paybot, user) == AddCard.number.state
    await tg.press(user, "Cancel")
    assert "Cancelled" in paybot.last_text(user)
    assert await _state(paybot, user) is None
    async with paybot.app.database.session() as session:
        rows = (await session.scalars(select(FsmRecord))).all()
    # Only the card list's message id (steps/card.py, a destiny of its own) may stay.
    assert [row.key for row in rows if not row.key.endswith(f":{CARD_LIST_DESTINY}")] == []
