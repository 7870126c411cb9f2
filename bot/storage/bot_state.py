"""Small facts every replica shares, by key, changed only by compare-and-set: of several
replicas writing at once exactly one wins, and the others know they lost."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Executable, Table, delete, select, update
from sqlalchemy.sql.elements import ColumnElement

from bot.storage.models import BotState
from bot.storage.repositories import UtcTimestamp, _first, _Record, _Repository

_STATE = cast(Table, BotState.__table__)
_B = _STATE.c


class StateRecord(_Record):
    key: str
    value: str
    updated_at: UtcTimestamp


class BotStateRepository(_Repository):
    async def get(self, key: str) -> StateRecord | None:
        row = _first(await self._rows(select(_STATE).where(_B.key == key)))
        return None if row is None else StateRecord.model_validate(row)

    async def replace(
        self, key: str, value: str, *, expected: StateRecord | None
    ) -> StateRecord | None:
        """Write `value` if the row is still exactly `expected` (None: if there is no row);
        the row written, for the one caller that did. The row's time is compared too, so a
        rewrite of the same value is a change as well."""
        now = self._clock()
        statement: Executable
        if expected is None:
            statement = (
                self._insert(_STATE)
                .values(key=key, value=value, updated_at=now)
                .on_conflict_do_nothing(index_elements=[_B.key])
                .returning(_STATE)
            )
        else:
            statement = (
                update(_STATE)
                .where(*_is(expected))
                .values(value=value, updated_at=now)
                .returning(_STATE)
            )
        row = _first(await self._rows(statement))
        return None if row is None else StateRecord.model_validate(row)

    async def restore(self, written: StateRecord, previous: StateRecord | None) -> None:
        """Undo a `replace` whose side effect failed, unless someone changed the row since."""
        if previous is None:
            await self._rowcount(delete(_STATE).where(*_is(written)))
            return
        values = {"value": previous.value, "updated_at": previous.updated_at}
        await self._rowcount(update(_STATE).where(*_is(written)).values(values))


def _is(record: StateRecord) -> tuple[ColumnElement[bool], ...]:
    return (
        _B.key == record.key,
        _B.value == record.value,
        _B.updated_at == record.updated_at,
    )
