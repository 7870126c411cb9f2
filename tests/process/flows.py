"""The customer's steps through the real bot, as labels and texts of today's screens.

Sandbox data: bot/paylov/sandbox/catalogue.json (the same as tests/conversation/conftest.py).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from tests.process.harness import Customer

UTILITIES = "Utilities"  # as an English customer reads them (locales/en/catalogue.ftl)
ELECTRICITY = "Electricity"
TASHKENT = "г. Ташкент"
YASHNOBOD = "26290 - Яшнабадский ЭСП"
ELECTRICITY_ACCOUNT = "1000000"
PHONE = "+998901234567"
UZCARD = "8600001234567878"
UZCARD_EXPIRY = "09/29"
UZCARD_OTP = "456799"

ASKS_AMOUNT = "Type the amount"
ASKS_PHONE = "share your phone number"
CONFIRMATION = "Check the payment"
ASKS_PAY_CODE = "Type it here to pay"
RECEIPT = "Payment successful"
REPEAT_WARNING = "You already paid this account recently"


def expect(customer: Customer, text: str) -> str:
    """The bot's last message, which must contain `text`."""
    last = customer.last_text
    assert text in last, f"expected {text!r}; chat:\n{customer.transcript()}"
    return last


async def begin(customer: Customer) -> None:
    await customer.send("/start")
    await customer.press("English")
    expect(customer, "What would you like to do?")


async def open_electricity_amount(customer: Customer) -> None:
    """Menu → Pay → utilities → electricity → Tashkent → district → account: the preview
    asks the amount."""
    for label in ("Pay", UTILITIES, ELECTRICITY, TASHKENT, YASHNOBOD):
        await customer.press(label)
    await customer.send(ELECTRICITY_ACCOUNT)
    expect(customer, ASKS_AMOUNT)


async def bind_card_in_flow(
    customer: Customer,
    *,
    phone: str = PHONE,
    number: str = UZCARD,
    expiry: str = UZCARD_EXPIRY,
    otp: str = UZCARD_OTP,
) -> None:
    """From the phone prompt (or the card prompt, phone known) to the confirmation screen.

    The only place that knows the order of the card steps: keep it so when the order changes.
    """
    if customer.reply_keyboard():
        await customer.share_contact(phone)
    await customer.send(expiry)
    await customer.send(number)
    await customer.send(otp)
    expect(customer, CONFIRMATION)


async def confirm_and_pay(customer: Customer, *, otp: str = UZCARD_OTP, again: bool = False) -> str:
    """From the confirmation screen to the receipt; returns the receipt's text. `again`: the
    account was paid a moment ago, so the bot shows that payment and asks once more."""
    await customer.press("Confirm and pay")
    if again:
        expect(customer, REPEAT_WARNING)
        await customer.press("Yes, pay again")
    expect(customer, ASKS_PAY_CODE)
    await customer.send(otp)
    return expect(customer, RECEIPT)


def stored_payments(db_path: Path, user_id: int) -> list[tuple[str, str | None]]:
    """(status, transaction_id) of the user's payments, read straight from the SQLite file."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    with contextlib.closing(connection):
        rows = connection.execute(
            "SELECT status, transaction_id FROM payments WHERE user_id = ? ORDER BY id",
            (user_id,),
        ).fetchall()
    return [(str(status), transaction) for status, transaction in rows]
