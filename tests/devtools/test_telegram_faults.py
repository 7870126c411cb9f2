"""Injected Telegram failures: the exceptions real Telegram causes, on the calls chosen, and the
chat left as it was."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import SendMessage

from bot.devtools.fake_telegram import FakeTelegramSession
from bot.devtools.standin import make_bot
from bot.devtools.telegram_faults import FaultKind, FiredFault

from .conftest import ManualClock

CHAT, OTHER_CHAT = 5005, 5006


@pytest.fixture
def bot(clock: ManualClock) -> Bot:
    return make_bot(clock=clock)


def session_of(bot: Bot) -> FakeTelegramSession:
    assert isinstance(bot.session, FakeTelegramSession)
    return bot.session


@pytest.mark.parametrize(
    ("kind", "error", "message"),
    [
        ("forbidden", TelegramForbiddenError, "Forbidden: bot was blocked by the user"),
        ("server_error", TelegramServerError, "Internal Server Error"),
        ("retry_after", TelegramRetryAfter, "Too Many Requests: retry after 1"),
        ("timeout", TelegramNetworkError, "Request timeout error"),
        ("edit_not_found", TelegramBadRequest, "Bad Request: message to edit not found"),
    ],
)
async def test_each_kind_raises_what_telegram_would_and_sends_nothing(
    bot: Bot, kind: str, error: type[TelegramAPIError], message: str
) -> None:
    session = session_of(bot)
    session.faults.inject("sendMessage", kind)
    with pytest.raises(error) as raised:
        await bot.send_message(CHAT, "Hello")
    assert type(raised.value) is error
    assert message in raised.value.message
    assert isinstance(raised.value.method, SendMessage)
    assert session.chat(CHAT).messages == []
    assert session.events == []
    assert session.calls[-1].error == raised.value.message
    # Once only, by default.
    await bot.send_message(CHAT, "Hello")
    assert [m.plain for m in session.chat(CHAT).messages] == ["Hello"]
    assert session.faults.fired == [FiredFault("sendMessage", FaultKind(kind), CHAT)]


async def test_retry_after_carries_the_seconds(bot: Bot) -> None:
    session_of(bot).faults.inject("sendMessage", "retry_after", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.send_message(CHAT, "Hello")
    assert raised.value.retry_after == 7
    assert "Too Many Requests: retry after 7" in raised.value.message


@pytest.mark.parametrize("name", ["deleteMessage", "DELETEMESSAGE", "deletemessage"])
async def test_a_failed_delete_leaves_the_message(bot: Bot, name: str) -> None:
    session = session_of(bot)
    sent = await bot.send_message(CHAT, "Card 8600 1234")
    session.faults.inject(name, "forbidden")
    with pytest.raises(TelegramForbiddenError):
        await bot.delete_message(CHAT, sent.message_id)
    assert [m.plain for m in session.chat(CHAT).messages] == ["Card 8600 1234"]
    assert await bot.delete_message(CHAT, sent.message_id) is True
    assert session.chat(CHAT).messages == []


async def test_a_failed_edit_leaves_the_text(bot: Bot) -> None:
    session = session_of(bot)
    sent = await bot.send_message(CHAT, "Before")
    session.faults.inject("editMessageText", "server_error")
    with pytest.raises(TelegramServerError):
        await bot.edit_message_text("After", chat_id=CHAT, message_id=sent.message_id)
    [message] = session.chat(CHAT).messages
    assert (message.plain, message.edit_count) == ("Before", 0)


async def test_times_and_until_cleared(bot: Bot) -> None:
    session = session_of(bot)
    session.faults.inject("sendMessage", "server_error", times=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(CHAT, "x")
    await bot.send_message(CHAT, "third")

    session.faults.inject("sendMessage", "timeout", times=None)
    for _ in range(5):
        with pytest.raises(TelegramNetworkError):
            await bot.send_message(CHAT, "x")
    session.faults.clear()
    await bot.send_message(CHAT, "after clear")
    assert [m.plain for m in session.chat(CHAT).messages] == ["third", "after clear"]
    assert len(session.faults.fired) == 7  # clear() keeps the record


async def test_only_the_chosen_chat_and_method_fail(bot: Bot) -> None:
    session = session_of(bot)
    session.faults.inject("sendMessage", "forbidden", chat_id=CHAT)
    await bot.send_message(OTHER_CHAT, "to the other chat")
    await bot.send_chat_action(CHAT, "typing")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(str(CHAT), "as a string id too")  # type: ignore[arg-type]
    assert session.faults.fired == [FiredFault("sendMessage", FaultKind.FORBIDDEN, CHAT)]


async def test_when_chooses_the_call(bot: Bot) -> None:
    session = session_of(bot)
    session.faults.inject(
        "sendMessage", "server_error", when=lambda method: "receipt" in method.text
    )
    await bot.send_message(CHAT, "menu")
    with pytest.raises(TelegramServerError):
        await bot.send_message(CHAT, "your receipt")
    await bot.send_message(CHAT, "your receipt")
    assert [m.plain for m in session.chat(CHAT).messages] == ["menu", "your receipt"]


async def test_the_oldest_matching_fault_fires_first(bot: Bot) -> None:
    session = session_of(bot)
    session.faults.inject("sendMessage", "forbidden")
    session.faults.inject("sendMessage", "server_error")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(CHAT, "x")
    with pytest.raises(TelegramServerError):
        await bot.send_message(CHAT, "x")
    await bot.send_message(CHAT, "x")


async def test_a_callback_answer_fails_in_the_pressed_chat_and_stays_unanswered(
    bot: Bot,
) -> None:
    session = session_of(bot)
    session.open_callback_query("q-other", OTHER_CHAT)
    session.open_callback_query("q-1", CHAT)
    session.faults.inject("answerCallbackQuery", "timeout", chat_id=CHAT)
    await bot.answer_callback_query("q-other")
    with pytest.raises(TelegramNetworkError):
        await bot.answer_callback_query("q-1", text="Done")
    assert session.unanswered_queries() == ["q-1"]
    await bot.answer_callback_query("q-1", text="Done")
    assert [a.text for a in session.chat(CHAT).callback_answers] == ["Done"]


@pytest.mark.parametrize(
    ("method", "kind", "options", "problem"),
    [
        ("sendMesage", "forbidden", {}, "no Bot API method 'sendMesage'"),
        ("sendMessage", "blocked", {}, "unknown fault 'blocked'"),
        ("sendMessage", "forbidden", {"times": 0}, "times is a positive number"),
        ("sendMessage", "retry_after", {"retry_after": 0}, "retry_after is at least"),
    ],
)
async def test_a_mistyped_fault_is_refused_at_once(
    bot: Bot, method: str, kind: str, options: dict[str, int], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        session_of(bot).faults.inject(method, kind, **options)  # type: ignore[arg-type]
