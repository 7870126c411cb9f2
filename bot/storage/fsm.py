"""Conversation state (aiogram FSM) in the bot's own database.

With the default single process a restart must not drop a customer halfway: after a deploy the
customer who was typing the SMS code can still type it. Memory storage loses that; Redis needs a
server. This keeps state and data in one table of the database the bot already has, on SQLite or
PostgreSQL alike (an upsert of each dialect). What goes in is the typed draft of the flow: ids,
field values and amounts, never card numbers or codes; the card expiry only sealed, between the
two messages of a card binding (bot/payments/card_binding.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from bot.storage.db import Database
from bot.storage.models import FsmRecord
from bot.storage.repositories import Clock
from bot.storage.types import utc_now

EMPTY_DATA = "{}"


class DatabaseStorage(BaseStorage):
    def __init__(
        self,
        db: Database,
        *,
        key_builder: KeyBuilder | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self._db = db
        # Destinies keep the admins' page queries apart from the customer flow's draft.
        self._keys = key_builder or DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
        self._clock = clock

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._write(self._keys.build(key), state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        record = await self._read(self._keys.build(key))
        return None if record is None else record.state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(self._keys.build(key), data=json.dumps(dict(data), ensure_ascii=False))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        record = await self._read(self._keys.build(key))
        if record is None:
            return {}
        data: dict[str, Any] = json.loads(record.data)
        return data

    async def close(self) -> None:
        """The database belongs to the app, which closes it."""

    async def _read(self, key: str) -> FsmRecord | None:
        async with self._db.session() as session:
            return await session.scalar(select(FsmRecord).where(FsmRecord.key == key))

    async def _write(self, key: str, **values: str | None) -> None:
        values["updated_at"] = self._clock()  # type: ignore[assignment]
        row = {"key": key, "state": None, "data": EMPTY_DATA, **values}
        statement = self._insert().values(row)
        statement = statement.on_conflict_do_update(  # type: ignore[attr-defined]
            index_elements=[FsmRecord.key], set_=values
        )
        async with self._db.session() as session, session.begin():
            await session.execute(statement)
            # A finished conversation leaves no row behind.
            await session.execute(
                delete(FsmRecord).where(
                    FsmRecord.key == key,
                    FsmRecord.state.is_(None),
                    FsmRecord.data == EMPTY_DATA,
                )
            )

    def _insert(self) -> Insert:
        dialect = postgresql if self._db.url.get_backend_name() == "postgresql" else sqlite
        return dialect.insert(FsmRecord)
