"""The terminal chat's own lines in the shell's language (`locales/<lang>/shell.ftl`).

Light on purpose: it is read before the bot (aiogram, SQLAlchemy) is imported, so the shell's
first line can be printed at once.
"""

from __future__ import annotations

from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource

SHELL_LANGUAGES = ("uz", "ru", "en")
DEFAULT_SHELL_LANGUAGE = "en"


def _locales_path() -> Path:
    # As bot/telegram/i18n.py finds it, without importing aiogram through it.
    beside = Path(__file__).resolve().parents[2] / "locales"
    return beside if beside.is_dir() else Path.cwd() / "locales"


def shell_language(code: str | None) -> str:
    """uz, ru or en from a language code ("ru-RU" → ru); English for anything else."""
    base = (code or "").split("-")[0].lower()
    return base if base in SHELL_LANGUAGES else DEFAULT_SHELL_LANGUAGE


class ShellTexts:
    def __init__(self, language: str, locales: Path | None = None) -> None:
        self.language = shell_language(language)
        path = (locales or _locales_path()) / self.language / "shell.ftl"
        # No bidi isolation marks: a terminal would print them.
        self._bundle = FluentBundle([self.language], use_isolating=False)
        self._bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))

    def get(self, key: str, **values: str | int) -> str:
        pattern = self._bundle.get_message(key).value
        if pattern is None:
            raise KeyError(key)
        text, errors = self._bundle.format_pattern(pattern, values or None)
        if errors:
            raise ValueError(f"shell text {key!r}: {errors}")
        return str(text)
