"""Monthly reminders of saved accounts, through the real dispatcher in each language: turned on
with a day from the account's card, the reminder arriving with the amount owed and a Pay
button into the account's fresh preview, turned off from the message and from the card, and
nothing sent when nothing is owed or the service cannot say."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from bot.devtools.standin import FakeUser
from bot.payments.reminders import LAST_DAY, ReminderJob, fall_moment
from bot.payments.saved_accounts import default_name
from bot.payments.tashkent import TASHKENT
from bot.storage.models import NoticeKind, NoticeStatus
from bot.storage.repositories import SavedAccountRecord
from bot.telegram.callbacks import ReminderAction, ReminderCb
from bot.telegram.states import Pay
from tests.conversation.conftest import ELECTRICITY, ELECTRICITY_IN, Paybot
from tests.conversation.test_accounts import press_data, state_of

LANGUAGES = ["uz", "ru", "en"]
LANGUAGE_BUTTONS = {"uz": "O'zbekcha", "ru": "Русский", "en": "English"}
ELECTRICITY_ID = "6ae5eaf5-9b70-4aa9-9260-2438e99affa0"
OWING = {"region": "1", "soato": "26277", "customer_code": "1000412"}  # saldo -87340.50
OWING_NAME = "Юсупова Малика Рустамовна"  # what its info says: the preview shows it
OVERPAID = {"region": "1", "soato": "26290", "customer_code": "1000000"}  # saldo +15105.15
BEELINE_ID = "7c444ebb-fc2c-54d3-9636-9791ec81df1c"  # no info method


class Texts:
    def __init__(self, paybot: Paybot, language: str) -> None:
        self.core, self.language = paybot.app.i18n.core, language

    def __call__(self, key: str, **kwargs: object) -> str:
        """The text as the customer reads it (tags off)."""
        return re.sub(r"<[^>]+>", "", self.core.get(key, self.language, **kwargs))


def next_months(day: int) -> datetime:
    """The moment a reminder on `day` falls next month: after it was set, whenever the test
    runs."""
    now = datetime.now(TASHKENT)
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    return fall_moment(day, year, month) + timedelta(minutes=1)


async def start(paybot: Paybot, language: str, user_id: int) -> tuple[Texts, FakeUser]:
    user = paybot.user(user_id)
    await paybot.begin(user, LANGUAGE_BUTTONS[language])
    # Only the test's own calls deliver and remind from here on.
    await paybot.app.outbox.stop()
    for job in paybot.app.reminders:
        await job.stop()
    return Texts(paybot, language), user


async def save(
    paybot: Paybot, user_id: int, account: dict[str, str], name: str = "home", service: str = ""
) -> SavedAccountRecord:
    saved, _ = await paybot.app.repos.saved_accounts.save(
        user_id, service or ELECTRICITY_ID, ELECTRICITY if not service else "Beeline", account, name
    )
    return saved


async def open_card(paybot: Paybot, user: FakeUser, t: Texts, name: str = "home") -> str:
    """The account's card: /accounts, then its Edit (its name opens a fresh preview)."""
    await paybot.tg.send(user, "/accounts")
    assert name in paybot.last_text(user)
    await paybot.tg.press(user, t("taps-btn-edit-account"))
    return paybot.last_text(user)


async def remind(paybot: Paybot, day: int) -> int:
    """The reminder job at `day`'s moment next month, then the outbox: how many were sent."""
    job = ReminderJob(paybot.app.repos, paybot.app.catalogue, clock=lambda: next_months(day))
    await job.run_once()
    return await paybot.app.outbox.run_once()


@pytest.mark.parametrize("language", LANGUAGES)
async def test_turn_on_with_a_day_then_the_reminder_pays_in_one_tap(
    paybot: Paybot, language: str
) -> None:
    t, user = await start(paybot, language, 7101)
    tg = paybot.tg
    saved = await save(paybot, 7101, OWING)
    card = await open_card(paybot, user, t)
    assert t("reminder-card-off") in card
    await tg.press(user, t("reminder-btn-on"))
    assert "10:00" in paybot.last_text(user)
    await tg.press(user, "5")
    card = paybot.last_text(user)
    when = t("reminder-on-day", day=5)
    assert t("reminder-turned-on", when=when) in card
    assert t("reminder-card-on", when=when) in card
    reminder = await paybot.app.repos.reminders.get(saved.id, 7101)
    assert reminder is not None and reminder.day == 5

    assert await remind(paybot, 5) == 1
    message = paybot.last_text(user)
    # The service as the customer's language names it (Paylov's Russian name is only stored).
    account = f"{ELECTRICITY_IN[language]}, home"
    assert message == t("reminder-owed", account=account, amount="87 341")
    [notice] = await paybot.app.repos.notices.list_for_user(7101)
    assert notice.kind == NoticeKind.REMINDER and notice.status == NoticeStatus.DELIVERED

    # Pay: the account's fresh preview, as /accounts' Pay opens it.
    await tg.press(user, t("btn-pay-account"))
    assert OWING_NAME in paybot.last_text(user)
    assert (await state_of(paybot, user)) is not None
    assert str(await state_of(paybot, user)).startswith(Pay.__name__)
    # Once a month: the same month again sends nothing.
    assert await remind(paybot, 5) == 0


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_suggested_name_is_not_told_the_service_twice(
    paybot: Paybot, language: str
) -> None:
    """The name suggested when saving holds the service in the customer's language: the
    reminder names the account by it alone, not after Paylov's name of the service."""
    t, user = await start(paybot, language, 7108)
    name = default_name(ELECTRICITY_IN[language], OWING["customer_code"])
    saved = await save(paybot, 7108, OWING, name=name)
    await paybot.app.repos.reminders.set(saved.id, 7108, 5)
    assert await remind(paybot, 5) == 1
    assert paybot.last_text(user) == t("reminder-owed", account=name, amount="87 341")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_turn_off_from_the_reminder_message(paybot: Paybot, language: str) -> None:
    t, user = await start(paybot, language, 7102)
    saved = await save(paybot, 7102, OWING)
    await open_card(paybot, user, t)
    await paybot.tg.press(user, t("reminder-btn-on"))
    await paybot.tg.press(user, t("reminder-btn-last-day"))
    assert t("reminder-on-last-day") in paybot.last_text(user)
    assert await remind(paybot, LAST_DAY) == 1

    await paybot.tg.press(user, t("reminder-btn-off"))
    assert paybot.last_text(user) == t("reminder-turned-off-here", name="home")
    assert await paybot.app.repos.reminders.get(saved.id, 7102) is None
    # Paying stays one tap away on it, and turning it on again too.
    message = paybot.tg.last_bot_message(user)
    assert message is not None
    labels = [label for row in paybot.tg.buttons(message) for label in row]
    assert labels == [t("btn-pay-account"), t("reminder-btn-on")]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_turn_off_from_the_card(paybot: Paybot, language: str) -> None:
    t, user = await start(paybot, language, 7103)
    saved = await save(paybot, 7103, OWING)
    await paybot.app.repos.reminders.set(saved.id, 7103, 12)
    card = await open_card(paybot, user, t)
    assert t("reminder-card-on", when=t("reminder-on-day", day=12)) in card
    await paybot.tg.press(user, t("reminder-btn-off"))
    card = paybot.last_text(user)
    assert t("reminder-turned-off") in card and t("reminder-card-off") in card
    assert await paybot.app.repos.reminders.get(saved.id, 7103) is None
    assert await remind(paybot, 12) == 0
    assert await paybot.app.repos.notices.list_for_user(7103) == []


@pytest.mark.parametrize("language", LANGUAGES)
async def test_nothing_is_sent_when_nothing_is_owed_or_the_service_cannot_say(
    paybot: Paybot, language: str
) -> None:
    t, user = await start(paybot, language, 7104)
    overpaid = await save(paybot, 7104, OVERPAID, name="dacha")
    beeline = await save(paybot, 7104, {"phone": "901234567"}, name="phone", service=BEELINE_ID)
    # Beeline's card offers no reminder: it could never tell what is owed.
    await paybot.tg.send(user, "/accounts")
    await paybot.tg.press(user, "2. phone")
    card = paybot.tg.last_bot_message(user)
    assert card is not None
    assert t("reminder-btn-on") not in str(paybot.tg.buttons(card))
    assert t("reminder-card-off") not in card.plain
    # A forged "turn on" for it is refused with why.
    activity = await press_data(
        paybot, user, ReminderCb(action=ReminderAction.ASK, account=beeline.id).pack()
    )
    assert activity.callback_answers[-1].text == t("reminder-not-available")
    # Set all the same (as a reminder kept from before): still nothing.
    await paybot.app.repos.reminders.set(overpaid.id, 7104, 7)
    await paybot.app.repos.reminders.set(beeline.id, 7104, 7)
    before = len(paybot.tg.bot_texts(user))
    assert await remind(paybot, 7) == 0
    assert await paybot.app.repos.notices.list_for_user(7104) == []
    assert len(paybot.tg.bot_texts(user)) == before
    runs = await paybot.app.repos.reminders.runs_for_user(7104)
    assert sorted(run.outcome for run in runs) == ["nothing", "unknown"]


async def test_someone_elses_account_or_a_forged_day_changes_nothing(paybot: Paybot) -> None:
    t, user = await start(paybot, "en", 7105)
    await paybot.app.repos.users.get_or_create(7199)
    theirs = await save(paybot, 7199, OWING)
    mine = await save(paybot, 7105, OWING)
    await open_card(paybot, user, t)
    for data in (
        ReminderCb(action=ReminderAction.SET, account=theirs.id, day=5),
        ReminderCb(action=ReminderAction.OFF, account=theirs.id),
        ReminderCb(action=ReminderAction.SET, account=mine.id, day=29),
        ReminderCb(action=ReminderAction.SET, account=mine.id, day=0),
    ):
        activity = await press_data(paybot, user, data.pack())
        assert activity.callback_answers[-1].text == t("not-found")
    assert await paybot.app.repos.reminders.get(theirs.id, 7199) is None
    assert await paybot.app.repos.reminders.get(mine.id, 7105) is None


async def test_a_customer_who_blocked_the_bot_gets_it_when_they_write_again(
    paybot: Paybot,
) -> None:
    t, user = await start(paybot, "en", 7106)
    saved = await save(paybot, 7106, OWING)
    await paybot.app.repos.reminders.set(saved.id, 7106, 5)
    paybot.tg.block(user)
    assert await remind(paybot, 5) == 0
    [notice] = await paybot.app.repos.notices.list_for_user(7106)
    assert notice.status == NoticeStatus.HELD
    assert await paybot.app.outbox.run_once() == 0  # no retries against a 403
    paybot.tg.block(user, blocked=False)
    await paybot.tg.send(user, "/start")
    owed = t("reminder-owed", account=f"{ELECTRICITY_IN['en']}, home", amount="87 341")
    assert owed in paybot.tg.bot_texts(user)


@pytest.mark.parametrize("gone", ["account deleted", "reminder turned off"])
async def test_a_reminder_owed_but_no_longer_wanted_is_withdrawn(paybot: Paybot, gone: str) -> None:
    """Recorded, then the account deleted or the reminder turned off before it went out (the
    customer had blocked the bot, say): it is never sent."""
    _, user = await start(paybot, "en", 7107)
    saved = await save(paybot, 7107, OWING)
    await paybot.app.repos.reminders.set(saved.id, 7107, 5)
    job = ReminderJob(paybot.app.repos, paybot.app.catalogue, clock=lambda: next_months(5))
    assert (await job.run_once()).queued == 1
    if gone == "account deleted":
        assert await paybot.app.repos.saved_accounts.delete(saved.id, 7107)
    else:
        assert await paybot.app.repos.reminders.turn_off(saved.id, 7107)
    before = len(paybot.tg.bot_texts(user))
    assert await paybot.app.outbox.run_once() == 0
    [notice] = await paybot.app.repos.notices.list_for_user(7107)
    assert notice.status == NoticeStatus.DEAD
    assert len(paybot.tg.bot_texts(user)) == before
