"""Screens as values: each builder is a pure function of what it shows, returning a `Screen`
(HTML text, outside values escaped, and its inline keyboard), so a unit test can read it
without Telegram. Showing one is `ChatContext.show`'s job."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from aiogram.types import InlineKeyboardMarkup


class Texts(Protocol):
    """The translations of one language: an update's `I18nContext`, or the outbox's."""

    def get(self, key: str, /, **kwargs: Any) -> str: ...


@dataclass(frozen=True)
class Screen:
    """What one bot message shows: HTML text (outside values escaped) and its buttons."""

    text: str
    markup: InlineKeyboardMarkup | None = None

    def under(self, notice: str) -> Screen:
        """The same screen with `notice` (a problem, a confirmation) above it."""
        return Screen(f"{notice}\n\n{self.text}", self.markup) if notice else self
