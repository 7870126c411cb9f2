"""The throughput benchmark's denominator: a bare aiogram 3 bot on the same Bot API path.

    BOT_TOKEN=... TELEGRAM_API_URL=http://127.0.0.1:PORT python -m benchmarks.echo_bot

Long polling, the default dispatcher (updates as tasks), logging at INFO like the real bot (so
it logs aiogram's "Update id=N is handled" too). A message is answered with send_message of the
same text and a one-button inline keyboard; a press with answer() and edit_message_text of the
message, keyboard kept: the Bot API calls of a navigation press of the real bot. No storage,
no middlewares, no rate limits.
"""

from __future__ import annotations

import asyncio
import logging
import os

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="Echo", callback_data="echo")]]
)

dispatcher = Dispatcher()


@dispatcher.message()
async def echo_message(message: Message) -> None:
    await message.answer(message.text or "contact", reply_markup=KEYBOARD)


@dispatcher.callback_query()
async def echo_press(query: CallbackQuery) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        text = f"{query.data} #{query.message.message_id}"
        await query.message.edit_text(text, reply_markup=KEYBOARD)


async def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"]))
    bot = Bot(
        token=os.environ["BOT_TOKEN"],
        session=session,
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        await dispatcher.start_polling(bot)
    finally:
        await bot.session.close()


if __name__ == "__main__":
    asyncio.run(main())
