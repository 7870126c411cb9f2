"""Mistakes do not throw a payment away (issue 12): what the customer already gave is kept,
each problem is said on the step's own prompt, and what went wrong is told plainly."""

from __future__ import annotations

from bot.storage.models import PaymentStatus
from tests.conversation.conftest import ELECTRICITY_ACCOUNT, UZCARD_OTP, Paybot


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
