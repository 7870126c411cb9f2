"""No token, secret, card number or SMS code in any log line, exception message or repr —
on the happy path and on every kind of failure."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import formatter
from bot.paylov.auth import OAuth2PasswordAuth
from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovError, PaylovUnavailable
from bot.paylov.models import (
    ConfirmUserCardRequest,
    CreateUserCardRequest,
    PayRequest,
)
from bot.paylov.sandbox import PaylovSandbox
from tests.paylov.conftest import (
    CONSUMER_SECRET,
    PASSWORD,
    USER_ID,
    RecordingTransport,
    TestAccount,
    TestCard,
)
from tests.paylov.helpers import create


def json_values(text: str) -> list[str]:
    """Every string in every line of a JSON log, decoded (an escape must not hide a secret)."""

    def strings(value: object) -> list[str]:
        if isinstance(value, dict):
            return [s for key, item in value.items() for s in (str(key), *strings(item))]
        if isinstance(value, list):
            return [s for item in value for s in strings(item)]
        return [str(value)]

    return [s for line in text.splitlines() for s in strings(json.loads(line))]


@pytest.mark.parametrize("log_format", ["text", "json"])
async def test_nothing_secret_is_logged_or_raised(
    log_format: str,
    client: PaylovClient,
    auth: OAuth2PasswordAuth,
    sandbox: PaylovSandbox,
    transport: RecordingTransport,
    account: TestAccount,
    card: TestCard,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    # caplog.text is written by this formatter: the very lines LOG_FORMAT would print.
    caplog.handler.setFormatter(formatter("json" if log_format == "json" else "text"))
    raised: list[Exception] = []
    bind = CreateUserCardRequest(
        user_id=USER_ID, card_number=card.number, expire_date=card.expire_date
    )

    async def attempt(call: object) -> object:
        try:
            return await call  # type: ignore[misc]
        except (PaylovError, PaylovUnavailable) as exc:
            raised.append(exc)
            return None

    sandbox.faults.inject("create_user_card", "lose_answer", times=1)
    await attempt(client.create_user_card(bind))
    binding = await client.create_user_card(bind)
    await attempt(client.confirm_user_card(ConfirmUserCardRequest(card_id=binding.cid, otp="0")))
    sandbox.faults.inject("confirm_user_card", "error_5xx", times=1)
    confirm = ConfirmUserCardRequest(card_id=binding.cid, otp=card.otp)
    await attempt(client.confirm_user_card(confirm))
    bound = await client.confirm_user_card(confirm)

    created = await create(client, account, card_id=bound.card_id)
    pay = PayRequest(
        transaction_id=created.transaction_id, card_id=bound.card_id, otp=card.otp, user_id=USER_ID
    )
    sandbox.expire_access_tokens()  # a 401 and a renewal on the way
    sandbox.faults.inject("pay", "timeout", times=1)
    await attempt(client.pay(pay))
    await client.pay(pay)
    await attempt(client.pay(pay))  # transaction_already_payed
    await attempt(client.create_user_card(bind.model_copy(update={"expire_date": "0101"})))

    assert len(raised) == 6
    tokens = {header.split(" ", 1)[1] for header in transport.authorizations if header}
    assert len(tokens) >= 3  # Basic credentials and two access tokens
    secrets = {card.number, card.otp, PASSWORD, CONSUMER_SECRET, *tokens}
    shown = [
        caplog.text,
        *(json_values(caplog.text) if log_format == "json" else []),
        *(f"{exc} {exc!r} {exc.args}" for exc in raised),
        repr(client),
        repr(auth),
        *(f"{request!r} {request}" for request in (bind, confirm, pay)),
    ]
    for secret in secrets:
        for text in shown:
            assert secret not in text
    # Our own lines are there, one per exchange, and name the endpoints.
    ours = [r.getMessage() for r in caplog.records if r.name == "bot.paylov"]
    assert any("servicePayment/pay/ -> 200 in" in line for line in ours)
    assert any("createUserCard/ -> RemoteProtocolError" in line for line in ours)


def test_requests_hide_card_numbers_and_codes() -> None:
    requests = [
        CreateUserCardRequest(user_id=USER_ID, card_number="9860090101059377", expire_date="2803"),
        ConfirmUserCardRequest(card_id="card-1", otp="456788"),
        PayRequest(transaction_id="tx-1", card_id="card-1", user_id=USER_ID, otp="456788"),
    ]
    for request in requests:
        for shown in (repr(request), str(request), f"{request}", f"{[request]}"):
            assert "9860090101059377" not in shown
            assert "456788" not in shown
            assert "<hidden>" in shown
    pay = requests[2]
    assert repr(pay) == (
        "PayRequest(transaction_id='tx-1', card_id='card-1', user_id='tg-1001', otp=<hidden>)"
    )
    assert pay.to_json()["otp"] == "456788"  # hidden from people, still sent to Paylov
