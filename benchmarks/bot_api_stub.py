"""A lean Telegram Bot API stub for the throughput benchmark: HTTP, nothing rendered.

    stub = BotApiStub()
    url = await stub.start()                     # TELEGRAM_API_URL of every bot process
    paybot = stub.bot("100001:BENCH-paybot")     # one bot (its token), one queue of updates
    update_id = paybot.send_text(5001, "/start")
    update_id = paybot.press(5001, "English")    # a button of the newest message that has it
    paybot.chat(5001).last_call                  # when the bot last called about this chat

Unlike tests/process/fake_bot_api.py it keeps no transcript and renders no HTML, so it keeps
up with a thousand customers: per chat it holds the bot's messages (text and inline keyboard,
as sent or last edited), the last few texts, the texts that look like an error, and the time of
the latest call about the chat. `/bot{token}/{method}` answers getUpdates by long polling from
the token's queue and every other method with minimal valid JSON (a Message for sends and
edits, True for the rest). Parameters come as a form, multipart or JSON; aiogram JSON-encodes
`reply_markup` in forms. Updates handed out are not redelivered (no bot process dies here).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

Json = dict[str, Any]

# What a customer must never see (bot.ftl: internal-error, paylov-unavailable, ...).
ERROR_TEXT = re.compile(r"something went wrong|try again", re.IGNORECASE)
_SENDS = {"sendmessage": "text", "sendphoto": "caption", "senddocument": "caption"}
_EDITS = {"editmessagetext": "text", "editmessagecaption": "caption"}


@dataclass
class Shown:
    """One bot message as the chat shows it now."""

    message_id: int
    text: str
    keyboard: list[list[Json]] | None  # inline_keyboard rows

    def callback_data(self, label: str) -> str | None:
        """The data of the button labelled `label` (exact, else a unique substring)."""
        buttons = [b for row in self.keyboard or [] for b in row if "callback_data" in b]
        exact = [b for b in buttons if b["text"] == label]
        near = exact or [b for b in buttons if label in b["text"]]
        return str(near[0]["callback_data"]) if len(near) == 1 else None

    def as_api(self, chat_id: int) -> Json:
        message: Json = {
            "message_id": self.message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "text": self.text,
        }
        if self.keyboard is not None:
            message["reply_markup"] = {"inline_keyboard": self.keyboard}
        return message


@dataclass
class Chat:
    id: int
    shown: dict[int, Shown] = field(default_factory=dict)  # message id -> message, oldest first
    recent: deque[str] = field(default_factory=lambda: deque(maxlen=6))  # latest texts
    errors: list[str] = field(default_factory=list)
    last_call: float = 0.0  # time.monotonic() of the latest call about this chat
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def new_id(self) -> int:
        return next(self._ids)

    def show(self, message_id: int, text: str, keyboard: list[list[Json]] | None) -> Shown:
        shown = Shown(message_id, text, keyboard)
        self.shown[message_id] = shown
        self.recent.append(text)
        if ERROR_TEXT.search(text):
            self.errors.append(text)
        return shown

    def has_seen(self, substring: str) -> bool:
        return any(substring in text for text in self.recent)


class StubBot:
    """What the stub knows of one bot (one token): its queue and its chats."""

    def __init__(self, token: str, updates: itertools.count[int], max_poll: float) -> None:
        self.token = token
        self.id = int(token.split(":", 1)[0])
        self.chats: dict[int, Chat] = {}
        self.polls = 0
        self.polled = asyncio.Event()  # set by the first getUpdates: the bot is serving
        self._updates = updates
        self._max_poll = max_poll
        self._pending: deque[Json] = deque()
        self._arrived = asyncio.Event()

    def chat(self, chat_id: int) -> Chat:
        if chat_id not in self.chats:
            self.chats[chat_id] = Chat(chat_id)
        return self.chats[chat_id]

    # --- the customers' side ------------------------------------------------------------------

    def send_text(self, user_id: int, text: str) -> int:
        """The user types `text`; returns the queued update's id."""
        return self._queue("message", {**self._message(user_id), "text": text})

    def share_contact(self, user_id: int, phone: str) -> int:
        contact = {"phone_number": phone, "first_name": "Bench", "user_id": user_id}
        return self._queue("message", {**self._message(user_id), "contact": contact})

    def press(self, user_id: int, label: str) -> int:
        """Tap the inline button `label` on the newest bot message that has it."""
        chat = self.chat(user_id)
        for shown in reversed(chat.shown.values()):
            data = shown.callback_data(label)
            if data is not None:
                return self._queue("callback_query", self._callback(user_id, shown, data))
        raise LookupError(f"no button {label!r} in chat {user_id}; last: {list(chat.recent)}")

    def _message(self, user_id: int) -> Json:
        return {
            "message_id": self.chat(user_id).new_id(),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Bench"},
            "from": _user(user_id),
        }

    def _callback(self, user_id: int, shown: Shown, data: str) -> Json:
        return {
            "id": f"{user_id}-{shown.message_id}-{time.monotonic_ns()}",
            "from": _user(user_id),
            "chat_instance": str(user_id),
            "message": shown.as_api(user_id),
            "data": data,
        }

    def _queue(self, kind: str, body: Json) -> int:
        update_id = next(self._updates)
        self._pending.append({"update_id": update_id, kind: body})
        self._arrived.set()
        return update_id

    # --- the bot's side -----------------------------------------------------------------------

    async def get_updates(self, params: Json) -> list[Json]:
        self.polls += 1
        self.polled.set()
        wait = min(float(params.get("timeout") or 0), self._max_poll)
        if not self._pending and wait > 0:
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), wait)
        limit = int(params.get("limit") or 100)
        return [self._pending.popleft() for _ in range(min(limit, len(self._pending)))]

    def execute(self, method: str, params: Json) -> Any:
        if method == "getme":
            return {"id": self.id, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
        if "chat_id" not in params:
            return True  # setMyCommands, deleteWebhook, answerCallbackQuery, ...
        chat = self.chat(int(params["chat_id"]))
        chat.last_call = time.monotonic()
        if method in _SENDS:
            keyboard = _inline(params.get("reply_markup"))
            return chat.show(chat.new_id(), params.get(_SENDS[method], ""), keyboard).as_api(
                chat.id
            )
        if method in _EDITS or method == "editmessagereplymarkup":
            return self._edit(chat, method, params)
        if method == "deletemessage":
            chat.shown.pop(int(params.get("message_id") or 0), None)
        return True  # sendChatAction, setMyCommands for a chat, ...

    def _edit(self, chat: Chat, method: str, params: Json) -> Json:
        message_id = int(params.get("message_id") or 0)
        old = chat.shown.get(message_id) or Shown(message_id, "", None)
        # Telegram drops an inline keyboard that an edit does not send again.
        keyboard = _inline(params.get("reply_markup"))
        text = params[_EDITS[method]] if method in _EDITS else old.text
        return chat.show(message_id, text, keyboard).as_api(chat.id)


def _user(user_id: int) -> Json:
    return {"id": user_id, "is_bot": False, "first_name": "Bench", "language_code": "en"}


def _inline(markup: Any) -> list[list[Json]] | None:
    if isinstance(markup, str):
        markup = json.loads(markup)
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return list(markup["inline_keyboard"])
    return None


class BotApiStub:
    """The HTTP server; one `StubBot` per token (bots must be added before they call)."""

    def __init__(self, *, max_poll: float = 2.0) -> None:
        self._bots: dict[str, StubBot] = {}
        self._updates = itertools.count(1)  # update ids, unique across bots
        self._max_poll = max_poll
        self._runner: web.AppRunner | None = None
        self.url = ""

    def bot(self, token: str) -> StubBot:
        if token not in self._bots:
            self._bots[token] = StubBot(token, self._updates, self._max_poll)
        return self._bots[token]

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        application = web.Application()
        application.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(application, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port, backlog=1024).start()
        self.url = f"http://{host}:{self._runner.addresses[0][1]}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        bot = self._bots.get(request.match_info["token"])
        if bot is None:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"].lower()
        params = await _read_params(request)
        if method == "getupdates":
            result = await bot.get_updates(params)
        else:
            result = bot.execute(method, params)
        return web.json_response({"ok": True, "result": result})


async def _read_params(request: web.Request) -> Json:
    """A JSON body as it is; form and multipart fields as text (files are dropped)."""
    if request.content_type == "application/json":
        body = await request.json()
        return dict(body) if isinstance(body, dict) else {}
    params: Json = dict(request.query)
    for key, value in (await request.post()).items():
        if isinstance(value, str):
            params[key] = value
    return params
