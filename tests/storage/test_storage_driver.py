"""The update's unit reads and writes on the driver's own connection (bot/storage/driver.py):
what it reads and writes must be what the ORM reads and writes, values typed the same."""

from __future__ import annotations

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import select

from bot.storage.db import Database
from bot.storage.fsm import DatabaseStorage
from bot.storage.models import FsmRecord
from bot.storage.repositories import Repositories

from .helpers import USER, FakeClock

KEY = StorageKey(bot_id=1, chat_id=USER, user_id=USER)


async def test_the_unit_sees_the_user_row_the_repository_wrote(
    db: Database, repos: Repositories, clock: FakeClock
) -> None:
    await repos.users.set_language(USER, "uz")
    expected = await repos.users.get(USER)
    async with DatabaseStorage(db, clock=clock).unit(KEY) as unit:
        assert unit.user == expected
    assert unit.user is not None and unit.user.created_at.tzinfo is not None


async def test_a_new_user_is_none_and_has_an_empty_conversation(db: Database) -> None:
    async with DatabaseStorage(db).unit(StorageKey(1, 777, 777)) as unit:
        assert unit.user is None
        assert [(c.state, c.data) for c in unit.conversations.values()] == [(None, {})]


async def test_what_the_unit_writes_the_orm_reads(db: Database, clock: FakeClock) -> None:
    storage = DatabaseStorage(db, clock=clock)
    clock.advance(90)
    async with storage.unit(KEY):
        await storage.set_state(KEY, "Flow:code")
        await storage.set_data(KEY, {"answers": {"ФИО": "Каримов"}})
    async with db.session() as session:
        record = (await session.scalars(select(FsmRecord))).one()
    assert (record.state, record.updated_at) == ("Flow:code", clock.now)
    assert '"Каримов"' in record.data  # stored as text, not escaped
    clock.advance(5)
    async with storage.unit(KEY):  # an update of an existing row
        await storage.set_state(KEY, "Flow:amount")
    async with db.session() as session:
        record = (await session.scalars(select(FsmRecord))).one()
    assert (record.state, record.updated_at) == ("Flow:amount", clock.now)
    assert await storage.get_data(KEY) == {"answers": {"ФИО": "Каримов"}}


async def test_an_in_memory_database_goes_through_sqlalchemy(clock: FakeClock) -> None:
    db = Database("sqlite+aiosqlite:///:memory:")
    await db.migrate()
    try:
        assert not db.single_statements_autocommit
        storage = DatabaseStorage(db, clock=clock)
        async with storage.unit(KEY):
            await storage.set_data(KEY, {"page": 2})
        async with storage.unit(KEY) as unit:
            assert [c.data for c in unit.conversations.values()] == [{"page": 2}]
            await storage.set_data(KEY, {})
        async with db.session() as session:
            assert (await session.scalars(select(FsmRecord))).all() == []
    finally:
        await db.close()
