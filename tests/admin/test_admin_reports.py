"""Reports over the merchant's transactions: rows, the filter, totals, CSV and the chart."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date, datetime, time

from PIL import Image

from bot.admin.chart import ChartLabels, render_stats_chart
from bot.admin.query import Period
from bot.admin.reports import (
    DayTotal,
    PaymentFilter,
    Report,
    ReportRow,
    ServiceTotal,
    display_user,
    export_filename,
    fetch_report,
    keep_matching,
    newest_first,
    parse_paylov_time,
    payments_csv,
    per_day,
    per_service,
    to_row,
    totals,
    with_accounts,
)
from bot.paylov.models import MerchantTransaction, TransactionList

NAMES = {"s-light": "Плата за электроэнергию", "s-beeline": "Beeline"}


def _tx(
    id: str, amount: int, when: str | None, service: str = "s-beeline", user: str = "tg700001"
) -> MerchantTransaction:
    return MerchantTransaction.model_validate(
        {
            "id": id,
            "userId": user,
            "cardNumber": "860000******7878",
            "owner": "YUSUPOVA MALIKA",
            "amount": amount,
            "date": when,
            "serviceId": service,
        }
    )


def _row(
    id: str, amount: int, when: str | None, service: str = "s-beeline", user: str = "tg700001"
) -> ReportRow:
    return to_row(_tx(id, amount, when, service, user), NAMES, "tg")


def test_a_row_names_the_service_and_the_telegram_user() -> None:
    row = _row("t1", 50_000, "2024-05-12 08:30:00", service="s-light")
    assert row.service_name == "Плата за электроэнергию"
    assert row.user == "700001" and row.paylov_user == "tg700001"
    assert row.paid_at == datetime(2024, 5, 12, 8, 30) and row.day == date(2024, 5, 12)
    # A service the catalogue no longer lists shows its id; a foreign userId shows as it is.
    other = _row("t2", 1, "2024-05-12 08:30:00", service="s-gone", user="646")
    assert other.service_name == "s-gone" and other.user == "646"


def test_paylov_times_and_users() -> None:
    assert parse_paylov_time("2024-11-21 11:48:47") == datetime(2024, 11, 21, 11, 48, 47)
    assert parse_paylov_time("2024-11-21T11:48:47") == datetime(2024, 11, 21, 11, 48, 47)
    assert parse_paylov_time("21.11.2024") is None
    assert parse_paylov_time(None) is None
    assert display_user("tg42", "tg") == "42"
    assert display_user("tgx42", "tg") == "tgx42"
    assert display_user(None, "tg") == ""


def test_the_filter_is_applied_again_here() -> None:
    rows = [
        _row("a", 1, "2024-04-30 23:59:59"),
        _row("b", 2, "2024-05-01 00:00:00"),
        _row("c", 3, "2024-05-31 23:59:59", service="s-light"),
        _row("d", 4, "2024-06-01 00:00:00"),
        _row("e", 5, "2024-05-15 12:00:00", user="tg700002"),
        _row("f", 6, None),  # undated: Paylov's own date filter chose it
    ]
    may = PaymentFilter(begin=date(2024, 5, 1), end=date(2024, 5, 31))
    assert [r.transaction_id for r in keep_matching(rows, may, "tg")] == ["b", "c", "e", "f"]
    light = PaymentFilter(service_id="s-light")
    assert [r.transaction_id for r in keep_matching(rows, light, "tg")] == ["c"]
    second = PaymentFilter(user_id=700002)
    assert [r.transaction_id for r in keep_matching(rows, second, "tg")] == ["e"]
    assert [r.transaction_id for r in newest_first(rows)] == ["d", "c", "e", "b", "a", "f"]
    assert totals(rows).count == 6 and totals(rows).amount == 21


def test_a_filter_with_times_keeps_from_its_minute_through_the_to_minute() -> None:
    rows = [
        _row("a", 1, "2024-05-03 09:59:59"),
        _row("b", 2, "2024-05-03 10:00:00"),
        _row("c", 3, "2024-05-03 16:30:59"),
        _row("d", 4, "2024-05-03 16:31:00"),
        _row("e", 5, "2024-05-03T16:00:00+05:00"),  # an ISO stamp with Tashkent's offset
        _row("f", 6, "2024-05-03T11:15:00+00:00"),  # 16:15 in Tashkent
    ]
    afternoon = PaymentFilter(
        begin=date(2024, 5, 3),
        begin_time=time(10, 0),
        end=date(2024, 5, 3),
        end_time=time(16, 30),
    )
    assert [r.transaction_id for r in keep_matching(rows, afternoon, "tg")] == ["b", "c", "e", "f"]
    from_ten = PaymentFilter(begin=date(2024, 5, 3), begin_time=time(10, 0))
    assert [r.transaction_id for r in keep_matching(rows, from_ten, "tg")] == list("bcdef")


class _Paylov:
    """Records what the report asked for; answers a fixed list."""

    def __init__(self, answer: TransactionList) -> None:
        self.answer = answer
        self.asked: dict[str, object] = {}

    async def transactions_all(self, **filters: object) -> TransactionList:
        self.asked = filters
        return self.answer


async def test_fetch_asks_one_day_more_and_drops_it() -> None:
    answer = TransactionList.model_validate(
        {
            "totalTransaction": 5,
            "transactions": [
                _tx("late", 7, "2024-06-01 00:10:00").model_dump(by_alias=True),
                _tx("in", 3, "2024-05-31 23:00:00").model_dump(by_alias=True),
            ],
        }
    )
    paylov = _Paylov(answer)
    wanted = PaymentFilter(end=date(2024, 5, 31), service_id="s-beeline", user_id=700001)
    report = await fetch_report(paylov, wanted, names=NAMES, user_prefix="tg")  # type: ignore[arg-type]
    assert paylov.asked == {
        "service_id": "s-beeline",
        "user_id": "tg700001",
        "begin_date": None,
        "end_date": date(2024, 6, 1),
    }
    assert [row.transaction_id for row in report.rows] == ["in"]
    assert report.held_back == 3  # Paylov counted five and listed two


def test_per_day_fills_the_gaps_and_per_service_puts_the_biggest_first() -> None:
    rows = [
        _row("a", 100, "2024-05-01 10:00:00"),
        _row("b", 200, "2024-05-01 11:00:00", service="s-light"),
        _row("c", 300, "2024-05-03 10:00:00", service="s-light"),
        _row("d", 50, None),
    ]
    days = per_day(rows, Period(begin=date(2024, 5, 1), end=date(2024, 5, 4)))
    assert days == [
        DayTotal(date(2024, 5, 1), 2, 300),
        DayTotal(date(2024, 5, 2), 0, 0),
        DayTotal(date(2024, 5, 3), 1, 300),
        DayTotal(date(2024, 5, 4), 0, 0),
    ]
    assert per_service(rows) == [
        ServiceTotal("s-light", "Плата за электроэнергию", 2, 500),
        ServiceTotal("s-beeline", "Beeline", 2, 150),
    ]


def test_csv_has_a_bom_a_header_and_every_row() -> None:
    rows = [_row("t1", 50_000, "2024-05-12 08:30:00", service="s-light"), _row("t2", 1_000, None)]
    # Our record's account for t1 (a payment made through the bot), none for t2.
    rows = with_accounts(Report(rows=rows), {"t1": "г. Ташкент, 1000000"}).rows
    data = payments_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert parsed == [
        [
            "transaction_id",
            "date",
            "amount",
            "service_id",
            "service_name",
            "account",
            "user_id",
            "card",
            "owner",
        ],
        [
            "t1",
            "12.05.2024 08:30",  # Tashkent time in the one format people read
            "50000",
            "s-light",
            "Плата за электроэнергию",
            "г. Ташкент, 1000000",
            "700001",
            "860000******7878",
            "YUSUPOVA MALIKA",
        ],
        [
            "t2",
            "",
            "1000",
            "s-beeline",
            "Beeline",
            "",
            "700001",
            "860000******7878",
            "YUSUPOVA MALIKA",
        ],
    ]


def test_export_filename() -> None:
    today = date(2024, 5, 31)
    assert export_filename(PaymentFilter(), today) == "payments-start-2024-05-31.csv"
    wanted = PaymentFilter(begin=date(2024, 5, 1), end=date(2024, 5, 7))
    assert export_filename(wanted, today) == "payments-2024-05-01-2024-05-07.csv"


def test_the_chart_is_a_png_with_both_panels() -> None:
    days = [DayTotal(date(2024, 5, day), day % 3, (day % 3) * 10_000) for day in range(1, 31)]
    services = [
        ServiceTotal(f"s{i}", f"Услуга номер {i} с очень длинным названием", i, i * 1_000)
        for i in range(12)
    ]
    png = render_stats_chart(days, services, ChartLabels("По дням", "По услугам"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        image.verify()
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
        assert width == 1000 and height > 500
        assert len(image.convert("RGB").getcolors(maxcolors=100_000) or []) > 10  # not blank


def test_a_chart_of_a_single_day_spanning_years_renders() -> None:
    days = [DayTotal(date(2023, 12, 31), 1, 5_000), DayTotal(date(2024, 1, 1), 0, 0)]
    png = render_stats_chart(days, [ServiceTotal("s", "Beeline", 1, 5_000)], ChartLabels("a", "b"))
    assert png.startswith(b"\x89PNG")


def test_a_service_name_with_dollar_signs_is_drawn_not_parsed() -> None:
    days = [DayTotal(date(2024, 5, 1), 1, 5_000)]
    services = [ServiceTotal("s", r"a$\frac{$b", 1, 5_000), ServiceTotal("t", "$5 $10", 1, 1)]
    png = render_stats_chart(days, services, ChartLabels("a", "b"))
    assert png.startswith(b"\x89PNG")


def test_csv_cells_a_spreadsheet_would_run_are_quoted() -> None:
    row = dataclasses.replace(
        _row("t1", 1_000, None),
        owner='=HYPERLINK("http://x")',
        service_name="+Beeline",
        account="@SUM(A1)",  # what a customer typed as the account
    )
    [_, line] = list(csv.reader(io.StringIO(payments_csv([row]).decode("utf-8-sig"))))
    assert line[4] == "'+Beeline" and line[8] == '\'=HYPERLINK("http://x")'
    assert line[5] == "'@SUM(A1)"
    assert line[2] == "1000"  # numbers stay numbers
