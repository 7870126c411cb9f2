"""The reconciliation's storage: a day is run by one process at a time and finished once, and
the payments of a day and of a list of transactions are found (on SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

from bot.payments.reconcile import day_bounds
from bot.payments.tashkent import TASHKENT
from bot.storage.db import Database
from bot.storage.models import PaymentStatus
from bot.storage.reconciliation import ReconciliationRepository
from bot.storage.repositories import Repositories

from .helpers import FakeClock, make_payment

DAY = date(2025, 3, 1)
LEASE = timedelta(minutes=30)


async def test_one_claim_of_a_day_wins(db: Database, clock: FakeClock) -> None:
    runs = ReconciliationRepository(db, clock=clock)
    won = await asyncio.gather(*(runs.claim(DAY, f"t{n}", lease=LEASE) for n in range(6)))
    assert sum(won) == 1
    # Another day is a claim of its own.
    assert await runs.claim(DAY + timedelta(days=1), "other", lease=LEASE)


async def test_one_claim_wins_across_two_processes(
    db: Database, database_url: str, clock: FakeClock
) -> None:
    other = Database(database_url)
    try:
        mine = ReconciliationRepository(db, clock=clock)
        theirs = ReconciliationRepository(other, clock=clock)
        won = await asyncio.gather(
            *(repo.claim(DAY, f"{n}", lease=LEASE) for n, repo in enumerate([mine, theirs] * 3))
        )
    finally:
        await other.close()
    assert sum(won) == 1


async def test_an_unfinished_claim_is_taken_over_once_its_lease_ran_out(
    db: Database, clock: FakeClock
) -> None:
    runs = ReconciliationRepository(db, clock=clock)
    assert await runs.claim(DAY, "dead", lease=LEASE)
    clock.advance(LEASE.total_seconds() - 1)
    assert not await runs.claim(DAY, "early", lease=LEASE)
    clock.advance(2)
    assert await runs.claim(DAY, "heir", lease=LEASE)
    # The dead process cannot finish what the heir now runs; the heir can, once.
    assert not await runs.finish(DAY, "dead", mismatches=9, fixed=9)
    assert await runs.finish(DAY, "heir", mismatches=2, fixed=1)
    assert not await runs.finish(DAY, "heir", mismatches=2, fixed=1)
    run = await runs.get(DAY)
    assert run is not None and (run.claim_token, run.mismatches, run.fixed) == ("heir", 2, 1)
    assert run.finished_at == clock.now
    # A finished day is never run again, however long after.
    clock.advance(LEASE.total_seconds() * 10)
    assert not await runs.claim(DAY, "late", lease=LEASE)


async def test_a_released_claim_may_be_taken_at_once(db: Database, clock: FakeClock) -> None:
    runs = ReconciliationRepository(db, clock=clock)
    assert await runs.claim(DAY, "first", lease=LEASE)
    assert not await runs.release(DAY, "someone-else")
    assert await runs.release(DAY, "first")
    clock.advance(1)
    assert await runs.claim(DAY, "second", lease=LEASE)


async def test_payments_of_a_tashkent_day_and_by_transaction(
    repos: Repositories, clock: FakeClock
) -> None:
    start, end = day_bounds(DAY)
    clock.now = start - timedelta(seconds=1)  # 23:59:59 the day before, Tashkent time
    before = await make_payment(repos, PaymentStatus.PAID)
    clock.now = start
    first = await make_payment(repos, PaymentStatus.PENDING)
    clock.now = end - timedelta(seconds=1)
    last = await make_payment(repos, PaymentStatus.NEW)
    clock.now = end
    after = await make_payment(repos, PaymentStatus.PAID)
    assert start == datetime(2025, 3, 1, tzinfo=TASHKENT)

    of_day = await repos.payments.list_created_between(start, end)
    assert [p.id for p in of_day] == [first.id, last.id]
    wanted = [before.transaction_id or "", after.transaction_id or "", "unknown"]
    found = await repos.payments.list_by_transactions(wanted)
    assert sorted(p.id for p in found) == [before.id, after.id]
    assert await repos.payments.list_by_transactions([]) == []


async def test_a_long_list_of_transactions_is_looked_up_in_chunks(repos: Repositories) -> None:
    paid = await make_payment(repos, PaymentStatus.PAID)
    # More ids than one statement takes; the one that exists sorts last (after "a-...").
    wanted = [f"a-{n:04d}" for n in range(1200)] + [paid.transaction_id or ""]
    [found] = await repos.payments.list_by_transactions(wanted)
    assert found.id == paid.id
