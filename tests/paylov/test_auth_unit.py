"""OAuth2 provider rules that the sandbox cannot stage: a fake token endpoint answers by script."""

from __future__ import annotations

import asyncio
import json
import traceback
from collections.abc import Callable
from urllib.parse import parse_qsl

import httpx
import pytest
from pydantic import SecretStr

from bot.config import PaylovSettings
from bot.paylov.auth import OAuth2PasswordAuth, StaticTokenAuth, provider_from_settings
from bot.paylov.errors import PaylovAuthError, PaylovUnavailable

Handler = Callable[[httpx.Request], httpx.Response]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class TokenEndpoint:
    """Records grants and answers each with a fresh token, unless told to refuse a grant type."""

    def __init__(self, *, expires_in: float = 3600, refuse: str | None = None) -> None:
        self.grants: list[dict[str, str]] = []
        self.authorizations: list[str] = []
        self.expires_in = expires_in
        self.refuse = refuse

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = request.content.decode()
        is_json = request.headers["content-type"] == "application/json"
        grant = json.loads(body) if is_json else dict(parse_qsl(body))
        self.grants.append(grant)
        self.authorizations.append(request.headers["authorization"])
        if grant["grant_type"] == self.refuse:
            return httpx.Response(400, json={"error": "invalid_grant", "error_description": "no"})
        number = len(self.grants)
        return httpx.Response(
            200,
            json={
                "access_token": f"access-{number}",
                "refresh_token": f"refresh-{number}",
                "expires_in": self.expires_in,
                "refresh_expires_in": 7200,
            },
        )

    def types(self) -> list[str]:
        return [grant["grant_type"] for grant in self.grants]


def make_auth(clock: FakeClock, **options: object) -> OAuth2PasswordAuth:
    return OAuth2PasswordAuth(
        consumer_key=SecretStr("key"),
        consumer_secret=SecretStr("secret"),
        username=SecretStr("merchant"),
        password=SecretStr("pw"),
        clock=clock,
        **options,  # type: ignore[arg-type]
    )


def http_for(handler: Handler) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url="http://paylov.test/", transport=httpx.MockTransport(handler))


async def test_password_grant_with_basic_auth_then_cached() -> None:
    endpoint, clock = TokenEndpoint(), FakeClock()
    auth = make_auth(clock)
    async with http_for(endpoint) as http:
        assert await auth.token(http) == "access-1"
        assert await auth.token(http) == "access-1"
    assert endpoint.grants == [{"grant_type": "password", "username": "merchant", "password": "pw"}]
    # base64("key:secret")
    assert endpoint.authorizations == ["Basic a2V5OnNlY3JldA=="]


async def test_form_body_when_configured() -> None:
    endpoint = TokenEndpoint()
    auth = make_auth(FakeClock(), token_body="form")
    async with http_for(endpoint) as http:
        await auth.token(http)
    assert endpoint.grants[0]["username"] == "merchant"


async def test_renews_margin_seconds_before_expiry_with_refresh_grant() -> None:
    endpoint, clock = TokenEndpoint(), FakeClock()
    auth = make_auth(clock, refresh_margin=60.0)
    async with http_for(endpoint) as http:
        await auth.token(http)
        clock.now += 3600 - 61
        assert await auth.token(http) == "access-1"
        clock.now += 2
        assert await auth.token(http) == "access-2"
    assert endpoint.types() == ["password", "refresh_token"]
    assert endpoint.grants[1]["refresh_token"] == "refresh-1"


async def test_short_lived_token_is_renewed_halfway_not_at_once() -> None:
    endpoint, clock = TokenEndpoint(expires_in=10), FakeClock()
    auth = make_auth(clock, refresh_margin=60.0)
    async with http_for(endpoint) as http:
        await auth.token(http)
        clock.now += 4
        assert await auth.token(http) == "access-1"
        clock.now += 2
        assert await auth.token(http) == "access-2"


async def test_refused_refresh_falls_back_to_password_grant() -> None:
    endpoint, clock = TokenEndpoint(refuse="refresh_token"), FakeClock()
    auth = make_auth(clock)
    async with http_for(endpoint) as http:
        await auth.token(http)
        clock.now += 3600
        assert await auth.token(http) == "access-3"
    assert endpoint.types() == ["password", "refresh_token", "password"]


async def test_expired_refresh_token_is_not_tried() -> None:
    endpoint, clock = TokenEndpoint(), FakeClock()
    auth = make_auth(clock)
    async with http_for(endpoint) as http:
        await auth.token(http)
        clock.now += 7200
        await auth.token(http)
    assert endpoint.types() == ["password", "password"]


async def test_invalidate_drops_only_the_current_token() -> None:
    endpoint, clock = TokenEndpoint(), FakeClock()
    auth = make_auth(clock)
    async with http_for(endpoint) as http:
        first = await auth.token(http)
        auth.invalidate(first)
        second = await auth.token(http)
        auth.invalidate(first)  # a late 401 for the old token
        assert await auth.token(http) == second == "access-2"


async def test_concurrent_callers_share_one_grant() -> None:
    endpoint, clock = TokenEndpoint(), FakeClock()
    auth = make_auth(clock)

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.01)  # let every caller pile up on the lock
        return endpoint(request)

    async with httpx.AsyncClient(
        base_url="http://paylov.test/", transport=httpx.MockTransport(slow)
    ) as http:
        tokens = await asyncio.gather(*(auth.token(http) for _ in range(20)))
    assert set(tokens) == {"access-1"}
    assert len(endpoint.grants) == 1


async def test_oauth_refusal_is_auth_error_without_secrets() -> None:
    endpoint = TokenEndpoint(refuse="password")
    auth = make_auth(FakeClock())
    async with http_for(endpoint) as http:
        with pytest.raises(PaylovAuthError) as caught:
            await auth.token(http)
    assert caught.value.code == "invalid_grant"
    assert caught.value.status == 400
    for secret in ("pw", "secret", "a2V5OnNlY3JldA"):
        assert secret not in f"{caught.value} {caught.value!r} {auth!r}"


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(503, text="down"),
        httpx.Response(200, text="<html>"),
        httpx.Response(200, json={}),
        httpx.Response(200, json={"access_token": ["not", "a", "string"], "expires_in": 60}),
    ],
)
async def test_token_endpoint_failure_is_unavailable(response: httpx.Response) -> None:
    auth = make_auth(FakeClock())
    async with http_for(lambda request: response) as http:
        with pytest.raises(PaylovUnavailable) as caught:
            await auth.token(http)
    # Nothing chained: a ValidationError would quote the answer (a token, maybe).
    assert caught.value.__context__ is None
    assert caught.value.__cause__ is None


def refuse_connection(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused", request=request)


def corrupt_gzip(request: httpx.Request) -> httpx.Response:
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    return httpx.Response(200, headers=headers, stream=httpx.ByteStream(b"not gzip"))


@pytest.mark.parametrize("failure", [refuse_connection, corrupt_gzip])
async def test_token_request_failure_does_not_chain_the_basic_credentials(
    failure: Handler,
) -> None:
    auth = make_auth(FakeClock())
    async with http_for(failure) as http:
        with pytest.raises(PaylovUnavailable) as caught:
            await auth.token(http)
    assert type(caught.value).__name__ == "PaylovUnavailable"
    # The httpx error's request holds "Authorization: Basic ...": it must not hang on ours.
    assert caught.value.__context__ is None
    assert caught.value.__cause__ is None
    assert "a2V5OnNlY3JldA" not in "".join(traceback.format_exception(caught.value))


async def test_static_token_is_handed_out_as_is() -> None:
    auth = StaticTokenAuth(SecretStr("static-token"))
    async with http_for(TokenEndpoint()) as http:
        assert await auth.token(http) == "static-token"
        auth.invalidate("static-token")
        assert await auth.token(http) == "static-token"
    assert "static-token" not in repr(auth)


def settings(
    access_token: str | None = None,
    consumer_key: str | None = None,
    consumer_secret: str | None = None,
    username: str | None = None,
    password: str | None = None,
) -> PaylovSettings:
    # Every credential explicit: the environment of the machine running the tests must not matter.
    def secret(value: str | None) -> SecretStr | None:
        return None if value is None else SecretStr(value)

    return PaylovSettings(
        _env_file=None,
        access_token=secret(access_token),
        consumer_key=secret(consumer_key),
        consumer_secret=secret(consumer_secret),
        username=secret(username),
        password=secret(password),
    )


def test_provider_from_settings_picks_by_configuration() -> None:
    oauth = settings(consumer_key="k", consumer_secret="s", username="u", password="p")
    assert isinstance(provider_from_settings(settings(access_token="t")), StaticTokenAuth)
    assert isinstance(provider_from_settings(oauth), OAuth2PasswordAuth)
    with pytest.raises(ValueError, match="PAYLOV_PASSWORD"):
        provider_from_settings(settings(consumer_key="k"))
