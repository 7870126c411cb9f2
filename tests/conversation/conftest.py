"""The real bot: real dispatcher and handlers, the Paylov sandbox over real HTTP, a SQLite file,
and the in-process Telegram stand-in as the customer's phone."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiogram.types import Update

from bot.app import PaybotApp, open_app, start_dispatcher, stop_dispatcher
from bot.config import Settings
from bot.devtools.standin import Activity, FakeUser, TelegramStandIn, make_bot
from bot.paylov.sandbox import PaylovSandbox
from bot.storage.repositories import PaymentRecord

ADMIN_ID = 900_001

# Sandbox data (bot/paylov/sandbox/catalogue.json and its cards).
# Paylov's names, as stored with payments and saved accounts:
ELECTRICITY = "Плата за электроэнергию"
ELECTRICITY_ID = "6ae5eaf5-9b70-4aa9-9260-2438e99affa0"
# ...and as each language shows them (locales/<lang>/catalogue.ftl):
UTILITIES_IN = {"en": "Utilities", "ru": "Коммунальные услуги", "uz": "Kommunal xizmatlar"}
ELECTRICITY_IN = {"en": "Electricity", "ru": ELECTRICITY, "uz": "Elektr energiyasi"}
UTILITIES = UTILITIES_IN["en"]  # the buttons an English customer presses
ELECTRICITY_BUTTON = ELECTRICITY_IN["en"]
TASHKENT = "г. Ташкент"
YASHNOBOD = "26290 - Яшнабадский ЭСП"
ELECTRICITY_ACCOUNT = "1000000"
UZCARD = "8600001234567878"
UZCARD_EXPIRY = "09/29"
UZCARD_OTP = "456799"
HUMO = "9860090101059377"
HUMO_EXPIRY = "03/28"
HUMO_OTP = "456788"
# The menu's Pay, whole: a receipt's "🔁 Pay again" holds "Pay" too.
MENU_PAY = "💸 Pay"


@dataclass
class Paybot:
    app: PaybotApp
    tg: TelegramStandIn
    sandbox: PaylovSandbox
    db_path: Path

    def user(self, user_id: int = 5001, language: str = "en") -> FakeUser:
        return FakeUser(id=user_id, first_name="Aziza", language_code=language)

    async def begin(self, user: FakeUser, language_button: str = "English") -> None:
        await self.tg.send(user, "/start")
        await self.tg.press(user, language_button)

    async def payments(self, user: FakeUser) -> list[PaymentRecord]:
        return await self.app.repos.payments.list_for_user(user.id, offset=0, limit=100)

    def last_text(self, user: FakeUser) -> str:
        message = self.tg.last_bot_message(user)
        assert message is not None
        return message.plain

    async def open_electricity_form(self, user: FakeUser, district: str = YASHNOBOD) -> None:
        """Pay → utilities → electricity → Tashkent → the district: the account is asked next."""
        await self.tg.press(user, MENU_PAY)
        await self.tg.press(user, UTILITIES)
        await self.tg.press(user, ELECTRICITY_BUTTON)
        await self.tg.press(user, TASHKENT)
        await self.tg.press(user, district)

    async def open_electricity_account(self, user: FakeUser) -> None:
        """The electricity form with the known account number typed: the preview is next."""
        await self.open_electricity_form(user)
        await self.tg.send(user, ELECTRICITY_ACCOUNT)

    async def to_confirmation(self, user: FakeUser, amount: str = "30000") -> None:
        """/start to the confirmation of an electricity payment, with a new card."""
        await self.begin(user)
        await self.open_electricity_account(user)
        await self.tg.send(user, amount)
        await self.add_card_in_flow(user)
        assert "Check the payment" in self.last_text(user)

    async def to_code_prompt(self, user: FakeUser, amount: str = "30000") -> None:
        """... and on to the SMS code: the payment is created and waits for its code."""
        await self.to_confirmation(user, amount)
        await self.tg.press(user, "Confirm and pay")
        assert "Type it here to pay" in self.last_text(user)

    async def confirm_again(self, user: FakeUser) -> None:
        """Confirm a payment of an account paid a moment ago: the bot shows that payment and
        asks once more (the repeat guard), and the customer means it."""
        activity = await self.tg.press(user, "Confirm and pay")
        assert "You already paid this account recently" in activity.last.plain
        await self.tg.press(user, "Yes, pay again")

    async def add_card_in_flow(
        self,
        user: FakeUser,
        number: str = UZCARD,
        expiry: str = UZCARD_EXPIRY,
        otp: str = UZCARD_OTP,
    ) -> None:
        """From the phone prompt to the card being bound: the expiry first, then the number."""
        if self.tg.reply_keyboard(user):
            await self.tg.share_contact(user, user.phone)
        await self.tg.send(user, expiry)
        await self.tg.send(user, number)
        await self.tg.send(user, otp)


async def press_data(tg: TelegramStandIn, user: FakeUser, message_id: int, data: str) -> Activity:
    """A callback with arbitrary data on a given message: an old cached button, a forged one."""
    message = tg.session.chat(user.id).find(message_id)
    assert message is not None
    tg.session.open_callback_query(f"forged-{message_id}-{data}", user.id)
    update = Update.model_validate(
        {
            "update_id": 10_000_000 + message_id,
            "callback_query": {
                "id": f"forged-{message_id}-{data}",
                "from": user.as_telegram().model_dump(),
                "chat_instance": str(user.id),
                "message": tg.session.api_message(message),
                "data": data,
            },
        },
        context={"bot": tg.bot},
    )
    return await tg.feed(update, chat_id=user.id)


def make_settings(database_url: str) -> Settings:
    settings = Settings(_env_file=None)
    settings.database.url = database_url
    settings.paylov.connect_timeout = 1.0
    settings.paylov.read_timeout = 1.0
    settings.paylov.get_retries = 1
    settings.paylov.retry_backoff = 0.01
    # The watcher is driven by hand in tests (run_once), never by its timer.
    settings.payments.recheck_interval = 3600.0
    settings.telegram.admin_ids = [ADMIN_ID]
    return settings


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def sandbox() -> AsyncIterator[PaylovSandbox]:
    sandbox = PaylovSandbox(hang_seconds=3.0)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def paybot(
    settings: Settings, sandbox: PaylovSandbox, tmp_path: Path
) -> AsyncIterator[Paybot]:
    async with open_app(settings, sandbox=sandbox) as app:
        bot = make_bot()
        await start_dispatcher(app.dispatcher, bot)
        try:
            yield Paybot(
                app, TelegramStandIn(app.dispatcher, bot), sandbox, tmp_path / "paybot.sqlite3"
            )
        finally:
            await stop_dispatcher(app.dispatcher, bot)
            await bot.session.close()
