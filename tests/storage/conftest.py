"""Storage fixtures: a real, migrated SQLite file per test, and a clock the test moves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.db import Database
from bot.storage.repositories import Repositories

from .helpers import OTHER_USER, USER, FakeClock


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "paybot.sqlite3"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    await database.migrate()
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def repos(db: Database, clock: FakeClock) -> Repositories:
    repositories = Repositories.from_database(db, clock=clock)
    await repositories.users.get_or_create(USER)
    await repositories.users.get_or_create(OTHER_USER)
    return repositories
