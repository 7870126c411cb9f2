"""`python -m bot shell` run twice in one folder: the second run continues where the first ended.

The chat is driven through run_terminal_chat itself (the real app, its embedded sandbox, a
SQLite file in the test's folder). Each input line is chosen from the transcript so far, by a
button's label rather than its number, so the test does not pin the screens' layouts.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.config import Settings
from bot.devtools.shell_app import run_terminal_chat

USER_ID = 100001
CARD, EXPIRY, CODE = "8600001234567878", "09/29", "456799"  # a sandbox test card

Step = Callable[[str], str]  # the transcript so far -> the next input line


def press(label: str) -> Step:
    """The number of the newest button whose label contains `label`."""

    def number(transcript: str) -> str:
        found = re.findall(r"\[(\d+)\] ([^\[\n]*)", transcript)
        matches = [n for n, text in found if label in text]
        assert matches, f"no button {label!r} shown; the transcript ends:\n{transcript[-1500:]}"
        return matches[-1]

    return number


def typed(text: str) -> Step:
    return lambda _: text


class ScriptedInput(io.TextIOBase):
    """Piped input whose next line is chosen once the shell has printed everything so far
    (piped, the shell reads a line only when the bot has gone quiet)."""

    def __init__(self, out: io.StringIO, steps: list[Step]) -> None:
        self._out = out
        self._steps = list(steps)

    def readline(self, size: int | None = -1) -> str:
        if not self._steps:
            return ""
        return self._steps.pop(0)(self._out.getvalue()) + "\n"

    def isatty(self) -> bool:
        return False


async def chat(settings: Settings, steps: list[Step]) -> str:
    out = io.StringIO()
    await run_terminal_chat(
        settings,
        user_id=USER_ID,
        language="en",
        phone="+998901234567",
        stdin=ScriptedInput(out, steps),
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.chdir(tmp_path)  # shell-files/ (receipt cards) lands in the test's folder
    settings = Settings(_env_file=None)
    settings.database.url = f"sqlite+aiosqlite:///{tmp_path / 'paybot.sqlite3'}"
    settings.paylov.sandbox = True
    settings.payments.luhn_check = False  # as `python -m bot shell` sets it
    settings.payments.recheck_interval = 3600.0
    settings.telegram.admin_ids = [USER_ID]
    return settings


def beeline_10000(phone: str) -> list[Step]:
    return [
        typed("/pay"),
        press("Mobile operators"),
        press("Beeline"),
        typed(phone),
        press("10 000"),
    ]


async def test_a_second_run_continues_with_the_card_and_the_payments_of_the_first(
    settings: Settings, tmp_path: Path
) -> None:
    first = await chat(
        settings,
        [
            typed("/start"),
            press("English"),
            *beeline_10000("901234567"),
            press("Share my phone"),
            typed(f"{CARD} {EXPIRY}"),  # number and expiry in one message, in either order
            typed(CODE),  # links the card
            press("Confirm and pay"),
            typed(CODE),  # confirms the payment
        ],
    )
    assert "A fresh start" in first
    assert "Card 860000******7878 added" in first
    assert first.count("✅ Payment") >= 1, first[-2000:]
    assert (tmp_path / "paybot.sandbox.json").is_file()

    second = await chat(
        settings,
        [
            # Another number (the same one again would be asked "paid recently, again?"); the
            # card saved by the first run is chosen: no card to add this time.
            *beeline_10000("911234567"),
            press("Confirm and pay"),
            typed(CODE),
            typed("/history"),
            typed("/payments"),
        ],
    )
    assert "Continuing the last run" in second
    assert "no longer linked" not in second
    assert second.count("✅ Payment") >= 1, second[-2000:]
    history = second[second.rindex("> /history") : second.rindex("> /payments")]
    assert history.count("Beeline") >= 2, history  # the first run's payment and this one's
    payments = second[second.rindex("> /payments") :]
    assert payments.count("Beeline") >= 2, payments
