"""The SMS code that confirms a card: a lost answer, Paylov's ways of saying "done already" and
"wrong code"."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.devtools.standin import FakeUser
from bot.paylov.sandbox import PaylovSandbox
from bot.storage.models import PaymentStatus
from bot.telegram.states import AddCard, Pay
from tests.conversation.conftest import UZCARD, UZCARD_EXPIRY, UZCARD_OTP, Paybot

CARD_ADDED = "Card 860000******7878 added"
NOT_ANSWERING = "not answering"


@pytest.fixture
async def sandbox(request: pytest.FixtureRequest) -> AsyncIterator[PaylovSandbox]:
    """The sandbox, answering as the test's parameters say (indirect parametrization)."""
    options: dict[str, Any] = getattr(request, "param", {})
    sandbox = PaylovSandbox(hang_seconds=3.0, **options)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


async def _state(paybot: Paybot, user: FakeUser) -> str | None:
    return await paybot.app.dispatcher.fsm.get_context(paybot.tg.bot, user.id, user.id).get_state()


async def _to_binding_code(paybot: Paybot, user: FakeUser) -> None:
    tg = paybot.tg
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await tg.send(user, "10 000")
    await tg.share_contact(user, user.phone)
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, UZCARD)
    assert await _state(paybot, user) == AddCard.code.state


@pytest.mark.parametrize(
    "sandbox",
    [{"reconfirm_error": "card_not_found"}, {"reconfirm_error": "card_is_already_activated"}],
    indirect=True,
    ids=["card_not_found", "card_is_already_activated"],
)
async def test_a_lost_confirm_answer_then_the_code_again_adds_the_card_and_the_payment_goes_on(
    paybot: Paybot,
) -> None:
    tg, user, sandbox = paybot.tg, paybot.user(), paybot.sandbox
    await _to_binding_code(paybot, user)
    sandbox.faults.inject("confirm_user_card", "lose_answer")  # Paylov binds, the answer is lost
    activity = await tg.send(user, UZCARD_OTP)
    assert NOT_ANSWERING in activity.last.plain and "code" in activity.last.plain
    assert await paybot.app.repos.cards.list_for_user(user.id) == []
    assert await _state(paybot, user) == AddCard.code.state
    lookups = sandbox.ledger.requests("get_all_user_cards")
    activity = await tg.send(user, UZCARD_OTP)
    # Paylov was asked: by the adoption, then by the confirmation for the card's balance.
    assert sandbox.ledger.requests("get_all_user_cards") == lookups + 2
    assert CARD_ADDED in "\n".join(activity.texts)
    assert "not found" not in "\n".join(activity.texts)
    [card] = await paybot.app.repos.cards.list_for_user(user.id)
    assert card.masked_number == "860000******7878"
    assert await _state(paybot, user) == Pay.confirm.state
    await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID


@pytest.mark.parametrize("sandbox", [{"reconfirm_error": "card_not_found"}], indirect=True)
async def test_card_not_found_without_a_lost_answer_is_told_and_nothing_adopted(
    paybot: Paybot,
) -> None:
    tg, user, sandbox = paybot.tg, paybot.user(), paybot.sandbox
    await _to_binding_code(paybot, user)
    context = paybot.app.dispatcher.fsm.get_context(tg.bot, user.id, user.id)
    data = await context.get_data()
    data["draft"]["binding_cid"] = "a-binding-paylov-does-not-know"
    await context.set_data(data)
    lookups = sandbox.ledger.requests("get_all_user_cards")
    await tg.send(user, UZCARD_OTP)
    assert "The card was not found" in paybot.last_text(user)
    assert sandbox.ledger.requests("get_all_user_cards") == lookups
    assert await paybot.app.repos.cards.list_for_user(user.id) == []
    assert await _state(paybot, user) == AddCard.expiry.state


@pytest.mark.parametrize("sandbox", [{"wrong_otp_error": "otp_invalid"}], indirect=True)
async def test_otp_invalid_at_binding_asks_the_code_again(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_binding_code(paybot, user)
    activity = await tg.send(user, "111111")
    wrong = activity.last.plain
    assert wrong.startswith("⚠️ Wrong code. Check the SMS and type it again.\n\n")
    assert "This code links card ·" in wrong  # the re-ask names what the code authorises
    assert await _state(paybot, user) == AddCard.code.state
    activity = await tg.send(user, UZCARD_OTP)
    assert CARD_ADDED in "\n".join(activity.texts)
