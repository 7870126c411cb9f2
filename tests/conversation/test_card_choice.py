"""Cards as a newcomer meets them (issue 12, "Cards"): another scheme's number refused before
Paylov is asked, naming the scheme and showing what was typed."""

from __future__ import annotations

from bot.devtools.standin import FakeUser
from bot.telegram.states import AddCard
from tests.conversation.conftest import UZCARD, UZCARD_EXPIRY, UZCARD_OTP, Paybot

VISA = "4111 1111 1111 1111"
ONLY_LOCAL = "Only Uzcard (8600, 5614) and Humo (9860) cards can be linked here"


async def _state(paybot: Paybot, user: FakeUser) -> str | None:
    return await paybot.app.dispatcher.fsm.get_context(paybot.tg.bot, user.id, user.id).get_state()


async def _to_card_steps(paybot: Paybot, user: FakeUser) -> None:
    await paybot.begin(user)
    await paybot.open_electricity_account(user)
    await paybot.tg.send(user, "10 000")
    await paybot.tg.share_contact(user, user.phone)
    assert await _state(paybot, user) == AddCard.expiry.state


async def test_a_visa_number_is_refused_naming_visa_and_showing_what_was_typed(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, VISA)
    screen = paybot.last_text(user)
    assert "You typed 411111******1111." in screen
    assert "This is a Visa card. " + ONLY_LOCAL in screen
    assert "4111 1111" not in "\n".join(m.plain for m in tg.session.chat(user.id).messages)
    assert paybot.sandbox.ledger.requests("create_user_card") == 0
    # The expiry is still kept: only the number is typed again.
    assert await _state(paybot, user) == AddCard.number.state
    await tg.send(user, UZCARD)
    await tg.send(user, UZCARD_OTP)
    assert "Check the payment" in paybot.last_text(user)
    assert paybot.sandbox.ledger.requests("create_user_card") == 1


async def test_a_visa_number_typed_first_is_refused_before_its_expiry_is_asked(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    await tg.send(user, VISA)
    screen = paybot.last_text(user)
    assert "You typed 411111******1111." in screen
    assert "This is a Visa card." in screen
    assert await _state(paybot, user) == AddCard.expiry.state


async def test_an_uzcard_typed_first_is_shown_masked_on_the_expiry_prompt(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    await tg.send(user, "8600 0012 3456 7878")
    screen = paybot.last_text(user)
    assert "You typed 860000******7878." in screen
    assert "Type the expiry date first" in screen and "Visa" not in screen


async def test_a_digit_short_shows_in_the_mask(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await _to_card_steps(paybot, user)
    await tg.send(user, UZCARD_EXPIRY)
    await tg.send(user, UZCARD[:-1])
    screen = paybot.last_text(user)
    assert "You typed 860000*****6787." in screen and "16 digits" in screen
