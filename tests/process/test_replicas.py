"""Two real `python -m bot run` replicas in webhook mode on one PostgreSQL and one Redis, as an
operator runs them behind a load balancer.

The fake Bot API is Telegram and the load balancer at once: it posts each update, with the
webhook's secret, to the replica the customer's turn names (the two in turn), and delivers
again to the other what a replica failed to answer. Conversation state and the per-user lock
are in Redis, payments and the outbox in PostgreSQL; the Paylov sandbox's ledger is the
witness of what was sent and charged.

Needs PAYBOT_TEST_POSTGRES_URL (a server whose `postgres` database may create others) and
PAYBOT_TEST_REDIS_URL (a Redis database of its own: the test empties it); skipped without.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator
from uuid import uuid4

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from tests.process.conftest import running, serving_api, serving_sandbox
from tests.process.flows import (
    ASKS_PAY_CODE,
    CONFIRMATION,
    RECEIPT,
    UZCARD,
    UZCARD_OTP,
    begin,
    bind_card_in_flow,
    confirm_and_pay,
    expect,
    open_electricity_amount,
)
from tests.process.harness import START_TIMEOUT, Customer, Harness

POSTGRES_URL = os.environ.get("PAYBOT_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("PAYBOT_TEST_REDIS_URL")
_MISSING = [
    name
    for name, value in (
        ("PAYBOT_TEST_POSTGRES_URL", POSTGRES_URL),
        ("PAYBOT_TEST_REDIS_URL", REDIS_URL),
    )
    if not value
]
pytestmark = [
    pytest.mark.skipif(
        bool(_MISSING),
        reason=f"two replicas need PostgreSQL and Redis: {' and '.join(_MISSING)} not set",
    ),
    pytest.mark.asyncio(loop_scope="module"),
]

FLOW_TIMEOUT = 60.0
SECRET = "replica-hook-secret"
REPLICAS = ("bot-1", "bot-2")


class World:
    def __init__(self, harness: Harness, engine: AsyncEngine) -> None:
        self.harness = harness
        self.engine = engine

    async def payments(self, user_id: int) -> list[tuple[str, str | None]]:
        async with self.engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT status, transaction_id FROM payments WHERE user_id = :u ORDER BY id"),
                {"u": user_id},
            )
            return [(str(status), transaction) for status, transaction in rows]

    async def notices(self, user_id: int) -> list[tuple[str, str]]:
        async with self.engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT kind, status FROM notices WHERE user_id = :u ORDER BY id"),
                {"u": user_id},
            )
            return [(str(kind), str(status)) for kind, status in rows]


async def _fresh_database() -> AsyncIterator[str]:
    assert POSTGRES_URL is not None
    name = f"paybot_replicas_{uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


async def _empty_redis() -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(str(REDIS_URL))
    try:
        await redis.flushdb()
    finally:
        await redis.aclose()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    workdir = tmp_path_factory.mktemp("replicas")
    await _empty_redis()
    async for database_url in _fresh_database():
        engine = create_async_engine(database_url)
        async with (
            serving_api() as api,
            serving_sandbox() as sandbox,
            running(Harness(api, sandbox, workdir)) as harness,
        ):
            harness.env.update(
                {
                    "BOT_MODE": "webhook",
                    "BOT_WEBHOOK_URL": "https://paybot.example.uz",
                    "BOT_WEBHOOK_SECRET": SECRET,
                    "DB_URL": database_url,
                    "FSM_STORAGE": "redis",
                    "FSM_REDIS_URL": str(REDIS_URL),
                }
            )
            # Both at once, as a deploy of two replicas starts them.
            await asyncio.gather(*(harness.start_bot(name) for name in REPLICAS))
            yield World(harness, engine)
        await engine.dispose()
    await _empty_redis()


def _count(customer: Customer, text: str) -> int:
    return sum(text in message for message in customer.texts)


def _alternating(customer: Customer) -> Customer:
    customer.route(*REPLICAS)
    return customer


async def _until(check: object, timeout: float = 30.0) -> None:  # noqa: ASYNC109
    """For the sandbox ledger, which has no event to wait on."""
    assert callable(check)
    async with asyncio.timeout(timeout):
        while not check():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def _to_confirmation(customer: Customer) -> None:
    await begin(customer)
    await open_electricity_amount(customer)
    await customer.send("30000")
    await bind_card_in_flow(customer)
    expect(customer, CONFIRMATION)


async def test_webhook_set_once_and_a_whole_payment_alternating_between_replicas(
    world: World,
) -> None:
    harness = world.harness
    api, sandbox = harness.api, harness.sandbox
    [registered] = api.of("setWebhook")  # by one of the two replicas that started at once
    assert registered["url"] == "https://paybot.example.uz/telegram/webhook"
    assert registered["secret_token"] == SECRET
    async with asyncio.timeout(FLOW_TIMEOUT):
        aziza = _alternating(harness.customer(7001))
        await _to_confirmation(aziza)  # the card bound across both replicas
        receipt = await confirm_and_pay(aziza)

    handlers = [process.name for process in aziza.handlers]
    assert all(a != b for a, b in itertools.pairwise(handlers)), handlers
    assert {*handlers} == {*REPLICAS}
    [(status, transaction)] = await world.payments(aziza.id)
    assert status == "paid" and transaction is not None and transaction in receipt
    assert sandbox.ledger.pay_requests(transaction) == 1
    assert sandbox.ledger.charges(transaction) == 1
    assert _count(aziza, RECEIPT) == 1
    # Every update came with the secret, and none needed delivering twice.
    assert all(delivery.ok for delivery in api.deliveries)
    for process in harness.processes:
        log = process.log()
        assert "Traceback" not in log and UZCARD not in log and SECRET not in log


async def test_a_double_tap_on_both_replicas_at_once_makes_one_create(world: World) -> None:
    harness = world.harness
    api, sandbox = harness.api, harness.sandbox
    async with asyncio.timeout(FLOW_TIMEOUT):
        bobur = _alternating(harness.customer(7002))
        await _to_confirmation(bobur)
        creates = sandbox.ledger.create_requests()
        # Two taps before either is answered: one update to each replica, posted together.
        taps = [await api.press(bobur.id, "Confirm and pay", via=replica) for replica in REPLICAS]
        handlers = [await harness.handled(tap) for tap in taps]
        assert {process.name for process in handlers} == {*REPLICAS}
        assert sandbox.ledger.create_requests() == creates + 1
        expect(bobur, ASKS_PAY_CODE)
        await bobur.send(UZCARD_OTP)
        receipt = expect(bobur, RECEIPT)

    [(status, transaction)] = await world.payments(bobur.id)
    assert status == "paid" and transaction is not None and transaction in receipt
    assert sandbox.ledger.pay_requests(transaction) == 1
    assert _count(bobur, RECEIPT) == 1


async def test_kill_9_of_the_replica_waiting_on_pay_loses_nothing(world: World) -> None:
    harness = world.harness
    api, sandbox = harness.api, harness.sandbox
    async with asyncio.timeout(START_TIMEOUT + 2 * FLOW_TIMEOUT):
        dilnoza = _alternating(harness.customer(7003))
        await _to_confirmation(dilnoza)
        await dilnoza.press("Confirm and pay")
        expect(dilnoza, ASKS_PAY_CODE)
        [(_, transaction)] = await world.payments(dilnoza.id)
        assert transaction is not None
        [doomed] = [p for p in harness.processes if p.name == REPLICAS[0] and p.running]
        [survivor] = [p for p in harness.processes if p.name == REPLICAS[1] and p.running]
        sandbox.faults.inject("pay", "latency", latency=3.0)  # Paylov is slow with this `pay`
        code = await api.send_text(dilnoza.id, UZCARD_OTP, via=doomed.name)
        await _until(lambda: sandbox.ledger.pay_requests(transaction) == 1)
        doomed.kill()  # mid-`pay`: the webhook POST is cut, Telegram delivers it again
        assert await doomed.wait_exit() == -9
        # The code reaches the survivor once the dead one's lock on the customer expires; it
        # does not send `pay` again, its watcher settles the payment, the receipt comes once.
        assert await harness.handled(code, timeout=FLOW_TIMEOUT) is survivor
        await api.wait_for_text(dilnoza.id, RECEIPT, timeout=FLOW_TIMEOUT)
        again = await harness.start_bot(REPLICAS[0])  # the replica comes back for the rest

    assert sandbox.ledger.pay_requests(transaction) == 1
    assert sandbox.ledger.charges(transaction) == 1
    [(status, _)] = await world.payments(dilnoza.id)
    assert status == "paid"
    assert _count(dilnoza, RECEIPT) == 1
    assert [d.door for d in api.deliveries if d.update_id == code and not d.ok] == [doomed.name]
    assert again.running and "Traceback" not in survivor.log()
    assert len(api.of("setWebhook")) == 1  # the restart found it set
