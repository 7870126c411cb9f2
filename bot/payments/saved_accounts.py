"""Saved accounts: the rules for their names, and saving one from a receipt.

Only an account that was really paid (a PAID payment of the customer's own) is worth keeping;
the same service and account is kept once. A name is one line of at most NAME_MAX characters:
the one rule for names, which SavedAccountsBook keeps (storage only refuses what its column
cannot hold).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.models import PaymentStatus
from bot.storage.repositories import PaymentRecord, Repositories, SavedAccountRecord

# Shorter than the column allows: a name is shown as a button label and in one-line lists.
NAME_MAX = 64
_ELLIPSIS = "…"
# Below this many characters a shortened service name says nothing; cut the whole name instead.
_SHORTEST_SERVICE = 8


def clean_name(text: str) -> str | None:
    """A typed name tidied to one line; None when empty or longer than NAME_MAX."""
    name = " ".join(text.split())
    if not name or len(name) > NAME_MAX:
        return None
    return name


def default_name(service_name: str, account_label: str) -> str:
    """The suggested name: service and account ("Плата за электроэнергию 1000000").

    A long service name is shortened rather than the account, which tells accounts apart.
    """
    service = " ".join(service_name.split())
    label = " ".join(account_label.split())
    name = f"{service} {label}".strip()
    if len(name) <= NAME_MAX:
        return name
    room = NAME_MAX - len(label) - len(_ELLIPSIS) - 1
    if room >= _SHORTEST_SERVICE:
        return f"{service[:room].rstrip()}{_ELLIPSIS} {label}"
    return name[: NAME_MAX - len(_ELLIPSIS)].rstrip() + _ELLIPSIS


# --- outcomes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotSaveable:
    """Not the customer's payment, or not paid: nothing to offer (someone else's id included)."""


@dataclass(frozen=True)
class AlreadySaved:
    """This very account (same service, same answers) is saved already."""

    saved: SavedAccountRecord


@dataclass(frozen=True)
class MaySave:
    """A paid account not saved yet, with the name to suggest for it."""

    payment: PaymentRecord
    suggested_name: str


@dataclass(frozen=True)
class Saved:
    record: SavedAccountRecord
    # False: saved meanwhile (a double tap, another device); the record keeps its own name.
    created: bool


@dataclass(frozen=True)
class Renamed:
    saved: SavedAccountRecord


@dataclass(frozen=True)
class BadName:
    """Empty, or longer than NAME_MAX once tidied: nothing was changed."""


@dataclass(frozen=True)
class NoSuchAccount:
    """Not the customer's saved account, or deleted meanwhile."""


SaveOffer = NotSaveable | AlreadySaved | MaySave
RenameOutcome = Renamed | BadName | NoSuchAccount


class SavedAccountsBook:
    """The customer's saved accounts, over the repositories."""

    def __init__(self, repos: Repositories) -> None:
        self._payments = repos.payments
        self._saved = repos.saved_accounts

    async def offer_save(self, user_id: int, payment_id: int) -> SaveOffer:
        """Whether the account of this payment (from a receipt's button) may be saved now."""
        payment = await self._payments.get_for_user(payment_id, user_id)
        if payment is None or payment.status != PaymentStatus.PAID:
            return NotSaveable()
        twin = await self._saved.find(payment.user_id, payment.service_id, payment.account)
        if twin is not None:
            return AlreadySaved(twin)
        return MaySave(payment, default_name(payment.service_name, payment.account_label))

    async def save_from(self, payment: PaymentRecord, name: str) -> Saved:
        """Save the account of a paid payment (one `offer_save` offered) under `name`, as
        `clean_name` or `default_name` gave it. Raises ValueError for anything else."""
        if payment.status != PaymentStatus.PAID:
            raise ValueError("only a paid payment's account is saved")
        if clean_name(name) != name:
            raise ValueError(f"a saved account's name is one line of 1 to {NAME_MAX} characters")
        record, created = await self._saved.save(
            payment.user_id, payment.service_id, payment.service_name, payment.account, name
        )
        return Saved(record=record, created=created)

    async def of_payment(self, payment: PaymentRecord) -> SavedAccountRecord | None:
        """The saved account this payment was made from, or one saved later for the same
        account (the history shows its name and offers no second saving)."""
        if payment.saved_account_id is not None:
            saved = await self._saved.get_for_user(payment.saved_account_id, payment.user_id)
            if saved is not None:
                return saved
        return await self._saved.find(payment.user_id, payment.service_id, payment.account)

    async def rename(self, user_id: int, saved_id: int, typed_name: str) -> RenameOutcome:
        """Rename the customer's saved account to the typed name, tidied by `clean_name`."""
        name = clean_name(typed_name)
        if name is None:
            return BadName()
        if not await self._saved.rename(saved_id, user_id, name):
            return NoSuchAccount()
        saved = await self._saved.get_for_user(saved_id, user_id)
        return NoSuchAccount() if saved is None else Renamed(saved)
