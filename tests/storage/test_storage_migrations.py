"""Migrations: stairway up/down/up for every revision, each way env.py can be entered.

The stairway and the whole-schema tests run on the `database_url` fixture: a SQLite file, or a
fresh PostgreSQL database per test when PAYBOT_TEST_POSTGRES_URL is set. Only the tests that
read SQLite's own files (pragmas, an in-memory database, a missing directory) are SQLite-only.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import Connection, inspect, text

from bot.storage.db import SQLITE_BUSY_TIMEOUT_MS, Database, alembic_config
from bot.storage.models import Base
from tests.conftest import on_postgres, sqlite_only

from .helpers import file_url

# Every table of the models (test_migrations_match_the_models: the migrations make exactly them).
APP_TABLES = set(Base.metadata.tables)
ROOT = Path(__file__).resolve().parents[2]
ALEMBIC_INI = ROOT / "bot" / "storage" / "alembic.ini"
# Shape of a schema: per table its columns, primary key, foreign keys, indexes and unique
# constraints, each in a form that compares equal across a table copied by SQLite's batch mode.
Schema = dict[str, dict[str, Any]]


def revisions() -> list[Script]:
    script = ScriptDirectory.from_config(alembic_config())
    return list(reversed(list(script.walk_revisions("base", "heads"))))


def _shape(connection: Connection) -> Schema:
    inspector = inspect(connection)
    schema: Schema = {}
    for table in set(inspector.get_table_names()) - {"alembic_version", "sqlite_sequence"}:
        schema[table] = {
            "columns": sorted(
                (column["name"], str(column["type"]), column["nullable"])
                for column in inspector.get_columns(table)
            ),
            "primary key": sorted(inspector.get_pk_constraint(table)["constrained_columns"]),
            "foreign keys": sorted(
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    (fk.get("options") or {}).get("ondelete"),
                )
                for fk in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (index["name"], tuple(index["column_names"]), bool(index["unique"]))
                for index in inspector.get_indexes(table)
            ),
            "unique": sorted(
                tuple(unique["column_names"]) for unique in inspector.get_unique_constraints(table)
            ),
        }
    return schema


async def schema_of(url: str) -> Schema:
    database = Database(url)
    try:
        async with database.engine.connect() as connection:
            return await connection.run_sync(_shape)
    finally:
        await database.close()


def test_there_is_a_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert revisions()[0].revision == "0001"


@pytest.mark.parametrize("revision", revisions(), ids=lambda r: r.revision)
async def test_stairway(revision: Script, database_url: str) -> None:
    """Up to the revision, one step down, up again: the step down must give back exactly the
    parent's schema, and the second way up exactly the first one's. Covers every revision that
    exists, whatever it changes (a data-only revision too)."""
    database = Database(database_url)
    try:
        parent = revision.down_revision
        assert parent is None or isinstance(parent, str)
        if parent is not None:
            await database.migrate(parent)
        before = await schema_of(database_url)
        await database.migrate(revision.revision)
        after = await schema_of(database_url)
        await database.downgrade("-1")  # one step: to the parent, or base for the first
        assert await schema_of(database_url) == before
        await database.migrate(revision.revision)
        assert await schema_of(database_url) == after
    finally:
        await database.close()


@pytest.mark.parametrize("revision", [revisions()[0], revisions()[-1]], ids=lambda r: r.revision)
def test_stairway_through_the_cli_path(revision: Script, database_url: str) -> None:
    # No connection handed over: env.py opens its own async engine from sqlalchemy.url.
    config = alembic_config(database_url)
    command.upgrade(config, revision.revision)
    command.downgrade(config, "-1")
    command.upgrade(config, revision.revision)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")


async def test_upgrade_downgrade_upgrade_through_database(database_url: str) -> None:
    # The path the bot takes at start: alembic run on the async engine's connection.
    database = Database(database_url)
    try:
        await database.migrate()
        assert set(await schema_of(database_url)) == APP_TABLES
        await database.downgrade("base")
        assert await schema_of(database_url) == {}
        await database.migrate()
        assert set(await schema_of(database_url)) == APP_TABLES
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
def test_the_shipped_alembic_ini_works(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # python -m alembic -c bot/storage/alembic.ini upgrade head, with the URL from DB_URL.
    monkeypatch.setenv("DB_URL", database_url)
    config = Config(str(ALEMBIC_INI))
    command.upgrade(config, "head")
    assert set(asyncio.run(schema_of(database_url))) == APP_TABLES


async def test_migrations_match_the_models(db: Database) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with db.engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_migrate_twice_is_a_no_op(db: Database, database_url: str) -> None:
    before = await schema_of(database_url)
    await db.migrate()
    assert await schema_of(database_url) == before
    assert set(before) == APP_TABLES


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows} - {"alembic_version", "sqlite_sequence"}


@sqlite_only
async def test_sqlite_pragmas_are_set(db: Database) -> None:
    async with db.engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        busy_timeout = (await connection.execute(text("PRAGMA busy_timeout"))).scalar()
        assert busy_timeout == SQLITE_BUSY_TIMEOUT_MS


@sqlite_only
async def test_memory_database_keeps_its_schema() -> None:
    database = Database("sqlite+aiosqlite:///:memory:")
    try:
        await database.migrate()
        async with database.engine.connect() as connection:
            rows = await connection.execute(text("SELECT name FROM sqlite_master"))
            assert {name for (name,) in rows} >= APP_TABLES
    finally:
        await database.close()


@sqlite_only
async def test_missing_directory_is_created(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "bot.sqlite3"
    database = Database(file_url(path))
    try:
        await database.migrate()
    finally:
        await database.close()
    assert tables(path) == APP_TABLES


# A replica's start as far as the schema goes: import everything, say so, wait for the word,
# then migrate as bot/app.py does.
REPLICA = """
import asyncio, sys
from bot.storage.db import Database

async def main() -> None:
    database = Database(sys.argv[1])
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    try:
        await database.migrate()
    finally:
        await database.close()

asyncio.run(main())
"""


@pytest.mark.skipif(
    not on_postgres(),
    reason="SQLite's turn is a wait of busy_timeout (10 s), a timing margin; once, under the"
    " full suite's load, a replica got 'database is locked' (not reproduced since)",
)
async def test_replicas_starting_at_once_migrate_once(database_url: str) -> None:
    """Several processes migrating one database at the same moment (replicas starting
    together): one migrates, the others wait for it and find nothing to do; none fails."""
    replicas = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            REPLICA,
            database_url,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=ROOT,
        )
        for _ in range(3)
    ]
    try:
        for replica in replicas:
            assert replica.stdout is not None
            assert await replica.stdout.readline() == b"ready\n"
        for replica in replicas:  # all at once
            assert replica.stdin is not None
            replica.stdin.write(b"go\n")
        for replica in replicas:
            await replica.stdin.drain()  # type: ignore[union-attr]
        async with asyncio.timeout(120):
            outcomes = [await replica.communicate() for replica in replicas]
    finally:
        for replica in replicas:
            if replica.returncode is None:
                replica.kill()
                await replica.wait()
    failures = [
        err.decode() for (_, err), r in zip(outcomes, replicas, strict=True) if r.returncode
    ]
    assert not failures, "\n".join(failures)
    assert set(await schema_of(database_url)) == APP_TABLES
