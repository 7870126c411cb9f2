"""The webhook, as several replicas share it: set once when its parameters change, and every
update answered only after it was handled.

Telegram's getWebhookInfo tells the url and the allowed updates but never the secret token, so
a fingerprint of all the parameters (the secret only hashed) is kept in the database
(bot/storage/bot_state.py). A replica that finds Telegram and the fingerprint agreeing with its
own settings sets nothing; of replicas that start at once with new settings, the one whose
compare-and-set of the fingerprint wins calls setWebhook, the others leave it to it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.storage.bot_state import BotStateRepository
from bot.storage.types import utc_now

log = logging.getLogger(__name__)

FINGERPRINT_KEY = "telegram.webhook"
# A fingerprint younger than this whose parameters Telegram does not show yet belongs to a
# replica setting them right now; older, its setter died in between and this one repairs it.
SETTLE = timedelta(seconds=60)


@dataclass(frozen=True)
class WebhookParams:
    url: str
    secret: str | None
    allowed_updates: tuple[str, ...]

    def fingerprint(self) -> str:
        secret = hashlib.sha256(self.secret.encode()).hexdigest() if self.secret else None
        facts = {"url": self.url, "secret": secret, "allowed": sorted(self.allowed_updates)}
        return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


async def ensure_webhook(
    bot: Bot,
    state: BotStateRepository,
    params: WebhookParams,
    *,
    clock: Callable[[], datetime] = utc_now,
) -> bool:
    """Set the webhook unless Telegram has these parameters already (or another replica is
    setting them); True when this call set it."""
    wanted = params.fingerprint()
    stored = await state.get(FINGERPRINT_KEY)
    info = await bot.get_webhook_info()
    at_telegram = info.url == params.url and sorted(info.allowed_updates or []) == sorted(
        params.allowed_updates
    )
    if stored is not None and stored.value == wanted:
        if at_telegram or clock() - stored.updated_at < SETTLE:
            return False
        log.warning("webhook recorded but not at Telegram (%s); setting it again", info.url)
    written = await state.replace(FINGERPRINT_KEY, wanted, expected=stored)
    if written is None:
        return False  # another replica won the compare-and-set: it sets the webhook
    try:
        await bot.set_webhook(
            params.url,
            secret_token=params.secret,
            allowed_updates=list(params.allowed_updates),
            drop_pending_updates=False,
        )
    except BaseException:
        await state.restore(written, stored)  # the next start tries again
        raise
    log.info("webhook set: %s, updates %s", params.url, ",".join(params.allowed_updates))
    return True


def webhook_params(url: str, secret: str | None, dispatcher: Dispatcher) -> WebhookParams:
    return WebhookParams(url, secret, tuple(sorted(dispatcher.resolve_used_update_types())))


class UpdateHandler(SimpleRequestHandler):
    """Answers Telegram only once the update is handled, so an update whose replica dies
    mid-way is delivered again (to a replica that lives); see docs/replicas.md. A handler's
    exception is logged and the update answered all the same, as polling confirms it: sending
    it again would fail the same way."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret_token: str | None) -> None:
        super().__init__(dispatcher, bot, handle_in_background=False, secret_token=secret_token)

    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        if not self.secret_token:
            return True
        # Constant time, and as bytes: a str with non-ASCII characters would raise instead.
        return hmac.compare_digest(
            telegram_secret_token.encode("utf-8", "surrogateescape"),
            self.secret_token.encode(),
        )

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        try:
            return await super()._handle_request(bot, request)
        except Exception:
            return web.json_response({})  # logged by the dispatcher with its update id
