"""Saved accounts: save from a receipt, list, quick repay, rename, delete, and whose buttons are
whose. Real dispatcher, sandbox over HTTP, SQLite file, the Telegram stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from aiogram.types import Update

from bot.devtools.standin import Activity, FakeUser
from bot.paylov.sandbox import PaylovSandbox
from bot.storage.models import PaymentStatus
from bot.storage.repositories import PaymentRecord, SavedAccountRecord
from bot.telegram.callbacks import AccountAction, AccountCb, HistoryCb
from bot.telegram.draft import load_draft
from bot.telegram.states import Pay
from tests.conversation.conftest import (
    ELECTRICITY,
    ELECTRICITY_ACCOUNT,
    ELECTRICITY_BUTTON,
    ELECTRICITY_ID,
    UZCARD_OTP,
    Paybot,
)

ELECTRICITY_ANSWERS = {"region": "1", "soato": "26290", "customer_code": ELECTRICITY_ACCOUNT}
INACTIVE_SERVICE_ID = "3e8a8818-ba0d-5820-9ca5-420db87a93ea"  # Uzdigital TV, is_active false
SUGGESTED_NAME = f"{ELECTRICITY_BUTTON} {ELECTRICITY_ACCOUNT}"  # in English

# The receipt of an account saved already: no ⭐ Save, the rest as always.
RECEIPT_OF_A_SAVED_ACCOUNT = [
    ["🔁 Pay again"],
    ["🧾 Receipt image"],
    ["🆘 Problem with this payment?"],
    ["🏠 Menu"],
]


class WallClock:
    """The sandbox's Tashkent wall time, moved by hand: info's "time" shows when it was asked."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def wall() -> WallClock:
    return WallClock(datetime(2025, 3, 5, 10, 0, 0))


@pytest.fixture
async def sandbox(wall: WallClock) -> AsyncIterator[PaylovSandbox]:
    sandbox = PaylovSandbox(hang_seconds=3.0, clock=wall)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


# --- helpers (test_history uses them too) ---------------------------------------------------------


async def pay_electricity(
    paybot: Paybot, user: FakeUser, amount: str = "50 000", *, again: bool = False
) -> str:
    """A whole payment (with a new card the first time); returns the receipt's text.
    `again`: the account was paid a moment ago, so the bot asks once more."""
    tg = paybot.tg
    await paybot.open_electricity_account(user)
    await tg.send(user, amount)
    if tg.reply_keyboard(user) is not None:
        await paybot.add_card_in_flow(user)
    if again:
        await paybot.confirm_again(user)
    else:
        await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)
    receipt = paybot.last_text(user)
    assert "Payment successful" in receipt, tg.transcript(user)
    return receipt


async def press_data(
    paybot: Paybot, user: FakeUser, data: str, message_id: int | None = None
) -> Activity:
    """A callback carrying any data, as if pressed on the user's newest bot message (or on
    `message_id`): how someone would replay another customer's button, or a client's copy of
    a button taken off."""
    tg = paybot.tg
    message = tg.message(user, message_id) if message_id else tg.last_bot_message(user)
    assert message is not None
    query_id = f"{user.id}-forged-{len(tg.updates)}"
    tg.session.open_callback_query(query_id, user.id)
    query = {
        "id": query_id,
        "from": user.as_telegram().model_dump(mode="json", exclude_none=True),
        "chat_instance": f"fake-{user.id}",
        "message": tg.session.api_message(message),
        "data": data,
    }
    update = Update.model_validate(
        {"update_id": 1_000_000 + len(tg.updates), "callback_query": query},
        context={"bot": tg.bot},
    )
    return await tg.feed(update, chat_id=user.id)


async def state_of(paybot: Paybot, user: FakeUser) -> str | None:
    context = paybot.app.dispatcher.fsm.get_context(paybot.tg.bot, user.id, user.id)
    return await context.get_state()


async def paid_payment(
    paybot: Paybot,
    user_id: int,
    *,
    transaction_id: str,
    account: dict[str, str] | None = None,
    amount: int = 10_000,
    saved_account_id: int | None = None,
) -> PaymentRecord:
    """A paid electricity payment written straight into the database."""
    repos = paybot.app.repos
    await repos.users.get_or_create(user_id)
    draft = await repos.payments.create_draft(
        user_id=user_id,
        service_id=ELECTRICITY_ID,
        service_name=ELECTRICITY,
        account=account or ELECTRICITY_ANSWERS,
        account_label=(account or ELECTRICITY_ANSWERS).get("customer_code", "?"),
        amount=amount,
        card_id="card-1",
        card_mask="860000******7878",
        saved_account_id=saved_account_id,
    )
    await repos.payments.mark_created(draft.id, transaction_id, None)
    assert await repos.payments.claim_for_pay(draft.id)
    paid = await repos.payments.mark_paid(draft.id, f"ref-{transaction_id}", "05.03.2025 10:00")
    assert paid is not None
    return paid


async def saved_accounts(paybot: Paybot, user: FakeUser) -> list[SavedAccountRecord]:
    return await paybot.app.repos.saved_accounts.list_for_user(user.id)


# --- tests ------------------------------------------------------------------------------------


async def test_save_then_quick_repay_from_accounts_with_fresh_info(
    paybot: Paybot, wall: WallClock
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await pay_electricity(paybot, user)

    await tg.press(user, "Save account")
    assert tg.buttons(tg.last_bot_message(user))[0] == [f"✅ {SUGGESTED_NAME}"]
    await tg.press(user, f"✅ {SUGGESTED_NAME}")
    assert f"Saved as {SUGGESTED_NAME}" in paybot.last_text(user)
    [saved] = await saved_accounts(paybot, user)
    assert (saved.name, saved.account) == (SUGGESTED_NAME, ELECTRICITY_ANSWERS)
    assert await state_of(paybot, user) is None

    wall.now = datetime(2025, 3, 5, 11, 30, 0)
    await tg.send(user, "/accounts")
    assert f"1. {SUGGESTED_NAME} — {ELECTRICITY_BUTTON}" in paybot.last_text(user)
    assert [f"1. {SUGGESTED_NAME}", "✏️ Edit"] in tg.buttons(tg.last_bot_message(user))
    # "✏️ Edit" opens the account's card (Rename, Delete, and Pay too); Back is the list.
    await tg.press(user, "✏️ Edit")
    card = paybot.last_text(user)
    assert "Personal account: 1000000" in card
    assert "District (power grid office): 26290" in card
    assert ["✏️ Rename", "🗑 Delete"] in tg.buttons(tg.last_bot_message(user))
    await tg.press(user, "Back")

    await tg.press(user, f"1. {SUGGESTED_NAME}")
    preview = paybot.last_text(user)
    # Straight to the preview, with info asked now (the sandbox stamps it with its time), and
    # the amount asked on it.
    assert "05.03.2025 11:30" in preview and "10:00" not in preview, preview
    assert "Balance: 15105.15 sum" in preview and "Type the amount" in preview
    assert await state_of(paybot, user) == Pay.amount.state
    await tg.send(user, "30 000")
    confirm = paybot.last_text(user)
    assert "30 000" in confirm and "860000******7878" in confirm
    await paybot.confirm_again(user)
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    # It is saved already: no ⭐ under the receipt.
    assert tg.buttons(tg.last_bot_message(user)) == RECEIPT_OF_A_SAVED_ACCOUNT

    second, first = await paybot.payments(user)
    assert first.status == second.status == PaymentStatus.PAID
    assert second.amount == 30_000 and second.account == ELECTRICITY_ANSWERS
    assert second.saved_account_id == saved.id and first.saved_account_id is None
    assert first.transaction_id and second.transaction_id
    assert first.transaction_id != second.transaction_id
    ledger = paybot.sandbox.ledger
    assert ledger.charges(first.transaction_id) == ledger.charges(second.transaction_id) == 1
    assert ledger.total() == 2


async def test_the_same_account_is_saved_once(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await pay_electricity(paybot, user)
    receipt_id = tg.last_bot_message(user).message_id  # type: ignore[union-attr]
    await tg.press(user, "Save account")
    await tg.send(user, "  Home \n light ")
    assert "Saved as Home light" in paybot.last_text(user)

    # Saved: the receipt's ⭐ is gone, the rest stays. A press on it all the same (a client's
    # older copy) tells where it is kept instead of asking for a name, and the receipt of
    # another payment of the same account does not offer ⭐ at all.
    receipt = tg.message(user, receipt_id)
    assert receipt is not None and tg.buttons(receipt) == RECEIPT_OF_A_SAVED_ACCOUNT
    [paid] = await paybot.payments(user)
    save = AccountCb(action=AccountAction.SAVE, arg=paid.id).pack()
    await press_data(paybot, user, save, receipt_id)
    assert "already saved as Home light" in paybot.last_text(user)
    assert await state_of(paybot, user) is None
    await pay_electricity(paybot, user, amount="1 000", again=True)
    assert "Payment successful" in paybot.last_text(user)
    assert tg.buttons(tg.last_bot_message(user)) == RECEIPT_OF_A_SAVED_ACCOUNT

    # Saved meanwhile (another device) while the bot waited for a name: still one record.
    await paybot.app.repos.saved_accounts.delete(
        (await saved_accounts(paybot, user))[0].id, user.id
    )
    await press_data(paybot, user, save, receipt_id)
    assert await state_of(paybot, user) == "SavedAccounts:naming"
    await paybot.app.repos.saved_accounts.save(
        user.id, ELECTRICITY_ID, ELECTRICITY, ELECTRICITY_ANSWERS, "Elsewhere"
    )
    await tg.send(user, "Mine")
    assert "already saved as Elsewhere" in paybot.last_text(user)
    assert [s.name for s in await saved_accounts(paybot, user)] == ["Elsewhere"]


async def test_saving_from_an_old_receipt_mid_payment_keeps_the_payment(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await pay_electricity(paybot, user)
    receipt_id = tg.last_bot_message(user).message_id  # type: ignore[union-attr]
    await paybot.open_electricity_account(user)
    await tg.send(user, "2 000")
    await paybot.confirm_again(user)
    assert await state_of(paybot, user) == Pay.code.state

    await tg.press(user, "Save account", message_id=receipt_id)
    assert f"Saved as {SUGGESTED_NAME}" in paybot.last_text(user)
    assert "rename it under /accounts" in paybot.last_text(user)
    # The payment waiting for its code was not disturbed: the code still pays it.
    assert await state_of(paybot, user) == Pay.code.state
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    assert [s.name for s in await saved_accounts(paybot, user)] == [SUGGESTED_NAME]


async def test_naming_can_be_cancelled_and_a_command_is_not_taken_for_a_name(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await pay_electricity(paybot, user)
    await tg.press(user, "Save account")
    await tg.send(user, "x" * 65)
    assert "1 to 64 characters" in paybot.last_text(user)
    await tg.send(user, "/history")
    assert "Your payments" in paybot.last_text(user)
    assert await state_of(paybot, user) is None
    await tg.press(user, "Save account")
    await tg.press(user, "Cancel")
    assert "not saved" in paybot.last_text(user)
    assert await state_of(paybot, user) is None
    assert await saved_accounts(paybot, user) == []


async def test_rename_and_delete(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    payment = await paid_payment(paybot, user.id, transaction_id="tx-rename")
    saved, _ = await paybot.app.repos.saved_accounts.save(
        user.id, ELECTRICITY_ID, ELECTRICITY, ELECTRICITY_ANSWERS, "Old name"
    )
    await tg.send(user, "/accounts")
    await tg.press(user, "✏️ Edit")  # the account's card: Rename and Delete
    await tg.press(user, "Rename")
    assert "new name for Old name" in paybot.last_text(user)
    await tg.send(user, "y" * 65)
    assert "1 to 64 characters" in paybot.last_text(user)
    await tg.send(user, "Dacha <b>")
    assert "Renamed to Dacha <b>" in paybot.last_text(user)  # escaped, shown as typed
    [renamed] = await saved_accounts(paybot, user)
    assert renamed.name == "Dacha <b>"
    assert await state_of(paybot, user) is None

    await tg.press(user, "Delete")
    assert "Delete the saved account Dacha <b>?" in paybot.last_text(user)
    await tg.press(user, "No")
    assert "Dacha <b>" in paybot.last_text(user)
    await tg.press(user, "Delete")
    await tg.press(user, "Yes, delete")
    text = paybot.last_text(user)
    assert "Saved account deleted" in text and "no saved accounts" in text
    assert await saved_accounts(paybot, user) == []
    # History keeps the payment; the deleted account's card is gone for good.
    assert await paybot.app.repos.payments.get_for_user(payment.id, user.id) is not None
    await press_data(paybot, user, AccountCb(action="open", arg=saved.id).pack())
    assert tg.callback_answers(user)[-1].text == "Not found."


async def test_someone_elses_ids_are_not_found_and_change_nothing(paybot: Paybot) -> None:
    tg = paybot.tg
    owner, other = paybot.user(5001), paybot.user(5002)
    await paybot.begin(owner)
    await paybot.begin(other)
    payment = await paid_payment(paybot, owner.id, transaction_id="tx-owner")
    saved, _ = await paybot.app.repos.saved_accounts.save(
        owner.id, ELECTRICITY_ID, ELECTRICITY, ELECTRICITY_ANSWERS, "Owner's flat"
    )
    forged = [
        AccountCb(action=action, arg=saved.id)
        for action in ("open", "pay", "reenter", "rename", "delete", "confirm_delete")
    ] + [
        AccountCb(action="save", arg=payment.id),
        AccountCb(action="name", arg=payment.id),
        AccountCb(action="skip", arg=payment.id),
        HistoryCb(action="open", arg=payment.id),
        HistoryCb(action="again", arg=payment.id),
        HistoryCb(action="reenter", arg=payment.id),
    ]
    before = len(tg.bot_texts(other))
    for data in forged:
        activity = await press_data(paybot, other, data.pack())
        [answer] = activity.callback_answers
        assert (answer.text, answer.show_alert) == ("Not found.", True), data
        # (The owner's own receipt, owed for the paid payment, may go out meanwhile.)
        shown = [m for m in activity.messages if m.chat_id == other.id]
        assert shown == [], (data, activity.summary())
    assert len(tg.bot_texts(other)) == before
    assert await state_of(paybot, other) is None
    assert await paybot.app.repos.saved_accounts.list_for_user(other.id) == []
    [kept] = await paybot.app.repos.saved_accounts.list_for_user(owner.id)
    assert kept.name == "Owner's flat"
    assert paybot.sandbox.ledger.total() == 0


async def test_service_gone_or_changed_for_a_saved_account(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    accounts = paybot.app.repos.saved_accounts
    await accounts.save(user.id, INACTIVE_SERVICE_ID, "Uzdigital TV", {"card": "123"}, "TV")
    # Saved before the service started asking for region and district.
    await accounts.save(
        user.id, ELECTRICITY_ID, ELECTRICITY, {"customer_code": ELECTRICITY_ACCOUNT}, "Old form"
    )

    await tg.send(user, "/accounts")
    await tg.press(user, "1. TV")  # the name pays it
    assert "no longer available" in paybot.last_text(user)
    assert await state_of(paybot, user) is None
    await tg.press(user, "Back")
    assert "TV" in paybot.last_text(user)

    await tg.send(user, "/accounts")
    await tg.press(user, "2. Old form")  # the name pays it
    assert "asks for different account details" in paybot.last_text(user)
    await tg.press(user, "Re-enter account")
    # The normal flow of the same service, from its first field.
    assert await state_of(paybot, user) == Pay.select_field.state
    context = paybot.app.dispatcher.fsm.get_context(tg.bot, user.id, user.id)
    draft = await load_draft(context)
    assert draft.service_id == ELECTRICITY_ID and draft.answers == {}
    await tg.press(user, "г. Ташкент")
    await tg.press(user, "26290 - Яшнабадский ЭСП")
    await tg.send(user, ELECTRICITY_ACCOUNT)
    assert "Balance: 15105.15 sum" in paybot.last_text(user)
    assert paybot.sandbox.ledger.total() == 0


async def test_accounts_command_mid_flow_leaves_the_flow(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "Pay")
    await tg.press(user, "Utilities")
    await tg.press(user, ELECTRICITY_BUTTON)
    await tg.press(user, "г. Ташкент")
    await tg.press(user, "26290 - Яшнабадский ЭСП")
    assert await state_of(paybot, user) == Pay.text_field.state
    await tg.send(user, "/accounts")
    assert "no saved accounts" in paybot.last_text(user)
    assert await state_of(paybot, user) is None


async def test_a_quick_repay_steered_to_another_account_is_not_linked_to_the_saved_one(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await pay_electricity(paybot, user)
    await tg.press(user, "Save account")
    await tg.press(user, f"✅ {SUGGESTED_NAME}")
    [saved] = await saved_accounts(paybot, user)

    # From the saved electricity account, back to the services, and on to the gas bill.
    await tg.send(user, "/accounts")
    await tg.press(user, f"1. {SUGGESTED_NAME}")  # the name pays it
    for _ in range(4):  # preview → account → district → region → services
        await tg.press(user, "Back")
    await tg.press(user, "Hududgaztaminot — natural gas")
    await tg.send(user, "4010123456")
    await tg.send(user, "1 000")
    await tg.press(user, "Confirm and pay")
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    gas, _ = await paybot.payments(user)
    assert gas.account == {"account": "4010123456"} and gas.saved_account_id is None

    # The same saved account repaid as it is keeps its link.
    await tg.send(user, "/accounts")
    await tg.press(user, f"1. {SUGGESTED_NAME}")  # the name pays it
    await tg.send(user, "2 000")
    await paybot.confirm_again(user)
    await tg.send(user, UZCARD_OTP)
    repaid, *_ = await paybot.payments(user)
    assert repaid.amount == 2_000 and repaid.saved_account_id == saved.id


async def test_a_sticker_instead_of_a_name_keeps_the_question(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await pay_electricity(paybot, user)
    await tg.press(user, "Save account")
    await tg.send_media(user, "sticker")
    assert paybot.last_text(user) == "⚠️ Please type it as a text message."
    assert await state_of(paybot, user) == "SavedAccounts:naming"
    await tg.send(user, "Home")
    assert "Saved as Home" in paybot.last_text(user)
