"""Tokens against the sandbox's token endpoint: renewal by expiry, the 401 retry, one grant
under concurrency, and the fallback from the refresh grant to the password grant."""

from __future__ import annotations

import asyncio
import logging

import pytest
from pydantic import SecretStr

from bot.paylov.auth import OAuth2PasswordAuth, StaticTokenAuth
from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovAuthError
from bot.paylov.models import PayRequest
from bot.paylov.sandbox import PaylovSandbox
from tests.paylov.conftest import (
    USER_ID,
    ClientFactory,
    FakeClock,
    RecordingTransport,
    TestAccount,
    TestCard,
    oauth,
)
from tests.paylov.helpers import bind_card, create


def grant_types(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Grant types in the order the token endpoint was called, from the client's log."""
    found = []
    for record in caplog.records:
        message = record.getMessage()
        if record.name == "bot.paylov" and " grant) -> " in message:
            found.append(message.split("(")[1].split(" grant")[0])
    return found


async def test_token_is_cached(client: PaylovClient, sandbox: PaylovSandbox) -> None:
    await client.list_services()
    await client.list_services(available_for_me=False)
    assert sandbox.token_grants == 1


async def test_expiry_renews_with_the_refresh_grant(
    client: PaylovClient,
    sandbox: PaylovSandbox,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.paylov")
    await client.list_services()
    clock.advance(3600 - 61)  # not yet inside the 60 s margin
    await client.list_services()
    assert sandbox.token_grants == 1
    clock.advance(2)
    await client.list_services()
    assert sandbox.token_grants == 2
    assert grant_types(caplog) == ["password", "refresh_token"]


async def test_401_after_server_side_expiry_renews_and_retries_once(
    client: PaylovClient,
    sandbox: PaylovSandbox,
    transport: RecordingTransport,
    account: TestAccount,
    card: TestCard,
) -> None:
    bound = await bind_card(client, card)
    created = await create(client, account)
    sandbox.expire_access_tokens()
    before = len(transport.authorizations)

    # Even a POST that moves money: a 401 means nothing was executed.
    await client.pay(
        PayRequest(transaction_id=created.transaction_id, card_id=bound.card_id, user_id=USER_ID)
    )
    assert sandbox.token_grants == 2
    assert sandbox.ledger.charges(created.transaction_id) == 1
    assert sandbox.ledger.pay_requests(created.transaction_id) == 2  # the 401'd one, then once
    pay_attempts = [a for a in transport.authorizations[before:] if a.startswith("Bearer")]
    assert len(pay_attempts) == 2 and pay_attempts[0] != pay_attempts[1]


async def test_concurrent_calls_after_expiry_share_one_grant(
    client: PaylovClient, sandbox: PaylovSandbox, clock: FakeClock
) -> None:
    await client.list_services()
    clock.advance(3600)
    await asyncio.gather(*(client.list_services() for _ in range(20)))
    assert sandbox.token_grants == 2


async def test_concurrent_401s_share_one_grant(
    client: PaylovClient, sandbox: PaylovSandbox
) -> None:
    await client.list_services()
    sandbox.expire_access_tokens()
    await asyncio.gather(*(client.list_services() for _ in range(20)))
    assert sandbox.token_grants == 2


async def test_refused_refresh_grant_falls_back_to_password(
    make_client: ClientFactory, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    # The sandbox's own clock runs past the refresh token's lifetime; the client's does not,
    # so the client still tries the refresh grant and must recover from its refusal.
    caplog.set_level(logging.INFO, logger="bot.paylov")
    server_clock = FakeClock()
    sandbox = PaylovSandbox(refresh_token_ttl=7200.0, monotonic=server_clock)
    url = await sandbox.start("127.0.0.1", 0)
    try:
        client = make_client(oauth(clock), base_url=url)
        await client.list_services()
        clock.advance(3600)
        server_clock.advance(7200)
        assert await client.list_services()
        assert sandbox.token_grants == 2  # both password grants; the refused one is not counted
    finally:
        await sandbox.stop()
    assert grant_types(caplog) == ["password", "refresh_token", "password"]


async def test_wrong_password_is_an_auth_error(
    make_client: ClientFactory, clock: FakeClock
) -> None:
    client = make_client(oauth(clock, password="wrong"))
    with pytest.raises(PaylovAuthError) as caught:
        await client.list_services()
    assert caught.value.code == "invalid_grant"
    assert "wrong" not in f"{caught.value!r} {caught.value}"


async def test_wrong_consumer_secret_is_an_auth_error(
    make_client: ClientFactory, clock: FakeClock
) -> None:
    auth = OAuth2PasswordAuth(
        consumer_key=SecretStr("sandbox-key"),
        consumer_secret=SecretStr("nope"),
        username=SecretStr("merchant"),
        password=SecretStr("sandbox-password"),
        clock=clock,
    )
    with pytest.raises(PaylovAuthError) as caught:
        await make_client(auth).list_services()
    assert caught.value.code == "invalid_client"


async def test_static_token(static_client: PaylovClient, sandbox: PaylovSandbox) -> None:
    assert await static_client.list_services()
    assert sandbox.token_grants == 0


async def test_wrong_static_token_is_an_auth_error_after_one_retry(
    make_client: ClientFactory, transport: RecordingTransport
) -> None:
    client = make_client(StaticTokenAuth(SecretStr("not-the-token")), transport=transport)
    with pytest.raises(PaylovAuthError) as caught:
        await client.list_services()
    assert caught.value.status == 401
    assert len(transport.authorizations) == 2  # one retry, and 401 is not retried as a GET
