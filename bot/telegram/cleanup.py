"""Tidying the chat: buttons off old screens, and messages that carried secrets deleted."""

from __future__ import annotations

import contextlib
import logging

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramNetworkError,
)
from aiogram.types import InlineKeyboardMarkup, Message

log = logging.getLogger(__name__)


async def retire(bot: Bot, chat_id: int, message_id: int) -> None:
    """Take the buttons off an older screen; it stays readable."""
    with contextlib.suppress(TelegramBadRequest):
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)


def without_button(markup: InlineKeyboardMarkup | None, data: str) -> InlineKeyboardMarkup:
    """`markup` less the button carrying callback `data` (and the row it leaves empty)."""
    rows = [
        [button for button in row if button.callback_data != data]
        for row in (markup.inline_keyboard if markup else [])
    ]
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


async def set_buttons(
    bot: Bot, chat_id: int, message_id: int, markup: InlineKeyboardMarkup
) -> None:
    """The message's buttons replaced (one that can no longer work taken off); it stays."""
    with contextlib.suppress(TelegramBadRequest):
        await bot.edit_message_reply_markup(
            chat_id=chat_id, message_id=message_id, reply_markup=markup
        )


async def delete_quietly(message: Message) -> None:
    """Remove a user's message that carried a card number or a code, as soon as it was read.

    Best effort: whatever Telegram answers (blocked, flood control, a 5xx, no answer at all),
    the step that read the message goes on; the payment's code must still be sent. The log
    names the message, never its text.
    """
    try:
        await message.delete()
    except TelegramNetworkError as error:
        # Its message may quote the HTTP client's own error; the kind is enough here.
        log.info(_NOT_DELETED, message.message_id, message.chat.id, type(error).__name__)
    except TelegramAPIError as error:
        log.info(_NOT_DELETED, message.message_id, message.chat.id, error.message)
    except ClientDecodeError:  # an answer that is not Telegram's JSON (a proxy's error page)
        log.info(_NOT_DELETED, message.message_id, message.chat.id, "undecodable answer")


_NOT_DELETED = "could not delete message %s in chat %s: %s"
