"""Finding a service by typing its name, through the real dispatcher in each language: at the
main menu and on the category and service lists; a result opens the service as the list does;
nothing found offers the categories; junk is answered sensibly; and the steps that read their
own text (account fields, amount, code, card) never search."""

from __future__ import annotations

import pytest

from bot.devtools.standin import FakeUser
from bot.storage.models import PaymentStatus
from bot.telegram.draft import load_draft
from bot.telegram.states import Pay
from tests.conversation.conftest import (
    ELECTRICITY_ACCOUNT,
    ELECTRICITY_ID,
    ELECTRICITY_IN,
    TASHKENT,
    UTILITIES_IN,
    UZCARD,
    YASHNOBOD,
    Paybot,
)

LANGUAGE_BUTTONS = {"uz": "O'zbekcha", "ru": "Русский", "en": "English"}
LANGUAGES = list(LANGUAGE_BUTTONS)
HUMANS_ID = "6f22b4ca-8d56-5d79-aee3-2ad25bef4865"
UCELL_ID = "d0e47df2-cc87-5ab4-9e97-0edf14e16d1a"


class Chat:
    """One customer in one language, with the texts of that language: the catalogue's names
    too, as that language shows them (locales/<lang>/catalogue.ftl)."""

    def __init__(self, paybot: Paybot, language: str, user_id: int = 5001) -> None:
        self.paybot, self.tg, self.language = paybot, paybot.tg, language
        self.user: FakeUser = paybot.user(user_id, language="en")
        self.utilities = UTILITIES_IN[language]
        self.electricity = ELECTRICITY_IN[language]

    def t(self, key: str, **kwargs: object) -> str:
        return str(self.paybot.app.i18n.core.get(key, self.language, **kwargs))

    async def begin(self) -> None:
        await self.paybot.begin(self.user, LANGUAGE_BUTTONS[self.language])

    @property
    def text(self) -> str:
        return self.paybot.last_text(self.user)

    @property
    def labels(self) -> list[str]:
        message = self.tg.last_bot_message(self.user)
        assert message is not None
        return [label for row in self.tg.buttons(message) for label in row]

    async def state(self) -> str | None:
        return await self.paybot.app.dispatcher.fsm.get_context(
            self.tg.bot, self.user.id, self.user.id
        ).get_state()

    def found(self, query: str) -> str:
        return self.t("search-found", query=query, count=0)

    def categories_shown(self) -> bool:
        return self.t("pay-choose-category") in self.text and self.utilities in self.labels


@pytest.fixture(params=LANGUAGES)
async def chat(request: pytest.FixtureRequest, paybot: Paybot) -> Chat:
    chat = Chat(paybot, request.param)
    await chat.begin()
    return chat


# --- where a typed word searches ----------------------------------------------------------------


@pytest.mark.parametrize("query", ["svet", "свет", "elektr", "электричество", "cdtn"])
async def test_a_word_at_the_main_menu_finds_the_service(chat: Chat, query: str) -> None:
    assert chat.t("menu-title") in chat.text
    await chat.tg.send(chat.user, query)
    assert chat.found(query) in chat.text
    assert chat.labels == [chat.electricity, chat.t("search-all-categories"), chat.t("btn-cancel")]
    assert await chat.state() == Pay.service.state


async def test_a_result_opens_the_service_as_the_list_does(chat: Chat) -> None:
    tg, user = chat.tg, chat.user
    await tg.send(user, "svet")
    await tg.press(user, chat.electricity)
    from_search = chat.text
    assert TASHKENT in chat.labels and await chat.state() == Pay.select_field.state
    # The same screen as chosen from the category's list.
    await tg.send(user, "/cancel")
    await tg.press(user, chat.t("menu-pay"))
    await tg.press(user, chat.utilities)
    await tg.press(user, chat.electricity)
    assert chat.text == from_search
    # And on to the preview, the search changing nothing on the way.
    await tg.send(user, "/cancel")
    await tg.send(user, "электр")
    await tg.press(user, chat.electricity)
    await tg.press(user, TASHKENT)
    await tg.press(user, YASHNOBOD)
    await tg.send(user, ELECTRICITY_ACCOUNT)
    assert await chat.state() == Pay.amount.state  # the preview, asking the amount
    draft = await load_draft(chat.paybot.app.dispatcher.fsm.get_context(tg.bot, user.id, user.id))
    assert draft.service_id == ELECTRICITY_ID
    assert draft.answers == {"region": "1", "soato": "26290", "customer_code": ELECTRICITY_ACCOUNT}


async def test_back_from_a_found_service_lists_its_category(chat: Chat) -> None:
    tg, user = chat.tg, chat.user
    await tg.send(user, "gaz")
    await tg.press(user, "Hududgaztaminot")
    await tg.press(user, chat.t("btn-back"))
    assert chat.utilities in chat.text and chat.electricity in chat.labels
    assert await chat.state() == Pay.service.state


async def test_a_word_on_the_category_list_finds_services(chat: Chat) -> None:
    tg, user = chat.tg, chat.user
    await tg.press(user, chat.t("menu-pay"))
    assert chat.categories_shown()
    listed = tg.last_bot_message(user)
    await tg.send(user, "билайн")
    assert chat.found("билайн") in chat.text and chat.labels[0] == "Beeline"
    # The found list took the place of the category list: its buttons are gone.
    assert listed is not None and tg.buttons(tg.message(user, listed.message_id)) == []  # type: ignore[arg-type]
    await tg.press(user, "Beeline")
    assert await chat.state() == Pay.text_field.state  # the phone number is asked


async def test_a_word_on_a_service_list_finds_services(chat: Chat) -> None:
    tg, user = chat.tg, chat.user
    await tg.press(user, chat.t("menu-pay"))
    await tg.press(user, chat.utilities)
    await tg.send(user, "bilayn")
    assert chat.found("bilayn") in chat.text and chat.labels[0] == "Beeline"
    await tg.press(user, chat.t("search-all-categories"))
    assert chat.categories_shown() and await chat.state() == Pay.category.state


async def test_cancel_on_the_results_ends_the_flow(chat: Chat) -> None:
    await chat.tg.send(chat.user, "beeline")
    await chat.tg.press(chat.user, chat.t("btn-cancel"))
    assert chat.t("flow-cancelled") in chat.text and await chat.state() is None


async def test_many_matches_show_the_closest_and_say_so(chat: Chat) -> None:
    await chat.tg.send(chat.user, "internet")
    assert chat.t("search-more", shown=8, total=12) in chat.text
    assert len(chat.labels) == 8 + 2


# --- ranked by use ------------------------------------------------------------------------------


async def _paid(paybot: Paybot, user_id: int, service_id: str, times: int = 1) -> None:
    repos = paybot.app.repos
    await repos.users.get_or_create(user_id)
    for _ in range(times):
        draft = await repos.payments.create_draft(
            user_id, service_id, service_id, {"phone": "901234567"}, "901234567", 5000, None, None
        )
        await repos.payments.mark_created(draft.id, f"tx-{draft.id}", None)
        assert await repos.payments.claim_for_pay(draft.id)
        paid = await repos.payments.mark_paid(draft.id, "ref", None)
        assert paid is not None and paid.status == PaymentStatus.PAID


async def test_results_are_ranked_by_own_use_then_everyones(paybot: Paybot, chat: Chat) -> None:
    await _paid(paybot, 7777, UCELL_ID, times=3)  # someone else's
    await _paid(paybot, chat.user.id, HUMANS_ID)  # the customer's own
    # "mobil aloqa" is the category's words: every operator is found equally well.
    await chat.tg.send(chat.user, "mobil aloqa")
    assert chat.labels[:5] == ["Humans", "Ucell", "Beeline", "Mobiuz", "Uzmobile"]
    other = Chat(paybot, chat.language, user_id=5002)
    await other.begin()
    await other.tg.send(other.user, "мобил алоқа")
    assert other.labels[:5] == ["Ucell", "Humans", "Beeline", "Mobiuz", "Uzmobile"]
    newcomer = Chat(paybot, chat.language, user_id=5003)
    await newcomer.begin()
    await newcomer.tg.send(newcomer.user, "Beeline")  # use ranks what is found, never adds to it
    assert newcomer.labels[0] == "Beeline"


# --- nothing found, nothing to search -----------------------------------------------------------


async def test_nothing_found_says_so_and_offers_the_categories(chat: Chat) -> None:
    tg, user = chat.tg, chat.user
    await tg.send(user, "xyzzy")
    assert chat.t("search-nothing", query="xyzzy") in chat.text
    assert chat.categories_shown() and await chat.state() == Pay.category.state
    await tg.press(user, chat.utilities)
    assert chat.electricity in chat.labels


# An Uzbek operator's number is its top-up instead (tests/conversation/test_mobile.py).
@pytest.mark.parametrize("typed", ["a", "7", "12345", "+1 202 555 0100", "👍"])
async def test_too_short_to_search_asks_for_a_name(chat: Chat, typed: str) -> None:
    await chat.tg.send(chat.user, typed)
    assert chat.t("search-too-short") in chat.text and chat.categories_shown()


async def test_too_long_to_be_a_name(chat: Chat) -> None:
    await chat.tg.send(
        chat.user,
        "please help me pay my electricity bill for the flat on Amir Temur street, thank you",
    )
    assert chat.t("search-too-long") in chat.text and chat.categories_shown()


async def test_a_card_number_is_deleted_before_any_search(chat: Chat) -> None:
    activity = await chat.tg.send(chat.user, "8600 0012 3456 7878")
    assert activity.deleted and chat.t("card-number-deleted") in chat.text
    assert chat.t("search-too-short") not in " ".join(activity.texts)
    assert await chat.state() is None


async def test_an_unknown_command_is_not_a_search(chat: Chat) -> None:
    await chat.tg.send(chat.user, "/beeline")
    assert chat.t("not-understood") in chat.text


# --- where the bot waits for a typed answer, a word is that answer ------------------------------


async def test_the_account_field_reads_its_own_text(chat: Chat) -> None:
    tg, user = chat.tg, chat.user
    await tg.send(user, "svet")
    await tg.press(user, chat.electricity)
    await tg.press(user, TASHKENT)
    await tg.press(user, YASHNOBOD)
    assert await chat.state() == Pay.text_field.state
    await tg.send(user, "beeline")  # not digits: the field's own problem, not a search
    assert chat.found("beeline") not in chat.text
    assert await chat.state() == Pay.text_field.state


async def test_the_amount_and_the_card_steps_read_their_own_text(chat: Chat) -> None:
    tg, user = chat.tg, chat.user
    await tg.send(user, "svet")
    await tg.press(user, chat.electricity)
    await tg.press(user, TASHKENT)
    await tg.press(user, YASHNOBOD)
    await tg.send(user, ELECTRICITY_ACCOUNT)
    assert await chat.state() == Pay.amount.state
    await tg.send(user, "beeline")
    assert await chat.state() == Pay.amount.state and chat.found("beeline") not in chat.text
    await tg.send(user, "20000")
    await tg.share_contact(user, user.phone)
    await tg.send(user, "beeline")  # at the card's expiry
    assert chat.found("beeline") not in chat.text
    await tg.send(user, "09/29")
    await tg.send(user, UZCARD)
    await tg.send(user, "beeline")  # at the binding's SMS code
    assert chat.found("beeline") not in chat.text
