"""Transport failures against the sandbox's fault injection: how each is classified, what is
retried, and that a lost `pay` answer never becomes a second charge."""

from __future__ import annotations

import socket

import pytest
from pydantic import SecretStr

from bot.paylov.auth import OAuth2PasswordAuth, StaticTokenAuth
from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovError, PaylovOutcomeUnknown, PaylovUnavailable
from bot.paylov.models import CreateUserCardRequest, PayRequest, TransactionState
from bot.paylov.sandbox import PaylovSandbox
from tests.paylov.conftest import USER_ID, ClientFactory, TestAccount, TestCard
from tests.paylov.helpers import bind_card, create


async def paid_setup(
    client: PaylovClient, account: TestAccount, card: TestCard
) -> tuple[str, PayRequest]:
    bound = await bind_card(client, card)
    created = await create(client, account)
    return created.transaction_id, PayRequest(
        transaction_id=created.transaction_id, card_id=bound.card_id, user_id=USER_ID
    )


# --- reads: retried, then unavailable ------------------------------------------------------


@pytest.mark.parametrize("kind", ["error_5xx", "timeout", "lose_answer"])
async def test_get_retries_a_single_fault_and_succeeds(
    client: PaylovClient, sandbox: PaylovSandbox, kind: str
) -> None:
    sandbox.faults.inject("list", kind, times=1)  # type: ignore[arg-type]
    assert await client.list_services()
    assert sandbox.faults.pending() == []  # the fault was really hit


async def test_get_gives_up_after_its_retries(client: PaylovClient, sandbox: PaylovSandbox) -> None:
    sandbox.faults.inject("status", "error_5xx", times=3, status=502)
    with pytest.raises(PaylovUnavailable) as caught:
        await client.transaction_status("anything")
    assert not isinstance(caught.value, PaylovOutcomeUnknown)
    assert caught.value.status == 502
    assert sandbox.faults.pending() == []  # 1 try + 2 retries


async def test_get_timeouts_end_unavailable(
    make_client: ClientFactory, auth: OAuth2PasswordAuth, sandbox: PaylovSandbox
) -> None:
    client = make_client(auth, get_retries=1)
    sandbox.faults.inject("get_all_user_cards", "timeout", times=2)
    with pytest.raises(PaylovUnavailable) as caught:
        await client.get_user_cards(USER_ID)
    assert "ReadTimeout" in caught.value.reason
    assert sandbox.faults.pending() == []


async def test_latency_below_the_timeout_is_fine(
    client: PaylovClient, sandbox: PaylovSandbox
) -> None:
    sandbox.faults.inject("list", "latency", latency=0.1)
    assert await client.list_services()


# --- create and pay: never retried; "outcome unknown" once the request may have left ---------


@pytest.mark.parametrize("kind", ["error_5xx", "timeout", "lose_answer"])
async def test_create_failure_is_outcome_unknown(
    client: PaylovClient, sandbox: PaylovSandbox, account: TestAccount, kind: str
) -> None:
    sandbox.faults.inject("create", kind, times=1)  # type: ignore[arg-type]
    with pytest.raises(PaylovOutcomeUnknown):
        await create(client, account)
    assert sandbox.faults.pending() == []
    assert sandbox.ledger.create_requests() == 1  # sent once, not again


async def test_lost_pay_answer_is_charged_once(
    client: PaylovClient, sandbox: PaylovSandbox, account: TestAccount, card: TestCard
) -> None:
    transaction_id, pay = await paid_setup(client, account, card)
    sandbox.faults.inject("pay", "lose_answer", times=1)
    with pytest.raises(PaylovOutcomeUnknown):
        await client.pay(pay)
    assert sandbox.ledger.charges(transaction_id) == 1  # executed
    # ...and not sent again: a resend would be refused (already paid), so only the count shows it.
    assert sandbox.ledger.pay_requests(transaction_id) == 1

    status = await client.transaction_status(transaction_id)
    assert status.status == TransactionState.PAID
    with pytest.raises(PaylovError) as again:
        await client.pay(pay)
    assert again.value.code == "transaction_already_payed"
    assert sandbox.ledger.charges(transaction_id) == 1
    assert sandbox.ledger.pay_requests(transaction_id) == 2  # the explicit second pay only


@pytest.mark.parametrize("kind", ["error_5xx", "timeout"])
async def test_pay_not_executed_is_still_outcome_unknown(
    client: PaylovClient,
    sandbox: PaylovSandbox,
    account: TestAccount,
    card: TestCard,
    kind: str,
) -> None:
    transaction_id, pay = await paid_setup(client, account, card)
    sandbox.faults.inject("pay", kind, times=2)  # type: ignore[arg-type]
    with pytest.raises(PaylovOutcomeUnknown):
        await client.pay(pay)
    assert len(sandbox.faults.pending()) == 1  # sent once, not retried
    assert sandbox.ledger.pay_requests(transaction_id) == 1
    assert sandbox.ledger.charges(transaction_id) == 0
    status = await client.transaction_status(transaction_id)
    assert status.status == TransactionState.CREATED


# --- other POSTs and DELETE: never retried, plainly unavailable ------------------------------


async def test_info_5xx_is_unavailable_and_not_retried(
    client: PaylovClient, sandbox: PaylovSandbox, account: TestAccount
) -> None:
    sandbox.faults.inject("info", "error_5xx", times=1)
    with pytest.raises(PaylovUnavailable) as caught:
        await client.get_info(account.service.service_id, account.account)
    assert not isinstance(caught.value, PaylovOutcomeUnknown)
    assert caught.value.status == 503
    assert await client.get_info(account.service.service_id, account.account)


async def test_card_calls_are_not_retried(
    client: PaylovClient, sandbox: PaylovSandbox, card: TestCard
) -> None:
    bound = await bind_card(client, card)
    sandbox.faults.inject("delete_user_card", "lose_answer", times=1)
    with pytest.raises(PaylovUnavailable):
        await client.delete_user_card(bound.card_id)
    assert sandbox.faults.pending() == []
    assert await client.get_user_cards(USER_ID) == []  # it was executed

    sandbox.faults.inject("create_user_card", "timeout", times=1)
    request = CreateUserCardRequest(
        user_id=USER_ID, card_number=card.number, expire_date=card.expire_date
    )
    with pytest.raises(PaylovUnavailable) as caught:
        await client.create_user_card(request)
    assert not isinstance(caught.value, PaylovOutcomeUnknown)


# --- nobody listening -------------------------------------------------------------------------


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


async def test_connection_refused_never_left_so_plainly_unavailable(
    make_client: ClientFactory, auth: OAuth2PasswordAuth, account: TestAccount
) -> None:
    client = make_client(StaticTokenAuth(SecretStr("t")), base_url=closed_port_url())
    with pytest.raises(PaylovUnavailable) as paying:
        await client.pay(PayRequest(transaction_id="t", card_id="c"))
    assert not isinstance(paying.value, PaylovOutcomeUnknown)
    assert "ConnectError" in paying.value.reason
    with pytest.raises(PaylovUnavailable) as creating:
        await create(client, account)
    assert not isinstance(creating.value, PaylovOutcomeUnknown)
    with pytest.raises(PaylovUnavailable):
        await client.list_services()

    # OAuth: the token endpoint is unreachable too, before anything is sent.
    oauth_client = make_client(auth, base_url=closed_port_url())
    with pytest.raises(PaylovUnavailable) as no_token:
        await oauth_client.pay(PayRequest(transaction_id="t", card_id="c"))
    assert not isinstance(no_token.value, PaylovOutcomeUnknown)


async def test_token_endpoint_5xx_is_unavailable(
    client: PaylovClient, sandbox: PaylovSandbox
) -> None:
    sandbox.faults.inject("token", "error_5xx", times=1)
    with pytest.raises(PaylovUnavailable) as caught:
        await client.pay(PayRequest(transaction_id="t", card_id="c"))
    assert not isinstance(caught.value, PaylovOutcomeUnknown)  # pay itself was never sent
    assert sandbox.token_grants == 0
    assert await client.list_services()  # the next call gets its token
    assert sandbox.token_grants == 1
