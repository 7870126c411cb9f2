"""The real locale files: every language has every English message, intact and renderable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.payments.cards import CardProblem
from bot.payments.form import FieldProblem
from bot.payments.refusals import BINDING_TOO_MANY_CODES_KEY, GENERIC_REFUSAL_KEY, REFUSALS
from bot.storage.models import PaymentStatus
from bot.telegram.commands import ADMIN_COMMANDS, CUSTOMER_COMMANDS
from bot.telegram.i18n import LANGUAGES, LOCALES_PATH

from . import ftl_checks
from .ftl_checks import Catalogue

REFERENCE = "en"
BOT_PACKAGE = Path(__file__).resolve().parents[2] / "bot"
# Telegram refuses a command description outside these bounds.
COMMAND_DESCRIPTION_LENGTH = range(3, 257)


@pytest.fixture(scope="module")
def catalogues() -> dict[str, Catalogue]:
    return {lang: ftl_checks.load_catalogue(LOCALES_PATH / lang) for lang in LANGUAGES}


def test_every_language_has_a_locale_folder() -> None:
    folders = {path.name for path in LOCALES_PATH.iterdir() if path.is_dir()}
    assert folders == set(LANGUAGES)
    for lang in LANGUAGES:
        assert list((LOCALES_PATH / lang).rglob("*.ftl")), f"no .ftl files for {lang}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_syntax_errors_or_duplicates(catalogues: dict[str, Catalogue], lang: str) -> None:
    assert catalogues[lang].problems == []
    assert catalogues[lang].messages, f"{lang} has no messages"


def test_same_message_ids_in_every_language(catalogues: dict[str, Catalogue]) -> None:
    assert ftl_checks.missing_messages(catalogues) == []


def test_same_variables_in_every_language(catalogues: dict[str, Catalogue]) -> None:
    assert ftl_checks.variable_mismatches(catalogues, REFERENCE) == []


def test_same_html_tags_in_every_language(catalogues: dict[str, Catalogue]) -> None:
    assert ftl_checks.tag_mismatches(catalogues, REFERENCE) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_renders(catalogues: dict[str, Catalogue], lang: str) -> None:
    assert ftl_checks.render_problems(lang, catalogues[lang]) == []


def test_literal_keys_in_code_exist_in_english(catalogues: dict[str, Catalogue]) -> None:
    sources = [path.read_text(encoding="utf-8") for path in BOT_PACKAGE.rglob("*.py")]
    keys = ftl_checks.keys_used_in_code(sources)
    # The scan must see the code's keys at all, or an empty result would pass vacuously.
    assert {"welcome", "menu-title", "paylov-unavailable"} <= keys
    assert ftl_checks.unknown_keys(keys, catalogues[REFERENCE]) == []


def _enum_keys() -> set[str]:
    """Keys the code builds from enum values (views.status_label, the field and card checks)."""
    return (
        {f"status-{status.value}" for status in PaymentStatus}
        | {f"field-problem-{p.value.replace('_', '-')}" for p in FieldProblem}
        | {f"card-problem-{p.value.replace('_', '-')}" for p in CardProblem}
        | {f"cmd-{name}" for name in CUSTOMER_COMMANDS + ADMIN_COMMANDS}
    )


def test_keys_built_from_enums_exist_in_english(catalogues: dict[str, Catalogue]) -> None:
    assert ftl_checks.unknown_keys(_enum_keys(), catalogues[REFERENCE]) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_refusal_key_exists_in_every_language(
    catalogues: dict[str, Catalogue], lang: str
) -> None:
    keys = {refusal.key for refusal in REFUSALS} | {GENERIC_REFUSAL_KEY, BINDING_TOO_MANY_CODES_KEY}
    assert ftl_checks.unknown_keys(keys, catalogues[lang]) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_refusal_table_has_every_paylov_code_message(
    catalogues: dict[str, Catalogue], lang: str
) -> None:
    # The table is the source: words for a code it does not list would never be said.
    written = {key for key in catalogues[lang].messages if key.startswith("paylov-code-")}
    assert written == {refusal.key for refusal in REFUSALS}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_command_descriptions_fit_telegram(catalogues: dict[str, Catalogue], lang: str) -> None:
    bundle = ftl_checks.make_bundle(lang, catalogues[lang])
    for name in CUSTOMER_COMMANDS + ADMIN_COMMANDS:
        text, _ = bundle.format_pattern(bundle.get_message(f"cmd-{name}").value, {})
        assert len(text) in COMMAND_DESCRIPTION_LENGTH, f"{lang}: cmd-{name} = {text!r}"


def test_uzbek_uses_one_okina(catalogues: dict[str, Catalogue]) -> None:
    assert ftl_checks.uzbek_okina_problems(catalogues["uz"]) == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "✅ Language: English"), ("ru", "✅ Язык: русский"), ("uz", "✅ Til: o‘zbekcha")],
)
def test_language_set_names_itself(
    catalogues: dict[str, Catalogue], lang: str, expected: str
) -> None:
    bundle = ftl_checks.make_bundle(lang, catalogues[lang])
    text, errors = bundle.format_pattern(bundle.get_message("language-set").value, {})
    assert (text, errors) == (expected, [])
