"""CardBinder against the sandbox over HTTP, with a real SQLite file: the code is texted, a
wrong code may be typed again, a binding whose confirm answer was lost is adopted, a card is
removed at Paylov and here."""

from __future__ import annotations

from datetime import date

import pytest

from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovError, PaylovUnavailable
from bot.paylov.sandbox import PaylovSandbox
from bot.payments.card_binding import ALREADY_ACTIVATED, PHONE_NOT_MATCH, CardBinder
from bot.payments.cards import Expiry
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


@pytest.fixture
def binder(static_client: PaylovClient, repos: Repositories) -> CardBinder:
    return CardBinder(static_client, repos, user_id_prefix="tg", today=lambda: TODAY)


async def _paylov_cards(client: PaylovClient, user_id: int = USER) -> list[str]:
    return [card.card_id for card in await client.get_user_cards(f"tg{user_id}")]


async def _local_cards(repos: Repositories, user_id: int = USER) -> list[str]:
    return [card.card_id for card in await repos.cards.list_for_user(user_id)]


# --- start: the code is texted ------------------------------------------------------------------


async def test_start_has_the_code_texted(binder: CardBinder, sandbox: PaylovSandbox) -> None:
    binding = await binder.start(USER, "8600 0012 3456 7878", UZCARD_EXPIRY, OWN_PHONE)
    assert binding.cid
    assert binding.otp_sent_phone == "********4567"  # the phone given, masked
    assert sandbox.ledger.requests("create_user_card") == 1


async def test_start_refuses_a_bad_number_before_asking_paylov(
    binder: CardBinder, sandbox: PaylovSandbox
) -> None:
    with pytest.raises(ValueError):
        await binder.start(USER, "8600001234567877", UZCARD_EXPIRY, OWN_PHONE)  # checksum
    assert sandbox.ledger.requests("create_user_card") == 0


async def test_phone_not_match_forgets_the_phone(binder: CardBinder, repos: Repositories) -> None:
    await repos.users.set_phone(USER, OWN_PHONE)
    with pytest.raises(PaylovError) as caught:
        await binder.start(USER, FIXED_PHONE_CARD, FIXED_PHONE_EXPIRY, OWN_PHONE)
    assert caught.value.code == PHONE_NOT_MATCH
    user = await repos.users.get(USER)
    assert user is not None and user.phone is None


async def test_another_refusal_keeps_the_phone(binder: CardBinder, repos: Repositories) -> None:
    await repos.users.set_phone(USER, OWN_PHONE)
    with pytest.raises(PaylovError) as caught:
        await binder.start(USER, UZCARD, Expiry(month=10, year=29), OWN_PHONE)
    assert caught.value.code == "invalid_expire_date"
    user = await repos.users.get(USER)
    assert user is not None and user.phone == OWN_PHONE


async def test_start_without_an_answer_is_unavailable(
    binder: CardBinder, sandbox: PaylovSandbox
) -> None:
    sandbox.faults.inject("create_user_card", "error_5xx")
    with pytest.raises(PaylovUnavailable):
        await binder.start(USER, UZCARD, UZCARD_EXPIRY, OWN_PHONE)


# --- confirm: the card is kept ------------------------------------------------------------------


async def test_the_right_code_binds_and_keeps_the_card(
    binder: CardBinder, static_client: PaylovClient, repos: Repositories
) -> None:
    binding = await binder.start(USER, UZCARD, UZCARD_EXPIRY, OWN_PHONE)
    card = await binder.confirm(USER, binding.cid, f" {UZCARD_OTP}\n")
    assert card.masked_number == UZCARD_MASK and card.vendor == "Uzcard"
    assert await _local_cards(repos) == [card.card_id] == await _paylov_cards(static_client)


@pytest.mark.parametrize(
    "sandbox_options", [{"wrong_otp_error": "invalid_otp"}, {"wrong_otp_error": "otp_invalid"}]
)
async def test_a_wrong_code_may_be_typed_again(binder: CardBinder, repos: Repositories) -> None:
    binding = await binder.start(USER, UZCARD, UZCARD_EXPIRY, OWN_PHONE)
    with pytest.raises(PaylovError) as caught:
        await binder.confirm(USER, binding.cid, WRONG_OTP)
    assert caught.value.code in RETRYABLE_CODE_ERRORS
    assert await _local_cards(repos) == []
    card = await binder.confirm(USER, binding.cid, UZCARD_OTP)
    assert await _local_cards(repos) == [card.card_id]


async def test_three_wrong_codes_end_the_binding(binder: CardBinder) -> None:
    binding = await binder.start(USER, UZCARD, UZCARD_EXPIRY, OWN_PHONE)
    for _ in range(2):
        with pytest.raises(PaylovError):
            await binder.confirm(USER, binding.cid, WRONG_OTP)
    with pytest.raises(PaylovError) as caught:
        await binder.confirm(USER, binding.cid, WRONG_OTP)
    assert caught.value.code == "too_many_attempts"


async def test_a_binding_confirmed_already_adds_no_second_card(
    binder: CardBinder, repos: Repositories
) -> None:
    binding = await binder.start(USER, UZCARD, UZCARD_EXPIRY, OWN_PHONE)
    card = await binder.confirm(USER, binding.cid, UZCARD_OTP)
    with pytest.raises(PaylovError) as caught:
        await binder.confirm(USER, binding.cid, UZCARD_OTP)
    assert caught.value.code == ALREADY_ACTIVATED
    assert await _local_cards(repos) == [card.card_id]


async def test_a_confirm_without_an_answer_is_unavailable(
    binder: CardBinder, sandbox: PaylovSandbox, repos: Repositories
) -> None:
    binding = await binder.start(USER, UZCARD, UZCARD_EXPIRY, OWN_PHONE)
    sandbox.faults.inject("confirm_user_card", "error_5xx")
    with pytest.raises(PaylovUnavailable):
        await binder.confirm(USER, binding.cid, UZCARD_OTP)
    assert await _local_cards(repos) == []


@pytest.mark.parametrize(
    "sandbox_options",
    [{"reconfirm_error": ALREADY_ACTIVATED}, {"reconfirm_error": "card_not_found"}],
)
async def test_a_lost_confirm_answer_is_adopted_from_paylovs_cards(
    binder: CardBinder, sandbox: PaylovSandbox, static_client: PaylovClient, repos: Repositories
) -> None:
    binding = await binder.start(USER, UZCARD, UZCARD_EXPIRY, OWN_PHONE)
    sandbox.faults.inject("confirm_user_card", "lose_answer")  # bound at Paylov, answer lost
    with pytest.raises(PaylovUnavailable):
        await binder.confirm(USER, binding.cid, UZCARD_OTP)
    assert await _local_cards(repos) == []
    card = await binder.confirm(USER, binding.cid, UZCARD_OTP, earlier_unanswered=True)
    assert [card.card_id] == await _paylov_cards(static_client) == await _local_cards(repos)
    assert card.masked_number == UZCARD_MASK


async def test_already_activated_is_adopted_even_without_the_mark(
    binder: CardBinder, sandbox: PaylovSandbox, repos: Repositories
) -> None:
    binding = await binder.start(USER, UZCARD, UZCARD_EXPIRY, OWN_PHONE)
    sandbox.faults.inject("confirm_user_card", "lose_answer")
    with pytest.raises(PaylovUnavailable):
        await binder.confirm(USER, binding.cid, UZCARD_OTP)
    card = await binder.confirm(USER, binding.cid, UZCARD_OTP)
    assert await _local_cards(repos) == [card.card_id]


@pytest.mark.parametrize("sandbox_options", [{"reconfirm_error": "card_not_found"}])
async def test_card_not_found_is_adopted_only_after_an_unanswered_confirm(
    binder: CardBinder, sandbox: PaylovSandbox, repos: Repositories
) -> None:
    binding = await binder.start(USER, UZCARD, UZCARD_EXPIRY, OWN_PHONE)
    sandbox.faults.inject("confirm_user_card", "lose_answer")
    with pytest.raises(PaylovUnavailable):
        await binder.confirm(USER, binding.cid, UZCARD_OTP)
    # Without the mark, "card_not_found" is what it says: no card is taken for it.
    with pytest.raises(PaylovError) as caught:
        await binder.confirm(USER, binding.cid, UZCARD_OTP)
    assert caught.value.code == "card_not_found"
    assert await _local_cards(repos) == []


# --- remove ---------------------------------------------------------------------------------------


async def _bound(binder: CardBinder, user_id: int = USER) -> int:
    binding = await binder.start(user_id, UZCARD, UZCARD_EXPIRY, OWN_PHONE)
    return (await binder.confirm(user_id, binding.cid, UZCARD_OTP)).id


async def test_remove_unbinds_at_paylov_and_forgets_here(
    binder: CardBinder, static_client: PaylovClient, repos: Repositories
) -> None:
    row_id = await _bound(binder)
    assert await binder.remove(USER, row_id) is True
    assert await _local_cards(repos) == [] == await _paylov_cards(static_client)


async def test_someone_elses_card_is_not_removed(
    binder: CardBinder, sandbox: PaylovSandbox, repos: Repositories
) -> None:
    row_id = await _bound(binder)
    assert await binder.remove(OTHER_USER, row_id) is False
    assert await binder.remove(USER, row_id + 1) is False
    assert sandbox.ledger.requests("delete_user_card") == 0
    assert len(await _local_cards(repos)) == 1


async def test_a_card_paylov_no_longer_knows_is_forgotten_too(
    binder: CardBinder, static_client: PaylovClient, repos: Repositories
) -> None:
    row_id = await _bound(binder)
    [card_id] = await _paylov_cards(static_client)
    await static_client.delete_user_card(card_id)  # unbound elsewhere
    assert await binder.remove(USER, row_id) is True
    assert await _local_cards(repos) == []


async def test_a_card_stays_when_paylov_does_not_answer(
    binder: CardBinder, sandbox: PaylovSandbox, repos: Repositories
) -> None:
    row_id = await _bound(binder)
    sandbox.faults.inject("delete_user_card", "error_5xx")
    with pytest.raises(PaylovUnavailable):
        await binder.remove(USER, row_id)
    assert len(await _local_cards(repos)) == 1
