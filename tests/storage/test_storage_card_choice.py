"""Cards' names, the default card, and the card that last paid (migration 0010). On SQLite by
default, on PostgreSQL with PAYBOT_TEST_POSTGRES_URL set."""

from __future__ import annotations

import asyncio

import pytest

from bot.storage.models import PaymentStatus
from bot.storage.repositories import CardRecord, Repositories

from .helpers import OTHER_USER, USER, FakeClock


async def _pay_with(
    repos: Repositories, card: CardRecord, status: PaymentStatus = PaymentStatus.PAID
) -> None:
    draft = await repos.payments.create_draft(
        user_id=card.user_id,
        service_id="42",
        service_name="Hududgaz",
        account={"customerCode": "1000000"},
        account_label="Customer code: 1000000",
        amount=15_000,
        card_id=card.card_id,
        card_mask=card.masked_number,
    )
    await repos.payments.mark_created(draft.id, f"tx-{draft.id}", None)
    assert await repos.payments.claim_for_pay(draft.id)
    if status == PaymentStatus.PAID:
        await repos.payments.mark_paid(draft.id, f"ref-{draft.id}", None)
    else:
        await repos.payments.mark_failed(draft.id, "insufficient_funds", None)


async def test_a_new_card_has_no_name_and_is_not_default(repos: Repositories) -> None:
    card = await repos.cards.add(USER, "c-1", "860000******7878", "Uzcard")
    assert (card.name, card.is_default) == (None, False)


async def test_rename_names_the_own_card_only_and_survives_a_rebind(repos: Repositories) -> None:
    card = await repos.cards.add(USER, "c-1", "860000******7878", "Uzcard")
    assert await repos.cards.rename(card.id, OTHER_USER, "Salary") is None
    named = await repos.cards.rename(card.id, USER, "Salary")
    assert named is not None and named.name == "Salary"
    again = await repos.cards.add(USER, "c-1", "860000******7878", "Uzcard")  # bound again
    assert again.name == "Salary"
    cleared = await repos.cards.rename(card.id, USER, None)
    assert cleared is not None and cleared.name is None


async def test_a_card_number_is_never_stored_as_a_name(repos: Repositories) -> None:
    card = await repos.cards.add(USER, "c-1", "860000******7878", "Uzcard")
    with pytest.raises(ValueError, match="unmasked"):
        await repos.cards.rename(card.id, USER, "8600 0012 3456 7878")
    stored = await repos.cards.get_for_user(card.id, USER)
    assert stored is not None and stored.name is None


async def test_one_default_per_user_and_only_ones_own(repos: Repositories) -> None:
    first = await repos.cards.add(USER, "c-1", "860000******7878", "Uzcard")
    second = await repos.cards.add(USER, "c-2", "986009******9377", "Humo")
    theirs = await repos.cards.add(OTHER_USER, "c-3", "860000******8989", "Uzcard")
    assert await repos.cards.set_default(first.id, USER)
    assert await repos.cards.set_default(theirs.id, OTHER_USER)
    assert await repos.cards.set_default(second.id, USER)
    defaults = [c.card_id for c in await repos.cards.list_for_user(USER) if c.is_default]
    assert defaults == ["c-2"]
    # Someone else's card id changes nothing, for them or for the presser.
    assert not await repos.cards.set_default(theirs.id, USER)
    assert [c.is_default for c in await repos.cards.list_for_user(USER)] == [False, True]
    assert [c.is_default for c in await repos.cards.list_for_user(OTHER_USER)] == [True]


async def test_two_defaults_chosen_at_once_leave_one(repos: Repositories) -> None:
    cards = [await repos.cards.add(USER, f"c-{n}", "860000******7878", None) for n in range(4)]
    await asyncio.gather(*(repos.cards.set_default(card.id, USER) for card in cards))
    assert sum(card.is_default for card in await repos.cards.list_for_user(USER)) == 1


async def test_last_paid_is_the_card_of_the_latest_successful_payment(
    repos: Repositories, clock: FakeClock
) -> None:
    uzcard = await repos.cards.add(USER, "c-1", "860000******7878", "Uzcard")
    humo = await repos.cards.add(USER, "c-2", "986009******9377", "Humo")
    assert await repos.cards.last_paid(USER) is None
    await _pay_with(repos, humo)
    clock.advance(60)
    await _pay_with(repos, uzcard)
    clock.advance(60)
    await _pay_with(repos, humo, PaymentStatus.FAILED)  # declined: not "paid last"
    last = await repos.cards.last_paid(USER)
    assert last is not None and last.card_id == "c-1"
    assert await repos.cards.last_paid(OTHER_USER) is None


async def test_last_paid_skips_a_card_since_removed(repos: Repositories) -> None:
    uzcard = await repos.cards.add(USER, "c-1", "860000******7878", "Uzcard")
    await _pay_with(repos, uzcard)
    assert await repos.cards.delete_for_user(uzcard.id, USER)
    assert await repos.cards.last_paid(USER) is None
