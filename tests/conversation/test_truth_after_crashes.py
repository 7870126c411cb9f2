"""What the customer is told when a process dies mid-payment, when a code comes late, and when
they start paying an account they have just paid."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import open_app, start_dispatcher, stop_dispatcher
from bot.config import Settings
from bot.devtools.standin import FakeUser, TelegramStandIn, make_bot
from bot.paylov.sandbox import PaylovSandbox
from bot.payments.payment_flow import PaymentFlow, Pending
from bot.storage.models import NoticeKind, PaymentStatus
from bot.storage.repositories import Repositories
from tests.conversation.conftest import UZCARD_OTP, Paybot


async def _die_during_create(
    settings: Settings, sandbox: PaylovSandbox, user: FakeUser, bot: object
) -> int:
    """A process that takes the customer to Confirm and dies while `create` is in flight."""
    async with open_app(settings, sandbox=sandbox) as app:
        await start_dispatcher(app.dispatcher, bot)  # type: ignore[arg-type]
        paybot = Paybot(app, TelegramStandIn(app.dispatcher, bot), sandbox, Path())  # type: ignore[arg-type]
        await paybot.to_confirmation(user)
        sandbox.faults.inject("create", "timeout")  # Paylov sits on it: the process dies first
        press = asyncio.create_task(paybot.tg.press(user, "Confirm and pay"))
        async with asyncio.timeout(5):
            while sandbox.ledger.create_requests() == 0:  # noqa: ASYNC110 - no event to wait on
                await asyncio.sleep(0.01)
        press.cancel()  # kill -9: the update never finishes
        await asyncio.gather(press, return_exceptions=True)
        [payment] = await app.repos.payments.list_for_user(user.id)
        assert payment.status == PaymentStatus.NEW
        await stop_dispatcher(app.dispatcher, bot)  # type: ignore[arg-type]
        return payment.id


async def test_a_crash_during_create_is_told_at_restart_and_confirm_starts_again(
    settings: Settings, sandbox: PaylovSandbox
) -> None:
    user = FakeUser(id=7101, first_name="Nodira")
    bot = make_bot()  # Telegram, with the chat, outlives the process
    lost_id = await _die_during_create(settings, sandbox, user, bot)
    # The new process: no `create` of the old one can still be in flight.
    settings.payments.in_flight_grace = 0.0
    async with open_app(settings, sandbox=sandbox) as app:
        await start_dispatcher(app.dispatcher, bot)
        try:
            tg = TelegramStandIn(app.dispatcher, bot)
            told = await tg.wait_for_message(
                user, lambda m: "was not started" in m.plain, timeout=10
            )
            assert "Nothing was charged" in told.plain and "30 000" in told.plain
            lost = await app.repos.payments.get(lost_id)
            assert lost is not None and lost.status == PaymentStatus.FAILED
            # The Confirm screen is still there: it starts the payment anew.
            activity = await tg.press(user, "Confirm and pay")
            assert "Type it here to pay" in activity.last.plain
            activity = await tg.send(user, UZCARD_OTP)
            assert "Payment successful" in activity.sent[-1].plain
            new, old = await app.repos.payments.list_for_user(user.id)
            assert (new.status, old.id) == (PaymentStatus.PAID, lost_id)
            assert sandbox.ledger.total() == 1
        finally:
            await stop_dispatcher(app.dispatcher, bot)


async def test_a_code_typed_after_a_crash_during_create_gets_an_answer(
    settings: Settings, sandbox: PaylovSandbox
) -> None:
    user = FakeUser(id=7102, first_name="Jasur")
    bot = make_bot()
    await _die_during_create(settings, sandbox, user, bot)
    async with open_app(settings, sandbox=sandbox) as app:  # within the grace: maybe in flight
        await start_dispatcher(app.dispatcher, bot)
        try:
            tg = TelegramStandIn(app.dispatcher, bot)
            activity = await tg.send(user, UZCARD_OTP)
            assert "still being set up" in activity.last.plain
            # Once the grace is over the payment is closed, and the code is answered so.
            later = datetime.now(UTC) + timedelta(minutes=5)
            await PaymentFlow(app.paylov, app.repos, now=lambda: later).close_abandoned()
            activity = await tg.send(user, UZCARD_OTP)
            answer = activity.sent[-1].plain
            assert "was not started" in answer and "Nothing was charged" in answer
            assert sandbox.ledger.total() == 0
        finally:
            await stop_dispatcher(app.dispatcher, bot)


async def test_a_late_code_whose_answer_is_lost_is_never_given_up_too_soon(
    paybot: Paybot,
) -> None:
    """Code typed 29 minutes into the 30 allowed; `pay`'s answer lost while Paylov works on it.
    The give-up clock starts at that `pay`, not at the payment's creation."""
    tg, user, app = paybot.tg, paybot.user(), paybot.app
    await paybot.to_confirmation(user)
    await tg.press(user, "Confirm and pay")
    [payment] = await paybot.payments(user)
    late = payment.created_at + timedelta(minutes=29)

    def flow_at(moment: datetime) -> PaymentFlow:
        repos = Repositories.from_database(app.database, clock=lambda: moment)
        return PaymentFlow(
            app.paylov,
            repos,
            now=lambda: moment,
            give_up_after=timedelta(minutes=30),
            in_flight_grace=timedelta(minutes=2),
        )

    paybot.sandbox.faults.inject("pay", "timeout")  # not executed yet: Paylov says "created"
    outcome = await flow_at(late).pay(user.id, payment.id, UZCARD_OTP)
    assert isinstance(outcome, Pending)
    # 31 minutes after creation, 2 after the `pay`: still being checked, not "not paid".
    assert await flow_at(payment.created_at + timedelta(minutes=31)).recheck_unsettled() == []
    record = await app.repos.payments.get(payment.id)
    assert record is not None and record.status == PaymentStatus.PENDING
    # Only once the `pay` itself is older than the give-up time.
    [given_up] = await flow_at(late + timedelta(minutes=31)).recheck_unsettled()
    assert (given_up.id, given_up.status) == (payment.id, PaymentStatus.FAILED)
    kinds = [n.kind for n in await app.repos.notices.list_for_user(user.id)]
    assert kinds == [NoticeKind.PENDING, NoticeKind.FAILED]


async def test_paying_an_account_just_paid_shows_that_payment_and_asks_again(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_confirmation(user)
    await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)
    [first] = await paybot.payments(user)
    assert first.status == PaymentStatus.PAID and first.payment_ref
    creates = paybot.sandbox.ledger.create_requests()

    await paybot.open_electricity_account(user)
    await tg.send(user, "30000")
    activity = await tg.press(user, "Confirm and pay")
    warning = activity.last.plain
    assert "You already paid this account recently" in warning
    assert "30 000 sum" in warning and first.payment_ref in warning
    assert paybot.sandbox.ledger.create_requests() == creates  # nothing sent to Paylov
    # Back goes to the amount: nothing started.
    await tg.press(user, "Back")
    assert "Type the amount" in paybot.last_text(user)
    assert len(await paybot.payments(user)) == 1

    await tg.send(user, "30000")
    await paybot.confirm_again(user)  # a real second payment stays possible
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    second, _ = await paybot.payments(user)
    assert second.status == PaymentStatus.PAID and second.id != first.id
    assert paybot.sandbox.ledger.total() == 2


async def test_another_account_of_the_same_service_is_not_held_up(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_confirmation(user)
    await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)
    await paybot.open_electricity_form(user, "26277 - Юнусабадский ЭСП")
    await tg.send(user, "1000412")  # another account of the same service
    await tg.send(user, "30000")
    activity = await tg.press(user, "Confirm and pay")
    assert "Type it here to pay" in activity.last.plain
