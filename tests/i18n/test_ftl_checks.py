"""The checks themselves catch what they promise, shown on small broken catalogues."""

from __future__ import annotations

from collections import Counter

from . import ftl_checks
from .ftl_checks import Catalogue

EN = """
hello = Hello, <b>{ $name }</b>!
bye = Bye.
"""


def _catalogue(source: str) -> Catalogue:
    return ftl_checks.parse_catalogue({"sample.ftl": source})


def _pair(other: str) -> dict[str, Catalogue]:
    return {"en": _catalogue(EN), "xx": _catalogue(other)}


def test_a_faithful_translation_passes() -> None:
    catalogues = _pair("hello = Salom, <b>{ $name }</b>!\nbye = Xayr.\n")
    assert ftl_checks.missing_messages(catalogues) == []
    assert ftl_checks.variable_mismatches(catalogues, "en") == []
    assert ftl_checks.tag_mismatches(catalogues, "en") == []
    assert ftl_checks.render_problems("xx", catalogues["xx"]) == []


def test_missing_and_extra_messages_are_reported() -> None:
    problems = ftl_checks.missing_messages(_pair("hello = Hi { $name }\nextra = Only here.\n"))
    assert len(problems) == 2
    assert "'bye'" in problems[0] and "missing in ['xx']" in problems[0]
    assert "'extra'" in problems[1] and "missing in ['en']" in problems[1]


def test_renamed_variable_is_reported() -> None:
    catalogues = _pair("hello = Salom, <b>{ $nom }</b>!\nbye = Xayr.\n")
    [problem] = ftl_checks.variable_mismatches(catalogues, "en")
    assert "xx: 'hello'" in problem and "['nom']" in problem


def test_variables_inside_select_variants_count() -> None:
    message = _catalogue("n = { $count ->\n    [one] one { $unit }\n   *[other] many\n}\n")
    assert ftl_checks.variables_of(message.messages["n"]) == {"count", "unit"}


def test_changed_html_tags_are_reported() -> None:
    catalogues = _pair("hello = Salom, <i>{ $name }</i>!\nbye = <b>Xayr</b>.\n")
    problems = ftl_checks.tag_mismatches(catalogues, "en")
    assert [p.split(" has ")[0] for p in problems] == ["xx: 'bye'", "xx: 'hello'"]
    assert ftl_checks.tags_of(catalogues["en"].messages["hello"]) == Counter({"b": 1, "/b": 1})


def test_syntax_errors_and_duplicates_are_reported() -> None:
    catalogue = _catalogue("good = Fine.\nbroken = { $x\ngood = Again.\n")
    assert len(catalogue.problems) == 2
    assert catalogue.problems[0].startswith("sample.ftl:2: syntax error")
    assert "duplicate message 'good'" in catalogue.problems[1]


def test_render_reports_fluent_errors_and_bad_html() -> None:
    catalogue = _catalogue(
        "ref = { missing-message }\nopen = <b>unclosed\nfunc = { NOPE($x) }\nattrs =\n    .a = x\n"
    )
    problems = ftl_checks.render_problems("en", catalogue)
    assert len(problems) == 4
    assert any("'attrs' has no value" in p for p in problems)
    assert any("'func'" in p for p in problems)
    assert any("'open' is not valid Telegram HTML" in p for p in problems)
    assert any("'ref'" in p for p in problems)


def test_keys_in_code_are_found_and_unknown_ones_reported() -> None:
    source = """
text = i18n.get("bye")
more = self.i18n.get(
    "hello", name=name
)
alert = self._core.get("gone", locale)
key = "first-key" if ok else "second-key"
other = form.get("username")
built = i18n.get(f"status-{status}")
"""
    keys = ftl_checks.keys_used_in_code([source])
    assert keys == {"bye", "hello", "gone", "first-key", "second-key"}
    assert ftl_checks.unknown_keys(keys, _catalogue(EN)) == ["first-key", "gone", "second-key"]


def test_uzbek_okina_mix_is_reported() -> None:
    catalogue = _catalogue("a = To‘lov ma’lumotlari\nb = To'lov\nc = bog\u2019liq\n")
    problems = ftl_checks.uzbek_okina_problems(catalogue)
    assert [p.split(" writes ")[0] for p in problems] == ["uz: 'b'", "uz: 'c'"]
