"""An in-process Telegram: a Bot API session that answers like Telegram and remembers the chats.

`FakeTelegramSession` replaces aiogram's HTTP session (the idea of aiogram's own
`tests/mocked_bot.py`), so the real Bot and the real Dispatcher run unchanged. Each method is
answered with the object Telegram would return, and each chat keeps the messages as the user
would see them. Where real Telegram refuses a request and handlers must cope, this does too,
with Telegram's wording ("message is not modified", "message to edit not found", "can't parse
entities", BUTTON_DATA_INVALID, ...), raised through aiogram's own error mapping.

Telegram failing where it usually does not is injected by the test through `session.faults`
(`paybot.tg.session.faults` in the conversation tests), a `TelegramFaults` from
bot/devtools/telegram_faults.py:

    session.faults.inject("deleteMessage", "forbidden")       # the next deleteMessage: 403
    session.faults.inject("sendMessage", "retry_after", retry_after=3, times=None, chat_id=5001)
    session.faults.clear()

`inject(method, kind, *, times=1, chat_id=None, retry_after=1, when=None)`: `method` as Telegram
spells it (case-insensitive), `kind` one of forbidden, server_error, retry_after, timeout,
edit_not_found, each raised as the aiogram exception a real session raises; `times=None` fails
every matching call until `clear()`; `when` is a predicate on the aiogram method object. A
failed call changes no chat; `session.faults.fired` lists what fired.

Chats are created on first use (the fake does not insist the user pressed /start first).
"""

from __future__ import annotations

import io
import json
import mimetypes
import re
import threading
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any, NoReturn

from aiogram.client.default import Default
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    DeleteMessages,
    DeleteMyCommands,
    DeleteWebhook,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    GetChatMenuButton,
    GetMe,
    GetMyCommands,
    Response,
    SendChatAction,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetChatMenuButton,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeUnion,
    Contact,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    MenuButtonUnion,
    MessageEntity,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    User,
)

from bot.devtools.chat import (
    CallbackAnswer,
    ChatAction,
    ChatEvent,
    ChatMessage,
    Clock,
    EventKind,
    FakeChat,
    RecordedCall,
    StoredFile,
    utc_now,
)
from bot.devtools.telegram_faults import TIMEOUT_MESSAGE, TelegramFaults
from bot.devtools.telegram_html import Entity, HtmlParseError, parse_html, utf16_len

__all__ = [
    "CallbackAnswer",
    "ChatAction",
    "ChatEvent",
    "ChatMessage",
    "Clock",
    "EventKind",
    "FakeChat",
    "FakeTelegramSession",
    "RecordedCall",
    "StoredFile",
    "TelegramFaults",
    "utc_now",
]

if TYPE_CHECKING:
    from aiogram import Bot

MESSAGE_TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
CALLBACK_ANSWER_LIMIT = 200
# Telegram answers callback queries only for a short while; the exact limit is not published
CALLBACK_QUERY_TTL = timedelta(seconds=15)
# Bots may delete messages only while they are younger than 48 hours
DELETE_WINDOW = timedelta(hours=48)

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
DELETE_NOT_FOUND = "Bad Request: message to delete not found"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
BOT_BLOCKED = "Forbidden: bot was blocked by the user"
TEXT_BUTTONS_UNALLOWED = "Bad Request: text buttons are unallowed in the inline keyboard"

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")


@dataclass(frozen=True)
class _Upload:
    filename: str
    data: bytes


@dataclass(frozen=True)
class _Edit:
    """A message's new content; `raw` replaces the text or the caption, whichever it has."""

    raw: str | None
    plain: str
    parse_mode: str | None
    entities: tuple[Entity, ...]
    markup: InlineKeyboardMarkup | None


@dataclass
class _Query:
    chat_id: int
    opened_at: datetime
    answered: bool = False


def _api_dump(obj: Any) -> Any:
    return obj.model_dump(mode="json", exclude_none=True, by_alias=True)


def _scope_key(scope: BotCommandScopeUnion | None) -> str:
    if scope is None:
        return "default"
    parts = [str(scope.type.value if isinstance(scope.type, Enum) else scope.type)]
    for attr in ("chat_id", "user_id"):
        value = getattr(scope, attr, None)
        if value is not None:
            parts.append(str(value))
    return ":".join(parts)


def _markup_key(markup: InlineKeyboardMarkup | None) -> str | None:
    if markup is None:
        return None
    return json.dumps(_api_dump(markup), sort_keys=True)


def _is_image(data: bytes) -> bool:
    return data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


# Telegram keeps a photo's largest size at most this many pixels on its longer side.
_PHOTO_LIMIT = 1280


def _photo_size(data: bytes) -> tuple[int, int]:
    """The width and height Telegram reports for an uploaded photo: its own, scaled down to
    _PHOTO_LIMIT on the longer side (1 x 1 for a photo sent by URL, which the fake cannot read)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError):
        return 1, 1
    scale = min(1.0, _PHOTO_LIMIT / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


class FakeTelegramSession(BaseSession):
    """A Bot API session answered in process; see the module docstring."""

    def __init__(
        self,
        *,
        clock: Clock = utc_now,
        bot_first_name: str = "PayBot",
        bot_username: str = "paybot_test_bot",
    ) -> None:
        super().__init__()
        self.clock = clock
        self.bot_first_name = bot_first_name
        self.bot_username = bot_username
        self.bot_id = 0  # learnt from the Bot on its first request
        self.chats: dict[int, FakeChat] = {}
        self.calls: list[RecordedCall] = []
        self.events: list[ChatEvent] = []
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[BotCommand]] = {}
        self.menu_buttons: dict[int | None, MenuButtonUnion] = {}
        self.faults = TelegramFaults()
        self._queries: dict[str, _Query] = {}
        self._listeners: list[Callable[[ChatEvent], None]] = []
        self._lock = threading.RLock()
        self._handlers: dict[type[Any], Callable[[Bot, Any], Any]] = {
            SendMessage: self._send_message,
            EditMessageText: self._edit_message_text,
            EditMessageCaption: self._edit_message_caption,
            EditMessageReplyMarkup: self._edit_message_reply_markup,
            DeleteMessage: self._delete_message,
            DeleteMessages: self._delete_messages,
            AnswerCallbackQuery: self._answer_callback_query,
            SendChatAction: self._send_chat_action,
            SetMyCommands: self._set_my_commands,
            DeleteMyCommands: self._delete_my_commands,
            GetMyCommands: self._get_my_commands,
            GetMe: self._get_me,
            DeleteWebhook: lambda bot, method: True,
            SetChatMenuButton: self._set_chat_menu_button,
            GetChatMenuButton: self._get_chat_menu_button,
        }

    # --- BaseSession ---------------------------------------------------------------------

    async def close(self) -> None:
        """Nothing to release."""

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - BaseSession's signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError("FakeTelegramSession does not serve file downloads")
        yield b""  # pragma: no cover - makes this an async generator like the base

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109 - BaseSession's signature
    ) -> Any:
        self.bot_id = bot.id
        name = type(method).__name__
        try:
            upload = await self._read_upload(bot, method)
            with self._lock:
                self._fail_if_injected(bot, method)
                result = self._dispatch(bot, method, upload)
        except TelegramAPIError as error:
            self.calls.append(RecordedCall(name, method, error.message))
            raise
        self.calls.append(RecordedCall(name, method))
        response = Response[method.__returning__].model_validate(  # type: ignore[name-defined]
            {"ok": True, "result": result}, context={"bot": bot}
        )
        return response.result

    def _dispatch(self, bot: Bot, method: TelegramMethod[Any], upload: _Upload | None) -> Any:
        if isinstance(method, SendPhoto | SendDocument):
            return self._send_file(bot, method, upload)
        handler = self._handlers.get(type(method))
        if handler is not None:
            return handler(bot, method)
        if method.__returning__ is bool:
            return True  # settings-like methods (setMyDescription, ...) just succeed
        raise NotImplementedError(f"FakeTelegramSession does not emulate {type(method).__name__}")

    # --- state queries and updates used by the stand-in ---------------------------------

    def chat(self, chat_id: int) -> FakeChat:
        """The chat with this id, created empty on first use."""
        with self._lock:
            if chat_id not in self.chats:
                self.chats[chat_id] = FakeChat(id=chat_id)
            return self.chats[chat_id]

    @property
    def event_count(self) -> int:
        return len(self.events)

    def events_since(self, seq: int) -> list[ChatEvent]:
        with self._lock:
            return self.events[seq:]

    def add_listener(self, listener: Callable[[ChatEvent], None]) -> None:
        """Call `listener` with every new event (from the thread that caused it)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[ChatEvent], None]) -> None:
        self._listeners.remove(listener)

    def record_user_message(
        self,
        chat_id: int,
        sender: User,
        *,
        text: str | None = None,
        entities: tuple[Entity, ...] = (),
        contact: Contact | None = None,
    ) -> ChatMessage:
        """Post a message from the user into the chat (the stand-in then feeds it as an update)."""
        with self._lock:
            chat = self.chat(chat_id)
            chat.first_name = chat.first_name or sender.first_name
            chat.username = chat.username or sender.username
            message = ChatMessage(
                message_id=chat.next_message_id(),
                chat_id=chat_id,
                from_bot=False,
                date=self.clock(),
                sender=sender,
                text=text,
                entities=entities,
                contact=contact,
            )
            chat.all_messages.append(message)
            return message

    def open_callback_query(self, query_id: str, chat_id: int) -> None:
        """Remember a callback query so that answerCallbackQuery can be checked against it."""
        with self._lock:
            self._queries[query_id] = _Query(chat_id=chat_id, opened_at=self.clock())

    def unanswered_queries(self) -> list[str]:
        """Callback queries no handler answered (the user's button keeps spinning)."""
        return [qid for qid, query in self._queries.items() if not query.answered]

    def get_commands(
        self, scope: BotCommandScopeUnion | str | None = None, language_code: str = ""
    ) -> list[BotCommand]:
        """Commands set for exactly this scope (object or key like "chat:123") and language."""
        key = scope if isinstance(scope, str) else _scope_key(scope)
        return list(self.commands.get((key, language_code), []))

    def visible_commands(self, chat_id: int, language_code: str | None) -> list[BotCommand]:
        """The command menu a user sees in a private chat, by Telegram's scope fallback."""
        for key in (f"chat:{chat_id}", "all_private_chats", "default"):
            for lang in (language_code or "", ""):
                if (key, lang) in self.commands:
                    return list(self.commands[(key, lang)])
        return []

    def bot_user(self) -> User:
        return User(
            id=self.bot_id,
            is_bot=True,
            first_name=self.bot_first_name,
            username=self.bot_username,
        )

    def api_message(self, message: ChatMessage) -> dict[str, Any]:
        """The Bot API JSON of a message in its current state."""
        chat = self.chat(message.chat_id)
        chat_json: dict[str, Any] = {"id": chat.id, "type": "private"}
        if chat.first_name:
            chat_json["first_name"] = chat.first_name
        if chat.username:
            chat_json["username"] = chat.username
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(message.date.timestamp()),
            "chat": chat_json,
            "from": _api_dump(message.sender),
        }
        entities = [entity.as_api() for entity in message.entities]
        rendered = message.plain
        if message.text is not None:
            data["text"] = rendered
            if entities:
                data["entities"] = entities
        elif message.caption is not None:
            data["caption"] = rendered
            if entities:
                data["caption_entities"] = entities
        if message.file is not None:
            data.update(self._api_file(message.file))
        if message.contact is not None:
            data["contact"] = _api_dump(message.contact)
        if message.inline_keyboard is not None:
            data["reply_markup"] = _api_dump(message.inline_keyboard)
        if message.edit_date is not None:
            data["edit_date"] = int(message.edit_date.timestamp())
        if message.reply_to_message_id is not None:
            replied = chat.find(message.reply_to_message_id)
            if replied is not None and not replied.deleted:
                data["reply_to_message"] = self.api_message(replied)
        return data

    # --- helpers ----------------------------------------------------------------------------

    def _fail(self, bot: Bot, method: TelegramMethod[Any], description: str) -> NoReturn:
        status = 403 if description.startswith("Forbidden") else 400
        body = json.dumps({"ok": False, "error_code": status, "description": description})
        # aiogram's own mapping turns this into TelegramBadRequest / TelegramForbiddenError
        self.check_response(bot, method, status, body)
        raise AssertionError("check_response accepted a failed answer")  # pragma: no cover

    def _fail_if_injected(self, bot: Bot, method: TelegramMethod[Any]) -> None:
        """Raise the injected fault this call meets, before it touches any chat."""
        fault = self.faults.take(method, self._chat_of(method))
        if fault is None:
            return
        answer = fault.response()
        if answer is None:
            raise TelegramNetworkError(method=method, message=TIMEOUT_MESSAGE)
        self.check_response(bot, method, *answer)
        raise AssertionError("check_response accepted a failed answer")  # pragma: no cover

    def _chat_of(self, method: TelegramMethod[Any]) -> int | None:
        if isinstance(method, AnswerCallbackQuery):
            query = self._queries.get(method.callback_query_id)
            return query.chat_id if query is not None else None
        chat_id = getattr(method, "chat_id", None)
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            return int(chat_id)
        return chat_id if isinstance(chat_id, int) else None

    def _emit(self, kind: EventKind, chat_id: int, **details: Any) -> None:
        event = ChatEvent(seq=len(self.events), kind=kind, chat_id=chat_id, **details)
        self.events.append(event)
        for listener in list(self._listeners):
            listener(event)

    def _emit_message(self, kind: EventKind, message: ChatMessage) -> None:
        self._emit(
            kind,
            message.chat_id,
            message=message,
            plain=message.plain,
            inline_keyboard=message.inline_keyboard,
        )

    @staticmethod
    def _resolve(bot: Bot, value: Any) -> Any:
        return bot.default[value.name] if isinstance(value, Default) else value

    def _parse_mode(self, bot: Bot, value: Any) -> str | None:
        resolved = self._resolve(bot, value)
        if isinstance(resolved, Enum):
            resolved = resolved.value
        return str(resolved) if resolved else None

    def _target_chat(self, bot: Bot, method: TelegramMethod[Any], chat_id: Any) -> FakeChat:
        if isinstance(chat_id, str):
            if not chat_id.lstrip("-").isdigit():
                self._fail(bot, method, "Bad Request: chat not found")
            chat_id = int(chat_id)
        chat = self.chat(chat_id)
        if chat.blocked:
            self._fail(bot, method, BOT_BLOCKED)
        return chat

    def _render(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        raw: str,
        parse_mode: str | None,
        entities: list[MessageEntity] | None,
        *,
        limit: int,
        too_long: str,
    ) -> tuple[str, tuple[Entity, ...]]:
        """The plain text and entities Telegram derives, or Telegram's refusal."""
        if (parse_mode or "").lower() == "html":
            try:
                rendered = parse_html(raw)
            except HtmlParseError as error:
                self._fail(bot, method, f"Bad Request: can't parse entities: {error}")
            plain, found = rendered.plain, rendered.entities
        else:
            plain = raw
            found = tuple(
                Entity(e.type, e.offset, e.length, url=e.url, language=e.language)
                for e in entities or []
            )
        if utf16_len(plain) > limit:
            self._fail(bot, method, too_long)
        return plain, found

    def _render_text(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        raw: str | None,
        parse_mode: str | None,
        entities: list[MessageEntity] | None,
    ) -> tuple[str, tuple[Entity, ...]]:
        plain, found = self._render(
            bot,
            method,
            raw or "",
            parse_mode,
            entities,
            limit=MESSAGE_TEXT_LIMIT,
            too_long="Bad Request: message is too long",
        )
        if not plain.strip():
            self._fail(bot, method, "Bad Request: message text is empty")
        return plain, found

    def _render_caption(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        raw: str | None,
        parse_mode: str | None,
        entities: list[MessageEntity] | None,
    ) -> tuple[str, tuple[Entity, ...]]:
        if raw is None:
            return "", ()
        return self._render(
            bot,
            method,
            raw,
            parse_mode,
            entities,
            limit=CAPTION_LIMIT,
            too_long="Bad Request: message caption is too long",
        )

    def _check_inline_keyboard(
        self, bot: Bot, method: TelegramMethod[Any], markup: InlineKeyboardMarkup | None
    ) -> InlineKeyboardMarkup | None:
        if markup is None or not any(markup.inline_keyboard):
            return None  # an empty inline keyboard is no keyboard
        for row in markup.inline_keyboard:
            for button in row:
                self._check_inline_button(bot, method, button)
        return markup

    def _check_inline_button(
        self, bot: Bot, method: TelegramMethod[Any], button: InlineKeyboardButton
    ) -> None:
        if not any(getattr(button, name) is not None for name in _INLINE_ACTIONS):
            self._fail(bot, method, TEXT_BUTTONS_UNALLOWED)
        data = button.callback_data
        if data is not None and not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
            self._fail(bot, method, "Bad Request: BUTTON_DATA_INVALID")

    def _split_reply_markup(
        self, bot: Bot, method: TelegramMethod[Any], markup: Any
    ) -> tuple[InlineKeyboardMarkup | None, ReplyKeyboardMarkup | ReplyKeyboardRemove | None]:
        """Validate a send's reply_markup; inline goes on the message, the rest on the chat."""
        if isinstance(markup, InlineKeyboardMarkup):
            return self._check_inline_keyboard(bot, method, markup), None
        if isinstance(markup, ReplyKeyboardMarkup):
            if not any(markup.keyboard):
                self._fail(bot, method, "Bad Request: keyboard must be non-empty")
            return None, markup
        if isinstance(markup, ReplyKeyboardRemove):
            return None, markup
        if markup is None or isinstance(markup, ForceReply):
            return None, None
        raise NotImplementedError(f"unexpected reply_markup {type(markup).__name__}")

    def _apply_chat_keyboard(
        self, chat: FakeChat, change: ReplyKeyboardMarkup | ReplyKeyboardRemove | None
    ) -> None:
        if change is None:
            return
        keyboard = change if isinstance(change, ReplyKeyboardMarkup) else None
        chat.reply_keyboard = keyboard
        self._emit(EventKind.REPLY_KEYBOARD, chat.id, reply_keyboard=keyboard)

    def _reply_to(self, bot: Bot, method: Any, chat: FakeChat) -> int | None:
        params = method.reply_parameters
        target = params.message_id if params is not None else method.reply_to_message_id
        if target is None:
            return None
        replied = chat.find(target)
        if replied is None or replied.deleted:
            lenient = params is not None and self._resolve(bot, params.allow_sending_without_reply)
            if lenient or self._resolve(bot, method.allow_sending_without_reply):
                return None
            self._fail(bot, method, "Bad Request: message to be replied not found")
        return int(target)

    def _post(self, chat: FakeChat, **fields: Any) -> ChatMessage:
        message = ChatMessage(
            message_id=chat.next_message_id(),
            chat_id=chat.id,
            from_bot=True,
            date=self.clock(),
            sender=self.bot_user(),
            **fields,
        )
        chat.all_messages.append(message)
        self._emit_message(EventKind.SENT, message)
        return message

    # --- sending ------------------------------------------------------------------------------

    def _send_message(self, bot: Bot, method: SendMessage) -> dict[str, Any]:
        chat = self._target_chat(bot, method, method.chat_id)
        parse_mode = self._parse_mode(bot, method.parse_mode)
        _, entities = self._render_text(bot, method, method.text, parse_mode, method.entities)
        inline, keyboard_change = self._split_reply_markup(bot, method, method.reply_markup)
        reply_to = self._reply_to(bot, method, chat)
        message = self._post(
            chat,
            text=method.text,
            parse_mode=parse_mode,
            entities=entities,
            inline_keyboard=inline,
            reply_to_message_id=reply_to,
        )
        self._apply_chat_keyboard(chat, keyboard_change)
        return self.api_message(message)

    async def _read_upload(self, bot: Bot, method: TelegramMethod[Any]) -> _Upload | None:
        source = getattr(method, "photo", None) or getattr(method, "document", None)
        if not isinstance(method, SendPhoto | SendDocument) or not isinstance(source, InputFile):
            return None
        chunks = [chunk async for chunk in source.read(bot)]
        return _Upload(filename=source.filename or "file", data=b"".join(chunks))

    def _store_file(
        self, bot: Bot, method: SendPhoto | SendDocument, kind: str, upload: _Upload | None
    ) -> StoredFile:
        if upload is not None:
            if not upload.data:
                self._fail(bot, method, "Bad Request: file must be non-empty")
            if kind == "photo" and not _is_image(upload.data):
                self._fail(bot, method, "Bad Request: IMAGE_PROCESS_FAILED")
            file_id = f"FAKE-{kind}-{len(self.files) + 1}"
            mime = mimetypes.guess_type(upload.filename)[0]
            stored = StoredFile(file_id, kind, upload.filename, upload.data, mime)
            self.files[file_id] = stored
            return stored
        source = str(method.photo if isinstance(method, SendPhoto) else method.document)
        if source in self.files:
            return self.files[source]
        if source.startswith(("http://", "https://")):
            # Telegram would download it; the fake cannot, so the file stays empty
            return StoredFile(source, kind, source.rsplit("/", 1)[-1] or "file", b"")
        self._fail(bot, method, "Bad Request: wrong file identifier/HTTP URL specified")

    def _send_file(
        self, bot: Bot, method: SendPhoto | SendDocument, upload: _Upload | None
    ) -> dict[str, Any]:
        kind = "photo" if isinstance(method, SendPhoto) else "document"
        chat = self._target_chat(bot, method, method.chat_id)
        parse_mode = self._parse_mode(bot, method.parse_mode)
        _, entities = self._render_caption(
            bot, method, method.caption, parse_mode, method.caption_entities
        )
        inline, keyboard_change = self._split_reply_markup(bot, method, method.reply_markup)
        reply_to = self._reply_to(bot, method, chat)
        stored = self._store_file(bot, method, kind, upload)
        message = self._post(
            chat,
            caption=method.caption,
            parse_mode=parse_mode,
            entities=entities,
            inline_keyboard=inline,
            file=stored,
            reply_to_message_id=reply_to,
        )
        self._apply_chat_keyboard(chat, keyboard_change)
        return self.api_message(message)

    @staticmethod
    def _api_file(stored: StoredFile) -> dict[str, Any]:
        unique = f"U{stored.file_id}"
        if stored.kind == "photo":
            width, height = _photo_size(stored.data)
            size = {
                "file_id": stored.file_id,
                "file_unique_id": unique,
                "width": width,
                "height": height,
            }
            return {"photo": [{**size, "file_size": len(stored.data)}]}
        document: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": unique,
            "file_name": stored.filename,
            "file_size": len(stored.data),
        }
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return {"document": document}

    # --- editing and deleting -----------------------------------------------------------------

    def _editable(self, bot: Bot, method: Any) -> ChatMessage:
        if method.inline_message_id is not None:
            self._fail(bot, method, "Bad Request: MESSAGE_ID_INVALID")  # no inline mode here
        if method.chat_id is None or method.message_id is None:
            self._fail(bot, method, "Bad Request: message identifier is not specified")
        message = self._target_chat(bot, method, method.chat_id).find(method.message_id)
        if message is None or message.deleted:
            self._fail(bot, method, EDIT_NOT_FOUND)
        if not message.from_bot:
            self._fail(bot, method, "Bad Request: message can't be edited")
        return message

    def _apply_edit(
        self,
        bot: Bot,
        method: Any,
        message: ChatMessage,
        change: _Edit,
    ) -> dict[str, Any]:
        before = (message.plain.strip(), message.entities, _markup_key(message.inline_keyboard))
        if (change.plain.strip(), change.entities, _markup_key(change.markup)) == before:
            self._fail(bot, method, NOT_MODIFIED)
        message.previous_versions.append(message.raw)
        if message.text is not None:
            message.text = change.raw
        else:
            message.caption = change.raw
        message.parse_mode, message.entities = change.parse_mode, change.entities
        message.inline_keyboard = change.markup
        message.edit_count += 1
        message.edit_date = self.clock()
        self._emit_message(EventKind.EDITED, message)
        return self.api_message(message)

    def _edit_message_text(self, bot: Bot, method: EditMessageText) -> dict[str, Any]:
        message = self._editable(bot, method)
        if message.text is None:
            self._fail(bot, method, "Bad Request: there is no text in the message to edit")
        parse_mode = self._parse_mode(bot, method.parse_mode)
        plain, entities = self._render_text(bot, method, method.text, parse_mode, method.entities)
        # like Telegram: an edit without reply_markup removes the inline keyboard
        markup = self._check_inline_keyboard(bot, method, method.reply_markup)
        change = _Edit(method.text, plain, parse_mode, entities, markup)
        return self._apply_edit(bot, method, message, change)

    def _edit_message_caption(self, bot: Bot, method: EditMessageCaption) -> dict[str, Any]:
        message = self._editable(bot, method)
        if message.file is None:
            self._fail(bot, method, "Bad Request: there is no caption in the message to edit")
        parse_mode = self._parse_mode(bot, method.parse_mode)
        plain, entities = self._render_caption(
            bot, method, method.caption, parse_mode, method.caption_entities
        )
        markup = self._check_inline_keyboard(bot, method, method.reply_markup)
        change = _Edit(method.caption, plain, parse_mode, entities, markup)
        return self._apply_edit(bot, method, message, change)

    def _edit_message_reply_markup(
        self, bot: Bot, method: EditMessageReplyMarkup
    ) -> dict[str, Any]:
        message = self._editable(bot, method)
        markup = self._check_inline_keyboard(bot, method, method.reply_markup)
        keep = message.text if message.text is not None else message.caption
        change = _Edit(keep, message.plain, message.parse_mode, message.entities, markup)
        return self._apply_edit(bot, method, message, change)

    def _delete_one(self, chat: FakeChat, message_id: int) -> str | None:
        """Delete a message; returns Telegram's refusal, if any."""
        message = chat.find(message_id)
        if message is None or message.deleted:
            return DELETE_NOT_FOUND
        if self.clock() - message.date > DELETE_WINDOW:
            return "Bad Request: message can't be deleted for everyone"
        message.deleted = True
        self._emit(EventKind.DELETED, chat.id, message=message, plain=message.plain)
        return None

    def _delete_message(self, bot: Bot, method: DeleteMessage) -> bool:
        chat = self._target_chat(bot, method, method.chat_id)
        refusal = self._delete_one(chat, method.message_id)
        if refusal is not None:
            self._fail(bot, method, refusal)
        return True

    def _delete_messages(self, bot: Bot, method: DeleteMessages) -> bool:
        if not 1 <= len(method.message_ids) <= 100:
            self._fail(bot, method, "Bad Request: message_ids must contain 1-100 identifiers")
        chat = self._target_chat(bot, method, method.chat_id)
        for message_id in method.message_ids:
            self._delete_one(chat, message_id)  # missing ones are skipped, as Telegram does
        return True

    # --- callback answers, actions, commands, identity ----------------------------------------

    def _answer_callback_query(self, bot: Bot, method: AnswerCallbackQuery) -> bool:
        query = self._queries.get(method.callback_query_id)
        now = self.clock()
        if query is None or query.answered or now - query.opened_at > CALLBACK_QUERY_TTL:
            self._fail(bot, method, QUERY_TOO_OLD)
        if method.text is not None and len(method.text) > CALLBACK_ANSWER_LIMIT:
            self._fail(bot, method, "Bad Request: MESSAGE_TOO_LONG")
        query.answered = True
        answer = CallbackAnswer(
            query_id=method.callback_query_id,
            chat_id=query.chat_id,
            text=method.text,
            show_alert=bool(method.show_alert),
            url=method.url,
            at=now,
        )
        self.chat(query.chat_id).callback_answers.append(answer)
        self._emit(EventKind.CALLBACK_ANSWER, query.chat_id, answer=answer)
        return True

    def _send_chat_action(self, bot: Bot, method: SendChatAction) -> bool:
        if method.action not in _CHAT_ACTIONS:
            self._fail(bot, method, "Bad Request: wrong parameter action in request")
        chat = self._target_chat(bot, method, method.chat_id)
        chat.actions.append(ChatAction(action=method.action, at=self.clock()))
        self._emit(EventKind.CHAT_ACTION, chat.id, action=method.action)
        return True

    def _set_my_commands(self, bot: Bot, method: SetMyCommands) -> bool:
        if len(method.commands) > 100:
            self._fail(bot, method, "Bad Request: too many commands")
        for command in method.commands:
            if not _COMMAND_RE.match(command.command):
                self._fail(bot, method, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.description) <= 256:
                self._fail(bot, method, "Bad Request: command description is invalid")
        key = (_scope_key(method.scope), method.language_code or "")
        self.commands[key] = list(method.commands)
        return True

    def _delete_my_commands(self, bot: Bot, method: DeleteMyCommands) -> bool:
        self.commands.pop((_scope_key(method.scope), method.language_code or ""), None)
        return True

    def _get_my_commands(self, bot: Bot, method: GetMyCommands) -> list[dict[str, Any]]:
        found = self.get_commands(method.scope, method.language_code or "")
        return [_api_dump(command) for command in found]

    def _get_me(self, bot: Bot, method: GetMe) -> dict[str, Any]:
        me: dict[str, Any] = _api_dump(self.bot_user())
        me.update(can_join_groups=True, can_read_all_group_messages=False)
        me["supports_inline_queries"] = False
        return me

    def _set_chat_menu_button(self, bot: Bot, method: SetChatMenuButton) -> bool:
        if method.menu_button is not None:
            self.menu_buttons[method.chat_id] = method.menu_button
        else:
            self.menu_buttons.pop(method.chat_id, None)
        return True

    def _get_chat_menu_button(self, bot: Bot, method: GetChatMenuButton) -> dict[str, Any]:
        button = self.menu_buttons.get(method.chat_id) or self.menu_buttons.get(None)
        return _api_dump(button) if button is not None else {"type": "default"}
