"""PaylovFailure: one class that catches a refusal and a missing answer alike, from the real
client against the sandbox."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from bot.paylov.auth import StaticTokenAuth
from bot.paylov.client import PaylovClient
from bot.paylov.errors import (
    PaylovAuthError,
    PaylovError,
    PaylovFailure,
    PaylovOutcomeUnknown,
    PaylovUnavailable,
)
from bot.paylov.sandbox import PaylovSandbox
from tests.paylov.conftest import ClientFactory, TestAccount
from tests.paylov.helpers import create

UNKNOWN_SERVICE = "00000000-0000-0000-0000-000000000000"


def test_every_paylov_error_kind_is_a_paylov_failure() -> None:
    for kind in (PaylovError, PaylovAuthError, PaylovUnavailable, PaylovOutcomeUnknown):
        assert issubclass(kind, PaylovFailure), kind
    # Still two kinds, told apart where it matters (create and pay).
    assert not issubclass(PaylovUnavailable, PaylovError)
    assert not issubclass(PaylovError, PaylovUnavailable)


async def test_a_refusal_is_caught_as_a_failure(static_client: PaylovClient) -> None:
    with pytest.raises(PaylovFailure) as caught:
        await static_client.get_service_fields(UNKNOWN_SERVICE)
    assert isinstance(caught.value, PaylovError)
    assert caught.value.code == "service_not_found"


async def test_no_answer_is_caught_as_a_failure(
    static_client: PaylovClient, sandbox: PaylovSandbox
) -> None:
    sandbox.faults.inject("list", "error_5xx", times=None)
    with pytest.raises(PaylovFailure) as caught:
        await static_client.list_services()
    assert isinstance(caught.value, PaylovUnavailable)


async def test_a_lost_create_answer_is_a_failure_too(
    static_client: PaylovClient, sandbox: PaylovSandbox, account: TestAccount
) -> None:
    sandbox.faults.inject("create", "lose_answer")
    with pytest.raises(PaylovFailure) as caught:
        await create(static_client, account)
    assert isinstance(caught.value, PaylovOutcomeUnknown)


async def test_refused_credentials_are_a_failure(make_client: ClientFactory) -> None:
    client = make_client(StaticTokenAuth(SecretStr("not-the-token")))
    with pytest.raises(PaylovFailure) as caught:
        await client.list_services()
    assert isinstance(caught.value, PaylovAuthError)
