"""Finding a service by a typed word: plain Python, no Telegram.

Every name is compared in one spelling. The query and each service's names (Paylov's own name,
the keywords of the service and of its category from locales/keywords.toml, the category's
name) are folded the same way: Cyrillic (Uzbek and Russian) written in Uzbek Latin (ш → sh,
ч → ch, ў → o', ғ → g', х → x, қ → q, я → ya, ё → yo, ю → yu, ц → ts ...), then the spellings
that differ between the two alphabets and between Uzbek and English made one (x/kh/h, q/k,
c/k/s, zh/j, o'/o, doubled letters), so "svet", "свет", "Elektr" and "электричество" meet.
A word typed on the wrong keyboard layout ("ишдфно" for "bilayn", "cdtn" for "свет") is tried
as the keys it was typed on, too.

The fuzzy part is rapidfuzz's Levenshtein ratio, per word and prefix-aware: a typed word scores
fully against a word it begins ("elek" → "elektr..."), and a typo costs what the edit distance
says. Only the matches close to the best one are kept (a bare typo of another name is not
shown beside an exact hit); those are ranked by the customer's own paid payments per service,
then everyone's, then by the score.
"""

from __future__ import annotations

import asyncio
import re
import time
import tomllib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict
from rapidfuzz.distance import Levenshtein

from bot.paylov.models import Service

# --- spelling -----------------------------------------------------------------------------------

# Uzbek Cyrillic (and the Russian letters Uzbek does not use) in Uzbek Latin.
_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "'", "ы": "i", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ў": "o'", "қ": "q", "ғ": "g'", "ҳ": "h",
}  # fmt: skip

# The Russian ЙЦУКЕН keys of the US QWERTY ones (lower case; the shifted row follows).
_QWERTY = "`qwertyuiop[]asdfghjkl;'zxcvbnm,."
_JCUKEN = "ёйцукенгшщзхъфывапролджэячсмитьбю"
_LATIN_TO_RUSSIAN_KEYS = str.maketrans(_QWERTY, _JCUKEN)
_RUSSIAN_TO_LATIN_KEYS = str.maketrans(_JCUKEN, _QWERTY)

# The ways of writing the apostrophe of o' and g' (the Uzbek ʻ and ʼ, typographic quotes).
_APOSTROPHES = str.maketrans({c: "'" for c in "ʻʼ`´‘’′"})
_CYRILLIC = re.compile(r"[а-яёўқғҳ]")
_LATIN = re.compile(r"[a-z]")

# After transliteration: one spelling for what the alphabets and languages write differently.
_SAME_SOUNDS = (
    ("'", ""),  # o' → o, g' → g, ъ
    ("kh", "h"),  # Russian х in English transliteration
    ("x", "h"),  # Uzbek x (х) and h (ҳ) are often typed one for the other
    ("q", "k"),
    ("zh", "j"),
    ("ph", "f"),
    ("w", "v"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")  # Ucell, Spectr: c is s before e/i/y, else k
_HARD_C = re.compile(r"c(?!h)")
_DOUBLED = re.compile(r"(.)\1+")
_NOT_A_WORD = re.compile(r"[^a-z0-9]+")


def to_latin(text: str) -> str:
    """Cyrillic letters in Uzbek Latin; anything else as it is (lower case)."""
    lowered = unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES)
    return "".join(_CYRILLIC_TO_LATIN.get(char, char) for char in lowered)


def fold(text: str) -> str:
    """The one spelling names are compared in: Latin, lower case, words split by one space."""
    latin = to_latin(text)
    for written, said in _SAME_SOUNDS:
        latin = latin.replace(written, said)
    latin = _HARD_C.sub("k", _SOFT_C.sub("s", latin))
    latin = _DOUBLED.sub(r"\1", latin)
    return _NOT_A_WORD.sub(" ", latin).strip()


def other_layout(text: str) -> str | None:
    """The text as the same keys give it on the other layout (Russian ↔ US), or None when it is
    in both alphabets or neither (no wrong layout to undo)."""
    lowered = text.lower()
    cyrillic, latin = bool(_CYRILLIC.search(lowered)), bool(_LATIN.search(lowered))
    if cyrillic and not latin:
        return lowered.translate(_RUSSIAN_TO_LATIN_KEYS)
    if latin and not cyrillic:
        return lowered.translate(_LATIN_TO_RUSSIAN_KEYS)
    return None


# --- what a typed message is --------------------------------------------------------------------

MIN_LETTERS = 2
MAX_QUERY_LENGTH = 64


class NotAQuery(StrEnum):
    """Why a typed message is not searched for."""

    TOO_SHORT = "too_short"  # fewer than two letters: "a", "7", "+998 90 123 45 67", "👍"
    TOO_LONG = "too_long"  # more than a name could be


def read_query(text: str) -> str | NotAQuery:
    """The words to search for (spaces tidied), or why there are none."""
    words = " ".join(text.split())
    if len(words) > MAX_QUERY_LENGTH:
        return NotAQuery.TOO_LONG
    letters = sum(1 for char in words if char.isalpha())
    return words if letters >= MIN_LETTERS else NotAQuery.TOO_SHORT


# --- keywords (locales/keywords.toml) -----------------------------------------------------------


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # What the entry is, for whoever edits the file; not searched.
    about: str = ""
    keywords: tuple[str, ...] = ()


class Keywords(BaseModel):
    """Words that find a service, beside its name: per service id and per category id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    services: dict[str, _Entry] = {}
    categories: dict[int, _Entry] = {}

    def of_service(self, service_id: str) -> tuple[str, ...]:
        entry = self.services.get(service_id)
        return entry.keywords if entry else ()

    def of_category(self, category_id: int) -> tuple[str, ...]:
        entry = self.categories.get(category_id)
        return entry.keywords if entry else ()


def load_keywords(path: Path) -> Keywords:
    """The keywords file; a missing file is no keywords (names alone still find services)."""
    if not path.is_file():
        return Keywords()
    with path.open("rb") as file:
        return Keywords.model_validate(tomllib.load(file))


# --- matching -----------------------------------------------------------------------------------

# A word scores at least this much against a name to count as a match (a typo in four letters
# is 75); the matches kept are those within BAND of the best one.
CUTOFF = 75.0
BAND = 10.0
PREFIX_SCORE = 92.0  # a typed word that begins a name's word ("elek", "beel")
CATEGORY_WEIGHT = 0.95  # a category's word finds its services, a little behind their own words
OTHER_LAYOUT_WEIGHT = 0.97  # undoing a wrong layout is a guess: the text as typed comes first


def _word_score(typed: str, word: str) -> float:
    if typed == word:
        return 100.0
    if len(typed) >= MIN_LETTERS and word.startswith(typed):
        return PREFIX_SCORE
    score = Levenshtein.normalized_similarity(typed, word) * 100
    if len(typed) >= 4 and len(word) > len(typed):  # a typo in the beginning of a longer word
        begun = Levenshtein.normalized_similarity(typed, word[: len(typed)]) * PREFIX_SCORE
        score = max(score, begun)
    return score


@dataclass(frozen=True)
class _Indexed:
    """A service and its folded names: its own (name, keywords), its category's (weighted)."""

    service: Service
    position: int
    own_names: tuple[str, ...]
    category_names: tuple[str, ...]

    def score(self, typed: str, memo: dict[tuple[str, str], float]) -> float:
        """How well the folded query `typed` matches (0-100). Each typed word counts at its
        best in any of the names ("beeline balans": the service's name and its category's
        word); words found nowhere cost a little ("pay electricity", "оплата свет"). `memo`
        keeps word scores for one query: a category's words are every one of its services'."""

        def word(t: str, w: str) -> float:
            key = (t, w)
            if key not in memo:
                memo[key] = _word_score(t, w)
            return memo[key]

        weighted = [(name, 1.0) for name in self.own_names]
        weighted += [(name, CATEGORY_WEIGHT) for name in self.category_names]
        per_word = [
            max(max(word(t, w) for w in name.split()) * weight for name, weight in weighted)
            for t in typed.split()
        ]
        found = [score for score in per_word if score >= CUTOFF]
        score = (
            sum(found) / len(found) * (0.75 + 0.25 * len(found) / len(per_word)) if found else 0.0
        )
        # Written together or apart ("toza hudud" / "tozahudud", "mobi uz" / "mobiuz").
        together = typed.replace(" ", "")
        joined = max(word(together, name.replace(" ", "")) * w for name, w in weighted)
        return max(score, joined)


@dataclass(frozen=True)
class Hit:
    service: Service
    score: float


class ServiceIndex:
    """The catalogue's services with their folded names; `match` scores a query against them."""

    def __init__(self, services: list[Service], keywords: Keywords) -> None:
        self.services = services
        self._entries = [
            _Indexed(
                service=service,
                position=position,
                own_names=_folded(service.name, *keywords.of_service(service.service_id)),
                category_names=_folded(
                    service.category.name, *keywords.of_category(service.category.id)
                ),
            )
            for position, service in enumerate(services)
        ]

    def match(self, query: str) -> list[Hit]:
        """The services the query finds, best first (by score, then Paylov's order)."""
        typed = [(fold(query), 1.0)]
        swapped = other_layout(query)
        if swapped is not None:
            typed.append((fold(swapped), OTHER_LAYOUT_WEIGHT))
        scored: list[tuple[float, int, Service]] = []
        memo: dict[tuple[str, str], float] = {}
        for entry in self._entries:
            score = max((entry.score(t, memo) * w for t, w in typed if t), default=0.0)
            if score >= CUTOFF:
                scored.append((score, entry.position, entry.service))
        if not scored:
            return []
        best = max(score for score, _, _ in scored)
        kept = [item for item in scored if item[0] >= best - BAND]
        kept.sort(key=lambda item: (-item[0], item[1]))
        return [Hit(service, score) for score, _, service in kept]


def _folded(*names: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for f in (fold(name) for name in names) if f))


def rank(hits: Sequence[Hit], own: Mapping[str, int], everyone: Mapping[str, int]) -> list[Hit]:
    """The customer's own use first, then everyone's, then the match (a stable sort keeps
    Paylov's order among equals)."""
    return sorted(
        hits,
        key=lambda hit: (
            -own.get(hit.service.service_id, 0),
            -everyone.get(hit.service.service_id, 0),
            -hit.score,
        ),
    )


# --- the finder ---------------------------------------------------------------------------------


class Catalogue(Protocol):
    async def services(self) -> list[Service]: ...


class UsageCounts(Protocol):
    async def paid_count_by_service(self, user_id: int | None = None) -> dict[str, int]: ...


@dataclass(frozen=True)
class Found:
    """What a typed message found: the services (best first, at most `limit`), how many there
    were in all, or why the message was not searched."""

    query: str
    services: list[Service] = field(default_factory=list)
    total: int = 0
    not_a_query: NotAQuery | None = None


class ServiceFinder:
    """Searches the live (cached) catalogue, ranked by use. Everyone's counts are a scan of the
    paid payments, so they are kept for `everyone_ttl` seconds; the customer's own are read
    each time (one indexed statement), so a payment just made counts at once."""

    def __init__(
        self,
        catalogue: Catalogue,
        usage: UsageCounts,
        keywords: Keywords,
        *,
        limit: int = 8,
        everyone_ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._catalogue, self._usage, self._keywords = catalogue, usage, keywords
        self._limit, self._everyone_ttl, self._clock = limit, everyone_ttl, clock
        self._index: ServiceIndex | None = None
        self._everyone: dict[str, int] = {}
        self._everyone_at: float | None = None
        self._lock = asyncio.Lock()

    async def find(self, user_id: int, text: str) -> Found:
        """Raises PaylovFailure when the catalogue cannot be read."""
        query = read_query(text)
        if isinstance(query, NotAQuery):
            return Found(query=text, not_a_query=query)
        hits = (await self._index_of_catalogue()).match(query)
        if not hits:
            return Found(query=query)
        own = await self._usage.paid_count_by_service(user_id)
        ranked = rank(hits, own, await self._everyones_counts())
        return Found(
            query=query, services=[hit.service for hit in ranked[: self._limit]], total=len(hits)
        )

    async def _index_of_catalogue(self) -> ServiceIndex:
        services = await self._catalogue.services()
        # The cache hands out the same list until it refreshes: index each list once.
        if self._index is None or self._index.services is not services:
            self._index = ServiceIndex(services, self._keywords)
        return self._index

    async def _everyones_counts(self) -> dict[str, int]:
        async with self._lock:
            now = self._clock()
            if self._everyone_at is None or now - self._everyone_at > self._everyone_ttl:
                self._everyone = await self._usage.paid_count_by_service()
                self._everyone_at = now
            return self._everyone
