"""check_repay against the sandbox's catalogue over HTTP: a kept account is paid again in two
taps only while its service is offered, payable, and asks for the same fields."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from bot.paylov.client import PaylovClient
from bot.paylov.sandbox import PaylovSandbox
from bot.paylov.sandbox.catalogue import BUNDLED_CATALOGUE
from bot.payments.catalogue import CatalogueCache
from bot.payments.repay import (
    CatalogueUnavailable,
    FormChanged,
    NotPayableNow,
    Repayable,
    ServiceGone,
    check_repay,
)
from tests.paylov.conftest import HANG_SECONDS, STATIC_TOKEN

# The sandbox's services (bot/paylov/sandbox/catalogue.json) and their known accounts.
ELECTRICITY = "6ae5eaf5-9b70-4aa9-9260-2438e99affa0"
ELECTRICITY_ACCOUNT = {"region": "1", "soato": "26290", "customer_code": "1000000"}
NOT_PAYABLE_NOW = "3b16334a-1803-5da0-be11-ec14fc96fd09"  # Toza Hudud
NOT_PAYABLE_ACCOUNT = {"account": "100200300"}
INACTIVE = "3e8a8818-ba0d-5820-9ca5-420db87a93ea"  # Uzdigital TV
NOT_ENABLED = "15b61ba1-0d78-5acc-a796-2bb4b752d10c"  # Perfectum Mobile, hidden from the merchant
UNKNOWN = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def catalogue(static_client: PaylovClient) -> CatalogueCache:
    return CatalogueCache(static_client)


async def test_an_account_that_still_fits_is_repayable(catalogue: CatalogueCache) -> None:
    check = await check_repay(catalogue, ELECTRICITY, ELECTRICITY_ACCOUNT)
    assert isinstance(check, Repayable)
    assert check.service.service_id == check.fields.service_id == ELECTRICITY
    assert {field.name for field in check.fields.fields} == set(ELECTRICITY_ACCOUNT)


@pytest.mark.parametrize("service_id", [INACTIVE, NOT_ENABLED, UNKNOWN])
async def test_a_service_no_longer_offered_is_gone(
    catalogue: CatalogueCache, sandbox: PaylovSandbox, service_id: str
) -> None:
    assert await check_repay(catalogue, service_id, {"card": "100000000001"}) == ServiceGone()
    assert sandbox.ledger.requests("fields") == 0  # the list told


async def test_a_listed_service_whose_form_is_refused_is_gone(
    catalogue: CatalogueCache, sandbox: PaylovSandbox, base_url: str
) -> None:
    await catalogue.services()  # listed while Paylov still had it
    # Paylov drops the service: the same address now serves a catalogue without it.
    data = json.loads(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))
    data["services"] = [s for s in data["services"] if s["service_id"] != ELECTRICITY]
    await sandbox.stop()
    changed = PaylovSandbox(catalogue=data, static_token=STATIC_TOKEN, hang_seconds=HANG_SECONDS)
    port = urlsplit(base_url).port
    assert port is not None
    await changed.start("127.0.0.1", port)
    try:
        assert await check_repay(catalogue, ELECTRICITY, ELECTRICITY_ACCOUNT) == ServiceGone()
        assert changed.ledger.requests("fields") == 1
    finally:
        await changed.stop()


async def test_a_service_closed_for_payments_is_not_payable_now(
    catalogue: CatalogueCache,
) -> None:
    check = await check_repay(catalogue, NOT_PAYABLE_NOW, NOT_PAYABLE_ACCOUNT)
    assert isinstance(check, NotPayableNow)
    assert check.fields.service_id == NOT_PAYABLE_NOW and not check.fields.payment_available


@pytest.mark.parametrize(
    "account",
    [
        {"customer_code": "1000000"},  # saved before the form asked for region and district
        {**ELECTRICITY_ACCOUNT, "soato": "99999"},  # a district no longer offered
        {**ELECTRICITY_ACCOUNT, "customer_code": "10 00 000"},  # no longer passes its rule
        {**ELECTRICITY_ACCOUNT, "meter": "1"},  # a field the form no longer asks
    ],
)
async def test_answers_that_no_longer_fit_the_form_changed(
    catalogue: CatalogueCache, account: dict[str, str]
) -> None:
    check = await check_repay(catalogue, ELECTRICITY, account)
    assert isinstance(check, FormChanged)
    assert check.fields.service_id == ELECTRICITY


async def test_a_catalogue_without_an_answer_is_unavailable(
    catalogue: CatalogueCache, sandbox: PaylovSandbox
) -> None:
    sandbox.faults.inject("list", "error_5xx", times=None)
    check = await check_repay(catalogue, ELECTRICITY, ELECTRICITY_ACCOUNT)
    assert check == CatalogueUnavailable()


async def test_a_form_without_an_answer_is_unavailable_not_gone(
    catalogue: CatalogueCache, sandbox: PaylovSandbox
) -> None:
    await catalogue.services()
    sandbox.faults.inject("fields", "error_5xx", times=None)
    check = await check_repay(catalogue, ELECTRICITY, ELECTRICITY_ACCOUNT)
    assert check == CatalogueUnavailable()
