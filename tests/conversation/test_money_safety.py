"""Lost answers, double taps, Paylov outages and restarts never charge twice or lose a record."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr

from bot.app import open_app, start_dispatcher, stop_dispatcher
from bot.config import Settings
from bot.devtools.standin import FakeUser, TelegramStandIn, make_bot
from bot.paylov.auth import StaticTokenAuth
from bot.paylov.client import PaylovClient
from bot.paylov.models import PayRequest
from bot.paylov.sandbox import PaylovSandbox
from bot.payments.payment_flow import CREATE_CUT_OFF, PaymentFlow, paylov_user_id
from bot.storage.models import NoticeKind, PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories
from bot.telegram.callbacks import HistoryCb
from tests.conversation.conftest import UZCARD_OTP, Paybot, press_data


async def _another_draft_like(
    repos: Repositories, payment: PaymentRecord, *, amount: int | None = None
) -> PaymentRecord:
    """A second `new` row of the same customer, account and card, written straight to storage."""
    return await repos.payments.create_draft(
        user_id=payment.user_id,
        service_id=payment.service_id,
        service_name=payment.service_name,
        account=payment.account,
        account_label=payment.account_label,
        amount=payment.amount if amount is None else amount,
        card_id=payment.card_id,
        card_mask=payment.card_mask,
    )


async def test_lost_pay_answer_is_charged_once_and_the_customer_told_the_truth(
    paybot: Paybot,
) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    paybot.sandbox.faults.inject("pay", "lose_answer")
    await paybot.tg.send(user, UZCARD_OTP)
    # The bot never resent pay: it asked the status, which says paid.
    assert "Payment successful" in paybot.last_text(user)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID
    assert paybot.sandbox.ledger.charges(payment.transaction_id or "") == 1
    assert paybot.sandbox.ledger.pay_requests(payment.transaction_id or "") == 1


async def test_unknown_outcome_stays_pending_then_the_watcher_tells_the_customer(
    paybot: Paybot,
) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    paybot.sandbox.faults.inject("pay", "lose_answer")
    paybot.sandbox.faults.inject("status", "error_5xx", times=None)
    await paybot.tg.send(user, UZCARD_OTP)
    assert "will message you" in paybot.last_text(user)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PENDING
    # Paylov answers again: the recheck settles the payment and messages the customer.
    paybot.sandbox.faults.clear()
    [watcher] = paybot.app.watchers
    settled = await watcher.run_once()
    assert [p.id for p in settled] == [payment.id]
    # The receipt comes from the outbox, which the settled payment wakes.
    await paybot.tg.wait_for_message(user, lambda m: "Payment successful" in m.plain, timeout=10)
    assert paybot.sandbox.ledger.charges(payment.transaction_id or "") == 1
    assert paybot.sandbox.ledger.pay_requests(payment.transaction_id or "") == 1


async def test_double_tap_on_confirm_creates_one_payment(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await tg.send(user, "30000")
    await paybot.add_card_in_flow(user)
    await tg.double_press(user, "Confirm and pay")
    payments = await paybot.payments(user)
    assert len(payments) == 1
    assert any(a.text == "This button is no longer active." for a in tg.callback_answers(user))
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)


async def test_the_code_sent_twice_pays_once(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_code_prompt(user)
    # Two updates with the code at once (isolation serializes them; the claim guards anyway).
    await asyncio.gather(tg.send(user, UZCARD_OTP), tg.send(user, UZCARD_OTP))
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID
    assert paybot.sandbox.ledger.total() == 1
    assert paybot.sandbox.ledger.pay_requests(payment.transaction_id or "") == 1


async def test_concurrent_pay_calls_on_one_payment_send_pay_once(paybot: Paybot) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    [payment] = await paybot.payments(user)
    flow = paybot.app.payments
    # Without the dispatcher's isolation (another process, say): the atomic claim decides.
    outcomes = await asyncio.gather(*(flow.pay(user.id, payment.id, UZCARD_OTP) for _ in range(5)))
    assert sum(type(o).__name__ == "Paid" for o in outcomes) == 1
    assert sum(type(o).__name__ == "AlreadyHandled" for o in outcomes) == 4
    assert paybot.sandbox.ledger.total() == 1
    assert paybot.sandbox.ledger.pay_requests(payment.transaction_id or "") == 1


async def test_paylov_unavailable_at_each_step_says_so_and_the_step_can_be_retried(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    faults = paybot.sandbox.faults
    await paybot.begin(user)
    faults.inject("list", "error_5xx", times=None)
    await tg.press(user, "Pay")
    assert "not answering" in paybot.last_text(user)
    faults.clear()
    await tg.press(user, "Try again")
    await tg.press(user, "Utilities")
    faults.inject("fields", "error_5xx", times=None)
    await tg.press(user, "Electricity")
    assert "not answering" in paybot.last_text(user)
    faults.clear()
    await tg.press(user, "Try again")
    await tg.press(user, "г. Ташкент")
    await tg.press(user, "26290 - Яшнабадский ЭСП")
    faults.inject("info", "error_5xx", times=None)
    await tg.send(user, "1000000")
    assert "not answering" in paybot.last_text(user)
    faults.clear()
    await tg.press(user, "Try again")
    assert "Account details" in paybot.last_text(user)
    await tg.send(user, "30000")
    await tg.share_contact(user, user.phone)
    await tg.send(user, "09/29")
    faults.inject("create_user_card", "error_5xx", times=None)
    await tg.send(user, "8600001234567878")
    assert "not answering" in paybot.last_text(user)
    assert "type the card number again" in paybot.last_text(user)
    faults.clear()
    await tg.send(user, "8600001234567878")  # the expiry is still kept: only the number again
    await tg.send(user, "456799")
    faults.inject("create", "error_5xx")
    await tg.press(user, "Confirm and pay")
    assert "Nothing was charged" in paybot.last_text(user)
    await tg.press(user, "Try again")
    assert "code was sent" in paybot.last_text(user)
    faults.inject("pay", "error_5xx")
    await tg.send(user, UZCARD_OTP)
    # A 5xx on pay is "outcome unknown": the status says it was not paid → the truth is told.
    payments = await paybot.payments(user)
    assert [p.status for p in payments] == [PaymentStatus.PENDING, PaymentStatus.FAILED]
    assert paybot.sandbox.ledger.total() == 0


async def test_a_payment_left_paying_by_a_crash_is_settled_at_start(
    settings: Settings, sandbox: PaylovSandbox, tmp_path: Path
) -> None:
    user = FakeUser(id=7001, first_name="Bobur")
    async with open_app(settings, sandbox=sandbox) as app:
        bot = make_bot()
        await start_dispatcher(app.dispatcher, bot)
        tg = TelegramStandIn(app.dispatcher, bot)
        await tg.send(user, "/start")
        await tg.press(user, "English")
        await tg.press(user, "Pay")
        await tg.press(user, "Utilities")
        await tg.press(user, "Electricity")
        await tg.press(user, "г. Ташкент")
        await tg.press(user, "26290 - Яшнабадский ЭСП")
        await tg.send(user, "1000000")
        await tg.send(user, "30000")
        await tg.share_contact(user, user.phone)
        for text in ("09/29", "8600001234567878", "456799"):
            await tg.send(user, text)
        await tg.press(user, "Confirm and pay")
        [payment] = await app.repos.payments.list_for_user(user.id, offset=0, limit=10)
        # The process claims the payment, sends pay, and dies before recording the answer.
        assert await app.repos.payments.claim_for_pay(payment.id)
        await app.paylov.pay(
            PayRequest(
                transaction_id=payment.transaction_id or "",
                card_id=payment.card_id or "",
                user_id=paylov_user_id("tg", user.id),
                otp=UZCARD_OTP,
            )
        )
        await stop_dispatcher(app.dispatcher, bot)
    # A new process on the same database, once the crashed one's `pay` can no longer be in
    # flight (the grace is over): the start-up recheck settles it and tells the customer.
    settings.payments.in_flight_grace = 0.0
    async with open_app(settings, sandbox=sandbox) as app:
        bot = make_bot()
        await start_dispatcher(app.dispatcher, bot)
        try:
            stand_in = TelegramStandIn(app.dispatcher, bot)
            # The start-up round runs in the background: the receipt is what it leads to.
            await stand_in.wait_for_message(
                user, lambda m: "Payment successful" in m.plain, timeout=10
            )
            record = await app.repos.payments.get(payment.id)
            assert record is not None and record.status == PaymentStatus.PAID
            assert sandbox.ledger.charges(payment.transaction_id or "") == 1
        finally:
            await stop_dispatcher(app.dispatcher, bot)


async def test_a_restart_while_the_code_is_awaited_keeps_the_conversation(
    settings: Settings, sandbox: PaylovSandbox
) -> None:
    """Conversations live in the database: after a deploy the customer just types the code."""
    user = FakeUser(id=7002, first_name="Dilnoza")
    bot = make_bot()  # Telegram's side, with the chat, outlives the bot's process
    async with open_app(settings, sandbox=sandbox) as app:
        await start_dispatcher(app.dispatcher, bot)
        paybot = Paybot(app, TelegramStandIn(app.dispatcher, bot), sandbox, Path())
        await paybot.to_code_prompt(user)
        assert "Type it here to pay" in paybot.last_text(user)
        await stop_dispatcher(app.dispatcher, bot)

    async with open_app(settings, sandbox=sandbox) as app:
        await start_dispatcher(app.dispatcher, bot)
        try:
            paybot = Paybot(app, TelegramStandIn(app.dispatcher, bot), sandbox, Path())
            await paybot.tg.send(user, UZCARD_OTP)
            assert "Payment successful" in paybot.last_text(user)
            [payment] = await paybot.payments(user)
            assert payment.status == PaymentStatus.PAID
            assert sandbox.ledger.charges(payment.transaction_id or "") == 1
        finally:
            await stop_dispatcher(app.dispatcher, bot)
            await bot.session.close()


async def test_the_rechecker_leaves_a_pay_in_flight_to_the_update_that_sent_it(
    paybot: Paybot,
) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    [payment] = await paybot.payments(user)
    [watcher] = paybot.app.watchers
    # The customer types a wrong code; Paylov is slow to answer, and the rechecker ticks
    # while `pay` is still on its way.
    # Slower than usual, yet inside the client's 1 s read timeout (tests' settings).
    paybot.sandbox.faults.inject("pay", "latency", latency=0.8)
    typing = asyncio.create_task(paybot.tg.send(user, "000000"))

    async def status() -> PaymentStatus | None:
        record = await paybot.app.repos.payments.get(payment.id)
        return record.status if record else None

    async with asyncio.timeout(0.7):  # until the update has claimed it and sent `pay`
        while await status() != PaymentStatus.PAYING:  # noqa: ASYNC110 - a row, no event to await
            await asyncio.sleep(0.01)
    assert await watcher.run_once() == []
    assert not typing.done()  # the tick really came while `pay` was on its way
    await typing
    assert "wrong" in paybot.last_text(user).lower()
    # The payment was released for another code, not taken for a lost answer.
    await paybot.tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    assert paybot.sandbox.ledger.charges(payment.transaction_id or "") == 1


async def test_pay_refused_as_already_paid_is_recorded_paid(paybot: Paybot) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    [payment] = await paybot.payments(user)
    # Paid by another way (another process whose record write was lost, say): our `pay` is
    # refused as already paid, which means the money moved.
    await paybot.app.paylov.pay(
        PayRequest(
            transaction_id=payment.transaction_id or "",
            card_id=payment.card_id or "",
            user_id=paylov_user_id("tg", user.id),
            otp=UZCARD_OTP,
        )
    )
    await paybot.tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    record = await paybot.app.repos.payments.get(payment.id)
    assert record is not None and record.status == PaymentStatus.PAID and record.payed_at
    assert paybot.sandbox.ledger.charges(payment.transaction_id or "") == 1


async def test_abandoned_payments_are_closed_and_nothing_is_charged(paybot: Paybot) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    [waiting] = await paybot.payments(user)
    repos = paybot.app.repos
    # A `create` whose answer a crash lost: the row stays `new`.
    lost = await _another_draft_like(repos, waiting, amount=1_000)
    soon = datetime.now(UTC) + timedelta(minutes=5)
    later = datetime.now(UTC) + timedelta(hours=1)
    flow = paybot.app.payments

    def at(moment: datetime) -> PaymentFlow:
        return PaymentFlow(paybot.app.paylov, repos, now=lambda: moment)

    assert await at(datetime.now(UTC)).close_abandoned() == []
    [failed] = await at(soon).close_abandoned()  # the code may still come: only `new` goes
    assert (failed.id, failed.status, failed.error_code) == (
        lost.id,
        PaymentStatus.FAILED,
        CREATE_CUT_OFF,
    )
    # The customer is owed a word about it (nothing was charged); the code wait is quiet.
    [notice] = await repos.notices.list_for_user(user.id)
    assert (notice.payment_id, notice.kind) == (lost.id, NoticeKind.CREATE_LOST)
    [cancelled] = await at(later).close_abandoned()
    assert (cancelled.id, cancelled.status) == (waiting.id, PaymentStatus.CANCELLED)
    # The code typed after all finds the payment closed; pay is never sent.
    outcome = await flow.pay(user.id, waiting.id, UZCARD_OTP)
    assert type(outcome).__name__ == "AlreadyHandled"
    assert paybot.sandbox.ledger.total() == 0


async def test_opening_cards_mid_payment_cancels_the_waiting_payment(paybot: Paybot) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    await paybot.tg.send(user, "/cards")
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.CANCELLED
    await paybot.tg.send(user, UZCARD_OTP)  # no longer a code: nothing is paid
    assert paybot.sandbox.ledger.total() == 0


async def test_a_transaction_paylov_does_not_know_is_given_up_like_an_unpaid_one(
    paybot: Paybot,
) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    [payment] = await paybot.payments(user)
    repos = paybot.app.repos
    # The record says pending for a transaction id Paylov has never heard of.
    await repos.payments.mark_failed(payment.id, "test", "reset")
    ghost = await _another_draft_like(repos, payment)
    await repos.payments.mark_created(ghost.id, "00000000-0000-0000-0000-000000000000", None)
    assert await repos.payments.claim_for_pay(ghost.id)
    assert await repos.payments.mark_pending(ghost.id)

    def at(moment: datetime) -> PaymentFlow:
        return PaymentFlow(paybot.app.paylov, repos, now=lambda: moment)

    assert await at(datetime.now(UTC)).recheck_unsettled() == []
    still = await repos.payments.get(ghost.id)
    assert still is not None and still.status == PaymentStatus.PENDING
    [given_up] = await at(datetime.now(UTC) + timedelta(hours=1)).recheck_unsettled()
    assert (given_up.id, given_up.status, given_up.error_code) == (
        ghost.id,
        PaymentStatus.FAILED,
        "expired",
    )


async def test_our_own_credentials_refused_never_give_a_payment_up(paybot: Paybot) -> None:
    """A 401 on `transaction/status` says nothing about the payment: it stays pending however
    long it has waited, and settles once the status can be read again."""
    tg, user = paybot.tg, paybot.user()
    await paybot.to_code_prompt(user)
    paybot.sandbox.faults.inject("pay", "lose_answer")
    paybot.sandbox.faults.inject("status", "error_5xx", times=None)
    await tg.send(user, UZCARD_OTP)
    paybot.sandbox.faults.clear()
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PENDING
    later = datetime.now(UTC) + timedelta(hours=2)  # long past the give-up time
    wrong_token = PaylovClient(paybot.sandbox.url, StaticTokenAuth(SecretStr("revoked-token")))
    try:
        assert (
            await PaymentFlow(wrong_token, paybot.app.repos, now=lambda: later).recheck_unsettled()
            == []
        )
    finally:
        await wrong_token.aclose()
    still = await paybot.app.repos.payments.get(payment.id)
    assert still is not None and still.status == PaymentStatus.PENDING

    flow = PaymentFlow(paybot.app.paylov, paybot.app.repos, now=lambda: later)
    [settled] = await flow.recheck_unsettled()
    assert settled.status == PaymentStatus.PAID  # the lost answer's `pay` went through


async def test_no_new_payment_of_an_account_while_an_earlier_one_may_still_go_through(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_code_prompt(user)
    paybot.sandbox.faults.inject("pay", "lose_answer")
    paybot.sandbox.faults.inject("status", "error_5xx", times=None)
    await tg.send(user, UZCARD_OTP)
    [pending] = await paybot.payments(user)
    assert pending.status == PaymentStatus.PENDING

    # History offers no "Pay again" for it, and an old such button only explains.
    await tg.send(user, "/history")
    await tg.press(user, "1.")
    buttons = [label for row in tg.buttons(tg.last_bot_message(user)) for label in row]
    assert not any("Pay again" in label for label in buttons)
    message = tg.last_bot_message(user)
    assert message is not None
    await press_data(tg, user, message.message_id, HistoryCb(action="again", arg=pending.id).pack())
    assert "still being confirmed" in (tg.callback_answers(user)[-1].text or "")

    # The same account through /pay: stopped at the confirmation, nothing sent to Paylov.
    creates = paybot.sandbox.ledger.create_requests()
    await paybot.open_electricity_account(user)
    await tg.send(user, "30000")
    await tg.press(user, "Confirm and pay")
    assert "still being confirmed" in paybot.last_text(user)
    assert paybot.sandbox.ledger.create_requests() == creates
    assert len(await paybot.payments(user)) == 1

    # Once it settles, the customer may pay again.
    paybot.sandbox.faults.clear()
    [watcher] = paybot.app.watchers
    await watcher.run_once()
    await tg.wait_for_message(user, lambda m: "Payment successful" in m.plain, timeout=10)
    # Paid a minute ago: a second payment of the account only on an explicit second yes.
    await paybot.confirm_again(user)
    new, settled = await paybot.payments(user)
    assert (new.status, settled.status) == (PaymentStatus.CREATED, PaymentStatus.PAID)
    assert any("Type it here to pay" in text for text in tg.bot_texts(user))


async def test_a_code_typed_after_the_payment_was_closed_ends_the_flow_clearly(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_code_prompt(user)
    later = datetime.now(UTC) + timedelta(hours=1)
    await PaymentFlow(paybot.app.paylov, paybot.app.repos, now=lambda: later).close_abandoned()
    await tg.send(user, UZCARD_OTP)
    assert "The code came too late" in paybot.last_text(user)
    assert "💸 Pay" in [b for row in tg.buttons(tg.last_bot_message(user)) for b in row]
    assert paybot.sandbox.ledger.total() == 0
