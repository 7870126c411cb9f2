"""The card side: the bank's test cards (balances, blocks) and cards bound to merchant users.

Binding is two calls: createUserCard sends the card's fixed OTP to the bank's phone and answers a
`cid`; confirmUserCardCreate with that code answers the bound card under a NEW `cardId`.
Wrong expiry decisions: a malformed date or one that is not the card's → invalid_expire_date;
the right date of a card whose month has passed → card_expired.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.paylov.sandbox.bodies import ConfirmUserCardBody, CreateUserCardBody
from bot.paylov.sandbox.catalogue import CardData, Catalogue
from bot.paylov.sandbox.errors import SandboxError

if TYPE_CHECKING:
    from bot.paylov.sandbox.state import CardBookState

MAX_OTP_ATTEMPTS = 3


@dataclass
class BankCard:
    """A test card as the processing centre sees it now."""

    data: CardData
    balance: int  # tiyin
    blocked: str | None


@dataclass
class Binding:
    """A createUserCard waiting for its code."""

    cid: str
    user_id: str
    number: str
    phone: str  # where the code went; payment codes go there too
    attempts: int = 0
    card_id: str | None = None  # set once confirmed


@dataclass
class BoundCard:
    card_id: str
    user_id: str
    number: str
    card_name: str
    phone: str


class CardBook:
    def __init__(
        self,
        catalogue: Catalogue,
        *,
        new_id: Callable[[], str],
        today: Callable[[], date],
        wrong_otp_error: str = "invalid_otp",
        reconfirm_error: str = "card_is_already_activated",
    ) -> None:
        """`wrong_otp_error` is what a wrong binding code is refused with; `reconfirm_error`
        what a binding confirmed already answers to another confirm (clients have seen
        `card_is_already_activated` and `card_not_found`)."""
        self._wrong_otp_error = wrong_otp_error
        self._reconfirm_error = reconfirm_error
        self._bank = {
            card.number: BankCard(card, card.balance, card.blocked) for card in catalogue.cards
        }
        self._new_id = new_id
        self._today = today
        self._bindings: dict[str, Binding] = {}
        self._cards: dict[str, BoundCard] = {}

    # --- the bank ---------------------------------------------------------------------------

    def bank_card(self, number: str) -> BankCard:
        return self._bank[number]

    def bank_cards(self) -> list[BankCard]:
        return list(self._bank.values())

    def block(self, number: str, reason: str = "lost_card_capture") -> None:
        self._bank[number].blocked = reason

    def check_phone(self, card: BankCard, phone_number: str | None) -> str:
        """Where the code goes: the given phone, unless the bank insists on its own."""
        if phone_number is None:
            return card.data.phone
        phone = normalize_phone(phone_number)
        if card.data.phone_fixed and phone != card.data.phone:
            raise SandboxError("phone_not_match", "the phone is not the one tied to the card")
        return phone

    # --- binding ----------------------------------------------------------------------------

    def create_user_card(self, body: CreateUserCardBody) -> dict[str, object]:
        card = self._bank.get(body.card_number.replace(" ", ""))
        if card is None:
            raise SandboxError("card_not_found", "card not found")
        self._check_expiry(card.data, body.expire_date)
        if card.blocked:
            raise SandboxError("card_is_blocked_in_processing_center", card.blocked)
        phone = self.check_phone(card, body.phone_number)
        binding = Binding(
            cid=self._new_id(), user_id=body.user_id, number=card.data.number, phone=phone
        )
        self._bindings[binding.cid] = binding
        return {"cid": binding.cid, "otpSentPhone": mask_phone(phone)}

    def confirm(self, body: ConfirmUserCardBody) -> dict[str, object]:
        binding = self._bindings.get(body.cid)
        if binding is None:
            raise SandboxError("card_not_found", "unknown cardId")
        if binding.card_id is not None:
            raise SandboxError(self._reconfirm_error, "card is already activated")
        if binding.attempts >= MAX_OTP_ATTEMPTS:
            raise SandboxError("too_many_attempts", "too many wrong codes: bind the card again")
        if body.otp != self._bank[binding.number].data.otp:
            binding.attempts += 1
            if binding.attempts >= MAX_OTP_ATTEMPTS:
                raise SandboxError("too_many_attempts", "too many wrong codes: bind the card again")
            raise SandboxError(self._wrong_otp_error, "wrong code")
        bound = self._bind(binding, body.card_name)
        binding.card_id = bound.card_id
        return {"card": self.card_json(bound)}

    def _bind(self, binding: Binding, card_name: str | None) -> BoundCard:
        # The same card bound again by the same user keeps its cardId.
        for bound in self._cards.values():
            if bound.user_id == binding.user_id and bound.number == binding.number:
                return bound
        data = self._bank[binding.number].data
        name = card_name or f"{data.vendor} {data.number[-4:]}"
        bound = BoundCard(self._new_id(), binding.user_id, binding.number, name, binding.phone)
        self._cards[bound.card_id] = bound
        return bound

    def _check_expiry(self, card: CardData, expire_date: str) -> None:
        if not re.fullmatch(r"\d\d(0[1-9]|1[0-2])", expire_date) or expire_date != card.expire:
            raise SandboxError("invalid_expire_date", "expireDate is not the card's (YYMM)")
        today = self._today()
        if (int(card.expire[:2]), int(card.expire[2:])) < (today.year % 100, today.month):
            raise SandboxError("card_expired", "card expired")

    # --- bound cards ------------------------------------------------------------------------

    def bound(self, card_id: str, *user_ids: str | None) -> BoundCard:
        """A bound card, which must belong to every user id given (None: not checked)."""
        card = self._cards.get(card_id)
        if card is None or any(uid is not None and uid != card.user_id for uid in user_ids):
            raise SandboxError("card_not_found", "card not found")
        return card

    def cards_of(self, user_id: str) -> list[dict[str, object]]:
        return [self.card_json(card) for card in self._cards.values() if card.user_id == user_id]

    def delete(self, card_id: str) -> None:
        if self._cards.pop(card_id, None) is None:
            raise SandboxError("card_not_found", "card not found")

    # --- kept between runs (state.py) --------------------------------------------------------

    def export_state(self) -> CardBookState:
        from bot.paylov.sandbox.state import BankState, CardBookState  # state.py imports us

        return CardBookState(
            bank={
                n: BankState(balance=c.balance, blocked=c.blocked) for n, c in self._bank.items()
            },
            bindings=list(self._bindings.values()),
            cards=list(self._cards.values()),
        )

    def restore(self, state: CardBookState) -> None:
        """Continue from a saved state; cards the catalogue no longer has are forgotten."""
        for number, saved in state.bank.items():
            if number in self._bank:
                self._bank[number].balance = saved.balance
                self._bank[number].blocked = saved.blocked
        self._bindings = {b.cid: b for b in state.bindings if b.number in self._bank}
        self._cards = {c.card_id: c for c in state.cards if c.number in self._bank}

    def card_json(self, card: BoundCard) -> dict[str, object]:
        bank = self._bank[card.number]
        return {
            "userId": card.user_id,
            "cardId": card.card_id,
            "owner": bank.data.owner,
            "cardName": card.card_name,
            "number": mask_card(card.number),
            "balance": bank.balance,
            "expireDate": bank.data.expire,
            "vendor": bank.data.vendor,
            "status": {
                "is_active": bank.blocked is None,
                "status_message": bank.blocked or "active",
            },
        }


def normalize_phone(phone: str) -> str:
    """998XXXXXXXXX from "+998 90 123-45-67", "901234567" and the like."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 9:
        digits = "998" + digits
    if not re.fullmatch(r"998\d{9}", digits):
        raise SandboxError("invalid_phone_number", "phoneNumber must be +998 and 9 digits")
    return digits


def mask_phone(phone: str) -> str:
    return "*" * (len(phone) - 4) + phone[-4:]


def mask_card(number: str) -> str:
    return f"{number[:6]}******{number[-4:]}"
