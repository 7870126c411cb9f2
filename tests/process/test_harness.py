"""The fake Bot API itself, driven by a plain aiogram Bot over HTTP: chats, faults, polling."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)

from tests.process.fake_bot_api import FakeBotApi

CHAT = 5001
OTHER = 5002


def bot_at(url: str, token: str) -> Bot:
    return Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))


@pytest.fixture
async def make_bot(api: FakeBotApi) -> AsyncIterator[Callable[[str], Bot]]:
    """Bots through chosen doors of the fake ("" is its plain url)."""
    bots: list[Bot] = []

    def make(door: str = "") -> Bot:
        bots.append(bot_at(api.url_for(door), api.token))
        return bots[-1]

    yield make
    for bot in bots:
        await bot.session.close()


@pytest.fixture
def bot(make_bot: Callable[[str], Bot]) -> Bot:
    return make_bot("")


def menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="💸 Pay", callback_data="pay")]]
    )


async def test_messages_are_kept_as_the_user_sees_them(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "<b>Hello</b>", parse_mode="HTML", reply_markup=menu())
    assert sent.chat.id == CHAT and sent.text == "Hello" and sent.message_id > 0
    assert sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "pay"
    await bot.edit_message_text("Choose", chat_id=CHAT, message_id=sent.message_id)
    phone = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="📱", request_contact=True)]])
    asked = await bot.send_message(CHAT, "Your phone?", reply_markup=phone)
    await bot.send_chat_action(CHAT, "typing")
    assert await bot.set_my_commands([]) is True
    me = await bot.get_me()
    assert me.id == bot.id and me.is_bot

    assert api.texts(CHAT) == ["Choose", "Your phone?"]
    assert api.reply_keyboard(CHAT) == [["📱"]]
    await bot.delete_message(CHAT, asked.message_id)
    assert api.last_text(CHAT) == "Choose"
    assert api.messages(CHAT)[0].buttons == []  # an edit without reply_markup drops it
    assert [call.method for call in api.calls][:2] == ["sendmessage", "editmessagetext"]
    assert api.of("sendMessage")[0]["chat_id"] == CHAT
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=CHAT, message_id=999)


async def test_uploads_keep_their_file_and_caption(api: FakeBotApi, bot: Bot) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 16
    await bot.send_photo(CHAT, BufferedInputFile(png, "stats.png"), caption="📊 May")
    await bot.send_document(CHAT, BufferedInputFile(b"id,amount\n", "payments.csv"))
    photo, document = api.messages(CHAT)
    assert photo.plain == "📊 May" and photo.photo is not None and photo.photo.data == png
    assert document.document is not None and document.document.filename == "payments.csv"
    assert document.document.data == b"id,amount\n"


async def test_method_names_are_case_insensitive_and_json_bodies_work(api: FakeBotApi) -> None:
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            f"{api.url}/bot{api.token}/SENDMESSAGE", json={"chat_id": CHAT, "text": "hi"}
        )
        wrong_token = await client.post(f"{api.url}/bot1:nope/getMe")
        unknown = await client.post(f"{api.url}/bot{api.token}/setSomethingNew", data={"a": "1"})
    body = answer.json()
    assert body["ok"] and body["result"]["text"] == "hi" and body["result"]["chat"]["id"] == CHAT
    assert wrong_token.status_code == 401
    assert unknown.json() == {"ok": True, "result": True}
    assert api.texts(CHAT) == ["hi"]


@pytest.mark.parametrize(
    ("kind", "error", "status"),
    [
        ("retry_after", TelegramRetryAfter, 429),
        ("server_error", TelegramServerError, 500),
        ("forbidden", TelegramForbiddenError, 403),
    ],
)
async def test_a_faulted_send_fails_as_telegram_would_and_leaves_the_chat_alone(
    api: FakeBotApi, bot: Bot, kind: str, error: type[Exception], status: int
) -> None:
    api.faults.inject("sendMessage", kind, retry_after=7)  # type: ignore[arg-type]
    with pytest.raises(error) as raised:
        await bot.send_message(CHAT, "Payment successful")
    assert api.texts(CHAT) == []
    if isinstance(raised.value, TelegramRetryAfter):
        assert raised.value.retry_after == 7
        assert "retry after 7" in raised.value.message
    [call] = api.calls_to("sendMessage")
    assert call.fault == kind and call.error
    await bot.send_message(CHAT, "Payment successful")  # times=1: the next one goes through
    assert api.texts(CHAT) == ["Payment successful"]


async def test_faults_pick_their_calls_and_last_until_cleared(api: FakeBotApi, bot: Bot) -> None:
    api.faults.inject(
        "sendMessage",
        "server_error",
        times=None,
        when=lambda params: "Payment successful" in params.get("text", ""),
    )
    await bot.send_message(CHAT, "Choose a category")
    for _ in range(3):
        with pytest.raises(TelegramServerError):
            await bot.send_message(CHAT, "✅ Payment successful")
    api.faults.clear()
    await bot.send_message(CHAT, "✅ Payment successful")
    assert api.texts(CHAT) == ["Choose a category", "✅ Payment successful"]

    shown = await bot.send_message(CHAT, "Menu")
    api.faults.inject("editMessageText", "edit_not_found")
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("Changed", chat_id=CHAT, message_id=shown.message_id)
    assert api.last_text(CHAT) == "Menu"


async def test_a_blocked_chat_refuses_every_send(api: FakeBotApi, bot: Bot) -> None:
    api.block(CHAT)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "hi")
    await bot.send_message(OTHER, "hi")
    api.block(CHAT, blocked=False)
    await bot.send_message(CHAT, "hi again")
    assert api.texts(CHAT) == ["hi again"] and api.texts(OTHER) == ["hi"]


async def test_timeouts_delays_and_lost_answers(api: FakeBotApi, bot: Bot) -> None:
    # timeout: held, then the connection drops; nothing reaches the chat
    api.faults.inject("sendMessage", "timeout", seconds=0.1)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(CHAT, "held")
    # held longer than the client waits: the client gives up first
    api.faults.inject("sendMessage", "timeout")
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(CHAT, "held long", request_timeout=1)
    api.faults.clear()  # lets the held request go
    # delay: slow, but delivered
    api.faults.inject("sendMessage", "delay", seconds=0.1)
    await bot.send_message(CHAT, "slow")
    # lose_answer: delivered, but the bot hears nothing back
    api.faults.inject("sendMessage", "lose_answer")
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(CHAT, "delivered unheard")
    assert api.texts(CHAT) == ["slow", "delivered unheard"]


async def test_user_actions_arrive_as_updates_and_buttons_carry_their_data(
    api: FakeBotApi, bot: Bot
) -> None:
    first = await api.send_text(CHAT, "/start")
    [update] = await bot.get_updates(offset=0, timeout=1)
    assert update.update_id == first and update.message is not None
    assert update.message.text == "/start" and update.message.from_user is not None
    assert update.message.entities and update.message.entities[0].type == "bot_command"

    shown = await bot.send_message(CHAT, "What would you like to do?", reply_markup=menu())
    pressed = await api.press(CHAT, "Pay")
    [update] = await bot.get_updates(offset=first + 1, timeout=1)
    query = update.callback_query
    assert update.update_id == pressed and query is not None
    assert query.data == "pay" and query.message is not None
    assert query.message.message_id == shown.message_id
    assert await bot.answer_callback_query(query.id) is True
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)

    await api.share_contact(CHAT, "+998901234567")
    [update] = await bot.get_updates(offset=pressed + 1, timeout=1)
    assert update.message is not None and update.message.contact is not None
    assert update.message.contact.user_id == CHAT


async def test_a_long_poll_wakes_as_soon_as_an_update_is_queued() -> None:
    api = FakeBotApi(max_poll=60.0)
    await api.start()
    bot = bot_at(api.url, api.token)
    try:
        async with asyncio.timeout(10):
            poll = asyncio.create_task(bot.get_updates(timeout=60))
            await api.wait_for(lambda: api.door("").polls == 1)
            await api.send_text(CHAT, "hello")
            [update] = await poll
        assert update.message is not None and update.message.text == "hello"
    finally:
        await bot.session.close()
        await api.stop()


async def test_each_update_goes_to_exactly_one_poller(
    api: FakeBotApi, make_bot: Callable[[str], Bot]
) -> None:
    pollers = {"a": make_bot("a"), "b": make_bot("b")}
    received: dict[str, list[Update]] = {"a": [], "b": []}
    sent: list[int] = []

    async def poll(door: str) -> None:
        offset = 0
        while True:
            for update in await pollers[door].get_updates(offset=offset, timeout=1):
                received[door].append(update)
                offset = update.update_id + 1

    tasks = [asyncio.create_task(poll(door)) for door in pollers]
    try:
        async with asyncio.timeout(10):
            for number in range(6):
                await api.wait_for(lambda: api.waiting_doors() == {"a", "b"})
                sent.append(await api.send_text(CHAT, f"message {number}"))
            routed = await api.send_text(CHAT, "for b", via="b")
            await api.wait_for(lambda: routed in {u.update_id for u in received["b"]})
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    got = [u.update_id for door in pollers for u in received[door]]
    assert sorted(got) == [*sent, routed]  # each update once, none lost
    # Two waiting pollers take turns.
    turns = sorted([[u.update_id for u in received[door]] for door in pollers])
    assert turns == [sent[0::2], [*sent[1::2], routed]] or turns == [
        [*sent[0::2], routed],
        sent[1::2],
    ]


async def test_an_update_a_dead_poller_never_confirmed_goes_to_the_next(
    api: FakeBotApi, make_bot: Callable[[str], Bot]
) -> None:
    dying, next_one = make_bot("dying"), make_bot("next")
    update_id = await api.send_text(CHAT, "/start")
    [handed] = await dying.get_updates(offset=0, timeout=1)
    api.retire("dying")  # its process exited before asking again with offset=update_id + 1
    [again] = await next_one.get_updates(offset=0, timeout=1)
    assert handed.update_id == again.update_id == update_id

    confirmed = await api.send_text(CHAT, "/help")
    await next_one.get_updates(offset=update_id + 1, timeout=1)
    await next_one.get_updates(offset=confirmed + 1, timeout=0)
    api.retire("next")
    assert api.pending == []  # confirmed updates are not sent again


async def test_polling_faults_and_a_lost_answer_sent_again(api: FakeBotApi, bot: Bot) -> None:
    update_id = await api.send_text(CHAT, "/start")
    api.faults.inject("getUpdates", "server_error")
    with pytest.raises(TelegramServerError):
        await bot.get_updates(offset=0, timeout=1)
    api.faults.inject("getUpdates", "lose_answer")
    with pytest.raises(TelegramNetworkError):
        await bot.get_updates(offset=0, timeout=1)
    [again] = await bot.get_updates(offset=0, timeout=1)  # not confirmed: sent again
    assert again.update_id == update_id
    assert await bot.get_updates(offset=update_id + 1, timeout=0) == []
