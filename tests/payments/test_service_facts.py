"""What is owed and which services are top-ups, from data: never guessed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram_i18n.cores import FluentRuntimeCore

from bot.paylov.models import InfoItem, ServiceFields
from bot.payments.amounts import AmountLimits
from bot.payments.service_facts import (
    DebtRule,
    NothingOwed,
    Owed,
    OwedWhen,
    ServiceFacts,
    load_service_facts,
)
from bot.telegram.callbacks import PayAction, PayCb
from bot.telegram.i18n import LOCALES_PATH
from bot.telegram.outbox import LocaleTexts
from bot.telegram.screens import Texts, payment


def _service(
    service_id: str = "s1", category: int = 3, postfix: str | None = "UZS"
) -> ServiceFields:
    return ServiceFields.model_validate(
        {
            "service_id": service_id,
            "name": "Light",
            "category": {"id": category, "name": "Utilities"},
            "fields": [],
            "response_fields": [
                {"field_id": "1", "name": "saldo", "title": "Balance", "postfix": postfix}
            ],
        }
    )


FACTS = ServiceFacts(
    debts={"s1": DebtRule("saldo", OwedWhen.NEGATIVE), "s2": DebtRule("due", OwedWhen.POSITIVE)},
    mobile_categories=frozenset({1}),
    quick_amounts=(5000, 10000, 20000, 50000),
)


def _saldo(value: str | None, name: str = "saldo") -> list[InfoItem]:
    return [InfoItem(name="fio", value="Aziza"), InfoItem(name=name, value=value)]


def test_the_sign_is_the_services_and_fractions_round_up() -> None:
    light = _service()
    assert FACTS.debt(light, _saldo("-87340.50 UZS")) == Owed(87_341)
    assert FACTS.debt(light, _saldo("-84 500,00")) == Owed(84_500)
    assert FACTS.debt(light, _saldo("15105.15 UZS")) == NothingOwed()
    assert FACTS.debt(light, _saldo("0.00")) == NothingOwed()
    due = _service("s2", postfix=None)
    assert FACTS.debt(due, _saldo("1200", name="due")) == Owed(1200)
    assert FACTS.debt(due, _saldo("-1200", name="due")) == NothingOwed()


def test_without_knowledge_nothing_is_owed_or_not_owed() -> None:
    assert FACTS.debt(_service("unknown"), _saldo("-5000")) is None  # no rule: never guessed
    assert FACTS.debt(_service(), _saldo("owes a lot")) is None
    assert FACTS.debt(_service(), _saldo(None)) is None
    assert FACTS.debt(_service(), [InfoItem(name="fio", value="Aziza")]) is None
    assert FACTS.debt(_service(), _saldo("-5000 EUR")) is None  # not a currency we know
    assert FACTS.debt(_service(), _saldo("NaN")) is None


def test_quick_amounts_for_top_ups_within_their_limits() -> None:
    mobile, light = _service(category=1), _service(category=3)
    assert FACTS.quick_amounts_for(mobile, AmountLimits.of(1000, 1_000_000)) == [
        5000,
        10000,
        20000,
        50000,
    ]
    assert FACTS.quick_amounts_for(mobile, AmountLimits.of(8000, 30000)) == [10000, 20000]
    assert FACTS.quick_amounts_for(light, AmountLimits.of(500, None)) == []


def test_the_data_file_reads_and_names_services_of_the_sandbox() -> None:
    facts = load_service_facts()
    assert facts.mobile_categories == frozenset({1})
    assert facts.quick_amounts == (5000, 10000, 20000, 50000)
    assert facts.debts["6ae5eaf5-9b70-4aa9-9260-2438e99affa0"] == DebtRule(
        "saldo", OwedWhen.NEGATIVE
    )


def test_a_wrong_sign_in_the_data_fails_at_start(tmp_path: Path) -> None:
    wrong = tmp_path / "facts.toml"
    wrong.write_text('[debt."s1"]\nfield = "saldo"\nowed_when = "minus"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="minus"):
        load_service_facts(wrong)


@pytest.fixture
async def texts() -> AsyncIterator[Texts]:
    core = FluentRuntimeCore(path=LOCALES_PATH / "{locale}", default_locale="en")
    await core.startup()
    yield LocaleTexts(core, "en")


def _data(screen: payment.Screen) -> list[str]:
    assert screen.markup is not None
    return [b.callback_data or "" for row in screen.markup.inline_keyboard for b in row]


def test_owed_outside_the_limits_is_shown_without_a_button(texts: Texts) -> None:
    limits = AmountLimits.of(500, 50_000)
    offer = payment.AmountOffer(preview=[], debt=Owed(87_341))
    screen = payment.amount(texts, _service(), limits, offer=offer)
    assert "87 341" in screen.text and "does not take that amount" in screen.text
    assert PayCb(action=PayAction.PAY_OWED).pack() not in _data(screen)
    inside = payment.amount(texts, _service(), AmountLimits.of(500, None), offer=offer)
    assert PayCb(action=PayAction.PAY_OWED).pack() in _data(inside)
    assert "💳 Pay 87 341 sum" in [
        b.text
        for row in inside.markup.inline_keyboard
        for b in row  # type: ignore[union-attr]
    ]
