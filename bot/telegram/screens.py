"""Showing a screen: edit the flow's live message when the press came from it, else send anew.

Only one bot message per flow has live buttons (its id is `PayDraft.screen_id`); sending a new
screen strips the buttons from the previous one so old screens cannot be pressed by mistake.
"""

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
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

log = logging.getLogger(__name__)


async def show(
    bot: Bot,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    screen_id: int | None,
    edit: bool,
) -> int:
    """Show `text` and return the id of the message that now holds the live buttons."""
    if edit and screen_id is not None:
        try:
            await bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=screen_id, reply_markup=markup
            )
            return screen_id
        except TelegramBadRequest as error:
            if "not modified" in str(error):
                return screen_id
            log.info("could not edit screen %s (%s); sending a new one", screen_id, error)
    sent = await bot.send_message(chat_id, text, reply_markup=markup)
    if screen_id is not None and screen_id != sent.message_id:
        await retire(bot, chat_id, screen_id)
    return sent.message_id


async def retire(bot: Bot, chat_id: int, message_id: int) -> None:
    """Take the buttons off an older screen; it stays readable."""
    with contextlib.suppress(TelegramBadRequest):
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)


def pressed_on(callback: CallbackQuery, screen_id: int | None) -> bool:
    message = callback.message
    return (
        isinstance(message, Message) and screen_id is not None and message.message_id == screen_id
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
