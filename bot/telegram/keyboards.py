"""Inline keyboards and the phone step's reply keyboard.

Labels come translated from the caller; only ids go into callback data.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.telegram.callbacks import LangCb, MenuCb, PayCb
from bot.telegram.i18n import LANGUAGES

LANGUAGE_NAMES = {"uz": "🇺🇿 O'zbekcha", "ru": "🇷🇺 Русский", "en": "🇬🇧 English"}


def button(text: str, data: PayCb | MenuCb | LangCb | object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())  # type: ignore[attr-defined]


def languages() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[button(LANGUAGE_NAMES[code], LangCb(code=code))] for code in LANGUAGES]
    )


def main_menu(i18n: I18nContext) -> InlineKeyboardMarkup:
    rows = [
        [button(i18n.get("menu-pay"), MenuCb(action="pay"))],
        [
            button(i18n.get("menu-accounts"), MenuCb(action="accounts")),
            button(i18n.get("menu-history"), MenuCb(action="history")),
        ],
        [
            button(i18n.get("menu-cards"), MenuCb(action="cards")),
            button(i18n.get("menu-language"), MenuCb(action="language")),
        ],
        [button(i18n.get("menu-help"), MenuCb(action="help"))],
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def back_cancel_row(i18n: I18nContext, *, back: bool = True) -> list[InlineKeyboardButton]:
    row = [button(i18n.get("btn-cancel"), PayCb(action="cancel"))]
    if back:
        row.insert(0, button(i18n.get("btn-back"), PayCb(action="back")))
    return row


def pager_row(
    i18n: I18nContext, *, page: int, pages: int, action: str
) -> list[InlineKeyboardButton]:
    row: list[InlineKeyboardButton] = []
    if page > 0:
        row.append(button(i18n.get("btn-previous"), PayCb(action=action, arg=str(page - 1))))
    if page + 1 < pages:
        row.append(button(i18n.get("btn-next"), PayCb(action=action, arg=str(page + 1))))
    return row


def choice_list(
    choices: Sequence[tuple[str, PayCb]],
    *,
    extra_rows: Sequence[list[InlineKeyboardButton]] = (),
    columns: int = 1,
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for label, data in choices:
        builder.button(text=label, callback_data=data)
    builder.adjust(columns)
    for row in extra_rows:
        if row:
            builder.row(*row)
    return builder.as_markup()


def share_phone(i18n: I18nContext) -> ReplyKeyboardMarkup:
    """The phone step's reply keyboard; its Cancel sends the btn-cancel text as a message."""
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=i18n.get("btn-share-phone"), request_contact=True)],
            [KeyboardButton(text=i18n.get("btn-cancel"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def remove_reply() -> ReplyKeyboardRemove:
    return ReplyKeyboardRemove()


def markup(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=rows)
