"""The typed search of services: spelling (transliteration, wrong keyboard layouts), what is a
query, the keywords file, matching against the sandbox's catalogue over HTTP, and the ranking
by the payments in a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.paylov.client import PaylovClient
from bot.paylov.models import Category, Service
from bot.payments.catalogue import CatalogueCache
from bot.payments.search import (
    MAX_QUERY_LENGTH,
    Hit,
    Keywords,
    NotAQuery,
    ServiceFinder,
    ServiceIndex,
    fold,
    load_keywords,
    other_layout,
    rank,
    read_query,
    to_latin,
)
from bot.storage.repositories import Repositories
from bot.telegram.i18n import LOCALES_PATH
from tests.storage.helpers import OTHER_USER, USER

CATALOGUE_FILE = Path(__file__).resolve().parents[2] / "bot/paylov/sandbox/catalogue.json"
KEYWORDS = load_keywords(LOCALES_PATH / "keywords.toml")

ELECTRICITY = "Плата за электроэнергию"
GAS = "Hududgaztaminot — природный газ"
COLD_WATER = "Холодная вода (Suvsoz)"
KINDERGARTEN = "Детские сады (родительская плата)"
FINES = "Штрафы ГУБДД (по номеру постановления)"
GARBAGE = "Toza Hudud — вывоз мусора"
MOBILE = ["Beeline", "Ucell", "Mobiuz", "Uzmobile", "Humans"]  # Paylov's order; Perfectum hidden
IDS = {
    "Beeline": "7c444ebb-fc2c-54d3-9636-9791ec81df1c",
    "Ucell": "d0e47df2-cc87-5ab4-9e97-0edf14e16d1a",
    "Humans": "6f22b4ca-8d56-5d79-aee3-2ad25bef4865",
}
THIRD_USER = 3003


# --- spelling -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("шарқ", "sharq"),
        ("чорсу", "chorsu"),
        ("ўзбекистон", "o'zbekiston"),
        ("ғалла", "g'alla"),
        ("хоразм", "xorazm"),
        ("қўқон", "qo'qon"),
        ("яшнобод", "yashnobod"),
        ("ёшлар", "yoshlar"),
        ("юнусобод", "yunusobod"),
        ("цемент", "tsement"),
        ("ҳудуд", "hudud"),
        ("щётка", "shyotka"),
        ("электроэнергия", "elektroenergiya"),
    ],
)
def test_cyrillic_is_written_in_uzbek_latin(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin
    assert to_latin(cyrillic.upper()) == latin


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Шарқ", "Sharq"),
        ("O‘zbekiston", "ўзбекистон"),  # the okina U+2018, as the Uzbek texts write it
        ("Oʻzbekiston", "O'zbekiston"),  # U+02BB and the ASCII apostrophe
        ("g‘alla", "галла"),  # g' or a Russian speaker's g
        ("Xorazm", "Хоразм"),
        ("Telecom", "Телеком"),
        ("Ucell", "Уселл"),
        ("Hududgaz", "Худудгаз"),  # h for x
        ("Qo'qon", "Кўкон"),  # q for k
        ("  Toza   Hudud — ", "toza hudud"),
        ("Spectr-IT", "спектр ит"),
    ],
)
def test_spellings_across_alphabets_fold_to_one(one: str, other: str) -> None:
    assert fold(one) == fold(other)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ишдфнт", "bilayn"),  # "bilayn" typed on the Russian layout
        ("иуудшту", "beeline"),
        ("ыфклщк", "sarkor"),
        ("cdtn", "свет"),  # "свет" typed on the US layout
        ("'ktrnh", "электр"),
        ("ult", "где"),
    ],
)
def test_a_wrong_keyboard_layout_is_undone(typed: str, meant: str) -> None:
    assert other_layout(typed) == meant


@pytest.mark.parametrize("typed", ["12345", "ҳа yes", "👍", ""])
def test_no_layout_to_undo_in_mixed_or_letterless_text(typed: str) -> None:
    assert other_layout(typed) is None


@pytest.mark.parametrize(
    "typed", ["a", "я", "7", "12345", "8600 0012", "+998 90 123 45 67", "👍", "!!", "  ", "1a"]
)
def test_fewer_than_two_letters_is_not_a_query(typed: str) -> None:
    assert read_query(typed) is NotAQuery.TOO_SHORT


def test_more_than_a_name_could_be_is_not_a_query() -> None:
    assert read_query("svet " * 20) is NotAQuery.TOO_LONG
    assert read_query("x" * MAX_QUERY_LENGTH) == "x" * MAX_QUERY_LENGTH


@pytest.mark.parametrize(
    ("typed", "query"), [("  svet \n", "svet"), ("tv", "tv"), ("toza   hudud", "toza hudud")]
)
def test_a_query_is_the_words_tidied(typed: str, query: str) -> None:
    assert read_query(typed) == query


# --- the keywords file --------------------------------------------------------------------------


def _catalogue_data() -> dict[str, list[dict[str, object]]]:
    return json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_every_sandbox_service_and_category_has_keywords() -> None:
    data = _catalogue_data()
    services = {str(item["service_id"]) for item in data["services"]}
    categories = {int(str(item["id"])) for item in data["categories"]}
    assert set(KEYWORDS.services) == services
    assert set(KEYWORDS.categories) == categories
    for service_id in services:
        assert KEYWORDS.of_service(service_id), service_id
    for category_id in categories:
        assert KEYWORDS.of_category(category_id), category_id


def test_keywords_are_in_every_language_the_customers_type() -> None:
    electricity = KEYWORDS.of_service("6ae5eaf5-9b70-4aa9-9260-2438e99affa0")
    assert {"svet", "свет", "elektr", "электричество", "electricity"} <= set(electricity)
    assert {"билайн", "beeline", "bilayn"} <= set(KEYWORDS.of_service(IDS["Beeline"]))


def test_a_missing_keywords_file_is_no_keywords(tmp_path: Path) -> None:
    assert load_keywords(tmp_path / "nothing.toml") == Keywords()


def test_a_misspelt_key_in_the_keywords_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keywords.toml"
    path.write_text('[services.x]\nkeyword = ["oops"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="keyword"):
        load_keywords(path)


# --- matching against the sandbox's catalogue ---------------------------------------------------


@pytest.fixture
async def services(static_client: PaylovClient) -> list[Service]:
    """The live catalogue, as the bot reads it (active services of the merchant)."""
    return await CatalogueCache(static_client).services()


@pytest.fixture
def index(services: list[Service]) -> ServiceIndex:
    return ServiceIndex(services, KEYWORDS)


def _names(index: ServiceIndex, query: str) -> list[str]:
    return [hit.service.name for hit in index.match(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The examples.
        ("svet", [ELECTRICITY]),
        ("свет", [ELECTRICITY]),
        ("elektr", [ELECTRICITY]),
        ("электричество", [ELECTRICITY]),
        ("билайн", ["Beeline"]),
        ("beeline", ["Beeline"]),
        ("bilayn", ["Beeline"]),
        # Capitals, typos, a beginning, the other alphabet, the wrong layout.
        ("BEELINE", ["Beeline"]),
        ("Beelin", ["Beeline"]),
        ("bilain", ["Beeline"]),
        ("электро", [ELECTRICITY]),
        ("ишдфнт", ["Beeline"]),
        ("cdtn", [ELECTRICITY]),
        ("ucell", ["Ucell"]),
        ("юсел", ["Ucell"]),
        ("ucel", ["Ucell"]),
        ("gaz", [GAS]),
        ("ГАЗ", [GAS]),
        ("худудгаз", [GAS]),
        ("suvsoz", [COLD_WATER]),
        ("сувсоз", [COLD_WATER]),
        ("bog‘cha", [KINDERGARTEN]),
        ("боғча", [KINDERGARTEN]),
        ("детский сад", [KINDERGARTEN]),
        ("jarima", [FINES]),
        ("штраф", [FINES]),
        ("гибдд", [FINES]),
        ("toza hudud", [GARBAGE]),
        ("tozahudud", [GARBAGE]),
        ("мусор", [GARBAGE]),
        ("ыфклщк", ["Sarkor Telecom"]),
        # A word beside the name ("pay", "оплата") does not hide it.
        ("pay electricity", [ELECTRICITY]),
        ("оплата свет", [ELECTRICITY]),
        ("beeline balans", ["Beeline"]),
    ],
)
def test_a_word_finds_its_service(index: ServiceIndex, query: str, expected: list[str]) -> None:
    assert _names(index, query) == expected


def test_a_word_of_many_names_finds_them_all(index: ServiceIndex) -> None:
    telecoms = ["Sarkor Telecom", "East Telecom", "Turon Telecom", "Sharq Telecom", "Nano Telecom"]
    assert _names(index, "telecom") == telecoms
    assert _names(index, "телеком") == telecoms
    assert set(_names(index, "вода")) == {COLD_WATER, "Горячая вода и отопление"}


def test_a_category_word_finds_its_services(index: ServiceIndex) -> None:
    assert _names(index, "kommunal") == [
        ELECTRICITY,
        GAS,
        COLD_WATER,
        "Горячая вода и отопление",
        GARBAGE,
    ]
    assert set(MOBILE) <= set(_names(index, "мобильная связь"))


@pytest.mark.parametrize("query", ["xyzzy", "qwerty", "pizza", "такси", "zz", "سلام", "中文"])
def test_a_word_of_no_name_finds_nothing(index: ServiceIndex, query: str) -> None:
    assert index.match(query) == []


def test_names_alone_find_across_alphabets(services: list[Service]) -> None:
    bare = ServiceIndex(services, Keywords())
    assert _names(bare, "elektroenergiya") == [ELECTRICITY]
    assert _names(bare, "билайн") == []  # a different word: only the keywords know it
    assert _names(bare, "Beeline") == ["Beeline"]


def test_hidden_services_are_not_found(index: ServiceIndex) -> None:
    # Perfectum is not enabled for the merchant, Uzdigital TV is inactive: not in the catalogue.
    assert _names(index, "perfectum") == []
    assert _names(index, "uzdigital") == []


# --- ranking ------------------------------------------------------------------------------------


def _service(name: str) -> Service:
    return Service(service_id=name.lower(), name=name, category=Category(id=1, name="Mobile"))


def test_ranked_by_own_use_then_everyones_then_the_match() -> None:
    a, b, c, d = (_service(name) for name in "ABCD")
    hits = [Hit(a, 100), Hit(b, 95), Hit(c, 90), Hit(d, 85)]
    assert [h.service.name for h in rank(hits, {}, {})] == ["A", "B", "C", "D"]
    everyone = {"c": 40, "d": 3}
    assert [h.service.name for h in rank(hits, {}, everyone)] == ["C", "D", "A", "B"]
    assert [h.service.name for h in rank(hits, {"b": 1}, everyone)] == ["B", "C", "D", "A"]


async def _paid(repos: Repositories, user_id: int, service_id: str, times: int = 1) -> None:
    for _ in range(times):
        draft = await repos.payments.create_draft(
            user_id, service_id, service_id, {"phone": "901234567"}, "901234567", 5000, None, None
        )
        await repos.payments.mark_created(draft.id, f"tx-{draft.id}", None)
        assert await repos.payments.claim_for_pay(draft.id)
        assert await repos.payments.mark_paid(draft.id, "ref", None)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_the_finder_ranks_by_the_payments_table(
    static_client: PaylovClient, repos: Repositories
) -> None:
    clock = Clock()
    finder = ServiceFinder(
        CatalogueCache(static_client), repos.payments, KEYWORDS, everyone_ttl=60, clock=clock
    )

    async def found(user_id: int = USER) -> list[str]:
        result = await finder.find(user_id, "mobil aloqa")  # the category's words: all equal
        return [service.name for service in result.services][:5]

    assert await found() == MOBILE
    await _paid(repos, OTHER_USER, IDS["Ucell"], times=3)
    await _paid(repos, OTHER_USER, IDS["Beeline"])
    await _paid(repos, USER, IDS["Humans"])
    # Not paid: not use.
    failed = await repos.payments.create_draft(
        USER, IDS["Beeline"], "Beeline", {"phone": "1"}, "1", 5000, None, None
    )
    await repos.payments.mark_failed(failed.id, "-1", "declined")
    clock.now = 61  # everyone's counts are kept a minute here
    assert await found() == ["Humans", "Ucell", "Beeline", "Mobiuz", "Uzmobile"]
    # Everyone's counts are kept for the ttl; the customer's own are read each time.
    await _paid(repos, USER, IDS["Beeline"], times=2)
    await _paid(repos, OTHER_USER, IDS["Humans"], times=5)
    assert await found() == ["Beeline", "Humans", "Ucell", "Mobiuz", "Uzmobile"]
    await repos.users.get_or_create(THIRD_USER)  # no payments of their own
    assert await found(THIRD_USER) == ["Ucell", "Beeline", "Humans", "Mobiuz", "Uzmobile"]
    clock.now = 122
    assert await found(THIRD_USER) == ["Humans", "Beeline", "Ucell", "Mobiuz", "Uzmobile"]


async def test_the_finder_says_why_nothing_is_listed(
    static_client: PaylovClient, repos: Repositories
) -> None:
    finder = ServiceFinder(CatalogueCache(static_client), repos.payments, KEYWORDS, limit=3)
    assert (await finder.find(USER, "7")).not_a_query is NotAQuery.TOO_SHORT
    nothing = await finder.find(USER, "xyzzy")
    assert (nothing.services, nothing.not_a_query, nothing.query) == ([], None, "xyzzy")
    many = await finder.find(USER, "internet")
    assert len(many.services) == 3 and many.total > 3
