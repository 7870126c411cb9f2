"""Mistakes do not throw a payment away (issue 12): what the customer already gave is kept,
each problem is said on the step's own prompt, and what went wrong is told plainly."""

from __future__ import annotations

from bot.devtools.standin import FakeUser
from bot.storage.models import PaymentStatus
from bot.telegram.callbacks import AccountAction, AccountCb, PayAction, PayCb
from tests.conversation.conftest import (
    ELECTRICITY_ACCOUNT,
    UZCARD,
    UZCARD_EXPIRY,
    UZCARD_OTP,
    Paybot,
    press_data,
)


async def test_too_many_wrong_codes_offer_a_new_code_for_the_same_payment(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_code_prompt(user, amount="30000")
    activity = await tg.send(user, "111111")
    assert not activity.sent  # the code prompt itself says it, edited
    assert "Wrong code" in activity.last.plain
    await tg.send(user, "222222")  # the same words again come anew, or nothing would show
    prompt_id = paybot.tg.last_bot_message(user).message_id  # type: ignore[union-attr]
    activity = await tg.send(user, "333333")
    assert not activity.sent
    text = paybot.last_text(user)
    assert "Too many wrong codes" in text and "nothing was charged" in text
    assert "30 000 sum" in text and "·7878" in text
    assert tg.last_bot_message(user).message_id == prompt_id  # type: ignore[union-attr]
    [stopped] = await paybot.payments(user)
    assert stopped.status == PaymentStatus.FAILED
    assert stopped.error_code == "too_many_attempts"

    pays_before = paybot.sandbox.ledger.pay_requests_snapshot()
    await tg.press(user, "📩 Send a new code")
    assert "Type it here to pay" in paybot.last_text(user)
    # A fresh `create` (a new row), never `pay` sent again for the stopped one.
    assert paybot.sandbox.ledger.pay_requests_snapshot() == pays_before
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    fresh, old = await paybot.payments(user)
    assert old.id == stopped.id and old.status == PaymentStatus.FAILED
    assert fresh.id != stopped.id and fresh.status == PaymentStatus.PAID
    for kept in ("service_id", "account", "amount", "card_id"):
        assert getattr(fresh, kept) == getattr(stopped, kept)
    assert paybot.sandbox.ledger.total() == 1  # one charge: the new payment's


async def test_a_code_of_the_wrong_length_says_how_long_it_is(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_code_prompt(user)
    asked = paybot.sandbox.ledger.requests_snapshot()
    activity = await tg.send(user, "12345 6789")
    assert activity.last.plain.startswith("⚠️ The code is digits only")
    activity = await tg.send(user, "123")
    assert activity.last.plain.startswith("⚠️ The code from the SMS has 4 to 8 digits; you typed 3.")
    assert "This code confirms paying 30 000 sum" in activity.last.plain
    assert not activity.sent  # the prompt says it, in place
    activity = await tg.send(user, "123456789")
    assert "you typed 9" in activity.last.plain
    assert paybot.sandbox.ledger.requests_snapshot() == asked  # none spent an attempt
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)


async def test_after_account_not_found_the_account_typed_again_is_taken(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_form(user)
    await tg.send(user, "1999999")
    assert "No such account was found" in paybot.last_text(user)
    # No "choose one of the buttons": the typed account replaces the wrong one.
    activity = await tg.send(user, ELECTRICITY_ACCOUNT)
    assert "choose one of the buttons" not in "\n".join(activity.texts)
    assert "Type the amount in sum" in paybot.last_text(user)
    await tg.send(user, "30000")
    await paybot.add_card_in_flow(user)
    text = paybot.last_text(user)
    assert "Check the payment" in text and ELECTRICITY_ACCOUNT in text


async def test_a_refused_field_answer_is_said_on_the_fields_prompt(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_form(user)
    activity = await tg.send(user, "12ab")
    assert not activity.sent  # one prompt, edited with the problem
    assert activity.last.plain.startswith("⚠️ ")
    await tg.send(user, ELECTRICITY_ACCOUNT)
    assert "No such account" not in paybot.last_text(user)


# --- the card steps of a payment: Back and the phone's Cancel keep the payment ----------------


async def _to_the_phone_step(paybot: Paybot, user: FakeUser) -> None:
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await paybot.tg.send(user, "10 000")
    assert paybot.tg.reply_keyboard(user) is not None  # the phone asked first, no card yet


async def test_back_at_the_card_expiry_keeps_the_amount(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_the_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    assert "expiry date as MM/YY" in paybot.last_text(user)
    activity = await tg.press(user, "Back")
    assert not activity.sent  # the expiry prompt became the amount step, with the notice on it
    text = paybot.last_text(user)
    assert text.startswith("Adding a card was stopped.")
    assert "You already chose 10 000 sum for this payment" in text
    assert ELECTRICITY_ACCOUNT in text  # the account as the preview told it, kept
    assert await paybot.payments(user) == []
    await tg.press(user, "➡️ Continue with 10 000 sum")
    assert "expiry date as MM/YY" in paybot.last_text(user)  # no phone again: it is kept
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, UZCARD)
    await tg.send(user, UZCARD_OTP)
    text = paybot.last_text(user)
    assert "Check the payment" in text and "10 000 sum" in text and ELECTRICITY_ACCOUNT in text
    await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)
    [paid] = await paybot.payments(user)
    assert paid.status == PaymentStatus.PAID and paid.amount == 10_000
    assert paid.account["customer_code"] == ELECTRICITY_ACCOUNT
    assert paybot.sandbox.ledger.total() == 1


async def test_the_kept_amount_is_offered_in_russian(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_the_phone_step(paybot, user)
    await tg.share_contact(user, user.phone)
    await paybot.app.repos.users.set_language(user.id, "ru")  # as /language would keep it
    await tg.press(user, "Back")  # the expiry prompt's button, drawn in English
    text = paybot.last_text(user)
    assert text.startswith("Добавление карты прервано.")
    assert "Для этого платежа вы уже указали 10 000 сум" in text
    await tg.press(user, "➡️ Продолжить с 10 000 сум")
    assert "в формате ММ/ГГ" in paybot.last_text(user)  # the phone is kept


async def test_cancel_at_the_phone_step_returns_to_the_amount(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_the_phone_step(paybot, user)
    await tg.press_reply(user, "Cancel")
    assert tg.reply_keyboard(user) is None  # the keyboard went with the notice
    assert "Adding a card was stopped." in tg.bot_texts(user)[-2]
    text = paybot.last_text(user)
    assert "Cancelled" not in text and "What would you like to do?" not in text
    assert "You already chose 10 000 sum" in text and ELECTRICITY_ACCOUNT in text
    # Still the payment's amount step: another amount typed goes on, and so does the kept one.
    await tg.send(user, "12 000")
    assert tg.reply_keyboard(user) is not None  # the card steps again, from the phone
    await tg.press_reply(user, "Cancel")
    await tg.press(user, "➡️ Continue with 12 000 sum")
    await paybot.add_card_in_flow(user)
    assert "12 000 sum" in paybot.last_text(user)
    assert await paybot.payments(user) == []


async def test_cancel_at_the_phone_step_of_cards_still_ends_adding_a_card(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "My cards")
    await tg.press(user, "Add a card")
    assert tg.reply_keyboard(user) is not None
    await tg.press_reply(user, "Cancel")
    assert tg.reply_keyboard(user) is None
    assert "Cancelled" in " ".join(tg.bot_texts(user)[-2:])


# --- leaving the code step says what became of the payment -------------------------------------


async def test_leaving_the_code_step_says_the_payment_was_cancelled(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_code_prompt(user)
    prompt_id = tg.last_bot_message(user).message_id  # type: ignore[union-attr]
    await tg.send(user, "/start")
    prompt = tg.message(user, prompt_id)
    assert prompt is not None and tg.buttons(prompt) == []
    assert prompt.plain == (
        f"✖️ Payment cancelled: 30 000 sum to Electricity for {ELECTRICITY_ACCOUNT}. "
        "Nothing was charged."
    )
    [cancelled] = await paybot.payments(user)
    assert cancelled.status == PaymentStatus.CANCELLED
    assert paybot.sandbox.ledger.pay_requests_snapshot() == {}
    assert paybot.sandbox.ledger.total() == 0
    await tg.send(user, UZCARD_OTP)  # no code step any more: nothing is paid
    assert paybot.sandbox.ledger.pay_requests_snapshot() == {}


async def test_leaving_the_code_step_by_a_menu_button_says_it_in_uzbek(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_code_prompt(user)
    prompt_id = tg.last_bot_message(user).message_id  # type: ignore[union-attr]
    await paybot.app.repos.users.set_language(user.id, "uz")  # as /language would keep it
    await tg.press(user, "My cards")  # the main menu's button, further up the chat
    prompt = tg.message(user, prompt_id)
    assert prompt is not None and tg.buttons(prompt) == []
    assert prompt.plain.startswith("✖️ To‘lov bekor qilindi: 30 000 so‘m")
    assert prompt.plain.endswith("Pul yechilmadi.")
    [cancelled] = await paybot.payments(user)
    assert cancelled.status == PaymentStatus.CANCELLED


async def test_leaving_a_code_step_whose_pay_may_have_gone_out_never_says_nothing_charged(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_code_prompt(user)
    prompt_id = tg.last_bot_message(user).message_id  # type: ignore[union-attr]
    [payment] = await paybot.payments(user)
    # As a restart in the middle of `pay` leaves it: claimed, the code step still open.
    assert await paybot.app.repos.payments.claim_for_pay(payment.id)
    activity = await tg.send(user, "/cancel")
    said = "\n".join([*activity.texts, tg.message(user, prompt_id).plain])  # type: ignore[union-attr]
    assert "Nothing was charged" not in said and "try again" not in said.lower()
    assert "being confirmed by the payment service" in said
    [still] = await paybot.payments(user)
    assert still.status == PaymentStatus.PAYING  # left to Paylov's status, not cancelled


# --- buttons that can no longer work are retired ------------------------------------------------


async def test_an_abandoned_confirmation_loses_its_buttons_and_pays_nothing(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_confirmation(user)
    confirmation_id = tg.last_bot_message(user).message_id  # type: ignore[union-attr]
    await tg.send(user, "/start")
    confirmation = tg.message(user, confirmation_id)
    assert confirmation is not None and tg.buttons(confirmation) == []
    creates = paybot.sandbox.ledger.create_requests()
    # A client's older copy of the button, pressed anyway: nothing starts.
    confirm = PayCb(action=PayAction.CONFIRM).pack()
    activity = await press_data(tg, user, confirmation_id, confirm)
    assert [a.text for a in activity.callback_answers] == ["This button is no longer active."]
    assert not activity.sent
    # ...not even while another payment's confirmation is live.
    await paybot.open_electricity_account(user)
    await tg.send(user, "20000")
    assert "Check the payment" in paybot.last_text(user)
    activity = await press_data(tg, user, confirmation_id, PayCb(action=PayAction.RETRY).pack())
    assert [a.text for a in activity.callback_answers] == ["This button is no longer active."]
    assert paybot.sandbox.ledger.create_requests() == creates
    assert await paybot.payments(user) == []
    assert paybot.sandbox.ledger.total() == 0


async def test_a_receipts_save_account_goes_once_the_account_is_saved(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_code_prompt(user)
    await tg.send(user, UZCARD_OTP)
    receipt = tg.last_bot_message(user)
    assert receipt is not None and ["⭐ Save account"] in tg.buttons(receipt)
    await tg.press(user, "Save account")
    await tg.press(user, "Electricity 1000000")  # the suggested name, one tap
    receipt = tg.message(user, receipt.message_id)
    assert receipt is not None
    assert ["⭐ Save account"] not in tg.buttons(receipt)
    assert ["🔁 Pay again"] in tg.buttons(receipt)  # the rest stays
    [paid] = await paybot.payments(user)
    save = AccountCb(action=AccountAction.SAVE, arg=paid.id).pack()
    await press_data(tg, user, receipt.message_id, save)  # an older copy, pressed
    assert "already saved" in paybot.last_text(user)
    assert len(await paybot.app.repos.saved_accounts.list_for_user(user.id)) == 1
    assert paybot.sandbox.ledger.total() == 1


async def test_an_old_card_list_loses_its_buttons(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_confirmation(user)
    await tg.send(user, "/cards")
    first = tg.last_bot_message(user)
    assert first is not None and tg.buttons(first)
    await tg.send(user, "/cards")
    second = tg.last_bot_message(user)
    assert second is not None and second.message_id != first.message_id
    assert tg.buttons(tg.message(user, first.message_id)) == []  # type: ignore[arg-type]
    assert tg.buttons(second)


async def test_back_on_a_card_step_begun_from_cards_returns_to_the_card_list(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_confirmation(user)  # a first card, bound on the way
    await tg.send(user, "/cards")
    await tg.press(user, "Add a card")
    await tg.share_contact(user, user.phone)
    await tg.send(user, UZCARD_EXPIRY)
    prompt = tg.last_bot_message(user)
    assert prompt is not None
    await tg.press(user, "Back")
    # The prompt became the card list, with what happened on it; the first card still there.
    shown = tg.message(user, prompt.message_id)
    assert shown is not None and shown.plain.startswith("Adding a card was stopped.")
    assert "Your cards" in shown.plain and "Add a card" in " ".join(
        label for row in tg.buttons(shown) for label in row
    )
    assert len(await paybot.app.repos.cards.list_for_user(user.id)) == 1
    await tg.press(user, "Add a card")  # and the list works
    context = paybot.app.dispatcher.fsm.get_context(tg.bot, user.id, user.id)
    assert (await context.get_state() or "").startswith("AddCard:"), tg.transcript(user)
