"""The sealed form of the card expiry kept in a draft: opened only by the same key and customer."""

from __future__ import annotations

import pytest

from bot.payments.sealed import MAX_VALUE_BYTES, Sealer

KEY = b"123456:the-bot-token"


def test_a_sealed_value_opens_with_the_same_key_and_context() -> None:
    token = Sealer(KEY).seal("2909", "card-expiry:5001")
    assert "2909" not in token
    assert Sealer(KEY).unseal(token, "card-expiry:5001") == "2909"  # another process, same key


def test_each_sealing_differs() -> None:
    sealer = Sealer(KEY)
    assert sealer.seal("2909", "c") != sealer.seal("2909", "c")


def test_another_key_or_context_opens_nothing() -> None:
    token = Sealer(KEY).seal("2909", "card-expiry:5001")
    assert Sealer(b"another token").unseal(token, "card-expiry:5001") is None
    assert Sealer(KEY).unseal(token, "card-expiry:5002") is None
    assert Sealer.with_random_key().unseal(token, "card-expiry:5001") is None


@pytest.mark.parametrize("garbage", ["", "2909", "not base64 !", "A" * 30, "A" * 500, "===="])
def test_anything_else_opens_nothing(garbage: str) -> None:
    assert Sealer(KEY).unseal(garbage, "c") is None


@pytest.mark.parametrize("attempt", range(20))  # fresh nonces: the last character's spare bits vary
def test_a_changed_character_opens_nothing(attempt: int) -> None:
    token = Sealer(KEY).seal("2909", "c")
    for index in range(len(token)):
        for other in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_":
            if other != token[index]:
                changed = token[:index] + other + token[index + 1 :]
                assert Sealer(KEY).unseal(changed, "c") is None, (index, other)


def test_only_short_values_and_real_keys() -> None:
    with pytest.raises(ValueError, match="short"):
        Sealer(KEY).seal("x" * (MAX_VALUE_BYTES + 1), "c")
    with pytest.raises(ValueError, match="empty"):
        Sealer(b"")
