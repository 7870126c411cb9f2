"""Online backup of the SQLite database (`python -m bot backup PATH`), while the bot runs.

SQLite's backup API copies the database page by page through an ordinary connection, so the
running bot keeps reading and writing (WAL mode, bot/storage/db.py). The copy is written to a
temporary file beside the target, checked (`PRAGMA integrity_check`), made a single
self-contained file (rollback journal, not WAL), and only then given its name. PostgreSQL has
its own tools (pg_dump / pg_restore, or base backups); this module refuses it and says so.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.storage.db import SQLITE_BUSY_TIMEOUT_MS, is_sqlite_memory


class BackupRefused(Exception):
    """The backup was not taken; the message says why and what to do instead."""


@dataclass(frozen=True)
class BackupResult:
    source: Path
    target: Path
    size: int  # bytes
    revision: str | None  # the copy's alembic revision, None for a database never migrated


def sqlite_file(database_url: str) -> Path:
    """The SQLite file DB_URL names, or BackupRefused for anything that is not one."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "postgresql":
        raise BackupRefused(
            "DB_URL is a PostgreSQL database: back it up with PostgreSQL's own tools, "
            "pg_dump -Fc (restore with pg_restore), or base backups (pg_basebackup) with WAL "
            "archiving for point-in-time recovery; see docs/operating.md"
        )
    if backend != "sqlite":
        raise BackupRefused(f"DB_URL is a {backend} database: only SQLite files are backed up")
    if is_sqlite_memory(url) or not url.database:
        raise BackupRefused("DB_URL is an in-memory SQLite database: there is no file to back up")
    return Path(url.database)


def backup_sqlite(source: Path, target: Path, *, overwrite: bool = False) -> BackupResult:
    """Copy the live database `source` to `target`; refuses an existing target unless
    `overwrite`. Synchronous: run it in a thread from async code."""
    if not source.is_file():
        raise BackupRefused(f"there is no database at {source}")
    if target.exists() and target.resolve() == source.resolve():
        raise BackupRefused(f"{target} is the database itself")
    if target.is_dir():
        raise BackupRefused(f"{target} is a directory: name the backup file")
    if target.exists() and not overwrite:
        raise BackupRefused(f"{target} exists; pass --force to overwrite it")
    if not target.parent.is_dir():
        raise BackupRefused(f"there is no directory {target.parent}")

    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        _copy(source, partial)
        revision = _check(partial)
        _sync(partial)
        if overwrite:
            os.replace(partial, target)
        else:
            # A hard link cannot overwrite: a file that appeared meanwhile is not replaced.
            try:
                os.link(partial, target)
            except FileExistsError:
                raise BackupRefused(f"{target} exists; pass --force to overwrite it") from None
    finally:
        for leftover in (partial, *_sidecars(partial)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return BackupResult(source=source, target=target, size=target.stat().st_size, revision=revision)


def _copy(source: Path, destination: Path) -> None:
    with (
        contextlib.closing(sqlite3.connect(source, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)) as live,
        contextlib.closing(sqlite3.connect(destination)) as copy,
    ):
        # All pages in one step: one read transaction, a consistent snapshot; in WAL mode the
        # bot's writers go on meanwhile. Copying in small steps would restart whenever another
        # connection writes, and might never finish under a steady load.
        live.backup(copy, pages=-1)
        # The copy is one file: no -wal or -shm beside it to lose when it is moved.
        copy.execute("PRAGMA journal_mode=DELETE")


def _check(path: Path) -> str | None:
    with contextlib.closing(sqlite3.connect(path)) as copy:
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupRefused(f"the copy failed SQLite's integrity check: {problems[:5]}")
        try:
            row = copy.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:  # never migrated
            return None
        return None if row is None else str(row[0])


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm")]


def describe(result: BackupResult) -> str:
    """What `python -m bot backup` prints."""
    revision = result.revision or "none (never migrated)"
    return (
        f"backed up {result.source} to {result.target}: {_size(result.size)} "
        f"({result.size} bytes), schema revision {revision}, integrity check ok"
    )


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
