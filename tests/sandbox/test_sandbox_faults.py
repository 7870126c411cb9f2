"""Fault injection (latency, error_5xx, timeout, lose_answer) and the control API."""

from __future__ import annotations

import contextlib
import time

import httpx
import pytest
from pydantic import ValidationError
from sandbox_helpers import HUMO, bind_card, create, ok, status

from bot.paylov.sandbox import PaylovSandbox


class CountedIds:
    def __init__(self) -> None:
        self.made: list[str] = []

    def __call__(self) -> str:
        self.made.append(f"id-{len(self.made)}")
        return self.made[-1]


async def pay(api: httpx.AsyncClient, transaction_id: str, card_id: str) -> httpx.Response:
    return await api.post(
        "servicePayment/pay/", json={"transactionId": transaction_id, "cardId": card_id}
    )


async def test_latency_delays_then_answers(api: httpx.AsyncClient, sandbox: PaylovSandbox) -> None:
    sandbox.faults.inject("list", "latency", latency=0.3)

    started = time.monotonic()
    assert ok(await api.get("servicePayment/list/"))["services"]
    assert time.monotonic() - started >= 0.3

    started = time.monotonic()
    assert ok(await api.get("servicePayment/list/"))["services"]
    assert time.monotonic() - started < 0.3  # times=1: used up


async def test_error_5xx_answers_without_executing(
    api: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    card_id = await bind_card(api, HUMO)
    transaction = (await create(api))["transactionId"]
    sandbox.faults.inject("pay", "error_5xx", status=503)

    answer = await pay(api, transaction, card_id)

    assert answer.status_code == 503
    assert answer.headers["content-type"].startswith("text/html")
    assert sandbox.ledger.total() == 0
    assert (await status(api, transaction))["status"] == "created"
    assert ok(await pay(api, transaction, card_id))
    assert sandbox.ledger.charges(transaction) == 1


async def test_error_500_has_a_json_body(api: httpx.AsyncClient, sandbox: PaylovSandbox) -> None:
    sandbox.faults.inject("fields", "error_5xx", status=500)

    answer = await api.get("servicePayment/fields/x/")

    assert answer.status_code == 500
    assert answer.json()["error"]["code"] == "server_error"


async def test_timeout_hangs_without_executing(
    api: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    card_id = await bind_card(api, HUMO)
    transaction = (await create(api))["transactionId"]
    sandbox.faults.inject("pay", "timeout")

    with pytest.raises(httpx.ReadTimeout):
        await api.post(
            "servicePayment/pay/",
            json={"transactionId": transaction, "cardId": card_id},
            timeout=0.2,
        )

    assert sandbox.ledger.total() == 0
    assert (await status(api, transaction))["status"] == "created"


async def test_lose_answer_on_pay_charges_but_drops_the_connection(
    api: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    card_id = await bind_card(api, HUMO)
    transaction = (await create(api))["transactionId"]
    sandbox.faults.inject("pay", "lose_answer")

    with pytest.raises(httpx.RemoteProtocolError):
        await pay(api, transaction, card_id)

    assert sandbox.ledger.charges(transaction) == 1
    assert sandbox.ledger.pay_requests(transaction) == 1
    assert (await status(api, transaction))["status"] == "paid"
    ledger = (await api.get("_sandbox/ledger")).json()
    assert ledger["charges"] == {transaction: 1}
    # a blind retry is refused and charges nothing more, but the ledger saw it arrive
    assert (await pay(api, transaction, card_id)).json()["error"]["code"] == (
        "transaction_already_payed"
    )
    assert sandbox.ledger.total() == 1
    assert sandbox.ledger.pay_requests(transaction) == 2
    assert (await api.get("_sandbox/ledger")).json()["pay_requests"] == {transaction: 2}


@pytest.mark.parametrize("kind", ["error_5xx", "timeout", "lose_answer", "latency"])
async def test_ledger_counts_every_pay_and_create_that_arrives(
    api: httpx.AsyncClient, anon: httpx.AsyncClient, sandbox: PaylovSandbox, kind: str
) -> None:
    card_id = await bind_card(api, HUMO)
    transaction = (await create(api))["transactionId"]
    assert sandbox.ledger.create_requests() == 1
    assert sandbox.ledger.pay_requests(transaction) == 0
    sandbox.faults.inject("pay", kind, latency=0.01)  # type: ignore[arg-type]
    sandbox.faults.inject("create", kind, latency=0.01)  # type: ignore[arg-type]

    body = {"transactionId": transaction, "cardId": card_id}
    with contextlib.suppress(httpx.TransportError):  # timeout, lost answer
        await api.post("servicePayment/pay/", json=body, timeout=0.2)
    with contextlib.suppress(httpx.TransportError):  # any body: what arrives is counted
        await api.post("servicePayment/create/", json={}, timeout=0.2)

    assert sandbox.ledger.pay_requests(transaction) == 1
    assert sandbox.ledger.create_requests() == 2
    # Refused ones count too: unauthorized, and a transaction id given as a number.
    await anon.post("servicePayment/pay/", json=body)
    assert sandbox.ledger.pay_requests(transaction) == 2
    await api.post("servicePayment/pay/", json={"transactionId": 42, "cardId": card_id})
    assert sandbox.ledger.pay_requests("42") == 1
    # A body naming no transaction is refused and counted nowhere.
    for garbage in [b"not json", b"[1, 2]", b'{"transactionId": null}', b"\xff"]:
        answer = await api.post("servicePayment/pay/", content=garbage)
        assert answer.json()["error"]["code"] == "invalid_request"
    assert sandbox.ledger.pay_requests_snapshot() == {transaction: 2, "42": 1}


async def test_lose_answer_on_create_still_creates() -> None:
    # With counted ids the lost transaction's id is known: the first one made.
    ids = CountedIds()
    sandbox_ids = PaylovSandbox(new_id=ids)
    url = await sandbox_ids.start()
    try:
        async with httpx.AsyncClient(
            base_url=url, headers={"Authorization": "Bearer sandbox-token"}
        ) as client:
            sandbox_ids.faults.inject("create", "lose_answer")
            with pytest.raises(httpx.RemoteProtocolError):
                await create(client)
            assert ids.made == ["id-0"]
            assert (await status(client, "id-0"))["status"] == "created"
    finally:
        await sandbox_ids.stop()


async def test_times_and_clear(api: httpx.AsyncClient, sandbox: PaylovSandbox) -> None:
    sandbox.faults.inject("list", "error_5xx", times=2, status=502)
    codes = [(await api.get("servicePayment/list/")).status_code for _ in range(3)]
    assert codes == [502, 502, 200]

    sandbox.faults.inject("list", "error_5xx", times=None)
    codes = [(await api.get("servicePayment/list/")).status_code for _ in range(3)]
    assert codes == [503, 503, 503]
    sandbox.faults.clear("fields")
    assert (await api.get("servicePayment/list/")).status_code == 503
    sandbox.faults.clear("list")
    assert (await api.get("servicePayment/list/")).status_code == 200


async def test_faults_queue_per_endpoint(api: httpx.AsyncClient, sandbox: PaylovSandbox) -> None:
    sandbox.faults.inject("list", "error_5xx", status=502)
    sandbox.faults.inject("list", "error_5xx", status=504)

    codes = [(await api.get("servicePayment/list/")).status_code for _ in range(3)]

    assert codes == [502, 504, 200]
    # other endpoints are untouched
    assert (await api.get("servicePayment/transaction/status/")).status_code == 400


async def test_token_endpoint_faults(anon: httpx.AsyncClient, sandbox: PaylovSandbox) -> None:
    sandbox.faults.inject("token", "error_5xx")

    answer = await anon.post("merchant/oauth2/token/", json={})

    assert answer.status_code == 503
    assert sandbox.token_grants == 0


async def test_control_api(anon: httpx.AsyncClient, sandbox: PaylovSandbox) -> None:
    body = {"endpoint": "get_card", "kind": "error_5xx", "times": 1, "status": 502}
    added = await anon.post("_sandbox/faults", json=body)
    assert added.status_code == 200, added.text
    assert (await anon.get("_sandbox/faults")).json()["result"][0]["endpoint"] == "get_card"
    headers = {"Authorization": "Bearer sandbox-token"}
    answer = await anon.get("merchant/userCard/getCard/x/", headers=headers)
    assert answer.status_code == 502

    await anon.post("_sandbox/faults", json={"endpoint": "list", "kind": "timeout", "times": None})
    assert (await anon.delete("_sandbox/faults")).status_code == 200
    assert (await anon.get("servicePayment/list/", headers=headers)).status_code == 200
    assert (await anon.get("_sandbox/ledger")).json() == {
        "charges": {},
        "total": 0,
        "pay_requests": {},
        "create_requests": 0,
        # Counted as they arrived: the 502 of get_card too.
        "requests": {"get_card": 1, "list": 1},
    }

    for bad in [{"endpoint": "nope", "kind": "timeout"}, {"endpoint": "list", "kind": "boom"}]:
        refused = await anon.post("_sandbox/faults", json=bad)
        assert refused.status_code == 400
        assert refused.json()["error"]["code"] == "invalid_request"
    assert (await anon.get("_sandbox/faults")).json()["result"] == []


async def test_test_data_over_the_control_api(anon: httpx.AsyncClient) -> None:
    data = (await anon.get("_sandbox/test-data")).json()["result"]

    assert {card["number"] for card in data["cards"]} >= {HUMO[0]}
    assert data["accounts"]


def test_inject_validates() -> None:
    sandbox = PaylovSandbox()
    with pytest.raises(ValidationError):
        sandbox.faults.inject("nope", "timeout")
    with pytest.raises(ValidationError):
        sandbox.faults.inject("pay", "latency", latency=-1)
    with pytest.raises(ValueError, match="status"):
        sandbox.faults.inject("pay", "error_5xx", status=404)


async def test_stop_releases_a_hanging_call() -> None:
    sandbox = PaylovSandbox(hang_seconds=30.0)
    url = await sandbox.start()
    sandbox.faults.inject("list", "timeout")
    async with httpx.AsyncClient(base_url=url) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get("servicePayment/list/", timeout=0.1)

    started = time.monotonic()
    await sandbox.stop()
    assert time.monotonic() - started < 2.0
