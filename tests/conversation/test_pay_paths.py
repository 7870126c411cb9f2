"""Other services, wrong input at every step, cancel and back, stale buttons."""

from __future__ import annotations

from bot.storage.models import PaymentStatus
from bot.telegram.callbacks import PayCb
from tests.conversation.conftest import (
    HUMO,
    HUMO_EXPIRY,
    HUMO_OTP,
    UZCARD_OTP,
    Paybot,
    press_data,
)


async def _pay_with_new_card(paybot: Paybot, user, amount: str = "10 000") -> None:
    tg = paybot.tg
    await tg.send(user, amount)
    await paybot.add_card_in_flow(user)
    await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)


async def test_phone_top_up_without_info_method(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "Pay")
    await tg.press(user, "Mobile operators")
    await tg.press(user, "Beeline")
    # A number of another operator is told whose it is (tests/conversation/test_mobile.py);
    # the question stays.
    await tg.send(user, "931234567")
    assert "+998 93 123 45 67 is a Ucell number" in paybot.last_text(user)  # on the prompt
    await tg.send(user, "+998 90 123 45 67")
    # No info method: straight to the amount, which shows the service's bounds.
    assert "From 1 000 to 1 000 000 sum" in paybot.last_text(user)
    await _pay_with_new_card(paybot, user)
    assert "Payment successful" in paybot.last_text(user)
    [payment] = await paybot.payments(user)
    assert payment.account == {"phone": "901234567"}
    assert payment.status == PaymentStatus.PAID


async def test_gas_account_checked_as_typed_and_unknown_account_can_be_reentered(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "Pay")
    await tg.press(user, "Utilities")
    await tg.press(user, "Hududgaztaminot — natural gas")
    await tg.send(user, "40101abc")
    assert "digits only" in paybot.last_text(user)  # on the prompt itself
    await tg.send(user, "401012345678")
    assert "at most 10" in paybot.last_text(user)  # on the prompt itself
    await tg.send(user, "4010999999")  # well-formed, but no such account
    assert "No such account" in paybot.last_text(user)
    await tg.press(user, "Re-enter account")
    await tg.send(user, "4010123456")
    assert "Balance: -42780.00 sum" in paybot.last_text(user)


async def test_amount_is_parsed_and_checked_against_bounds(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await tg.send(user, "fifty")
    assert "not an amount" in paybot.last_text(user)
    await tg.send(user, "100")
    assert "from 500 to 5 000 000" in paybot.last_text(user)
    await tg.send(user, "6,000,000")
    assert "from 500 to 5 000 000" in paybot.last_text(user)
    await tg.send(user, "50,000")
    assert tg.reply_keyboard(user) is not None  # on to the card: the amount was taken


async def test_card_input_errors_and_wrong_and_too_many_payment_codes(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await tg.send(user, "20000")
    # Someone else's contact is refused.
    await tg.share_contact(user, "+998911112233", own=False)
    assert "your own phone" in paybot.last_text(user)
    await tg.share_contact(user, user.phone)
    await tg.send(user, "13/28")
    assert "MM/YY" in paybot.last_text(user)
    await tg.send(user, "01/20")
    assert "expired" in paybot.last_text(user)
    await tg.send(user, HUMO_EXPIRY)
    await tg.send(user, "8600 1234")
    assert "16 digits" in paybot.last_text(user)
    await tg.send(user, "8600001234567879")  # one digit off: fails Luhn
    assert "not valid" in paybot.last_text(user)
    await tg.send(user, HUMO)  # the expiry is still kept for it
    await tg.send(user, "000000")
    assert "Wrong code" in paybot.last_text(user)
    await tg.send(user, HUMO_OTP)
    assert "Check the payment" in paybot.last_text(user)
    await tg.press(user, "Confirm and pay")
    await tg.send(user, "111111")
    assert "Wrong code" in paybot.last_text(user)
    await tg.send(user, "222222")
    await tg.send(user, "333333")
    assert "Too many wrong codes" in paybot.last_text(user)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.FAILED
    assert payment.error_code == "too_many_attempts"
    assert paybot.sandbox.ledger.total() == 0
    # Every message carrying the card number or a code was deleted.
    texts = [m.plain for m in tg.chat(user).messages]
    assert not any(HUMO in t or HUMO_OTP in t or "111111" in t for t in texts)


async def test_back_walks_every_step_and_cancel_leaves_nothing_open(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await tg.send(user, "20000")
    await paybot.add_card_in_flow(user)
    assert "Check the payment" in paybot.last_text(user)
    await tg.press(user, "Back")  # confirm → the preview, which asks for the amount
    assert "Type the amount" in paybot.last_text(user)
    assert "Account details" in paybot.last_text(user)
    await tg.press(user, "Back")  # preview → account number again
    assert "Type Personal account" in paybot.last_text(user)
    await tg.press(user, "Back")  # → district
    assert "Choose <b>" not in paybot.last_text(user) and "District" in paybot.last_text(user)
    await tg.press(user, "Back")  # → region
    await tg.press(user, "Back")  # → services
    assert "choose a service" in paybot.last_text(user)
    await tg.press(user, "Back")  # → categories
    assert "Choose a category" in paybot.last_text(user)
    await tg.press(user, "Cancel")
    assert "Cancelled" in paybot.last_text(user)
    assert await paybot.payments(user) == []  # nothing was created


async def test_cancel_while_waiting_for_the_code_cancels_the_payment(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await tg.send(user, "20000")
    await paybot.add_card_in_flow(user)
    await tg.press(user, "Confirm and pay")
    await tg.send(user, "/cancel")
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.CANCELLED
    # The code typed afterwards pays nothing.
    await tg.send(user, UZCARD_OTP)
    assert paybot.sandbox.ledger.total() == 0


async def test_stale_button_from_an_old_screen_changes_nothing(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "Pay")
    categories = tg.last_bot_message(user)
    assert categories is not None
    await tg.press(user, "Utilities")
    await tg.send(user, "/cancel")
    # A button of the finished flow (as an old client may still show it) is refused...
    before = tg.bot_texts(user)
    await press_data(tg, user, categories.message_id, PayCb(action="svc", arg="x").pack())
    assert tg.callback_answers(user)[-1].text == "This button is no longer active."
    assert tg.bot_texts(user) == before
    # ...and so is one from an older screen of a flow that is still open.
    await tg.send(user, "/pay")
    await tg.press(user, "Mobile operators")
    await press_data(tg, user, categories.message_id, PayCb(action="cat", arg="3").pack())
    assert tg.callback_answers(user)[-1].text == "This button is no longer active."
    assert "Mobile operators" in paybot.last_text(user)


async def test_unsafe_html_from_paylov_is_escaped(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_form(user, "26277 - Юнусабадский ЭСП")
    await tg.send(user, "1000412")
    # The address has "<" and "&": the stand-in rejects broken HTML like Telegram does.
    preview = paybot.last_text(user)
    assert "<kv." in preview or "&" in preview


async def test_a_card_paylov_no_longer_holds_is_removed_and_another_can_be_added(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await _pay_with_new_card(paybot, user)
    [card] = await paybot.app.repos.cards.list_for_user(user.id)
    # Unbound at Paylov behind the bot's back (the bank, another channel, a sandbox restart).
    await paybot.app.paylov.delete_user_card(card.card_id)

    await paybot.open_electricity_account(user)
    await tg.send(user, "20 000")
    await tg.press(user, "Confirm and pay")
    await tg.press(user, "Yes, pay again")  # the same account was paid a moment ago
    texts = tg.bot_texts(user)
    assert any("860000******7878 is no longer linked" in text for text in texts[-3:]), texts
    assert "Type the card's expiry date" in paybot.last_text(user)
    assert await paybot.app.repos.cards.list_for_user(user.id) == []
    refused, paid_before = await paybot.payments(user)  # newest first
    assert (refused.status, refused.error_code) == (PaymentStatus.FAILED, "card_not_found")
    assert refused.transaction_id is None and paid_before.status == PaymentStatus.PAID

    await tg.send(user, HUMO_EXPIRY)
    await tg.send(user, HUMO)
    await tg.send(user, HUMO_OTP)
    await tg.press(user, "Confirm and pay")
    await tg.send(user, HUMO_OTP)
    assert "Payment successful" in paybot.last_text(user)
    assert "986009******9377" in paybot.last_text(user)


async def test_a_card_decline_returns_to_the_confirmation_to_pay_with_another_card(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await tg.send(user, "10 000")
    # The sandbox's card with 1 500 sum on it.
    await paybot.add_card_in_flow(user, "8600031234567891", "11/27", "456700")
    await tg.press(user, "Confirm and pay")
    await tg.send(user, "456700")
    text = paybot.last_text(user)
    assert "did not go through" in text and "Check the payment" in text
    assert "10 000" in text  # the amount and account stand
    declined = (await paybot.payments(user))[0]
    assert (declined.status, declined.error_code) == (PaymentStatus.FAILED, "insufficient_funds")

    await tg.press(user, "Add a card")
    await tg.send(user, HUMO_EXPIRY)
    await tg.send(user, HUMO)
    await tg.send(user, HUMO_OTP)
    await tg.press(user, "Confirm and pay")
    await tg.send(user, HUMO_OTP)
    assert "Payment successful" in paybot.last_text(user)
    paid, _ = await paybot.payments(user)
    assert paid.status == PaymentStatus.PAID and paid.card_mask == "986009******9377"
    assert paybot.sandbox.ledger.total() == 1
