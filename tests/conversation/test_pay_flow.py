"""The whole payment conversation, start to receipt, against the sandbox."""

from __future__ import annotations

from bot.storage.models import PaymentStatus
from tests.conftest import on_postgres
from tests.conversation.conftest import (
    ELECTRICITY_ACCOUNT,
    UZCARD,
    UZCARD_OTP,
    Paybot,
)


async def test_electricity_with_dependent_selects_info_new_card_and_receipt(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "Pay")
    await tg.press(user, "Utilities")
    await tg.press(user, "Electricity")
    # The district list depends on the region: Samarkand's districts are not offered for Tashkent.
    await tg.press(user, "г. Ташкент")
    districts = [label for row in tg.buttons(tg.last_bot_message(user)) for label in row]
    assert "26290 - Яшнабадский ЭСП" in districts
    assert not any("Каттакурган" in label for label in districts)
    await tg.press(user, "26290 - Яшнабадский ЭСП")
    await tg.send(user, ELECTRICITY_ACCOUNT)
    preview = paybot.last_text(user)
    assert "Balance: 15105.15 sum" in preview  # the balance with its postfix (UZS) in English
    # Its dates read as every time the customer sees: dd.mm.yyyy (Paylov gave 2024-08-23).
    assert "Last payment date: 23.08.2024" in preview and "2024-08-23" not in preview
    assert "sum" in paybot.last_text(user)
    await tg.send(user, "50 000")
    # No card yet: the bot asks for the phone first, then the card.
    assert tg.reply_keyboard(user) is not None
    await paybot.add_card_in_flow(user)
    confirm = paybot.last_text(user)
    assert "50 000" in confirm and "860000******7878" in confirm
    await tg.press(user, "Confirm and pay")
    assert "+998 ** *** **" in paybot.last_text(user)
    await tg.send(user, UZCARD_OTP)
    receipt = paybot.last_text(user)
    assert "Payment successful" in receipt
    assert "50 000" in receipt

    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID
    assert payment.payment_ref and payment.payment_ref in receipt
    assert payment.transaction_id and payment.transaction_id in receipt
    assert paybot.sandbox.ledger.charges(payment.transaction_id) == 1
    # The card number and the codes were deleted from the chat and are nowhere in the database.
    visible = [m.plain for m in tg.chat(user).messages]
    assert not any(UZCARD in text or UZCARD_OTP in text for text in visible)
    if on_postgres():
        return  # the files below are SQLite's
    # WAL mode: recent writes live in the -wal file, so every file of the database is read.
    stored = b"".join(
        path.read_bytes() for path in paybot.db_path.parent.glob(paybot.db_path.name + "*")
    )
    assert payment.transaction_id.encode() in stored  # the scan does see what was written
    assert UZCARD.encode() not in stored
    at = stored.find(UZCARD_OTP.encode())
    assert at == -1, f"the code in the database files: {stored[max(0, at - 80) : at + 40]!r}"
    # The expiry waited in the draft, sealed: never as the value it is (YYMM) or as typed.
    assert b'card_expiry": "' in stored
    assert b'"2909"' not in stored and b"09/29" not in stored
