"""A navigation update costs the database one read and one write: the customer's row and their
conversation are read in one statement as the update begins, what changed is written in one
as it ends (bot/storage/fsm.py), each atomic by itself: no BEGIN/COMMIT, no rollback when the
connection goes back to the pool. A money step adds its own few statements, each atomic by
itself too, but for a status change and the notice it owes (one transaction). Counted by the
driver's own hook (SQLite's trace) while real updates go through."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from bot.storage.db import Database
from bot.storage.models import NoticeKind, NoticeStatus
from tests.conversation.conftest import (
    ELECTRICITY_BUTTON,
    TASHKENT,
    UTILITIES,
    UZCARD,
    UZCARD_EXPIRY,
    UZCARD_OTP,
    Paybot,
)

NAVIGATION_ROUND_TRIPS = 2
# The money steps: the conversation's read and write, and what each step adds.
AMOUNT_ROUND_TRIPS = 3  # the card list of the confirmation (here: none yet, so the card steps)
PHONE_ROUND_TRIPS = 3  # the phone kept
EXPIRY_ROUND_TRIPS = 2  # nothing: the expiry waits in the conversation, sealed
CARD_NUMBER_ROUND_TRIPS = 3  # the conversation written before createUserCard (expiry dropped)
# The "confirm sent" mark written before the confirm, the card kept, the confirmation's list.
CARD_CODE_ROUND_TRIPS = 5
# The chosen card; the account's payments in the way (unsettled, recently paid); the payment
# written (new) and its id saved in the conversation before `create`; `created` after.
CONFIRM_ROUND_TRIPS = 7
# The claim (created → paying) before `pay`; paid and the receipt owed in one transaction
# (BEGIN, UPDATE, INSERT, COMMIT: SQLite's trace sees the driver's BEGIN); the flow's end;
# the receipt found and claimed in one statement, whether the account is saved (the
# receipt's "Save account"), the receipt delivered.
PAY_ROUND_TRIPS = 10


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
    await paybot.app.ops.alerts.stop()


async def test_a_navigation_press_reads_once_and_writes_once(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await _quiet(paybot)
    await tg.press(user, "Pay")
    await tg.press(user, UTILITIES)  # the catalogue is cached from here on
    await tg.press(user, "Back")
    for label in (UTILITIES, ELECTRICITY_BUTTON, TASHKENT):
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


async def test_each_money_step_costs_a_few_round_trips(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await _quiet(paybot)
    steps = [
        ("amount", AMOUNT_ROUND_TRIPS, lambda: tg.send(user, "30000"), "share your phone"),
        ("phone", PHONE_ROUND_TRIPS, lambda: tg.share_contact(user, user.phone), "expiry"),
        ("expiry", EXPIRY_ROUND_TRIPS, lambda: tg.send(user, UZCARD_EXPIRY), "card number"),
        ("number", CARD_NUMBER_ROUND_TRIPS, lambda: tg.send(user, UZCARD), "code"),
        (
            "card code",
            CARD_CODE_ROUND_TRIPS,
            lambda: tg.send(user, UZCARD_OTP),
            "Check the payment",
        ),
        ("confirm", CONFIRM_ROUND_TRIPS, lambda: tg.press(user, "Confirm and pay"), "Type it here"),
        ("pay", PAY_ROUND_TRIPS, lambda: tg.send(user, UZCARD_OTP), "Payment successful"),
    ]
    for name, ceiling, step, shown in steps:
        async with statements_on(paybot.app.database) as sent:
            activity = await step()
        assert activity.handled, name
        assert shown.lower() in paybot.last_text(user).lower(), (name, paybot.last_text(user))
        assert len(sent) <= ceiling, (name, sent)
    [payment] = await paybot.payments(user)
    receipt = await paybot.app.repos.notices.for_payment(payment.id, NoticeKind.PAID)
    assert receipt is not None and receipt.status == NoticeStatus.DELIVERED
