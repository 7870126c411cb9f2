"""Serving real Telegram: long polling, or a webhook server behind a public HTTPS URL."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.methods import (
    EditMessageCaption,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType
from aiogram_i18n.cores import BaseCore
from aiohttp import web

from bot.app import PaybotApp, open_app
from bot.config import Settings
from bot.ops.http import add_ops_routes, polling_ops_server
from bot.storage.bot_state import BotStateRepository
from bot.telegram.delivery import OutgoingRateLimit, install_delivery_policy
from bot.telegram.i18n import LANGUAGES
from bot.telegram.webhook import UpdateHandler, ensure_webhook, webhook_params

log = logging.getLogger(__name__)


class SandboxModeMarker(BaseRequestMiddleware):
    """Real users served by the embedded sandbox see on every screen that it is a test.

    The mark is in all three languages (a request does not carry the reader's language); it is
    read from the locales on first use, when the dispatcher has loaded them.
    """

    def __init__(self, mark: Callable[[], str]) -> None:
        self._read_mark = mark
        self._mark: str | None = None

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, SendMessage | EditMessageText) and method.text is not None:
            method.text = self._marked(method.text)
        elif isinstance(method, SendPhoto | SendDocument | EditMessageCaption):
            method.caption = self._marked(method.caption or "")
        return await make_request(bot, method)

    def _marked(self, text: str) -> str:
        if self._mark is None:
            self._mark = self._read_mark() + "\n\n"
        return text if text.startswith(self._mark) else self._mark + text


def sandbox_mode_mark(core: BaseCore[object]) -> str:
    return "🧪 " + " · ".join(core.get("test-mode-mark", language) for language in LANGUAGES)


def make_bot(settings: Settings, core: BaseCore[object]) -> Bot:
    assert settings.telegram.token is not None  # run_telegram checked it before anything
    session_kwargs: dict[str, Any] = {}
    if settings.telegram.api_url:
        session_kwargs["api"] = TelegramAPIServer.from_base(settings.telegram.api_url)
    session = AiohttpSession(**session_kwargs)
    telegram = settings.telegram
    limits = OutgoingRateLimit(
        per_second=telegram.rate_per_second, per_chat_burst=telegram.rate_per_chat
    )
    install_delivery_policy(session, rate_limit=limits)
    if settings.paylov.sandbox:
        session.middleware(SandboxModeMarker(lambda: sandbox_mode_mark(core)))
    return Bot(
        token=settings.telegram.token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode="HTML"),
    )


async def run_telegram(settings: Settings) -> None:
    _check_paylov_credentials(settings)
    if settings.telegram.token is None:
        raise SystemExit("BOT_TOKEN is not set: `python -m bot shell` runs without Telegram.")
    async with open_app(settings) as app:
        bot = make_bot(settings, app.i18n.core)
        try:
            if settings.telegram.mode == "webhook":
                await _serve_webhook(bot, app.dispatcher, settings, app)
            else:
                await bot.delete_webhook(drop_pending_updates=False)
                async with polling_ops_server(app.ops, settings.ops):
                    await app.dispatcher.start_polling(bot)
        finally:
            await bot.session.close()


def _check_paylov_credentials(settings: Settings) -> None:
    paylov = settings.paylov
    if paylov.sandbox or paylov.access_token is not None:
        return
    needed = (paylov.consumer_key, paylov.consumer_secret, paylov.username, paylov.password)
    if any(value is None for value in needed):
        raise SystemExit(
            "Paylov credentials missing: set PAYLOV_ACCESS_TOKEN, or PAYLOV_CONSUMER_KEY, "
            "PAYLOV_CONSUMER_SECRET, PAYLOV_USERNAME and PAYLOV_PASSWORD, or PAYLOV_SANDBOX=true."
        )


async def _serve_webhook(bot: Bot, dispatcher: Any, settings: Settings, app: PaybotApp) -> None:
    from aiogram.webhook.aiohttp_server import setup_application

    telegram = settings.telegram
    if not telegram.webhook_url:
        raise SystemExit("BOT_WEBHOOK_URL is required in webhook mode.")
    secret = telegram.webhook_secret.get_secret_value() if telegram.webhook_secret else None
    application = web.Application()
    UpdateHandler(dispatcher, bot, secret).register(application, path=telegram.webhook_path)
    setup_application(application, dispatcher, bot=bot)
    add_ops_routes(application, app.ops)  # /healthz, /readyz, /metrics
    runner = web.AppRunner(application, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, telegram.webhook_host, telegram.webhook_port)
    await site.start()
    log.info("webhook server on %s:%s", telegram.webhook_host, telegram.webhook_port)
    # Listening first: Telegram may post the moment the webhook is set.
    url = telegram.webhook_url.rstrip("/") + telegram.webhook_path
    params = webhook_params(url, secret, dispatcher)
    set_now = await ensure_webhook(bot, BotStateRepository(app.database), params)
    log.info("serving the webhook (%s)", "set now" if set_now else "set before")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
        log.info("stopping: no new updates; waiting for those in flight")
    finally:
        # Stops listening first; the dispatcher's shutdown (setup_application) then lets the
        # updates still running finish before anything they need is closed.
        await runner.cleanup()
