"""The outbox: what a customer is owed about a payment is recorded with its status and delivered
until it arrives, exactly once, from whichever process gets there first."""

from __future__ import annotations

import asyncio

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties

from bot.app import PaybotApp, open_app, start_dispatcher, stop_dispatcher
from bot.config import Settings
from bot.devtools.fake_telegram import FakeTelegramSession
from bot.devtools.standin import FakeUser, TelegramStandIn, make_bot
from bot.paylov.sandbox import PaylovSandbox
from bot.storage.models import NoticeKind, NoticeStatus
from bot.storage.repositories import PaymentRecord, Repositories
from tests.conversation.conftest import Paybot


async def _paid_payments(repos: Repositories, user_id: int, count: int) -> list[PaymentRecord]:
    """`count` payments of one customer, each taken straight to paid (its receipt owed)."""
    await repos.users.get_or_create(user_id)
    await repos.users.set_language(user_id, "en")
    paid = []
    for number in range(count):
        draft = await repos.payments.create_draft(
            user_id=user_id,
            service_id="svc",
            service_name="Beeline",
            account={"phone": f"90{number:07d}"},
            account_label=f"90{number:07d}",
            amount=1_000 + number,
            card_id="card-1",
            card_mask="860000******7878",
        )
        assert await repos.payments.mark_created(draft.id, f"tx-{user_id}-{number}", None)
        assert await repos.payments.claim_for_pay(draft.id)
        record = await repos.payments.mark_paid(draft.id, f"ref-{number}", "2026-12-01 10:00:00")
        assert record is not None
        paid.append(record)
    return paid


def _bot_on(session: FakeTelegramSession) -> Bot:
    return Bot(token="42:TEST", session=session, default=DefaultBotProperties(parse_mode="HTML"))


async def test_each_status_change_owes_exactly_one_notice(paybot: Paybot) -> None:
    repos = paybot.app.repos
    [payment] = await _paid_payments(repos, 6001, 1)
    [notice] = await repos.notices.list_for_user(6001)
    assert (notice.payment_id, notice.kind) == (payment.id, NoticeKind.PAID)
    # The same status change again (a second process's recheck) wins nothing, owes nothing.
    assert await repos.payments.mark_paid(payment.id, None, None) is None
    assert len(await repos.notices.list_for_user(6001)) == 1


async def test_two_processes_deliver_each_receipt_once(
    settings: Settings, sandbox: PaylovSandbox
) -> None:
    """Two apps on one database (a deploy overlap, or replicas) race for the same notices."""
    telegram = FakeTelegramSession()  # one Telegram for both processes
    async with (
        open_app(settings, sandbox=sandbox) as first,
        open_app(settings, sandbox=sandbox) as second,
    ):
        bots = [_bot_on(telegram), _bot_on(telegram)]
        # Both started: their background senders race too, as two real processes would.
        for app, bot in zip((first, second), bots, strict=True):
            await start_dispatcher(app.dispatcher, bot)
        payments = await _paid_payments(first.repos, 6002, 12)
        for _ in range(3):
            await asyncio.gather(first.outbox.run_once(), second.outbox.run_once())
        for app, bot in zip((first, second), bots, strict=True):
            await stop_dispatcher(app.dispatcher, bot)
        receipts = [m for m in telegram.chat(6002).bot_messages if "Payment successful" in m.plain]
        assert len(receipts) == len(payments)
        assert sorted(m.plain.count("Reference: ref-") for m in receipts) == [1] * len(payments)
        notices = await first.repos.notices.list_for_user(6002)
        assert {n.status for n in notices} == {NoticeStatus.DELIVERED}
        assert await first.repos.notices.count_undelivered() == 0


async def test_a_receipt_owed_before_a_restart_is_delivered_after_it(
    settings: Settings, sandbox: PaylovSandbox
) -> None:
    async with open_app(settings, sandbox=sandbox) as app:
        # The process records the payment paid and dies before Telegram hears of it.
        [payment] = await _paid_payments(app.repos, 6003, 1)
    bot = make_bot()
    async with open_app(settings, sandbox=sandbox) as app:
        await start_dispatcher(app.dispatcher, bot)
        try:
            tg = TelegramStandIn(app.dispatcher, bot)
            user = FakeUser(id=6003, first_name="Bekzod")
            receipt = await tg.wait_for_message(
                user, lambda m: "Payment successful" in m.plain, timeout=10
            )
            assert "ref-0" in receipt.plain and payment.transaction_id in receipt.plain
            await _until_all_delivered(app.repos)
        finally:
            await stop_dispatcher(app.dispatcher, bot)


async def test_a_customer_who_blocked_the_bot_gets_the_receipt_when_they_write_again(
    paybot: Paybot,
) -> None:
    tg, user, app = paybot.tg, paybot.user(6004), paybot.app
    await paybot.begin(user)
    tg.block(user)
    await _stop_background(app)
    await _paid_payments(app.repos, user.id, 1)
    assert await app.outbox.run_once() == 0
    [notice] = await app.repos.notices.list_for_user(user.id)
    assert notice.status == NoticeStatus.HELD
    held_user = await app.repos.users.get(user.id)
    assert held_user is not None and held_user.notices_held
    # Nothing is tried while they block the bot: no retry storm against a 403.
    assert await app.outbox.run_once() == 0

    tg.block(user, blocked=False)
    activity = await tg.send(user, "/start")
    first, *_ = activity.sent
    assert "Payment successful" in first.plain  # before the answer to what they wrote
    assert "What would you like to do?" in activity.last.plain
    [notice] = await app.repos.notices.list_for_user(user.id)
    assert notice.status == NoticeStatus.DELIVERED
    released = await app.repos.users.get(user.id)
    assert released is not None and not released.notices_held


async def _until_all_delivered(repos: Repositories) -> None:
    """The sender records a delivery right after Telegram took the message."""
    async with asyncio.timeout(5):
        # The database has no event to wait on: a short poll, bounded by the timeout.
        while await repos.notices.count_undelivered():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


async def _stop_background(app: PaybotApp) -> None:
    """Only the test's own calls deliver from here on."""
    await app.outbox.stop()
    for watcher in app.watchers:
        await watcher.stop()
