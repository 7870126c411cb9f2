"""Saved accounts over a real SQLite file: only a paid account of the customer's own is offered
for saving, the same account is kept once, names follow one rule."""

from __future__ import annotations

import pytest

from bot.payments.saved_accounts import (
    NAME_MAX,
    AlreadySaved,
    BadName,
    MaySave,
    NoSuchAccount,
    NotSaveable,
    Renamed,
    Saved,
    SavedAccountsBook,
    clean_name,
    default_name,
)
from bot.storage.models import SAVED_ACCOUNT_NAME_WIDTH, PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories
from tests.storage.helpers import OTHER_USER, USER, make_payment

# What tests/storage/helpers.py pays.
SUGGESTED = "Hududgaz Region: Tashkent, Customer code: 1000000"
BAD_NAMES = ["", "   \n", "x" * (NAME_MAX + 1)]


@pytest.fixture
def book(repos: Repositories) -> SavedAccountsBook:
    return SavedAccountsBook(repos)


async def _offered(book: SavedAccountsBook, payment: PaymentRecord) -> MaySave:
    offer = await book.offer_save(payment.user_id, payment.id)
    assert isinstance(offer, MaySave)
    return offer


# --- names ----------------------------------------------------------------------------------------


def test_the_name_rule_fits_the_column() -> None:
    assert NAME_MAX <= SAVED_ACCOUNT_NAME_WIDTH


def test_a_typed_name_is_tidied_to_one_line() -> None:
    assert clean_name("  Dacha \n  gas ") == "Dacha gas"
    assert clean_name("x" * NAME_MAX) == "x" * NAME_MAX
    for typed in BAD_NAMES:
        assert clean_name(typed) is None, typed


@pytest.mark.parametrize(
    ("service", "label"),
    [
        ("Hududgaz", "1000000"),
        ("  Плата  за\nэлектроэнергию ", " 1000000 "),
        ("Детские сады (родительская плата) — очень длинное название услуги", "50101201700012"),
        ("Gas", "x" * 80),
    ],
)
def test_a_suggested_name_is_always_a_clean_one(service: str, label: str) -> None:
    name = default_name(service, label)
    assert clean_name(name) == name
    assert len(name) <= NAME_MAX


def test_a_long_service_name_is_shortened_before_the_account() -> None:
    name = default_name(
        "Детские сады (родительская плата) — очень длинное название", "50101201700012"
    )
    assert name.endswith("… 50101201700012")


# --- offering to save -----------------------------------------------------------------------------


async def test_a_paid_payment_is_offered_with_a_suggested_name(
    book: SavedAccountsBook, repos: Repositories
) -> None:
    paid = await make_payment(repos, PaymentStatus.PAID)
    assert await book.offer_save(USER, paid.id) == MaySave(payment=paid, suggested_name=SUGGESTED)


@pytest.mark.parametrize("status", [s for s in PaymentStatus if s is not PaymentStatus.PAID])
async def test_an_unpaid_payment_is_not_saveable(
    book: SavedAccountsBook, repos: Repositories, status: PaymentStatus
) -> None:
    payment = await make_payment(repos, status)
    assert await book.offer_save(USER, payment.id) == NotSaveable()


async def test_someone_elses_payment_is_not_saveable(
    book: SavedAccountsBook, repos: Repositories
) -> None:
    paid = await make_payment(repos, PaymentStatus.PAID, user_id=OTHER_USER)
    assert await book.offer_save(USER, paid.id) == NotSaveable()
    assert await book.offer_save(USER, paid.id + 1) == NotSaveable()


async def test_an_account_saved_before_is_said_so(
    book: SavedAccountsBook, repos: Repositories
) -> None:
    first = await make_payment(repos, PaymentStatus.PAID)
    saved = await book.save_from((await _offered(book, first)).payment, "Home gas")
    second = await make_payment(repos, PaymentStatus.PAID)  # the same account, paid again
    assert await book.offer_save(USER, second.id) == AlreadySaved(saved.record)


# --- saving ---------------------------------------------------------------------------------------


async def test_saving_keeps_the_account_once(book: SavedAccountsBook, repos: Repositories) -> None:
    offer = await _offered(book, await make_payment(repos, PaymentStatus.PAID))
    saved = await book.save_from(offer.payment, offer.suggested_name)
    assert saved.created is True
    assert saved.record.name == SUGGESTED and saved.record.account == offer.payment.account
    again = await book.save_from(offer.payment, "Another name")  # a double tap
    assert again == Saved(record=saved.record, created=False)
    assert len(await repos.saved_accounts.list_for_user(USER)) == 1


@pytest.mark.parametrize("name", [*BAD_NAMES, " Home gas", "Home  gas"])
async def test_only_a_clean_name_is_saved(
    book: SavedAccountsBook, repos: Repositories, name: str
) -> None:
    offer = await _offered(book, await make_payment(repos, PaymentStatus.PAID))
    with pytest.raises(ValueError):
        await book.save_from(offer.payment, name)
    assert await repos.saved_accounts.list_for_user(USER) == []


async def test_only_a_paid_account_is_saved(book: SavedAccountsBook, repos: Repositories) -> None:
    pending = await make_payment(repos, PaymentStatus.PENDING)
    with pytest.raises(ValueError):
        await book.save_from(pending, "Home gas")
    assert await repos.saved_accounts.list_for_user(USER) == []


# --- renaming -------------------------------------------------------------------------------------


async def _saved_id(book: SavedAccountsBook, repos: Repositories) -> int:
    offer = await _offered(book, await make_payment(repos, PaymentStatus.PAID))
    return (await book.save_from(offer.payment, "Home gas")).record.id


async def test_rename_takes_the_tidied_name(book: SavedAccountsBook, repos: Repositories) -> None:
    saved_id = await _saved_id(book, repos)
    renamed = await book.rename(USER, saved_id, "  Dacha \n gas ")
    assert isinstance(renamed, Renamed) and renamed.saved.name == "Dacha gas"
    assert renamed.saved == await repos.saved_accounts.get_for_user(saved_id, USER)


@pytest.mark.parametrize("typed", BAD_NAMES)
async def test_a_bad_name_changes_nothing(
    book: SavedAccountsBook, repos: Repositories, typed: str
) -> None:
    saved_id = await _saved_id(book, repos)
    assert await book.rename(USER, saved_id, typed) == BadName()
    saved = await repos.saved_accounts.get_for_user(saved_id, USER)
    assert saved is not None and saved.name == "Home gas"


async def test_someone_elses_or_a_deleted_account_is_not_renamed(
    book: SavedAccountsBook, repos: Repositories
) -> None:
    saved_id = await _saved_id(book, repos)
    assert await book.rename(OTHER_USER, saved_id, "Hijacked") == NoSuchAccount()
    assert await repos.saved_accounts.delete(saved_id, USER)
    assert await book.rename(USER, saved_id, "Dacha gas") == NoSuchAccount()


# --- which saved account a payment belongs to -----------------------------------------------------


async def test_a_payment_belongs_to_the_account_saved_for_it(
    book: SavedAccountsBook, repos: Repositories
) -> None:
    paid = await make_payment(repos, PaymentStatus.PAID)
    assert await book.of_payment(paid) is None
    saved = await book.save_from(paid, "Home gas")  # saved after it was paid
    assert await book.of_payment(paid) == saved.record
    # Someone else's identical account is not theirs.
    other = await make_payment(repos, PaymentStatus.PAID, user_id=OTHER_USER)
    assert await book.of_payment(other) is None


async def test_a_payment_keeps_the_saved_account_it_was_made_from(
    book: SavedAccountsBook, repos: Repositories
) -> None:
    first = await make_payment(repos, PaymentStatus.PAID)
    saved = await book.save_from(first, "Home gas")
    # The saved account was renamed since; the payment made from it still names it.
    await repos.saved_accounts.rename(saved.record.id, USER, "Dacha")
    linked = first.model_copy(update={"saved_account_id": saved.record.id, "account": {}})
    found = await book.of_payment(linked)
    assert found is not None and found.id == saved.record.id and found.name == "Dacha"
