"""The database every storage and conversation test runs on.

A SQLite file per test by default. With PAYBOT_TEST_POSTGRES_URL set to a PostgreSQL server
(`postgresql+asyncpg://postgres@127.0.0.1:5432/postgres`), each test gets a fresh database on
that server instead, so the same suite proves the same code on both backends.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

POSTGRES_ENV = "PAYBOT_TEST_POSTGRES_URL"


def on_postgres() -> bool:
    return bool(os.environ.get(POSTGRES_ENV))


sqlite_only = pytest.mark.skipif(on_postgres(), reason="reads SQLite's own files")


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        yield f"sqlite+aiosqlite:///{tmp_path / 'paybot.sqlite3'}"
        return
    name = f"paybot_test_{uuid4().hex[:12]}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()
