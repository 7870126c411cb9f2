"""Telegram failing around a payment: the charged customer always gets the receipt, and no
message ever says "try again" once money may have moved."""

from __future__ import annotations

import asyncio

import pytest

from bot.devtools.standin import FakeUser
from bot.storage.fsm import DatabaseStorage
from bot.storage.models import NoticeKind, NoticeStatus, PaymentStatus
from bot.storage.repositories import NoticeRecord
from bot.telegram.outbox import Outbox
from tests.conversation.conftest import UZCARD_OTP, Paybot

TRY_AGAIN = ("try again", "went wrong")


def _is_receipt(method: object) -> bool:
    return "Payment successful" in (getattr(method, "text", "") or "")


def _no_try_again(paybot: Paybot, user: FakeUser) -> None:
    texts = [text.lower() for text in paybot.tg.bot_texts(user)]
    assert not [t for t in texts if any(phrase in t for phrase in TRY_AGAIN)], texts


async def _charged_once(paybot: Paybot, user: FakeUser) -> None:
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID
    assert paybot.sandbox.ledger.pay_requests(payment.transaction_id or "") == 1
    assert paybot.sandbox.ledger.charges(payment.transaction_id or "") == 1


async def _delivered(paybot: Paybot, user: FakeUser) -> NoticeRecord:
    """The customer's one notice, once the sender recorded it delivered (right after sending)."""
    async with asyncio.timeout(5):
        while True:
            [notice] = await paybot.app.repos.notices.list_for_user(user.id)
            if notice.status == NoticeStatus.DELIVERED:
                return notice
            await asyncio.sleep(0.01)


@pytest.mark.parametrize("kind", ["server_error", "timeout"])
async def test_a_receipt_telegram_keeps_failing_is_sent_again_later(
    paybot: Paybot, kind: str
) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    faults = paybot.tg.session.faults
    # More failures than the update's own retries: the outbox takes over.
    faults.inject("sendMessage", kind, times=3, when=_is_receipt)
    await paybot.tg.send(user, UZCARD_OTP)
    assert len(faults.fired) == 3
    receipt = await paybot.tg.wait_for_message(
        user, lambda m: "Payment successful" in m.plain, timeout=10
    )
    assert "30 000" in receipt.plain
    _no_try_again(paybot, user)
    await _charged_once(paybot, user)
    notice = await _delivered(paybot, user)
    assert (notice.kind, notice.status, notice.attempts) == (
        NoticeKind.PAID,
        NoticeStatus.DELIVERED,
        2,
    )


async def test_a_429_on_the_receipt_waits_and_sends_it_in_the_same_update(paybot: Paybot) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    paybot.tg.session.faults.inject("sendMessage", "retry_after", retry_after=1, when=_is_receipt)
    activity = await paybot.tg.send(user, UZCARD_OTP)
    assert any("Payment successful" in m.plain for m in activity.sent)
    _no_try_again(paybot, user)
    await _charged_once(paybot, user)


async def test_a_customer_who_blocked_the_bot_gets_the_receipt_when_back(paybot: Paybot) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    faults = paybot.tg.session.faults
    faults.inject("sendMessage", "forbidden", times=None, when=_is_receipt)
    await paybot.tg.send(user, UZCARD_OTP)
    [notice] = await paybot.app.repos.notices.list_for_user(user.id)
    assert notice.status == NoticeStatus.HELD
    faults.clear()
    activity = await paybot.tg.send(user, "/history")
    assert "Payment successful" in activity.sent[0].plain  # first, before the history
    _no_try_again(paybot, user)
    await _charged_once(paybot, user)


async def test_telegram_failing_on_the_code_screen_still_lets_the_code_be_typed(
    paybot: Paybot,
) -> None:
    """The SMS went out; the screen saying so could not be drawn. The flow knows its payment
    (saved before `create`), so the customer is told where they are and the code works."""
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await tg.send(user, "30000")
    await paybot.add_card_in_flow(user)
    tg.session.faults.inject("editMessageText", "retry_after", retry_after=1, times=3)
    activity = await tg.press(user, "Confirm and pay")
    told = [a.text for a in activity.callback_answers] + [m.plain for m in activity.sent]
    assert any("Type it here to pay" in (text or "") for text in told), told
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    _no_try_again(paybot, user)
    await _charged_once(paybot, user)


async def test_an_error_after_the_money_moved_tells_the_truth_not_try_again(
    paybot: Paybot, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)

    async def broken(*_: object, **__: object) -> bool:
        raise RuntimeError("a bug after pay")

    monkeypatch.setattr(Outbox, "deliver_for", broken)
    activity = await paybot.tg.send(user, UZCARD_OTP)
    assert "Your payment went through" in activity.sent[-1].plain
    _no_try_again(paybot, user)
    monkeypatch.undo()
    # The receipt was recorded with the payment: the outbox still delivers it.
    await paybot.tg.wait_for_message(user, lambda m: "Payment successful" in m.plain, timeout=10)
    await _charged_once(paybot, user)


async def test_an_error_while_pay_is_unsettled_says_we_are_checking(
    paybot: Paybot, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    paybot.sandbox.faults.inject("pay", "timeout")
    paybot.sandbox.faults.inject("status", "error_5xx", times=None)

    async def broken(*_: object, **__: object) -> bool:
        raise RuntimeError("a bug after pay")

    monkeypatch.setattr(Outbox, "deliver_for", broken)
    activity = await paybot.tg.send(user, UZCARD_OTP)
    assert "being confirmed" in activity.sent[-1].plain
    _no_try_again(paybot, user)


async def test_the_error_handler_survives_a_callback_it_cannot_answer(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    faults = tg.session.faults
    # The press cannot be answered: the error handler falls back to a message.
    faults.inject("answerCallbackQuery", "forbidden", times=None)
    activity = await tg.press(user, "Pay")
    assert "Something went wrong" in activity.sent[-1].plain  # no payment at stake here
    # Nor can anything be sent: the handler gives up quietly, the dispatcher is unharmed.
    faults.inject("sendMessage", "server_error", times=3)
    activity = await tg.press(user, "Pay")
    assert activity.handled and not activity.sent
    faults.clear()
    await tg.press(user, "Pay")
    assert "Choose a category" in paybot.last_text(user)


async def test_a_failure_before_the_language_is_known_is_told_in_telegrams_language(
    paybot: Paybot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading the conversation is the first thing an update does, before the i18n middleware:
    when it fails, the customer is still answered, in the language Telegram reports."""
    tg, user = paybot.tg, paybot.user(language="ru")
    await paybot.begin(user, "Русский")

    async def unreadable(*_: object, **__: object) -> None:
        raise RuntimeError("the conversation could not be read")

    monkeypatch.setattr(DatabaseStorage, "_load", unreadable)
    activity = await tg.press(user, "Оплатить")
    [alert] = activity.callback_answers
    assert alert.show_alert and "Что-то пошло не так" in (alert.text or "")
    monkeypatch.undo()
    await tg.press(user, "Оплатить")
    assert "категорию" in paybot.last_text(user)
