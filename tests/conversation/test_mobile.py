"""Mobile top-ups (issue 12): the operator told from the number's prefix, with the right one a
tap away and the number carried over; "My number" from the phone the customer shared; the last
amount paid for a number beside the quick amounts. Real dispatcher, sandbox over HTTP, SQLite
file; labels from the locale files, in all three languages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.config import Settings
from bot.devtools.standin import FakeUser
from bot.storage.models import PaymentStatus
from bot.telegram.states import Pay
from bot.telegram.views import money
from tests.conversation.conftest import UZCARD_OTP, Paybot, make_settings

LANGUAGES = ["uz", "ru", "en"]
LANGUAGE_BUTTONS = {"uz": "O'zbekcha", "ru": "Русский", "en": "English"}
MOBILE_KEY = "catalogue-category-mobilnye-operatory"
BEELINE = "7c444ebb-fc2c-54d3-9636-9791ec81df1c"
UCELL = "d0e47df2-cc87-5ab4-9e97-0edf14e16d1a"
UCELL_NUMBER = "931234567"
OWN_NUMBER = "901234567"  # FakeUser's shared phone +998901234567: a Beeline number
OWN_SHOWN = "+998 90 123 45 67"

Texts = Callable[..., str]


@pytest.fixture
def settings(database_url: str) -> Settings:
    settings = make_settings(database_url)
    settings.payments.repeat_guard = 0.0  # top-ups of one number follow each other here
    return settings


async def begin(paybot: Paybot, user: FakeUser, language: str = "en") -> Texts:
    await paybot.begin(user, LANGUAGE_BUTTONS[language])
    core = paybot.app.i18n.core

    def text(key: str, **kwargs: object) -> str:
        return re.sub(r"<[^>]+>", "", core.get(key, language, **kwargs))

    return text


def labels(paybot: Paybot, user: FakeUser) -> list[str]:
    message = paybot.tg.last_bot_message(user)
    return [label for row in paybot.tg.buttons(message) for label in row]


async def open_operator(paybot: Paybot, user: FakeUser, text: Texts, operator: str) -> None:
    await paybot.tg.press(user, text("menu-pay"))
    await paybot.tg.press(user, text(MOBILE_KEY))
    await paybot.tg.press(user, operator)


async def state_of(paybot: Paybot, user: FakeUser) -> str | None:
    return await paybot.app.dispatcher.fsm.get_context(paybot.tg.bot, user.id, user.id).get_state()


async def top_up(paybot: Paybot, user: FakeUser, text: Texts, amount: str) -> None:
    """From the amount step to the paid top-up (a card added on the way the first time)."""
    await paybot.tg.send(user, amount)
    if text("btn-confirm") not in labels(paybot, user):
        await paybot.add_card_in_flow(user)
    await paybot.tg.press(user, text("btn-confirm"))
    await paybot.tg.send(user, UZCARD_OTP)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_number_under_the_wrong_operator_is_told_and_carried_to_its_own(
    paybot: Paybot, language: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    text = await begin(paybot, user, language)
    await open_operator(paybot, user, text, "Beeline")
    await tg.send(user, "+998 93 123 45 67")
    told = paybot.last_text(user)
    assert text("mobile-number-of-other", number="+998 93 123 45 67", operator="Ucell") in told
    assert await state_of(paybot, user) == Pay.text_field.state  # still Beeline's number field
    switch = text("mobile-btn-switch", operator="Ucell")
    assert switch in labels(paybot, user)

    await tg.press(user, switch)
    # Straight to Ucell's amount, the number answered: nothing typed again.
    assert await state_of(paybot, user) == Pay.amount.state
    assert "Ucell" in paybot.last_text(user)
    await top_up(paybot, user, text, "12000")
    [payment] = await paybot.payments(user)
    assert payment.service_id == UCELL and payment.account == {"phone": UCELL_NUMBER}
    assert payment.status == PaymentStatus.PAID and payment.amount == 12_000


async def test_a_number_of_the_right_operator_or_an_unknown_prefix_is_not_redirected(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    text = await begin(paybot, user)
    await open_operator(paybot, user, text, "Ucell")
    await tg.send(user, "123456789")  # no operator's code: the service's own rule answers
    assert text("mobile-btn-switch", operator="Beeline") not in " ".join(labels(paybot, user))
    assert await state_of(paybot, user) == Pay.text_field.state
    await tg.send(user, UCELL_NUMBER)
    assert await state_of(paybot, user) == Pay.amount.state


@pytest.mark.parametrize("language", LANGUAGES)
async def test_my_number_is_a_one_tap_answer_once_the_phone_was_shared(
    paybot: Paybot, language: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    text = await begin(paybot, user, language)
    await open_operator(paybot, user, text, "Beeline")
    mine = text("mobile-btn-my-number", number=OWN_SHOWN)
    assert mine not in labels(paybot, user)  # no phone shared yet
    await tg.send(user, OWN_NUMBER)
    await top_up(paybot, user, text, "5000")  # the card's phone step shares it

    await open_operator(paybot, user, text, "Beeline")
    assert mine in labels(paybot, user)
    await tg.press(user, mine)
    assert await state_of(paybot, user) == Pay.amount.state
    await top_up(paybot, user, text, "7000")
    payments = await paybot.payments(user)
    assert [p.account for p in payments] == [{"phone": OWN_NUMBER}] * 2

    # Under another operator the own number is told whose it is, like a typed one.
    await open_operator(paybot, user, text, "Ucell")
    await tg.press(user, mine)
    told = paybot.last_text(user)
    assert text("mobile-number-of-other", number=OWN_SHOWN, operator="Beeline") in told
    assert text("mobile-btn-switch", operator="Beeline") in labels(paybot, user)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_last_amount_for_the_number_is_a_quick_amount(
    paybot: Paybot, language: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    text = await begin(paybot, user, language)
    await open_operator(paybot, user, text, "Beeline")
    await tg.send(user, OWN_NUMBER)
    last = text("mobile-btn-last-amount", amount=money(15_000))
    assert last not in labels(paybot, user)  # never paid yet
    await top_up(paybot, user, text, "15 000")

    await open_operator(paybot, user, text, "Beeline")
    await tg.send(user, OWN_NUMBER)
    shown = labels(paybot, user)
    assert last in shown
    assert text("taps-btn-quick-amount", amount=money(10_000)) in shown  # beside the others
    await tg.press(user, last)
    assert money(15_000) in paybot.last_text(user)
    await tg.press(user, text("btn-confirm"))
    await tg.send(user, UZCARD_OTP)
    assert [p.amount for p in await paybot.payments(user)] == [15_000, 15_000]

    # Another number has no last amount of its own.
    await open_operator(paybot, user, text, "Beeline")
    await tg.send(user, "911112233")
    assert not any("15 000" in label for label in labels(paybot, user))


# --- a phone number typed on the main screen --------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "typed",
    ["+998 93 123 45 67", "931234567", "998 (93) 123-45-67"],
    ids=["plus", "bare", "dashes"],
)
async def test_a_number_typed_on_the_main_screen_opens_its_operators_top_up(
    paybot: Paybot, language: str, typed: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    text = await begin(paybot, user, language)
    assert text("menu-type-hint") in paybot.last_text(user)  # the main screen says so
    await tg.send(user, typed)
    # Ucell's amount at once: no category, no operator, no number typed again.
    assert await state_of(paybot, user) == Pay.amount.state, tg.transcript(user)
    amount_step = paybot.last_text(user)
    assert "Ucell" in amount_step and UCELL_NUMBER in amount_step  # the number stays in sight
    quick = text("taps-btn-quick-amount", amount=money(10_000))
    assert quick in labels(paybot, user)
    await tg.press(user, quick)
    await paybot.add_card_in_flow(user)
    await tg.press(user, text("btn-confirm"))
    await tg.send(user, UZCARD_OTP)
    [payment] = await paybot.payments(user)
    assert payment.service_id == UCELL and payment.account == {"phone": UCELL_NUMBER}
    assert payment.status == PaymentStatus.PAID and payment.amount == 10_000


async def test_a_number_typed_on_the_category_list_is_a_top_up_too(paybot: Paybot) -> None:
    tg, user = paybot.tg, paybot.user()
    text = await begin(paybot, user)
    await tg.press(user, text("menu-pay"))
    await tg.send(user, OWN_NUMBER)
    assert await state_of(paybot, user) == Pay.amount.state
    assert "Beeline" in paybot.last_text(user)


@pytest.mark.parametrize("typed", ["123456789", "93 123", "+7 912 345 67 89", "beeline"])
async def test_what_is_not_a_known_operators_number_is_searched_as_before(
    paybot: Paybot, typed: str
) -> None:
    tg, user = paybot.tg, paybot.user()
    await begin(paybot, user)
    await tg.send(user, typed)
    # A search's answer: the found services, or the categories with a word on why.
    assert await state_of(paybot, user) in {Pay.service.state, Pay.category.state}
    assert await paybot.payments(user) == []


async def test_paylov_failing_while_a_typed_number_opens_keeps_the_number_for_retry(
    paybot: Paybot,
) -> None:
    tg, user = paybot.tg, paybot.user()
    text = await begin(paybot, user)
    paybot.sandbox.faults.inject("fields", "error_5xx", times=None)
    await tg.send(user, UCELL_NUMBER)
    assert text("btn-retry") in labels(paybot, user), tg.transcript(user)
    paybot.sandbox.faults.clear()
    await tg.press(user, text("btn-retry"))
    assert await state_of(paybot, user) == Pay.amount.state, tg.transcript(user)
    assert "Ucell" in paybot.last_text(user)
