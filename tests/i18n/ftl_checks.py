"""Checks over Fluent catalogues; each returns readable problems, an empty list when all is well.

Kept apart from the tests so `test_ftl_checks.py` can prove, on small broken samples, that every
check really reports what it is meant to catch.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from aiogram_i18n.utils.text_decorator import td
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.devtools.telegram_html import HtmlParseError, parse_html

# Opening or closing tag name, e.g. "b" or "/code"; attributes do not matter here.
_TAG_RE = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9-]*)")
# Keys the code asks for by literal: i18n.get("x"), texts.get("x"), ctx.t("x"), L("x").
_LITERAL_GET_RE = re.compile(
    r"(?:\bi18n(?:\.get)?|\btexts\.get|\bctx\.t|\b_?core\.get|\bLazyProxy|\bLazyFilter|\bL)"
    r"\(\s*\"([a-z0-9-]+)\""
)
# `key = "a" if ... else "b"`, then `i18n.get(key)`: the literals on such a line are keys too.
_KEY_ASSIGNMENT_RE = re.compile(r"^\s*key\s*=\s*(.+)$", re.MULTILINE)
_KEY_LITERAL_RE = re.compile(r"(?<![A-Za-z])\"([a-z0-9]+(?:-[a-z0-9]+)+)\"")
# Uzbek Latin: o‘ and g‘ take U+2018 in our files; any other mark after o/g is inconsistent.
_UZ_WRONG_OKINA_RE = re.compile(r"[oOgG]['\u2019\u02bb\u02bc`]")
# Several values per variable: a word, and numbers that reach Russian's one/few/many plurals.
DUMMY_VALUES: tuple[str | int, ...] = ("sample", 1, 3, 5)


@dataclass
class Catalogue:
    """The messages of one language, gathered from every .ftl file of that language."""

    messages: dict[str, ast.Message] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # junk and duplicates found while parsing


def parse_catalogue(files: Mapping[str, str]) -> Catalogue:
    """`files` maps a file name (for messages) to its Fluent source."""
    catalogue = Catalogue()
    parser = FluentParser(with_spans=True)
    for name, source in files.items():
        catalogue.sources.append(source)
        for entry in parser.parse(source).body:
            if isinstance(entry, ast.Junk):
                catalogue.problems.append(_describe_junk(name, source, entry))
            elif isinstance(entry, ast.Message):
                if entry.id.name in catalogue.messages:
                    catalogue.problems.append(f"{name}: duplicate message {entry.id.name!r}")
                catalogue.messages[entry.id.name] = entry
    return catalogue


def load_catalogue(directory: Path) -> Catalogue:
    """Every .ftl below the directory, like aiogram-i18n's FluentRuntimeCore loads them."""
    files = sorted(directory.rglob("*.ftl"))
    return parse_catalogue({str(path): path.read_text(encoding="utf-8") for path in files})


def _describe_junk(name: str, source: str, junk: ast.Junk) -> str:
    line = source.count("\n", 0, junk.span.start) + 1 if junk.span else 0
    notes = "; ".join(annotation.message for annotation in junk.annotations)
    return f"{name}:{line}: syntax error ({notes}): {junk.content.strip()[:80]!r}"


class _Collector(Visitor):
    """Variable names and the raw text of a message, through selectors and variants."""

    def __init__(self) -> None:
        super().__init__()
        self.variables: set[str] = set()
        self.texts: list[str] = []

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.variables.add(node.id.name)
        self.generic_visit(node)

    def visit_TextElement(self, node: ast.TextElement) -> None:
        self.texts.append(node.value)


def _collect(message: ast.Message) -> _Collector:
    collector = _Collector()
    collector.visit(message)
    return collector


def variables_of(message: ast.Message) -> frozenset[str]:
    return frozenset(_collect(message).variables)


def tags_of(message: ast.Message) -> Counter[str]:
    """How many times each opening and closing HTML tag appears in the message's own text."""
    return Counter(tag.lower() for text in _collect(message).texts for tag in _TAG_RE.findall(text))


def missing_messages(catalogues: Mapping[str, Catalogue]) -> list[str]:
    """Every id known in any language must exist in all of them."""
    every_id = set().union(*(catalogue.messages for catalogue in catalogues.values()))
    problems = []
    for message_id in sorted(every_id):
        absent = [
            lang for lang, catalogue in catalogues.items() if message_id not in catalogue.messages
        ]
        if absent:
            present = [lang for lang in catalogues if lang not in absent]
            problems.append(f"{message_id!r} is in {present} but missing in {absent}")
    return problems


def _shared_ids(catalogues: Mapping[str, Catalogue]) -> list[str]:
    ids = [set(catalogue.messages) for catalogue in catalogues.values()]
    return sorted(set.intersection(*ids)) if ids else []


def variable_mismatches(catalogues: Mapping[str, Catalogue], reference: str) -> list[str]:
    """A translation must use exactly the variables of the reference language."""
    problems = []
    for message_id in _shared_ids(catalogues):
        expected = variables_of(catalogues[reference].messages[message_id])
        for lang, catalogue in catalogues.items():
            found = variables_of(catalogue.messages[message_id])
            if found != expected:
                problems.append(
                    f"{lang}: {message_id!r} uses variables {sorted(found)}, "
                    f"{reference} uses {sorted(expected)}"
                )
    return problems


def tag_mismatches(catalogues: Mapping[str, Catalogue], reference: str) -> list[str]:
    """A translation must keep the reference's HTML tags: same names, same counts."""
    problems = []
    for message_id in _shared_ids(catalogues):
        expected = tags_of(catalogues[reference].messages[message_id])
        for lang, catalogue in catalogues.items():
            found = tags_of(catalogue.messages[message_id])
            if found != expected:
                problems.append(
                    f"{lang}: {message_id!r} has tags {dict(sorted(found.items()))}, "
                    f"{reference} has {dict(sorted(expected.items()))}"
                )
    return problems


def make_bundle(lang: str, catalogue: Catalogue) -> FluentBundle:
    """A bundle set up like production's FluentRuntimeCore (no isolating marks, td functions)."""
    bundle = FluentBundle([lang], use_isolating=False, functions=dict(td.functions))
    for source in catalogue.sources:
        bundle.add_resource(FluentResource(source))
    return bundle


def render_problems(lang: str, catalogue: Catalogue) -> list[str]:
    """Render every message with dummy values; Fluent errors and Telegram-invalid HTML fail."""
    bundle = make_bundle(lang, catalogue)
    problems = []
    for message_id, message in sorted(catalogue.messages.items()):
        if message.value is None:
            problems.append(f"{lang}: {message_id!r} has no value (aiogram-i18n needs one)")
            continue
        names = variables_of(message)
        for dummy in DUMMY_VALUES:
            pattern = bundle.get_message(message_id).value
            text, errors = bundle.format_pattern(pattern, dict.fromkeys(names, dummy))
            if errors:
                problems.append(f"{lang}: {message_id!r} with {dummy!r}: {errors}")
                break
            if not text.strip():
                problems.append(f"{lang}: {message_id!r} renders empty")
                break
            try:
                parse_html(text)
            except HtmlParseError as error:
                problems.append(f"{lang}: {message_id!r} is not valid Telegram HTML: {error}")
                break
    return problems


def keys_used_in_code(sources: Iterable[str]) -> set[str]:
    """Literal message ids in Python source; keys built from a prefix at run time are skipped."""
    keys: set[str] = set()
    for source in sources:
        keys.update(_LITERAL_GET_RE.findall(source))
        for assignment in _KEY_ASSIGNMENT_RE.findall(source):
            keys.update(_KEY_LITERAL_RE.findall(assignment))
    return keys


def unknown_keys(keys: Iterable[str], catalogue: Catalogue) -> list[str]:
    return sorted(key for key in set(keys) if key not in catalogue.messages)


def uzbek_okina_problems(catalogue: Catalogue) -> list[str]:
    """o‘ and g‘ are written with U+2018 throughout; a mix reads as sloppy and breaks search."""
    problems = []
    for message_id, message in sorted(catalogue.messages.items()):
        for text in _collect(message).texts:
            for match in _UZ_WRONG_OKINA_RE.finditer(text):
                problems.append(f"uz: {message_id!r} writes {match.group()!r}, use U+2018 (‘)")
    return problems
