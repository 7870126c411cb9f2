"""Screen builders are pure: what they show is read here without Telegram, in the real English
texts from locales/en."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n.cores import FluentRuntimeCore

from bot.paylov.models import Category, Service, ServiceFields
from bot.payments.card_binding import WalletCard
from bot.payments.paging import page_window, paginate
from bot.storage.models import PaymentStatus
from bot.storage.repositories import CardRecord, PaymentRecord, SavedAccountRecord
from bot.telegram.callbacks import (
    AccountAction,
    AccountCb,
    HistoryAction,
    HistoryCb,
    PayAction,
    PayCb,
)
from bot.telegram.i18n import LOCALES_PATH
from bot.telegram.outbox import LocaleTexts
from bot.telegram.screens import Screen, Texts, accounts, history, notices, payment

NOW = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
async def texts() -> AsyncIterator[Texts]:
    core = FluentRuntimeCore(path=LOCALES_PATH / "{locale}", default_locale="en")
    await core.startup()
    yield LocaleTexts(core, "en")


def _payment(status: PaymentStatus = PaymentStatus.PAID, **changes: object) -> PaymentRecord:
    values: dict[str, object] = {
        "id": 7,
        "user_id": 5001,
        "service_id": "svc-1",
        "service_name": "Electricity <Tashkent>",
        "account": {"account": "1000000"},
        "account_label": "1000000",
        "saved_account_id": None,
        "amount": 15000,
        "card_id": "card-1",
        "card_mask": "8600 **** **** 0001",
        "transaction_id": "tx-1",
        "status": status,
        "otp_phone": None,
        "otp_attempts": 0,
        "payment_ref": "ref-1",
        "payed_at": "2026-12-02 12:00:00",
        "error_code": None,
        "error_message": None,
        "created_at": NOW,
        "updated_at": NOW,
    }
    return PaymentRecord.model_validate({**values, **changes})


def _saved(number: int) -> SavedAccountRecord:
    return SavedAccountRecord(
        id=number,
        user_id=5001,
        service_id="svc-1",
        service_name="Gas",
        account={"account": str(number)},
        account_key=str(number),
        name=f"Home {number}",
        created_at=NOW,
    )


def _buttons(screen: Screen) -> list[tuple[str, str]]:
    markup = screen.markup
    assert isinstance(markup, InlineKeyboardMarkup)
    return [(b.text, b.callback_data or "") for row in markup.inline_keyboard for b in row]


def _data(screen: Screen) -> list[str]:
    return [data for _, data in _buttons(screen)]


def _packed(data: CallbackData) -> str:
    return data.pack()


def test_a_receipt_escapes_names_and_offers_saving_only_when_asked(texts: Texts) -> None:
    saveable = notices.receipt(texts, _payment(), [], saveable=True)
    assert "Electricity &lt;Tashkent&gt;" in saveable.text and "<Tashkent>" not in saveable.text
    assert "15 000" in saveable.text
    save = _packed(AccountCb(action=AccountAction.SAVE, arg=7))
    assert save in _data(saveable)
    assert save not in _data(notices.receipt(texts, _payment(), [], saveable=False))


def test_a_payment_that_may_still_go_through_offers_no_pay_again(texts: Texts) -> None:
    again = _packed(HistoryCb(action=HistoryAction.PAY_AGAIN, arg=7))
    for status in (PaymentStatus.PAYING, PaymentStatus.PENDING):
        screen = history.payment_details(texts, _payment(status), None, saveable=True)
        assert again not in _data(screen), status
    failed = _payment(PaymentStatus.FAILED, error_code="insufficient_funds")
    screen = history.payment_details(texts, failed, None, saveable=True)
    assert again in _data(screen)
    assert "Nothing was charged" in screen.text


def test_the_history_page_numbers_its_rows_and_pages(texts: Texts) -> None:
    rows = [_payment(id=number) for number in range(13, 7, -1)]
    window = page_window(total=20, page=1, size=6)
    screen = history.history_page(texts, window, rows, {})
    labels = [label for label, _ in _buttons(screen)]
    assert labels[0].startswith("7.") and labels[5].startswith("12.")
    data = _data(screen)
    assert _packed(HistoryCb(action=HistoryAction.PAGE, arg=0)) in data
    assert _packed(HistoryCb(action=HistoryAction.PAGE, arg=2)) in data


def test_the_account_list_pages_and_opens_by_id(texts: Texts) -> None:
    saved = [_saved(number) for number in range(1, 11)]
    first = accounts.account_list(texts, saved, page=0)
    data = _data(first)
    assert _packed(AccountCb(action=AccountAction.OPEN, arg=1)) in data
    assert _packed(AccountCb(action=AccountAction.OPEN, arg=9)) not in data  # the next page's
    assert _packed(AccountCb(action=AccountAction.LIST, arg=1)) in data
    last = accounts.account_list(texts, saved, page=5)  # a stale "next" lands on the last page
    assert _packed(AccountCb(action=AccountAction.OPEN, arg=9)) in _data(last)


def test_the_confirmation_marks_the_chosen_card_and_escapes_the_service(texts: Texts) -> None:
    cards = [
        CardRecord(
            id=number,
            user_id=5001,
            card_id=f"c{number}",
            masked_number=f"8600 **** **** 000{number}",
            vendor=None,
            created_at=NOW,
        )
        for number in (1, 2)
    ]
    service = ServiceFields.model_validate(
        {
            "service_id": "svc-1",
            "name": "Gas & <co>",
            "category": {"id": 1, "name": "Utilities"},
            "fields": [],
        }
    )
    wallet = [WalletCard(card) for card in cards]
    screen = payment.confirmation(texts, service, [], 25000, wallet, wallet[1])
    labels = [label for label, _ in _buttons(screen)]
    # The picked card's mark is not "Confirm and pay"'s ✅.
    assert "🔘 8600 **** **** 0002" in labels and "8600 **** **** 0001" in labels
    assert not any(label.startswith("✅") for label in labels if "8600" in label)
    assert "Gas &amp; &lt;co&gt;" in screen.text
    assert _packed(PayCb(action=PayAction.CONFIRM)) in _data(screen)


def test_the_service_list_pages_carry_numbers(texts: Texts) -> None:
    category = Category(id=3, name="Internet")
    services = [
        Service(service_id=f"s{number}", name=f"ISP {number}", category=category)
        for number in range(20)
    ]
    screen = payment.services(texts, category, paginate(services, 1, 8))
    data = _data(screen)
    assert _packed(PayCb(action=PayAction.SERVICE, arg="s8")) in data
    assert _packed(PayCb(action=PayAction.SERVICES_PAGE, arg="0")) in data
    assert _packed(PayCb(action=PayAction.SERVICES_PAGE, arg="2")) in data


def test_a_notice_above_a_screen_keeps_its_buttons() -> None:
    screen = Screen("Question", InlineKeyboardMarkup(inline_keyboard=[]))
    assert screen.under("⚠️ Problem") == Screen("⚠️ Problem\n\nQuestion", screen.markup)
    assert screen.under("") is screen
