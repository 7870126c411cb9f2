"""The daily reconciliation's runs (bot/payments/reconcile.py): one row per Tashkent day.

A day is claimed by compare-and-set with a lease, as the outbox claims a notice: the first
process inserts the day's row, and another may take it over only once that claim has run out
without the run being finished (its process died mid-run). A finished day is never run again.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from sqlalchemy import Table, select, update

from bot.storage.models import ReconciliationRun
from bot.storage.repositories import UtcTimestamp, _first, _Record, _Repository

_RUNS = cast(Table, ReconciliationRun.__table__)
_R = _RUNS.c


class ReconciliationRunRecord(_Record):
    id: int
    day: date
    claim_token: str
    claimed_until: UtcTimestamp
    mismatches: int | None
    fixed: int | None
    created_at: UtcTimestamp
    finished_at: UtcTimestamp | None


class ReconciliationRepository(_Repository):
    async def claim(self, day: date, token: str, *, lease: timedelta) -> bool:
        """Whether this caller (`token`) now runs `day`: it is the first, or the claim before it
        ran out unfinished. Of concurrent callers at most one gets True."""
        now = self._clock()
        first = (
            self._insert(_RUNS)
            .values(day=day, claim_token=token, claimed_until=now + lease, created_at=now)
            .on_conflict_do_nothing(index_elements=[_R.day])
            .returning(_R.id)
        )
        if await self._rows(first):
            return True
        take_over = (
            update(_RUNS)
            .where(_R.day == day, _R.finished_at.is_(None), _R.claimed_until < now)
            .values(claim_token=token, claimed_until=now + lease)
        )
        return await self._rowcount(take_over) == 1

    async def release(self, day: date, token: str) -> bool:
        """The run failed (Paylov did not answer): the next round may claim the day at once."""
        statement = (
            update(_RUNS)
            .where(_R.day == day, _R.claim_token == token, _R.finished_at.is_(None))
            .values(claimed_until=self._clock())
        )
        return await self._rowcount(statement) == 1

    async def finish(self, day: date, token: str, *, mismatches: int, fixed: int) -> bool:
        statement = (
            update(_RUNS)
            .where(_R.day == day, _R.claim_token == token, _R.finished_at.is_(None))
            .values(mismatches=mismatches, fixed=fixed, finished_at=self._clock())
        )
        return await self._rowcount(statement) == 1

    async def get(self, day: date) -> ReconciliationRunRecord | None:
        row = _first(await self._rows(select(_RUNS).where(_R.day == day)))
        return None if row is None else ReconciliationRunRecord.model_validate(row)
