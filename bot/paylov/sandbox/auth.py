"""Bearer tokens and the OAuth2 token endpoint (password and refresh_token grants).

Tokens expire by elapsed monotonic time. Failures of the token endpoint are OAuth-shaped
(`{"error": "invalid_grant", "error_description": ...}`), unlike the rest of the API.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass


class OAuthError(Exception):
    def __init__(self, status: int, error: str, description: str | None = None) -> None:
        self.status = status
        self.error = error
        self.description = description
        super().__init__(error)

    def to_json(self) -> dict[str, str]:
        body = {"error": self.error}
        if self.description:
            body["error_description"] = self.description
        return body


@dataclass(frozen=True)
class Credentials:
    static_token: str
    consumer_key: str
    consumer_secret: str
    username: str
    password: str


class TokenStore:
    def __init__(
        self,
        credentials: Credentials,
        *,
        access_ttl: float,
        refresh_ttl: float,
        monotonic: Callable[[], float],
        new_token: Callable[[], str],
    ) -> None:
        self._credentials = credentials
        self._access_ttl = access_ttl
        self._refresh_ttl = refresh_ttl
        self._monotonic = monotonic
        self._new_token = new_token
        self._access: dict[str, float] = {}  # token -> monotonic expiry
        self._refresh: dict[str, float] = {}
        self.grants = 0

    def is_authorized(self, authorization: str | None) -> bool:
        scheme, _, token = (authorization or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return False
        if hmac.compare_digest(token, self._credentials.static_token):
            return True
        expiry = self._access.get(token)
        return expiry is not None and self._monotonic() < expiry

    def expire_access_tokens(self) -> None:
        self._access = dict.fromkeys(self._access, float("-inf"))

    def grant(self, authorization: str | None, form: Mapping[str, str]) -> dict[str, object]:
        """The token endpoint: check the client (Basic auth), then the grant."""
        if not self._client_ok(authorization):
            raise OAuthError(401, "invalid_client")
        grant_type = form.get("grant_type")
        if grant_type == "password":
            self._check_password(form)
        elif grant_type == "refresh_token":
            self._check_refresh(form)
        else:
            raise OAuthError(400, "unsupported_grant_type", "use password or refresh_token")
        return self._issue()

    def _client_ok(self, authorization: str | None) -> bool:
        scheme, _, encoded = (authorization or "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        key, _, secret = decoded.partition(":")
        return hmac.compare_digest(key, self._credentials.consumer_key) & hmac.compare_digest(
            secret, self._credentials.consumer_secret
        )

    def _check_password(self, form: Mapping[str, str]) -> None:
        username_ok = hmac.compare_digest(form.get("username", ""), self._credentials.username)
        password_ok = hmac.compare_digest(form.get("password", ""), self._credentials.password)
        if not (username_ok and password_ok):
            raise OAuthError(400, "invalid_grant", "invalid username or password")

    def _check_refresh(self, form: Mapping[str, str]) -> None:
        expiry = self._refresh.get(form.get("refresh_token", ""))
        if expiry is None or self._monotonic() >= expiry:
            raise OAuthError(400, "invalid_grant", "refresh token is invalid or expired")

    def _issue(self) -> dict[str, object]:
        # An old refresh token stays valid until its own expiry: no rotation.
        now = self._monotonic()
        access, refresh = self._new_token(), self._new_token()
        self._access[access] = now + self._access_ttl
        self._refresh[refresh] = now + self._refresh_ttl
        self.grants += 1
        return {
            "access_token": access,
            "refresh_token": refresh,
            "token_type": "Bearer",
            "expires_in": _seconds(self._access_ttl),
            "refresh_expires_in": _seconds(self._refresh_ttl),
        }


def _seconds(ttl: float) -> float | int:
    # Paylov answers whole seconds; a short test ttl keeps its fraction.
    return int(ttl) if ttl.is_integer() else ttl
