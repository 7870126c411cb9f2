"""Typed callback data. Only ids and short action names travel in buttons (64 bytes at most).

Callback data comes back from the client and may be forged or garbled, so every number in it is
checked here, once, as it is unpacked: plain ASCII digits as our buttons write them, from 0 to
ID_MAX. Data that does not unpack matches no handler's filter, and the fallback router answers
it like any stale button.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, ClassVar, Self

from aiogram.filters.callback_data import CallbackData
from pydantic import BeforeValidator, Field, model_validator

# The largest id of our tables: their primary keys are INTEGER, 32 bits on PostgreSQL. Pages and
# kept-query ids are far smaller. A bigger number names nothing we have, and asyncpg (or SQLite,
# past 2**63) would refuse it as a query argument.
ID_MAX = 2**31 - 1
# "0", or digits without a leading zero: what str(int) writes, nothing int() merely tolerates
# ("+7", " 7", "1_000", "٣").
_NUMBER = re.compile(r"0|[1-9][0-9]{0,9}")


def parse_number(text: str) -> int | None:
    """A number as a button of ours carries it, or None for anything else."""
    if not _NUMBER.fullmatch(text):
        return None
    value = int(text)
    return value if value <= ID_MAX else None


def _number(value: object) -> object:
    if isinstance(value, str):
        parsed = parse_number(value)
        if parsed is None:
            raise ValueError("not a number a button of ours carries")
        return parsed
    return value  # built in code: the bounds below still apply


ButtonNumber = Annotated[int, BeforeValidator(_number), Field(ge=0, le=ID_MAX)]


class MenuAction(StrEnum):
    PAY = "pay"
    ACCOUNTS = "accounts"
    HISTORY = "history"
    CARDS = "cards"
    LANGUAGE = "language"
    HELP = "help"
    MENU = "menu"


class MenuCb(CallbackData, prefix="menu"):
    """Main-menu entries; always valid, each starts its feature afresh."""

    action: MenuAction


class LangCb(CallbackData, prefix="lang"):
    code: str


class PayAction(StrEnum):
    """The payment flow's buttons; the values are what older buttons carry, so they still work."""

    CATEGORY = "cat"
    SERVICES_PAGE = "svcpage"
    SERVICE = "svc"
    OPTION = "opt"
    OPTIONS_PAGE = "optpage"
    REENTER = "reenter"
    CONTINUE = "continue"  # the preview's old "Continue": the amount is asked on the preview now
    RETRY = "retry"
    CARD = "card"
    ADD_CARD = "addcard"
    CONFIRM = "confirm"
    PAY_TWICE = "repeat"
    BACK = "back"
    CANCEL = "cancel"
    # The amount step's one-tap amounts: what the account owes (the flow's draft holds it, from
    # the preview's info) and a mobile top-up's quick amounts (the amount in `arg`).
    PAY_OWED = "owed"
    QUICK_AMOUNT = "quick"
    # The amount the customer already gave (the draft's), kept when they came back to the
    # amount step from the card steps or the confirmation.
    KEEP_AMOUNT = "keepamt"
    # A top-up's phone field: the customer's own shared number, and the operator a number
    # typed under another one belongs to (its service id in `arg`; the number is the draft's).
    MY_NUMBER = "mynum"
    OPERATOR = "operator"


class PayCb(CallbackData, prefix="pay"):
    """A button of the payment flow's live screen; a press on any other message, or in a step
    the button does not belong to, matches no handler (see bot/telegram/filters.py).

    `arg` is a Paylov id for some actions (a service, a select's option) and a number for the
    NUMBERED ones, which must then unpack as one (read it with `PayCb.number`).
    """

    NUMBERED: ClassVar[frozenset[PayAction]] = frozenset(
        {
            PayAction.CATEGORY,
            PayAction.SERVICES_PAGE,
            PayAction.OPTIONS_PAGE,
            PayAction.CARD,
            PayAction.PAY_TWICE,
            PayAction.QUICK_AMOUNT,
        }
    )

    action: PayAction
    arg: str = ""

    @model_validator(mode="after")
    def _numbered_arg_is_a_number(self) -> Self:
        if self.action in self.NUMBERED and parse_number(self.arg) is None:
            raise ValueError(f"{self.action!r} takes a number, not {self.arg!r}")
        return self

    @property
    def number(self) -> int:
        """The number in a NUMBERED action's `arg` (checked when the data was unpacked)."""
        number = parse_number(self.arg)
        if number is None:
            raise ValueError(f"not a number a button of ours carries: {self.arg!r}")
        return number


class CardAction(StrEnum):
    LIST = "list"
    ADD = "add"
    REMOVE = "remove"
    CONFIRM_REMOVE = "confirm_remove"
    NAME = "name"
    MAKE_DEFAULT = "default"


class CardCb(CallbackData, prefix="card"):
    action: CardAction
    card: ButtonNumber = 0


class HistoryAction(StrEnum):
    PAGE = "page"
    OPEN = "open"
    PAY_AGAIN = "again"
    # "Pay again" on the receipt itself: the preview comes as a new message, the receipt stays.
    PAY_AGAIN_FROM_RECEIPT = "ragain"
    REENTER = "reenter"


class HistoryCb(CallbackData, prefix="hist"):
    action: HistoryAction
    arg: ButtonNumber = 0


class AccountAction(StrEnum):
    LIST = "list"
    OPEN = "open"
    PAY = "pay"
    REENTER = "reenter"
    RENAME = "rename"
    DELETE = "delete"
    CONFIRM_DELETE = "confirm_delete"
    # Saving from a receipt: ask for a name, take the suggested one, or skip.
    SAVE = "save"
    SUGGESTED_NAME = "name"
    SKIP = "skip"


class AccountCb(CallbackData, prefix="acc"):
    action: AccountAction
    arg: ButtonNumber = 0


class ReminderAction(StrEnum):
    ASK = "ask"  # which day? (turning it on, or moving it)
    SET = "set"  # on this day
    OFF = "off"  # from the account's card
    OFF_MESSAGE = "offmsg"  # from the reminder message itself


class ReminderCb(CallbackData, prefix="rem"):
    """A saved account's monthly reminder; `day` only for SET (1-28, or 31: the last day)."""

    action: ReminderAction
    account: ButtonNumber
    day: ButtonNumber = 0


class AdminPageCb(CallbackData, prefix="admpg"):
    """A /payments page: the id of the kept query and the page (0-based)."""

    query: ButtonNumber
    page: ButtonNumber


class SupportAction(StrEnum):
    ASK = "ask"  # a customer: "problem with this payment?" (arg: the payment)
    SHOW = "show"  # an admin: this open question here again, to reply to (arg: the question)
    PAGE = "page"  # an admin: a page of /questions (arg: the page)


class SupportCb(CallbackData, prefix="sup"):
    action: SupportAction
    arg: ButtonNumber = 0


class ReceiptCardCb(CallbackData, prefix="rcard"):
    """ "Receipt image" under a receipt or a paid payment in history: the payment's id (`arg`,
    as OwnPayment reads it)."""

    arg: ButtonNumber
