"""/history: the customer's payments, paged, opened, refreshed and paid again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage.models import PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories
from bot.telegram.draft import load_draft
from bot.telegram.states import Pay
from tests.conversation.conftest import ELECTRICITY, ELECTRICITY_ACCOUNT, UZCARD_OTP, Paybot
from tests.conversation.test_accounts import (
    ELECTRICITY_ANSWERS,
    ELECTRICITY_ID,
    pay_electricity,
    state_of,
)


class Stopped:
    """A clock that says what it is told: the records' created_at."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def _record(
    repos: Repositories, user_id: int, number: int, amount: int, saved_account_id: int | None
) -> PaymentRecord:
    return await repos.payments.create_draft(
        user_id=user_id,
        service_id=ELECTRICITY_ID,
        service_name=ELECTRICITY,
        account=ELECTRICITY_ANSWERS,
        account_label=ELECTRICITY_ACCOUNT,
        amount=amount,
        card_id="card-1",
        card_mask="860000******7878",
        saved_account_id=saved_account_id,
    )


async def test_history_pages_newest_first_in_tashkent_time(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    clock = Stopped(datetime(2025, 3, 5, 9, 30, tzinfo=UTC))
    repos = Repositories.from_database(paybot.app.database, clock=clock)
    flat, _ = await repos.saved_accounts.save(
        user.id, ELECTRICITY_ID, ELECTRICITY, ELECTRICITY_ANSWERS, "Flat"
    )
    # Nine payments an hour apart: amounts 1 000 (oldest) to 9 000 (newest, never started).
    for hour in range(9):
        clock.now = datetime(2025, 3, 5, 9, 30, tzinfo=UTC) + timedelta(hours=hour)
        saved_id = flat.id if hour == 3 else None
        payment = await _record(repos, user.id, hour, (hour + 1) * 1000, saved_id)
        if hour == 8:
            continue  # stays `new`: hidden
        await repos.payments.mark_created(payment.id, f"tx-{hour}", None)
        if hour == 7:
            continue  # waiting for its code: shown as pending
        if hour == 2:
            await repos.payments.mark_cancelled(payment.id)
            continue
        assert await repos.payments.claim_for_pay(payment.id)
        if hour == 1:
            await repos.payments.mark_failed(payment.id, "insufficient_funds", "no money")
        else:
            await repos.payments.mark_paid(payment.id, f"ref-{hour}", "05.03.2025")

    await tg.send(user, "/history")
    first = paybot.last_text(user)
    # 16:30 UTC is 21:30 in Tashkent.
    assert "1. 05.03.2025 21:30 · Electricity\n1000000 · 8 000 sum · ⏳ pending" in first
    assert "Flat · 4 000 sum · ✅ paid" in first
    assert "3 000 sum · ✖️ cancelled" in first
    assert "9 000" not in first  # the payment that never reached Paylov
    assert "2 000 sum" not in first and "Page 1 of 2" in first
    buttons = [label for row in tg.buttons(tg.last_bot_message(user)) for label in row]
    assert buttons[:6] == [
        f"{n}. 05.03.2025 {21 - n + 1}:30 · {9 - n} 000 sum" for n in range(1, 7)
    ]
    assert "Next ▶️" in buttons and "◀️ Previous" not in buttons

    await tg.press(user, "Next")
    second = paybot.last_text(user)
    assert "7. 05.03.2025 15:30" in second and "2 000 sum · ❌ failed" in second
    assert "8. 05.03.2025 14:30" in second and "1 000 sum · ✅ paid" in second
    assert "Page 2 of 2" in second and "8 000" not in second

    await tg.press(user, "7. 05.03.2025")
    failed = paybot.last_text(user)
    assert "❌ failed" in failed and "There is not enough money on the card." in failed
    assert "Nothing was charged." in failed and "tx-1" in failed
    await tg.press(user, "Back")
    assert "Page 1 of 2" in paybot.last_text(user)
    await tg.press(user, "1. 05.03.2025")
    waiting = paybot.last_text(user)
    assert "⏳ pending" in waiting and "never confirmed with a code" in waiting
    await tg.press(user, "Back")
    await tg.press(user, "5. 05.03.2025")
    receipt = paybot.last_text(user)
    assert "Payment successful" in receipt and "ref-3" in receipt
    assert "Personal account: 1000000" in receipt


async def test_empty_history(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "History")
    assert "You have no payments yet." in paybot.last_text(user)


async def test_lost_pay_answer_is_pending_then_refreshed_when_opened(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    faults = paybot.sandbox.faults
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await tg.send(user, "50 000")
    await paybot.add_card_in_flow(user)
    await tg.press(user, "Confirm and pay")
    faults.inject("pay", "lose_answer")
    faults.inject("status", "error_5xx", times=None)
    await tg.send(user, UZCARD_OTP)
    assert "has not confirmed the payment yet" in paybot.last_text(user)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PENDING

    # Still unknown: opening it asks Paylov, which still cannot say.
    await tg.send(user, "/history")
    assert "50 000 sum · ⏳ pending" in paybot.last_text(user)
    await tg.press(user, "1. ")
    assert "keep checking" in paybot.last_text(user)

    faults.clear("status")
    await tg.press(user, "Back")
    opened = await tg.press(user, "1. ")
    assert "Payment successful" in opened.last.plain
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.PAID
    assert payment.transaction_id and paybot.sandbox.ledger.charges(payment.transaction_id) == 1
    # (The receipt owed since "we will message you" also comes, as its own message.)
    listed = await tg.press(user, "Back")
    assert "50 000 sum · ✅ paid" in listed.last.plain


async def test_pay_again_from_history_and_save_from_there(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await pay_electricity(paybot, user)
    await tg.send(user, "/history")
    await tg.press(user, "1. ")
    assert "⭐ Save account" in [b for row in tg.buttons(tg.last_bot_message(user)) for b in row]
    await tg.press(user, "Pay again")
    assert "Balance: 15105.15 sum" in paybot.last_text(user)
    assert await state_of(paybot, user) == Pay.amount.state  # the preview, asking the amount
    context = paybot.app.dispatcher.fsm.get_context(tg.bot, user.id, user.id)
    draft = await load_draft(context)
    assert draft.answers == ELECTRICITY_ANSWERS and draft.saved_account_id is None
    await tg.send(user, "7 000")
    await paybot.confirm_again(user)
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    assert [p.amount for p in await paybot.payments(user)] == [7_000, 50_000]
    assert paybot.sandbox.ledger.total() == 2

    # Saved from history: a later "Pay again" links the payment to the saved account.
    await tg.send(user, "/history")
    await tg.press(user, "2. ")
    await tg.press(user, "Save account")
    await tg.send(user, "Home")
    [saved] = await paybot.app.repos.saved_accounts.list_for_user(user.id)
    await tg.send(user, "/history")
    await tg.press(user, "2. ")
    buttons = [b for row in tg.buttons(tg.last_bot_message(user)) for b in row]
    assert "⭐ Save account" not in buttons
    await tg.press(user, "Pay again")
    draft = await load_draft(context)
    assert draft.saved_account_id == saved.id


async def test_history_mid_payment_cancels_the_payment_waiting_for_its_code(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await tg.send(user, "50 000")
    await paybot.add_card_in_flow(user)
    await tg.press(user, "Confirm and pay")
    assert await state_of(paybot, user) == Pay.code.state
    await tg.send(user, "/history")
    assert await state_of(paybot, user) is None
    assert "50 000 sum · ✖️ cancelled" in paybot.last_text(user)
    [payment] = await paybot.payments(user)
    assert payment.status == PaymentStatus.CANCELLED
    assert paybot.sandbox.ledger.total() == 0
