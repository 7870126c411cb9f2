"""Admin alerts: each fires once, in each admin's language; is rate-limited; is not sent twice
by two alerters (two replicas) on one database; a failed send is tried again; each clears.

The alerters run against the real app's database and the sandbox; their clocks are moved by
hand, so nothing waits for minutes to pass."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.config import OpsSettings
from bot.ops.alerts import Alerter, AlertKind, PaylovWatch
from bot.ops.health import Readiness
from bot.paylov.client import TOKEN_ENDPOINT, PaylovCallEvent
from bot.storage.alerts import AlertRepository
from bot.storage.models import NoticeStatus
from bot.storage.types import utc_now
from tests.conversation.conftest import ADMIN_ID, UZCARD_OTP, Paybot

RU_ADMIN = 900_002
ADMINS = [ADMIN_ID, RU_ADMIN]


class Clock:
    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def _settings(**changes: float) -> OpsSettings:
    settings = OpsSettings(_env_file=None)
    for name, value in changes.items():
        setattr(settings, name, value)
    return settings


def _alerter(
    paybot: Paybot,
    clock: Clock,
    settings: OpsSettings,
    *,
    watch: PaylovWatch | None = None,
    probe: Callable[[], Awaitable[object]] | None = None,
) -> Alerter:
    """One replica's alerter on the app's database, sending through the stand-in's bot."""
    app = paybot.app
    alerter = Alerter(
        app.repos,
        AlertRepository(app.database, clock=clock),
        app.i18n.core,
        watch or PaylovWatch(clock),
        ADMINS,
        settings,
        probe=probe,
        clock=clock,
    )
    alerter.attach(paybot.tg.bot)
    return alerter


async def _admins_speak(paybot: Paybot) -> None:
    users = paybot.app.repos.users
    for admin_id, language in ((ADMIN_ID, "en"), (RU_ADMIN, "ru")):
        await users.get_or_create(admin_id)
        await users.set_language(admin_id, language)


def _texts(paybot: Paybot, chat_id: int) -> list[str]:
    return [message.plain for message in paybot.tg.session.chat(chat_id).messages]


async def _unsettled_payment(paybot: Paybot) -> int:
    """A `pay` with no answer, and no status to be had: the payment stays unsettled."""
    user = paybot.user()
    await paybot.to_code_prompt(user)
    paybot.sandbox.faults.inject("pay", "lose_answer")
    paybot.sandbox.faults.inject("status", "error_5xx", times=None)
    await paybot.tg.send(user, UZCARD_OTP)
    paybot.sandbox.faults.clear()
    [payment] = await paybot.payments(user)
    assert payment.status.may_still_go_through
    return payment.id


async def test_an_unsettled_payment_alerts_once_per_period_across_replicas_and_clears(
    paybot: Paybot,
) -> None:
    await _admins_speak(paybot)
    payment_id = await _unsettled_payment(paybot)
    clock = Clock()
    settings = _settings(alert_unsettled_after=900, alert_repeat=1800)
    one, two = _alerter(paybot, clock, settings), _alerter(paybot, clock, settings)

    assert await one.run_once() == []  # young yet
    clock.advance(minutes=16)
    assert await one.run_once() == [
        (AlertKind.UNSETTLED, ADMIN_ID, True),
        (AlertKind.UNSETTLED, RU_ADMIN, True),
    ]
    [english] = _texts(paybot, ADMIN_ID)
    assert "Payments unsettled" in english and "1 payments" in english and "16 min" in english
    [russian] = _texts(paybot, RU_ADMIN)
    assert "Платежи без результата" in russian
    # The other replica sees the same payment: the admins were told already.
    assert await two.run_once() == []
    clock.advance(minutes=10)
    assert await one.run_once() == [] and await two.run_once() == []
    # A period later, still unsettled: told again, once, though both replicas look at once.
    clock.advance(minutes=21)
    both = await asyncio.gather(one.run_once(), two.run_once())
    assert sorted(both[0] + both[1]) == sorted(
        [(AlertKind.UNSETTLED, ADMIN_ID, True), (AlertKind.UNSETTLED, RU_ADMIN, True)]
    )
    assert len(_texts(paybot, ADMIN_ID)) == 2

    await paybot.app.repos.payments.mark_paid(payment_id, "ref-1", None)  # a recheck settles it
    both = await asyncio.gather(one.run_once(), two.run_once())
    assert sorted(both[0] + both[1]) == sorted(
        [(AlertKind.UNSETTLED, ADMIN_ID, False), (AlertKind.UNSETTLED, RU_ADMIN, False)]
    )
    assert "has its outcome again" in _texts(paybot, ADMIN_ID)[-1]
    assert "снова есть результат" in _texts(paybot, RU_ADMIN)[-1]
    assert await one.run_once() == [] and await two.run_once() == []


async def test_a_failed_send_is_tried_again_next_round(paybot: Paybot) -> None:
    await _admins_speak(paybot)
    await _unsettled_payment(paybot)
    clock = Clock()
    clock.advance(minutes=16)
    alerter = _alerter(paybot, clock, _settings())
    paybot.tg.session.faults.inject("sendMessage", "server_error", times=None, chat_id=ADMIN_ID)
    assert await alerter.run_once() == [(AlertKind.UNSETTLED, RU_ADMIN, True)]  # no exception
    assert _texts(paybot, ADMIN_ID) == []
    paybot.tg.session.faults.clear()
    assert await alerter.run_once() == [(AlertKind.UNSETTLED, ADMIN_ID, True)]
    assert len(_texts(paybot, ADMIN_ID)) == 1 and len(_texts(paybot, RU_ADMIN)) == 1


async def test_paylov_failing_for_minutes_alerts_and_clears(paybot: Paybot) -> None:
    await _admins_speak(paybot)
    clock = Clock()
    watch = PaylovWatch(clock)
    paybot.app.paylov.observers.append(watch)
    # The alerter's own question to Paylov each round, never cached here.
    readiness = Readiness(paybot.app.database, paybot.app.paylov, paylov_cache=0)
    alerter = _alerter(
        paybot, clock, _settings(alert_paylov_after=180), watch=watch, probe=readiness.paylov
    )
    paybot.sandbox.faults.inject("status", "error_5xx", times=None)
    assert await alerter.run_once() == []  # failing, but not for long yet
    clock.advance(minutes=2)
    assert await alerter.run_once() == []
    clock.advance(minutes=2)
    assert await alerter.run_once() == [
        (AlertKind.PAYLOV_DOWN, ADMIN_ID, True),
        (AlertKind.PAYLOV_DOWN, RU_ADMIN, True),
    ]
    assert "Paylov is not answering" in _texts(paybot, ADMIN_ID)[-1]
    assert "every call has failed for 4 min" in _texts(paybot, ADMIN_ID)[-1]
    clock.advance(minutes=1)
    assert await alerter.run_once() == []
    paybot.sandbox.faults.clear()
    clock.advance(minutes=1)
    assert await alerter.run_once() == [
        (AlertKind.PAYLOV_DOWN, ADMIN_ID, False),
        (AlertKind.PAYLOV_DOWN, RU_ADMIN, False),
    ]
    assert _texts(paybot, RU_ADMIN)[-1] == "✅ Paylov снова отвечает."


def test_a_refusal_is_paylov_answering_and_a_token_failure_is_its_own() -> None:
    clock = Clock()
    watch = PaylovWatch(clock)
    fields = "servicePayment/fields/{service_id}/"
    watch(PaylovCallEvent(fields, "unavailable", 0.1))
    clock.advance(minutes=5)
    watch(PaylovCallEvent(fields, "refused", 0.1))  # Paylov said no: it answers
    assert watch.down.length() == timedelta(0)
    watch(PaylovCallEvent(TOKEN_ENDPOINT, "auth", 0.1))
    watch(PaylovCallEvent(fields, "auth", 0.1))  # the call that wanted the token
    clock.advance(minutes=4)
    watch(PaylovCallEvent(TOKEN_ENDPOINT, "unavailable", 0.1))
    watch(PaylovCallEvent(fields, "unavailable", 0.1))
    assert watch.token.length() == timedelta(minutes=4)
    assert watch.down.length() == timedelta(0)  # one failing call only: not for minutes
    watch(PaylovCallEvent(fields, "ok", 0.1))
    assert watch.token.length() == timedelta(0)


async def test_a_token_that_cannot_be_had_alerts(paybot: Paybot) -> None:
    await _admins_speak(paybot)
    clock = Clock()
    watch = PaylovWatch(clock)
    alerter = _alerter(paybot, clock, _settings(alert_paylov_after=180), watch=watch)
    watch(PaylovCallEvent(TOKEN_ENDPOINT, "auth", 0.1))
    clock.advance(minutes=3)
    watch(PaylovCallEvent(TOKEN_ENDPOINT, "auth", 0.1))
    sent = await alerter.run_once()
    assert (AlertKind.PAYLOV_TOKEN, ADMIN_ID, True) in sent
    assert "No Paylov access token" in _texts(paybot, ADMIN_ID)[-1]


async def test_the_outbox_backing_up_alerts_and_clears(paybot: Paybot) -> None:
    await _admins_speak(paybot)
    user = paybot.user()
    await paybot.to_code_prompt(user)
    # The customer blocked the bot: their receipt waits (held) until they write again.
    paybot.tg.session.faults.inject("sendMessage", "forbidden", times=None, chat_id=user.id)
    await paybot.tg.send(user, UZCARD_OTP)
    [notice] = await paybot.app.repos.notices.list_for_user(user.id)
    assert notice.status == NoticeStatus.HELD
    clock = Clock()
    alerter = _alerter(paybot, clock, _settings(alert_outbox_depth=1))
    sent = await alerter.run_once()
    assert sent == [(AlertKind.OUTBOX, ADMIN_ID, True), (AlertKind.OUTBOX, RU_ADMIN, True)]
    assert "1 receipts and notices are waiting" in _texts(paybot, ADMIN_ID)[-1]
    paybot.tg.session.faults.clear()
    await paybot.tg.send(user, "/history")  # back: the receipt goes out first
    sent = await alerter.run_once()
    assert sent == [(AlertKind.OUTBOX, ADMIN_ID, False), (AlertKind.OUTBOX, RU_ADMIN, False)]
