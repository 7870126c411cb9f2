"""/metrics after a real payment through the dispatcher: what moved, and that no id leaks into
a label."""

from __future__ import annotations

import httpx

from bot.storage.models import PaymentStatus
from tests.conversation.conftest import ELECTRICITY_ID, UZCARD_OTP, Paybot
from tests.ops.conftest import samples, scrape, value


async def test_a_payment_moves_the_counters_and_gauges(
    paybot: Paybot, ops: httpx.AsyncClient
) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    # Telegram answers one message with a 429 (the delivery policy waits its second and resends).
    paybot.tg.session.faults.inject("sendMessage", "retry_after", retry_after=1)
    await paybot.tg.send(user, UZCARD_OTP)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID
    assert paybot.tg.session.faults.fired  # the 429 did happen

    scraped = await scrape(ops)
    pay = "servicePayment/pay/"
    assert value(scraped, "paybot_paylov_calls_total", endpoint=pay, outcome="ok") == 1
    assert value(scraped, "paybot_paylov_seconds_count", endpoint=pay) == 1
    create = "servicePayment/create/"
    assert value(scraped, "paybot_paylov_calls_total", endpoint=create, outcome="ok") == 1
    assert value(scraped, "paybot_payments", status=PaymentStatus.PAID.value) == 1
    assert value(scraped, "paybot_payments", status=PaymentStatus.PAYING.value) == 0
    assert value(scraped, "paybot_unsettled_payments") == 0
    assert value(scraped, "paybot_oldest_unsettled_pay_age_seconds") == 0
    assert value(scraped, "paybot_outbox_depth") == 0
    errors = "paybot_bot_api_errors_total"
    assert value(scraped, errors, method="sendMessage", error="retry_after") == 1
    # The retried request was a request too: at least the 429 and its resend.
    assert value(scraped, "paybot_bot_api_requests_total", method="sendMessage") >= 2
    # Every update the customer sent was counted by the handler that took it.
    handled = sum(
        count
        for (name, labels), count in scraped.items()
        if name == "paybot_updates_total" and ("outcome", "handled") in labels
    )
    assert handled == len(paybot.tg.updates)
    timed = sum(
        count for (name, _), count in scraped.items() if name == "paybot_handler_seconds_count"
    )
    assert timed == len(paybot.tg.updates)


async def test_unsettled_payments_and_the_outbox_are_read_at_scrape_time(
    paybot: Paybot, ops: httpx.AsyncClient
) -> None:
    user = paybot.user()
    await paybot.to_code_prompt(user)
    # `pay` gets no answer and neither does its status: the payment stays unsettled; the
    # metrics read it from the database, whichever replica wrote it.
    paybot.sandbox.faults.inject("pay", "lose_answer")
    paybot.sandbox.faults.inject("status", "error_5xx", times=None)
    await paybot.tg.send(user, UZCARD_OTP)
    [payment] = await paybot.payments(user)
    assert payment.status in {PaymentStatus.PAYING, PaymentStatus.PENDING}
    scraped = await scrape(ops)
    assert value(scraped, "paybot_unsettled_payments") == 1
    assert value(scraped, "paybot_payments", status=payment.status.value) == 1
    assert value(scraped, "paybot_oldest_unsettled_pay_age_seconds") > 0
    pay = "servicePayment/pay/"
    assert value(scraped, "paybot_paylov_calls_total", endpoint=pay, outcome="unknown") == 1


async def test_no_label_carries_an_id(paybot: Paybot, ops: httpx.AsyncClient) -> None:
    user = paybot.user(user_id=7_654_321)
    await paybot.to_code_prompt(user)
    await paybot.tg.send(user, UZCARD_OTP)
    [payment] = await paybot.payments(user)
    exposition = (await ops.get("/metrics")).text
    assert payment.transaction_id
    for an_id in (str(user.id), payment.transaction_id, ELECTRICITY_ID):
        assert an_id not in exposition
    labels = {name for (_, pairs) in samples(exposition) for name, _ in pairs}
    assert labels <= {"handler", "outcome", "method", "error", "endpoint", "status", "le"}
