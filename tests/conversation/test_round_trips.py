"""A navigation update costs the database one read and one write: the customer's row and their
conversation are read in one statement as the update begins, what changed is written in one
as it ends (bot/storage/fsm.py), each atomic by itself: no BEGIN/COMMIT, no rollback when the
connection goes back to the pool. Counted on the real engines while real updates go through."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event

from bot.storage.db import Database
from tests.conversation.conftest import ELECTRICITY, TASHKENT, UTILITIES, Paybot

NAVIGATION_ROUND_TRIPS = 2


@contextlib.contextmanager
def statements_on(database: Database) -> Iterator[list[str]]:
    """What goes to the database while the block runs: statements on either engine (a new
    connection's PRAGMAs left out), and the main engine's commits and rollbacks. The
    single-statement engine's are skipped in the driver (autocommit), which is checked."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith("PRAGMA"):
            sent.append(statement)

    def ended(name: str) -> Any:
        return lambda _conn: sent.append(name)

    single = database.single_statements
    listeners: list[tuple[Any, str, Any]] = [
        (database.engine.sync_engine, "before_cursor_execute", record),
        (single.sync_engine, "before_cursor_execute", record),
        (database.engine.sync_engine, "commit", ended("COMMIT")),
        (database.engine.sync_engine, "rollback", ended("ROLLBACK")),
    ]
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    try:
        yield sent
    finally:
        for target, name, listener in listeners:
            event.remove(target, name, listener)


async def _quiet(paybot: Paybot) -> None:
    """No background job may query the database while an update is counted; and the
    single-statement engine's commits and rollbacks never reach SQLite."""
    single = paybot.app.database.single_statements
    assert single.dialect.skip_autocommit_rollback
    async with single.connect() as connection:
        raw = await connection.get_raw_connection()
        assert single.dialect.detect_autocommit_setting(raw.dbapi_connection)
    for watcher in paybot.app.watchers:
        await watcher.stop()
    await paybot.app.outbox.stop()


async def test_a_navigation_press_reads_once_and_writes_once(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await _quiet(paybot)
    await tg.press(user, "Pay")
    await tg.press(user, UTILITIES)  # the catalogue is cached from here on
    await tg.press(user, "Back")
    for label in (UTILITIES, ELECTRICITY, TASHKENT):
        with statements_on(paybot.app.database) as sent:
            activity = await tg.press(user, label)
        assert activity.handled
        assert len(sent) <= NAVIGATION_ROUND_TRIPS, (label, sent)
        assert sent[0].lstrip().upper().startswith("SELECT"), sent
        assert "users" in sent[0] and "fsm_states" in sent[0], sent[0]


async def test_a_menu_entry_reads_once_and_writes_once(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await _quiet(paybot)
    await tg.press(user, "Pay")  # the categories are cached from here on
    with statements_on(paybot.app.database) as sent:
        await tg.send(user, "/pay")
    assert len(sent) <= NAVIGATION_ROUND_TRIPS, sent
