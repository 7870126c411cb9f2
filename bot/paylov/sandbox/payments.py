"""Service payments: info, create, pay, status and the merchant's list of paid transactions.

No method here awaits anything, so in one event loop every call is atomic: two concurrent `pay`
calls of one transaction cannot both charge.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.paylov.sandbox.accounts import InfoItem, check_account, echo_items, find_known, info_items
from bot.paylov.sandbox.bodies import CreateBody, InfoBody, PayBody
from bot.paylov.sandbox.cards import MAX_OTP_ATTEMPTS, BankCard, CardBook, mask_card, mask_phone
from bot.paylov.sandbox.catalogue import Catalogue, ServiceData
from bot.paylov.sandbox.errors import SandboxError
from bot.paylov.sandbox.ledger import Ledger

if TYPE_CHECKING:
    from bot.paylov.sandbox.state import PaymentsState

TIMESTAMP = "%Y-%m-%d %H:%M:%S"
EPOS_MERCHANT = "90510020873"
EPOS_TERMINAL = "92902804"


@dataclass
class Transaction:
    id: str
    service_id: str
    amount: int  # sum
    user_id: str | None
    card_id: str | None  # the card given to create: then pay needs it and the OTP
    status: str = "created"
    otp_attempts: int = 0
    payed_at: datetime | None = None
    cancel_time: datetime | None = None
    paid_with: dict[str, str] = field(default_factory=dict)  # userId, cardNumber, owner
    sequence: int = 0  # orders payments made within one second
    listed: bool = True  # False: planted missing from transaction/all (status still knows it)


@dataclass(frozen=True)
class TransactionFilter:
    service_id: str | None = None
    user_id: str | None = None
    begin: date | None = None
    end: date | None = None


class Payments:
    def __init__(
        self,
        catalogue: Catalogue,
        cards: CardBook,
        ledger: Ledger,
        *,
        now: Callable[[], datetime],
        new_id: Callable[[], str],
        rng: random.Random,
    ) -> None:
        self._catalogue = catalogue
        self._cards = cards
        self._ledger = ledger
        self._now = now
        self._new_id = new_id
        self._rng = rng
        self._transactions: dict[str, Transaction] = {}
        self._payments_made = 0

    # --- catalogue ---------------------------------------------------------------------------

    def services(self, *, mine_only: bool) -> dict[str, object]:
        chosen = [s for s in self._catalogue.services if s.enabled_for_merchant or not mine_only]
        return {"services": [self._service_json(service) for service in chosen]}

    def fields(self, service_id: str) -> dict[str, object]:
        service = self._service(service_id)
        answer = self._service_json(service)
        answer["fields"] = [item.model_dump() for item in service.fields]
        answer["response_fields"] = [item.model_dump() for item in service.response_fields]
        return {"data": [answer]}

    def info(self, body: InfoBody) -> dict[str, object]:
        service = self._service(body.service_id)
        if not service.is_active:
            raise SandboxError("service_not_available", "service is not active")
        if not service.has_info_method:
            raise SandboxError("info_not_supported", "service has no info method")
        account = check_account(service, body.account)
        return {"data": self._info(service, account) + echo_items(service, account)}

    # --- create and pay ----------------------------------------------------------------------

    def create(self, body: CreateBody) -> dict[str, object]:
        service = self._payable_service(body.service_id)
        low, high = service.amount.min, service.amount.max
        if not low <= body.amount <= high:
            raise SandboxError("invalid_amount", f"amount must be from {low} to {high} sum")
        account = check_account(service, body.account)
        data = echo_items(service, account)
        if service.has_info_method:
            data += self._info(service, account)
        answer: dict[str, object] = {"data": data}
        if body.card_id is not None:
            card = self._cards.bound(body.card_id, body.user_id)
            # Without a phoneNumber the code goes where the binding's code went.
            phone = card.phone
            if body.phone_number is not None:
                phone = self._cards.check_phone(
                    self._cards.bank_card(card.number), body.phone_number
                )
            answer["sms"] = {"otpSentPhone": mask_phone(phone)}
        transaction = Transaction(
            self._new_id(), service.service_id, body.amount, body.user_id, body.card_id
        )
        self._transactions[transaction.id] = transaction
        return {"transactionId": transaction.id, **answer}

    def pay(self, body: PayBody) -> dict[str, object]:
        transaction = self._transaction(body.transaction_id)
        if transaction.status == "paid":
            raise SandboxError("transaction_already_payed", "transaction is already paid")
        if transaction.status == "cancelled":
            raise SandboxError("transaction_not_available_for_payment", "transaction is cancelled")
        if transaction.card_id is not None and body.card_id != transaction.card_id:
            raise SandboxError("card_not_found", "the card is not the one the payment was made for")
        card = self._cards.bound(body.card_id, body.user_id, transaction.user_id)
        if transaction.card_id is not None:
            self._check_otp(transaction, body.otp)
        bank = self._cards.bank_card(card.number)
        if bank.blocked:
            raise SandboxError("card_is_blocked_in_processing_center", bank.blocked)
        if bank.balance < transaction.amount * 100:
            self._cancel(transaction)
            raise SandboxError("insufficient_funds", "insufficient funds on the card")
        return self._charge(transaction, bank, card.card_id, card.user_id)

    def _check_otp(self, transaction: Transaction, otp: str | None) -> None:
        if not otp:
            raise SandboxError("invalid_otp", "otp is required for this payment")
        card = self._cards.bound(transaction.card_id or "")
        if otp == self._cards.bank_card(card.number).data.otp:
            return
        transaction.otp_attempts += 1
        if transaction.otp_attempts >= MAX_OTP_ATTEMPTS:
            self._cancel(transaction)
            raise SandboxError("too_many_attempts", "too many wrong codes: payment cancelled")
        left = MAX_OTP_ATTEMPTS - transaction.otp_attempts
        raise SandboxError("invalid_otp", f"wrong code, {left} attempt(s) left")

    def _charge(
        self, transaction: Transaction, bank: BankCard, card_id: str, user_id: str
    ) -> dict[str, object]:
        bank.balance -= transaction.amount * 100
        self._ledger.record(transaction.id)
        self._payments_made += 1
        transaction.status = "paid"
        transaction.payed_at = self._now()
        transaction.sequence = self._payments_made
        transaction.paid_with = {
            "userId": transaction.user_id or user_id,
            "cardNumber": mask_card(bank.data.number),
            "owner": bank.data.owner,
        }
        return {
            "transactionId": transaction.id,
            "cardId": card_id,
            "payedAt": transaction.payed_at.strftime(TIMESTAMP),
            "paymentRef": f"{self._rng.randrange(10**12):012d}",
            "eposMerchant": EPOS_MERCHANT,
            "eposTerminal": EPOS_TERMINAL,
        }

    def _cancel(self, transaction: Transaction) -> None:
        transaction.status = "cancelled"
        transaction.cancel_time = self._now()

    # --- planted mismatches (what a reconciliation must find) ------------------------------

    def plant_paid(
        self, service_id: str, amount: int, *, user_id: str | None, when: datetime | None
    ) -> str:
        """A paid transaction of the merchant that no client created or paid (a payment made
        through another channel, or one the bot lost the record of). No card is charged."""
        service = self._service(service_id)
        transaction = Transaction(self._new_id(), service.service_id, amount, user_id, None)
        self._payments_made += 1
        transaction.status = "paid"
        transaction.payed_at = when or self._now()
        transaction.sequence = self._payments_made
        transaction.paid_with = {
            "userId": user_id or "",
            "cardNumber": "860000******0000",
            "owner": "PLANTED",
        }
        self._transactions[transaction.id] = transaction
        return transaction.id

    def change_amount(self, transaction_id: str, amount: int) -> None:
        """Paylov's record of the transaction says another amount from now on."""
        self._transaction(transaction_id).amount = amount

    def unlist(self, transaction_id: str) -> None:
        """`transaction/all` stops listing the transaction; its status is unchanged."""
        self._transaction(transaction_id).listed = False

    # --- kept between runs (state.py) --------------------------------------------------------

    def export_state(self) -> PaymentsState:
        from bot.paylov.sandbox.state import PaymentsState  # state.py imports us

        return PaymentsState(
            transactions=list(self._transactions.values()), payments_made=self._payments_made
        )

    def restore(self, state: PaymentsState) -> None:
        self._transactions = {t.id: t for t in state.transactions}
        self._payments_made = state.payments_made

    # --- reports -----------------------------------------------------------------------------

    def status(self, transaction_id: str) -> dict[str, object]:
        transaction = self._transaction(transaction_id)
        return {
            "transactionId": transaction.id,
            "status": transaction.status,
            "payedAt": _stamp(transaction.payed_at),
            "serviceId": transaction.service_id,
            "cancelTime": _stamp(transaction.cancel_time),
            "amount": transaction.amount,
        }

    def paid(self, wanted: TransactionFilter) -> dict[str, object]:
        chosen = [t for t in self._transactions.values() if _matches(t, wanted)]
        chosen.sort(key=lambda t: (t.payed_at, t.sequence), reverse=True)
        return {
            "totalTransaction": len(chosen),
            "transactions": [_listed(transaction) for transaction in chosen],
            "error": None,
        }

    # --- helpers -----------------------------------------------------------------------------

    def _service(self, service_id: str) -> ServiceData:
        service = self._catalogue.service(service_id)
        if service is None:
            raise SandboxError("service_not_found", "service not found")
        return service

    def _payable_service(self, service_id: str) -> ServiceData:
        service = self._service(service_id)
        if not service.is_active or not service.payment_available:
            raise SandboxError("service_not_available", "payments to this service are closed")
        if not service.enabled_for_merchant:
            raise SandboxError("permission_denied", "service is not enabled for the merchant")
        return service

    def _info(self, service: ServiceData, account: Mapping[str, str]) -> list[InfoItem]:
        known = find_known(service, account)
        if known is None:
            if not service.has_info_method:
                return []
            raise SandboxError("account_not_found", "account not found")
        return info_items(service, known, self._now())

    def _transaction(self, transaction_id: str) -> Transaction:
        transaction = self._transactions.get(transaction_id)
        if transaction is None:
            raise SandboxError("transaction_not_found", "transaction not found")
        return transaction

    def _service_json(self, service: ServiceData) -> dict[str, object]:
        answer: dict[str, object] = {
            "service_id": service.service_id,
            "name": service.name,
            "category": self._catalogue.category(service.category).model_dump(),
            "amount": service.amount.model_dump(),
            "is_active": service.is_active,
            "has_info_method": service.has_info_method,
            "can_cancel": service.can_cancel,
            "payment_available": service.payment_available,
        }
        if service.logo:
            answer["logo"] = service.logo
        return answer


def _matches(transaction: Transaction, wanted: TransactionFilter) -> bool:
    if transaction.status != "paid" or transaction.payed_at is None or not transaction.listed:
        return False
    day = transaction.payed_at.date()
    return (
        wanted.service_id in (None, transaction.service_id)
        and wanted.user_id in (None, transaction.paid_with["userId"])
        and (wanted.begin is None or wanted.begin <= day)
        and (wanted.end is None or day <= wanted.end)
    )


def _listed(transaction: Transaction) -> dict[str, object]:
    return {
        "id": transaction.id,
        **transaction.paid_with,
        "amount": transaction.amount,
        "date": _stamp(transaction.payed_at),
        "serviceId": transaction.service_id,
    }


def _stamp(moment: datetime | None) -> str | None:
    return moment.strftime(TIMESTAMP) if moment else None
