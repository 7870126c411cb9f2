"""FSM data as typed models rather than loose dict keys: the payment flow's draft, and the
step that names a saved account."""

from __future__ import annotations

from typing import Literal

from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup
from pydantic import BaseModel

from bot.payments.form import LabelledValue
from bot.storage.fsm import flush_conversation


class PayDraft(BaseModel):
    # The bot message whose buttons are live; a press on any other message is stale.
    screen_id: int | None = None
    category_id: int | None = None
    services_page: int = 0
    service_id: str | None = None
    service_name: str | None = None
    answers: dict[str, str] = {}
    options_page: int = 0
    amount: int | None = None
    card_row_id: int | None = None
    # The card `pay` just declined: the confirmation it goes back to picks another.
    card_declined: int | None = None
    payment_id: int | None = None
    saved_account_id: int | None = None
    # The recent payment of this account the customer chose to pay again anyway.
    repeat_of: int | None = None
    # Card binding in progress. The expiry, typed before the number, waits here for it, sealed
    # (CardBinder.keep_expiry), and is dropped as soon as createUserCard is sent. The card number
    # is never kept, here or anywhere: it goes to Paylov from the update that carries it.
    card_expiry: str | None = None
    # Paylov's binding id (not secret) and where to go afterwards.
    binding_cid: str | None = None
    # A confirm of that binding went out and no answer came back: Paylov may have bound the
    # card, and refuse the next code as done. Set before each confirm is sent.
    binding_confirm_unanswered: bool = False
    # The last four digits of the card being bound, so every code prompt names it (·1239).
    binding_card_tail: str | None = None
    card_return: Literal["confirm", "cards"] = "confirm"
    # What a "Save account" after the receipt refers to.
    receipt_payment_id: int | None = None
    # The account as the preview's `info` told it (title, value), shown again with the amount
    # step's problems without asking Paylov again; None when the service has no preview.
    # The preview's rows as `info` gave them, worded again in the customer's language when shown.
    preview_rows: list[LabelledValue] | None = None
    # What that info says is owed (bot/payments/service_facts.py): `owed` in whole sum, the
    # amount the "Pay ..." button pays; `nothing_owed` when it says nothing is.
    owed: int | None = None
    nothing_owed: bool = False
    # A number typed under the wrong operator's top-up, carried to the right one's if the
    # customer takes it there (bot/payments/operators.py).
    carried_number: str | None = None


DRAFT_KEY = "draft"


async def load_draft(state: FSMContext) -> PayDraft:
    data = await state.get_data()
    return PayDraft.model_validate(data.get(DRAFT_KEY) or {})


async def save_draft(state: FSMContext, draft: PayDraft, *, durable: bool = False) -> None:
    """`durable`: written to the database now, not when the update ends: the next step is a
    call to Paylov that whichever process handles the customer next must know was made."""
    await state.update_data({DRAFT_KEY: draft.model_dump(mode="json")})
    if durable:
        await flush_conversation(state)


class NameStep(BaseModel):
    """FSM data while a saved account is named or renamed (apart from the flow's PayDraft)."""

    payment_id: int | None = None  # naming: the paid payment whose account is being saved
    account_id: int | None = None  # renaming: the saved account
    prompt_id: int | None = None  # the message that asked, whose buttons go when answered
    # naming: the receipt whose "Save account" was pressed, and its buttons without that one,
    # put on it once the account is saved (the button could only say "saved already" then).
    receipt_id: int | None = None
    receipt_buttons: InlineKeyboardMarkup | None = None


NAME_STEP_KEY = "saved_accounts"


async def load_name_step(state: FSMContext) -> NameStep:
    data = await state.get_data()
    return NameStep.model_validate(data.get(NAME_STEP_KEY) or {})


async def save_name_step(state: FSMContext, step: NameStep) -> None:
    await state.update_data({NAME_STEP_KEY: step.model_dump(mode="json")})
