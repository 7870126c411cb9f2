"""`python -m bot run` as a real process: long polling against the fake Telegram, Paylov's
sandbox over HTTP, a SQLite file; killed, restarted and run twice on one database.

The tests share one world (`shared_harness`): a passing test leaves its running bot to the
next, each test has its own customer.
"""

from __future__ import annotations

import asyncio
import itertools
import re

import pytest

from tests.process.flows import (
    ASKS_PHONE,
    CONFIRMATION,
    RECEIPT,
    UZCARD,
    UZCARD_OTP,
    begin,
    bind_card_in_flow,
    confirm_and_pay,
    expect,
    open_electricity_amount,
    stored_payments,
)
from tests.process.harness import START_TIMEOUT, Harness

pytestmark = pytest.mark.asyncio(loop_scope="module")

FLOW_TIMEOUT = 45.0  # a whole conversation, on a busy machine


def assert_paid_once(harness: Harness, user_id: int, receipt: str) -> str:
    """The user's only payment is paid in the database, sent once to Paylov, charged once;
    returns its transaction id."""
    [(status, transaction)] = stored_payments(harness.db_path, user_id)
    assert status == "paid"
    assert transaction is not None and transaction in receipt
    assert harness.sandbox.ledger.pay_requests(transaction) == 1
    assert harness.sandbox.ledger.charges(transaction) == 1
    return transaction


def assert_clean_log(log: str) -> None:
    assert "Traceback" not in log
    assert UZCARD not in log
    assert not re.search(rf"\b{UZCARD_OTP}\b", log)


async def test_a_whole_payment_through_the_real_process(shared_harness: Harness) -> None:
    harness = shared_harness
    async with asyncio.timeout(START_TIMEOUT + FLOW_TIMEOUT):
        bot = await harness.running_bot()
        mark = bot.log_mark()
        aziza = harness.customer(5001)
        await begin(aziza)
        await open_electricity_amount(aziza)
        await aziza.send("30000")
        expect(aziza, ASKS_PHONE)
        await bind_card_in_flow(aziza)
        assert "30 000" in aziza.last_text and "860000******7878" in aziza.last_text
        receipt = await confirm_and_pay(aziza)

    assert "30 000" in receipt
    assert_paid_once(harness, aziza.id, receipt)
    assert_clean_log(bot.log(since=mark))
    # Every message with a card number or a code was deleted from the chat.
    assert not any(UZCARD in text or UZCARD_OTP in text for text in aziza.texts)


async def test_after_kill_9_a_restarted_bot_continues_the_conversation(
    shared_harness: Harness,
) -> None:
    harness = shared_harness
    async with asyncio.timeout(2 * START_TIMEOUT + FLOW_TIMEOUT):
        bot = await harness.running_bot()
        bobur = harness.customer(5002)
        await begin(bobur)
        await open_electricity_amount(bobur)
        await harness.wait_idle(bot)
        bot.kill()
        assert await bot.wait_exit() == -9

        again = await harness.start_bot()
        # The conversation state is in the database: the amount is still what is asked.
        assert await bobur.send("30000") is again
        expect(bobur, ASKS_PHONE)
        await bind_card_in_flow(bobur)
        receipt = await confirm_and_pay(bobur)

    assert_paid_once(harness, bobur.id, receipt)
    assert_clean_log(again.log())


async def test_two_processes_on_one_database_share_the_customer_and_pay_once(
    shared_harness: Harness,
) -> None:
    harness = shared_harness
    async with asyncio.timeout(START_TIMEOUT + 2 * FLOW_TIMEOUT):
        old = await harness.running_bot()
        mark = old.log_mark()
        new = await harness.start_bot(ready=False)  # a deploy: the new version starts up
        # Card binding holds the number in one process's memory until the expiry comes, so
        # the card is bound through the old process alone.
        dilnoza = harness.customer(5003, via=old.name)
        await begin(dilnoza)
        await open_electricity_amount(dilnoza)
        await dilnoza.send("30000")
        await bind_card_in_flow(dilnoza)

        await harness.wait_ready(new)
        # Both poll now: each update of the customer goes to the other process than the last.
        dilnoza.route(new.name, old.name)
        split_from = len(dilnoza.handlers)
        await dilnoza.press("Confirm and pay")  # create in the new process ...
        await dilnoza.send(UZCARD_OTP)  # ... the code to the old one
        first_receipt = expect(dilnoza, RECEIPT)

        await dilnoza.press("Menu")
        await open_electricity_amount(dilnoza)
        await dilnoza.send("45000")
        expect(dilnoza, CONFIRMATION)  # with the card bound before
        second_receipt = await confirm_and_pay(dilnoza, again=True)

        # The deploy ends: the old process stops on SIGTERM, the new one serves alone.
        old.terminate()
        assert await old.wait_exit() == 0
        dilnoza.route()
        assert await dilnoza.send("/help") is new

    split = dilnoza.handlers[split_from:-1]
    assert {process.name for process in split} == {old.name, new.name}
    assert all(a is not b for a, b in itertools.pairwise(split))
    first, second = stored_payments(harness.db_path, dilnoza.id)
    assert first[0] == second[0] == "paid"
    for (_, transaction), receipt in ((first, first_receipt), (second, second_receipt)):
        assert transaction is not None and transaction in receipt
        assert harness.sandbox.ledger.pay_requests(transaction) == 1
        assert harness.sandbox.ledger.charges(transaction) == 1
    assert "45 000" in second_receipt
    assert_clean_log(old.log(since=mark))
    assert_clean_log(new.log())


async def test_a_500_on_the_first_answer_to_start_is_sent_again(shared_harness: Harness) -> None:
    """A 5xx from Telegram is retried by the bot's session: the customer gets the prompt."""
    harness = shared_harness
    async with asyncio.timeout(START_TIMEOUT + FLOW_TIMEOUT):
        bot = await harness.running_bot()
        mark = bot.log_mark()
        farrukh = harness.customer(5004)
        calls_from = len(harness.api.calls)
        harness.api.faults.inject("sendMessage", "server_error")
        await farrukh.send("/start")
        [faulted] = [call for call in harness.api.calls[calls_from:] if call.fault]
        assert "Choose your language" in faulted.params["text"]
        assert farrukh.texts == ["Choose your language:"]
        assert "Traceback" not in bot.log(since=mark)
