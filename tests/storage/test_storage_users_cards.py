"""Users and cards."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.storage.db import Database
from bot.storage.repositories import Repositories

from .helpers import OTHER_USER, START, USER, FakeClock


async def test_get_unknown_user_is_none(repos: Repositories) -> None:
    assert await repos.users.get(999) is None


async def test_get_or_create_creates_once(repos: Repositories, clock: FakeClock) -> None:
    created = await repos.users.get_or_create(555)
    clock.advance(60)
    again = await repos.users.get_or_create(555)
    assert created == again
    assert created.language is None and created.phone is None
    assert created.created_at == START


async def test_concurrent_get_or_create_makes_one_row(repos: Repositories, db: Database) -> None:
    results = await asyncio.gather(*(repos.users.get_or_create(777) for _ in range(4)))
    assert {user.id for user in results} == {777}
    async with db.session() as session:
        assert await session.scalar(text("SELECT COUNT(*) FROM users WHERE id = 777")) == 1


async def test_set_language_and_phone(repos: Repositories, clock: FakeClock) -> None:
    clock.advance(30)
    with_language = await repos.users.set_language(USER, "uz")
    assert with_language is not None
    assert with_language.language == "uz"
    assert with_language.updated_at == clock.now
    with_phone = await repos.users.set_phone(USER, "+998901234567")
    assert with_phone is not None
    assert (with_phone.language, with_phone.phone) == ("uz", "+998901234567")
    stored = await repos.users.get(USER)
    assert stored == with_phone


async def test_setters_on_unknown_user_return_none(repos: Repositories) -> None:
    assert await repos.users.set_language(999, "ru") is None
    assert await repos.users.set_phone(999, "+998901234567") is None
    assert await repos.users.get(999) is None


async def test_telegram_ids_beyond_32_bits(repos: Repositories) -> None:
    big = 7_123_456_789
    assert (await repos.users.get_or_create(big)).id == big


# --- cards ------------------------------------------------------------------------------------


async def test_add_and_list_cards(repos: Repositories, clock: FakeClock) -> None:
    first = await repos.cards.add(USER, "c-1", "860000******9999", "uzcard")
    clock.advance(1)
    second = await repos.cards.add(USER, "c-2", "986000******1111", None)
    await repos.cards.add(OTHER_USER, "c-3", "860000******2222", "uzcard")
    assert first.created_at == START
    assert [card.card_id for card in await repos.cards.list_for_user(USER)] == ["c-1", "c-2"]
    assert second.vendor is None


async def test_add_is_idempotent_and_refreshes(repos: Repositories) -> None:
    first = await repos.cards.add(USER, "c-1", "860000******9999", None)
    again = await repos.cards.add(USER, "c-1", "860000******9999", "humo")
    assert again.id == first.id
    assert again.vendor == "humo"
    assert len(await repos.cards.list_for_user(USER)) == 1


async def test_same_card_id_for_two_users_is_two_rows(repos: Repositories) -> None:
    mine = await repos.cards.add(USER, "shared", "860000******9999", None)
    theirs = await repos.cards.add(OTHER_USER, "shared", "860000******9999", None)
    assert mine.id != theirs.id


@pytest.mark.parametrize(
    "number",
    [
        "8600123456789999",
        "8600 1234 5678 9999",
        "8600-1234-5678-9999",
        "4111.1111.1111.1111",
        "5555_5555_5555_4444",
    ],
)
async def test_full_card_number_is_refused(repos: Repositories, number: str) -> None:
    with pytest.raises(ValueError, match="unmasked") as raised:
        await repos.cards.add(USER, "c-1", number, None)
    assert "1234" not in str(raised.value)
    assert await repos.cards.list_for_user(USER) == []


async def test_card_ownership(repos: Repositories) -> None:
    card = await repos.cards.add(USER, "c-1", "860000******9999", None)
    assert await repos.cards.get_for_user(card.id, USER) == card
    assert await repos.cards.get_for_user(card.id, OTHER_USER) is None
    assert await repos.cards.get_by_card_id(USER, "c-1") == card
    assert await repos.cards.get_by_card_id(OTHER_USER, "c-1") is None
    assert await repos.cards.delete_for_user(card.id, OTHER_USER) is False
    assert await repos.cards.get_for_user(card.id, USER) == card
    assert await repos.cards.delete_for_user(card.id, USER) is True
    assert await repos.cards.delete_for_user(card.id, USER) is False
    assert await repos.cards.list_for_user(USER) == []


async def test_card_needs_an_existing_user(repos: Repositories) -> None:
    # Foreign keys are enforced on SQLite too.
    with pytest.raises(IntegrityError):
        await repos.cards.add(424242, "c-1", "860000******9999", None)
