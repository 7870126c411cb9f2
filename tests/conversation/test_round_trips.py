"""A navigation update costs the database one read and one write: the customer's row and their
conversation are read in one statement as the update begins, what changed is written in one
as it ends (bot/storage/fsm.py), each atomic by itself: no BEGIN/COMMIT, no rollback when the
connection goes back to the pool. Counted by SQLite's own trace while real updates go
through."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from bot.storage.db import Database
from tests.conversation.conftest import ELECTRICITY, TASHKENT, UTILITIES, Paybot

NAVIGATION_ROUND_TRIPS = 2


@contextlib.asynccontextmanager
async def statements_on(database: Database) -> AsyncIterator[list[str]]:
    """What the driver sends while the block runs, on every connection and whichever way it was
    sent (the ORM, Core, the driver's own connection; on SQLite BEGIN, COMMIT and ROLLBACK
    too)."""
    sent: list[str] = []

    def record(statement: str) -> None:
        # A PRAGMA of a new SQLite connection; the pool's pre-ping (";") of a PostgreSQL one,
        # a round trip that is the pool's, not the update's (tuning it is PostgreSQL work).
        if not statement.lstrip().upper().startswith("PRAGMA") and statement.strip() != ";":
            sent.append(statement)

    stop = database.watch_statements(record)
    try:
        yield sent
        for _ in range(3):  # asyncpg reports from the event loop, a turn or so later
            await asyncio.sleep(0)
    finally:
        stop()


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
        async with statements_on(paybot.app.database) as sent:
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
    async with statements_on(paybot.app.database) as sent:
        await tg.send(user, "/pay")
    assert len(sent) <= NAVIGATION_ROUND_TRIPS, sent
