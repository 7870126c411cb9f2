"""Deleting the customer's secret (a card number, an expiry, a code) is best effort: when Telegram
refuses or does not answer, the step goes on as if it had been deleted, and nothing secret is
logged."""

from __future__ import annotations

import logging

import pytest

from bot.devtools.standin import FakeUser
from bot.devtools.telegram_faults import FaultKind
from bot.storage.models import PaymentStatus
from bot.telegram.states import AddCard, Pay
from tests.conversation.conftest import UZCARD, UZCARD_EXPIRY, UZCARD_OTP, Paybot

DELETE_FAULTS = ["forbidden", "server_error", "timeout", "retry_after", "edit_not_found"]
RETRIED = {"server_error", "timeout", "retry_after"}


async def _state(paybot: Paybot, user: FakeUser) -> str | None:
    context = paybot.app.dispatcher.fsm.get_context(paybot.tg.bot, user.id, user.id)
    return await context.get_state()


async def _to_card_steps(paybot: Paybot, user: FakeUser) -> None:
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await paybot.tg.send(user, "50 000")
    await paybot.tg.share_contact(user, user.phone)
    assert await _state(paybot, user) == AddCard.expiry.state


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{record.getMessage()} {record.exc_text or ''}" for record in caplog.records)


def _delete_refusals(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name == "bot.telegram.cleanup" and "could not delete" in record.getMessage()
    ]


@pytest.mark.parametrize("kind", DELETE_FAULTS)
async def test_the_code_still_pays_once_when_its_message_cannot_be_deleted(
    paybot: Paybot, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    await paybot.add_card_in_flow(user)
    await tg.press(user, "Confirm and pay")
    assert await _state(paybot, user) == Pay.code.state
    caplog.set_level(logging.DEBUG)
    # The bot's session itself retries a 5xx, a timeout or a 429 twice: all three fail here.
    times = 3 if kind in RETRIED else 1
    tg.session.faults.inject("deleteMessage", kind, times=times, chat_id=user.id)

    await tg.send(user, UZCARD_OTP)

    assert [fault.kind for fault in tg.session.faults.fired] == [FaultKind(kind)] * times
    assert "Payment successful" in paybot.last_text(user)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID and payment.transaction_id is not None
    assert paybot.sandbox.ledger.pay_requests(payment.transaction_id) == 1
    assert paybot.sandbox.ledger.charges(payment.transaction_id) == 1
    assert await _state(paybot, user) is None
    [refusal] = _delete_refusals(caplog)
    assert refusal.levelno == logging.INFO
    assert UZCARD_OTP not in _logged(caplog)
    assert not any(record.levelno >= logging.ERROR for record in caplog.records)


@pytest.mark.parametrize("kind", DELETE_FAULTS)
async def test_adding_a_card_works_when_no_secret_can_be_deleted(
    paybot: Paybot, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    caplog.set_level(logging.DEBUG)
    tg.session.faults.inject("deleteMessage", kind, times=None, chat_id=user.id)

    await tg.send(user, UZCARD_EXPIRY)
    assert await _state(paybot, user) == AddCard.number.state
    await tg.send(user, UZCARD)
    assert await _state(paybot, user) == AddCard.code.state
    await tg.send(user, UZCARD_OTP)

    # The expiry, the number and the code; each tried three times where the session retries.
    assert len(tg.session.faults.fired) == 3 * (3 if kind in RETRIED else 1)
    assert await _state(paybot, user) == Pay.confirm.state
    [card] = await paybot.app.repos.cards.list_for_user(user.id)
    assert card.masked_number.endswith("7878")
    assert "860000******7878" in paybot.last_text(user)
    assert len(_delete_refusals(caplog)) == 3
    logged = _logged(caplog)
    assert UZCARD not in logged and UZCARD_OTP not in logged
    assert not any(record.levelno >= logging.ERROR for record in caplog.records)
    # The payment goes on from the confirmation.
    tg.session.faults.clear()
    await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)


async def test_a_card_number_out_of_place_is_warned_about_when_it_cannot_be_deleted(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    tg.session.faults.inject("deleteMessage", "forbidden", chat_id=user.id)
    activity = await tg.send(user, UZCARD)
    assert len(tg.session.faults.fired) == 1
    assert any("card number" in text for text in activity.texts), activity.summary()
