"""The database handle: async engine, sessions, and migrations that run at start."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool
from sqlalchemy.util import await_only

# Package-resource form: found wherever `bot` is installed, no alembic.ini needed.
MIGRATIONS_LOCATION = "bot.storage:migrations"
# The advisory lock key migrations hold on PostgreSQL (any constant of the application's own).
MIGRATION_LOCK = {"key": 0x7061_7962_6F74}  # "paybot"
# How long a SQLite writer waits for another one before giving up.
SQLITE_BUSY_TIMEOUT_MS = 10_000
# How long an update waits for a pooled connection under overload: a wait, not an error, for
# as long as a customer would still wait (updates at once are bounded: BOT_UPDATES_AT_ONCE).
POOL_WAIT_SECONDS = 120


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config built in code; `url` is used when no connection is handed over."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS_LOCATION)
    if url is not None:
        # ConfigParser treats % as interpolation; a password may contain one.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def is_sqlite_memory(url: URL) -> bool:
    if url.get_backend_name() != "sqlite":
        return False
    return url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the writer; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


_statements_log = logging.getLogger("bot.storage.statements")


def _log_statement(statement: str) -> None:
    # DB_ECHO: one line per statement SQLite runs (SQLAlchemy's echo misses the driver path).
    if not statement.lstrip().upper().startswith("PRAGMA"):
        _statements_log.info("%s", " ".join(statement.split())[:300])


def _engine_options(url: URL, echo: bool) -> dict[str, Any]:
    options: dict[str, Any] = {"echo": echo}
    if url.get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if is_sqlite_memory(url):
            # One shared connection, or every new one would see an empty database.
            options["poolclass"] = StaticPool
            options["connect_args"]["check_same_thread"] = False
            return options
    else:
        options["pool_pre_ping"] = True
    options["pool_timeout"] = POOL_WAIT_SECONDS
    return options


StatementWatcher = Callable[[str], None]


class Database:
    """One per process. `session()` opens a short-lived session; repositories use it."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url: URL = make_url(url)
        self.engine: AsyncEngine = create_async_engine(self.url, **_engine_options(self.url, echo))
        # Who sees every statement SQLite runs (tests and the benchmark count round trips).
        self._watchers: list[StatementWatcher] = []
        if echo:
            self._watchers.append(_log_statement)
        event.listen(self.engine.sync_engine, "connect", self._on_connect)
        # expire_on_commit=False: records are read from objects after the commit.
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._echo = echo
        self._single_statements: AsyncEngine | None = None

    @property
    def single_statements(self) -> AsyncEngine:
        """An engine for work that is one statement, atomic by itself (the conversation's read
        and its upsert): in autocommit, so neither BEGIN/COMMIT nor the pool's rollback on
        return adds a round trip. An in-memory SQLite has one connection: the main engine."""
        if is_sqlite_memory(self.url):
            return self.engine
        if self._single_statements is None:
            options = _engine_options(self.url, self._echo)
            self._single_statements = create_async_engine(
                self.url,
                isolation_level="AUTOCOMMIT",
                skip_autocommit_rollback=True,
                pool_reset_on_return=None,
                **options,
            )
            event.listen(self._single_statements.sync_engine, "connect", self._on_connect)
        return self._single_statements

    def watch_statements(self, watcher: StatementWatcher) -> Callable[[], None]:
        """Call `watcher` with each statement the database driver sends, on every connection
        (the ORM's, the single-statement engine's, the driver-level ones of
        bot/storage/driver.py; SQLite's BEGIN, COMMIT and ROLLBACK included); returns the
        function that stops it. On PostgreSQL asyncpg reports a query soon after it ran, from
        the event loop, not at once."""
        self._watchers.append(watcher)
        return lambda: self._watchers.remove(watcher)

    def _on_connect(self, dbapi_connection: Any, record: Any) -> None:
        driver = dbapi_connection.driver_connection
        # The driver's own hook sees what reaches the database, whichever way it was sent.
        if self.is_sqlite:
            _set_sqlite_pragmas(dbapi_connection, record)
            await_only(driver.set_trace_callback(self._trace))
        elif hasattr(driver, "add_query_logger"):  # asyncpg
            driver.add_query_logger(lambda logged: self._trace(logged.query))

    def _trace(self, statement: str) -> None:
        for watcher in self._watchers:
            watcher(statement)

    @property
    def single_statements_autocommit(self) -> bool:
        """False for an in-memory SQLite, whose single_statements is the main engine."""
        return not is_sqlite_memory(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def session(self) -> AsyncSession:
        return self._sessions()

    async def migrate(self, revision: str = "head") -> None:
        """Bring the schema up to `revision` (alembic upgrade)."""
        self._ensure_sqlite_directory()
        async with self.engine.begin() as connection:
            if not self.is_sqlite:
                # Replicas starting at once migrate one after the other (PostgreSQL's DDL is
                # transactional: the next one waits, then finds the schema at head).
                await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), MIGRATION_LOCK)
            elif not is_sqlite_memory(self.url):
                # The same on one SQLite file: the write lock from the start, not at the first
                # write, so another process's alembic waits (busy_timeout) for this one.
                await connection.exec_driver_sql("BEGIN IMMEDIATE")
            await connection.run_sync(_run_alembic, command.upgrade, revision)

    async def downgrade(self, revision: str = "base") -> None:
        """Take the schema down to `revision` (tests and manual rollbacks)."""
        async with self.engine.begin() as connection:
            await connection.run_sync(_run_alembic, command.downgrade, revision)

    async def close(self) -> None:
        if self._single_statements is not None:
            await self._single_statements.dispose()
        await self.engine.dispose()

    def _ensure_sqlite_directory(self) -> None:
        if self.is_sqlite and not is_sqlite_memory(self.url) and self.url.database:
            Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)


def _run_alembic(
    connection: Connection, action: Callable[[Config, str], None], revision: str
) -> None:
    config = alembic_config()
    # env.py runs on this connection instead of opening its own engine.
    config.attributes["connection"] = connection
    action(config, revision)
