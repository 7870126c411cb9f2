"""Inline keyboards and the phone step's reply keyboard.

Labels come translated from the caller; only ids go into callback data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.telegram.callbacks import LangCb, MenuAction, MenuCb, PayAction, PayCb
from bot.telegram.i18n import LANGUAGES
from bot.telegram.screens import Texts

LANGUAGE_NAMES = {"uz": "🇺🇿 O'zbekcha", "ru": "🇷🇺 Русский", "en": "🇬🇧 English"}


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def markup(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def languages() -> InlineKeyboardMarkup:
    return markup([[button(LANGUAGE_NAMES[code], LangCb(code=code))] for code in LANGUAGES])


def main_menu(texts: Texts) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(texts.get("menu-pay"), MenuCb(action=MenuAction.PAY))],
            [
                button(texts.get("menu-accounts"), MenuCb(action=MenuAction.ACCOUNTS)),
                button(texts.get("menu-history"), MenuCb(action=MenuAction.HISTORY)),
            ],
            [
                button(texts.get("menu-cards"), MenuCb(action=MenuAction.CARDS)),
                button(texts.get("menu-language"), MenuCb(action=MenuAction.LANGUAGE)),
            ],
            [button(texts.get("menu-help"), MenuCb(action=MenuAction.HELP))],
        ]
    )


def menu_button(texts: Texts) -> InlineKeyboardButton:
    return button(texts.get("btn-menu"), MenuCb(action=MenuAction.MENU))


def back_cancel_row(texts: Texts, *, back: bool = True) -> list[InlineKeyboardButton]:
    """The payment flow's Back and Cancel."""
    row = [button(texts.get("btn-cancel"), PayCb(action=PayAction.CANCEL))]
    if back:
        row.insert(0, button(texts.get("btn-back"), PayCb(action=PayAction.BACK)))
    return row


def pager(
    texts: Texts, *, page: int, pages: int, to_page: Callable[[int], CallbackData]
) -> list[InlineKeyboardButton]:
    """◀️ / ▶️ for a paged list; `to_page` builds the callback data of a page (0-based)."""
    row: list[InlineKeyboardButton] = []
    if page > 0:
        row.append(button(texts.get("btn-previous"), to_page(page - 1)))
    if page + 1 < pages:
        row.append(button(texts.get("btn-next"), to_page(page + 1)))
    return row


def choice_list(
    choices: Sequence[tuple[str, CallbackData]],
    *,
    extra_rows: Sequence[list[InlineKeyboardButton]] = (),
    columns: int = 1,
) -> InlineKeyboardMarkup:
    """The choices `columns` to a row, then the extra rows (Back, Cancel, a pager). Built
    directly: aiogram's keyboard builder deep-copies every button on export."""
    buttons = [button(label, data) for label, data in choices]
    rows = [buttons[start : start + columns] for start in range(0, len(buttons), columns)]
    return markup([*rows, *extra_rows])


def share_phone(texts: Texts) -> ReplyKeyboardMarkup:
    """The phone step's reply keyboard; its Cancel sends the btn-cancel text as a message."""
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=texts.get("btn-share-phone"), request_contact=True)],
            [KeyboardButton(text=texts.get("btn-cancel"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def remove_reply() -> ReplyKeyboardRemove:
    return ReplyKeyboardRemove()
