"""The admins' alerts, shared by every replica on one database (bot/ops/alerts.py).

A row per alert kind and admin. Whoever wants to tell an admin first claims the row by
compare-and-set on what it read (raised, last sent); of several replicas one wins, the others
see their write change nothing. A send that fails gives the claim back, so the next round
tries again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from bot.storage.models import OpsAlert
from bot.storage.repositories import _Repository

_ALERTS = cast(Table, OpsAlert.__table__)
_A = _ALERTS.c


@dataclass(frozen=True)
class AlertState:
    active: bool
    sent_at: datetime | None


@dataclass(frozen=True)
class Claim:
    """What a claim replaced, to give it back when the message could not be sent."""

    kind: str
    admin_id: int
    before: AlertState | None  # None: there was no row
    after: AlertState


class AlertRepository(_Repository):
    async def claim_raise(self, kind: str, admin_id: int, *, repeat: timedelta) -> Claim | None:
        """The right to tell `admin_id` that `kind` is raised: when they were never told, or
        last told at least `repeat` ago (whether it cleared meanwhile or not)."""
        now = self._clock()
        before = await self._state(kind, admin_id)
        if before is not None and before.sent_at is not None and now - before.sent_at < repeat:
            return None
        after = AlertState(active=True, sent_at=now)
        return await self._swap(kind, admin_id, before, after)

    async def claim_clear(self, kind: str, admin_id: int) -> Claim | None:
        """The right to tell `admin_id` that a raised `kind` has cleared (once per raise)."""
        before = await self._state(kind, admin_id)
        if before is None or not before.active:
            return None
        return await self._swap(kind, admin_id, before, AlertState(False, before.sent_at))

    async def give_back(self, claim: Claim) -> None:
        """Undo a claim whose message was not sent, unless the row changed since."""
        if claim.before is None:
            where = [_A.active == claim.after.active, _same_time(claim.after.sent_at)]
            await self._rowcount(_ALERTS.delete().where(*self._key(claim), *where))
            return
        await self._swap(claim.kind, claim.admin_id, claim.after, claim.before)

    async def state(self, kind: str, admin_id: int) -> AlertState | None:
        return await self._state(kind, admin_id)

    async def _state(self, kind: str, admin_id: int) -> AlertState | None:
        query = select(_A.active, _A.sent_at).where(_A.kind == kind, _A.admin_id == admin_id)
        rows = await self._rows(query)
        if not rows:
            return None
        row = rows[0]
        return AlertState(bool(row.active), row.sent_at)

    async def _swap(
        self, kind: str, admin_id: int, before: AlertState | None, after: AlertState
    ) -> Claim | None:
        values = {"active": after.active, "sent_at": after.sent_at}
        if before is None:
            try:
                await self._rowcount(insert(_ALERTS).values(kind=kind, admin_id=admin_id, **values))
            except IntegrityError:
                return None  # another replica wrote the row first
            return Claim(kind, admin_id, None, after)
        changed = await self._rowcount(
            update(_ALERTS)
            .where(
                _A.kind == kind,
                _A.admin_id == admin_id,
                _A.active == before.active,
                _same_time(before.sent_at),
            )
            .values(**values)
        )
        return Claim(kind, admin_id, before, after) if changed == 1 else None

    @staticmethod
    def _key(claim: Claim) -> list[ColumnElement[bool]]:
        return [_A.kind == claim.kind, _A.admin_id == claim.admin_id]


def _same_time(when: datetime | None) -> ColumnElement[bool]:
    if when is None:
        return _A.sent_at.is_(None)
    return _A.sent_at == when
