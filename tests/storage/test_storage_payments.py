"""Payments: drafts, compare-and-set transitions, the pay race, ownership and listings."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.exc import IntegrityError

from bot.storage.db import Database
from bot.storage.models import FINAL, PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories

from .helpers import OTHER_USER, START, USER, FakeClock, make_draft
from .helpers import make_payment as at

S = PaymentStatus


async def test_draft_is_new_and_durable(repos: Repositories) -> None:
    draft = await make_draft(repos)
    assert draft.status is S.NEW
    assert draft.otp_attempts == 0
    assert draft.transaction_id is None
    assert draft.account == {"region": "01", "customerCode": "1000000"}
    assert draft.created_at == draft.updated_at == START
    assert await repos.payments.get(draft.id) == draft


async def test_draft_refuses_a_full_card_number(repos: Repositories) -> None:
    with pytest.raises(ValueError, match="unmasked"):
        await repos.payments.create_draft(
            USER, "42", "Gas", {"a": "1"}, "a: 1", 1000, "c-1", "8600123456789999"
        )
    assert await repos.payments.count_for_user(USER) == 0


async def test_happy_path(repos: Repositories, clock: FakeClock) -> None:
    draft = await make_draft(repos)
    clock.advance(5)
    created = await repos.payments.mark_created(draft.id, "tx-1", "+99890***4567")
    assert created is not None
    assert (created.status, created.transaction_id, created.otp_phone) == (
        S.CREATED,
        "tx-1",
        "+99890***4567",
    )
    assert created.updated_at == clock.now and created.created_at == START
    assert await repos.payments.claim_for_pay(draft.id) is True
    paid = await repos.payments.mark_paid(draft.id, "ref-9", "2025-03-01 14:30:00")
    assert paid is not None
    assert (paid.status, paid.payment_ref, paid.payed_at) == (
        S.PAID,
        "ref-9",
        "2025-03-01 14:30:00",
    )
    assert paid.is_final
    assert await repos.payments.get_by_transaction("tx-1") == paid


async def test_claim_only_from_created(repos: Repositories) -> None:
    for status in S:
        if status is S.CREATED:
            continue
        payment = await at(repos, status)
        assert await repos.payments.claim_for_pay(payment.id) is False, status
        assert await repos.payments.get(payment.id) == payment
    assert await repos.payments.claim_for_pay(123456) is False


async def test_only_one_of_many_claims_wins(repos: Repositories) -> None:
    for _ in range(3):
        payment = await at(repos, S.CREATED)
        wins = await asyncio.gather(*(repos.payments.claim_for_pay(payment.id) for _ in range(6)))
        assert sorted(wins) == [False] * 5 + [True]
        stored = await repos.payments.get(payment.id)
        assert stored is not None and stored.status is S.PAYING


async def test_only_one_claim_wins_across_two_processes(db: Database, database_url: str) -> None:
    # A second Database on the same file stands in for a second bot process.
    second = Database(database_url)
    try:
        mine = Repositories.from_database(db)
        theirs = Repositories.from_database(second)
        await mine.users.get_or_create(USER)
        payment = await at(mine, S.CREATED)
        wins = await asyncio.gather(
            mine.payments.claim_for_pay(payment.id),
            theirs.payments.claim_for_pay(payment.id),
            mine.payments.claim_for_pay(payment.id),
            theirs.payments.claim_for_pay(payment.id),
        )
        assert wins.count(True) == 1
    finally:
        await second.close()


async def test_rejected_code_releases_and_counts(repos: Repositories) -> None:
    payment = await at(repos, S.PAYING)
    released = await repos.payments.release_after_rejected_code(payment.id, "-7", "wrong code")
    assert released is not None
    assert (released.status, released.otp_attempts, released.error_code) == (S.CREATED, 1, "-7")
    assert released.error_message == "wrong code"
    assert await repos.payments.claim_for_pay(payment.id) is True
    again = await repos.payments.release_after_rejected_code(payment.id, "-7")
    assert again is not None and again.otp_attempts == 2
    # Not paying any more: nothing to release.
    assert await repos.payments.release_after_rejected_code(payment.id, "-7") is None
    assert await repos.payments.claim_for_pay(payment.id) is True
    paid = await repos.payments.mark_paid(payment.id, "ref", None)
    assert paid is not None and paid.status is S.PAID
    assert paid.error_code is None and paid.error_message is None
    assert paid.otp_attempts == 2


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (S.NEW, {"created", "failed", "cancelled"}),
        (S.CREATED, {"paid", "failed", "cancelled"}),
        (S.PAYING, {"released", "paid", "failed", "pending"}),
        # `pay` may have gone through: only Paylov's status settles it, never a cancel.
        (S.PENDING, {"paid", "failed"}),
        (S.PAID, set()),
        (S.FAILED, set()),
        (S.CANCELLED, set()),
    ],
)
async def test_transitions_refuse_unexpected_states(
    repos: Repositories, status: PaymentStatus, allowed: set[str]
) -> None:
    payments = repos.payments
    attempts = {
        "created": lambda pid: payments.mark_created(pid, f"tx-new-{pid}", None),
        "released": lambda pid: payments.release_after_rejected_code(pid, "-7"),
        "paid": lambda pid: payments.mark_paid(pid, "ref", "now"),
        "failed": lambda pid: payments.mark_failed(pid, "-1", "no"),
        "pending": lambda pid: payments.mark_pending(pid),
        "cancelled": lambda pid: payments.mark_cancelled(pid, "user"),
    }
    for name, attempt in attempts.items():
        payment = await at(repos, status)
        result: PaymentRecord | None = await attempt(payment.id)
        if name in allowed:
            assert result is not None, (status, name)
            assert result.status is not status or name == "released"
        else:
            assert result is None, (status, name)
            assert await payments.get(payment.id) == payment, (status, name)


async def test_failed_and_cancelled_keep_their_reason(repos: Repositories) -> None:
    failed = await repos.payments.mark_failed((await make_draft(repos)).id, "-31", "no money")
    assert failed is not None
    assert (failed.status, failed.error_code, failed.error_message) == (S.FAILED, "-31", "no money")
    cancelled = await repos.payments.mark_cancelled((await at(repos, S.CREATED)).id, "by-user")
    assert cancelled is not None
    assert (cancelled.status, cancelled.error_code) == (S.CANCELLED, "by-user")
    assert FINAL == {S.PAID, S.FAILED, S.CANCELLED} == S.FINAL


async def test_duplicate_transaction_id_is_refused(repos: Repositories) -> None:
    first = await make_draft(repos)
    second = await make_draft(repos)
    await repos.payments.mark_created(first.id, "tx-same", None)
    with pytest.raises(IntegrityError):
        await repos.payments.mark_created(second.id, "tx-same", None)
    stored = await repos.payments.get(second.id)
    assert stored is not None and stored.status is S.NEW


async def test_ownership(repos: Repositories) -> None:
    payment = await make_draft(repos)
    assert await repos.payments.get_for_user(payment.id, USER) == payment
    assert await repos.payments.get_for_user(payment.id, OTHER_USER) is None
    assert await repos.payments.get_for_user(99999, USER) is None
    assert await repos.payments.get_by_transaction("missing") is None


async def test_history_newest_first_paged(repos: Repositories, clock: FakeClock) -> None:
    made = []
    for amount in (1000, 2000, 3000, 4000, 5000):
        made.append(await make_draft(repos, amount=amount))
        clock.advance(60)
    await make_draft(repos, user_id=OTHER_USER)
    page_one = await repos.payments.list_for_user(USER, offset=0, limit=2)
    page_two = await repos.payments.list_for_user(USER, offset=2, limit=2)
    page_three = await repos.payments.list_for_user(USER, offset=4, limit=2)
    assert [p.amount for p in page_one + page_two + page_three] == [5000, 4000, 3000, 2000, 1000]
    assert await repos.payments.count_for_user(USER) == 5
    assert await repos.payments.count_for_user(OTHER_USER) == 1
    assert await repos.payments.count_for_user(31337) == 0
    await repos.payments.mark_failed(made[0].id, "-1", "no")
    failed = await repos.payments.list_for_user(USER, statuses={S.FAILED})
    assert [p.id for p in failed] == [made[0].id]
    assert await repos.payments.count_for_user(USER, statuses={S.NEW}) == 4


async def test_same_second_ties_break_by_id(repos: Repositories) -> None:
    first = await make_draft(repos)
    second = await make_draft(repos)
    listed = await repos.payments.list_for_user(USER, offset=0, limit=10)
    assert [p.id for p in listed] == [second.id, first.id]


async def test_unsettled_and_by_status(repos: Repositories, clock: FakeClock) -> None:
    by_status = {}
    for status in S:
        by_status[status] = await at(repos, status)
        clock.advance(1)
    # A `paying` one touched at or after the cut may still be waiting for pay's answer.
    paying_touched = by_status[S.PAYING].updated_at
    assert [p.id for p in await repos.payments.list_unsettled(quiet_since=paying_touched)] == [
        by_status[S.PENDING].id
    ]
    unsettled = await repos.payments.list_unsettled(quiet_since=clock.now)
    assert [p.id for p in unsettled] == [by_status[S.PAYING].id, by_status[S.PENDING].id]
    stale_created = await repos.payments.list_stale(S.CREATED, untouched_since=clock.now)
    assert [p.id for p in stale_created] == [by_status[S.CREATED].id]
    untouched_since = by_status[S.CREATED].updated_at
    assert await repos.payments.list_stale(S.CREATED, untouched_since=untouched_since) == []
    created = await repos.payments.list_by_status(S.CREATED)
    assert [p.id for p in created] == [by_status[S.CREATED].id]
    assert len(await repos.payments.list_by_status(*S)) == len(S)
    assert len(await repos.payments.list_by_status(*S, limit=2)) == 2
    assert await repos.payments.list_by_status() == []


def test_only_paying_and_pending_may_still_go_through() -> None:
    # `pay` was sent for these and its outcome is unknown; any other is not charged, or final.
    assert {s for s in S if s.may_still_go_through} == {S.PAYING, S.PENDING}
    assert not any(s.may_still_go_through and s.is_final for s in S)


async def test_unsettled_of_an_account_are_those_that_may_still_go_through(
    repos: Repositories,
) -> None:
    by_status = {status: await at(repos, status) for status in S}
    await at(repos, S.PENDING, user_id=OTHER_USER)
    payment = by_status[S.NEW]
    unsettled = await repos.payments.list_unsettled_for(USER, payment.service_id, payment.account)
    assert {p.status for p in unsettled} == {S.PAYING, S.PENDING}
    other_account = {**payment.account, "customerCode": "2000000"}
    assert await repos.payments.list_unsettled_for(USER, payment.service_id, other_account) == []


async def test_counts_by_status_and_the_oldest_unsettled_pay(
    repos: Repositories, clock: FakeClock
) -> None:
    assert await repos.payments.oldest_unsettled_pay() is None
    assert set((await repos.payments.count_by_status()).values()) == {0}
    made = {}
    for status in (S.PAID, S.PENDING, S.PAYING, S.PENDING, S.NEW):
        made.setdefault(status, await at(repos, status))
        clock.advance(60)

    counts = await repos.payments.count_by_status()
    assert counts == {**dict.fromkeys(S, 0), S.PAID: 1, S.PENDING: 2, S.PAYING: 1, S.NEW: 1}
    # The first pending one's `pay` was sent first of those not settled (the paid one is).
    oldest = await repos.payments.oldest_unsettled_pay()
    first_pending = made[S.PENDING]
    assert oldest == (first_pending.pay_sent_at or first_pending.updated_at)
    assert oldest is not None and oldest.tzinfo is not None
