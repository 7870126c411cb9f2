"""Talk to the real bot without Telegram: build real updates, feed the real Dispatcher, look.

    bot = make_bot()
    standin = TelegramStandIn(dispatcher, bot)
    alice = FakeUser(id=1001, first_name="Alice")
    await standin.send(alice, "/start")
    activity = await standin.press(alice, "Pay")
    assert "amount" in activity.last.plain
    await standin.send_media(alice, "photo", caption="my card")   # not text: photo, sticker, ...
    await standin.send_in_group(alice, FakeGroup(id=-100), "/pay")  # a group the bot is in

Handler exceptions propagate to the caller (a test sees them); a handler that returns a
Bot API method has it executed, as aiogram's polling does.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.methods import TelegramMethod
from aiogram.types import (
    BotCommand,
    Contact,
    InlineKeyboardButton,
    KeyboardButton,
    Update,
    User,
)

from bot.devtools.fake_telegram import (
    CallbackAnswer,
    ChatEvent,
    ChatMessage,
    Clock,
    EventKind,
    FakeChat,
    FakeTelegramSession,
    utc_now,
)
from bot.devtools.telegram_html import Entity, utf16_len

DEFAULT_PHONE = "+998901234567"
TEST_TOKEN = "42:TEST"
# the user_id a contact carries when the user shares someone else's card
OTHER_CONTACT_USER_ID = 777_000_001

MessagePredicate = Callable[[ChatMessage], bool]


def make_bot(*, clock: Clock = utc_now, token: str = TEST_TOKEN) -> Bot:
    """A real aiogram Bot whose requests are answered by a fresh FakeTelegramSession."""
    return Bot(
        token=token,
        session=FakeTelegramSession(clock=clock),
        default=DefaultBotProperties(parse_mode="HTML"),
    )


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user of the stand-in; their private chat has chat.id == id."""

    id: int
    first_name: str
    language_code: str | None = "en"
    username: str | None = None
    last_name: str | None = None
    phone: str = DEFAULT_PHONE

    def as_telegram(self) -> User:
        return User(
            id=self.id,
            is_bot=False,
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.username,
            language_code=self.language_code,
        )


@dataclass(frozen=True)
class FakeGroup:
    """A group, supergroup or channel the bot is in; its id is negative, as Telegram's are."""

    id: int
    title: str = "Test group"
    type: str = "group"  # "group" | "supergroup" | "channel"

    def as_api(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "title": self.title}


# What a user can send instead of text (send_media), each shaped as Telegram sends it.
MEDIA_KINDS = ("photo", "sticker", "document", "voice", "video", "location")


def _media_json(kind: str, number: int) -> dict[str, Any]:
    file = {"file_id": f"USER-{kind}-{number}", "file_unique_id": f"U-USER-{kind}-{number}"}
    if kind == "photo":
        return {"photo": [{**file, "width": 640, "height": 480}]}
    if kind == "sticker":
        sticker = {"type": "regular", "width": 512, "height": 512, "emoji": "👍"}
        return {"sticker": {**file, **sticker, "is_animated": False, "is_video": False}}
    if kind == "document":
        return {"document": {**file, "file_name": "scan.pdf", "mime_type": "application/pdf"}}
    if kind == "voice":
        return {"voice": {**file, "duration": 2}}
    if kind == "video":
        return {"video": {**file, "width": 640, "height": 480, "duration": 3}}
    if kind == "location":
        return {"location": {"latitude": 41.311, "longitude": 69.279}}
    raise ValueError(f"unknown media kind {kind!r}; one of {MEDIA_KINDS}")


@dataclass(frozen=True)
class Activity:
    """What the bot did while one update was handled, in order (all chats)."""

    events: tuple[ChatEvent, ...]
    handled: bool

    def _of(self, *kinds: EventKind) -> list[ChatEvent]:
        return [e for e in self.events if e.kind in kinds]

    @property
    def sent(self) -> list[ChatMessage]:
        """New messages (their current state)."""
        return [e.message for e in self._of(EventKind.SENT) if e.message is not None]

    @property
    def edited(self) -> list[ChatMessage]:
        return [e.message for e in self._of(EventKind.EDITED) if e.message is not None]

    @property
    def deleted(self) -> list[ChatMessage]:
        return [e.message for e in self._of(EventKind.DELETED) if e.message is not None]

    @property
    def messages(self) -> list[ChatMessage]:
        """Sent and edited messages in the order it happened."""
        shown = self._of(EventKind.SENT, EventKind.EDITED)
        return [e.message for e in shown if e.message is not None]

    @property
    def texts(self) -> list[str]:
        """Plain text of each sent or edited message as it read at that moment."""
        return [e.plain for e in self._of(EventKind.SENT, EventKind.EDITED)]

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return [e.answer for e in self._of(EventKind.CALLBACK_ANSWER) if e.answer is not None]

    @property
    def chat_actions(self) -> list[str]:
        return [e.action for e in self._of(EventKind.CHAT_ACTION) if e.action is not None]

    @property
    def last(self) -> ChatMessage:
        """The last message sent or edited; AssertionError when the bot showed nothing."""
        if not self.messages:
            raise AssertionError(f"the bot sent or edited no message; it did: {self.summary()}")
        return self.messages[-1]

    def summary(self) -> str:
        """One line per event, for assertion messages."""
        if not self.events:
            return "(nothing)"
        return "; ".join(_describe_event(e) for e in self.events)


def _describe_event(event: ChatEvent) -> str:
    if event.kind is EventKind.CALLBACK_ANSWER and event.answer is not None:
        return f"callback_answer {event.answer.text!r}"
    if event.kind is EventKind.CHAT_ACTION:
        return f"chat_action {event.action}"
    if event.kind is EventKind.REPLY_KEYBOARD:
        return "reply_keyboard " + ("removed" if event.reply_keyboard is None else "set")
    number = event.message.message_id if event.message is not None else "?"
    return f"{event.kind} #{number} {event.plain[:60]!r}"


def _command_entities(text: str) -> tuple[Entity, ...]:
    # Telegram marks a leading /command as a bot_command entity
    if not text.startswith("/"):
        return ()
    command = text.split(maxsplit=1)[0]
    return (Entity("bot_command", 0, utf16_len(command)),)


def _pick(labels: Iterable[str], label: str) -> list[str]:
    """Exact match if any, else the labels containing `label`."""
    labels = list(labels)
    exact = [item for item in labels if item == label]
    return exact or [item for item in labels if label in item]


class TelegramStandIn:
    """The user's side of Telegram for one Dispatcher and one Bot with a FakeTelegramSession."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot | None = None,
        *,
        feed_kwargs: Mapping[str, Any] | None = None,
    ) -> None:
        self.dispatcher = dispatcher
        self.bot = bot if bot is not None else make_bot()
        if not isinstance(self.bot.session, FakeTelegramSession):
            raise TypeError("TelegramStandIn needs a Bot built on FakeTelegramSession")
        self.session: FakeTelegramSession = self.bot.session
        self.feed_kwargs = dict(feed_kwargs or {})
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._media_ids = itertools.count(1)
        self.updates: list[Update] = []  # every update fed, in order
        self._marks: dict[int, int] = {}  # chat id -> event seq where wait_for_message starts

    # --- acting as the user -------------------------------------------------------------------

    async def feed(self, update: Update, chat_id: int | None = None) -> Activity:
        """Feed one update to the Dispatcher; returns what the bot did meanwhile."""
        self.updates.append(update)
        start = self.session.event_count
        result = await self.dispatcher.feed_update(self.bot, update, **self.feed_kwargs)
        if isinstance(result, TelegramMethod):
            await self.bot(result)
        end = self.session.event_count
        if chat_id is not None:
            self._marks[chat_id] = end
        return Activity(tuple(self.session.events_since(start)), handled=result is not UNHANDLED)

    async def send(self, user: FakeUser, text: str, *, reply_to: int | None = None) -> Activity:
        """The user types `text` (a /command too) in their private chat; `reply_to`: as a
        reply (Telegram's "Reply") to that message of the chat."""
        message = self.session.record_user_message(
            user.id, user.as_telegram(), text=text, entities=_command_entities(text)
        )
        message.reply_to_message_id = reply_to
        return await self._feed_message(user, message)

    async def send_media(
        self, user: FakeUser, kind: str, *, caption: str | None = None
    ) -> Activity:
        """The user sends a photo, sticker, document, voice, video or location (MEDIA_KINDS)
        instead of text; photos, documents, voices and videos may carry a caption."""
        media = _media_json(kind, next(self._media_ids))
        message = self.session.record_user_message(user.id, user.as_telegram())
        message.caption = caption  # kept in the chat, so a test can see it deleted
        data = {**self.session.api_message(message), **media}
        update = self._update(message=data)
        return await self.feed(update, chat_id=user.id)

    async def send_in_group(self, user: FakeUser, group: FakeGroup, text: str) -> Activity:
        """The user types `text` in a group (or supergroup) the bot is a member of."""
        message = self.session.record_user_message(
            group.id, user.as_telegram(), text=text, entities=_command_entities(text)
        )
        data = {**self.session.api_message(message), "chat": group.as_api()}
        return await self.feed(self._update(message=data))

    async def post_in_channel(self, channel: FakeGroup, text: str) -> Activity:
        """A post in a channel the bot administers: no sender user, the channel signs it."""
        author = User(id=channel.id, is_bot=False, first_name=channel.title)
        message = self.session.record_user_message(
            channel.id, author, text=text, entities=_command_entities(text)
        )
        data = self.session.api_message(message)
        data.pop("from", None)
        data.update(chat=channel.as_api(), sender_chat=channel.as_api())
        return await self.feed(self._update(channel_post=data))

    async def share_contact(
        self, user: FakeUser, phone: str | None = None, *, own: bool = True
    ) -> Activity:
        """The user shares a contact: their own (user_id == user.id) or someone else's.

        Pass the phone as a client would: some send it with "+", some without.
        """
        contact = Contact(
            phone_number=phone or user.phone,
            first_name=user.first_name if own else "Someone",
            last_name=user.last_name if own else "Else",
            user_id=user.id if own else OTHER_CONTACT_USER_ID,
        )
        message = self.session.record_user_message(user.id, user.as_telegram(), contact=contact)
        return await self._feed_message(user, message)

    async def press(
        self,
        user: FakeUser,
        label: str,
        *,
        message_id: int | None = None,
        group: FakeGroup | None = None,
    ) -> Activity:
        """Tap the inline button `label` (exact, or a unique substring) on the newest bot
        message that has it, or on message `message_id`; in `group` rather than the private
        chat when given."""
        update = self._callback_update(user, label, message_id, group)
        return await self.feed(update, chat_id=None if group else user.id)

    async def double_press(
        self, user: FakeUser, label: str, *, message_id: int | None = None
    ) -> list[Activity | BaseException]:
        """A double tap: two callback updates carrying the same message state, fed
        concurrently. Returns each outcome (an Activity or the exception its handling raised);
        the two activities may each include events of the other."""
        first = self._callback_update(user, label, message_id)
        second = self._callback_update(user, label, message_id)
        outcomes = await asyncio.gather(
            self.feed(first, chat_id=user.id),
            self.feed(second, chat_id=user.id),
            return_exceptions=True,
        )
        return list(outcomes)

    async def press_reply(
        self, user: FakeUser, label: str, *, phone: str | None = None
    ) -> Activity:
        """Tap a button of the reply keyboard: sends its text, or the user's own contact."""
        button = self._find_reply_button(user, label)
        if button.request_contact:
            return await self.share_contact(user, phone, own=True)
        if button.request_location or button.request_poll or button.web_app:
            raise AssertionError(f"reply button {button.text!r} asks for something unsupported")
        return await self.send(user, button.text)

    def block(self, user: FakeUser, *, blocked: bool = True) -> None:
        """The user blocks the bot: sends to them fail with "bot was blocked by the user"."""
        self.session.chat(user.id).blocked = blocked

    # --- looking at the chat ------------------------------------------------------------------

    def chat(self, user: FakeUser) -> FakeChat:
        return self.session.chat(user.id)

    def last_bot_message(self, user: FakeUser) -> ChatMessage | None:
        messages = self.chat(user).bot_messages
        return messages[-1] if messages else None

    def message(self, user: FakeUser, message_id: int) -> ChatMessage | None:
        return self.chat(user).find(message_id)

    @staticmethod
    def buttons(message: ChatMessage) -> list[list[str]]:
        return message.buttons

    def reply_keyboard(self, user: FakeUser) -> list[list[str]] | None:
        keyboard = self.chat(user).reply_keyboard
        if keyboard is None:
            return None
        return [[button.text for button in row] for row in keyboard.keyboard]

    def callback_answers(self, user: FakeUser) -> list[CallbackAnswer]:
        return list(self.chat(user).callback_answers)

    def bot_texts(self, user: FakeUser) -> list[str]:
        """Plain text of the bot's visible messages, oldest first."""
        return [m.plain for m in self.chat(user).bot_messages]

    def commands(self, user: FakeUser) -> list[BotCommand]:
        """The command menu this user sees (scope and language fallback like Telegram)."""
        return self.session.visible_commands(user.id, user.language_code)

    def transcript(self, user: FakeUser) -> str:
        """The visible chat as text, for assertion messages and debugging."""
        lines = []
        for message in self.chat(user).messages:
            who = "bot" if message.from_bot else "user"
            body = message.plain or (
                f"[contact {message.contact.phone_number}]" if message.contact else ""
            )
            if message.file is not None:
                body = f"[{message.file.kind} {message.file.filename}] {body}"
            lines.append(f"#{message.message_id} {who}: {body}")
            lines.extend(f"    {row}" for row in message.buttons)
        keyboard = self.reply_keyboard(user)
        if keyboard:
            lines.append(f"reply keyboard: {keyboard}")
        return "\n".join(lines)

    # --- background work ----------------------------------------------------------------------

    async def wait_for_message(
        self,
        user: FakeUser,
        predicate: MessagePredicate | None = None,
        timeout: float = 1.0,  # noqa: ASYNC109 - a bounded wait is the point of this helper
        *,
        since: int | None = None,
    ) -> ChatMessage:
        """Wait for a bot message (new or edited) in the user's chat matching `predicate`.

        Looks at what happened after the last update fed for this user (or after event seq
        `since`), so a message a background task sent just before the call is found too.
        """
        start = since if since is not None else self._marks.get(user.id, 0)
        changed = asyncio.Event()

        def on_event(event: ChatEvent) -> None:
            changed.set()

        self.session.add_listener(on_event)
        try:
            async with asyncio.timeout(timeout):
                while True:
                    changed.clear()
                    found = self._match(user.id, predicate, start)
                    if found is not None:
                        self._marks[user.id] = found.seq + 1
                        assert found.message is not None
                        return found.message
                    start = self.session.event_count
                    await changed.wait()
        except TimeoutError:
            raise AssertionError(
                f"no matching bot message within {timeout}s; chat now:\n{self.transcript(user)}"
            ) from None
        finally:
            self.session.remove_listener(on_event)

    async def idle(self, quiet: float = 0.05, timeout: float = 1.0) -> None:  # noqa: ASYNC109
        """Return once the bot did nothing for `quiet` seconds (or after `timeout`)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            seen = self.session.event_count
            await asyncio.sleep(min(quiet, max(deadline - loop.time(), 0)))
            if self.session.event_count == seen:
                return

    # --- internals ----------------------------------------------------------------------------

    def _match(
        self, chat_id: int, predicate: MessagePredicate | None, start: int
    ) -> ChatEvent | None:
        for event in self.session.events_since(start):
            if event.chat_id != chat_id or event.message is None:
                continue
            if event.kind not in (EventKind.SENT, EventKind.EDITED):
                continue
            if predicate is None or predicate(event.message):
                return event
        return None

    def _update(self, **payload: Any) -> Update:
        data = {"update_id": next(self._update_ids), **payload}
        return Update.model_validate(data, context={"bot": self.bot})

    async def _feed_message(self, user: FakeUser, message: ChatMessage) -> Activity:
        update = self._update(message=self.session.api_message(message))
        return await self.feed(update, chat_id=user.id)

    def _callback_update(
        self, user: FakeUser, label: str, message_id: int | None, group: FakeGroup | None = None
    ) -> Update:
        chat_id = group.id if group is not None else user.id
        message, button = self._find_inline_button(chat_id, label, message_id)
        if button.callback_data is None:
            raise AssertionError(
                f"inline button {button.text!r} on #{message.message_id} is not a callback "
                f"button: {button.model_dump(exclude_none=True)}"
            )
        if button.disabled is not None:
            raise AssertionError(f"inline button {button.text!r} is disabled")
        query_id = f"{user.id}-{next(self._query_ids)}"
        self.session.open_callback_query(query_id, chat_id)
        api_message = self.session.api_message(message)
        if group is not None:
            api_message["chat"] = group.as_api()
        query = {
            "id": query_id,
            "from": user.as_telegram().model_dump(mode="json", exclude_none=True),
            "chat_instance": f"fake-{chat_id}",
            "message": api_message,
            "data": button.callback_data,
        }
        return self._update(callback_query=query)

    def _find_inline_button(
        self, chat_id: int, label: str, message_id: int | None
    ) -> tuple[ChatMessage, InlineKeyboardButton]:
        chat = self.session.chat(chat_id)
        if message_id is not None:
            message = chat.find(message_id)
            if message is None or message.deleted:
                state = "deleted" if message is not None else "unknown"
                raise AssertionError(
                    f"message #{message_id} is {state}; {self._describe_buttons(chat_id)}"
                )
            candidates = [message]
        else:
            candidates = list(reversed(chat.bot_messages))
        for exact in (True, False):
            for message in candidates:
                row_buttons = [b for row in self._inline_rows(message) for b in row]
                hits = [b for b in row_buttons if (b.text == label if exact else label in b.text)]
                if len(hits) > 1 and not exact:
                    raise AssertionError(
                        f"{label!r} matches several buttons on #{message.message_id}: "
                        f"{[b.text for b in hits]}"
                    )
                if hits:
                    return message, hits[0]
        raise AssertionError(f"no inline button {label!r}; {self._describe_buttons(chat_id)}")

    @staticmethod
    def _inline_rows(message: ChatMessage) -> list[list[InlineKeyboardButton]]:
        return message.inline_keyboard.inline_keyboard if message.inline_keyboard else []

    def _describe_buttons(self, chat_id: int) -> str:
        shown = [
            f"#{m.message_id} {m.plain[:40]!r}: {m.buttons}"
            for m in self.session.chat(chat_id).bot_messages
            if m.buttons
        ]
        if not shown:
            return "no visible message has inline buttons"
        return "buttons on visible messages: " + "; ".join(shown)

    def _find_reply_button(self, user: FakeUser, label: str) -> KeyboardButton:
        keyboard = self.chat(user).reply_keyboard
        if keyboard is None:
            raise AssertionError(f"no reply keyboard is shown (wanted {label!r})")
        every = [button for row in keyboard.keyboard for button in row]
        hits = _pick((b.text for b in every), label)
        if len(hits) != 1:
            raise AssertionError(
                f"reply button {label!r} matches {hits or 'nothing'}; "
                f"keyboard: {self.reply_keyboard(user)}"
            )
        return next(b for b in every if b.text == hits[0])
