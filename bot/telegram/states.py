"""Where a customer is in a conversation."""

from aiogram.fsm.state import State, StatesGroup


class Pay(StatesGroup):
    category = State()
    service = State()
    select_field = State()
    text_field = State()
    preview = State()
    amount = State()
    confirm = State()
    code = State()


class AddCard(StatesGroup):
    phone = State()
    number = State()
    expiry = State()
    code = State()


class Cards(StatesGroup):
    naming = State()  # the customer types a name for one of their cards


class SavedAccounts(StatesGroup):
    naming = State()
    renaming = State()


class Support(StatesGroup):
    describing = State()  # the customer types what went wrong with a payment
