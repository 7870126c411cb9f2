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


# --- holder and balance, the picked card, names and the default -------------------------------

POOR = "8600031234567891"  # 1 500 sum on it: a larger payment is declined (insufficient_funds)
POOR_EXPIRY, POOR_OTP = "11/27", "456700"


async def _pay_first_with_uzcard(paybot: Paybot, user: FakeUser) -> None:
    await paybot.to_code_prompt(user, "10000")
    await paybot.tg.send(user, UZCARD_OTP)
    assert "Payment successful" in paybot.last_text(user)


async def _to_confirmation_again(paybot: Paybot, user: FakeUser) -> None:
    await paybot.tg.send(user, "/start")
    await paybot.open_electricity_account(user)
    await paybot.tg.send(user, "5000")
    assert "Check the payment" in paybot.last_text(user)


def _card_buttons(paybot: Paybot, user: FakeUser) -> list[str]:
    message = paybot.tg.last_bot_message(user)
    assert message is not None
    labels = [label for row in message.buttons for label in row]
    return [label for label in labels if "•" in label or "*" in label]


async def test_the_confirmation_shows_the_holder_and_balance_and_a_mark_of_its_own(
    paybot: Paybot,
) -> None:
    user = paybot.user()
    await paybot.to_confirmation(user, "10000")
    screen = paybot.last_text(user)
    assert "Card: 860000******7878" in screen
    # Paylov's getAllUserCards: YUSUPOVA MALIKA, 5 000 000 000 tiyin.
    assert "Holder: YUSUPOVA MALIKA · Balance: 50 000 000 sum" in screen


async def test_after_a_decline_the_card_that_last_paid_is_picked_not_the_declined_one(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _pay_first_with_uzcard(paybot, user)
    await _to_confirmation_again(paybot, user)
    await tg.press(user, "➕ Add a card")
    await paybot.add_card_in_flow(user, POOR, POOR_EXPIRY, POOR_OTP)
    assert "Card: 860003******7891" in paybot.last_text(user)  # the card just added
    await paybot.confirm_again(user)
    await tg.send(user, POOR_OTP)
    screen = paybot.last_text(user)
    assert "Check the payment" in screen and "Card: 860000******7878" in screen
    labels = _card_buttons(paybot, user)
    assert "🔘 860000******7878 · 49 990 000 sum" in labels  # live: 10 000 paid from it
    assert "860003******7891 · 1 500 sum" in labels
    assert not any(label.startswith("✅") for label in labels)


async def test_a_card_named_and_made_default_in_cards_is_picked_by_its_name(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    await _pay_first_with_uzcard(paybot, user)
    await tg.send(user, "/cards")
    await tg.press(user, "➕ Add a card")
    await paybot.add_card_in_flow(user, POOR, POOR_EXPIRY, POOR_OTP)
    screen = paybot.last_text(user)
    assert "Holder: RAHIMOV BOBUR · Balance: 1 500 sum" in screen
    await tg.press(user, "✏️ Name •••• 7891")
    await tg.send(user, "8600 0312 3456 7891")  # a card number is no name (and is deleted)
    assert await paybot.app.repos.cards.list_for_user(user.id) is not None
    await tg.send(user, "x" * 25)
    assert "1 to 24 characters" in paybot.last_text(user)
    await tg.send(user, "Pocket money")
    assert "The card is now called Pocket money" in paybot.last_text(user)
    await tg.press(user, "⭐ Make default •••• 7891")
    screen = paybot.last_text(user)
    assert "Pocket money •••• 7891" in screen and "⭐ default" in screen
    [default] = [c for c in await paybot.app.repos.cards.list_for_user(user.id) if c.is_default]
    assert (default.name, default.masked_number) == ("Pocket money", "860003******7891")
    # The default wins over the card that last paid.
    await _to_confirmation_again(paybot, user)
    assert "Card: Pocket money •••• 7891" in paybot.last_text(user)
    assert "🔘 Pocket money •••• 7891 · 1 500 sum" in _card_buttons(paybot, user)


async def test_the_card_list_without_paylov_still_lists_the_cards(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    await paybot.to_confirmation(user, "10000")
    paybot.sandbox.faults.inject("get_all_user_cards", "error_5xx", times=None)
    await tg.send(user, "/cards")
    screen = paybot.last_text(user)
    assert "860000******7878" in screen and "Holder" not in screen
