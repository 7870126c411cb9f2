"""Binding a card to a customer: number and expiry checked here, code confirmed by Paylov.

Only Paylov's `cardId`, the masked number and the vendor are stored. The card number waits in
this process's memory between the customer's two messages (number, then expiry) for at most
`NUMBER_TTL` seconds — never in FSM storage, the database or a log — and is dropped as soon as
Paylov has it. A replica that does not hold it simply asks for the number again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime

from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovError
from bot.paylov.models import CardBinding, ConfirmUserCardRequest, CreateUserCardRequest
from bot.payments.cards import (
    CardProblem,
    Expiry,
    check_card_number,
    normalize_card_number,
    parse_expiry,
)
from bot.payments.payment_flow import paylov_user_id
from bot.storage.repositories import CardRecord, Repositories

# Paylov answers this when the card was confirmed already; the card is bound all the same.
ALREADY_ACTIVATED = "card_is_already_activated"
# Paylov answers this when the bank ties the card to a phone other than the one sent.
PHONE_NOT_MATCH = "phone_not_match"
NUMBER_TTL = 600.0


class NumberMissing(Exception):
    """The card number is no longer held (expired, restarted, another replica): ask again."""


class CardBinder:
    def __init__(
        self,
        client: PaylovClient,
        repos: Repositories,
        *,
        luhn_check: bool = True,
        user_id_prefix: str = "tg",
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._numbers: dict[int, tuple[float, str]] = {}
        self._clock = clock
        self._client = client
        self._cards = repos.cards
        self._users = repos.users
        self._luhn_check = luhn_check
        self._user_id_prefix = user_id_prefix
        self._today = today

    def check_number(self, text: str) -> CardProblem | None:
        return check_card_number(text, luhn=self._luhn_check)

    def check_expiry(self, text: str) -> Expiry | CardProblem:
        return parse_expiry(text, today=self._today())

    def hold_number(self, user_id: int, number: str) -> None:
        """Keep a checked card number until the expiry arrives."""
        self._numbers[user_id] = (self._clock() + NUMBER_TTL, normalize_card_number(number))

    def forget_number(self, user_id: int) -> None:
        self._numbers.pop(user_id, None)

    def _held_number(self, user_id: int) -> str:
        now = self._clock()
        for key in [key for key, (until, _) in self._numbers.items() if until < now]:
            del self._numbers[key]
        held = self._numbers.get(user_id)
        if held is None:
            raise NumberMissing
        return held[1]

    async def start(self, user_id: int, expiry: Expiry, phone: str | None) -> CardBinding:
        """Ask Paylov to text a code for the held number; raises PaylovError / PaylovUnavailable
        (the number is kept for another try; on PHONE_NOT_MATCH the number and the user's phone
        are forgotten) or NumberMissing."""
        request = CreateUserCardRequest(
            user_id=paylov_user_id(self._user_id_prefix, user_id),
            card_number=self._held_number(user_id),
            expire_date=expiry.yymm,
            phone_number=phone,
        )
        try:
            binding = await self._client.create_user_card(request)
        except PaylovError as error:
            if error.code == PHONE_NOT_MATCH:
                # The kept phone is of no use for this card: the customer is asked for it again,
                # and then for the number (it is not held while they find the right phone).
                self.forget_number(user_id)
                await self._users.forget_phone(user_id)
            raise
        self.forget_number(user_id)
        return binding

    async def confirm(self, user_id: int, cid: str, code: str) -> CardRecord:
        """Confirm with the SMS code and keep the card; raises PaylovError on a wrong code."""
        try:
            card = await self._client.confirm_user_card(
                ConfirmUserCardRequest(card_id=cid, otp=code.strip())
            )
        except PaylovError as error:
            if error.code != ALREADY_ACTIVATED:
                raise
            return await self._adopt_existing(user_id)
        return await self._cards.add(user_id, card.card_id, card.number, card.vendor)

    async def _adopt_existing(self, user_id: int) -> CardRecord:
        # The answer to an earlier confirm was lost: the card is the one Paylov has and we don't.
        known = {card.card_id for card in await self._cards.list_for_user(user_id)}
        cards = await self._client.get_user_cards(paylov_user_id(self._user_id_prefix, user_id))
        new = [card for card in cards if card.card_id not in known]
        if len(new) != 1:
            raise PaylovError(ALREADY_ACTIVATED, "bound card not identifiable")
        return await self._cards.add(user_id, new[0].card_id, new[0].number, new[0].vendor)

    async def cards(self, user_id: int) -> list[CardRecord]:
        return await self._cards.list_for_user(user_id)

    async def remove(self, user_id: int, card_row_id: int) -> bool:
        """Unbind at Paylov, then forget locally. A card Paylov no longer knows is forgotten too."""
        card = await self._cards.get_for_user(card_row_id, user_id)
        if card is None:
            return False
        try:
            await self._client.delete_user_card(card.card_id)
        except PaylovError as error:
            if error.code != "card_not_found":
                raise
        return await self._cards.delete_for_user(card_row_id, user_id)
