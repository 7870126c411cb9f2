"""The catalogue: list, fields, and the checks the data file must pass on load."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from sandbox_helpers import ELECTRICITY, ok, refused

from bot.paylov.sandbox import PaylovSandbox
from bot.paylov.sandbox.catalogue import BUNDLED_CATALOGUE, load_catalogue


async def all_fields(api: httpx.AsyncClient) -> list[dict[str, Any]]:
    services = ok(await api.get("servicePayment/list/"))["services"]
    return [
        ok(await api.get(f"servicePayment/fields/{service['service_id']}/"))["data"][0]
        for service in services
    ]


async def test_list_has_categories_and_enough_services(api: httpx.AsyncClient) -> None:
    services = ok(await api.get("servicePayment/list/"))["services"]

    assert len(services) >= 14
    assert len({service["category"]["id"] for service in services}) >= 4
    active = Counter(s["category"]["id"] for s in services if s["is_active"])
    assert max(active.values()) >= 10  # one category a bot must page through
    assert any(not service["is_active"] for service in services)
    assert any(not service["payment_available"] for service in services)
    for service in services:
        assert set(service) >= {
            "service_id",
            "name",
            "category",
            "amount",
            "is_active",
            "has_info_method",
            "can_cancel",
            "payment_available",
        }
        assert 0 < service["amount"]["min"] < service["amount"]["max"]
        assert "enabled_for_merchant" not in service  # data-file only
        assert "accounts" not in service


async def test_available_for_me_hides_services_not_enabled(api: httpx.AsyncClient) -> None:
    everything = ok(await api.get("servicePayment/list/"))["services"]
    mine = ok(await api.get("servicePayment/list/", params={"available_for_me": "true"}))[
        "services"
    ]

    all_ids = {service["service_id"] for service in everything}
    my_ids = {service["service_id"] for service in mine}
    assert my_ids < all_ids
    assert len(all_ids - my_ids) >= 2


async def test_mobile_operators_have_phone_fields_and_no_info(api: httpx.AsyncClient) -> None:
    services = ok(await api.get("servicePayment/list/"))["services"]
    mobile = [s for s in services if s["category"]["name"] == "Мобильные операторы"]
    numbers = [f"{prefix:02d}1234567" for prefix in range(100)]
    owners: Counter[str] = Counter()

    assert len(mobile) >= 4
    for service in mobile:
        assert service["has_info_method"] is False
        assert service["amount"] == {"min": 1000, "max": 1000000}
        fields = ok(await api.get(f"servicePayment/fields/{service['service_id']}/"))["data"][0]
        (phone,) = fields["fields"]
        assert (phone["content"], phone["length"]) == ("number", 9)
        accepted = [n for n in numbers if re.fullmatch(phone["validation"], n)]
        assert accepted, service["name"]
        assert not re.fullmatch(phone["validation"], accepted[0][:-1])  # 8 digits
        owners.update(accepted)
    assert max(owners.values()) == 1  # operators' prefixes do not overlap


async def test_electricity_fields_are_like_the_documented_example(api: httpx.AsyncClient) -> None:
    service = ok(await api.get(f"servicePayment/fields/{ELECTRICITY}/"))["data"][0]

    assert service["name"] == "Плата за электроэнергию"
    assert service["has_info_method"] is True
    region, soato, code = service["fields"]
    assert (region["name"], region["type"], region["dependency_of"]) == ("region", "select", None)
    assert (soato["name"], soato["type"], soato["dependency_of"]) == ("soato", "select", "region")
    assert (code["name"], code["type"], code["content"]) == ("customer_code", "text", "number")
    assert len(region["values"]) >= 3
    children = Counter(value["filter"] for value in soato["values"])
    assert {value["value"] for value in region["values"]} == set(children)
    assert all(count >= 2 for count in children.values())
    # Tashkent region has more districts than one screen of buttons: the bot must page them.
    assert children["2"] > 10
    postfixes = {field["name"]: field["postfix"] for field in service["response_fields"]}
    assert postfixes["saldo"] == "UZS"
    assert postfixes["last_paid"] == "UZS"


async def test_every_dependent_select_filters_on_its_parents_values(
    api: httpx.AsyncClient,
) -> None:
    checked = 0
    for service in await all_fields(api):
        by_name = {field["name"]: field for field in service["fields"]}
        for field in service["fields"]:
            if field["validation"] is not None:
                re.compile(field["validation"])
            if field["type"] == "text":
                assert field["values"] == []
            if field["dependency_of"] is None:
                continue
            parent = by_name[field["dependency_of"]]
            parent_values = {value["value"] for value in parent["values"]}
            assert {value["filter"] for value in field["values"]} <= parent_values
            checked += 1
    assert checked >= 2


async def test_utility_account_fields_carry_validation_and_length(api: httpx.AsyncClient) -> None:
    services = ok(await api.get("servicePayment/list/"))["services"]
    utilities = [s for s in services if s["category"]["name"] == "Коммунальные услуги"]
    text_fields = []
    for service in utilities:
        fields = ok(await api.get(f"servicePayment/fields/{service['service_id']}/"))["data"][0]
        text_fields += [f for f in fields["fields"] if f["type"] == "text" and f["validation"]]
    assert len(text_fields) >= 3
    assert all(isinstance(field["length"], int) for field in text_fields)


async def test_fields_of_an_unknown_service(api: httpx.AsyncClient) -> None:
    answer = await api.get("servicePayment/fields/00000000-0000-4000-8000-000000000000/")
    assert refused(answer) == "service_not_found"


def bundled() -> dict[str, Any]:
    return json.loads(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))


def electricity(data: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in data["services"] if s["service_id"] == ELECTRICITY)


def test_a_dependent_value_filtering_on_no_parent_value_is_rejected() -> None:
    data = copy.deepcopy(bundled())
    electricity(data)["fields"][1]["values"][0]["filter"] = "99"

    with pytest.raises(ValidationError, match="match no parent"):
        load_catalogue(data)


def test_a_known_account_breaking_its_own_rules_is_rejected() -> None:
    data = copy.deepcopy(bundled())
    electricity(data)["accounts"][0]["account"]["soato"] = "18215"  # Samarkand, not Tashkent

    with pytest.raises(ValidationError, match="invalid_account"):
        load_catalogue(data)


def test_info_keys_must_be_declared_response_fields() -> None:
    data = copy.deepcopy(bundled())
    electricity(data)["accounts"][0]["info"]["mystery"] = "1"

    with pytest.raises(ValidationError, match="not response fields"):
        load_catalogue(data)


async def test_a_catalogue_can_be_passed_as_a_dict_or_a_path(tmp_path: Any) -> None:
    data = copy.deepcopy(bundled())
    data["services"] = [electricity(data)]
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    for source in (data, path):
        sandbox = PaylovSandbox(catalogue=source)
        url = await sandbox.start()
        try:
            async with httpx.AsyncClient(
                base_url=url, headers={"Authorization": "Bearer sandbox-token"}
            ) as client:
                services = ok(await client.get("servicePayment/list/"))["services"]
        finally:
            await sandbox.stop()
        assert [service["service_id"] for service in services] == [ELECTRICITY]
