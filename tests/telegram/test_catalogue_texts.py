"""The one lookup of Paylov's names in the customer's language, against the real locale files."""

from __future__ import annotations

import pytest
from aiogram_i18n.cores import FluentRuntimeCore

from bot.paylov.models import Category, ServiceField
from bot.payments.form import LabelledValue, TitleOf
from bot.telegram import catalogue_texts as words
from bot.telegram.catalogue_texts import Kind, key_of, normalised
from bot.telegram.i18n import LANGUAGES, LOCALES_PATH
from bot.telegram.outbox import LocaleTexts


@pytest.fixture
async def core() -> FluentRuntimeCore:
    core = FluentRuntimeCore(path=LOCALES_PATH / "{locale}", default_locale="uz")
    await core.startup()
    return core


def test_names_make_valid_fluent_keys() -> None:
    assert normalised("Коммунальные услуги") == "kommunalnye-uslugi"
    assert normalised("customer_code") == "customer_code"
    assert normalised("kVts xisoblangani") == "kvts-xisoblangani"
    assert key_of(Kind.INFO, "fio", "Абонент") == "catalogue-info-fio--abonent"
    # Nothing usable, or too long: no key, so Paylov's own title is shown.
    assert key_of(Kind.FIELD, "— · —") is None
    assert key_of(Kind.FIELD, "x" * 65) is None
    assert key_of(Kind.INFO, "fio", "!!!") is None


@pytest.mark.parametrize(
    ("lang", "category", "balance", "subscriber"),
    [
        ("en", "Utilities", "Balance", "Subscriber"),
        ("ru", "Коммунальные услуги", "Баланс", "Абонент"),
        ("uz", "Kommunal xizmatlar", "Balans", "Abonent"),
    ],
)
def test_mapped_names_read_in_each_language(
    core: FluentRuntimeCore, lang: str, category: str, balance: str, subscriber: str
) -> None:
    texts = LocaleTexts(core, lang)
    assert words.category_name(texts, Category(id=3, name="Коммунальные услуги")) == category
    saldo = LabelledValue(title="saldo", value="1", name="saldo", of=TitleOf.INFO)
    assert words.title(texts, saldo) == balance
    fio = LabelledValue(title="Абонент", value="A", name="fio", of=TitleOf.INFO)
    assert words.title(texts, fio) == subscriber


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unmapped_names_fall_back_to_paylovs_title(core: FluentRuntimeCore, lang: str) -> None:
    texts = LocaleTexts(core, lang)
    assert words.service_name(texts, "Beeline") == "Beeline"
    odd = LabelledValue(title="kVts xisoblangani", value="5", name="kvts", of=TitleOf.INFO)
    assert words.title(texts, odd) == "kVts xisoblangani"
    field = ServiceField(field_id="1", name="—", title="Номер")
    assert words.field_title(texts, field) == "Номер"
    assert words.category_name(texts, Category(id=9, name="Новое")) == "Новое"
