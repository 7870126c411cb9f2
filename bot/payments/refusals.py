"""Paylov's refusal codes in the customer's words: which message key each screen says.

One table of the codes we have words for (`paylov-code-<code>` in every locale, tests/i18n holds
it to that), and where each is said: a payment's refusal, a card binding's, the history of a
payment. What a screen has no words for reads as "paylov-error" (payment, binding) or nothing
(history, which says "nothing was charged" anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

GENERIC_REFUSAL_KEY = "paylov-error"
# A binding dead after three wrong codes: its own words, which say how to start again.
BINDING_TOO_MANY_CODES_KEY = "card-too-many-codes"


@dataclass(frozen=True)
class Refusal:
    """A Paylov code we have words for, and whether the payment and binding screens say them
    (rather than the generic refusal). History says every one."""

    code: str
    paying: bool = False
    binding: bool = False

    @property
    def key(self) -> str:
        return f"paylov-code-{self.code.replace('_', '-')}"


REFUSALS: tuple[Refusal, ...] = (
    Refusal("invalid_amount", paying=True),
    Refusal("insufficient_funds", paying=True),
    Refusal("card_not_found", paying=True, binding=True),
    Refusal("card_not_found_in_processing_center", binding=True),
    Refusal("card_expired", paying=True, binding=True),
    Refusal("invalid_expire_date", binding=True),
    Refusal("card_is_blocked_in_processing_center", paying=True, binding=True),
    Refusal("service_not_available", paying=True),
    # On a binding the words are BINDING_TOO_MANY_CODES_KEY's.
    Refusal("too_many_attempts", paying=True),
    Refusal("otp_expired", paying=True),
    Refusal("transaction_not_available_for_payment", paying=True),
    Refusal("transaction_already_payed", paying=True),
    Refusal("account_not_found", paying=True),
    Refusal("invalid_account", paying=True),
    Refusal("phone_not_match", paying=True, binding=True),
    Refusal("sms_not_active", binding=True),
    Refusal("daily_limit_used_for_this_card", paying=True),
    # What a status check records (bot/payments/payment_flow.py): cancelled, or unpaid too long.
    Refusal("cancelled", paying=True),
    Refusal("expired", paying=True),
)

_BY_CODE = {refusal.code: refusal for refusal in REFUSALS}


def _as_spelled(code: str) -> Refusal | None:
    # The payment and history screens always took "card-expired" for "card_expired" too.
    return _BY_CODE.get(code.replace("-", "_"))


def payment_refusal_key(code: str) -> str:
    """The words for a refused payment (create or pay, or a status check that ended it)."""
    refusal = _as_spelled(code)
    return refusal.key if refusal is not None and refusal.paying else GENERIC_REFUSAL_KEY


def binding_refusal_key(code: str) -> str:
    """The words for a refused card binding (createUserCard or its confirm)."""
    if code == "too_many_attempts":
        return BINDING_TOO_MANY_CODES_KEY
    refusal = _BY_CODE.get(code)
    return refusal.key if refusal is not None and refusal.binding else GENERIC_REFUSAL_KEY


def history_reason_key(code: str | None) -> str | None:
    """Why a payment in the history failed, when we have words for its code; None otherwise."""
    refusal = _as_spelled(code) if code else None
    return refusal.key if refusal is not None else None
