"""A navigation update costs the database one read and one write: the customer's row and their
conversation are read in one statement as the update begins, what changed is written in one
as it ends (bot/storage/fsm.py). Counted on the real engine while real updates go through."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conversation.conftest import ELECTRICITY, TASHKENT, UTILITIES, Paybot

NAVIGATION_ROUND_TRIPS = 2


@contextlib.contextmanager
def statements_on(engine: AsyncEngine) -> Iterator[list[str]]:
    """The SQL statements sent while the block runs (a new connection's PRAGMAs left out)."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith("PRAGMA"):
            sent.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def _quiet(paybot: Paybot) -> None:
    """No background job may query the database while an update is counted."""
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
    engine = paybot.app.database.engine
    for label in (UTILITIES, ELECTRICITY, TASHKENT):
        with statements_on(engine) as sent:
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
    with statements_on(paybot.app.database.engine) as sent:
        await tg.send(user, "/pay")
    assert len(sent) <= NAVIGATION_ROUND_TRIPS, sent
