"""A terminal chat with the real bot through the Telegram stand-in (`python -m bot shell`).

Bot messages are printed as plain text; inline buttons and reply-keyboard buttons get numbers
and typing a number presses one. Input may be piped from a file: each line is then echoed
after a "> " prompt so the output reads as a transcript.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from aiogram.types import InlineKeyboardMarkup

from bot.devtools.fake_telegram import ChatEvent, EventKind, StoredFile
from bot.devtools.standin import Activity, FakeUser, TelegramStandIn

SHELL_HELP = (
    "Type a message to send it. A number presses the button shown with it; "
    "\\5 sends the text 5. /contact shares your phone, /contact +998... another number, "
    "/reply TEXT replies (Telegram's Reply) to the bot's newest message, "
    "/remind YYYY-MM-DD runs the monthly reminders as on that day at 10:00 Tashkent, "
    "/quit (or end of input) leaves."
)
DEFAULT_FILES_DIR = Path("shell-files")
_INDENT = "     "


@dataclass(frozen=True)
class _Target:
    """What a button number points to: an inline button on a message, or a reply button."""

    label: str
    message_id: int | None = None  # None for the reply keyboard


class _ChatPrinter:
    """Prints what the bot did in one chat since the last call and keeps the button numbers."""

    def __init__(
        self, standin: TelegramStandIn, user: FakeUser, out: TextIO, files_dir: Path
    ) -> None:
        self.standin = standin
        self.user = user
        self.out = out
        self.files_dir = files_dir
        self.cursor = standin.session.event_count
        self.numbers: dict[int, _Target] = {}

    def write(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def flush(self) -> bool:
        """Print pending events; True when something was printed."""
        events = self.standin.session.events_since(self.cursor)
        self.cursor += len(events)
        mine = [e for e in events if e.chat_id == self.user.id]
        numbers: dict[int, _Target] = {}
        keyboard_changed = False
        printed = False
        for event in mine:
            if event.kind is EventKind.REPLY_KEYBOARD:
                keyboard_changed = True
                continue
            printed = self._print_event(event, numbers) or printed
        if numbers or keyboard_changed:
            self._print_reply_keyboard(numbers, announce_removal=keyboard_changed)
            self.numbers = numbers
            printed = True
        else:
            self._forget_changed(mine)
        return printed

    def _forget_changed(self, events: list[ChatEvent]) -> None:
        """Numbers of buttons on a message edited or deleted since then point nowhere now."""
        changed = {
            e.message.message_id
            for e in events
            if e.message is not None and e.kind in {EventKind.EDITED, EventKind.DELETED}
        }
        self.numbers = {n: t for n, t in self.numbers.items() if t.message_id not in changed}

    def _print_event(self, event: ChatEvent, numbers: dict[int, _Target]) -> bool:
        message = event.message
        if event.kind is EventKind.CALLBACK_ANSWER and event.answer is not None:
            if event.answer.text:
                kind = "alert" if event.answer.show_alert else "notice"
                self.write(f"  [{kind}] {event.answer.text}")
                return True
            return False
        if event.kind is EventKind.CHAT_ACTION:
            self.write(f"  ({event.action}…)")
            return True
        if message is None:
            return False
        if event.kind is EventKind.DELETED:
            whose = "message" if message.from_bot else "your message"
            self.write(f"  (bot deleted {whose} #{message.message_id})")
            return True
        head = "bot" if event.kind is EventKind.SENT else f"bot (edited #{message.message_id})"
        parts = [event.plain] if event.plain else []
        if message.file is not None:
            parts.insert(0, f"[{message.file.kind} saved: {self._save(message.file, event)}]")
        self.write(f"{head}: " + "\n".join(parts).replace("\n", "\n" + _INDENT))
        self._print_inline(event.inline_keyboard, message.message_id, numbers)
        return True

    def _print_inline(
        self, markup: InlineKeyboardMarkup | None, message_id: int, numbers: dict[int, _Target]
    ) -> None:
        if markup is None:
            return
        for row in markup.inline_keyboard:
            cells = []
            for button in row:
                number = len(numbers) + 1
                numbers[number] = _Target(button.text, message_id)
                cells.append(f"[{number}] {button.text}")
            self.write("  " + "  ".join(cells))

    def _print_reply_keyboard(self, numbers: dict[int, _Target], *, announce_removal: bool) -> None:
        keyboard = self.standin.reply_keyboard(self.user)
        if keyboard is None:
            if announce_removal:
                self.write("  (keyboard removed)")
            return
        rows = []
        for row in keyboard:
            cells = []
            for label in row:
                number = len(numbers) + 1
                numbers[number] = _Target(label)
                cells.append(f"[{number}] {label}")
            rows.append("  ".join(cells))
        self.write("  keyboard: " + "\n            ".join(rows))

    def _save(self, stored: StoredFile, event: ChatEvent) -> str:
        self.files_dir.mkdir(parents=True, exist_ok=True)
        number = event.message.message_id if event.message is not None else event.seq
        path = self.files_dir / f"{number}-{Path(stored.filename).name}"
        path.write_bytes(stored.data)
        return str(path)


# The reminders as on a day the shell names: how many notices it wrote.
RemindOn = Callable[[date], Awaitable[int]]


async def _remind(printer: _ChatPrinter, remind: RemindOn | None, line: str) -> None:
    """`/remind YYYY-MM-DD`: the reminder job's round as on that day, its notices sent by the
    app's own outbox (as `python -m bot run` would on the day)."""
    try:
        day = date.fromisoformat(line.removeprefix("/remind").strip())
    except ValueError:
        printer.write("  (!) /remind takes a date: /remind 2026-12-05")
        return
    if remind is None:
        printer.write("  (!) reminders are not available here")
        return
    queued = await remind(day)
    printer.write(f"  (reminders of {day.isoformat()}, 10:00 Tashkent: {queued} to send)")


async def _act(
    standin: TelegramStandIn, user: FakeUser, printer: _ChatPrinter, line: str, phone: str
) -> Activity:
    """Turn one input line into a user action."""
    if line == "/contact" or line.startswith("/contact "):
        return await standin.share_contact(user, line.removeprefix("/contact").strip() or phone)
    if line.isascii() and line.isdigit() and int(line) in printer.numbers:
        target = printer.numbers[int(line)]
        if target.message_id is None:
            return await standin.press_reply(user, target.label, phone=phone)
        return await standin.press(user, target.label, message_id=target.message_id)
    if line.startswith("/reply "):
        newest = standin.last_bot_message(user)
        reply_to = newest.message_id if newest is not None else None
        return await standin.send(user, line.removeprefix("/reply ").strip(), reply_to=reply_to)
    if line.startswith("\\"):
        return await standin.send(user, line[1:])
    return await standin.send(user, line)


async def _read_line(stdin: TextIO, printer: _ChatPrinter, *, is_tty: bool, poll: float) -> str:
    """Read one line; on a terminal, show background messages while the user is typing."""
    reading = asyncio.ensure_future(asyncio.to_thread(stdin.readline))
    while is_tty:
        done, _ = await asyncio.wait({reading}, timeout=poll)
        if done:
            break
        if printer.flush():
            printer.out.write("> ")
            printer.out.flush()
    return await reading


async def run_shell(
    standin: TelegramStandIn,
    user: FakeUser,
    *,
    stdin: TextIO,
    stdout: TextIO,
    banner: str,
    is_tty: bool,
    phone: str | None = None,
    files_dir: Path = DEFAULT_FILES_DIR,
    settle: float = 0.05,
    final_wait: float = 1.0,
    poll: float = 0.2,
    remind: RemindOn | None = None,
) -> None:
    """Chat with the bot as `user` until /quit or end of input.

    `settle`: with piped input, how long the bot must stay quiet before the next line is sent
    (lets quick background work finish so the transcript is in order); `final_wait`: how long
    to keep listening for background messages after the end of input.
    """
    printer = _ChatPrinter(standin, user, stdout, files_dir)
    printer.write(banner)
    own_phone = phone or user.phone
    while True:
        printer.flush()
        if is_tty:
            stdout.write("> ")
            stdout.flush()
        raw = await _read_line(stdin, printer, is_tty=is_tty, poll=poll)
        if not raw:
            break
        line = raw.rstrip("\r\n")
        if not is_tty:
            printer.write(f"> {line}")
        if line.strip() in {"/quit", "/exit"}:
            break
        if not line.strip():
            continue
        if line.strip().startswith("/remind"):
            await _remind(printer, remind, line.strip())
            await standin.idle(quiet=settle * 4, timeout=final_wait)
            continue
        try:
            activity = await _act(standin, user, printer, line.strip(), own_phone)
            if not activity.handled:
                printer.write("  (no handler took this update)")
        except AssertionError as error:
            printer.write(f"  (!) {error}")
        except Exception as error:  # the shell outlives a crashing handler
            printer.write(f"  (!) bot error: {type(error).__name__}: {error}")
        if not is_tty:
            await standin.idle(quiet=settle, timeout=final_wait)
    await standin.idle(quiet=min(settle * 4, final_wait), timeout=final_wait)
    printer.flush()
    printer.write("(end of chat)")
