"""Helpers for the sandbox tests: test data constants, a movable clock, raw-HTTP shortcuts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

STATIC_TOKEN = "sandbox-token"
ELECTRICITY = "6ae5eaf5-9b70-4aa9-9260-2438e99affa0"
ELECTRICITY_ACCOUNT = {"region": "1", "soato": "26290", "customer_code": "1000000"}
BEELINE_PHONE = "901234567"

# number, expiry YYMM, OTP
HUMO = ("9860090101059377", "2803", "456788")
UZCARD = ("8600001234567878", "2909", "456799")
NOT_LUHN = ("8600001234678989", "2912", "456719")
POOR = ("8600031234567891", "2711", "456700")  # 1 500 sum
BLOCKED = ("9860080123456784", "2806", "456701")
FIXED_PHONE = ("8600141298765438", "3004", "456702")  # bank phone 998935550011
EXPIRED = ("8600059911223348", "2301", "456703")


@dataclass
class Clock:
    """Tashkent wall time the sandbox reads; tests move it."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Monotonic:
    value: float = 1000.0

    def __call__(self) -> float:
        return self.value


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()["result"]


def refused(response: httpx.Response) -> str:
    """The error code of a documented refusal (HTTP 400 with an error object)."""
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert isinstance(error["message"], str)
    assert error["message"]
    return str(error["code"])


async def bind_card(
    api: httpx.AsyncClient,
    card: tuple[str, str, str],
    user_id: str = "u1",
    phone: str | None = None,
) -> str:
    """Binds a test card to `user_id` (the code sent to `phone`); returns its cardId."""
    number, expiry, otp = card
    body = {"userId": user_id, "cardNumber": number, "expireDate": expiry}
    if phone is not None:
        body["phoneNumber"] = phone
    cid = ok(await api.post("merchant/userCard/createUserCard/", json=body))["cid"]
    confirmed = ok(
        await api.post("merchant/userCard/confirmUserCardCreate/", json={"cardId": cid, "otp": otp})
    )
    return str(confirmed["card"]["cardId"])


async def create_request(
    api: httpx.AsyncClient,
    *,
    amount: int = 50_000,
    card_id: str | None = None,
    user_id: str | None = "u1",
    service_id: str = ELECTRICITY,
    account: dict[str, str] | None = None,
) -> httpx.Response:
    body: dict[str, Any] = {
        "service_id": service_id,
        "account": account or ELECTRICITY_ACCOUNT,
        "amount": amount,
    }
    if user_id is not None:
        body["userId"] = user_id
    if card_id is not None:
        body["cardId"] = card_id
    return await api.post("servicePayment/create/", json=body)


async def create(api: httpx.AsyncClient, **kwargs: Any) -> dict[str, Any]:
    """A created transaction (see create_request for the arguments)."""
    return ok(await create_request(api, **kwargs))


async def status(api: httpx.AsyncClient, transaction_id: str) -> dict[str, Any]:
    return ok(
        await api.get(
            "servicePayment/transaction/status/", params={"transactionId": transaction_id}
        )
    )
