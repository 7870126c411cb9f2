"""CardBinder against the sandbox over HTTP, with a real SQLite file: the code is texted, a
wrong code may be typed again, a binding whose confirm answer was lost is adopted, a card is
removed at Paylov and here. Every answer is an outcome; nothing from Paylov is raised."""

from __future__ import annotations

from datetime import date

import pytest

from bot.paylov.client import PaylovClient
from bot.paylov.sandbox import PaylovSandbox
from bot.payments import card_binding
from bot.payments.card_binding import (
    ALREADY_ACTIVATED,
    BadNumber,
    BindRefused,
    BindUnavailable,
    CardBinder,
    CardBound,
    CardNotFound,
    CardUnbound,
    CodeSent,
    PhoneRejected,
    TypedNumber,
    UnbindFailed,
    WrongBindingCode,
)
from bot.payments.cards import CardProblem, Expiry
from bot.payments.payment_flow import RETRYABLE_CODE_ERRORS
from bot.storage.repositories import Repositories
from tests.storage.helpers import OTHER_USER, USER

TODAY = date(2025, 1, 15)
# The sandbox's cards (bot/paylov/sandbox/catalogue.json).
UZCARD = "8600001234567878"
UZCARD_EXPIRY = Expiry(month=9, year=29)
UZCARD_OTP = "456799"
UZCARD_MASK = "860000******7878"
# Its bank knows only +998 93 555 00 11: another phone is refused with phone_not_match.
FIXED_PHONE_CARD = "8600141298765438"
FIXED_PHONE_EXPIRY = Expiry(month=4, year=30)
OWN_PHONE = "+998901234567"
WRONG_OTP = "000000"
# What the sandbox answers a wrong binding code with: both spellings clients have seen.
WRONG_CODE_SPELLINGS = [{"wrong_otp_error": "invalid_otp"}, {"wrong_otp_error": "otp_invalid"}]
# What it answers a second confirm of a bound card with: both answers merchants have seen.
RECONFIRM_ANSWERS = [{"reconfirm_error": ALREADY_ACTIVATED}, {"reconfirm_error": "card_not_found"}]


@pytest.fixture
def binder(static_client: PaylovClient, repos: Repositories) -> CardBinder:
    return CardBinder(static_client, repos, user_id_prefix="tg", today=lambda: TODAY)


async def _paylov_cards(client: PaylovClient, user_id: int = USER) -> list[str]:
    return [card.card_id for card in await client.get_user_cards(f"tg{user_id}")]


async def _local_cards(repos: Repositories, user_id: int = USER) -> list[str]:
    return [card.card_id for card in await repos.cards.list_for_user(user_id)]


async def _code_sent(binder: CardBinder, user_id: int = USER) -> CodeSent:
    sent = await binder.bind(user_id, UZCARD, UZCARD_EXPIRY, OWN_PHONE)
    assert isinstance(sent, CodeSent)
    return sent


async def _bound(binder: CardBinder, user_id: int = USER) -> int:
    sent = await _code_sent(binder, user_id)
    bound = await binder.confirm_code(user_id, sent.cid, UZCARD_OTP)
    assert isinstance(bound, CardBound)
    return bound.card.id


async def _confirm_lost(binder: CardBinder, sandbox: PaylovSandbox, sent: CodeSent) -> None:
    """A confirm that binds the card at Paylov and loses its answer."""
    sandbox.faults.inject("confirm_user_card", "lose_answer")
    assert await binder.confirm_code(USER, sent.cid, UZCARD_OTP) == BindUnavailable()


# --- bind: the code is texted -------------------------------------------------------------------


async def test_bind_has_the_code_texted(binder: CardBinder, sandbox: PaylovSandbox) -> None:
    sent = await binder.bind(USER, "8600 0012 3456 7878", UZCARD_EXPIRY, OWN_PHONE)
    assert isinstance(sent, CodeSent) and sent.cid
    assert sent.otp_sent_phone == "********4567"  # the phone given, masked
    assert sandbox.ledger.requests("create_user_card") == 1


@pytest.mark.parametrize(
    ("number", "problem"),
    [("8600001234567877", CardProblem.CHECKSUM), ("860000123456787", CardProblem.NOT_16_DIGITS)],
)
async def test_a_bad_number_is_refused_before_paylov_is_asked(
    binder: CardBinder, sandbox: PaylovSandbox, number: str, problem: CardProblem
) -> None:
    outcome = await binder.bind(USER, number, UZCARD_EXPIRY, OWN_PHONE)
    assert isinstance(outcome, BadNumber) and outcome.problem == problem
    assert sandbox.ledger.requests("create_user_card") == 0


async def test_a_visa_number_is_refused_before_paylov_is_asked_naming_visa(
    binder: CardBinder, sandbox: PaylovSandbox
) -> None:
    outcome = await binder.bind(USER, "4111 1111 1111 1111", UZCARD_EXPIRY, OWN_PHONE)
    assert outcome == BadNumber(
        CardProblem.NOT_LOCAL, TypedNumber(masked="411111******1111", scheme="Visa")
    )
    assert sandbox.ledger.requests("create_user_card") == 0


async def test_phone_not_match_forgets_the_phone(binder: CardBinder, repos: Repositories) -> None:
    await repos.users.set_phone(USER, OWN_PHONE)
    outcome = await binder.bind(USER, FIXED_PHONE_CARD, FIXED_PHONE_EXPIRY, OWN_PHONE)
    assert outcome == PhoneRejected()
    user = await repos.users.get(USER)
    assert user is not None and user.phone is None


async def test_another_refusal_keeps_the_phone(binder: CardBinder, repos: Repositories) -> None:
    await repos.users.set_phone(USER, OWN_PHONE)
    outcome = await binder.bind(USER, UZCARD, Expiry(month=10, year=29), OWN_PHONE)
    assert outcome == BindRefused("invalid_expire_date")
    user = await repos.users.get(USER)
    assert user is not None and user.phone == OWN_PHONE


async def test_bind_without_an_answer_is_unavailable(
    binder: CardBinder, sandbox: PaylovSandbox
) -> None:
    sandbox.faults.inject("create_user_card", "error_5xx")
    assert await binder.bind(USER, UZCARD, UZCARD_EXPIRY, OWN_PHONE) == BindUnavailable()


# --- confirm_code: the card is kept -------------------------------------------------------------


async def test_the_right_code_binds_and_keeps_the_card(
    binder: CardBinder, static_client: PaylovClient, repos: Repositories
) -> None:
    sent = await _code_sent(binder)
    bound = await binder.confirm_code(USER, sent.cid, f" {UZCARD_OTP}\n")
    assert isinstance(bound, CardBound)
    assert bound.card.masked_number == UZCARD_MASK and bound.card.vendor == "Uzcard"
    assert await _local_cards(repos) == [bound.card.card_id] == await _paylov_cards(static_client)


@pytest.mark.parametrize("sandbox_options", WRONG_CODE_SPELLINGS)
async def test_a_wrong_code_may_be_typed_again(binder: CardBinder, repos: Repositories) -> None:
    sent = await _code_sent(binder)
    assert await binder.confirm_code(USER, sent.cid, WRONG_OTP) == WrongBindingCode()
    assert await _local_cards(repos) == []
    bound = await binder.confirm_code(USER, sent.cid, UZCARD_OTP)
    assert isinstance(bound, CardBound)
    assert await _local_cards(repos) == [bound.card.card_id]


async def test_three_wrong_codes_end_the_binding(binder: CardBinder) -> None:
    sent = await _code_sent(binder)
    for _ in range(2):
        assert await binder.confirm_code(USER, sent.cid, WRONG_OTP) == WrongBindingCode()
    assert await binder.confirm_code(USER, sent.cid, WRONG_OTP) == BindRefused("too_many_attempts")


async def test_the_same_card_bound_again_is_kept_once(
    binder: CardBinder, repos: Repositories
) -> None:
    row_id = await _bound(binder)
    sent = await _code_sent(binder)  # Paylov answers the same cardId for it
    bound = await binder.confirm_code(USER, sent.cid, UZCARD_OTP)
    assert isinstance(bound, CardBound) and bound.card.id == row_id
    assert len(await _local_cards(repos)) == 1


async def test_a_confirm_of_a_done_binding_is_refused_when_the_card_is_known(
    binder: CardBinder, repos: Repositories
) -> None:
    sent = await _code_sent(binder)
    assert isinstance(await binder.confirm_code(USER, sent.cid, UZCARD_OTP), CardBound)
    assert await binder.confirm_code(USER, sent.cid, UZCARD_OTP) == BindRefused(ALREADY_ACTIVATED)
    assert len(await _local_cards(repos)) == 1


async def test_a_confirm_without_an_answer_is_unavailable(
    binder: CardBinder, sandbox: PaylovSandbox, repos: Repositories
) -> None:
    sent = await _code_sent(binder)
    sandbox.faults.inject("confirm_user_card", "error_5xx")
    assert await binder.confirm_code(USER, sent.cid, UZCARD_OTP) == BindUnavailable()
    assert await _local_cards(repos) == []


@pytest.mark.parametrize("sandbox_options", RECONFIRM_ANSWERS)
async def test_a_lost_confirm_answer_is_adopted_from_paylovs_cards(
    binder: CardBinder, sandbox: PaylovSandbox, static_client: PaylovClient, repos: Repositories
) -> None:
    sent = await _code_sent(binder)
    await _confirm_lost(binder, sandbox, sent)
    assert await _local_cards(repos) == []
    bound = await binder.confirm_code(USER, sent.cid, UZCARD_OTP, earlier_unanswered=True)
    assert isinstance(bound, CardBound)
    assert [bound.card.card_id] == await _paylov_cards(static_client) == await _local_cards(repos)
    assert bound.card.masked_number == UZCARD_MASK
    assert sandbox.ledger.requests("get_all_user_cards") == 2  # ours above, and the adoption's


async def test_already_activated_is_adopted_even_without_the_mark(
    binder: CardBinder, sandbox: PaylovSandbox, repos: Repositories
) -> None:
    sent = await _code_sent(binder)
    await _confirm_lost(binder, sandbox, sent)
    bound = await binder.confirm_code(USER, sent.cid, UZCARD_OTP)
    assert isinstance(bound, CardBound)
    assert await _local_cards(repos) == [bound.card.card_id]


@pytest.mark.parametrize("sandbox_options", [{"reconfirm_error": "card_not_found"}])
async def test_card_not_found_is_adopted_only_after_an_unanswered_confirm(
    binder: CardBinder, sandbox: PaylovSandbox, repos: Repositories
) -> None:
    sent = await _code_sent(binder)
    await _confirm_lost(binder, sandbox, sent)
    # Without the mark, "card_not_found" is what it says: no card is taken for it.
    outcome = await binder.confirm_code(USER, sent.cid, UZCARD_OTP)
    assert outcome == BindRefused("card_not_found")
    assert await _local_cards(repos) == []


async def test_no_answer_while_adopting_is_unavailable(
    binder: CardBinder, sandbox: PaylovSandbox, repos: Repositories
) -> None:
    sent = await _code_sent(binder)
    await _confirm_lost(binder, sandbox, sent)
    sandbox.faults.inject("get_all_user_cards", "error_5xx", times=None)
    outcome = await binder.confirm_code(USER, sent.cid, UZCARD_OTP, earlier_unanswered=True)
    assert outcome == BindUnavailable()
    assert await _local_cards(repos) == []


def test_binding_and_paying_take_the_same_wrong_codes() -> None:
    assert card_binding.RETRYABLE_CODE_ERRORS is RETRYABLE_CODE_ERRORS


# --- unbind ---------------------------------------------------------------------------------------


async def test_unbind_at_paylov_and_forget_here(
    binder: CardBinder, static_client: PaylovClient, repos: Repositories
) -> None:
    row_id = await _bound(binder)
    assert await binder.unbind(USER, row_id) == CardUnbound()
    assert await _local_cards(repos) == [] == await _paylov_cards(static_client)
    assert await binder.unbind(USER, row_id) == CardNotFound()  # a double tap


async def test_someone_elses_card_is_not_unbound(
    binder: CardBinder, sandbox: PaylovSandbox, repos: Repositories
) -> None:
    row_id = await _bound(binder)
    assert await binder.unbind(OTHER_USER, row_id) == CardNotFound()
    assert await binder.unbind(USER, row_id + 1) == CardNotFound()
    assert sandbox.ledger.requests("delete_user_card") == 0
    assert len(await _local_cards(repos)) == 1


async def test_a_card_paylov_no_longer_knows_is_forgotten_too(
    binder: CardBinder, static_client: PaylovClient, repos: Repositories
) -> None:
    row_id = await _bound(binder)
    [card_id] = await _paylov_cards(static_client)
    await static_client.delete_user_card(card_id)  # unbound elsewhere
    assert await binder.unbind(USER, row_id) == CardUnbound()
    assert await _local_cards(repos) == []


async def test_a_card_stays_when_paylov_does_not_answer(
    binder: CardBinder, sandbox: PaylovSandbox, static_client: PaylovClient, repos: Repositories
) -> None:
    row_id = await _bound(binder)
    sandbox.faults.inject("delete_user_card", "error_5xx")
    assert await binder.unbind(USER, row_id) == UnbindFailed()
    assert len(await _local_cards(repos)) == 1 == len(await _paylov_cards(static_client))
