"""Migrations: stairway up/down/up for every revision, each way env.py can be entered."""

from __future__ import annotations

import io
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import Connection, text

from bot.storage.db import SQLITE_BUSY_TIMEOUT_MS, Database, alembic_config
from bot.storage.models import Base
from tests.conftest import sqlite_only

from .helpers import file_url

# These read SQLite's files; on PostgreSQL every storage test's fixture migrates a fresh
# database, which is the upgrade path proved there.
pytestmark = sqlite_only

APP_TABLES = {
    "users",
    "cards",
    "saved_accounts",
    "payments",
    "fsm_states",
    "notices",
    "reminders",
    "reminder_runs",
    "support_questions",
    "support_messages",
    "reconciliation_runs",
    "bot_state",
    "ops_alerts",
}
# What each revision adds, for the stairway's check after that step.
TABLES_BY_REVISION = {
    "0001": {"users", "cards", "saved_accounts", "payments"},
    "0002": {"fsm_states"},
    "0003": {"notices"},
    "0004": {"reminders", "reminder_runs"},
    "0005": {"support_questions", "support_messages"},
    "0006": set(),  # columns only: the payment's merchant and terminal ids
    "0007": {"reconciliation_runs"},
    "0008": {"bot_state"},
    "0009": {"ops_alerts"},
}
ALEMBIC_INI = Path(__file__).resolve().parents[2] / "bot" / "storage" / "alembic.ini"


def revisions() -> list[Script]:
    script = ScriptDirectory.from_config(alembic_config())
    return list(reversed(list(script.walk_revisions("base", "heads"))))


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows} - {"alembic_version", "sqlite_sequence"}


def test_there_is_a_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert revisions()[0].revision == "0001"


@pytest.mark.parametrize("revision", revisions(), ids=lambda r: r.revision)
def test_stairway_through_the_cli_path(revision: Script, tmp_path: Path) -> None:
    # No connection handed over: env.py opens its own async engine from sqlalchemy.url.
    path = tmp_path / "stairway.sqlite3"
    config = alembic_config(file_url(path))
    command.upgrade(config, revision.revision)
    command.downgrade(config, "-1")  # one step: to the parent, or base for the first
    command.upgrade(config, revision.revision)
    assert tables(path) >= TABLES_BY_REVISION[revision.revision]


async def test_upgrade_downgrade_upgrade_through_database(db_path: Path) -> None:
    # The path the bot takes at start: alembic run on the async engine's connection.
    database = Database(file_url(db_path))
    try:
        await database.migrate()
        assert tables(db_path) == APP_TABLES
        await database.downgrade("base")
        assert tables(db_path) == set()
        await database.migrate()
        assert tables(db_path) == APP_TABLES
    finally:
        await database.close()


def test_offline_mode_prints_the_sql(tmp_path: Path) -> None:
    buffer = io.StringIO()
    config = Config(output_buffer=buffer)
    config.set_main_option("script_location", "bot.storage:migrations")
    config.set_main_option("sqlalchemy.url", file_url(tmp_path / "never-created.sqlite3"))
    command.upgrade(config, "head", sql=True)
    sql = buffer.getvalue()
    for table in APP_TABLES:
        assert f"CREATE TABLE {table}" in sql
    assert not (tmp_path / "never-created.sqlite3").exists()


@pytest.fixture
def restore_logging() -> Iterator[None]:
    # The CLI path configures logging from alembic.ini; other tests must not inherit that.
    names = ["", "alembic", "sqlalchemy.engine"]
    saved = {name: logging.getLogger(name) for name in names}
    levels = {name: logger.level for name, logger in saved.items()}
    handlers = {name: list(logger.handlers) for name, logger in saved.items()}
    yield
    for name, logger in saved.items():
        logger.setLevel(levels[name])
        logger.handlers[:] = handlers[name]


@pytest.mark.usefixtures("restore_logging")
def test_the_shipped_alembic_ini_works(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # python -m alembic -c bot/storage/alembic.ini upgrade head, with the URL from DB_URL.
    monkeypatch.setenv("DB_URL", file_url(db_path))
    config = Config(str(ALEMBIC_INI))
    command.upgrade(config, "head")
    assert tables(db_path) == APP_TABLES


async def test_migrations_match_the_models(db: Database) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with db.engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_migrate_twice_is_a_no_op(db: Database, db_path: Path) -> None:
    await db.migrate()
    assert tables(db_path) == APP_TABLES


async def test_sqlite_pragmas_are_set(db: Database) -> None:
    async with db.engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        busy_timeout = (await connection.execute(text("PRAGMA busy_timeout"))).scalar()
        assert busy_timeout == SQLITE_BUSY_TIMEOUT_MS


async def test_memory_database_keeps_its_schema() -> None:
    database = Database("sqlite+aiosqlite:///:memory:")
    try:
        await database.migrate()
        async with database.engine.connect() as connection:
            rows = await connection.execute(text("SELECT name FROM sqlite_master"))
            assert {name for (name,) in rows} >= APP_TABLES
    finally:
        await database.close()


async def test_missing_directory_is_created(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "bot.sqlite3"
    database = Database(file_url(path))
    try:
        await database.migrate()
    finally:
        await database.close()
    assert tables(path) == APP_TABLES
