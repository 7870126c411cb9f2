"""Paylov codes → message keys: one table, and what each screen says for a code."""

from __future__ import annotations

import pytest

from bot.payments.refusals import (
    BINDING_TOO_MANY_CODES_KEY,
    GENERIC_REFUSAL_KEY,
    REFUSALS,
    binding_refusal_key,
    history_reason_key,
    payment_refusal_key,
)

# What a binding names rather than "could not process": a typo in the number or date, or a
# card the bank will not bind.
BINDING_NAMED = {
    "card_not_found",
    "card_expired",
    "invalid_expire_date",
    "card_is_blocked_in_processing_center",
    "card_not_found_in_processing_center",
    "phone_not_match",
    "sms_not_active",
}
PAYMENT_NAMED = {
    "invalid_amount",
    "insufficient_funds",
    "card_not_found",
    "card_expired",
    "card_is_blocked_in_processing_center",
    "service_not_available",
    "too_many_attempts",
    "otp_expired",
    "transaction_not_available_for_payment",
    "transaction_already_payed",
    "account_not_found",
    "invalid_account",
    "phone_not_match",
    "daily_limit_used_for_this_card",
    "cancelled",
    "expired",
}
UNKNOWN = [
    "",
    "unknown_error",
    "server_error",
    "code_not_entered",
    "CARD_EXPIRED",
    "create_cut_off",
]


def test_one_row_per_code() -> None:
    codes = [refusal.code for refusal in REFUSALS]
    assert len(codes) == len(set(codes))


def test_a_key_is_the_code_in_fluent_spelling() -> None:
    assert payment_refusal_key("insufficient_funds") == "paylov-code-insufficient-funds"
    assert binding_refusal_key("sms_not_active") == "paylov-code-sms-not-active"
    assert history_reason_key("card_is_blocked_in_processing_center") == (
        "paylov-code-card-is-blocked-in-processing-center"
    )


@pytest.mark.parametrize("code", sorted(PAYMENT_NAMED))
def test_a_payment_names_its_codes(code: str) -> None:
    assert payment_refusal_key(code) == f"paylov-code-{code.replace('_', '-')}"


@pytest.mark.parametrize("code", sorted({r.code for r in REFUSALS} - PAYMENT_NAMED) + UNKNOWN)
def test_a_payment_says_could_not_process_for_the_rest(code: str) -> None:
    # Binding-only words ("the bank does not know this card") would mislead on a payment.
    assert payment_refusal_key(code) == GENERIC_REFUSAL_KEY


@pytest.mark.parametrize("code", sorted(BINDING_NAMED))
def test_a_binding_names_its_codes(code: str) -> None:
    assert binding_refusal_key(code) == f"paylov-code-{code.replace('_', '-')}"


def test_a_binding_stopped_by_wrong_codes_says_how_to_start_again() -> None:
    assert binding_refusal_key("too_many_attempts") == BINDING_TOO_MANY_CODES_KEY


@pytest.mark.parametrize(
    "code",
    sorted({r.code for r in REFUSALS} - BINDING_NAMED - {"too_many_attempts"}) + UNKNOWN,
)
def test_a_binding_says_could_not_process_for_the_rest(code: str) -> None:
    assert binding_refusal_key(code) == GENERIC_REFUSAL_KEY


@pytest.mark.parametrize("code", sorted(r.code for r in REFUSALS))
def test_history_names_every_code_we_have_words_for(code: str) -> None:
    assert history_reason_key(code) == f"paylov-code-{code.replace('_', '-')}"


@pytest.mark.parametrize("code", [None, *UNKNOWN])
def test_history_says_nothing_for_the_rest(code: str | None) -> None:
    assert history_reason_key(code) is None


def test_payment_and_history_take_the_hyphenated_spelling_binding_does_not() -> None:
    # As the routers did: they looked the hyphenated key up, the binding its own code list.
    assert payment_refusal_key("card-expired") == "paylov-code-card-expired"
    assert history_reason_key("card-expired") == "paylov-code-card-expired"
    assert binding_refusal_key("card-expired") == GENERIC_REFUSAL_KEY
