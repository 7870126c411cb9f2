"""Conversation state (aiogram FSM) in the bot's own database, read and written once an update.

With the default single process a restart must not drop a customer halfway: after a deploy the
customer who was typing the SMS code can still type it. Memory storage loses that; Redis needs a
server. This keeps state and data in one table of the database the bot already has, on SQLite or
PostgreSQL alike (an upsert of each dialect). What goes in is the typed draft of the flow: ids,
field values and amounts, never card numbers or codes; the card expiry only sealed, between the
two messages of a card binding (bot/payments/card_binding.py).

One unit of work per update (`ConversationMiddleware`): the customer's row and their
conversation are read in one statement when the update begins; aiogram's state and data calls
then work on that copy, and what changed is written in one statement when the update ends.
Before a call to Paylov that must find the state saved (the payment's id before `create`, the
"confirm sent" mark of a card binding), `flush_conversation` writes it at once. Outside an
update (a script, a test calling the storage) every call reads and writes the database itself.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, cast

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey
from aiogram.types import TelegramObject
from sqlalchemy import BigInteger, Table, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from bot.storage.db import Database
from bot.storage.driver import DriverStatement
from bot.storage.models import FsmRecord, User
from bot.storage.repositories import Clock, UserRecord
from bot.storage.types import utc_now

EMPTY_DATA = "{}"

_FSM = cast(Table, FsmRecord.__table__)
_USERS = cast(Table, User.__table__)


_ME = select(bindparam("user_id", type_=BigInteger).label("id")).subquery()
# The update's two statements (bot/storage/driver.py): the sender's row (if any) and their
# conversation (if any) in one read; state and data in one upsert, or the row's removal.
_LOAD = DriverStatement(
    select(
        _USERS.c.id,
        _USERS.c.language,
        _USERS.c.phone,
        _USERS.c.notices_held,
        _USERS.c.created_at,
        _USERS.c.updated_at,
        _FSM.c.state,
        _FSM.c.data,
    ).select_from(
        _ME.outerjoin(_USERS, _USERS.c.id == _ME.c.id).outerjoin(
            _FSM, _FSM.c.key == bindparam("key", type_=_FSM.c.key.type)
        )
    )
)
_DELETE = DriverStatement(delete(_FSM).where(_FSM.c.key == bindparam("key", type_=_FSM.c.key.type)))


def _upsert(dialect: Any) -> DriverStatement:
    insert = dialect.insert(_FSM).values(
        key=bindparam("key", type_=_FSM.c.key.type),
        state=bindparam("state", type_=_FSM.c.state.type),
        data=bindparam("data", type_=_FSM.c.data.type),
        updated_at=bindparam("updated_at", type_=_FSM.c.updated_at.type),
    )
    excluded = insert.excluded
    return DriverStatement(
        insert.on_conflict_do_update(
            index_elements=[_FSM.c.key],
            set_={name: excluded[name] for name in ("state", "data", "updated_at")},
        )
    )


_UPSERT = _upsert(sqlite)
_UPSERT_POSTGRESQL = _upsert(postgresql)


@dataclass
class _Conversation:
    """One storage key's state and data as the update sees them."""

    state: str | None
    data: dict[str, Any]
    dirty: bool = False


@dataclass
class UpdateUnit:
    """What one update read, and what it changed."""

    user: UserRecord | None = None  # the sender's row as the update began (None: a new user)
    conversations: dict[str, _Conversation] = field(default_factory=dict)


_unit: ContextVar[UpdateUnit | None] = ContextVar("paybot_update_unit", default=None)


def current_unit() -> UpdateUnit | None:
    """The unit of the update being handled in this task, if it opened one."""
    return _unit.get()


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

    # --- aiogram's storage contract -------------------------------------------------------------

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        value = state.state if isinstance(state, State) else state
        conversation = await self._conversation(key)
        if conversation is None:
            await self._write(self._keys.build(key), state=value)
            return
        conversation.state, conversation.dirty = value, True

    async def get_state(self, key: StorageKey) -> str | None:
        conversation = await self._conversation(key)
        if conversation is None:
            record = await self._read(self._keys.build(key))
            return None if record is None else record.state
        return conversation.state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        conversation = await self._conversation(key)
        if conversation is None:
            await self._write(self._keys.build(key), data=_dumps(data))
            return
        conversation.data, conversation.dirty = dict(data), True

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        conversation = await self._conversation(key)
        if conversation is None:
            record = await self._read(self._keys.build(key))
            return {} if record is None else _loads(record.data)
        return dict(conversation.data)  # the caller may change its copy

    async def close(self) -> None:
        """The database belongs to the app, which closes it."""

    # --- the update's unit of work --------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def unit(self, key: StorageKey) -> AsyncIterator[UpdateUnit]:
        """Open the update's unit: the sender's row and the conversation of `key` in one
        statement; on the way out, what changed in one statement (even when the update
        failed: what it did before failing stays done, as it would have without the unit)."""
        unit = await self._load(key)
        token = _unit.set(unit)
        try:
            yield unit
        finally:
            _unit.reset(token)
            await self._flush(unit)

    async def flush(self) -> None:
        """Write what the current update changed so far (see `flush_conversation`)."""
        unit = _unit.get()
        if unit is not None:
            await self._flush(unit)

    async def _conversation(self, key: StorageKey) -> _Conversation | None:
        """The unit's copy of this key's conversation (read now if the unit has not yet);
        None outside a unit."""
        unit = _unit.get()
        if unit is None:
            return None
        built = self._keys.build(key)
        conversation = unit.conversations.get(built)
        if conversation is None:  # another destiny (the admins' queries)
            record = await self._read(built)
            conversation = _Conversation(
                state=None if record is None else record.state,
                data={} if record is None else _loads(record.data),
            )
            unit.conversations[built] = conversation
        return conversation

    async def _load(self, key: StorageKey) -> UpdateUnit:
        built = self._keys.build(key)
        (row,) = await _LOAD.rows(
            self._db.single_statements,
            autocommit=self._db.single_statements_autocommit,
            user_id=key.user_id,
            key=built,
        )
        user_id, language, phone, notices_held, created_at, updated_at, state, data = row
        user = None
        if user_id is not None:
            user = UserRecord(
                id=user_id,
                language=language,
                phone=phone,
                notices_held=notices_held,
                created_at=created_at,
                updated_at=updated_at,
            )
        conversation = _Conversation(state=state, data=_loads(EMPTY_DATA if data is None else data))
        return UpdateUnit(user=user, conversations={built: conversation})

    async def _flush(self, unit: UpdateUnit) -> None:
        for built, conversation in unit.conversations.items():
            if conversation.dirty:
                await self._write_whole(built, conversation.state, _dumps(conversation.data))
                conversation.dirty = False

    async def _write_whole(self, key: str, state: str | None, data: str) -> None:
        """State and data at once: one statement, atomic by itself (autocommit)."""
        engine, autocommit = self._db.single_statements, self._db.single_statements_autocommit
        if state is None and data == EMPTY_DATA:  # a finished conversation leaves no row
            await _DELETE.rows(engine, autocommit=autocommit, key=key)
            return
        upsert = _UPSERT_POSTGRESQL if self._db.url.get_backend_name() == "postgresql" else _UPSERT
        await upsert.rows(
            engine, autocommit=autocommit, key=key, state=state, data=data, updated_at=self._clock()
        )

    # --- the table ------------------------------------------------------------------------------

    async def _read(self, key: str) -> FsmRecord | None:
        async with self._db.session() as session:
            return await session.scalar(select(FsmRecord).where(FsmRecord.key == key))

    async def _write(self, key: str, **values: str | None) -> None:
        """One half (state or data) outside a unit: upsert it, in one transaction with the
        removal of a row left with neither (a finished conversation leaves no row)."""
        values["updated_at"] = self._clock()  # type: ignore[assignment]
        row = {"key": key, "state": None, "data": EMPTY_DATA, **values}
        statement = self._insert().values(row)
        statement = statement.on_conflict_do_update(  # type: ignore[attr-defined]
            index_elements=[_FSM.c.key], set_=values
        )
        async with self._db.engine.begin() as connection:
            await connection.execute(statement)
            await connection.execute(
                delete(_FSM).where(
                    _FSM.c.key == key, _FSM.c.state.is_(None), _FSM.c.data == EMPTY_DATA
                )
            )

    def _insert(self) -> Insert:
        dialect = postgresql if self._db.url.get_backend_name() == "postgresql" else sqlite
        return dialect.insert(FsmRecord)


async def flush_conversation(state: FSMContext) -> None:
    """Make what this update wrote to the conversation durable now, before a side effect
    that must find it saved (a no-op for storages that write at once)."""
    if isinstance(state.storage, DatabaseStorage):
        await state.storage.flush()


Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ConversationMiddleware(FSMContextMiddleware):
    """aiogram's FSM middleware, which also opens the update's unit on a DatabaseStorage: the
    state is read inside the per-user lock (as aiogram does), and written before the lock is
    released."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(self.storage, DatabaseStorage):
            return await super().__call__(handler, event, data)
        context = self.resolve_event_context(cast(Bot, data["bot"]), data)
        data["fsm_storage"] = self.storage
        if context is None:
            return await handler(event, data)
        async with (
            self.events_isolation.lock(key=context.key),
            self.storage.unit(context.key) as unit,
        ):
            data.update(
                {"state": context, "raw_state": await context.get_state(), "update_unit": unit}
            )
            return await handler(event, data)


def _dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(dict(data), ensure_ascii=False)


def _loads(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    return data
