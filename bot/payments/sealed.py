"""Sealing a short value that must wait in conversation storage: the card's expiry date, typed
before the card number.

What is written to the conversation storage stays readable long after it is overwritten: in
SQLite's write-ahead log and free pages, in PostgreSQL's dead rows and WAL archives, in Redis'
append-only file, in backups and in SQL debug lines. Sealed, the value is of no use there without
the key, which lives only in the bot's configuration (every replica has the same).

AES-256-GCM from the `cryptography` package (an audited implementation, not our own): a fresh
random nonce per value, the key derived from the bot's secret with HKDF-SHA256, and the context
(the customer) as associated data, so a value cannot be moved to another customer's
conversation, and any changed byte opens nothing.
"""

from __future__ import annotations

import base64
import binascii
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_NONCE_BYTES = 12  # GCM's standard nonce
_TAG_BYTES = 16
# The values sealed here are a few characters long.
MAX_VALUE_BYTES = 32


class Sealer:
    def __init__(self, secret: bytes) -> None:
        if not secret:
            raise ValueError("a sealing secret must not be empty")
        key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"paybot sealed v2"
        ).derive(secret)
        self._aead = AESGCM(key)

    @classmethod
    def with_random_key(cls) -> Sealer:
        """A key of this process only: what it seals, no other process can open."""
        return cls(secrets.token_bytes(32))

    def seal(self, value: str, context: str) -> str:
        plain = value.encode()
        if len(plain) > MAX_VALUE_BYTES:
            raise ValueError("only short values are sealed")
        nonce = secrets.token_bytes(_NONCE_BYTES)
        token = nonce + self._aead.encrypt(nonce, plain, context.encode())
        return _encode(token)

    def unseal(self, token: str, context: str) -> str | None:
        """The value, or None for anything not sealed by this key for this context."""
        try:
            raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True)
        except (binascii.Error, ValueError):
            return None
        # The last character carries spare bits that decoding ignores: only the one spelling
        # seal() writes is accepted, so any changed character opens nothing.
        if _encode(raw) != token:
            return None
        if not _NONCE_BYTES + _TAG_BYTES <= len(raw) <= _NONCE_BYTES + MAX_VALUE_BYTES + _TAG_BYTES:
            return None
        try:
            plain = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
            return plain.decode()
        except (InvalidTag, UnicodeDecodeError):
            return None


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
