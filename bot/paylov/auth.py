"""How the client gets the Bearer token it sends with every Paylov call.

Two ways, chosen by configuration: a static token, or OAuth2 against `merchant/oauth2/token/`
(Basic consumer key/secret, password grant, refresh grant). The OAuth2 provider caches its token,
renews it shortly before expiry, lets one renewal run at a time, and falls back from the refresh
grant to the password grant. The client calls `invalidate` after an HTTP 401 and asks again.

Nothing here logs or raises with a token, secret or password in it.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from typing import Literal, Protocol

import httpx
from pydantic import SecretStr, ValidationError

from bot.config import PaylovSettings
from bot.paylov.errors import PaylovAuthError, PaylovUnavailable
from bot.paylov.models import OAuthToken

logger = logging.getLogger("bot.paylov")

Clock = Callable[[], float]
_NOT_JSON = object()  # marks a token answer that is not JSON

# Runs of 12+ digits look like card numbers: masked before they reach a message. Digits may be
# grouped by single spaces or dashes ("8600 0012 3456 7878"); the digits count, not the run's
# length, so amounts and codes ("400", "1 000 000") stay readable.
_LONG_DIGITS = re.compile(r"\d(?:[ \u00a0-]?\d){11,}")


class TokenProvider(Protocol):
    async def token(self, http: httpx.AsyncClient) -> str:
        """A token to send now; may call the token endpoint through `http`."""
        ...

    def invalidate(self, token: str) -> None:
        """Paylov answered 401 to `token`: do not hand it out again."""
        ...


class StaticTokenAuth:
    """A Bearer token from configuration: nothing to renew."""

    def __init__(self, token: SecretStr) -> None:
        self._token = token

    async def token(self, http: httpx.AsyncClient) -> str:
        return self._token.get_secret_value()

    def invalidate(self, token: str) -> None:
        # Nothing to renew: the client's one retry gets 401 again and raises PaylovAuthError.
        return None

    def __repr__(self) -> str:
        return "StaticTokenAuth(<hidden>)"


class OAuth2PasswordAuth:
    """OAuth2 password grant with refresh, one renewal at a time."""

    def __init__(
        self,
        *,
        consumer_key: SecretStr,
        consumer_secret: SecretStr,
        username: SecretStr,
        password: SecretStr,
        token_path: str = "merchant/oauth2/token/",  # noqa: S107 - a path, not a secret
        token_body: Literal["json", "form"] = "json",  # noqa: S107 - an encoding
        refresh_margin: float = 60.0,
        clock: Clock = time.monotonic,
    ) -> None:
        self._basic = httpx.BasicAuth(
            consumer_key.get_secret_value(), consumer_secret.get_secret_value()
        )
        self._username = username
        self._password = password
        self._path = token_path
        self._body = token_body
        self._margin = refresh_margin
        self._clock = clock
        self._lock = asyncio.Lock()
        self._access: str | None = None
        self._renew_at = 0.0
        self._refresh: str | None = None
        self._refresh_until: float | None = None  # None: lifetime not given, just try it

    def __repr__(self) -> str:
        return f"OAuth2PasswordAuth(token_path={self._path!r})"

    async def token(self, http: httpx.AsyncClient) -> str:
        access = self._current()
        if access is not None:
            return access
        async with self._lock:
            # Whoever held the lock before us may have renewed it already.
            access = self._current()
            if access is None:
                access = await self._renew(http)
            return access

    def invalidate(self, token: str) -> None:
        # A 401 for a token replaced meanwhile must not throw away its fresh successor.
        if token == self._access:
            self._access = None

    def _current(self) -> str | None:
        if self._access is not None and self._clock() < self._renew_at:
            return self._access
        return None

    def _refresh_usable(self) -> bool:
        if self._refresh is None:
            return False
        return self._refresh_until is None or self._clock() < self._refresh_until

    async def _renew(self, http: httpx.AsyncClient) -> str:
        if self._refresh is not None and self._refresh_usable():
            grant = {"grant_type": "refresh_token", "refresh_token": self._refresh}
            try:
                return await self._grant(http, grant)
            except PaylovAuthError as exc:
                logger.info("paylov refresh grant refused (%s): using the password grant", exc.code)
                self._refresh = None
        grant = {
            "grant_type": "password",
            "username": self._username.get_secret_value(),
            "password": self._password.get_secret_value(),
        }
        return await self._grant(http, grant)

    async def _grant(self, http: httpx.AsyncClient, grant: dict[str, str]) -> str:
        issued_at = self._clock()
        answer = await self._post_grant(http, grant)
        self._store(answer, issued_at)
        return answer.access_token

    async def _post_grant(self, http: httpx.AsyncClient, grant: dict[str, str]) -> OAuthToken:
        what = f"POST {self._path} ({grant['grant_type']} grant)"
        started = self._clock()
        try:
            response = await self._send_grant(http, grant)
        except httpx.HTTPError as exc:
            log_exchange(what, type(exc).__name__, started, self._clock, logging.WARNING)
            failure = PaylovUnavailable(f"{what}: {type(exc).__name__}")
        else:
            log_exchange(what, response.status_code, started, self._clock, logging.INFO)
            return _token_answer(what, response)
        # Raised outside `except` so the httpx error (its request holds the Basic credentials) is
        # not chained: `from None` would only hide it, __context__ would still hold it.
        raise failure

    async def _send_grant(self, http: httpx.AsyncClient, grant: dict[str, str]) -> httpx.Response:
        if self._body == "form":
            return await http.post(self._path, auth=self._basic, data=grant)
        return await http.post(self._path, auth=self._basic, json=grant)

    def _store(self, answer: OAuthToken, issued_at: float) -> None:
        # A token shorter-lived than twice the margin is renewed halfway through instead.
        margin = min(self._margin, answer.expires_in / 2)
        self._access = answer.access_token
        self._renew_at = issued_at + answer.expires_in - margin
        if answer.refresh_token:
            self._refresh = answer.refresh_token
            self._refresh_until = (
                None
                if answer.refresh_expires_in is None
                else issued_at + answer.refresh_expires_in - margin
            )


def provider_from_settings(
    settings: PaylovSettings, *, clock: Clock = time.monotonic
) -> TokenProvider:
    """The static token when one is configured, else OAuth2 with the consumer and user secrets."""
    if settings.access_token is not None:
        return StaticTokenAuth(settings.access_token)
    oauth = {
        "PAYLOV_CONSUMER_KEY": settings.consumer_key,
        "PAYLOV_CONSUMER_SECRET": settings.consumer_secret,
        "PAYLOV_USERNAME": settings.username,
        "PAYLOV_PASSWORD": settings.password,
    }
    missing = [name for name, value in oauth.items() if value is None]
    if missing:
        raise ValueError(
            "Paylov credentials missing: set PAYLOV_ACCESS_TOKEN, or " + ", ".join(missing)
        )
    return OAuth2PasswordAuth(
        consumer_key=settings.consumer_key,  # type: ignore[arg-type]  # checked above
        consumer_secret=settings.consumer_secret,  # type: ignore[arg-type]
        username=settings.username,  # type: ignore[arg-type]
        password=settings.password,  # type: ignore[arg-type]
        token_path=settings.token_path,
        token_body=settings.token_body,
        refresh_margin=settings.token_refresh_margin,
        clock=clock,
    )


def error_fields(body: object) -> tuple[str, str] | None:
    """`(code, message)` of an error answer, either Paylov's or OAuth's shape; else None.

    Paylov: `{"error": {"code", "message"}}`. OAuth: `{"error": "invalid_grant",
    "error_description": ...}`. The message is masked of anything that looks like a card number.
    """
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    if isinstance(error, dict) and error:
        code, message = error.get("code"), error.get("message")
    elif isinstance(error, str) and error:
        code, message = error, body.get("error_description")
    else:
        return None
    return str(code or "unknown_error"), mask_long_numbers(str(message or ""))


def mask_long_numbers(text: str) -> str:
    return _LONG_DIGITS.sub("<number>", text)


def _token_answer(what: str, response: httpx.Response) -> OAuthToken:
    status = response.status_code
    if status >= 500 or status == 429:
        raise PaylovUnavailable(f"{what}: HTTP {status}", status=status)
    body = _json_or(response, _NOT_JSON)
    if body is _NOT_JSON:
        raise PaylovUnavailable(f"{what}: unparseable answer", status=status)
    error = error_fields(body)
    if error is not None or status >= 300:
        code, message = error or ("unknown_error", f"HTTP {status}")
        raise PaylovAuthError(code, message, status)
    if isinstance(body, dict) and isinstance(body.get("result"), dict):
        body = body["result"]
    try:
        return OAuthToken.model_validate(body)
    except ValidationError:
        failure = PaylovUnavailable(f"{what}: unexpected answer", status=status)
    # Raised outside `except`: the ValidationError quotes the answer, which may hold a token.
    raise failure


def _json_or(response: httpx.Response, default: object) -> object:
    try:
        return response.json()
    except ValueError:
        return default


def log_exchange(what: str, outcome: object, started: float, clock: Clock, level: int) -> None:
    """The one log line per HTTP exchange: method, path, status or failure, elapsed ms."""
    elapsed_ms = (clock() - started) * 1000
    logger.log(level, "paylov %s -> %s in %d ms", what, outcome, elapsed_ms, stacklevel=2)
