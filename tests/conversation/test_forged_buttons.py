"""Buttons nobody drew: callback data forged or garbled by a client, ids past what a database
column holds, words where a number belongs. Each gets the stale-button answer, nothing else
changes, and the conversation goes on."""

from __future__ import annotations

import pytest

from bot.devtools.standin import Activity, FakeUser
from bot.telegram.callbacks import PayCb
from bot.telegram.states import Pay
from tests.conversation.conftest import ADMIN_ID, UTILITIES, UZCARD_OTP, Paybot, press_data

STALE = "This button is no longer active."
# PostgreSQL's INTEGER (the id columns) ends here; SQLite's and BIGINT's at 2**63 - 1.
PAST_INTEGER = str(2**31)
PAST_BIGINT = str(2**63)
HUGE = "99999999999999999999"

# Every callback data class of the bot, with what no button of ours ever carries.
FORGED = [
    f"acc:open:{HUGE}",
    f"acc:open:{PAST_INTEGER}",
    f"acc:pay:{PAST_BIGINT}",
    "acc:reenter:-1",
    "acc:rename:abc",
    "acc:delete:1_000",
    f"acc:confirm_delete:{HUGE}",
    "acc:save:1.5",
    "acc:name: 7",
    "acc:skip:+7",
    "acc:list:x",
    "acc:open:\u0663",  # ARABIC-INDIC DIGIT THREE: a digit to int(), not to us
    f"hist:open:{HUGE}",
    f"hist:again:{PAST_INTEGER}",
    "hist:reenter:-5",
    "hist:page:next",
    f"card:remove:{HUGE}",
    f"card:confirm_remove:{PAST_INTEGER}",
    "card:remove:abc",
    "menu:pay:extra",
    "menu:nonsense",
    "lang:xx",
    "lang:en:1",
    "pay:cat:abc",
    "nobody:1",
]


async def _state(paybot: Paybot, user: FakeUser) -> str | None:
    context = paybot.app.dispatcher.fsm.get_context(paybot.tg.bot, user.id, user.id)
    return await context.get_state()


def _only_the_stale_answer(activity: Activity) -> None:
    [answer] = activity.callback_answers
    assert (answer.text, answer.show_alert) == (STALE, True), activity.summary()
    assert activity.messages == [], activity.summary()
    assert activity.deleted == [], activity.summary()


@pytest.mark.parametrize("data", FORGED)
async def test_a_forged_button_on_the_menu_is_a_stale_button(paybot: Paybot, data: str) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    menu = tg.last_bot_message(user)
    assert menu is not None
    _only_the_stale_answer(await press_data(tg, user, menu.message_id, data))
    assert tg.session.unanswered_queries() == []
    # The menu still works.
    await tg.press(user, "Pay", message_id=menu.message_id)
    assert UTILITIES in [label for row in tg.buttons(tg.last_bot_message(user)) for label in row]


async def _press_on_screen(paybot: Paybot, user: FakeUser, data: str) -> Activity:
    screen = paybot.tg.last_bot_message(user)
    assert screen is not None
    return await press_data(paybot.tg, user, screen.message_id, data)


@pytest.mark.parametrize(
    "arg", ["abc", "", "-1", "1.0", HUGE, PAST_INTEGER, PAST_BIGINT, "\u0663", " 3"]
)
async def test_a_garbled_category_on_the_live_screen_is_refused_and_the_flow_goes_on(
    paybot: Paybot, arg: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "Pay")
    before = paybot.last_text(user)
    _only_the_stale_answer(await _press_on_screen(paybot, user, f"pay:cat:{arg}"))
    assert await _state(paybot, user) == Pay.category.state
    assert paybot.last_text(user) == before
    await tg.press(user, UTILITIES)
    assert UTILITIES in paybot.last_text(user)
    assert await _state(paybot, user) == Pay.service.state


async def test_garbled_pages_and_options_on_the_live_screen_are_refused(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await tg.press(user, "Pay")
    await tg.press(user, UTILITIES)
    _only_the_stale_answer(await _press_on_screen(paybot, user, "pay:svcpage:abc"))
    _only_the_stale_answer(await _press_on_screen(paybot, user, f"pay:svcpage:{HUGE}"))
    assert await _state(paybot, user) == Pay.service.state
    await tg.press(user, "Electricity")
    assert await _state(paybot, user) == Pay.select_field.state
    _only_the_stale_answer(await _press_on_screen(paybot, user, "pay:optpage:x"))
    _only_the_stale_answer(await _press_on_screen(paybot, user, f"pay:optpage:{PAST_BIGINT}"))
    # A page number that is a number, but past the last page, is only clamped.
    activity = await _press_on_screen(paybot, user, PayCb(action="optpage", arg="7").pack())
    assert [answer.text for answer in activity.callback_answers] == [None]
    await tg.press(user, "г. Ташкент")
    assert await _state(paybot, user) == Pay.select_field.state


async def test_a_garbled_card_on_the_confirmation_is_refused_and_payment_goes_on(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await tg.send(user, "50 000")
    await paybot.add_card_in_flow(user)
    assert await _state(paybot, user) == Pay.confirm.state
    for arg in ("abc", HUGE, PAST_INTEGER, "-1"):
        _only_the_stale_answer(await _press_on_screen(paybot, user, f"pay:card:{arg}"))
    assert await _state(paybot, user) == Pay.confirm.state
    await tg.press(user, "Confirm and pay")
    assert await _state(paybot, user) == Pay.code.state


@pytest.mark.parametrize(
    "data", ["admpg:abc:1", f"admpg:1:{HUGE}", f"admpg:{PAST_INTEGER}:0", "admpg:1:-1", "admpg:1"]
)
async def test_a_forged_admin_page_button_is_a_stale_button(paybot: Paybot, data: str) -> None:
    tg, admin = paybot.tg, paybot.user(ADMIN_ID)
    await paybot.begin(admin)
    menu = tg.last_bot_message(admin)
    assert menu is not None
    _only_the_stale_answer(await press_data(tg, admin, menu.message_id, data))


@pytest.mark.parametrize("arg", ["\u00b2", "abc", HUGE, "-1"])
async def test_a_garbled_pay_twice_on_the_repeat_warning_is_refused_and_it_still_pays(
    paybot: Paybot, arg: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.begin(user)
    for _ in range(2):
        await paybot.open_electricity_account(user)
        await tg.send(user, "50 000")
        if tg.reply_keyboard(user):
            await paybot.add_card_in_flow(user)
        if len(await paybot.payments(user)) == 0:
            await tg.press(user, "Confirm and pay")
            await tg.send(user, UZCARD_OTP)
            assert "Payment successful" in paybot.last_text(user)
    activity = await tg.press(user, "Confirm and pay")
    assert "You already paid this account recently" in activity.last.plain
    _only_the_stale_answer(await _press_on_screen(paybot, user, f"pay:repeat:{arg}"))
    assert await _state(paybot, user) == Pay.confirm.state
    await tg.press(user, "Yes, pay again")
    await tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)
    assert len(await paybot.payments(user)) == 2
