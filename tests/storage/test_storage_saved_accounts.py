"""Saved accounts: one per user, service and account."""

from __future__ import annotations

import asyncio

import pytest

from bot.storage.models import SAVED_ACCOUNT_NAME_WIDTH
from bot.storage.repositories import Repositories, account_key

from .helpers import OTHER_USER, USER, FakeClock, make_draft

ACCOUNT = {"region": "01", "customerCode": "1000000"}


async def test_save_creates_then_returns_the_existing_one(repos: Repositories) -> None:
    saved, created = await repos.saved_accounts.save(USER, "42", "Hududgaz", ACCOUNT, "Home gas")
    assert created is True
    assert saved.account == ACCOUNT
    assert saved.name == "Home gas"
    # Same account in another key order: still the same one, name unchanged.
    reordered = {"customerCode": "1000000", "region": "01"}
    again, created_again = await repos.saved_accounts.save(
        USER, "42", "Hududgaz", reordered, "Mum's gas"
    )
    assert created_again is False
    assert again == saved
    assert len(await repos.saved_accounts.list_for_user(USER)) == 1


async def test_same_account_elsewhere_is_a_new_entry(repos: Repositories) -> None:
    first, _ = await repos.saved_accounts.save(USER, "42", "Hududgaz", ACCOUNT, "Gas")
    other_service, created = await repos.saved_accounts.save(USER, "43", "Water", ACCOUNT, "Water")
    assert created and other_service.id != first.id
    other_user, created = await repos.saved_accounts.save(
        OTHER_USER, "42", "Hududgaz", ACCOUNT, "Gas"
    )
    assert created and other_user.id != first.id
    changed = {**ACCOUNT, "customerCode": "2000000"}
    _, created = await repos.saved_accounts.save(USER, "42", "Hududgaz", changed, "Gas 2")
    assert created


async def test_concurrent_saves_keep_one(repos: Repositories) -> None:
    results = await asyncio.gather(
        *(repos.saved_accounts.save(USER, "42", "Hududgaz", ACCOUNT, f"n{i}") for i in range(4))
    )
    assert len({saved.id for saved, _ in results}) == 1
    assert sum(created for _, created in results) == 1


async def test_list_order_and_service_filter(repos: Repositories, clock: FakeClock) -> None:
    await repos.saved_accounts.save(USER, "42", "Hududgaz", ACCOUNT, "Gas")
    clock.advance(1)
    await repos.saved_accounts.save(USER, "7", "Beeline", {"phone": "901234567"}, "Phone")
    await repos.saved_accounts.save(OTHER_USER, "7", "Beeline", {"phone": "901234567"}, "Theirs")
    names = [saved.name for saved in await repos.saved_accounts.list_for_user(USER)]
    assert names == ["Gas", "Phone"]
    only_phone = await repos.saved_accounts.list_for_user(USER, service_id="7")
    assert [saved.name for saved in only_phone] == ["Phone"]


async def test_ownership_rename_delete(repos: Repositories) -> None:
    saved, _ = await repos.saved_accounts.save(USER, "42", "Hududgaz", ACCOUNT, "Gas")
    assert await repos.saved_accounts.get_for_user(saved.id, OTHER_USER) is None
    assert await repos.saved_accounts.rename(saved.id, OTHER_USER, "Hijacked") is False
    assert await repos.saved_accounts.delete(saved.id, OTHER_USER) is False
    assert await repos.saved_accounts.rename(saved.id, USER, "Dacha gas") is True
    renamed = await repos.saved_accounts.get_for_user(saved.id, USER)
    assert renamed is not None and renamed.name == "Dacha gas"
    assert await repos.saved_accounts.delete(saved.id, USER) is True
    assert await repos.saved_accounts.get_for_user(saved.id, USER) is None
    assert await repos.saved_accounts.delete(saved.id, USER) is False


async def test_a_name_longer_than_its_column_is_refused(repos: Repositories) -> None:
    # What a name may be is the payments layer's rule (bot/payments/saved_accounts.py).
    too_long = "x" * (SAVED_ACCOUNT_NAME_WIDTH + 1)
    with pytest.raises(ValueError):
        await repos.saved_accounts.save(USER, "42", "Hududgaz", ACCOUNT, too_long)
    widest = "x" * SAVED_ACCOUNT_NAME_WIDTH
    saved, _ = await repos.saved_accounts.save(USER, "42", "Hududgaz", ACCOUNT, widest)
    assert saved.name == widest
    with pytest.raises(ValueError):
        await repos.saved_accounts.rename(saved.id, USER, too_long)


async def test_deleting_keeps_the_payment_history(repos: Repositories) -> None:
    saved, _ = await repos.saved_accounts.save(USER, "42", "Hududgaz", ACCOUNT, "Gas")
    draft = await repos.payments.create_draft(
        USER, "42", "Hududgaz", ACCOUNT, "label", 1000, None, None, saved_account_id=saved.id
    )
    assert draft.saved_account_id == saved.id
    assert await repos.saved_accounts.delete(saved.id, USER) is True
    kept = await repos.payments.get(draft.id)
    assert kept is not None and kept.saved_account_id is None
    assert (await make_draft(repos)).saved_account_id is None


def test_account_key_is_canonical() -> None:
    assert (
        account_key({"b": "2", "a": "1"})
        == account_key({"a": "1", "b": "2"})
        == '{"a":"1","b":"2"}'
    )
    assert account_key({"name": "Тошкент"}) == '{"name":"Тошкент"}'


async def test_find_is_by_owner_service_and_field_values(repos: Repositories) -> None:
    saved, _ = await repos.saved_accounts.save(USER, "42", "Hududgaz", ACCOUNT, "Gas")
    reordered = {"customerCode": "1000000", "region": "01"}
    assert await repos.saved_accounts.find(USER, "42", reordered) == saved
    assert await repos.saved_accounts.find(OTHER_USER, "42", ACCOUNT) is None
    assert await repos.saved_accounts.find(USER, "43", ACCOUNT) is None
    assert await repos.saved_accounts.find(USER, "42", {**ACCOUNT, "region": "02"}) is None
