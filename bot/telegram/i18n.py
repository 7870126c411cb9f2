"""Languages: Fluent files in `locales/<lang>/`, the choice kept with the user in the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiogram.types import User
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import FluentRuntimeCore
from aiogram_i18n.managers import BaseManager

from bot.storage.repositories import Repositories, UserRecord


def _locales_path() -> Path:
    """`locales/` beside the package in a checkout; the working directory in an image."""
    beside = Path(__file__).resolve().parents[2] / "locales"
    return beside if beside.is_dir() else Path.cwd() / "locales"


LOCALES_PATH = _locales_path()
LANGUAGES = ("uz", "ru", "en")
DEFAULT_LANGUAGE = "uz"
RUSSIAN_READING = frozenset({"kk", "ky", "tg", "tk", "uk", "be", "az", "hy", "ka"})


def language_from_telegram(language_code: str | None) -> str:
    """Telegram's language_code picks the default before a customer chooses."""
    code = (language_code or "").split("-")[0].lower()
    if code in LANGUAGES:
        return code
    if not code:
        return DEFAULT_LANGUAGE
    # Neighbours who mostly read Russian get Russian; everyone else English.
    return "ru" if code in RUSSIAN_READING else "en"


class DatabaseLocaleManager(BaseManager):
    """Reads and writes the language on the user's row, so a finished flow never forgets it."""

    def __init__(self, repos: Repositories) -> None:
        super().__init__(default_locale=DEFAULT_LANGUAGE)
        self._repos = repos

    async def get_locale(
        self, event_from_user: User | None = None, user: UserRecord | None = None, **_: Any
    ) -> str:
        """`user`: the row UserMiddleware read for this update (read here only without it)."""
        if event_from_user is None:
            return DEFAULT_LANGUAGE
        if user is None:
            user = await self._repos.users.get(event_from_user.id)
        if user is not None and user.language:
            return user.language
        return language_from_telegram(event_from_user.language_code)

    async def set_locale(self, locale: str, event_from_user: User | None = None, **_: Any) -> None:
        if event_from_user is not None:
            await self._repos.users.get_or_create(event_from_user.id)
            await self._repos.users.set_language(event_from_user.id, locale)


def make_i18n_middleware(repos: Repositories, path: Path = LOCALES_PATH) -> I18nMiddleware:
    core = FluentRuntimeCore(path=path / "{locale}", default_locale=DEFAULT_LANGUAGE)
    return I18nMiddleware(
        core=core, manager=DatabaseLocaleManager(repos), default_locale=DEFAULT_LANGUAGE
    )
