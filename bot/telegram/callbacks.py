"""Typed callback data. Only ids and short action names travel in buttons (64 bytes at most).

Callback data comes back from the client and may be forged or garbled, so every number in it is
checked here, once, as it is unpacked: plain ASCII digits as our buttons write them, from 0 to
ID_MAX. Data that does not unpack matches no handler's filter, and the fallback router answers
it like any stale button.
"""

from __future__ import annotations

import re
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


class MenuCb(CallbackData, prefix="menu"):
    """Main-menu entries; always valid, each starts its feature afresh."""

    action: str  # pay | accounts | history | cards | language | help


class LangCb(CallbackData, prefix="lang"):
    code: str


class PayCb(CallbackData, prefix="pay"):
    """A button of the payment flow's current screen; stale ones are refused by ScreenFilter.

    `arg` is a Paylov id for some actions (a service, a select's option) and a number for the
    NUMBERED ones, which must then unpack as one (read it with `PayCb.number`).
    """

    NUMBERED: ClassVar[frozenset[str]] = frozenset({"cat", "svcpage", "optpage", "card", "repeat"})

    action: str
    arg: str = ""

    @model_validator(mode="after")
    def _numbered_arg_is_a_number(self) -> Self:
        if self.action in self.NUMBERED and parse_number(self.arg) is None:
            raise ValueError(f"{self.action!r} takes a number, not {self.arg!r}")
        return self

    @staticmethod
    def number(arg: str) -> int:
        """The number in a NUMBERED action's `arg` (checked when the data was unpacked)."""
        number = parse_number(arg)
        if number is None:
            raise ValueError(f"not a number a button of ours carries: {arg!r}")
        return number


class CardCb(CallbackData, prefix="card"):
    action: str  # remove | add | confirm_remove | list
    card: ButtonNumber = 0


class HistoryCb(CallbackData, prefix="hist"):
    action: str  # page | open | again
    arg: ButtonNumber = 0


class AccountCb(CallbackData, prefix="acc"):
    action: str  # open | pay | rename | delete | confirm_delete | save | list
    arg: ButtonNumber = 0


class AdminPageCb(CallbackData, prefix="admpg"):
    """A /payments page: the id of the kept query and the page (0-based)."""

    query: ButtonNumber
    page: ButtonNumber
