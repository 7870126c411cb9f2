"""The customer learns the truth about their money through the real process's deploys and
crashes: SIGTERM mid-`pay`, kill -9 mid-`create`, mid-`pay` and with a receipt still owed, two
processes on one database, and a slow Paylov at start.

One world for the module (`shared_harness`); each test has its own customers. The sandbox
ledger and the SQLite file are the witnesses.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from contextlib import closing

import pytest

from tests.process.flows import (
    ASKS_PAY_CODE,
    CONFIRMATION,
    RECEIPT,
    UZCARD_OTP,
    begin,
    bind_card_in_flow,
    expect,
    open_electricity_amount,
    stored_payments,
)
from tests.process.harness import START_TIMEOUT, Customer, Harness

pytestmark = pytest.mark.asyncio(loop_scope="module")

FLOW_TIMEOUT = 60.0
NOT_STARTED = "was not started"
CHECKING = "will message you"


async def _until(check: Callable[[], object], timeout: float = 15.0) -> None:  # noqa: ASYNC109
    """For witnesses with no event to wait on (the sandbox ledger, the SQLite file)."""
    async with asyncio.timeout(timeout):
        while not check():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def _to_confirmation(customer: Customer, amount: str = "30000") -> None:
    await begin(customer)
    await open_electricity_amount(customer)
    await customer.send(amount)
    await bind_card_in_flow(customer)
    expect(customer, CONFIRMATION)


async def _to_code(customer: Customer) -> None:
    await _to_confirmation(customer)
    await customer.press("Confirm and pay")
    expect(customer, ASKS_PAY_CODE)


def _count(customer: Customer, text: str) -> int:
    return sum(text in message for message in customer.texts)


def _notices(harness: Harness, user_id: int) -> list[tuple[str, str]]:
    connection = sqlite3.connect(f"file:{harness.db_path}?mode=ro", uri=True)
    with closing(connection):
        rows = connection.execute(
            "SELECT kind, status FROM notices WHERE user_id = ? ORDER BY id", (user_id,)
        ).fetchall()
    return [(str(kind), str(status)) for kind, status in rows]


async def test_sigterm_lets_a_pay_in_flight_finish_and_a_slow_paylov_holds_no_start_up(
    shared_harness: Harness,
) -> None:
    harness = shared_harness
    sandbox = harness.sandbox
    async with asyncio.timeout(2 * START_TIMEOUT + 2 * FLOW_TIMEOUT):
        bot = await harness.running_bot()
        mark = bot.log_mark()
        # One customer's payment is left pending: the next start will recheck it.
        nilufar = harness.customer(6102)
        await _to_code(nilufar)
        sandbox.faults.inject("pay", "lose_answer")
        sandbox.faults.inject("status", "error_5xx", times=None)
        await nilufar.send(UZCARD_OTP)
        expect(nilufar, CHECKING)  # and Paylov's status stays down while this process runs

        kamola = harness.customer(6101)
        await _to_code(kamola)
        [(_, kamola_tx)] = stored_payments(harness.db_path, kamola.id)
        assert kamola_tx is not None
        harness.sandbox.faults.inject("pay", "latency", latency=1.5)  # Paylov is slow today
        await harness.api.send_text(kamola.id, UZCARD_OTP)
        await _until(lambda: harness.sandbox.ledger.pay_requests(kamola_tx) == 1)
        bot.terminate()  # a deploy, while `pay` waits for its answer
        assert await bot.wait_exit(timeout=30) == 0
        log = bot.log(since=mark)
        # The old process itself recorded the answer and sent the receipt before it stopped.
        receipt = expect(kamola, RECEIPT)
        [(status, transaction)] = stored_payments(harness.db_path, kamola.id)
        assert status == "paid" and transaction and transaction in receipt
        assert harness.sandbox.ledger.pay_requests(transaction) == 1
        assert _notices(harness, kamola.id) == [("paid", "delivered")]
        assert "Traceback" not in log and "client has been closed" not in log

        # The new version starts while Paylov's status takes a minute: its recheck of the
        # pending payment runs in the background, and /start is answered at once.
        sandbox.faults.clear()
        sandbox.faults.inject("status", "latency", latency=60.0, times=None)
        await harness.start_bot()
        newcomer = harness.customer(6103)
        await newcomer.send("/start")
        expect(newcomer, "Choose your language")
        [(status, _)] = stored_payments(harness.db_path, nilufar.id)
        assert status == "pending"  # its recheck is still waiting on Paylov
        sandbox.faults.clear()


async def test_kill_9_mid_create_mid_pay_and_with_a_receipt_owed_loses_no_word(
    shared_harness: Harness,
) -> None:
    harness = shared_harness
    api, sandbox = harness.api, harness.sandbox
    async with asyncio.timeout(2 * START_TIMEOUT + 2 * FLOW_TIMEOUT):
        bot = await harness.running_bot()
        owed, paying, creating = (
            harness.customer(6201),
            harness.customer(6202),
            harness.customer(6203),
        )
        await _to_code(owed)
        await _to_code(paying)
        [(_, paying_tx)] = stored_payments(harness.db_path, paying.id)
        assert paying_tx is not None
        await _to_confirmation(creating)

        # A receipt Telegram keeps refusing: still owed when the process dies.
        api.faults.inject(
            "sendMessage",
            "server_error",
            times=None,
            when=lambda params: RECEIPT in str(params.get("text", "")),
        )
        await owed.send(UZCARD_OTP)
        assert _count(owed, RECEIPT) == 0
        # A `pay` and a `create` in flight when the process dies.
        sandbox.faults.inject("pay", "latency", latency=1.5)
        sandbox.faults.inject("create", "timeout")
        creates = sandbox.ledger.create_requests()
        await api.send_text(paying.id, UZCARD_OTP)
        await api.press(creating.id, "Confirm and pay")
        await _until(lambda: sandbox.ledger.pay_requests(paying_tx) == 1)
        await _until(lambda: sandbox.ledger.create_requests() > creates)
        bot.kill()
        assert await bot.wait_exit() == -9
        api.faults.clear()

        again = await harness.start_bot()
        # The owed receipt, once; the cut-off `pay` settled by the recheck after the grace;
        # the cut-off `create` told as not started (nothing charged).
        await api.wait_for_text(owed.id, RECEIPT, timeout=30)
        await api.wait_for_text(creating.id, NOT_STARTED, timeout=30)
        await _until(
            lambda: (
                _notices(harness, paying.id)[-1:]
                in ([("paid", "delivered")], [("failed", "delivered")])
            ),
            timeout=30,
        )

    assert _count(owed, RECEIPT) == 1
    [(status, transaction)] = stored_payments(harness.db_path, paying.id)
    assert transaction is not None and sandbox.ledger.pay_requests(transaction) == 1
    charged = sandbox.ledger.charges(transaction)
    # What the customer was told is what happened to their money.
    assert (status, _count(paying, RECEIPT)) == (("paid", 1) if charged else ("failed", 0))
    [(lost_status, lost_tx)] = stored_payments(harness.db_path, creating.id)
    assert lost_status == "failed" and lost_tx is None
    assert "Nothing was charged" in creating.last_text
    assert "Traceback" not in again.log()


async def test_two_processes_announce_a_settled_payment_once(shared_harness: Harness) -> None:
    harness = shared_harness
    sandbox = harness.sandbox
    async with asyncio.timeout(START_TIMEOUT + 2 * FLOW_TIMEOUT):
        first = await harness.running_bot()
        second = await harness.start_bot()
        malika = harness.customer(6301, via=first.name)
        await _to_code(malika)
        sandbox.faults.inject("pay", "lose_answer")
        sandbox.faults.inject("status", "error_5xx", times=None)
        await malika.send(UZCARD_OTP)
        expect(malika, CHECKING)
        sandbox.faults.clear()  # Paylov answers again: both processes' rechecks see it
        await harness.api.wait_for_text(malika.id, RECEIPT, timeout=30)
        # Both go on rechecking (every 0.5 s) and sending (every 1 s) for a few rounds: an
        # absence has no event to wait for, so this one wait is a fixed one.
        await asyncio.sleep(2)
    assert _count(malika, RECEIPT) == 1
    assert _notices(harness, malika.id) == [("pending", "delivered"), ("paid", "delivered")]
    second.terminate()
    assert await second.wait_exit(timeout=30) == 0
