"""Shared by the storage tests: a clock the test moves, users, and payments in any state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.storage.models import PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories

START = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
USER = 1001
OTHER_USER = 2002


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def file_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def make_draft(
    repos: Repositories, user_id: int = USER, amount: int = 15_000
) -> PaymentRecord:
    return await repos.payments.create_draft(
        user_id=user_id,
        service_id="42",
        service_name="Hududgaz",
        account={"region": "01", "customerCode": "1000000"},
        account_label="Region: Tashkent, Customer code: 1000000",
        amount=amount,
        card_id="card-1",
        card_mask="860000******9999",
    )


async def make_payment(
    repos: Repositories, status: PaymentStatus, user_id: int = USER
) -> PaymentRecord:
    """A payment driven through the real transitions up to `status`."""
    payments = repos.payments
    record: PaymentRecord | None = await make_draft(repos, user_id)
    assert record is not None
    steps = {
        PaymentStatus.NEW: [],
        PaymentStatus.CREATED: ["created"],
        PaymentStatus.PAYING: ["created", "paying"],
        PaymentStatus.PENDING: ["created", "paying", "pending"],
        PaymentStatus.PAID: ["created", "paying", "paid"],
        PaymentStatus.FAILED: ["failed"],
        PaymentStatus.CANCELLED: ["cancelled"],
    }[status]
    payment_id = record.id
    for step in steps:
        if step == "created":
            record = await payments.mark_created(payment_id, f"tx-{payment_id}", "+99890***4567")
        elif step == "paying":
            assert await payments.claim_for_pay(payment_id)
            record = await payments.get(payment_id)
        elif step == "pending":
            record = await payments.mark_pending(payment_id)
        elif step == "paid":
            record = await payments.mark_paid(payment_id, "ref-1", "2025-03-01 14:30:00")
        elif step == "failed":
            record = await payments.mark_failed(payment_id, "-1", "declined")
        elif step == "cancelled":
            record = await payments.mark_cancelled(payment_id)
        assert record is not None, step
    assert record is not None
    assert record.status == status
    return record
