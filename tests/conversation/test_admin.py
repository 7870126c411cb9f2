"""Admins' commands against the sandbox: /payments, /tx, /stats, /export.

The merchant's paid transactions are made straight through the Paylov client (cards bound for
two customers, then create + pay) with the sandbox's clock set to each payment's moment, so the
listing spans known days. One /tx test pays through the bot to have a local record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime

import pytest
from aiogram.types import Update
from PIL import Image

from bot.admin.reports import PaymentFilter
from bot.devtools.standin import FakeUser
from bot.paylov.models import (
    ConfirmUserCardRequest,
    CreateRequest,
    CreateUserCardRequest,
    PayRequest,
)
from bot.paylov.sandbox import PaylovSandbox
from bot.payments.payment_flow import paylov_user_id
from bot.telegram.routers.admin import AdminPageCb, _keep_query
from tests.conversation.conftest import (
    ADMIN_ID,
    HUMO,
    HUMO_OTP,
    UZCARD,
    UZCARD_OTP,
    Paybot,
)

BEELINE = "7c444ebb-fc2c-54d3-9636-9791ec81df1c"
UCELL = "d0e47df2-cc87-5ab4-9e97-0edf14e16d1a"
MOBIUZ = "bed8f18e-73eb-5605-953f-31638170b500"
GAS = "2096fb2e-e2d5-510a-867d-1b01ca604f83"
GAS_NAME = "Hududgaztaminot — природный газ"
UZDIGITAL_INACTIVE = "3e8a8818-ba0d-5820-9ca5-420db87a93ea"
ACCOUNTS = {
    BEELINE: {"phone": "901234567"},
    UCELL: {"phone": "931234567"},
    MOBIUZ: {"phone": "971234567"},
    GAS: {"account": "4010123456"},
}
CUSTOMER_A = 700_001  # pays with the Uzcard of YUSUPOVA MALIKA
CUSTOMER_B = 700_002  # pays with the Humo of BOTIROV TEMURBEK
CARDS = {CUSTOMER_A: (UZCARD, "2909", UZCARD_OTP), CUSTOMER_B: (HUMO, "2803", HUMO_OTP)}
TODAY = date(2024, 5, 31)

# (customer, service, amount in sum, when): 13 payments, so /payments has two pages.
PAYMENTS = [
    (CUSTOMER_A, BEELINE, 10_000, datetime(2024, 5, 1, 9, 0)),
    (CUSTOMER_A, BEELINE, 12_000, datetime(2024, 5, 2, 9, 0)),
    (CUSTOMER_A, UCELL, 15_000, datetime(2024, 5, 3, 10, 0)),
    (CUSTOMER_B, BEELINE, 20_000, datetime(2024, 5, 3, 11, 0)),
    (CUSTOMER_B, MOBIUZ, 7_000, datetime(2024, 5, 5, 12, 0)),
    (CUSTOMER_A, BEELINE, 3_000, datetime(2024, 5, 8, 13, 0)),
    (CUSTOMER_B, UCELL, 30_000, datetime(2024, 5, 10, 14, 0)),
    (CUSTOMER_B, GAS, 50_000, datetime(2024, 5, 12, 8, 30)),
    (CUSTOMER_A, MOBIUZ, 4_000, datetime(2024, 5, 12, 15, 0)),
    (CUSTOMER_B, BEELINE, 9_000, datetime(2024, 5, 15, 16, 0)),
    (CUSTOMER_A, UCELL, 6_000, datetime(2024, 5, 18, 17, 0)),
    (CUSTOMER_B, BEELINE, 11_000, datetime(2024, 5, 20, 18, 0)),
    (CUSTOMER_A, BEELINE, 2_000, datetime(2024, 5, 25, 19, 0)),
]
NOT_UNDERSTOOD = "I did not understand that."


@dataclass
class SandboxClock:
    """The sandbox's wall clock (Tashkent time), moved by the test."""

    now: datetime = datetime(2024, 5, 1, 8, 0)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Shop:
    paybot: Paybot
    admin: FakeUser
    transactions: list[str] = field(default_factory=list)  # in the order of PAYMENTS

    async def send(self, text: str) -> str:
        await self.paybot.tg.send(self.admin, text)
        return self.paybot.last_text(self.admin)


@pytest.fixture
def clock() -> SandboxClock:
    return SandboxClock()


@pytest.fixture
async def sandbox(clock: SandboxClock) -> AsyncIterator[PaylovSandbox]:
    """Overrides the conversation sandbox: the same, on a clock the test moves."""
    sandbox = PaylovSandbox(hang_seconds=3.0, clock=clock)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
def quiet_shop(paybot: Paybot) -> Shop:
    """No payments yet: for the tests that never reach the listing."""
    paybot.app.dispatcher["report_today"] = lambda: TODAY
    return Shop(paybot, paybot.user(ADMIN_ID))


@pytest.fixture
async def shop(quiet_shop: Shop, clock: SandboxClock) -> Shop:
    shop, paybot = quiet_shop, quiet_shop.paybot
    paylov, prefix = paybot.app.paylov, paybot.app.settings.payments.user_id_prefix
    card_ids = {}
    for customer, (number, expiry, otp) in CARDS.items():
        user_id = paylov_user_id(prefix, customer)
        binding = await paylov.create_user_card(
            CreateUserCardRequest(user_id=user_id, card_number=number, expire_date=expiry)
        )
        card = await paylov.confirm_user_card(ConfirmUserCardRequest(card_id=binding.cid, otp=otp))
        card_ids[customer] = card.card_id
    for customer, service, amount, moment in PAYMENTS:
        clock.now = moment
        user_id, card_id = paylov_user_id(prefix, customer), card_ids[customer]
        created = await paylov.create_transaction(
            CreateRequest(
                service_id=service,
                account=ACCOUNTS[service],
                amount=amount,
                user_id=user_id,
                card_id=card_id,
            )
        )
        await paylov.pay(
            PayRequest(
                transaction_id=created.transaction_id,
                card_id=card_id,
                user_id=user_id,
                otp=CARDS[customer][2],
            )
        )
        shop.transactions.append(created.transaction_id)
    return shop


def _chosen(
    *,
    begin: date | None = None,
    end: date | None = None,
    customer: int | None = None,
    service: str | None = None,
) -> list[tuple[int, str, int, datetime]]:
    return [
        payment
        for payment in PAYMENTS
        if (begin is None or payment[3].date() >= begin)
        and (end is None or payment[3].date() <= end)
        and customer in (None, payment[0])
        and service in (None, payment[1])
    ]


def _sum_text(payments: list[tuple[int, str, int, datetime]]) -> str:
    return f"{sum(p[2] for p in payments):,}".replace(",", " ")


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --- /payments -------------------------------------------------------------------------------


async def test_payments_pages_with_count_and_total_then_next_and_previous(shop: Shop) -> None:
    tg, admin = shop.paybot.tg, shop.admin
    first = await shop.send("/payments")
    assert f"Paid transactions: {len(PAYMENTS)}" in first
    assert f"total {_sum_text(PAYMENTS)} sum" in first
    assert "Page 1 of 2" in first
    lines = [line for line in first.splitlines() if " · " in line]
    assert len(lines) == 10
    # Newest first: date, amount, service name, account (— for a payment not made through this
    # bot), Telegram id, masked card; the transaction id on the line below.
    assert lines[0] == "25.05.2024 19:00 · 2 000 · Beeline · — · 700001 · 860000******7878"
    assert f"12.05.2024 08:30 · 50 000 · {GAS_NAME} · — · 700002 · 986009******9377" in lines
    rows = first.splitlines()
    assert rows[rows.index(lines[0]) + 1].strip() == shop.transactions[-1]
    message = tg.last_bot_message(admin)
    assert message is not None and message.buttons == [["Next ▶️"]]

    await tg.press(admin, "Next")
    second = shop.paybot.last_text(admin)
    assert tg.last_bot_message(admin) is message  # the same message, edited
    assert "Page 2 of 2" in second
    assert [line for line in second.splitlines() if " · " in line][-1].startswith(
        "01.05.2024 09:00 · 10 000 · Beeline"
    )
    assert message.buttons == [["◀️ Previous"]]
    await tg.press(admin, "Previous")
    assert "Page 1 of 2" in shop.paybot.last_text(admin)


async def test_payments_filtered_by_period_service_and_customer(shop: Shop) -> None:
    text = await shop.send("/payments 2024-05-03 2024-05-12")
    chosen = _chosen(begin=date(2024, 5, 3), end=date(2024, 5, 12))
    assert f"Paid transactions: {len(chosen)}" in text and _sum_text(chosen) in text
    assert "Period: 2024-05-03 — 2024-05-12" in text
    assert "2024-05-02" not in text and "2024-05-15" not in text

    text = await shop.send("/payments - 2024-05-02")
    assert "Paid transactions: 2" in text and "Period: … — 2024-05-02" in text

    text = await shop.send("/payments BEEL")
    beeline = _chosen(service=BEELINE)
    assert f"Paid transactions: {len(beeline)}" in text and "Service: Beeline" in text
    assert "Ucell" not in text

    for customer_arg in ("700002", "tg700002"):
        text = await shop.send(f"/payments {customer_arg}")
        mine = _chosen(customer=CUSTOMER_B)
        assert f"Paid transactions: {len(mine)}" in text and "Customer: 700002" in text
        assert "700001" not in text

    text = await shop.send("/payments 700001 ucell 2024-05-04 -")
    wanted = _chosen(begin=date(2024, 5, 4), customer=CUSTOMER_A, service=UCELL)
    assert f"Paid transactions: {len(wanted)}" in text and _sum_text(wanted) in text


async def test_payments_service_lookup_ambiguous_unknown_and_raw_id(shop: Shop) -> None:
    text = await shop.send("/payments telecom")
    assert "Several services match telecom" in text
    assert "Sarkor Telecom" in text and "East Telecom" in text
    assert "Paid transactions" not in text

    text = await shop.send("/payments nosuchservice")
    assert "No service matches nosuchservice" in text and "Usage: /payments" in text

    # An inactive service is not in the catalogue, but its id still filters.
    text = await shop.send(f"/payments {UZDIGITAL_INACTIVE}")
    assert "No paid transactions match." in text and UZDIGITAL_INACTIVE in text

    text = await shop.send(f"/payments {GAS}")
    assert "Paid transactions: 1" in text and f"Service: {GAS_NAME}" in text


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ("2024-02-30", "Not a date: 2024-02-30"),
        ("01.05.2024", "Not a date: 01.05.2024"),
        ("2024-05-10 2024-05-01", "The period starts after it ends"),
        ("2024-05-01 2024-05-02 2024-05-03", "Too many dates: 2024-05-03"),
        ("700001 700002", "More than one customer: 700002"),
    ],
)
async def test_payments_bad_arguments_get_the_usage(
    quiet_shop: Shop, args: str, problem: str
) -> None:
    text = await quiet_shop.send(f"/payments {args}")
    assert problem in text
    assert "Usage: /payments [from] [to] [service] [customer]" in text
    assert "Example: /payments 2024-05-01 2024-05-31" in text


async def test_payments_when_paylov_is_unavailable(shop: Shop) -> None:
    shop.paybot.sandbox.faults.inject("transactions_all", "error_5xx", times=None)
    text = await shop.send("/payments")
    assert "payment service is not answering" in text


async def test_page_buttons_survive_a_customer_flow_but_not_many_newer_queries(
    shop: Shop,
) -> None:
    tg, admin = shop.paybot.tg, shop.admin
    await shop.send("/payments")
    listing = tg.last_bot_message(admin)
    assert listing is not None
    await shop.send("/cards")  # a customer screen clears the FSM state of the payment flow
    await tg.press(admin, "Next", message_id=listing.message_id)
    assert "Page 2 of 2" in listing.plain

    for _ in range(10):  # only the last ten queries are kept
        await shop.send("/payments")
    await tg.press(admin, "Previous", message_id=listing.message_id)
    assert tg.callback_answers(admin)[-1].text == "This button is no longer active."
    assert "Page 2 of 2" in listing.plain


# --- /export ---------------------------------------------------------------------------------


async def test_export_all_is_a_csv_with_every_row_and_the_totals(shop: Shop) -> None:
    await shop.send("/export")
    message = shop.paybot.tg.last_bot_message(shop.admin)
    assert message is not None and message.document is not None
    assert message.document.filename == "payments-start-2024-05-31.csv"
    assert message.plain == f"{len(PAYMENTS)} payments, total {_sum_text(PAYMENTS)} sum."
    rows = _csv_rows(message.document.data)
    assert list(rows[0]) == [
        "transaction_id",
        "date",
        "amount",
        "service_id",
        "service_name",
        "account",
        "user_id",
        "card",
        "owner",
    ]
    assert {row["transaction_id"] for row in rows} == set(shop.transactions)
    assert sum(int(row["amount"]) for row in rows) == sum(p[2] for p in PAYMENTS)
    gas = next(row for row in rows if row["service_id"] == GAS)
    assert gas == {
        "transaction_id": shop.transactions[7],
        "date": "12.05.2024 08:30",
        "amount": "50000",
        "service_id": GAS,
        "service_name": GAS_NAME,
        "account": "",  # paid elsewhere: our records do not know its account
        "user_id": "700002",
        "card": "986009******9377",
        "owner": "BOTIROV TEMURBEK",
    }


async def test_export_with_filters_has_only_the_matching_rows(shop: Shop) -> None:
    await shop.send("/export 2024-05-01 2024-05-16 beeline 700002")
    message = shop.paybot.tg.last_bot_message(shop.admin)
    assert message is not None and message.document is not None
    assert message.document.filename == "payments-2024-05-01-2024-05-16.csv"
    wanted = _chosen(end=date(2024, 5, 16), customer=CUSTOMER_B, service=BEELINE)
    rows = _csv_rows(message.document.data)
    assert [int(row["amount"]) for row in rows] == [p[2] for p in reversed(wanted)]
    assert {row["user_id"] for row in rows} == {"700002"}
    assert {row["service_name"] for row in rows} == {"Beeline"}


async def test_export_bad_argument_and_nothing_to_export(shop: Shop) -> None:
    text = await shop.send("/export 2024-13-01")
    assert "Not a date: 2024-13-01" in text and "Usage: /export" in text
    text = await shop.send("/export 2023-01-01 2023-01-31")
    assert "No paid transactions match." in text
    assert all(m.document is None for m in shop.paybot.tg.chat(shop.admin).bot_messages)


# --- /stats ----------------------------------------------------------------------------------


async def test_stats_default_period_is_a_png_chart_with_totals(shop: Shop) -> None:
    await shop.send("/stats")
    message = shop.paybot.tg.last_bot_message(shop.admin)
    assert message is not None and message.photo is not None
    png = message.photo.data
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        image.verify()
        assert image.format == "PNG" and image.size[0] >= 600
    # The last 30 days up to May 31 leave out the payment of May 1.
    chosen = _chosen(begin=date(2024, 5, 2))
    caption = message.plain
    assert "Payments 2024-05-02 — 2024-05-31" in caption
    assert f"Count: {len(chosen)}" in caption and f"Total: {_sum_text(chosen)} sum" in caption
    assert "1. Beeline: 57 000 sum (6)\n2. Ucell: 51 000 sum (3)\n" in caption
    assert caption.endswith(f"3. {GAS_NAME}: 50 000 sum (1)")


async def test_stats_for_a_period_and_for_an_empty_one(shop: Shop) -> None:
    await shop.send("/stats 2024-05-01 2024-05-03")
    message = shop.paybot.tg.last_bot_message(shop.admin)
    assert message is not None and message.photo is not None
    chosen = _chosen(end=date(2024, 5, 3))
    assert f"Count: {len(chosen)}" in message.plain and _sum_text(chosen) in message.plain

    text = await shop.send("/stats 2024-06-01 2024-06-30")
    assert text == "📊 No payments from 2024-06-01 to 2024-06-30."


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ("beeline", "Only dates are expected here, not beeline"),
        ("2024-05-10 2024-05-01", "The period starts after it ends"),
        ("2024-5-40", "Not a date: 2024-5-40"),
    ],
)
async def test_stats_bad_arguments_get_the_usage(quiet_shop: Shop, args: str, problem: str) -> None:
    text = await quiet_shop.send(f"/stats {args}")
    assert problem in text and "Usage: /stats [from] [to]" in text


# --- /tx -------------------------------------------------------------------------------------


async def test_tx_of_a_payment_made_elsewhere_unknown_and_missing(shop: Shop) -> None:
    text = await shop.send(f"/tx {shop.transactions[7]}")
    assert "Paylov: paid" in text
    assert "Amount: 50 000 sum" in text and f"Service: {GAS_NAME}" in text
    assert "Paid at: 12.05.2024 08:30" in text
    assert "Our record: none" in text

    text = await shop.send("/tx 00000000-0000-0000-0000-000000000000")
    assert "is unknown: neither Paylov nor our records have it" in text

    text = await shop.send("/tx")
    assert text.startswith("Usage: /tx <transaction id>")
    text = await shop.send("/tx <b>x</b>")
    assert "does not look like a transaction id" in text and "Usage: /tx" in text


async def test_tx_shows_the_local_record_beside_paylov(shop: Shop, clock: SandboxClock) -> None:
    paybot = shop.paybot
    tg, customer = paybot.tg, paybot.user(5001)
    clock.now = datetime(2024, 5, 30, 12, 0)
    await paybot.begin(customer)
    await paybot.open_electricity_account(customer)
    await tg.send(customer, "50 000")
    await paybot.add_card_in_flow(customer)
    await tg.press(customer, "Confirm and pay")
    await tg.send(customer, UZCARD_OTP)
    [payment] = await paybot.payments(customer)
    assert payment.transaction_id is not None

    text = await shop.send(f"/tx {payment.transaction_id}")
    assert "Paylov: paid" in text and "Paid at: 30.05.2024 12:00" in text
    assert f"Our record #{payment.id}" in text
    assert "Customer: 5001" in text
    assert "Service: Плата за электроэнергию" in text
    assert f"Account: {payment.account_label}" in text
    assert "Status: paid" in text

    # Paylov not answering: the local record is still shown.
    paybot.sandbox.faults.inject("status", "error_5xx", times=None)
    text = await shop.send(f"/tx {payment.transaction_id}")
    assert "Paylov: not answering right now." in text and f"Our record #{payment.id}" in text


# --- not an admin ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    ["/payments", "/payments 2024-05-01 beeline", "/export", "/stats", "/tx abc", "/tx"],
)
async def test_for_anyone_else_the_commands_do_not_exist(quiet_shop: Shop, command: str) -> None:
    tg, stranger = quiet_shop.paybot.tg, quiet_shop.paybot.user(CUSTOMER_A)
    await quiet_shop.paybot.begin(stranger)
    await tg.send(stranger, command)
    reply = tg.last_bot_message(stranger)
    assert reply is not None and reply.file is None
    assert reply.plain.startswith(NOT_UNDERSTOOD)
    assert not any("Usage" in text or "Paid" in text for text in tg.bot_texts(stranger))


async def test_a_forged_page_button_from_anyone_else_is_just_stale(quiet_shop: Shop) -> None:
    tg, stranger = quiet_shop.paybot.tg, quiet_shop.paybot.user(CUSTOMER_A)
    await quiet_shop.paybot.begin(stranger)
    # Even with a kept query of the stranger's own (planted here), only the admin filter
    # stands between a forged button and the merchant's list.
    dispatcher = quiet_shop.paybot.app.dispatcher
    state = dispatcher.fsm.get_context(tg.bot, chat_id=stranger.id, user_id=stranger.id)
    await _keep_query(state, PaymentFilter())
    message = tg.last_bot_message(stranger)
    assert message is not None
    tg.session.open_callback_query("forged-1", stranger.id)
    query = {
        "id": "forged-1",
        "from": stranger.as_telegram().model_dump(mode="json", exclude_none=True),
        "chat_instance": "fake",
        "message": tg.session.api_message(message),
        "data": AdminPageCb(query=1, page=1).pack(),
    }
    update = Update.model_validate({"update_id": 10_000, "callback_query": query})
    await tg.feed(update, chat_id=stranger.id)
    assert tg.callback_answers(stranger)[-1].text == "This button is no longer active."
    assert not any("Paid transactions" in text for text in tg.bot_texts(stranger))


async def test_only_admins_see_the_admin_commands_in_their_menu(quiet_shop: Shop) -> None:
    admin_menu = {command.command for command in quiet_shop.paybot.tg.commands(quiet_shop.admin)}
    stranger_menu = {
        command.command
        for command in quiet_shop.paybot.tg.commands(quiet_shop.paybot.user(CUSTOMER_A))
    }
    assert {"payments", "tx", "stats", "export"} <= admin_menu
    assert not {"payments", "tx", "stats", "export"} & stranger_menu


async def test_the_admin_menu_follows_the_admins_telegram_language(quiet_shop: Shop) -> None:
    paybot = quiet_shop.paybot
    russian_admin = paybot.user(ADMIN_ID, language="ru")
    menu = {command.command: command.description for command in paybot.tg.commands(russian_admin)}
    assert menu["tx"] == "Статус транзакции" and menu["pay"] == "Оплатить услуги"


async def test_help_lists_the_admin_commands_for_admins_only(quiet_shop: Shop) -> None:
    paybot = quiet_shop.paybot
    await paybot.begin(quiet_shop.admin)
    text = await quiet_shop.send("/help")
    assert "For admins" in text and "/payments [from] [to]" in text

    customer = paybot.user(CUSTOMER_A)
    await paybot.begin(customer)
    await paybot.tg.send(customer, "/help")
    text = paybot.last_text(customer)
    assert "/history" in text and "/payments" not in text and "admins" not in text


async def test_tx_shows_paylov_states_in_the_admins_language(shop: Shop) -> None:
    await shop.paybot.begin(shop.admin, "Русский")
    text = await shop.send(f"/tx {shop.transactions[0]}")
    assert "Paylov: оплачена" in text, text


# --- extreme input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "args", "token"),
    [
        ("/payments", "2024-01-01 9999-12-31", "9999-12-31"),
        ("/payments", "- 9999-12-31", "9999-12-31"),
        ("/payments", "0001-01-01", "0001-01-01"),
        ("/payments", "1999-12-31 2024-01-01", "1999-12-31"),
        ("/payments", "2100-01-01", "2100-01-01"),
        ("/export", "2024-01-01 9999-12-31", "9999-12-31"),
        ("/stats", "- 0001-01-01", "0001-01-01"),
        ("/stats", "9999-12-31", "9999-12-31"),
        ("/stats", "0001-01-01 0001-01-05", "0001-01-01"),
    ],
)
async def test_dates_outside_the_reports_range_get_the_usage(
    quiet_shop: Shop, command: str, args: str, token: str
) -> None:
    text = await quiet_shop.send(f"{command} {args}")
    assert f"{token} is outside the dates reports cover (2000-01-01 to 2099-12-31)" in text
    assert f"Usage: {command} [from] [to]" in text


async def test_the_first_and_last_days_of_the_range_are_reports(quiet_shop: Shop) -> None:
    text = await quiet_shop.send("/payments 2000-01-01 2099-12-31")
    assert "No paid transactions match." in text and "2000-01-01 — 2099-12-31" in text
    text = await quiet_shop.send("/stats 2099-12-01 2099-12-31")
    assert text == "📊 No payments from 2099-12-01 to 2099-12-31."
    text = await quiet_shop.send("/stats - 2000-01-05")  # the 30 days before reach into 1999
    assert text == "📊 No payments from 1999-12-07 to 2000-01-05."


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("/payments", "<" * 700),
        ("/payments", " ".join(["<<<"] * 30)),  # short words, too long a service together
        ("/payments", "2024-05-01 " + "&" * 65),
        ("/payments", "1-" * 1500),  # looks like a date
        ("/payments", "9" * 3000),  # looks like a customer
        ("/payments", "tg" + "9" * 3000),
        ("/export", "<" * 700),
        ("/stats", "<" * 700),
        ("/stats", "1-" * 1500),
    ],
)
async def test_overlong_arguments_get_the_usage(quiet_shop: Shop, command: str, args: str) -> None:
    text = await quiet_shop.send(f"{command} {args}")
    assert "Too long:" in text and "at most 64 characters" in text
    assert f"Usage: {command} [from] [to]" in text
    assert len(text) < 1500  # what was typed is quoted only in part


async def test_a_service_query_of_64_characters_is_still_looked_up(quiet_shop: Shop) -> None:
    text = await quiet_shop.send("/payments " + "<" * 64)
    assert f"No service matches {'<' * 64}" in text and "Usage: /payments" in text


# --- issue 12: the account and the transaction id, times in the filters, disagreements ------


async def _pay_electricity(paybot: Paybot, clock: SandboxClock, when: datetime) -> int:
    """A customer pays 50 000 for electricity through the bot at `when`: its payment's id."""
    tg, customer = paybot.tg, paybot.user(5001)
    clock.now = when
    await paybot.begin(customer)
    await paybot.open_electricity_account(customer)
    await tg.send(customer, "50 000")
    await paybot.add_card_in_flow(customer)
    await tg.press(customer, "Confirm and pay")
    await tg.send(customer, UZCARD_OTP)
    [payment] = await paybot.payments(customer)
    return payment.id


async def test_payments_and_export_show_our_account_beside_the_transaction_id(
    shop: Shop, clock: SandboxClock
) -> None:
    paybot = shop.paybot
    payment_id = await _pay_electricity(paybot, clock, datetime(2024, 5, 30, 12, 0))
    payment = await paybot.app.repos.payments.get(payment_id)
    assert payment is not None and payment.transaction_id is not None

    text = await shop.send("/payments")
    lines = text.splitlines()
    ours = next(line for line in lines if line.startswith("30.05.2024 12:00"))
    assert ours == (
        f"30.05.2024 12:00 · 50 000 · Плата за электроэнергию · {payment.account_label}"
        " · 5001 · 860000******7878"
    )
    assert lines[lines.index(ours) + 1].strip() == payment.transaction_id

    await shop.send("/export")
    message = paybot.tg.last_bot_message(shop.admin)
    assert message is not None and message.document is not None
    rows = _csv_rows(message.document.data)
    mine = next(row for row in rows if row["transaction_id"] == payment.transaction_id)
    assert mine["account"] == payment.account_label
    others = [row for row in rows if row["transaction_id"] != payment.transaction_id]
    assert len(others) == len(PAYMENTS) and {row["account"] for row in others} == {""}


async def test_payments_and_export_filters_take_a_tashkent_time(shop: Shop) -> None:
    # On 3 May: Ucell at 10:00 and Beeline at 11:00.
    text = await shop.send("/payments 2024-05-03T10:30 2024-05-03T11:00")
    assert "Paid transactions: 1" in text and "20 000" in text  # the 11:00, its minute included
    assert "Period: 2024-05-03 10:30 — 2024-05-03 11:00" in text
    text = await shop.send("/payments 2024-05-03T10:00 2024-05-03T10:59")
    assert "Paid transactions: 1" in text and "15 000" in text
    text = await shop.send("/payments 2024-05-03T11:01 2024-05-05")
    assert "Paid transactions: 1" in text and "7 000" in text  # 5 May, the whole day
    text = await shop.send("/payments 2024-05-20t18:00 beeline")  # a small t too
    assert "Paid transactions: 2" in text

    await shop.send("/export 2024-05-03T10:30 2024-05-03T23:59")
    message = shop.paybot.tg.last_bot_message(shop.admin)
    assert message is not None and message.document is not None
    assert [row["amount"] for row in _csv_rows(message.document.data)] == ["20000"]


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        ("/payments 2024-05-03T25:00", "Not a date: 2024-05-03T25:00"),
        ("/payments 2024-05-03T10:61", "Not a date: 2024-05-03T10:61"),
        ("/payments 2024-05-03T11:00 2024-05-03T10:00", "starts after it ends"),
        ("/export 2024-05-03T11:00 2024-05-03T10:59", "starts after it ends"),
        ("/stats 2024-05-01T10:00", "Only dates are expected here, not 2024-05-01T10:00"),
    ],
)
async def test_a_wrong_time_gets_the_usage(quiet_shop: Shop, command: str, problem: str) -> None:
    text = await quiet_shop.send(command)
    assert problem in text and "Usage:" in text


async def test_tx_says_plainly_when_paylov_and_our_record_disagree(
    shop: Shop, clock: SandboxClock
) -> None:
    paybot = shop.paybot
    # `pay`'s answer is lost and the bot's status check fails: ours says pending, Paylov paid.
    paybot.sandbox.lose_next_pay_outcome(status_failures=2)  # both of the bot's tries
    payment_id = await _pay_electricity(paybot, clock, datetime(2024, 5, 30, 12, 0))
    payment = await paybot.app.repos.payments.get(payment_id)
    assert payment is not None and payment.transaction_id is not None
    assert payment.status.value == "pending"

    text = await shop.send(f"/tx {payment.transaction_id}")
    assert "Paylov: paid" in text and "Status: pending" in text
    assert "Paylov and our record disagree: Paylov says paid, our record says pending." in text
    assert "The amounts disagree" not in text

    # Agreeing records say nothing of the kind.
    text = await shop.send(f"/tx {shop.transactions[0]}")
    assert "disagree" not in text
