"""create, pay, status and the merchant's list of paid transactions."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Any

import httpx
import pytest
from sandbox_helpers import (
    BEELINE_PHONE,
    ELECTRICITY,
    FIXED_PHONE,
    HUMO,
    POOR,
    UZCARD,
    Clock,
    bind_card,
    create,
    create_request,
    ok,
    refused,
    status,
)

from bot.paylov.sandbox import PaylovSandbox

PAY = "servicePayment/pay/"


async def service_id(api: httpx.AsyncClient, name: str) -> str:
    services = ok(await api.get("servicePayment/list/"))["services"]
    return str(next(s["service_id"] for s in services if s["name"] == name))


async def pay(api: httpx.AsyncClient, transaction_id: str, card_id: str, **extra: Any) -> Any:
    return await api.post(PAY, json={"transactionId": transaction_id, "cardId": card_id, **extra})


async def card_balance(api: httpx.AsyncClient, card_id: str) -> int:
    return int(ok(await api.get(f"merchant/userCard/getCard/{card_id}/"))["card"]["balance"])


async def test_create_and_pay_without_otp(api: httpx.AsyncClient, sandbox: PaylovSandbox) -> None:
    card_id = await bind_card(api, UZCARD)
    before = await card_balance(api, card_id)

    created = await create(api, amount=50_000)
    assert "sms" not in created
    assert {item["name"] for item in created["data"]} >= {"region", "fio", "saldo"}
    assert (await status(api, created["transactionId"]))["status"] == "created"
    paid = ok(await pay(api, created["transactionId"], card_id, userId="u1"))

    assert paid["transactionId"] == created["transactionId"]
    assert paid["cardId"] == card_id
    assert paid["payedAt"] == "2024-10-14 15:07:23"
    assert re.fullmatch(r"\d{12}", paid["paymentRef"])
    assert paid["eposMerchant"]
    assert paid["eposTerminal"]
    assert sandbox.ledger.charges(created["transactionId"]) == 1
    assert await card_balance(api, card_id) == before - 50_000 * 100
    assert await status(api, created["transactionId"]) == {
        "transactionId": created["transactionId"],
        "status": "paid",
        "payedAt": "2024-10-14 15:07:23",
        "serviceId": ELECTRICITY,
        "cancelTime": None,
        "amount": 50_000,
    }


async def test_create_with_a_card_needs_its_otp(
    api: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    card_id = await bind_card(api, UZCARD)
    created = await create(api, card_id=card_id)
    assert created["sms"] == {"otpSentPhone": "********2233"}
    transaction = created["transactionId"]

    assert refused(await pay(api, transaction, card_id)) == "invalid_otp"  # missing
    assert refused(await pay(api, transaction, card_id, otp="000000")) == "invalid_otp"
    assert sandbox.ledger.total() == 0
    assert ok(await pay(api, transaction, card_id, otp=UZCARD[2]))["transactionId"] == transaction
    assert sandbox.ledger.charges(transaction) == 1


async def test_payment_codes_go_to_the_phone_the_card_was_bound_with(
    api: httpx.AsyncClient,
) -> None:
    card_id = await bind_card(api, UZCARD, phone="+998 90 555 44 61")
    created = await create(api, card_id=card_id)
    assert created["sms"] == {"otpSentPhone": "********4461"}


async def test_three_wrong_codes_cancel_the_payment(
    api: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    card_id = await bind_card(api, UZCARD)
    transaction = (await create(api, card_id=card_id))["transactionId"]

    codes = [refused(await pay(api, transaction, card_id, otp="000000")) for _ in range(3)]

    assert codes == ["invalid_otp", "invalid_otp", "too_many_attempts"]
    after = await status(api, transaction)
    assert after["status"] == "cancelled"
    assert after["cancelTime"] == "2024-10-14 15:07:23"
    late = await pay(api, transaction, card_id, otp=UZCARD[2])
    assert refused(late) == "transaction_not_available_for_payment"
    assert sandbox.ledger.total() == 0


async def test_paying_twice_charges_once(api: httpx.AsyncClient, sandbox: PaylovSandbox) -> None:
    card_id = await bind_card(api, HUMO)
    transaction = (await create(api))["transactionId"]

    ok(await pay(api, transaction, card_id))
    assert refused(await pay(api, transaction, card_id)) == "transaction_already_payed"

    assert sandbox.ledger.charges(transaction) == 1
    assert sandbox.ledger.pay_requests(transaction) == 2  # the refused one arrived too
    ledger = (await api.get("_sandbox/ledger")).json()
    assert ledger == {
        "charges": {transaction: 1},
        "total": 1,
        "pay_requests": {transaction: 2},
        "create_requests": 1,
        "requests": {"create_user_card": 1, "confirm_user_card": 1, "create": 1, "pay": 2},
    }


async def test_concurrent_pays_charge_once(api: httpx.AsyncClient, sandbox: PaylovSandbox) -> None:
    card_id = await bind_card(api, HUMO)
    transaction = (await create(api))["transactionId"]

    answers = await asyncio.gather(*(pay(api, transaction, card_id) for _ in range(5)))

    assert sorted(answer.status_code for answer in answers) == [200, 400, 400, 400, 400]
    assert sandbox.ledger.charges(transaction) == 1
    assert sandbox.ledger.pay_requests(transaction) == 5


async def test_insufficient_funds_cancels(api: httpx.AsyncClient, sandbox: PaylovSandbox) -> None:
    card_id = await bind_card(api, POOR)  # 1 500 sum
    transaction = (await create(api, amount=1_501))["transactionId"]

    assert refused(await pay(api, transaction, card_id)) == "insufficient_funds"

    assert (await status(api, transaction))["status"] == "cancelled"
    assert await card_balance(api, card_id) == 150_000
    small = (await create(api, amount=1_500))["transactionId"]
    assert ok(await pay(api, small, card_id))
    assert await card_balance(api, card_id) == 0
    assert sandbox.ledger.total() == 1


async def test_a_card_blocked_after_binding_is_refused(
    api: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    card_id = await bind_card(api, HUMO)
    transaction = (await create(api))["transactionId"]

    sandbox.block_card(HUMO[0])

    answer = await pay(api, transaction, card_id)
    assert refused(answer) == "card_is_blocked_in_processing_center"
    assert (await status(api, transaction))["status"] == "created"
    assert sandbox.ledger.total() == 0


async def test_pay_must_use_the_card_given_to_create(
    api: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    humo = await bind_card(api, HUMO)
    uzcard = await bind_card(api, UZCARD)
    other_users = await bind_card(api, UZCARD, user_id="u2")
    transaction = (await create(api, card_id=humo))["transactionId"]

    assert refused(await pay(api, transaction, uzcard, otp=UZCARD[2])) == "card_not_found"

    plain = (await create(api))["transactionId"]  # userId u1
    assert refused(await pay(api, plain, other_users)) == "card_not_found"
    assert refused(await pay(api, plain, "no-such-card")) == "card_not_found"
    assert sandbox.ledger.total() == 0


async def test_create_refusals(api: httpx.AsyncClient) -> None:
    other_users = await bind_card(api, HUMO, user_id="u2")
    assert refused(await api.post("servicePayment/create/", json={})) == "invalid_request"
    assert refused(await create_request(api, amount=499)) == "invalid_amount"
    answer = await api.post(
        "servicePayment/create/",
        json={"service_id": ELECTRICITY, "account": {}, "amount": 5_000_001},
    )
    assert refused(answer) == "invalid_amount"
    assert "500" in answer.json()["error"]["message"]
    assert "5000000" in answer.json()["error"]["message"]
    unknown = {"region": "1", "soato": "26290", "customer_code": "1"}
    assert refused(await create_request(api, account=unknown)) == "account_not_found"
    mismatched = {"region": "2", "soato": "26290", "customer_code": "1"}
    assert refused(await create_request(api, account=mismatched)) == "invalid_account"
    # a card bound to u2 cannot pay for u1
    assert refused(await create_request(api, card_id=other_users)) == "card_not_found"


@pytest.mark.parametrize(
    ("name", "account", "code"),
    [
        ("Toza Hudud — вывоз мусора", {"account": "100200300"}, "service_not_available"),
        ("Uzdigital TV", {"card": "100000000001"}, "service_not_available"),
        ("Cosmos TV", {"contract": "303030"}, "permission_denied"),
    ],
)
async def test_closed_services_refuse_payments(
    api: httpx.AsyncClient, name: str, account: dict[str, str], code: str
) -> None:
    service = await service_id(api, name)
    body = {"service_id": service, "account": account, "amount": 10_000}

    assert refused(await api.post("servicePayment/create/", json=body)) == code


async def test_mobile_payment_accepts_any_valid_number(
    api: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    beeline = await service_id(api, "Beeline")
    card_id = await bind_card(api, HUMO)

    created = await create(api, service_id=beeline, account={"phone": BEELINE_PHONE}, amount=1000)
    assert created["data"] == [
        {"name": "phone", "value": BEELINE_PHONE, "title": "Номер телефона (9 цифр, без +998)"}
    ]
    ok(await pay(api, created["transactionId"], card_id))
    ucell_number = {"phone": "931234567"}
    answer = await create_request(api, service_id=beeline, account=ucell_number)
    assert refused(answer) == "invalid_account"
    too_little = await create_request(
        api, service_id=beeline, account={"phone": BEELINE_PHONE}, amount=999
    )
    assert refused(too_little) == "invalid_amount"
    assert sandbox.ledger.total() == 1


async def test_phone_number_is_checked_against_a_fixed_phone_card(api: httpx.AsyncClient) -> None:
    card_id = await bind_card(api, FIXED_PHONE)
    body = {
        "service_id": ELECTRICITY,
        "account": {"region": "1", "soato": "26290", "customer_code": "1000000"},
        "amount": 1000,
        "userId": "u1",
        "cardId": card_id,
    }

    wrong = await api.post("servicePayment/create/", json={**body, "phoneNumber": "+998901112233"})
    assert refused(wrong) == "phone_not_match"
    right = await api.post("servicePayment/create/", json={**body, "phoneNumber": "+998935550011"})
    assert ok(right)["sms"] == {"otpSentPhone": "********0011"}


async def test_status_of_an_unknown_transaction(api: httpx.AsyncClient) -> None:
    answer = await api.get("servicePayment/transaction/status/", params={"transactionId": "x"})
    assert refused(answer) == "transaction_not_found"
    assert refused(await pay(api, "x", "y")) == "transaction_not_found"
    answer = await api.get("servicePayment/transaction/status/")
    assert refused(answer) == "invalid_request"


async def test_transactions_all_filters_and_order(api: httpx.AsyncClient, clock: Clock) -> None:
    humo = await bind_card(api, HUMO)
    uzcard = await bind_card(api, UZCARD, user_id="u2")
    beeline = await service_id(api, "Beeline")
    paid: list[str] = []
    for day, user, card, service, account in [
        (1, "u1", humo, ELECTRICITY, None),
        (3, "u2", uzcard, ELECTRICITY, None),
        (5, "u1", humo, beeline, {"phone": BEELINE_PHONE}),
    ]:
        clock.now = datetime(2024, 10, day, 12, 0, 0)
        kwargs: dict[str, Any] = {"user_id": user, "service_id": service}
        if account:
            kwargs["account"] = account
        transaction = (await create(api, amount=1000, **kwargs))["transactionId"]
        ok(await pay(api, transaction, card))
        paid.append(transaction)
    await create(api)  # created, never paid: not listed

    async def listed(path: str = "merchant/servicePayment/transaction/all/", **query: str) -> Any:
        return ok(await api.get(path, params=query))

    everything = await listed()
    assert everything["totalTransaction"] == 3
    assert [t["id"] for t in everything["transactions"]] == paid[::-1]  # newest first
    assert everything["error"] is None
    first = everything["transactions"][-1]
    assert first == {
        "id": paid[0],
        "userId": "u1",
        "cardNumber": "986009******9377",
        "owner": first["owner"],
        "amount": 1000,
        "date": "2024-10-01 12:00:00",
        "serviceId": ELECTRICITY,
    }
    assert (await listed("servicePayment/transaction/all"))["totalTransaction"] == 3
    by_user = await listed(userId="u1")
    assert [t["id"] for t in by_user["transactions"]] == [paid[2], paid[0]]
    by_service = await listed(serviceId=beeline)
    assert [t["id"] for t in by_service["transactions"]] == [paid[2]]
    window = await listed(beginDate="2024-10-03", endDate="2024-10-05")  # inclusive
    assert [t["id"] for t in window["transactions"]] == [paid[2], paid[1]]
    assert (await listed(endDate="2024-09-30"))["totalTransaction"] == 0
    answer = await api.get("servicePayment/transaction/all/", params={"beginDate": "01.10.2024"})
    assert refused(answer) == "invalid_request"
