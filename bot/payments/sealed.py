"""Sealing a short value that must wait in conversation storage: the card's expiry date, typed
before the card number.

What is written to the conversation storage stays readable long after it is overwritten: in
SQLite's write-ahead log and free pages, in PostgreSQL's dead rows and WAL archives, in Redis'
append-only file, in backups and in SQL debug lines. Sealed, the value is of no use there without
the key, which lives only in the bot's configuration (every replica has the same).

Standard library only: HMAC-SHA256 of a random nonce gives the keystream, and a second key's
HMAC over the nonce and the sealed bytes the tag (encrypt-then-MAC). A value is sealed for one
context (the customer), so it cannot be moved to another customer's conversation.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

_NONCE_BYTES = 16
_TAG_BYTES = 16
# One keystream block: the values sealed here are a few characters long.
MAX_VALUE_BYTES = hashlib.sha256().digest_size


class Sealer:
    def __init__(self, secret: bytes) -> None:
        if not secret:
            raise ValueError("a sealing secret must not be empty")
        self._stream_key = hmac.digest(secret, b"paybot sealed: keystream", "sha256")
        self._tag_key = hmac.digest(secret, b"paybot sealed: tag", "sha256")

    @classmethod
    def with_random_key(cls) -> Sealer:
        """A key of this process only: what it seals, no other process can open."""
        return cls(secrets.token_bytes(32))

    def seal(self, value: str, context: str) -> str:
        plain = value.encode()
        if len(plain) > MAX_VALUE_BYTES:
            raise ValueError("only short values are sealed")
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = _xor(plain, self._keystream(nonce, context))
        token = nonce + sealed + self._tag(nonce, sealed, context)
        return base64.urlsafe_b64encode(token).decode("ascii").rstrip("=")

    def unseal(self, token: str, context: str) -> str | None:
        """The value, or None for anything not sealed by this key for this context."""
        try:
            raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True)
        except (binascii.Error, ValueError):
            return None
        if not _NONCE_BYTES + _TAG_BYTES <= len(raw) <= _NONCE_BYTES + MAX_VALUE_BYTES + _TAG_BYTES:
            return None
        nonce, sealed, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
        if not hmac.compare_digest(tag, self._tag(nonce, sealed, context)):
            return None
        try:
            return _xor(sealed, self._keystream(nonce, context)).decode()
        except UnicodeDecodeError:
            return None

    def _keystream(self, nonce: bytes, context: str) -> bytes:
        return hmac.digest(self._stream_key, nonce + context.encode(), "sha256")

    def _tag(self, nonce: bytes, sealed: bytes, context: str) -> bytes:
        message = nonce + bytes([len(sealed)]) + sealed + context.encode()
        return hmac.digest(self._tag_key, message, "sha256")[:_TAG_BYTES]


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream, strict=False))
