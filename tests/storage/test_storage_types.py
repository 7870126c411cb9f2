"""Datetimes come back aware and in UTC; records are frozen copies, not ORM objects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import StatementError

from bot.storage.db import Database
from bot.storage.models import PaymentStatus
from bot.storage.repositories import Repositories
from bot.storage.types import UtcDateTime, utc_now

from .helpers import USER, FakeClock, make_draft

TASHKENT = timezone(timedelta(hours=5))


async def test_aware_datetimes_round_trip_as_utc(db: Database) -> None:
    local = datetime(2025, 3, 1, 14, 30, 15, 123456, tzinfo=TASHKENT)
    repos = Repositories.from_database(db, clock=FakeClock(local))
    user = await repos.users.get_or_create(USER)
    stored = await repos.users.get(USER)
    assert stored is not None
    for value in (user.created_at, stored.created_at, stored.updated_at):
        assert value == local
        assert value.tzinfo is UTC
        assert value.hour == 9 and value.microsecond == 123456


async def test_stored_text_is_utc(db: Database) -> None:
    repos = Repositories.from_database(
        db, clock=FakeClock(datetime(2025, 1, 1, 5, tzinfo=TASHKENT))
    )
    await repos.users.get_or_create(USER)
    async with db.session() as session:
        raw = await session.scalar(text("SELECT created_at FROM users"))
    assert str(raw).startswith("2025-01-01 00:00:00")


async def test_naive_datetimes_are_refused(db: Database) -> None:
    repos = Repositories.from_database(db, clock=lambda: datetime(2025, 1, 1))
    with pytest.raises(StatementError, match="naive"):
        await repos.users.get_or_create(USER)
    assert await repos.users.get(USER) is None


def test_bind_keeps_the_zone_for_postgresql() -> None:
    column_type = UtcDateTime()
    value = datetime(2025, 1, 1, 5, tzinfo=TASHKENT)
    for_pg = column_type.process_bind_param(value, postgresql.dialect())
    for_sqlite = column_type.process_bind_param(value, sqlite.dialect())
    assert for_pg == value and for_pg is not None and for_pg.tzinfo is UTC
    assert for_sqlite == datetime(2025, 1, 1, 0)
    assert column_type.process_result_value(for_sqlite, sqlite.dialect()) == value
    assert column_type.process_result_value(None, sqlite.dialect()) is None


def test_default_clock_is_aware_utc() -> None:
    assert utc_now().tzinfo is UTC


async def test_records_are_frozen_detached_copies(repos: Repositories) -> None:
    payment = await make_draft(repos)
    with pytest.raises(ValidationError):
        payment.status = PaymentStatus.PAID  # type: ignore[misc]
    await repos.payments.mark_failed(payment.id, "-1", "no")
    # The earlier record is a snapshot: later writes do not reach it.
    assert payment.status == "new"
    assert type(payment).__module__ == "bot.storage.repositories"
