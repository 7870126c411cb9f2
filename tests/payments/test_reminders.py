"""Monthly reminders: the days they fall on (month ends included), when they are due in
Tashkent time, what is owed by the per-service data, and the job over the real sandbox and a
SQLite file: a month is done once per account, even with two processes running at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import SecretStr

from bot.paylov.auth import StaticTokenAuth
from bot.paylov.client import PaylovClient
from bot.paylov.models import InfoItem
from bot.paylov.sandbox import PaylovSandbox
from bot.payments import debts
from bot.payments.catalogue import CatalogueCache
from bot.payments.debts import DebtRule, OwedWhen
from bot.payments.reminders import (
    LAST_DAY,
    ReminderJob,
    RunOutcome,
    account_label,
    days_fallen,
    fall_date,
    is_due,
    period_of,
)
from bot.payments.service_facts import parse_debts
from bot.storage.db import Database
from bot.storage.models import NoticeKind, NoticeStatus
from bot.storage.repositories import Repositories, SavedAccountRecord
from tests.paylov.conftest import STATIC_TOKEN
from tests.storage.helpers import USER, FakeClock

ELECTRICITY = "6ae5eaf5-9b70-4aa9-9260-2438e99affa0"
OWING = {"region": "1", "soato": "26277", "customer_code": "1000412"}  # saldo -87340.50
OVERPAID = {"region": "1", "soato": "26290", "customer_code": "1000000"}  # saldo +15105.15
BEELINE = "7c444ebb-fc2c-54d3-9636-9791ec81df1c"  # no info method
TPS = "636a0b5f-1511-57d1-a2b8-e9983c3acabb"  # info, but its sign is shown nowhere: unknown


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# --- the calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "year", "month", "expected"),
    [
        (5, 2025, 3, date(2025, 3, 5)),
        (28, 2025, 2, date(2025, 2, 28)),
        (LAST_DAY, 2025, 2, date(2025, 2, 28)),
        (LAST_DAY, 2024, 2, date(2024, 2, 29)),  # a leap year
        (LAST_DAY, 2025, 4, date(2025, 4, 30)),
        (LAST_DAY, 2025, 12, date(2025, 12, 31)),
    ],
)
def test_the_day_a_reminder_falls_on(day: int, year: int, month: int, expected: date) -> None:
    assert fall_date(day, year, month) == expected


SET_EARLY = utc(2024, 1, 1)


def test_due_from_ten_tashkent_time_on_its_day_until_the_month_ends() -> None:
    # 10:00 in Tashkent is 05:00 UTC.
    assert not is_due(5, SET_EARLY, utc(2025, 3, 5, 4, 59))
    assert is_due(5, SET_EARLY, utc(2025, 3, 5, 5, 0))
    assert is_due(5, SET_EARLY, utc(2025, 3, 31, 18, 59))  # the bot was down: it catches up
    assert not is_due(5, SET_EARLY, utc(2025, 4, 4, 12, 0))  # April's has not come yet


def test_the_last_day_of_a_short_month() -> None:
    assert not is_due(LAST_DAY, SET_EARLY, utc(2025, 2, 27, 12, 0))
    assert is_due(LAST_DAY, SET_EARLY, utc(2025, 2, 28, 5, 0))
    assert is_due(LAST_DAY, SET_EARLY, utc(2024, 2, 29, 5, 0))
    assert not is_due(LAST_DAY, SET_EARLY, utc(2024, 2, 28, 12, 0))  # 2024 has the 29th
    assert LAST_DAY in days_fallen(utc(2025, 2, 28, 5, 0))
    assert LAST_DAY not in days_fallen(utc(2025, 3, 28, 5, 0))


def test_months_are_tashkent_months() -> None:
    # 20:00 UTC on 31 March is 01:00 on 1 April in Tashkent.
    assert period_of(utc(2025, 3, 31, 20, 0)) == "2025-04"
    assert period_of(utc(2025, 3, 31, 18, 59)) == "2025-03"
    assert days_fallen(utc(2025, 3, 31, 20, 0)) == {}  # 1 April, 01:00: nothing yet


def test_a_day_already_past_when_set_waits_for_next_month() -> None:
    set_on_the_20th = utc(2025, 3, 20, 8, 0)
    assert not is_due(5, set_on_the_20th, utc(2025, 3, 20, 9, 0))
    assert is_due(5, set_on_the_20th, utc(2025, 4, 5, 5, 0))
    # Set that very morning, before 10:00: due at 10:00.
    assert is_due(20, utc(2025, 3, 20, 4, 0), utc(2025, 3, 20, 5, 0))


def test_how_a_reminder_names_the_account() -> None:
    assert account_label("Electricity", "home") == "Electricity, home"
    assert account_label("Beeline", "Beeline 901234567") == "Beeline 901234567"


# --- what is owed ---------------------------------------------------------------------------


def _info(**values: str) -> list[InfoItem]:
    return [InfoItem(name=name, value=value) for name, value in values.items()]


def test_owed_by_the_services_own_sign() -> None:
    negative = {"svc": DebtRule("saldo", OwedWhen.NEGATIVE)}
    positive = {"svc": DebtRule("debt", OwedWhen.POSITIVE)}
    assert debts.owed("svc", _info(saldo="-87340.50"), rules=negative) == 87_341  # rounded up
    assert debts.owed("svc", _info(saldo="-84 500,00 UZS"), rules=negative) == 84_500
    assert debts.owed("svc", _info(saldo="15105.15 UZS"), rules=negative) == 0
    assert debts.owed("svc", _info(saldo="0.00"), rules=negative) == 0
    assert debts.owed("svc", _info(debt="84500"), rules=positive) == 84_500
    assert debts.owed("svc", _info(debt="-100"), rules=positive) == 0


def test_no_knowledge_is_unknown_never_a_guess() -> None:
    rules = {"svc": DebtRule("saldo", OwedWhen.NEGATIVE)}
    assert debts.owed("other", _info(saldo="-100"), rules=rules) is None
    assert debts.owed("svc", _info(balance="-100"), rules=rules) is None  # no such field
    assert debts.owed("svc", _info(saldo="n/a"), rules=rules) is None
    assert debts.owed("svc", [InfoItem(name="saldo", value=None)], rules=rules) is None
    assert not debts.knows(BEELINE) and not debts.knows(TPS)
    assert debts.owed(TPS, _info(saldo="-100")) is None


def test_a_malformed_entry_is_refused_at_load() -> None:
    with pytest.raises(ValueError):
        parse_debts({"svc": {"field": "saldo"}})
    with pytest.raises(ValueError):
        parse_debts({"svc": {"field": "saldo", "owed_when": "sometimes"}})


async def test_the_data_names_services_with_an_info_method(static_client: PaylovClient) -> None:
    services = {s.service_id: s for s in await static_client.list_services(available_for_me=False)}
    for service_id in debts._rules():
        assert services[service_id].has_info_method, service_id


# --- the job --------------------------------------------------------------------------------

# Set at START (1 March 2025, 09:30 UTC); the 5th at 10:00 Tashkent is 05:00 UTC.
FIFTH = utc(2025, 3, 5, 5, 0)


async def _account(
    repos: Repositories, service_id: str, account: dict[str, str], name: str
) -> SavedAccountRecord:
    saved, _ = await repos.saved_accounts.save(USER, service_id, name, account, name)
    return saved


def _job(
    repos: Repositories, client: PaylovClient, now: datetime, *, batch: int = 100
) -> ReminderJob:
    return ReminderJob(repos, CatalogueCache(client), clock=lambda: now, batch=batch)


async def test_the_job_messages_only_what_is_owed_once_a_month(
    repos: Repositories, static_client: PaylovClient, sandbox: PaylovSandbox
) -> None:
    owing = await _account(repos, ELECTRICITY, OWING, "Electricity, home")
    overpaid = await _account(repos, ELECTRICITY, OVERPAID, "Electricity, dacha")
    beeline = await _account(repos, BEELINE, {"phone": "901234567"}, "Beeline")
    for saved in (owing, overpaid, beeline):
        assert await repos.reminders.set(saved.id, USER, 5) is not None
    asked = sandbox.ledger.requests("info")

    assert (await _job(repos, static_client, FIFTH - timedelta(minutes=1)).run_once()).recorded == 0
    result = await _job(repos, static_client, FIFTH).run_once()
    assert (result.queued, result.recorded) == (1, 3)
    assert sandbox.ledger.requests("info") == asked + 2  # Beeline is never asked
    runs = {run.saved_account_id: run for run in await repos.reminders.runs_for_user(USER)}
    assert runs[owing.id].outcome == RunOutcome.OWED and runs[owing.id].amount == 87_341
    assert runs[overpaid.id].outcome == RunOutcome.NOTHING_OWED
    assert runs[beeline.id].outcome == RunOutcome.UNKNOWN
    [notice] = await repos.notices.list_for_user(USER)
    assert notice.kind == NoticeKind.REMINDER and notice.status == NoticeStatus.PENDING
    assert notice.reminder_run_id == runs[owing.id].id and notice.payment_id is None

    # Later the same month: done already, Paylov not even asked.
    later = await _job(repos, static_client, FIFTH + timedelta(days=3)).run_once()
    assert later.recorded == 0 and sandbox.ledger.requests("info") == asked + 2
    # Next month: again.
    april = await _job(repos, static_client, utc(2025, 4, 5, 5, 0)).run_once()
    assert (april.queued, april.recorded) == (1, 3)
    assert len(await repos.notices.list_for_user(USER)) == 2


async def test_paylov_silent_means_asked_again_next_round(
    repos: Repositories, static_client: PaylovClient, sandbox: PaylovSandbox
) -> None:
    owing = await _account(repos, ELECTRICITY, OWING, "home")
    await repos.reminders.set(owing.id, USER, 5)
    sandbox.faults.inject("info", "error_5xx", times=None)
    silent = await _job(repos, static_client, FIFTH).run_once()
    assert (silent.deferred, silent.recorded) == (1, 0)
    assert await repos.reminders.runs_for_user(USER) == []
    sandbox.faults.clear()
    again = await _job(repos, static_client, FIFTH + timedelta(minutes=5)).run_once()
    assert again.queued == 1


async def test_turned_off_or_set_after_its_day_sends_nothing(
    repos: Repositories, static_client: PaylovClient, clock: FakeClock
) -> None:
    home = await _account(repos, ELECTRICITY, OWING, "home")
    await repos.reminders.set(home.id, USER, 5)
    assert await repos.reminders.turn_off(home.id, USER)
    assert (await _job(repos, static_client, FIFTH).run_once()).recorded == 0
    clock.now = utc(2025, 3, 10)  # turned on again after the 5th: April's is the first
    await repos.reminders.set(home.id, USER, 5)
    assert (await _job(repos, static_client, utc(2025, 3, 10, 6)).run_once()).recorded == 0
    assert (await _job(repos, static_client, utc(2025, 4, 5, 5)).run_once()).queued == 1


async def test_a_round_goes_through_every_batch_and_skips_what_waits(
    repos: Repositories, static_client: PaylovClient, clock: FakeClock
) -> None:
    """Reminders set after their day this month come first by id, yet never hold up those due
    behind them; a round takes batch after batch until all are done."""
    clock.now = utc(2025, 3, 10)
    waiting = [await _account(repos, BEELINE, {"phone": f"90000000{n}"}, f"w{n}") for n in range(3)]
    for saved in waiting:
        await repos.reminders.set(saved.id, USER, 5)  # the 5th has passed: April's
    clock.now = utc(2025, 3, 1)  # these were set before their day
    due = [await _account(repos, BEELINE, {"phone": f"91000000{n}"}, f"d{n}") for n in range(5)]
    for saved in due:
        await repos.reminders.set(saved.id, USER, 20)
    result = await _job(repos, static_client, utc(2025, 3, 20, 6), batch=2).run_once()
    assert result.recorded == len(due)
    runs = await repos.reminders.runs_for_user(USER)
    assert {run.saved_account_id for run in runs} == {saved.id for saved in due}


async def test_a_reminder_is_the_owners_only(repos: Repositories) -> None:
    from tests.storage.helpers import OTHER_USER

    home = await _account(repos, ELECTRICITY, OWING, "home")
    assert await repos.reminders.set(home.id, OTHER_USER, 5) is None
    assert await repos.reminders.get(home.id, OTHER_USER) is None
    assert not await repos.reminders.turn_off(home.id, OTHER_USER)
    first = await repos.reminders.set(home.id, USER, 5)
    moved = await repos.reminders.set(home.id, USER, LAST_DAY)
    assert first is not None and moved is not None
    assert (moved.id, moved.day) == (first.id, LAST_DAY)  # moved, not a second reminder
    # Deleting the account takes its reminder with it.
    assert await repos.saved_accounts.delete(home.id, USER)
    assert await repos.reminders.get(home.id, USER) is None


async def test_two_processes_send_each_reminder_once(
    database_url: str, base_url: str, clock: FakeClock
) -> None:
    """Two processes on one SQLite file run the same due reminders at the same moment: each
    asks Paylov, one of them records each month, and one notice is owed per account."""
    databases = [Database(database_url), Database(database_url)]
    clients = [PaylovClient(base_url, StaticTokenAuth(SecretStr(STATIC_TOKEN))) for _ in databases]
    try:
        await databases[0].migrate()
        repos = [Repositories.from_database(db, clock=clock) for db in databases]
        await repos[0].users.get_or_create(USER)
        accounts = [
            await _account(repos[0], ELECTRICITY, OWING, "home"),
            await _account(repos[0], ELECTRICITY, OVERPAID, "dacha"),
            await _account(
                repos[0], "2096fb2e-e2d5-510a-867d-1b01ca604f83", {"account": "4010123456"}, "gas"
            ),
            await _account(
                repos[0], "3b16334a-1803-5da0-be11-ec14fc96fd09", {"account": "100200300"}, "bins"
            ),
        ]
        for saved in accounts:
            await repos[0].reminders.set(saved.id, USER, 5)
        jobs = [_job(r, c, FIFTH) for r, c in zip(repos, clients, strict=True)]
        results = await asyncio.gather(*(job.run_once() for job in jobs))
        assert sum(r.recorded for r in results) == len(accounts)
        assert sum(r.queued for r in results) == 3
        runs = await repos[0].reminders.runs_for_user(USER)
        assert len(runs) == len(accounts)
        notices = await repos[0].notices.list_for_user(USER)
        assert len(notices) == 3
        assert len({n.reminder_run_id for n in notices}) == 3
        # And once more, both at once: nothing new.
        again = await asyncio.gather(*(job.run_once() for job in jobs))
        assert sum(r.recorded for r in again) == 0
    finally:
        for client in clients:
            await client.aclose()
        for db in databases:
            await db.close()
