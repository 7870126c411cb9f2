"""The session answers like Telegram, straight through a real aiogram Bot."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import AnswerCallbackQuery
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    MenuButtonCommands,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)

from bot.devtools.fake_telegram import FakeTelegramSession
from bot.devtools.standin import make_bot

from .conftest import ManualClock

CHAT = 5005
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    row = [InlineKeyboardButton(text=label, callback_data=label) for label in labels]
    return InlineKeyboardMarkup(inline_keyboard=[row])


@pytest.fixture
def bot(clock: ManualClock) -> Bot:
    return make_bot(clock=clock)


def session_of(bot: Bot) -> FakeTelegramSession:
    assert isinstance(bot.session, FakeTelegramSession)
    return bot.session


async def test_send_message_returns_telegram_message(bot: Bot, clock: ManualClock) -> None:
    first = await bot.send_message(CHAT, "<b>Hello</b> &amp; welcome", reply_markup=keyboard("A"))
    second = await bot.send_message(CHAT, "plain <b>", parse_mode=None)

    assert (first.message_id, second.message_id) == (1, 2)
    assert first.chat.id == CHAT and first.from_user is not None and first.from_user.is_bot
    assert first.date == clock.now
    assert first.text == "Hello & welcome"
    assert first.html_text == "<b>Hello</b> &amp; welcome"
    assert first.reply_markup is not None
    assert first.reply_markup.model_dump() == keyboard("A").model_dump()
    stored = session_of(bot).chat(CHAT).messages
    assert [m.raw for m in stored] == ["<b>Hello</b> &amp; welcome", "plain <b>"]
    assert [m.plain for m in stored] == ["Hello & welcome", "plain <b>"]


async def test_get_me_is_the_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (42, True, "paybot_test_bot")


async def test_unescaped_lt_is_refused_like_telegram(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Unsupported start tag"):
        await bot.send_message(CHAT, "Provider: <Beeline> & Co")
    assert session_of(bot).chat(CHAT).messages == []
    assert session_of(bot).calls[-1].error is not None


async def test_edit_to_same_content_is_not_modified(bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "<b>Total</b>", reply_markup=keyboard("Pay"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "<strong>Total</strong>",
            chat_id=CHAT,
            message_id=sent.message_id,
            reply_markup=keyboard("Pay"),
        )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=CHAT, message_id=sent.message_id, reply_markup=keyboard("Pay")
        )
    assert session_of(bot).chat(CHAT).find(sent.message_id).edit_count == 0  # type: ignore[union-attr]


async def test_edit_text_without_markup_drops_keyboard(bot: Bot, clock: ManualClock) -> None:
    sent = await bot.send_message(CHAT, "Choose", reply_markup=keyboard("A", "B"))
    clock.advance(seconds=5)
    edited = await bot.edit_message_text("Chosen: A", chat_id=CHAT, message_id=sent.message_id)

    assert isinstance(edited, type(sent))
    assert edited.edit_date == int(clock.now.timestamp())
    message = session_of(bot).chat(CHAT).find(sent.message_id)
    assert message is not None
    assert (message.plain, message.buttons, message.edit_count) == ("Chosen: A", [], 1)
    assert message.previous_versions == ["Choose"]


async def test_edit_or_delete_missing_message(bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "bye")
    assert await bot.delete_message(CHAT, sent.message_id) is True

    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("again", chat_id=CHAT, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(CHAT, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_reply_markup(chat_id=CHAT, message_id=99)
    chat = session_of(bot).chat(CHAT)
    assert chat.messages == [] and chat.all_messages[0].deleted


async def test_old_messages_cannot_be_deleted(bot: Bot, clock: ManualClock) -> None:
    sent = await bot.send_message(CHAT, "old")
    clock.advance(hours=49)
    with pytest.raises(TelegramBadRequest, match="can't be deleted"):
        await bot.delete_message(CHAT, sent.message_id)


@pytest.mark.parametrize(
    ("button", "error"),
    [
        (InlineKeyboardButton(text="x", callback_data="d" * 65), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton(text="x", callback_data="я" * 33), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton(text="x"), "text buttons are unallowed"),
    ],
)
async def test_bad_inline_buttons(bot: Bot, button: InlineKeyboardButton, error: str) -> None:
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    with pytest.raises(TelegramBadRequest, match=error):
        await bot.send_message(CHAT, "menu", reply_markup=markup)


async def test_callback_data_of_exactly_64_bytes_is_fine(bot: Bot) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="я" * 32)]]
    )
    await bot.send_message(CHAT, "menu", reply_markup=markup)


async def test_text_limits(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(CHAT, "<b>" + "x" * 4097 + "</b>")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(CHAT, "<b> </b>")
    await bot.send_message(CHAT, "<b>" + "x" * 4096 + "</b>")  # markup does not count


async def test_reply_keyboard_is_tracked_per_chat(bot: Bot) -> None:
    contact_button = KeyboardButton(text="Share phone", request_contact=True)
    markup = ReplyKeyboardMarkup(keyboard=[[contact_button]], resize_keyboard=True)
    sent = await bot.send_message(CHAT, "Phone?", reply_markup=markup)
    chat = session_of(bot).chat(CHAT)

    assert sent.reply_markup is None  # Telegram echoes inline keyboards only
    assert chat.reply_keyboard == markup
    await bot.send_message(CHAT, "Thanks", reply_markup=ReplyKeyboardRemove())
    assert chat.reply_keyboard is None


async def test_documents_and_photos_are_kept(bot: Bot) -> None:
    doc = await bot.send_document(
        CHAT, BufferedInputFile(b"%PDF receipt", filename="receipt.pdf"), caption="<b>Paid</b>"
    )
    photo = await bot.send_photo(CHAT, BufferedInputFile(PNG, filename="qr.png"))
    again = await bot.send_document(CHAT, doc.document.file_id)  # type: ignore[union-attr]

    assert doc.document is not None and doc.document.file_name == "receipt.pdf"
    assert doc.caption == "Paid" and photo.photo is not None
    stored = session_of(bot).chat(CHAT).messages
    assert stored[0].document is not None and stored[0].document.data == b"%PDF receipt"
    assert stored[0].plain == "Paid"
    assert stored[1].photo is not None and stored[1].photo.filename == "qr.png"
    assert again.document is not None and stored[2].document == stored[0].document


async def test_photo_must_be_an_image_and_file_ids_must_exist(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(CHAT, BufferedInputFile(b"not an image", filename="x.png"))
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(CHAT, "no-such-file-id")


async def test_commands_per_scope_and_language(bot: Bot) -> None:
    session = session_of(bot)
    await bot.set_my_commands([BotCommand(command="start", description="Start")])
    await bot.set_my_commands(
        [BotCommand(command="start", description="Старт")],
        scope=BotCommandScopeAllPrivateChats(),
        language_code="ru",
    )
    await bot.set_my_commands(
        [BotCommand(command="admin", description="Admin")], scope=BotCommandScopeChat(chat_id=7)
    )

    assert [c.description for c in session.visible_commands(1, "ru")] == ["Старт"]
    assert [c.description for c in session.visible_commands(1, "uz")] == ["Start"]
    assert [c.command for c in session.visible_commands(7, "ru")] == ["admin"]
    fetched = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="ru")
    assert [c.command for c in fetched] == ["start"]

    await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=7))
    assert session.get_commands("chat:7") == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="/Start", description="x")])


async def test_callback_answers_are_checked(bot: Bot, clock: ManualClock) -> None:
    session = session_of(bot)
    session.open_callback_query("q1", CHAT)
    session.open_callback_query("q2", CHAT)
    assert await bot.answer_callback_query("q1", text="Saved", show_alert=True)

    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("q1")  # answered twice
    clock.advance(seconds=60)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot(AnswerCallbackQuery(callback_query_id="q2"))
    answers = session.chat(CHAT).callback_answers
    assert [(a.text, a.show_alert) for a in answers] == [("Saved", True)]
    assert session.unanswered_queries() == ["q2"]


async def test_blocked_user_and_misc_methods(bot: Bot) -> None:
    session = session_of(bot)
    assert await bot.send_chat_action(CHAT, "typing")
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    assert (await bot.get_chat_menu_button(chat_id=CHAT)).type == "commands"
    assert [a.action for a in session.chat(CHAT).actions] == ["typing"]

    session.chat(CHAT).blocked = True
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "hi")
    names = [call.name for call in session.calls]
    assert names[:4] == [
        "SendChatAction",
        "DeleteWebhook",
        "SetChatMenuButton",
        "GetChatMenuButton",
    ]
    assert names[-1] == "SendMessage" and session.calls[-1].error is not None


async def test_replies_need_the_replied_message(bot: Bot) -> None:
    original = await bot.send_message(CHAT, "<b>Receipt</b>")
    reply = await bot.send_message(
        CHAT, "About this", reply_parameters=ReplyParameters(message_id=original.message_id)
    )
    assert reply.reply_to_message is not None and reply.reply_to_message.text == "Receipt"

    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(CHAT, "x", reply_parameters=ReplyParameters(message_id=99))
    lenient = ReplyParameters(message_id=99, allow_sending_without_reply=True)
    assert (await bot.send_message(CHAT, "x", reply_parameters=lenient)).reply_to_message is None
