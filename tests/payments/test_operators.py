"""The operators' table (bot/payments/operators.toml) against the sandbox catalogue, and the
prefix rules read from it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.payments.operators import load_operators, national_number, shown_number

CATALOGUE = Path("bot/paylov/sandbox/catalogue.json")


def test_every_operator_is_a_mobile_service_whose_own_rule_takes_its_codes() -> None:
    operators = load_operators()
    services = {s["service_id"]: s for s in json.loads(CATALOGUE.read_text())["services"]}
    mobile = {sid for sid, s in services.items() if s["category"] == 1}
    assert {op.service_id for op in operators.all} == mobile  # one row per operator, no more
    for operator in operators.all:
        service = services[operator.service_id]
        assert service["name"] == operator.name
        [phone] = [f for f in service["fields"] if f["name"] == operators.phone_field]
        rule = re.compile(phone["validation"])
        for code in operator.codes:
            assert rule.fullmatch(code + "1234567"), (operator.name, code)


def test_a_number_is_told_by_its_prefix() -> None:
    operators = load_operators()
    beeline = operators.of_number("901234567")
    assert beeline is not None and beeline.name == "Beeline"
    assert operators.of_number("121234567") is None  # no operator's code
    assert operators.of_number("90123456") is None  # too short
    assert operators.misplaced(beeline.service_id, "931234567").name == "Ucell"  # type: ignore[union-attr]
    assert operators.misplaced(beeline.service_id, "911234567") is None
    assert operators.misplaced("not-a-top-up", "931234567") is None


def test_numbers_from_a_shared_contact() -> None:
    assert national_number("+998901234567") == "901234567"
    assert national_number("998 90 123 45 67") == "901234567"
    assert national_number("+79001234567") is None
    assert national_number(None) is None
    assert shown_number("901234567") == "+998 90 123 45 67"


def test_a_code_of_two_operators_is_refused_at_start(tmp_path: Path) -> None:
    path = tmp_path / "operators.toml"
    path.write_text(
        '[[operator]]\nname = "A"\ncodes = ["90"]\nservice_id = "a"\n'
        '[[operator]]\nname = "B"\ncodes = ["90"]\nservice_id = "b"\n'
    )
    with pytest.raises(ValueError, match="code 90"):
        load_operators(path)
