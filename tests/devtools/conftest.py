"""A tiny bot for exercising the Telegram stand-in: a few handlers, each showing one habit."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.methods import SendMessage
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.devtools.standin import FakeUser, TelegramStandIn, make_bot

CARD_RE = re.compile(r"^\d{16}$")


def menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text="💳 Pay", callback_data="pay"),
                InlineKeyboardButton(text="History", callback_data="history"),
            ],
            [InlineKeyboardButton(text="Same again", callback_data="same")],
        ]
    )


def amounts() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text="10 000 UZS", callback_data="amount:10000"),
                InlineKeyboardButton(text="50 000 UZS", callback_data="amount:50000"),
            ],
            [InlineKeyboardButton(text="Site", url="https://example.com")],
        ]
    )


def build_router(background: set[asyncio.Task[None]]) -> Router:
    router = Router(name="standin-test")

    @router.message(Command("start"))
    async def start(message: Message) -> None:
        name = message.from_user.first_name if message.from_user else "?"
        await message.answer(f"Hello, <b>{name}</b> 👋\nChoose:", reply_markup=menu())

    @router.callback_query(F.data == "pay")
    async def pay(callback: CallbackQuery) -> None:
        await callback.answer("Let's pay")
        assert isinstance(callback.message, Message)
        await callback.message.edit_text("Choose an <i>amount</i>", reply_markup=amounts())

    @router.callback_query(F.data == "history")
    async def history(callback: CallbackQuery) -> None:
        await callback.answer("No payments yet", show_alert=True)

    @router.callback_query(F.data == "same")
    async def same(callback: CallbackQuery) -> None:
        # edits to exactly what is shown: Telegram refuses
        assert isinstance(callback.message, Message)
        await callback.message.edit_text(callback.message.html_text, reply_markup=menu())

    @router.callback_query(F.data.startswith("amount:"))
    async def amount(callback: CallbackQuery) -> None:
        await callback.answer()
        assert isinstance(callback.message, Message)
        # no reply_markup: Telegram drops the keyboard
        await callback.message.edit_text(f"Paying {callback.data.split(':')[1]} UZS")

    @router.message(Command("phone"))
    async def ask_phone(message: Message) -> None:
        keyboard = ReplyKeyboardMarkup(
            keyboard=[
                [KeyboardButton(text="📱 Share phone", request_contact=True)],
                [KeyboardButton(text="Cancel")],
            ],
            resize_keyboard=True,
        )
        await message.answer("Share your phone", reply_markup=keyboard)

    @router.message(F.contact)
    async def contact(message: Message) -> None:
        assert message.contact is not None and message.from_user is not None
        own = message.contact.user_id == message.from_user.id
        text = f"Phone {message.contact.phone_number} saved" if own else "That is not your phone"
        await message.answer(text, reply_markup=ReplyKeyboardRemove())

    @router.message(F.text.regexp(CARD_RE))
    async def card(message: Message) -> None:
        await message.delete()  # the card number must not stay in the chat
        assert message.text is not None
        await message.answer(f"Card •••• {message.text[-4:]} saved")

    @router.message(Command("echo"))
    async def echo(message: Message, command: CommandObject) -> None:
        # deliberately unescaped: outside data reaches HTML
        await message.answer(f"You said: {command.args}")

    @router.message(Command("later"))
    async def later(message: Message, bot: Bot) -> None:
        chat_id = message.chat.id

        async def recheck() -> None:
            await asyncio.sleep(0.01)
            await bot.send_message(chat_id, "Payment confirmed ✅")

        task = asyncio.create_task(recheck())
        background.add(task)
        task.add_done_callback(background.discard)
        await message.answer("Checking the payment…")

    @router.message(Command("receipt"))
    async def receipt(message: Message) -> None:
        await message.answer_document(
            BufferedInputFile(b"%PDF-1.4 receipt", filename="receipt.pdf"), caption="Receipt"
        )

    @router.message(Command("menu"))
    async def set_menu(message: Message, bot: Bot) -> None:
        await bot.set_my_commands(
            [BotCommand(command="start", description="Start")],
            scope=BotCommandScopeAllPrivateChats(),
        )
        await bot.set_my_commands(
            [BotCommand(command="start", description="Boshlash")],
            scope=BotCommandScopeAllPrivateChats(),
            language_code="uz",
        )
        await bot.set_my_commands(
            [BotCommand(command="admin", description="Admin")],
            scope=BotCommandScopeChat(chat_id=message.chat.id),
        )
        await message.answer("Menu set")

    @router.message(Command("typing"))
    async def typing(message: Message) -> SendMessage:
        await message.bot.send_chat_action(message.chat.id, "typing")  # type: ignore[union-attr]
        # returned, not awaited: executed like aiogram's polling does
        return message.answer("Done typing")

    return router


class ManualClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 15, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def background() -> set[asyncio.Task[None]]:
    return set()


@pytest.fixture
def standin(clock: ManualClock, background: set[asyncio.Task[None]]) -> TelegramStandIn:
    dispatcher = Dispatcher()
    dispatcher.include_router(build_router(background))
    return TelegramStandIn(dispatcher, make_bot(clock=clock))


@pytest.fixture
def alice() -> FakeUser:
    return FakeUser(id=1001, first_name="Alice", username="alice")


@pytest.fixture
def user_factory() -> Callable[[int], FakeUser]:
    return lambda user_id: FakeUser(id=user_id, first_name=f"User{user_id}")
