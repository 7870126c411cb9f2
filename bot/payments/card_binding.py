"""Binding a card to a customer: expiry and number checked here, code confirmed by Paylov.

Only Paylov's `cardId`, the masked number and the vendor are stored. The expiry is asked first
and waits in the conversation's draft for the number, sealed (bot/payments/sealed.py) so that
neither the database nor its logs ever hold it readable; the number goes to Paylov from the
update that carries it and is held nowhere after it: not in memory, FSM storage, the database
or a log. So the two messages may reach different processes.

`bind`, `confirm_code` and `unbind` answer with outcomes (below); nothing from Paylov is raised
into the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovError, PaylovFailure, PaylovUnavailable
from bot.paylov.models import (
    CardBinding,
    ConfirmUserCardRequest,
    CreateUserCardRequest,
    UserCard,
)
from bot.payments.cards import (
    CardProblem,
    Expiry,
    check_card_number,
    foreign_scheme,
    looks_like_full_card_number,
    masked_typed_number,
    normalize_card_number,
    parse_expiry,
    split_card_and_expiry,
    typed_card_digits,
)
from bot.payments.payment_flow import RETRYABLE_CODE_ERRORS, paylov_user_id
from bot.payments.sealed import Sealer
from bot.storage.repositories import CardRecord, Repositories

# Paylov answers this when the card was confirmed already; the card is bound all the same.
ALREADY_ACTIVATED = "card_is_already_activated"
# Paylov does not know the card (or binding): unbinding such a card is done all the same.
CARD_NOT_FOUND = "card_not_found"
# What a confirm of a binding that an earlier, unanswered confirm completed may be refused with.
BOUND_BY_AN_EARLIER_CONFIRM = frozenset({ALREADY_ACTIVATED, CARD_NOT_FOUND})
# Card balances come in tiyin; the bot shows whole sum, as it does every amount.
TIYIN_PER_SUM = 100
# Paylov answers this when the bank ties the card to a phone other than the one sent.
PHONE_NOT_MATCH = "phone_not_match"


# --- outcomes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeSent:
    """Paylov texted a code for the card; `confirm_code` with `cid` comes next."""

    cid: str
    otp_sent_phone: str | None  # masked, as Paylov gives it
    card_tail: str = ""  # the card's last four digits, for the code prompt to name it


@dataclass(frozen=True)
class TypedNumber:
    """What may be told of a typed number once its message is deleted: its mask (None when too
    short to mask) and, for a card Paylov does not bind, its scheme's name (Visa...)."""

    masked: str | None = None
    scheme: str | None = None


@dataclass(frozen=True)
class BadNumber:
    """The number fails our own check; nothing was sent to Paylov."""

    problem: CardProblem
    typed: TypedNumber = TypedNumber()


@dataclass(frozen=True)
class PhoneRejected:
    """The bank ties the card to another phone (PHONE_NOT_MATCH). The user's kept phone is
    forgotten, so the phone is asked again."""


@dataclass(frozen=True)
class BindRefused:
    """Paylov refused the binding (the card, its date, codes spent...): the binding is over.
    `code` is Paylov's; bot/payments/refusals.py words it."""

    code: str


@dataclass(frozen=True)
class BindUnavailable:
    """No answer from Paylov. After a confirm, Paylov may have bound the card all the same:
    the next confirm of the same binding passes `earlier_unanswered=True`."""


@dataclass(frozen=True)
class CardBound:
    card: CardRecord


@dataclass(frozen=True)
class WrongBindingCode:
    """A wrong code (RETRYABLE_CODE_ERRORS, the same set as for payments): the binding takes
    another."""


@dataclass(frozen=True)
class CardUnbound:
    """Unbound at Paylov (or no longer known there) and forgotten here."""


@dataclass(frozen=True)
class CardNotFound:
    """Not this user's card, or forgotten already."""


@dataclass(frozen=True)
class UnbindFailed:
    """Paylov refused or did not answer: the card stays bound, at Paylov and here."""


@dataclass(frozen=True)
class WalletCard:
    """A bound card with what Paylov's getAllUserCards tells of it now: the holder's name and
    the balance in whole sum (None when Paylov did not say, or did not answer)."""

    card: CardRecord
    owner: str | None = None
    balance: int | None = None


BindOutcome = CodeSent | BadNumber | PhoneRejected | BindRefused | BindUnavailable
ConfirmOutcome = CardBound | WrongBindingCode | BindRefused | BindUnavailable
UnbindOutcome = CardUnbound | CardNotFound | UnbindFailed


class CardBinder:
    def __init__(
        self,
        client: PaylovClient,
        repos: Repositories,
        *,
        luhn_check: bool = True,
        user_id_prefix: str = "tg",
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
        sealer: Sealer | None = None,
    ) -> None:
        """`sealer` seals the expiry kept between two messages: replicas need the same key."""
        self._client = client
        self._sealer = sealer or Sealer.with_random_key()
        self._cards = repos.cards
        self._users = repos.users
        self._luhn_check = luhn_check
        self._user_id_prefix = user_id_prefix
        self._today = today

    def check_number(self, text: str) -> CardProblem | None:
        return check_card_number(text, luhn=self._luhn_check)

    def typed_number(self, text: str) -> TypedNumber:
        """The card number in a message, as it may be shown after the message is deleted."""
        digits = typed_card_digits(text)
        if digits is None:
            return TypedNumber()
        return TypedNumber(masked=masked_typed_number(digits), scheme=foreign_scheme(digits))

    def check_expiry(self, text: str) -> Expiry | CardProblem:
        return parse_expiry(text, today=self._today())

    def keep_expiry(self, user_id: int, expiry: Expiry) -> str:
        """The expiry as the draft may hold it until the number comes: sealed for this user."""
        return self._sealer.seal(expiry.yymm, _expiry_context(user_id))

    def kept_expiry(self, user_id: int, kept: str | None) -> Expiry | None:
        """What keep_expiry gave; None when nothing (readable by this key) is kept."""
        if kept is None:
            return None
        return Expiry.from_yymm(self._sealer.unseal(kept, _expiry_context(user_id)))

    def split_number_and_expiry(self, text: str) -> tuple[str, Expiry | CardProblem] | None:
        """Number and expiry typed in one message: the number as typed and the checked expiry;
        None when the message is not just those two."""
        found = split_card_and_expiry(text)
        if found is None:
            return None
        number, expiry = found
        return number, self.check_expiry(expiry)

    async def bind(
        self, user_id: int, number: str, expiry: Expiry, phone: str | None
    ) -> BindOutcome:
        """Ask Paylov to text a code for the card, once the number passes `check_number`. The
        number is not kept in any case."""
        problem = self.check_number(number)
        if problem is not None:
            return BadNumber(problem, self.typed_number(number))
        try:
            binding = await self._create_user_card(user_id, number, expiry, phone)
        except PaylovError as error:
            if error.code == PHONE_NOT_MATCH:
                return PhoneRejected()
            return BindRefused(error.code)
        except PaylovUnavailable:
            return BindUnavailable()
        tail = normalize_card_number(number)[-4:]
        return CodeSent(cid=binding.cid, otp_sent_phone=binding.otp_sent_phone, card_tail=tail)

    async def confirm_code(
        self, user_id: int, cid: str, code: str, *, earlier_unanswered: bool = False
    ) -> ConfirmOutcome:
        """Confirm the binding with the SMS code and keep the card.

        `earlier_unanswered`: a confirm of this binding went out before and no answer came
        back, so Paylov may have bound the card then and now refuse the binding as done."""
        try:
            card = await self._confirm(user_id, cid, code, earlier_unanswered=earlier_unanswered)
        except PaylovError as error:
            if error.code in RETRYABLE_CODE_ERRORS:
                return WrongBindingCode()
            return BindRefused(error.code)
        except PaylovUnavailable:
            return BindUnavailable()
        return CardBound(card)

    async def unbind(self, user_id: int, card_row_id: int) -> UnbindOutcome:
        """Unbind at Paylov, then forget here. A card Paylov no longer knows is forgotten too."""
        card = await self._cards.get_for_user(card_row_id, user_id)
        if card is None:
            return CardNotFound()
        try:
            await self._unbind_at_paylov(card)
        except PaylovFailure:
            return UnbindFailed()
        if not await self._cards.delete_for_user(card_row_id, user_id):
            return CardNotFound()  # forgotten meanwhile (a double tap)
        return CardUnbound()

    async def cards(self, user_id: int) -> list[CardRecord]:
        return await self._cards.list_for_user(user_id)

    async def wallet(self, user_id: int, cards: list[CardRecord] | None = None) -> list[WalletCard]:
        """The user's cards (or `cards`, theirs) with holder and balance from getAllUserCards.
        A read only: when Paylov does not answer, the cards are shown without them."""
        if cards is None:
            cards = await self._cards.list_for_user(user_id)
        if not cards:
            return []
        try:
            live = await self._client.get_user_cards(paylov_user_id(self._user_id_prefix, user_id))
        except PaylovFailure:
            live = []
        by_id = {card.card_id: card for card in live}
        return [_wallet_card(card, by_id.get(card.card_id)) for card in cards]

    async def preselect(
        self, user_id: int, cards: list[CardRecord], *, declined: int | None = None
    ) -> CardRecord:
        """The card a confirmation starts with: the default, else the one that last paid with
        success, else the first; never the card just `declined` while another is there."""
        candidates = [card for card in cards if card.id != declined] or cards
        default = next((card for card in candidates if card.is_default), None)
        if default is not None:
            return default
        last = await self._cards.last_paid(user_id)
        return next((card for card in candidates if last and card.id == last.id), candidates[0])

    async def rename(self, user_id: int, card_row_id: int, text: str) -> CardRecord | None:
        """The customer's name for a card; None when the name is no good (clean_card_name) or
        the card not theirs."""
        name = clean_card_name(text)
        if name is None:
            return None
        return await self._cards.rename(card_row_id, user_id, name)

    async def make_default(self, user_id: int, card_row_id: int) -> bool:
        return await self._cards.set_default(card_row_id, user_id)

    # --- Paylov's calls -------------------------------------------------------------------------

    async def _create_user_card(
        self, user_id: int, number: str, expiry: Expiry, phone: str | None
    ) -> CardBinding:
        request = CreateUserCardRequest(
            user_id=paylov_user_id(self._user_id_prefix, user_id),
            card_number=normalize_card_number(number),
            expire_date=expiry.yymm,
            phone_number=phone,
        )
        try:
            return await self._client.create_user_card(request)
        except PaylovError as error:
            if error.code == PHONE_NOT_MATCH:
                # The kept phone is of no use for this card: the customer is asked for it again.
                await self._users.forget_phone(user_id)
            raise

    async def _confirm(
        self, user_id: int, cid: str, code: str, *, earlier_unanswered: bool
    ) -> CardRecord:
        try:
            card = await self._client.confirm_user_card(
                ConfirmUserCardRequest(card_id=cid, otp=code.strip())
            )
        except PaylovError as error:
            if error.code == ALREADY_ACTIVATED or (
                earlier_unanswered and error.code in BOUND_BY_AN_EARLIER_CONFIRM
            ):
                return await self._adopt_existing(user_id, error)
            raise
        return await self._cards.add(user_id, card.card_id, card.number, card.vendor)

    async def _adopt_existing(self, user_id: int, refusal: PaylovError) -> CardRecord:
        # The answer to an earlier confirm was lost: the card is the one Paylov has and we don't.
        known = {card.card_id for card in await self._cards.list_for_user(user_id)}
        cards = await self._client.get_user_cards(paylov_user_id(self._user_id_prefix, user_id))
        new = [card for card in cards if card.card_id not in known]
        if len(new) != 1:
            raise refusal
        return await self._cards.add(user_id, new[0].card_id, new[0].number, new[0].vendor)

    async def _unbind_at_paylov(self, card: CardRecord) -> None:
        try:
            await self._client.delete_user_card(card.card_id)
        except PaylovError as error:
            if error.code != CARD_NOT_FOUND:
                raise


# A card's name is a button label beside its last digits: short, one line.
CARD_NAME_MAX = 24


def clean_card_name(text: str) -> str | None:
    """A typed card name tidied to one line; None when empty, longer than CARD_NAME_MAX, or
    holding digits enough to be a card number (a name is shown, so it must hide nothing)."""
    name = " ".join(text.split())
    if not name or len(name) > CARD_NAME_MAX or looks_like_full_card_number(name):
        return None
    return name


def _wallet_card(card: CardRecord, live: UserCard | None) -> WalletCard:
    if live is None:
        return WalletCard(card)
    balance = None if live.balance is None else live.balance // TIYIN_PER_SUM
    owner = " ".join(live.owner.split()) if live.owner else None
    return WalletCard(card, owner=owner or None, balance=balance)


def _expiry_context(user_id: int) -> str:
    return f"card-expiry:{user_id}"
