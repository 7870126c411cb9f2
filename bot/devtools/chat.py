"""The user's side of a fake Telegram chat: messages as shown, keyboards, answers, events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from aiogram.methods import TelegramMethod
from aiogram.types import Contact, InlineKeyboardMarkup, ReplyKeyboardMarkup, User

from bot.devtools.telegram_html import Entity, strip_html

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class StoredFile:
    """A file the bot uploaded, kept with the id Telegram would give it."""

    file_id: str
    kind: str  # "document" or "photo"
    filename: str
    data: bytes
    mime_type: str | None = None


@dataclass
class ChatMessage:
    """One message as the user sees it in the chat, current state after any edits."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: datetime
    sender: User
    text: str | None = None  # raw, as sent (HTML markup kept when parse_mode is HTML)
    caption: str | None = None
    parse_mode: str | None = None
    entities: tuple[Entity, ...] = ()
    inline_keyboard: InlineKeyboardMarkup | None = None
    file: StoredFile | None = None
    contact: Contact | None = None
    reply_to_message_id: int | None = None
    deleted: bool = False
    edit_count: int = 0
    edit_date: datetime | None = None
    previous_versions: list[str] = field(default_factory=list)  # raw text/caption before edits

    @property
    def raw(self) -> str:
        """The text or the caption as sent, markup included."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def plain(self) -> str:
        """What the user reads: tags stripped, entities unescaped."""
        if (self.parse_mode or "").lower() == "html":
            return strip_html(self.raw)
        return self.raw

    @property
    def buttons(self) -> list[list[str]]:
        """Labels of the inline keyboard, row by row."""
        if self.inline_keyboard is None:
            return []
        return [[button.text for button in row] for row in self.inline_keyboard.inline_keyboard]

    @property
    def document(self) -> StoredFile | None:
        return self.file if self.file is not None and self.file.kind == "document" else None

    @property
    def photo(self) -> StoredFile | None:
        return self.file if self.file is not None and self.file.kind == "photo" else None


@dataclass(frozen=True)
class CallbackAnswer:
    """What answerCallbackQuery showed: a toast, an alert, or nothing."""

    query_id: str
    chat_id: int
    text: str | None
    show_alert: bool
    url: str | None
    at: datetime


@dataclass(frozen=True)
class ChatAction:
    action: str
    at: datetime


@dataclass
class FakeChat:
    """A private chat: every message ever posted plus the current reply keyboard."""

    id: int
    first_name: str | None = None
    username: str | None = None
    all_messages: list[ChatMessage] = field(default_factory=list)
    reply_keyboard: ReplyKeyboardMarkup | None = None
    actions: list[ChatAction] = field(default_factory=list)
    callback_answers: list[CallbackAnswer] = field(default_factory=list)
    blocked: bool = False
    last_message_id: int = 0

    @property
    def messages(self) -> list[ChatMessage]:
        """Visible messages from both sides, oldest first."""
        return [m for m in self.all_messages if not m.deleted]

    @property
    def bot_messages(self) -> list[ChatMessage]:
        return [m for m in self.messages if m.from_bot]

    @property
    def user_messages(self) -> list[ChatMessage]:
        return [m for m in self.messages if not m.from_bot]

    def find(self, message_id: int) -> ChatMessage | None:
        """A message by id, deleted or not."""
        return next((m for m in self.all_messages if m.message_id == message_id), None)

    def next_message_id(self) -> int:
        # both sides of a private chat share one sequence of message ids
        self.last_message_id += 1
        return self.last_message_id


class EventKind(StrEnum):
    SENT = "sent"
    EDITED = "edited"
    DELETED = "deleted"
    CALLBACK_ANSWER = "callback_answer"
    CHAT_ACTION = "chat_action"
    REPLY_KEYBOARD = "reply_keyboard"


@dataclass(frozen=True)
class ChatEvent:
    """Something the bot did that the user could notice; snapshots are taken at that moment."""

    seq: int
    kind: EventKind
    chat_id: int
    message: ChatMessage | None = None
    plain: str = ""
    inline_keyboard: InlineKeyboardMarkup | None = None
    answer: CallbackAnswer | None = None
    action: str | None = None
    reply_keyboard: ReplyKeyboardMarkup | None = None


@dataclass(frozen=True)
class RecordedCall:
    """One Bot API call in the order made; `error` is Telegram's description when refused."""

    name: str
    method: TelegramMethod[Any]
    error: str | None = None
