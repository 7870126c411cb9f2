"""Observers hear every attempt of every call: endpoint template, outcome and duration, the
way the metrics and the admins' alerts read Paylov."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from bot.paylov.auth import StaticTokenAuth
from bot.paylov.client import TOKEN_ENDPOINT, PaylovCallEvent, PaylovClient
from bot.paylov.errors import PaylovAuthError, PaylovError, PaylovOutcomeUnknown, PaylovUnavailable
from bot.paylov.models import PayRequest
from bot.paylov.sandbox import PaylovSandbox
from tests.paylov.conftest import PASSWORD, USER_ID, ClientFactory, FakeClock, oauth


def recorder(client: PaylovClient) -> list[PaylovCallEvent]:
    events: list[PaylovCallEvent] = []
    client.observers.append(events.append)
    return events


async def test_each_attempt_is_heard_with_its_endpoint_template(
    make_client: ClientFactory, sandbox: PaylovSandbox
) -> None:
    client = make_client(StaticTokenAuth(SecretStr("sandbox-token")))
    events = recorder(client)
    services = await client.list_services()
    await client.get_service_fields(services[0].service_id)
    sandbox.faults.inject("list", "error_5xx", times=1, status=502)
    await client.list_services()  # retried once, then fine

    assert [(e.endpoint, e.outcome) for e in events] == [
        ("servicePayment/list/", "ok"),
        ("servicePayment/fields/{service_id}/", "ok"),  # the template, never the id
        ("servicePayment/list/", "unavailable"),
        ("servicePayment/list/", "ok"),
    ]
    assert all(event.seconds >= 0 for event in events)


async def test_refusals_and_unknown_outcomes_are_told_apart(
    make_client: ClientFactory, sandbox: PaylovSandbox
) -> None:
    client = make_client(StaticTokenAuth(SecretStr("sandbox-token")), get_retries=0)
    events = recorder(client)
    with pytest.raises(PaylovError):
        await client.transaction_status("no-such-transaction")
    sandbox.faults.inject("pay", "lose_answer", times=1)
    with pytest.raises(PaylovOutcomeUnknown):
        await client.pay(PayRequest(transaction_id="t", card_id="c", user_id=USER_ID))
    sandbox.faults.inject("status", "error_5xx", times=1, status=503)
    with pytest.raises(PaylovUnavailable):
        await client.transaction_status("t")

    assert [e.outcome for e in events] == ["refused", "unknown", "unavailable"]


async def test_a_token_that_cannot_be_had_is_heard_as_the_token_endpoint(
    make_client: ClientFactory, clock: FakeClock
) -> None:
    client = make_client(oauth(clock, password=PASSWORD + "-wrong"))
    events = recorder(client)
    with pytest.raises(PaylovAuthError):
        await client.list_services()

    assert (events[0].endpoint, events[0].outcome) == (TOKEN_ENDPOINT, "auth")


async def test_a_failing_observer_does_not_fail_the_call(make_client: ClientFactory) -> None:
    client = make_client(StaticTokenAuth(SecretStr("sandbox-token")))

    def broken(event: PaylovCallEvent) -> None:
        raise RuntimeError("observer bug")

    client.observers.append(broken)
    assert await client.list_services()
