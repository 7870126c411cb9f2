"""`python -m bot backup PATH`: an online copy of the SQLite file while the bot writes to it."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory

from bot.__main__ import main
from bot.storage.backup import BackupRefused, backup_sqlite, sqlite_file
from bot.storage.db import Database, alembic_config
from bot.storage.models import PaymentStatus
from bot.storage.repositories import Repositories

from .helpers import USER, FakeClock, file_url, make_draft, make_payment

# These are about SQLite's files; PostgreSQL is refused (tested here too, without a server).
ROOT = Path(__file__).resolve().parents[2]
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


@pytest.fixture
async def live(tmp_path: Path) -> AsyncIterator[tuple[Path, Repositories]]:
    """A migrated SQLite file in WAL mode, as the bot keeps it, with two payments in it."""
    path = tmp_path / "paybot.sqlite3"
    database = Database(file_url(path))
    await database.migrate()
    repos = Repositories.from_database(database, clock=FakeClock())
    await repos.users.get_or_create(USER)
    await make_payment(repos, PaymentStatus.PAID)
    await make_payment(repos, PaymentStatus.PENDING)
    try:
        yield path, repos
    finally:
        await database.close()


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def payment_count(path: Path) -> int:
    return int(rows(path, "SELECT count(*) FROM payments")[0][0])


def assert_sound_copy(path: Path) -> None:
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    # One self-contained file: no WAL to keep beside it.
    assert rows(path, "PRAGMA journal_mode") == [("delete",)]
    assert not path.with_name(path.name + "-wal").exists()


def test_the_copy_has_the_rows_and_the_revision(
    live: tuple[Path, Repositories], tmp_path: Path
) -> None:
    source, _ = live
    assert rows(source, "PRAGMA journal_mode") == [("wal",)]
    target = tmp_path / "copy.sqlite3"
    result = backup_sqlite(source, target)
    assert result.target == target
    assert result.size == target.stat().st_size > 0
    assert result.revision == HEAD
    assert_sound_copy(target)
    statuses = rows(target, "SELECT status FROM payments ORDER BY id")
    assert statuses == [("paid",), ("pending",)]
    # Nothing but the copy is left behind in its directory.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


async def test_a_backup_taken_while_the_bot_keeps_writing(
    live: tuple[Path, Repositories], tmp_path: Path
) -> None:
    source, repos = live
    stop = asyncio.Event()
    under_way = asyncio.Event()

    async def keep_writing() -> None:
        written = 0
        while not stop.is_set():
            await make_draft(repos)
            written += 1
            if written == 3:
                under_way.set()
            await asyncio.sleep(0)

    writer = asyncio.create_task(keep_writing())
    # The writer has committed a few times before the copy starts and goes on during it.
    await under_way.wait()
    before = payment_count(source)
    target = tmp_path / "copy.sqlite3"
    try:
        await asyncio.to_thread(backup_sqlite, source, target)
    finally:
        stop.set()
        await writer
    after = payment_count(source)
    assert_sound_copy(target)
    # A consistent snapshot of some moment between the two counts, every row whole.
    assert before <= payment_count(target) <= after
    assert rows(target, "SELECT count(*) FROM payments WHERE amount IS NULL") == [(0,)]
    # The bot's database is untouched and goes on taking writes.
    await make_draft(repos)
    assert payment_count(source) == after + 1


def test_an_open_write_transaction_neither_blocks_nor_leaks_into_the_copy(
    live: tuple[Path, Repositories], tmp_path: Path
) -> None:
    source, _ = live
    writer = sqlite3.connect(source, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # holds the write lock, as a bot's transaction does
        writer.execute("UPDATE payments SET status = 'failed'")
        target = tmp_path / "copy.sqlite3"
        backup_sqlite(source, target)
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert_sound_copy(target)
    assert rows(target, "SELECT status FROM payments ORDER BY id") == [("paid",), ("pending",)]
    assert rows(source, "SELECT DISTINCT status FROM payments") == [("failed",)]


def test_an_existing_file_is_kept_unless_forced(
    live: tuple[Path, Repositories], tmp_path: Path
) -> None:
    source, _ = live
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"yesterday's backup")
    with pytest.raises(BackupRefused, match="exists; pass --force"):
        backup_sqlite(source, target)
    assert target.read_bytes() == b"yesterday's backup"
    backup_sqlite(source, target, overwrite=True)
    assert_sound_copy(target)


def test_it_refuses_what_it_cannot_copy(live: tuple[Path, Repositories], tmp_path: Path) -> None:
    source, _ = live
    with pytest.raises(BackupRefused, match="is the database itself"):
        backup_sqlite(source, source, overwrite=True)
    with pytest.raises(BackupRefused, match="no database at"):
        backup_sqlite(tmp_path / "missing.sqlite3", tmp_path / "copy.sqlite3")
    assert not (tmp_path / "missing.sqlite3").exists()  # not created by looking
    with pytest.raises(BackupRefused, match="is a directory"):
        backup_sqlite(source, tmp_path)
    with pytest.raises(BackupRefused, match="no directory"):
        backup_sqlite(source, tmp_path / "nowhere" / "copy.sqlite3")
    assert payment_count(source) == 2


def test_database_urls() -> None:
    assert sqlite_file("sqlite+aiosqlite:///data/paybot.sqlite3") == Path("data/paybot.sqlite3")
    assert sqlite_file("sqlite+aiosqlite:////data/paybot.sqlite3") == Path("/data/paybot.sqlite3")
    with pytest.raises(BackupRefused, match=r"pg_dump -Fc .*pg_restore"):
        sqlite_file("postgresql+asyncpg://paybot:secret@db/paybot")
    with pytest.raises(BackupRefused, match="in-memory"):
        sqlite_file("sqlite+aiosqlite:///:memory:")


def test_the_command_refuses_postgresql(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("DB_URL", "postgresql+asyncpg://paybot:s3cret-pw@db:5432/paybot")
    with pytest.raises(SystemExit) as exit:
        main(["backup", str(tmp_path / "copy.sqlite3")])
    assert exit.value.code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "backup not taken" in err
    assert "pg_dump" in err
    assert "pg_restore" in err
    assert "s3cret-pw" not in err
    assert not (tmp_path / "copy.sqlite3").exists()


def test_the_command_in_a_process(live: tuple[Path, Repositories], tmp_path: Path) -> None:
    source, _ = live
    target = tmp_path / "backups" / "paybot-2026-12-02.sqlite3"
    target.parent.mkdir()
    env = {**os.environ, "DB_URL": file_url(source)}

    def backup(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bot", "backup", str(target), *extra],
            env=env,
            cwd=tmp_path,  # no .env of the checkout
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    first = backup()
    assert first.returncode == 0, first.stderr
    size = target.stat().st_size
    assert first.stdout.strip() == (
        f"backed up {source} to {target}: {size / 1024:.1f} KB ({size} bytes), "
        f"schema revision {HEAD}, integrity check ok"
    )
    assert_sound_copy(target)
    assert payment_count(target) == 2

    again = backup()
    assert again.returncode == 1
    assert again.stdout == ""
    refusal = f"backup not taken: {target} exists; pass --force to overwrite it"
    assert again.stderr.strip() == refusal

    forced = backup("--force")
    assert forced.returncode == 0, forced.stderr
    assert_sound_copy(target)
