"""The stand-in's non-text messages, group chats and channel posts, as the Bot API shapes them."""

from __future__ import annotations

import pytest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.devtools.standin import MEDIA_KINDS, FakeGroup, FakeUser, TelegramStandIn


@pytest.mark.parametrize("kind", MEDIA_KINDS)
async def test_media_arrive_without_text(
    standin: TelegramStandIn, alice: FakeUser, kind: str
) -> None:
    activity = await standin.send_media(alice, kind)

    assert not activity.handled  # the toy bot reads text and contacts only
    message = standin.updates[-1].message
    assert message is not None and message.text is None
    assert getattr(message, kind) is not None
    assert message.chat.type == "private" and message.chat.id == alice.id
    [shown] = standin.chat(alice).user_messages
    assert shown.message_id == message.message_id


async def test_a_caption_stays_in_the_chat_until_deleted(
    standin: TelegramStandIn, alice: FakeUser
) -> None:
    await standin.send_media(alice, "photo", caption="8600123412345678")

    message = standin.updates[-1].message
    assert message is not None and message.caption == "8600123412345678"
    assert message.photo is not None
    assert standin.chat(alice).user_messages[-1].plain == "8600123412345678"
    await standin.bot.delete_message(alice.id, message.message_id)
    assert standin.chat(alice).user_messages == []


async def test_unknown_media_kind(standin: TelegramStandIn, alice: FakeUser) -> None:
    with pytest.raises(ValueError, match="unknown media kind"):
        await standin.send_media(alice, "hologram")


async def test_group_messages_and_presses(standin: TelegramStandIn, alice: FakeUser) -> None:
    group = FakeGroup(id=-100_500, title="Family", type="supergroup")
    activity = await standin.send_in_group(alice, group, "/start")

    message = standin.updates[-1].message
    assert message is not None and message.from_user is not None
    assert (message.chat.id, message.chat.type, message.chat.title) == (
        -100_500,
        "supergroup",
        "Family",
    )
    assert message.from_user.id == alice.id
    [answer] = activity.sent
    assert answer.chat_id == group.id  # the toy bot answers where it was asked
    assert standin.chat(alice).messages == []

    history = InlineKeyboardButton(text="History", callback_data="history")
    markup = InlineKeyboardMarkup(inline_keyboard=[[history]])
    await standin.bot.send_message(group.id, "In the group", reply_markup=markup)
    activity = await standin.press(alice, "History", group=group)
    [answer] = activity.callback_answers
    assert answer.text == "No payments yet" and answer.chat_id == group.id
    query = standin.updates[-1].callback_query
    assert query is not None and query.message is not None
    assert query.message.chat.type == "supergroup" and query.from_user.id == alice.id


async def test_channel_posts_have_no_sender_user(standin: TelegramStandIn) -> None:
    channel = FakeGroup(id=-100_600, title="News", type="channel")
    await standin.post_in_channel(channel, "Hello subscribers")

    update = standin.updates[-1]
    assert update.message is None and update.channel_post is not None
    post = update.channel_post
    assert post.from_user is None and post.sender_chat is not None
    assert post.chat.type == "channel" and post.text == "Hello subscribers"
