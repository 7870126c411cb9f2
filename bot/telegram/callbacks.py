"""Typed callback data. Only ids and short action names travel in buttons (64 bytes at most)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class MenuCb(CallbackData, prefix="menu"):
    """Main-menu entries; always valid, each starts its feature afresh."""

    action: str  # pay | accounts | history | cards | language | help


class LangCb(CallbackData, prefix="lang"):
    code: str


class PayCb(CallbackData, prefix="pay"):
    """A button of the payment flow's current screen; stale ones are refused by ScreenFilter."""

    action: str
    arg: str = ""


class CardCb(CallbackData, prefix="card"):
    action: str  # remove | add | confirm_remove | list
    card: int = 0


class HistoryCb(CallbackData, prefix="hist"):
    action: str  # page | open | again
    arg: int = 0


class AccountCb(CallbackData, prefix="acc"):
    action: str  # open | pay | rename | delete | confirm_delete | save | list
    arg: int = 0
