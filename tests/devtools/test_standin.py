"""Real updates through the real Dispatcher, checked on the user's side of the chat."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from aiogram.exceptions import TelegramBadRequest

from bot.devtools.standin import OTHER_CONTACT_USER_ID, Activity, FakeUser, TelegramStandIn


async def test_command_reply_with_inline_keyboard(
    standin: TelegramStandIn, alice: FakeUser
) -> None:
    activity = await standin.send(alice, "/start")

    assert activity.handled
    assert activity.texts == ["Hello, Alice 👋\nChoose:"]
    assert activity.last.raw == "Hello, <b>Alice</b> 👋\nChoose:"
    assert standin.buttons(activity.last) == [["💳 Pay", "History"], ["Same again"]]
    assert [m.from_bot for m in standin.chat(alice).messages] == [False, True]
    assert standin.bot_texts(alice) == ["Hello, Alice 👋\nChoose:"]


async def test_press_by_label_edits_and_answers(standin: TelegramStandIn, alice: FakeUser) -> None:
    await standin.send(alice, "/start")
    activity = await standin.press(alice, "Pay")  # unique substring of "💳 Pay"

    assert [a.text for a in activity.callback_answers] == ["Let's pay"]
    assert activity.sent == [] and activity.texts == ["Choose an amount"]
    message = standin.last_bot_message(alice)
    assert message is activity.last and message.edit_count == 1
    assert message.raw == "Choose an <i>amount</i>"
    assert message.buttons == [["10 000 UZS", "50 000 UZS"], ["Site"]]
    assert standin.session.unanswered_queries() == []


async def test_alert_answer(standin: TelegramStandIn, alice: FakeUser) -> None:
    await standin.send(alice, "/start")
    await standin.press(alice, "History")
    answers = standin.callback_answers(alice)
    assert [(a.text, a.show_alert) for a in answers] == [("No payments yet", True)]


async def test_unknown_button_lists_what_is_there(
    standin: TelegramStandIn, alice: FakeUser
) -> None:
    await standin.send(alice, "/start")
    with pytest.raises(AssertionError, match=r"no inline button 'Refund'.*#2 .*'History'"):
        await standin.press(alice, "Refund")


async def test_ambiguous_and_non_callback_buttons(
    standin: TelegramStandIn, alice: FakeUser
) -> None:
    await standin.send(alice, "/start")
    await standin.press(alice, "Pay")
    with pytest.raises(AssertionError, match="matches several buttons"):
        await standin.press(alice, "000 UZS")
    with pytest.raises(AssertionError, match="not a callback button"):
        await standin.press(alice, "Site")


async def test_stale_button_after_keyboard_removed(
    standin: TelegramStandIn, alice: FakeUser
) -> None:
    start = await standin.send(alice, "/start")
    menu_id = start.last.message_id
    await standin.press(alice, "Pay")
    activity = await standin.press(alice, "10 000 UZS")

    assert activity.texts == ["Paying 10000 UZS"] and activity.last.buttons == []
    with pytest.raises(AssertionError, match="no inline button '50 000 UZS'"):
        await standin.press(alice, "50 000 UZS", message_id=menu_id)


async def test_press_on_deleted_message(standin: TelegramStandIn, alice: FakeUser) -> None:
    start = await standin.send(alice, "/start")
    await standin.bot.delete_message(alice.id, start.last.message_id)
    with pytest.raises(AssertionError, match=r"message #2 is deleted"):
        await standin.press(alice, "Pay", message_id=start.last.message_id)
    with pytest.raises(AssertionError, match="no visible message has inline buttons"):
        await standin.press(alice, "Pay")


async def test_edit_without_change_raises(standin: TelegramStandIn, alice: FakeUser) -> None:
    await standin.send(alice, "/start")
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await standin.press(alice, "Same again")


async def test_user_message_with_card_is_deleted(standin: TelegramStandIn, alice: FakeUser) -> None:
    activity = await standin.send(alice, "8600123412345678")

    assert [m.plain for m in activity.deleted] == ["8600123412345678"]
    assert activity.texts == ["Card •••• 5678 saved"]
    visible = [m.plain for m in standin.chat(alice).messages]
    assert visible == ["Card •••• 5678 saved"]
    assert not any("8600" in m.plain for m in standin.chat(alice).messages)


async def test_reply_keyboard_contact_sharing(standin: TelegramStandIn, alice: FakeUser) -> None:
    await standin.send(alice, "/phone")
    assert standin.reply_keyboard(alice) == [["📱 Share phone"], ["Cancel"]]

    activity = await standin.press_reply(alice, "Share phone")

    assert activity.texts == ["Phone +998901234567 saved"]
    assert standin.reply_keyboard(alice) is None
    shared = standin.chat(alice).user_messages[-1].contact
    assert shared is not None and shared.user_id == alice.id


async def test_someone_elses_contact(standin: TelegramStandIn, alice: FakeUser) -> None:
    activity = await standin.share_contact(alice, "998935550000", own=False)
    assert activity.texts == ["That is not your phone"]
    shared = standin.chat(alice).user_messages[-1].contact
    assert shared is not None and shared.user_id == OTHER_CONTACT_USER_ID


async def test_press_reply_without_keyboard(standin: TelegramStandIn, alice: FakeUser) -> None:
    with pytest.raises(AssertionError, match="no reply keyboard"):
        await standin.press_reply(alice, "Cancel")


async def test_unescaped_outside_data_breaks_the_send(
    standin: TelegramStandIn, alice: FakeUser
) -> None:
    await standin.send(alice, "/echo fine & dandy")
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await standin.send(alice, "/echo 2 < 3")
    assert standin.bot_texts(alice) == ["You said: fine & dandy"]


async def test_background_message_is_awaited(standin: TelegramStandIn, alice: FakeUser) -> None:
    activity = await standin.send(alice, "/later")
    assert activity.texts == ["Checking the payment…"]

    message = await standin.wait_for_message(alice, lambda m: "confirmed" in m.plain, timeout=1)
    assert message.plain == "Payment confirmed ✅"
    with pytest.raises(AssertionError, match=r"no matching bot message within 0\.05s"):
        await standin.wait_for_message(alice, timeout=0.05)


async def test_returned_method_is_executed(standin: TelegramStandIn, alice: FakeUser) -> None:
    activity = await standin.send(alice, "/typing")
    assert activity.chat_actions == ["typing"]
    assert activity.texts == ["Done typing"]


async def test_documents_and_commands(standin: TelegramStandIn, alice: FakeUser) -> None:
    activity = await standin.send(alice, "/receipt")
    document = activity.last.document
    assert document is not None and document.data.startswith(b"%PDF")
    assert activity.last.plain == "Receipt"

    await standin.send(alice, "/menu")
    uzbek = FakeUser(id=2002, first_name="Bobur", language_code="uz")
    assert [c.description for c in standin.commands(uzbek)] == ["Boshlash"]
    assert [c.command for c in standin.commands(alice)] == ["admin"]


async def test_users_have_separate_chats_and_ids_increase(
    standin: TelegramStandIn, alice: FakeUser, user_factory: Callable[[int], FakeUser]
) -> None:
    bob = user_factory(2003)
    await standin.send(alice, "/start")
    await standin.send(bob, "/start")
    await standin.send(alice, "/start")

    assert [m.message_id for m in standin.chat(alice).messages] == [1, 2, 3, 4]
    assert [m.message_id for m in standin.chat(bob).messages] == [1, 2]
    assert [update.update_id for update in standin.updates] == [1, 2, 3]
    first = standin.updates[0].message
    assert first is not None and first.chat.id == alice.id and first.from_user is not None
    assert first.entities is not None and first.entities[0].type == "bot_command"


async def test_unhandled_update(standin: TelegramStandIn, alice: FakeUser) -> None:
    activity = await standin.send(alice, "hello there")
    assert not activity.handled and activity.events == ()
    with pytest.raises(AssertionError, match="sent or edited no message"):
        _ = activity.last


async def test_double_tap_delivers_two_updates(standin: TelegramStandIn, alice: FakeUser) -> None:
    await standin.send(alice, "/start")
    outcomes = await standin.double_press(alice, "Pay")

    # both queries carry the menu as tapped; the second edit changes nothing
    assert isinstance(outcomes[0], Activity)
    assert isinstance(outcomes[1], TelegramBadRequest)
    assert "message is not modified" in str(outcomes[1])
    assert [u.callback_query.message.text for u in standin.updates[1:]] == [  # type: ignore[union-attr]
        "Hello, Alice 👋\nChoose:",
        "Hello, Alice 👋\nChoose:",
    ]


async def test_callback_message_rebuilds_the_html(
    standin: TelegramStandIn, alice: FakeUser
) -> None:
    await standin.send(alice, "/start")
    await standin.press(alice, "History")
    query = standin.updates[-1].callback_query
    assert query is not None and query.message is not None
    assert query.message.html_text == "Hello, <b>Alice</b> 👋\nChoose:"  # type: ignore[union-attr]
