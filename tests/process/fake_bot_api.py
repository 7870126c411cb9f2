"""A fake Telegram Bot API over real HTTP, for bots that run as their own process.

    api = FakeBotApi(token=TOKEN)
    await api.start()
    url = api.url_for("a")          # TELEGRAM_API_URL of one bot process ("door" a)
    update_id = await api.send_text(5001, "/start")
    await api.press(5001, "English")
    api.faults.inject("sendMessage", "server_error", when=lambda p: "Pay" in p.get("text", ""))
    api.block(5001)                 # every send to this chat: 403 "bot was blocked by the user"
    await api.wait_for_text(5001, "Payment successful")
    await api.stop()

Chats are kept by `bot.devtools`' FakeTelegramSession, the in-process Telegram the
conversation tests use: each request is turned back into aiogram's method object and answered
by it, so both fakes show a chat the same way (HTML rendered, "message is not modified",
"query is too old", reply keyboards, deleted messages) and refuse the same requests. This module
adds what a separate process needs: the HTTP server at `/bot{token}/{method}` (method names
case-insensitive, parameters from a form, multipart or JSON body), `getUpdates` with long
polling, faults on chosen calls, and the user's actions as queued updates.

Doors. Each bot process gets its own base URL, `url_for(name)` = `http://127.0.0.1:PORT/name`
(plain `url` is the door ""), so the fake knows which process made each call. All doors share
one Telegram: one set of chats, one queue of updates.

Updates. A queued update goes to exactly one poller: the one named by `via=`, or else the first
live door waiting in `getUpdates`, the least recently served door first (two bots polling take
turns when both are waiting). An update handed out stays in flight until that door's next
`getUpdates` confirms it with its offset, as Telegram does (a poll that does not confirm it
gets it again); when a door is retired (its process exited) its unconfirmed updates go back to
the front of the queue for the next poller. Offsets confirm only the door's own updates. Long
polls wait at most `max_poll` seconds and wake at once when an update is queued. Faults apply
to getUpdates too.

Webhook. Once a bot has called setWebhook the fake stops answering getUpdates (409, as
Telegram does) and delivers each queued update by POST, with the secret token of that call in
`X-Telegram-Bot-Api-Secret-Token`. The fake is its own load balancer too: `add_backend(door,
url)` puts a replica's webhook server into the pool, and each update goes to its `via=` door, or
else to the next live backend in turn. A POST that fails (connection refused or cut, a status
other than 2xx) is delivered again, to the next live backend, after a short pause, as
Telegram redelivers what was not confirmed. Updates are delivered at once, several in parallel
(Telegram opens up to max_connections), so one customer's double tap can reach two replicas at
the same moment. `deliveries` lists every POST with its outcome.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import types
import typing
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import aiogram.methods
import aiohttp
from aiogram import Bot, Dispatcher
from aiogram.client.default import Default
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.methods import TelegramMethod
from aiogram.types import BufferedInputFile, Update
from aiohttp import web
from pydantic import BaseModel, ValidationError

from bot.devtools.chat import ChatMessage, EventKind
from bot.devtools.fake_telegram import FakeTelegramSession
from bot.devtools.standin import Activity, FakeUser, TelegramStandIn

T = TypeVar("T")
Params = dict[str, Any]

DEFAULT_TOKEN = "123456:TEST-process-token"
BLOCKED = "Forbidden: bot was blocked by the user"
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
# aiogram's AiohttpSession gives up on a request after 60 s by default.
BEYOND_CLIENT_TIMEOUT = 65.0
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
# How long a webhook POST may take (Telegram gives up after about a minute), and the pause
# before an update that failed is delivered again.
WEBHOOK_TIMEOUT = 75.0
REDELIVERY_PAUSE = 0.2

FaultKind = Literal[
    "retry_after", "server_error", "forbidden", "edit_not_found", "timeout", "delay", "lose_answer"
]
"""retry_after: 429 with parameters.retry_after. server_error: 500 "Internal Server Error".
forbidden: 403 "bot was blocked by the user". edit_not_found: 400 "message to edit not found".
timeout: hold the request `seconds`, then drop the connection unanswered. delay: hold it
`seconds`, then answer normally. lose_answer: execute it, then drop the connection unanswered.
Only delay and lose_answer change the chat."""

_METHODS: dict[str, type[TelegramMethod[Any]]] = {
    cls.__api_method__.lower(): cls
    for cls in vars(aiogram.methods).values()
    if isinstance(cls, type) and issubclass(cls, TelegramMethod) and cls is not TelegramMethod
}


class Changes:
    """Wakes whoever waits for a condition on the fake (and on the bot processes)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()

    async def until(
        self,
        check: Callable[[], T],
        timeout: float,  # noqa: ASYNC109 - a bounded wait is the point
        explain: Callable[[], str] = lambda: "",
    ) -> T:
        """`check()` once it is truthy; AssertionError with `explain()` after `timeout`."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    self._event.clear()
                    result = check()
                    if result:
                        return result
                    await self._event.wait()
        except TimeoutError:
            raise AssertionError(f"not within {timeout}s. {explain()}") from None


# --- faults ---------------------------------------------------------------------------------


@dataclass
class Fault:
    method: str  # lower-case Bot API method name
    kind: FaultKind
    left: int | None  # None: until cleared
    when: Callable[[Params], bool] | None
    retry_after: int
    seconds: float
    hits: int = 0


class Faults:
    """What chosen calls suffer. The first matching injection with calls left applies."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self.released = asyncio.Event()  # set by clear() and at stop: held requests let go

    def inject(
        self,
        method: str,
        kind: FaultKind,
        *,
        times: int | None = 1,
        when: Callable[[Params], bool] | None = None,
        retry_after: int = 1,
        seconds: float = BEYOND_CLIENT_TIMEOUT,
    ) -> Fault:
        """`when(params)` picks the calls (params as decoded from the request); `seconds` is
        how long `timeout` and `delay` hold a request."""
        if kind not in typing.get_args(FaultKind):
            raise ValueError(f"unknown fault kind {kind!r}")
        fault = Fault(method.lower(), kind, times, when, retry_after, seconds)
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """No more faults; requests held by `timeout` or `delay` are let go at once."""
        self._faults.clear()
        self.released.set()
        self.released = asyncio.Event()

    def take(self, method: str, params: Params) -> Fault | None:
        for fault in self._faults:
            if fault.method != method or (fault.left is not None and fault.left <= 0):
                continue
            if fault.when is not None and not fault.when(params):
                continue
            fault.hits += 1
            if fault.left is not None:
                fault.left -= 1
            return fault
        return None


# --- calls and doors ------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One Bot API request other than getUpdates, as the fake saw and answered it."""

    door: str
    method: str  # lower-case
    params: Params
    error: str | None = None  # Telegram's description when refused
    fault: FaultKind | None = None


@dataclass
class _Queued:
    update_id: int
    payload: dict[str, Any]
    via: str | None


@dataclass
class Door:
    """One bot process's way in: its long polls and the updates it was handed."""

    name: str
    polls: int = 0
    retired: bool = False
    handed: list[int] = field(default_factory=list)  # update ids, in order
    in_flight: dict[int, _Queued] = field(default_factory=dict)  # handed, not yet confirmed
    last_served: int = 0  # serial of the last hand-out, for taking turns


@dataclass(frozen=True)
class Webhook:
    """What the last setWebhook asked for."""

    url: str
    secret: str | None
    allowed_updates: list[str] | None


@dataclass(frozen=True)
class Delivery:
    """One webhook POST of an update: to which backend, and how it ended (an HTTP status, or
    None when the connection failed)."""

    door: str
    update_id: int
    status: int | None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class _Waiter:
    door: Door
    limit: int
    future: asyncio.Future[list[_Queued]]


class _Phone(TelegramStandIn):
    """The stand-in's user side (buttons found by label, contacts, callback queries opened in
    the session), with updates collected for the HTTP queue instead of fed to a dispatcher."""

    def __init__(self, bot: Bot) -> None:
        super().__init__(Dispatcher(), bot)
        self.outbox: list[Update] = []

    async def feed(self, update: Update, chat_id: int | None = None) -> Activity:
        self.outbox.append(update)
        return Activity(events=(), handled=False)


class FakeBotApi:
    def __init__(self, *, token: str = DEFAULT_TOKEN, max_poll: float = 0.5) -> None:
        self.token = token
        self.max_poll = max_poll
        self.session = FakeTelegramSession()
        self._bot = Bot(token=token, session=self.session)  # answers as the bot of this token
        self._phone = _Phone(self._bot)
        self.faults = Faults()
        self.changes = Changes()
        self.calls: list[Call] = []
        self.doors: dict[str, Door] = {}
        self.users: dict[int, FakeUser] = {}
        self._pending: deque[_Queued] = deque()
        self._waiters: list[_Waiter] = []
        self._serial = itertools.count(1)
        self._marks: dict[int, int] = {}  # chat id -> event seq at the user's last action
        self._runner: web.AppRunner | None = None
        self._base = ""
        self.webhook: Webhook | None = None
        self.backends: dict[str, str] = {}  # door -> that replica's webhook URL
        self.deliveries: list[Delivery] = []
        self._turns = itertools.count()
        self._posting: set[asyncio.Task[None]] = set()
        self._client: aiohttp.ClientSession | None = None
        self.session.add_listener(lambda event: self.changes.notify())

    # --- life cycle ---------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        application = web.Application()
        application.router.add_route("*", "/bot{token}/{method}", self._handle)
        application.router.add_route("*", "/{door}/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(application, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self._base = f"http://{host}:{self._runner.addresses[0][1]}"
        self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT))
        return self._base

    async def stop(self) -> None:
        self.faults.released.set()
        for task in list(self._posting):
            task.cancel()
        await asyncio.gather(*self._posting, return_exceptions=True)
        if self._client is not None:
            await self._client.close()
        self._client = None
        for waiter in self._waiters:
            if not waiter.future.done():
                waiter.future.set_result([])
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = None

    @property
    def url(self) -> str:
        """The base URL of the default door ""."""
        return self.url_for("")

    def url_for(self, door: str) -> str:
        """A base URL for one bot process (TELEGRAM_API_URL); opens the door."""
        if not self._base:
            raise RuntimeError("the fake Bot API is not started")
        self.door(door).retired = False  # a name may be used again by a new process
        return f"{self._base}/{door}" if door else self._base

    def door(self, name: str) -> Door:
        if name not in self.doors:
            self.doors[name] = Door(name)
        return self.doors[name]

    def retire(self, name: str) -> None:
        """The process behind this door is gone: its unconfirmed updates go to the others."""
        door = self.door(name)
        door.retired = True
        for waiter in [w for w in self._waiters if w.door is door]:
            self._waiters.remove(waiter)
            waiter.future.set_result([])
        self.backends.pop(name, None)
        if self.webhook is None:  # a webhook POST cut off by the death is delivered again
            self._pending.extendleft(reversed(list(door.in_flight.values())))
            door.in_flight.clear()
        self._hand_out()
        self.changes.notify()

    def add_backend(self, door: str, url: str) -> None:
        """The load balancer sends updates to this replica's webhook server from now on."""
        self.door(door).retired = False
        self.backends[door] = url
        self._hand_out()
        self.changes.notify()

    # --- the user's side ----------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        *,
        first_name: str = "Aziza",
        language: str | None = "en",
        phone: str = "+998901234567",
    ) -> FakeUser:
        """The Telegram user with this id (made with these details on first use)."""
        if user_id not in self.users:
            self.users[user_id] = FakeUser(
                id=user_id, first_name=first_name, language_code=language, phone=phone
            )
        return self.users[user_id]

    async def send_text(self, user_id: int, text: str, *, via: str | None = None) -> int:
        """The user types `text` (a /command too); returns the queued update's id."""
        user = self.user(user_id)
        await self._phone.send(user, text)
        return self._queue(user, via)

    async def share_contact(
        self, user_id: int, phone: str | None = None, *, own: bool = True, via: str | None = None
    ) -> int:
        """The user shares their own contact (or someone else's, own=False)."""
        user = self.user(user_id)
        await self._phone.share_contact(user, phone, own=own)
        return self._queue(user, via)

    async def press(
        self, user_id: int, label: str, *, message_id: int | None = None, via: str | None = None
    ) -> int:
        """Tap the inline button `label` (exact, or a unique substring) on the newest bot
        message that has it: a callback_query update with its callback_data and the message."""
        user = self.user(user_id)
        await self._phone.press(user, label, message_id=message_id)
        return self._queue(user, via)

    async def press_reply(self, user_id: int, label: str, *, via: str | None = None) -> int:
        """Tap a button of the reply keyboard (sends its text, or the user's contact)."""
        user = self.user(user_id)
        await self._phone.press_reply(user, label)
        return self._queue(user, via)

    def block(self, user_id: int, *, blocked: bool = True) -> None:
        """The user blocks the bot: every request about this chat gets 403."""
        self.session.chat(user_id).blocked = blocked

    def unblock_all(self) -> None:
        for chat in self.session.chats.values():
            chat.blocked = False

    # --- looking at the chats -----------------------------------------------------------------

    def messages(self, user_id: int) -> list[ChatMessage]:
        """The bot's visible messages in this chat, oldest first, as they read now."""
        return self.session.chat(user_id).bot_messages

    def texts(self, user_id: int) -> list[str]:
        return [message.plain for message in self.messages(user_id)]

    def last_text(self, user_id: int) -> str:
        messages = self.messages(user_id)
        if not messages:
            raise AssertionError(f"the bot has shown user {user_id} nothing")
        return messages[-1].plain

    def reply_keyboard(self, user_id: int) -> list[list[str]] | None:
        return self._phone.reply_keyboard(self.user(user_id))

    def transcript(self, user_id: int) -> str:
        return self._phone.transcript(self.user(user_id))

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method.lower()]

    def of(self, method: str) -> list[Params]:
        """The parameters of every answered call of `method`, in order."""
        return [call.params for call in self.calls_to(method) if call.error is None]

    @property
    def event_count(self) -> int:
        """A mark for `wait_for_text(since=...)`: what the chats showed until now."""
        return self.session.event_count

    def last_action_mark(self, user_id: int) -> int:
        return self._marks.get(user_id, 0)

    async def wait_for(
        self,
        check: Callable[[], T],
        timeout: float = 10.0,  # noqa: ASYNC109
        explain: Callable[[], str] = lambda: "",
    ) -> T:
        """Wait until `check()` is truthy (re-checked after every request the fake answers
        and every update handed out); returns its value."""
        return await self.changes.until(check, timeout, explain)

    async def wait_for_text(
        self,
        user_id: int,
        substring: str,
        timeout: float = 10.0,  # noqa: ASYNC109
        *,
        since: int | None = None,
    ) -> ChatMessage:
        """A visible bot message in this chat whose text contains `substring`; with `since`
        (an `event_count` or `last_action_mark`), one sent or edited after that mark."""

        def found() -> ChatMessage | None:
            if since is None:
                hits = [m for m in self.messages(user_id) if substring in m.plain]
                return hits[-1] if hits else None
            return self._shown_since(user_id, since, lambda text: substring in text)

        return await self.wait_for(
            found, timeout, lambda: f"no {substring!r}; chat:\n{self.transcript(user_id)}"
        )

    def _shown_since(
        self, user_id: int, since: int, match: Callable[[str], bool]
    ) -> ChatMessage | None:
        for event in reversed(self.session.events_since(since)):
            if event.chat_id != user_id or event.message is None:
                continue
            if event.kind in (EventKind.SENT, EventKind.EDITED) and match(event.plain):
                return event.message
        return None

    # --- the update queue ---------------------------------------------------------------------

    @property
    def pending(self) -> list[int]:
        """Update ids queued and not handed out yet."""
        return [queued.update_id for queued in self._pending]

    def drop_pending(self) -> None:
        """Forget the updates not handed out yet (a failed test's leftovers)."""
        self._pending.clear()

    def waiting_doors(self) -> set[str]:
        """The doors with a long poll waiting right now."""
        return {waiter.door.name for waiter in self._waiters}

    def door_of(self, update_id: int) -> Door | None:
        """The door the update was last handed to."""
        owners = [door for door in self.doors.values() if update_id in door.handed]
        return owners[-1] if owners else None

    def _queue(self, user: FakeUser, via: str | None) -> int:
        (update,) = self._phone.outbox
        self._phone.outbox.clear()
        self._marks[user.id] = self.session.event_count
        payload = update.model_dump(mode="json", exclude_none=True, by_alias=True)
        self._pending.append(_Queued(update.update_id, payload, via))
        self._hand_out()
        self.changes.notify()
        return update.update_id

    def _eligible(self, door: Door, queued: _Queued) -> bool:
        return not door.retired and queued.via in (None, door.name)

    def _take(self, door: Door, limit: int) -> list[_Queued]:
        batch = [q for q in self._pending if self._eligible(door, q)][:limit]
        for queued in batch:
            self._pending.remove(queued)
            door.in_flight[queued.update_id] = queued
            door.handed.append(queued.update_id)
        if batch:
            door.last_served = next(self._serial)
        return batch

    def _hand_out(self) -> None:
        """Give queued updates to waiting pollers, the least recently served door first; with a
        webhook set, post them."""
        if self.webhook is not None:
            self._post_pending()
            return
        while self._pending and self._waiters:
            waiters = sorted(self._waiters, key=lambda w: w.door.last_served)
            for waiter in waiters:
                batch = self._take(waiter.door, waiter.limit)
                if batch:
                    self._waiters.remove(waiter)
                    waiter.future.set_result(batch)
                    break
            else:
                return  # nobody waiting may take what is queued

    async def _get_updates(self, door: Door, params: Params) -> list[dict[str, Any]]:
        door.polls += 1
        offset = int(params.get("offset") or 0)
        for update_id in [i for i in door.in_flight if i < offset]:
            del door.in_flight[update_id]
        limit = int(params.get("limit") or 100)
        wait = min(float(params.get("timeout") or 0), self.max_poll)
        if door.retired:  # nothing for a door whose process is gone: an empty long poll
            await asyncio.sleep(wait)
            return []
        # Not confirmed by this offset: the answer that carried them was lost, send again.
        batch = [queued for queued in door.in_flight.values() if queued.update_id >= offset]
        batch += self._take(door, limit - len(batch))
        if not batch and wait > 0:
            waiter = _Waiter(door, limit, asyncio.get_running_loop().create_future())
            self._waiters.append(waiter)
            self.changes.notify()
            await asyncio.wait([waiter.future], timeout=wait)
            if waiter.future.done():
                batch = waiter.future.result()
            else:
                self._waiters.remove(waiter)
                waiter.future.cancel()
        self.changes.notify()
        return [queued.payload for queued in batch]

    # --- the webhook --------------------------------------------------------------------------

    def _post_pending(self) -> None:
        if not self.backends or self._client is None:
            return  # they wait for a backend
        while self._pending:
            queued = self._pending.popleft()
            task = asyncio.create_task(self._post(queued), name=f"deliver {queued.update_id}")
            self._posting.add(task)
            task.add_done_callback(self._posting.discard)

    def _backend_for(self, queued: _Queued, first: bool) -> str | None:
        if first and queued.via in self.backends:
            return queued.via
        live = sorted(self.backends)
        return live[next(self._turns) % len(live)] if live else None

    async def _post(self, queued: _Queued) -> None:
        first = True
        while True:
            name = self._backend_for(queued, first)
            webhook, client = self.webhook, self._client
            if name is None or webhook is None or client is None:
                self._pending.appendleft(queued)  # posted when a backend comes
                return
            first = False
            door = self.door(name)
            door.in_flight[queued.update_id] = queued
            door.handed.append(queued.update_id)
            door.last_served = next(self._serial)
            self.changes.notify()
            headers = {"X-Telegram-Bot-Api-Secret-Token": webhook.secret} if webhook.secret else {}
            status: int | None = None
            try:
                async with client.post(
                    self.backends.get(name, ""), json=queued.payload, headers=headers
                ) as response:
                    await response.read()
                    status = response.status
            except (aiohttp.ClientError, TimeoutError):
                status = None
            finally:
                door.in_flight.pop(queued.update_id, None)
            delivery = Delivery(name, queued.update_id, status)
            self.deliveries.append(delivery)
            self.changes.notify()
            if delivery.ok:
                return
            await asyncio.sleep(REDELIVERY_PAUSE)  # Telegram's pause before it tries again

    def _webhook_call(self, door: Door, name: str, params: Params) -> web.Response:
        """setWebhook, getWebhookInfo and deleteWebhook, as Telegram keeps the webhook."""
        self._record(Call(door.name, name, params))
        if name == "setwebhook":
            allowed = params.get("allowed_updates")
            self.webhook = Webhook(str(params["url"]), params.get("secret_token"), allowed)
            self._hand_out()
            return _answer(True)
        if name == "deletewebhook":
            self.webhook = None
            return _answer(True)
        info: Params = {"url": "", "has_custom_certificate": False}
        if self.webhook is not None:
            info["url"] = self.webhook.url
            if self.webhook.allowed_updates is not None:
                info["allowed_updates"] = self.webhook.allowed_updates
        info["pending_update_count"] = len(self._pending)
        return _answer(info)

    # --- HTTP ---------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _refusal(401, "Unauthorized")
        door = self.door(request.match_info.get("door", ""))
        name = request.match_info["method"].lower()
        method_cls = _METHODS.get(name)
        params = _decode(method_cls, await _read_params(request))
        fault = self.faults.take(name, params)
        if fault is not None and fault.kind not in ("delay", "lose_answer"):
            return await self._suffer(request, door, name, params, fault)
        if fault is not None and fault.kind == "delay":
            await self._hold(fault.seconds)
        if name in ("setwebhook", "getwebhookinfo", "deletewebhook"):
            response = self._webhook_call(door, name, params)
        elif name == "getupdates" and self.webhook is not None:
            response = _refusal(409, WEBHOOK_CONFLICT)
        elif name == "getupdates":
            response = _answer(await self._get_updates(door, params))
        else:
            response = await self._execute(door, name, method_cls, params, fault)
        if fault is not None and fault.kind == "lose_answer" and request.transport is not None:
            request.transport.close()  # done, but the bot never hears of it
        return response

    async def _suffer(
        self, request: web.Request, door: Door, name: str, params: Params, fault: Fault
    ) -> web.StreamResponse:
        status, description = {
            "retry_after": (429, f"Too Many Requests: retry after {fault.retry_after}"),
            "server_error": (500, "Internal Server Error"),
            "forbidden": (403, BLOCKED),
            "edit_not_found": (400, EDIT_NOT_FOUND),
            "timeout": (0, "held, then dropped unanswered"),
        }[fault.kind]
        self._record(Call(door.name, name, params, error=description, fault=fault.kind))
        if fault.kind == "timeout":
            await self._hold(fault.seconds)
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=504)  # never reaches the closed connection
        extra = {"retry_after": fault.retry_after} if fault.kind == "retry_after" else None
        return _refusal(status, description, extra)

    async def _hold(self, seconds: float) -> None:
        released = self.faults.released
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(released.wait(), timeout=seconds)

    async def _execute(
        self,
        door: Door,
        name: str,
        method_cls: type[TelegramMethod[Any]] | None,
        params: Params,
        fault: Fault | None,
    ) -> web.StreamResponse:
        kind = fault.kind if fault is not None else None
        if method_cls is None:
            self._record(Call(door.name, name, params, fault=kind))
            return _answer(True)  # a method aiogram does not know: just succeed
        try:
            method = method_cls.model_validate(params)
            result = await self.session.make_request(self._bot, method)
        except ValidationError as error:
            description = f"Bad Request: {error.errors()[0]['msg']}"
            self._record(Call(door.name, name, params, error=description, fault=kind))
            return _refusal(400, description)
        except TelegramAPIError as error:
            status = 403 if isinstance(error, TelegramForbiddenError) else 400
            self._record(Call(door.name, name, params, error=error.message, fault=kind))
            return _refusal(status, error.message)
        except NotImplementedError:
            result = True  # the chat model does not emulate it: just succeed
        self._record(Call(door.name, name, params, fault=kind))
        return _answer(_dump(result))

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self.changes.notify()


# --- request and answer bodies --------------------------------------------------------------


async def _read_params(request: web.Request) -> Params:
    """Form fields as text (files as BufferedInputFile under their attach:// names), or the
    JSON body as it is."""
    if request.content_type == "application/json":
        body = await request.json()
        return dict(body) if isinstance(body, dict) else {}
    params: Params = dict(request.query)
    files: dict[str, BufferedInputFile] = {}
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            files[key] = BufferedInputFile(value.file.read(), value.filename or key)
        else:
            params[key] = value
    for key, value in params.items():
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = files.get(value.removeprefix("attach://"), value)
    return params


def _decode(method_cls: type[TelegramMethod[Any]] | None, raw: Params) -> Params:
    """Form values are text; aiogram JSON-encodes every field that is not a string."""
    fields = method_cls.model_fields if method_cls is not None else {}
    decoded: Params = {}
    for key, value in raw.items():
        if not isinstance(value, str) or (key in fields and _is_text(fields[key].annotation)):
            decoded[key] = value
            continue
        try:
            decoded[key] = json.loads(value)
        except ValueError:
            decoded[key] = value
    return decoded


def _is_text(annotation: Any) -> bool:
    """str, or str | None (a parse_mode's Default too); not int | str, as chat_id is."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return str in options and all(a is str or a is Default for a in options)
    return annotation is str


def _dump(result: Any) -> Any:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json", exclude_none=True, by_alias=True)
    if isinstance(result, list):
        return [_dump(item) for item in result]
    return result


def _answer(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _refusal(status: int, description: str, parameters: Params | None = None) -> web.Response:
    body: Params = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


__all__ = [
    "BLOCKED",
    "DEFAULT_TOKEN",
    "EDIT_NOT_FOUND",
    "Call",
    "Changes",
    "Delivery",
    "Door",
    "FakeBotApi",
    "Fault",
    "FaultKind",
    "Faults",
    "Webhook",
]
