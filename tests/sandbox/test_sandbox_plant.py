"""Planting mismatches for a reconciliation, over the control API: a paid transaction no
client made, another amount, a transaction transaction/all does not list, a lost pay outcome."""

from __future__ import annotations

from typing import Any

import httpx
from sandbox_helpers import UZCARD, bind_card, create, ok, refused, status

from bot.paylov.sandbox import PaylovSandbox

ALL = "merchant/servicePayment/transaction/all/"
PAY = "servicePayment/pay/"
ELECTRICITY = "6ae5eaf5-9b70-4aa9-9260-2438e99affa0"


async def plant(anon: httpx.AsyncClient, **body: Any) -> httpx.Response:
    return await anon.post("_sandbox/plant", json=body)


async def pay(api: httpx.AsyncClient, transaction_id: str, card_id: str, **extra: Any) -> Any:
    return await api.post(PAY, json={"transactionId": transaction_id, "cardId": card_id, **extra})


async def listed(api: httpx.AsyncClient) -> dict[str, int]:
    answer = ok(await api.get(ALL, params={"beginDate": "2024-10-01"}))
    return {item["id"]: item["amount"] for item in answer["transactions"]}


async def test_each_plant_shows_in_the_list_and_the_status(
    api: httpx.AsyncClient, anon: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    card_id = await bind_card(api, UZCARD)
    created = await create(api, amount=50_000)
    ok(await pay(api, created["transactionId"], card_id, userId="u1"))
    paid_id = created["transactionId"]

    planted = ok(
        await plant(
            anon,
            kind="paid",
            service_id=ELECTRICITY,
            amount=7_000,
            user_id="web-1",
            date="2024-10-13T09:00:00",
        )
    )["transactionId"]
    assert await listed(api) == {paid_id: 50_000, planted: 7_000}
    item = ok(await api.get(ALL))["transactions"][-1]
    assert (item["userId"], item["date"]) == ("web-1", "2024-10-13 09:00:00")
    assert sandbox.ledger.total() == 1  # a plant charges no card

    assert ok(await plant(anon, kind="amount", transaction_id=paid_id, amount=51_000)) is True
    assert (await status(api, paid_id))["amount"] == 51_000
    assert ok(await plant(anon, kind="unlist", transaction_id=paid_id)) is True
    assert await listed(api) == {planted: 7_000}
    assert (await status(api, paid_id))["status"] == "paid"  # only the list lacks it

    # The next pay's answer is lost, and status fails as often as asked.
    assert ok(await plant(anon, kind="lost_pay_outcome", status_failures=2)) is True
    assert {(f["endpoint"], f["left"]) for f in sandbox.faults.pending()} == {
        ("pay", 1),
        ("status", 2),
    }


async def test_bad_plants_are_refused(anon: httpx.AsyncClient) -> None:
    assert refused(await plant(anon, kind="paid", amount=1)) == "invalid_request"
    assert refused(await plant(anon, kind="unlist")) == "invalid_request"
    assert (
        refused(await plant(anon, kind="unlist", transaction_id="nope")) == "transaction_not_found"
    )
    assert refused(await plant(anon, kind="teleport")) == "invalid_request"
    assert refused(await plant(anon, kind="paid", service_id=ELECTRICITY, amount=5, date="x")) == (
        "invalid_request"
    )
