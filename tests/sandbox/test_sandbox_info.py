"""`servicePayment/info/`: known, unknown and malformed accounts."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sandbox_helpers import ELECTRICITY, ELECTRICITY_ACCOUNT, ok, refused

from bot.paylov.sandbox import PaylovSandbox

GAS = "Hududgaztaminot — природный газ"


async def service_id(api: httpx.AsyncClient, name: str) -> str:
    services = ok(await api.get("servicePayment/list/"))["services"]
    return str(next(s["service_id"] for s in services if s["name"] == name))


async def info(api: httpx.AsyncClient, service: str, account: dict[str, Any]) -> httpx.Response:
    return await api.post("servicePayment/info/", json={"service_id": service, "account": account})


def by_name(items: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {item["name"]: item for item in items}


async def test_known_account_answers_documented_items(api: httpx.AsyncClient) -> None:
    data = by_name(ok(await info(api, ELECTRICITY, ELECTRICITY_ACCOUNT))["data"])

    assert set(data) >= {"time", "fio", "address", "last_paid_date", "last_paid", "saldo"}
    assert data["time"]["value"] == "14.10.2024 15:07:23"  # the sandbox's clock
    assert data["last_paid"]["value"] == "50000 UZS"
    assert data["saldo"]["value"] == "15105.15 UZS"
    # account fields echoed with titles, selects by their title rather than their code
    assert data["region"]["value"] == "г. Ташкент"
    assert data["soato"]["value"] == "26290 - Яшнабадский ЭСП"
    assert data["customer_code"]["value"] == "1000000"
    assert all(item["title"] for item in data.values())


async def test_an_address_needs_html_escaping(api: httpx.AsyncClient) -> None:
    account = {"region": "1", "soato": "26277", "customer_code": "1000412"}

    data = by_name(ok(await info(api, ELECTRICITY, account))["data"])

    assert "<" in data["address"]["value"]
    assert "&" in data["address"]["value"]
    assert data["saldo"]["value"].startswith("-")  # a debt


async def test_every_known_test_account_answers_info(
    api: httpx.AsyncClient, sandbox: PaylovSandbox
) -> None:
    services = {s["service_id"]: s for s in ok(await api.get("servicePayment/list/"))["services"]}
    accounts = sandbox.test_data().accounts
    answered = 0
    for account in accounts:
        if not services[account.service_id]["is_active"]:
            continue
        data = by_name(ok(await info(api, account.service_id, account.account))["data"])
        assert "saldo" in data
        answered += 1
    assert answered >= 10


async def test_numbers_are_accepted_where_text_is_expected(api: httpx.AsyncClient) -> None:
    account = {"region": 1, "soato": 26290, "customer_code": 1000000}

    assert ok(await info(api, ELECTRICITY, account))["data"]


async def test_unknown_account_is_not_found(api: httpx.AsyncClient) -> None:
    account = {**ELECTRICITY_ACCOUNT, "customer_code": "1999999"}

    assert refused(await info(api, ELECTRICITY, account)) == "account_not_found"


@pytest.mark.parametrize(
    "account",
    [
        {"region": "1", "soato": "26290"},  # missing customer_code
        {"region": "1", "soato": "26290", "customer_code": ""},  # empty
        {"region": "9", "soato": "26290", "customer_code": "1000000"},  # not a region
        {"region": "2", "soato": "26290", "customer_code": "1000000"},  # soato of region 1
        {"region": "1", "soato": "26290", "customer_code": "10000x0"},  # not a number
        {"region": "1", "soato": "26290", "customer_code": "12345678901"},  # longer than 10
        {"region": "1", "soato": "26290", "customer_code": ["1000000"]},  # not text
    ],
)
async def test_malformed_electricity_account(api: httpx.AsyncClient, account: dict) -> None:
    assert refused(await info(api, ELECTRICITY, account)) == "invalid_account"


@pytest.mark.parametrize("number", ["401012345", "40101234567", "40101234a6"])
async def test_gas_account_failing_validation(api: httpx.AsyncClient, number: str) -> None:
    gas = await service_id(api, GAS)

    assert refused(await info(api, gas, {"account": number})) == "invalid_account"


async def test_account_must_be_an_object(api: httpx.AsyncClient) -> None:
    body = {"service_id": ELECTRICITY, "account": "1000000"}

    assert refused(await api.post("servicePayment/info/", json=body)) == "invalid_account"


async def test_service_errors(api: httpx.AsyncClient) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"
    assert refused(await info(api, unknown, {"account": "1"})) == "service_not_found"
    beeline = await service_id(api, "Beeline")
    assert refused(await info(api, beeline, {"phone": "901234567"})) == "info_not_supported"
    inactive = await service_id(api, "Uzdigital TV")
    answer = await info(api, inactive, {"card": "100000000001"})
    assert refused(answer) == "service_not_available"


async def test_malformed_bodies(api: httpx.AsyncClient) -> None:
    answer = await api.post("servicePayment/info/", content=b"not json")
    assert refused(answer) == "invalid_request"
    answer = await api.post("servicePayment/info/", json=[1, 2])
    assert refused(answer) == "invalid_request"
    answer = await api.post("servicePayment/info/", json={"account": {}})
    assert refused(answer) == "invalid_request"
