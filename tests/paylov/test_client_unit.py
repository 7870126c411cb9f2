"""Answer shapes and failures the sandbox does not produce, staged with httpx.MockTransport."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable
from datetime import date

import httpx
import pytest
from pydantic import SecretStr

from bot.config import PaylovSettings
from bot.paylov.auth import StaticTokenAuth, mask_long_numbers
from bot.paylov.client import PaylovClient
from bot.paylov.errors import PaylovAuthError, PaylovError, PaylovOutcomeUnknown, PaylovUnavailable
from bot.paylov.models import CreateRequest, PayRequest

Handler = Callable[[httpx.Request], httpx.Response]
TOKEN = "static-test-token"
CARD = "8600001234567878"


def client_for(handler: Handler) -> PaylovClient:
    async def no_sleep(seconds: float) -> None:
        return None

    return PaylovClient(
        "http://paylov.test/",
        StaticTokenAuth(SecretStr(TOKEN)),
        transport=httpx.MockTransport(handler),
        sleep=no_sleep,
    )


def status_answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"transactionId": "t1", "status": "paid", "amount": "500"})


async def test_unwrapped_payload_is_accepted() -> None:
    async with client_for(status_answer) as client:
        status = await client.transaction_status("t1")
    assert (status.status, status.amount) == ("paid", 500)


async def test_error_in_a_200_answer_is_a_paylov_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"result": None, "error": {"code": "transaction_not_found", "message": "no"}}
        return httpx.Response(200, json=body)

    async with client_for(handler) as client:
        with pytest.raises(PaylovError) as caught:
            await client.transaction_status("t1")
    assert (caught.value.code, caught.value.status) == ("transaction_not_found", 200)


async def test_4xx_without_error_object_is_unknown_error() -> None:
    async with client_for(lambda request: httpx.Response(404, json={"detail": "x"})) as client:
        with pytest.raises(PaylovError) as caught:
            await client.get_card("c1")
    assert (caught.value.code, caught.value.status) == ("unknown_error", 404)


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>oops</html>"),
        httpx.Response(200, json={"result": {"unexpected": True}}),
        httpx.Response(502, text="bad gateway"),
    ],
)
async def test_garbage_after_sending_pay_is_outcome_unknown(response: httpx.Response) -> None:
    async with client_for(lambda request: response) as client:
        with pytest.raises(PaylovOutcomeUnknown):
            await client.pay(PayRequest(transaction_id="t1", card_id="c1", otp="111111"))


async def test_connect_error_on_create_is_plainly_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    request = CreateRequest(service_id="s", account={"a": "1"}, amount=500)
    async with client_for(refuse) as client:
        with pytest.raises(PaylovUnavailable) as caught:
            await client.create_transaction(request)
    assert not isinstance(caught.value, PaylovOutcomeUnknown)
    # No chained httpx error: its request carries the Authorization header.
    assert caught.value.__context__ is None
    assert caught.value.__cause__ is None


def corrupt_gzip(request: httpx.Request) -> httpx.Response:
    # Read (and so decoded) by the client, not here: httpx raises DecodingError inside `request`.
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    return httpx.Response(200, headers=headers, stream=httpx.ByteStream(b"not gzip"))


def bare_request_error(request: httpx.Request) -> httpx.Response:
    raise httpx.RequestError("something else went wrong", request=request)


Call = Callable[[PaylovClient], Awaitable[object]]
CALLS: dict[str, tuple[Call, bool]] = {  # name: (call, may have executed)
    "pay": (lambda c: c.pay(PayRequest(transaction_id="t1", card_id="c1", otp="111111")), True),
    "create": (
        lambda c: c.create_transaction(CreateRequest(service_id="s", account={}, amount=500)),
        True,
    ),
    "list": (lambda c: c.list_services(), False),
    "cards": (lambda c: c.get_user_cards("tg1"), False),
}


@pytest.mark.parametrize("failure", [corrupt_gzip, bare_request_error])
@pytest.mark.parametrize("name", list(CALLS))
async def test_every_httpx_error_is_classified_without_chaining(
    failure: Handler, name: str
) -> None:
    call, may_execute = CALLS[name]
    async with client_for(failure) as client:
        with pytest.raises(PaylovUnavailable) as caught:
            await call(client)
    # An answer arrived or something failed after sending: create/pay may have executed.
    assert isinstance(caught.value, PaylovOutcomeUnknown) == may_execute
    assert failure is not corrupt_gzip or "DecodingError" in caught.value.reason
    # No chained httpx error: its request carries the Authorization header.
    assert caught.value.__context__ is None
    assert caught.value.__cause__ is None
    assert TOKEN not in "".join(traceback.format_exception(caught.value))


async def test_read_timeout_on_create_is_outcome_unknown() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    request = CreateRequest(service_id="s", account={"a": "1"}, amount=500)
    async with client_for(hang) as client:
        with pytest.raises(PaylovOutcomeUnknown):
            await client.create_transaction(request)


async def test_static_token_401_is_retried_once_then_auth_error() -> None:
    seen: list[str] = []

    def unauthorized(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(401, json={"error": {"code": "unauthorized", "message": "no"}})

    async with client_for(unauthorized) as client:
        with pytest.raises(PaylovAuthError):
            await client.pay(PayRequest(transaction_id="t1", card_id="c1"))
    assert seen == [f"Bearer {TOKEN}"] * 2


async def test_gets_retry_with_exponential_backoff() -> None:
    calls: list[httpx.Request] = []
    pauses: list[float] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(503) if len(calls) < 3 else status_answer(request)

    async def record(seconds: float) -> None:
        pauses.append(seconds)

    client = PaylovClient(
        "http://paylov.test/",
        StaticTokenAuth(SecretStr(TOKEN)),
        transport=httpx.MockTransport(flaky),
        retry_backoff=0.5,
        sleep=record,
    )
    async with client:
        assert (await client.transaction_status("t1")).status == "paid"
    assert pauses == [0.5, 1.0]


async def test_transactions_all_sends_filters_to_the_configured_path() -> None:
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, json={"result": {"totalTransaction": 0, "transactions": []}})

    settings = PaylovSettings(
        _env_file=None,
        access_token=SecretStr(TOKEN),
        transactions_all_path="servicePayment/transaction/all",
    )
    client = PaylovClient.from_settings(
        settings, base_url="http://paylov.test/api/", transport=httpx.MockTransport(handler)
    )
    async with client:
        listed = await client.transactions_all(
            user_id="tg1", begin_date=date(2025, 1, 2), end_date=date(2025, 2, 3)
        )
    assert listed.total_transaction == 0
    assert seen[0].path == "/api/servicePayment/transaction/all"
    assert dict(seen[0].params) == {
        "userId": "tg1",
        "beginDate": "2025-01-02",
        "endDate": "2025-02-03",
    }


@pytest.mark.parametrize("card", [CARD, "8600 0012 3456 7878", "8600-0012-3456-7878"])
async def test_card_number_echoed_by_paylov_is_masked(
    caplog: pytest.LogCaptureFixture, card: str
) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        error = {"code": "card_not_found", "message": f"card {card} not found (HTTP 400)"}
        return httpx.Response(400, json={"error": error})

    caplog.set_level(logging.DEBUG)
    async with client_for(echo) as client:
        with pytest.raises(PaylovError) as caught:
            await client.get_user_cards("tg1")
    assert caught.value.code == "card_not_found"
    shown = f"{caught.value} {caught.value!r} {caught.value.message}"
    assert card not in shown
    assert "0012" not in shown and "3456" not in shown
    assert caught.value.message == "card <number> not found (HTTP 400)"
    # Card endpoints: no query values in our log (httpx's own INFO line is the app's to silence).
    ours = [record.getMessage() for record in caplog.records if record.name == "bot.paylov"]
    assert ours
    assert not any("tg1" in line for line in ours)
    assert "getAllUserCards/?userId=*" in ours[-1]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("card 8600001234567878", "card <number>"),
        ("card 8600 0012 3456 7878.", "card <number>."),
        ("card 8600-0012-3456-7878, expiry 03/28", "card <number>, expiry 03/28"),
        ("9860 0901 0105 9377 - blocked", "<number> - blocked"),
        # Short numbers stay: amounts (spaced too), codes, dates, a masked card's visible ends.
        ("HTTP 400: amount 1 000 000 is above 500 000", None),
        ("code 400, ref 12345678901", None),
        ("paid at 2024-10-14 15:07:23", None),
        ("card 860000******7878", None),
    ],
)
def test_mask_long_numbers(text: str, masked: str | None) -> None:
    assert mask_long_numbers(text) == (masked or text)
