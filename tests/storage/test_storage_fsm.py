"""Conversation state in the database: aiogram's storage contract, on a real SQLite file."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select

from bot.storage.db import Database
from bot.storage.fsm import DatabaseStorage
from bot.storage.models import FsmRecord

from .helpers import FakeClock

KEY = StorageKey(bot_id=1, chat_id=1001, user_id=1001)
OTHER_CHAT = StorageKey(bot_id=1, chat_id=2002, user_id=2002)
ADMIN_KEY = StorageKey(bot_id=1, chat_id=1001, user_id=1001, destiny="admin")


class Flow(StatesGroup):
    code = State()


async def rows(db: Database) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(FsmRecord)) or 0)


async def test_state_and_data_round_trip_per_key(db: Database, clock: FakeClock) -> None:
    storage = DatabaseStorage(db, clock=clock)
    assert await storage.get_state(KEY) is None and await storage.get_data(KEY) == {}

    await storage.set_state(KEY, Flow.code)
    await storage.set_data(KEY, {"draft": {"amount": 50_000, "answers": {"ФИО": "Каримов"}}})
    assert await storage.get_state(KEY) == "Flow:code"
    assert await storage.get_data(KEY) == {
        "draft": {"amount": 50_000, "answers": {"ФИО": "Каримов"}}
    }
    assert await storage.update_data(KEY, {"page": 2}) == {
        "draft": {"amount": 50_000, "answers": {"ФИО": "Каримов"}},
        "page": 2,
    }
    # Other chats and other destinies are apart.
    assert await storage.get_state(OTHER_CHAT) is None
    assert await storage.get_data(ADMIN_KEY) == {}
    await storage.set_data(ADMIN_KEY, {"queries": [1]})
    assert (await storage.get_data(KEY))["page"] == 2
    assert await storage.get_data(ADMIN_KEY) == {"queries": [1]}


async def test_a_finished_conversation_leaves_no_row(db: Database) -> None:
    storage = DatabaseStorage(db)
    await storage.set_state(KEY, "Flow:code")
    await storage.set_data(KEY, {"draft": {}})
    assert await rows(db) == 1
    await storage.set_state(KEY, None)
    assert await rows(db) == 1  # the data is still there
    await storage.set_data(KEY, {})
    assert await rows(db) == 0
    assert await storage.get_state(KEY) is None


async def test_state_outlives_the_process(database_url: str) -> None:
    first = Database(database_url)
    await first.migrate()
    await DatabaseStorage(first).set_state(KEY, "Flow:code")
    await DatabaseStorage(first).set_data(KEY, {"draft": {"payment_id": 7}})
    await first.close()

    second = Database(database_url)
    try:
        storage = DatabaseStorage(second)
        assert await storage.get_state(KEY) == "Flow:code"
        assert await storage.get_data(KEY) == {"draft": {"payment_id": 7}}
    finally:
        await second.close()
