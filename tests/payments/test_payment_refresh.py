"""PaymentFlow.refresh asks Paylov about a payment only while it may still go through."""

from __future__ import annotations

import pytest

from bot.paylov.client import PaylovClient
from bot.paylov.sandbox import PaylovSandbox
from bot.payments.payment_flow import PaymentFlow
from bot.storage.models import PaymentStatus
from bot.storage.repositories import Repositories
from tests.storage.helpers import FakeClock, make_payment


@pytest.mark.parametrize("status", list(PaymentStatus))
async def test_refresh_asks_paylov_only_when_pay_may_still_go_through(
    static_client: PaylovClient,
    sandbox: PaylovSandbox,
    repos: Repositories,
    clock: FakeClock,
    status: PaymentStatus,
) -> None:
    flow = PaymentFlow(static_client, repos, now=clock)
    payment = await make_payment(repos, status)
    refreshed = await flow.refresh(payment)
    asked = sandbox.ledger.requests("status")
    if status in {PaymentStatus.PAYING, PaymentStatus.PENDING}:
        # The sandbox has no such transaction: a refusal, and within the give-up time it
        # stays pending for the watcher.
        assert asked == 1
        assert refreshed.status is PaymentStatus.PENDING
    else:
        assert asked == 0
        assert refreshed == payment
