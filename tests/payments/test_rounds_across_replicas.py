"""The payment watcher's rounds run by two replicas on one database (a SQLite file, or a fresh
PostgreSQL database with PAYBOT_TEST_POSTGRES_URL) and, with PAYBOT_TEST_REDIS_URL, one Redis.

At once, without a lock: every payment settles once and owes one notice (the compare-and-set
of each transition). Under the Redis round lock: one replica runs the round, the other skips
its own, so Paylov is asked once per payment.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from uuid import uuid4

import pytest
from pydantic import SecretStr

from bot.background import Periodic, RedisRoundLock
from bot.paylov.auth import StaticTokenAuth
from bot.paylov.client import PaylovClient
from bot.paylov.sandbox import PaylovSandbox
from bot.payments.payment_flow import PaymentFlow
from bot.payments.watcher import PaymentWatcher
from bot.storage.db import Database
from bot.storage.models import NoticeKind, PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories
from tests.paylov.conftest import STATIC_TOKEN
from tests.storage.helpers import USER, FakeClock, make_payment

REDIS_URL = os.environ.get("PAYBOT_TEST_REDIS_URL")
PAYMENTS = 6


@dataclass
class Replicas:
    watchers: list[PaymentWatcher]
    repos: Repositories  # the first one's: what either reads is the same database


@pytest.fixture
async def replicas(database_url: str, base_url: str, clock: FakeClock) -> AsyncIterator[Replicas]:
    """Two replicas' watchers: each its own engine and Paylov client, one database."""
    databases = [Database(database_url), Database(database_url)]
    clients = [PaylovClient(base_url, StaticTokenAuth(SecretStr(STATIC_TOKEN))) for _ in databases]
    await databases[0].migrate()
    repos = [Repositories.from_database(db, clock=clock) for db in databases]
    await repos[0].users.get_or_create(USER)
    # Their give-up time is long past: Paylov does not know them, so each round fails them.
    flows = [PaymentFlow(client, r) for client, r in zip(clients, repos, strict=True)]
    yield Replicas([PaymentWatcher(flow) for flow in flows], repos[0])
    for client in clients:
        await client.aclose()
    for db in databases:
        await db.close()


async def _pending(repos: Repositories) -> list[PaymentRecord]:
    return [await make_payment(repos, PaymentStatus.PENDING) for _ in range(PAYMENTS)]


async def _assert_settled_once(repos: Repositories, planted: list[PaymentRecord]) -> None:
    notices = await repos.notices.list_for_user(USER)
    for payment in planted:
        current = await repos.payments.get(payment.id)
        assert current is not None and current.status == PaymentStatus.FAILED
        failed = [n for n in notices if n.payment_id == payment.id and n.kind == NoticeKind.FAILED]
        assert len(failed) == 1


async def test_two_watchers_at_once_settle_each_payment_once(
    replicas: Replicas, sandbox: PaylovSandbox
) -> None:
    repos = replicas.repos
    planted = await _pending(repos)
    rounds = await asyncio.gather(*(watcher.run_once() for watcher in replicas.watchers))
    # Both saw every payment end (the loser reads the winner's record); one recorded it.
    assert {p.id for p in rounds[0] + rounds[1]} == {p.id for p in planted}
    await _assert_settled_once(repos, planted)


@pytest.mark.skipif(not REDIS_URL, reason="PAYBOT_TEST_REDIS_URL not set: no Redis for the lock")
async def test_under_the_redis_lock_one_replica_runs_the_round_the_other_skips(
    replicas: Replicas, sandbox: PaylovSandbox
) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(str(REDIS_URL))
    name = f"payment-watcher-{uuid4().hex[:8]}"  # this test's own key in the shared Redis
    try:
        planted = await _pending(replicas.repos)
        asked = sandbox.ledger.requests("status")
        gate = asyncio.Event()

        async def held_round(watcher: PaymentWatcher) -> None:
            await gate.wait()  # the round goes on until the test lets it
            await watcher.run_once()

        # Each replica its own lock object on the one Redis, as two processes have.
        first, second = (
            Periodic(name, lambda w=w: held_round(w), 1.0, lock=RedisRoundLock(redis, ttl=30))  # type: ignore[misc]
            for w in replicas.watchers
        )
        running = asyncio.create_task(first.run_round())
        async with asyncio.timeout(10):
            while not await redis.exists(RedisRoundLock.PREFIX + name):  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        # The other replica's round comes meanwhile: it skips at once, its job never runs
        # (without the lock it would wait on the gate, and this would time out).
        async with asyncio.timeout(10):
            assert await second.run_round() is False
        gate.set()
        assert await running is True
        assert sandbox.ledger.requests("status") == asked + PAYMENTS
        await _assert_settled_once(replicas.repos, planted)
        # Released: the next round may run on either.
        assert await second.run_round() is True
    finally:
        await redis.delete(RedisRoundLock.PREFIX + name)
        await redis.aclose()
