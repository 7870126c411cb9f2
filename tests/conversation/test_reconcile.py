"""Reconciliation through the real bot: customers pay through the dispatcher against the
sandbox over HTTP, the sandbox plants each kind of mismatch, and an admin's /reconcile (or the
daily job) finds them, with the CSV; the pending payment Paylov has paid is recorded paid once
and its customer told once, however many reconcilers run."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date, datetime, time, timedelta

import pytest
from pydantic import SecretStr

from bot.app import SANDBOX_TOKEN
from bot.devtools.standin import FakeUser
from bot.paylov.auth import StaticTokenAuth
from bot.paylov.client import PaylovClient
from bot.paylov.models import PayRequest
from bot.payments.payment_flow import PaymentFlow, paylov_user_id
from bot.payments.reconcile import (
    CSV_COLUMNS,
    MismatchKind,
    ReconcileJob,
    Reconciler,
    day_bounds,
)
from bot.payments.tashkent import TASHKENT
from bot.storage.db import Database
from bot.storage.models import NoticeKind, NoticeStatus, PaymentStatus
from bot.storage.reconciliation import ReconciliationRepository
from bot.storage.repositories import PaymentRecord, Repositories
from bot.telegram.reconcile_report import ReconcileReport
from tests.conversation.conftest import ADMIN_ID, ELECTRICITY_ID, UZCARD_OTP, Paybot

NOT_UNDERSTOOD = "I did not understand that."
RECEIPT = "Payment successful"


def tashkent_day(payment: PaymentRecord) -> date:
    return payment.created_at.astimezone(TASHKENT).date()


async def pay(
    paybot: Paybot, user_id: int, amount: int, *, lose_outcome: bool = False
) -> PaymentRecord:
    """A customer pays an electricity bill through the bot; with `lose_outcome` the answer of
    `pay` is lost and Paylov's status does not answer, so the bot records it pending."""
    user = paybot.user(user_id)
    await paybot.to_code_prompt(user, str(amount))
    if lose_outcome:
        paybot.sandbox.lose_next_pay_outcome(status_failures=10)
    await paybot.tg.send(user, UZCARD_OTP)
    paybot.sandbox.faults.clear()  # Paylov answers again from here on
    [payment] = await paybot.payments(user)
    expected = PaymentStatus.PENDING if lose_outcome else PaymentStatus.PAID
    assert payment.status == expected, paybot.last_text(user)
    return payment


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def receipts(paybot: Paybot, user: FakeUser) -> int:
    return sum(RECEIPT in text for text in paybot.tg.bot_texts(user))


async def paid_notices(paybot: Paybot, payment: PaymentRecord) -> list[NoticeStatus]:
    return [
        notice.status
        for notice in await paybot.app.repos.notices.list_for_user(payment.user_id)
        if notice.payment_id == payment.id and notice.kind == NoticeKind.PAID
    ]


async def reconcile(paybot: Paybot, text: str) -> tuple[str, list[dict[str, str]] | None]:
    admin = paybot.user(ADMIN_ID)
    await paybot.tg.send(admin, text)
    message = paybot.tg.last_bot_message(admin)
    assert message is not None
    rows = csv_rows(message.document.data) if message.document is not None else None
    return message.plain, rows


@pytest.fixture
async def quiet(paybot: Paybot) -> Paybot:
    """Only the test's own calls deliver notices (so "told once" is counted, not raced)."""
    await paybot.app.outbox.stop()
    return paybot


async def test_reconcile_finds_each_planted_mismatch_and_settles_the_pending_once(
    quiet: Paybot,
) -> None:
    paybot, sandbox = quiet, quiet.sandbox
    differs = await pay(paybot, 8101, 30_000)
    unlisted = await pay(paybot, 8102, 40_000)
    pending = await pay(paybot, 8103, 25_000, lose_outcome=True)
    day = tashkent_day(differs)
    sandbox.change_amount(differs.transaction_id or "", 31_000)
    sandbox.unlist_transaction(unlisted.transaction_id or "")
    noon = datetime.combine(day, time(12, 0))
    stranger = sandbox.plant_paid_transaction(ELECTRICITY_ID, 55_000, user_id="web-77", when=noon)
    requests = {endpoint: sandbox.ledger.requests(endpoint) for endpoint in ("create", "pay")}

    summary, rows = await reconcile(paybot, f"/reconcile {day.isoformat()}")

    assert f"Reconciliation of {day.isoformat()}: 4 mismatches" in summary
    assert "Paid here: 2 · paid at Paylov: 3 · open payments checked: 1" in summary
    for line in (
        "Paid at Paylov, no payment here: 1",
        "Amounts differ: 1",
        "Paid here, not in Paylov's list: 1",
        "Open here, Paylov's status asked: 1",
        "Fixed: 1 recorded paid",
    ):
        assert line in summary
    assert "recorded here as not paid" not in summary
    assert rows is not None and list(rows[0]) == list(CSV_COLUMNS)
    by_kind = {row["kind"]: row for row in rows}
    assert len(rows) == 4 and set(by_kind) == {kind.value for kind in MismatchKind} - {
        MismatchKind.NOT_PAID_LOCALLY.value
    }
    row = by_kind["amount-differs"]
    assert (row["transaction_id"], row["payment_id"], row["customer"]) == (
        differs.transaction_id,
        str(differs.id),
        "8101",
    )
    assert (row["local_amount"], row["paylov_amount"], row["status_now"]) == (
        "30000",
        "31000",
        "paid",
    )
    row = by_kind["missing-in-paylov"]
    assert (row["transaction_id"], row["local_status"], row["local_amount"]) == (
        unlisted.transaction_id,
        "paid",
        "40000",
    )
    assert row["paylov_status"] == "paid"  # its status still knows it: only the list lacks it
    row = by_kind["missing-locally"]
    assert (row["transaction_id"], row["payment_id"], row["paylov_user"]) == (
        stranger,
        "",
        "web-77",
    )
    assert (row["paylov_amount"], row["local_status"], row["status_now"]) == ("55000", "", "")
    assert row["paylov_date"] == f"{day.isoformat()} 12:00:00"
    row = by_kind["unsettled"]
    assert (row["transaction_id"], row["local_status"], row["paylov_status"]) == (
        pending.transaction_id,
        "pending",
        "paid",
    )
    assert row["status_now"] == "paid"

    # The pending payment is paid now, with its receipt owed once; the customer gets it once.
    settled = await paybot.app.repos.payments.get(pending.id)
    assert settled is not None and settled.status == PaymentStatus.PAID
    assert await paid_notices(paybot, pending) == [NoticeStatus.PENDING]  # owed, not sent yet
    assert await paybot.app.outbox.run_once() == 1
    customer = paybot.user(8103)
    assert receipts(paybot, customer) == 1

    # Again: the settled payment is consistent now; the rest is still off, and nothing is redone.
    summary, rows = await reconcile(paybot, f"/reconcile {day.isoformat()}")
    assert "3 mismatches" in summary and "Nothing was clear enough to fix" in summary
    assert rows is not None
    assert {row["kind"] for row in rows} == {
        "amount-differs",
        "missing-in-paylov",
        "missing-locally",
    }
    assert await paybot.app.outbox.run_once() == 0
    assert receipts(paybot, customer) == 1
    assert await paid_notices(paybot, pending) == [NoticeStatus.DELIVERED]
    # Money never moved: no create and no pay was sent by either run.
    assert {e: sandbox.ledger.requests(e) for e in ("create", "pay")} == requests
    assert sandbox.ledger.charges(pending.transaction_id or "") == 1


async def test_two_reconcilers_at_once_settle_the_pending_once(quiet: Paybot) -> None:
    """Two processes on one database reconcile the same day at the same moment: the payment
    becomes paid once, with one receipt owed."""
    paybot = quiet
    pending = await pay(paybot, 8111, 20_000, lose_outcome=True)
    day = tashkent_day(pending)
    other_db = Database(paybot.app.settings.database.url)
    other_client = PaylovClient(paybot.sandbox.url, StaticTokenAuth(SecretStr(SANDBOX_TOKEN)))
    try:
        other_repos = Repositories.from_database(other_db)
        other = Reconciler(other_client, other_repos, PaymentFlow(other_client, other_repos))
        results = await asyncio.gather(paybot.app.dispatcher["reconciler"].run(day), other.run(day))
    finally:
        await other_client.aclose()
        await other_db.close()
    # Each saw it open and settled it, or saw it settled already by the other: either way it
    # is reported as paid now, or not at all.
    found = [mismatch for result in results for mismatch in result.mismatches]
    assert 1 <= len(found) <= 2
    assert {(m.kind, m.payment_id, m.status_now) for m in found} == {
        (MismatchKind.UNSETTLED, pending.id, PaymentStatus.PAID)
    }
    assert len(await paid_notices(paybot, pending)) == 1
    assert await paybot.app.outbox.run_once() == 1
    assert receipts(paybot, paybot.user(8111)) == 1
    assert paybot.sandbox.ledger.pay_requests(pending.transaction_id or "") == 1


async def test_the_daily_job_runs_once_a_day_across_replicas_and_reports_each_time(
    quiet: Paybot,
) -> None:
    paybot = quiet
    pending = await pay(paybot, 8121, 15_000, lose_outcome=True)
    day = tashkent_day(pending)
    admin = paybot.user(ADMIN_ID)
    await paybot.begin(admin)
    before = len(paybot.tg.bot_texts(admin))
    at = datetime.combine(day + timedelta(days=1), time(7, 0), tzinfo=TASHKENT)
    early = datetime.combine(day + timedelta(days=1), time(5, 59), tzinfo=TASHKENT)
    other_db = Database(paybot.app.settings.database.url)
    try:
        jobs = []
        for repos, database in ((paybot.app.repos, paybot.app.database), (None, other_db)):
            repos = repos or Repositories.from_database(database)
            report = ReconcileReport(paybot.tg.bot, paybot.app.i18n.core, repos.users, [ADMIN_ID])
            jobs.append(
                ReconcileJob(
                    paybot.app.dispatcher["reconciler"],
                    ReconciliationRepository(database),
                    report,
                    clock=lambda: at,
                )
            )
        early_job = ReconcileJob(
            paybot.app.dispatcher["reconciler"],
            ReconciliationRepository(paybot.app.database),
            jobs[0]._report,
            clock=lambda: early,
        )
        assert await early_job.run_once() is None  # before 06:00 the day is not due
        results = await asyncio.gather(*(job.run_once() for job in jobs))
        assert await jobs[0].run_once() is None and await jobs[1].run_once() is None
    finally:
        await other_db.close()
    [result] = [result for result in results if result is not None]
    assert result.day == day and len(result.fixed()) == 1
    reports = paybot.tg.bot_texts(admin)[before:]
    assert len(reports) == 1
    assert f"Reconciliation of {day.isoformat()}: 1 mismatches" in reports[0]
    run = await ReconciliationRepository(paybot.app.database).get(day)
    assert run is not None and run.finished_at is not None and (run.mismatches, run.fixed) == (1, 1)
    assert await paybot.app.outbox.run_once() == 1
    assert receipts(paybot, paybot.user(8121)) == 1

    # The next day, with nothing off: a quiet "everything matches" all the same.
    next_day = at + timedelta(days=1)
    job = ReconcileJob(
        paybot.app.dispatcher["reconciler"],
        ReconciliationRepository(paybot.app.database),
        jobs[0]._report,
        clock=lambda: next_day,
    )
    assert await job.run_once() is not None
    last = paybot.last_text(admin)
    assert f"Reconciliation of {(day + timedelta(days=1)).isoformat()}: everything matches" in last
    assert paybot.tg.last_bot_message(admin).document is None  # type: ignore[union-attr]


async def test_a_failed_run_leaves_the_day_to_the_next_round(quiet: Paybot) -> None:
    paybot = quiet
    at = datetime.now(TASHKENT).replace(hour=8)
    runs = ReconciliationRepository(paybot.app.database)
    reports: list[object] = []

    async def report(result: object) -> None:
        reports.append(result)

    job = ReconcileJob(paybot.app.dispatcher["reconciler"], runs, report, clock=lambda: at)
    paybot.sandbox.faults.inject("transactions_all", "error_5xx", times=2, status=500)
    with pytest.raises(Exception, match="500"):
        await job.run_once()
    assert reports == []
    assert await job.run_once() is not None  # Paylov answers again: the same day runs
    assert len(reports) == 1


async def test_reconcile_is_not_there_for_a_customer(paybot: Paybot) -> None:
    user = paybot.user(8131)
    await paybot.begin(user)
    listed = paybot.sandbox.ledger.requests("transactions_all")
    await paybot.tg.send(user, "/reconcile")
    assert paybot.last_text(user).startswith(NOT_UNDERSTOOD)
    await paybot.tg.send(user, "/reconcile 2024-05-01")
    assert paybot.last_text(user).startswith(NOT_UNDERSTOOD)
    assert paybot.sandbox.ledger.requests("transactions_all") == listed
    assert "reconcile" not in {command.command for command in paybot.tg.commands(user)}
    admin = paybot.user(ADMIN_ID)
    await paybot.begin(admin)
    assert "reconcile" in {command.command for command in paybot.tg.commands(admin)}


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ("2024-13-01", "Not a date: 2024-13-01"),
        ("yesterday", "Not a date: yesterday"),
        ("2024-05-01 2024-05-02", "Not a date: 2024-05-01 2024-05-02"),
        ("1999-12-31", "1999-12-31 cannot be reconciled"),
        ("2024-06-01", "2024-06-01 cannot be reconciled: give a day from 2000-01-01 to today"),
    ],
)
async def test_bad_dates_get_the_usage(paybot: Paybot, args: str, problem: str) -> None:
    paybot.app.dispatcher["report_today"] = lambda: date(2024, 5, 31)
    admin = paybot.user(ADMIN_ID)
    await paybot.begin(admin)
    text, rows = await reconcile(paybot, f"/reconcile {args}")
    assert problem in text and "Usage: /reconcile [YYYY-MM-DD]" in text
    assert rows is None


async def test_without_a_date_yesterday_and_an_empty_day_matches(paybot: Paybot) -> None:
    paybot.app.dispatcher["report_today"] = lambda: date(2024, 5, 31)
    admin = paybot.user(ADMIN_ID)
    await paybot.begin(admin)
    text, rows = await reconcile(paybot, "/reconcile")
    assert text.startswith("✅ Reconciliation of 2024-05-30: everything matches.")
    assert "Paid here: 0 · paid at Paylov: 0 · open payments checked: 0" in text
    assert rows is None


async def test_paylov_not_answering_is_said_so(paybot: Paybot) -> None:
    admin = paybot.user(ADMIN_ID)
    await paybot.begin(admin)
    paybot.sandbox.faults.inject("transactions_all", "error_5xx", times=None, status=500)
    text, rows = await reconcile(paybot, "/reconcile 2024-05-01")
    assert (
        text == "❌ Paylov is not answering: 2024-05-01 could not be reconciled. Try again later."
    )
    assert rows is None


@pytest.mark.parametrize("language", ["ru", "uz"])
async def test_the_summary_in_the_admins_language(quiet: Paybot, language: str) -> None:
    paybot = quiet
    payment = await pay(paybot, 8141, 30_000)
    paybot.sandbox.unlist_transaction(payment.transaction_id or "")
    admin = paybot.user(ADMIN_ID)
    await paybot.begin(admin, {"ru": "Русский", "uz": "O'zbekcha"}[language])
    text, rows = await reconcile(paybot, f"/reconcile {tashkent_day(payment).isoformat()}")
    core = paybot.app.i18n.core
    assert core.get("reconcile-kind-missing-in-paylov", language, count="1") in text
    assert rows is not None and [row["kind"] for row in rows] == ["missing-in-paylov"]


def test_day_bounds_are_tashkent_midnights() -> None:
    start, end = day_bounds(date(2024, 5, 1))
    assert start.astimezone(TASHKENT).time() == time(0) and end - start == timedelta(days=1)
    assert start.utcoffset() == timedelta(hours=5)


async def test_what_is_not_clear_is_reported_and_left_alone(quiet: Paybot) -> None:
    """A payment Paylov lists as paid that our record ended as failed is for a person (a final
    row is never rewritten); one still waiting for its code that Paylov says is paid becomes
    paid (the money moved); a `pay` under way is left to the update that sent it."""
    paybot, paylov = quiet, quiet.app.paylov
    repos = paybot.app.repos
    wrongly_failed = await pay(paybot, 8151, 30_000, lose_outcome=True)
    assert await repos.payments.mark_failed(wrongly_failed.id, "test", "recorded wrongly")
    waiting = paybot.user(8152)
    await paybot.to_code_prompt(waiting, "20000")
    [awaiting_code] = await paybot.payments(waiting)
    assert awaiting_code.status == PaymentStatus.CREATED
    # Paid through another channel with the same transaction: the bot never sent this pay.
    await paylov.pay(
        PayRequest(
            transaction_id=awaiting_code.transaction_id or "",
            card_id=awaiting_code.card_id or "",
            user_id=paylov_user_id("tg", 8152),
            otp=UZCARD_OTP,
        )
    )
    under_way_user = paybot.user(8153)
    await paybot.to_code_prompt(under_way_user, "10000")
    [under_way] = await paybot.payments(under_way_user)
    assert await repos.payments.claim_for_pay(under_way.id)  # its `pay` is being sent

    summary, rows = await reconcile(paybot, f"/reconcile {tashkent_day(wrongly_failed)}")

    assert rows is not None
    by_payment = {row["payment_id"]: row for row in rows}
    assert set(by_payment) == {str(wrongly_failed.id), str(awaiting_code.id)}
    row = by_payment[str(wrongly_failed.id)]
    assert (row["kind"], row["local_status"], row["status_now"]) == (
        "not-paid-locally",
        "failed",
        "failed",
    )
    row = by_payment[str(awaiting_code.id)]
    assert (row["kind"], row["local_status"], row["paylov_status"], row["status_now"]) == (
        "unsettled",
        "created",
        "paid",
        "paid",
    )
    assert "Paid at Paylov, recorded here as not paid: 1" in summary
    assert "Fixed: 1 recorded paid" in summary
    assert (await repos.payments.get(wrongly_failed.id)).status == PaymentStatus.FAILED  # type: ignore[union-attr]
    assert (await repos.payments.get(under_way.id)).status == PaymentStatus.PAYING  # type: ignore[union-attr]
    assert await paybot.app.outbox.run_once() == 1
    assert receipts(paybot, waiting) == 1


async def test_the_jobs_first_look_comes_one_interval_after_start(quiet: Paybot) -> None:
    at = datetime.now(TASHKENT).replace(hour=8)
    runs = ReconciliationRepository(quiet.app.database)
    reports: list[object] = []

    async def report(result: object) -> None:
        reports.append(result)

    job = ReconcileJob(quiet.app.dispatcher["reconciler"], runs, report, clock=lambda: at)
    await job._round()  # what Periodic runs at start: nothing yet
    assert reports == [] and await runs.get(at.date() - timedelta(days=1)) is None
    await job._round()
    assert len(reports) == 1
