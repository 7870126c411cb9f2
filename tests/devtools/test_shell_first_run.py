"""What a newcomer meets first: README's commands, the shell's first line and its banner."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from bot.devtools.shell_app import Continuity, SandboxFiles, banner, sandbox_files, sandbox_lines
from bot.devtools.shell_texts import ShellTexts
from bot.paylov.sandbox import PaylovSandbox

REPOSITORY = Path(__file__).resolve().parents[2]
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
# A run of the shell from the command line, on a noisy machine: generous, never a margin.
RUN_TIMEOUT = 180


def shell(
    folder: Path, *args: str, script: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", "shell", *args],
        input=script,
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, **(env or {})},
        timeout=RUN_TIMEOUT,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        ((), "paybot shell is starting (a few seconds)…"),
        (("--lang", "ru"), "paybot shell запускается (несколько секунд)…"),
    ],
)
def test_the_first_line_comes_before_the_bot_is_imported(
    tmp_path: Path, args: tuple[str, ...], first_line: str
) -> None:
    # An aiogram that stops the process on import: whatever was printed came before the bot's
    # slow imports (seconds), not after them.
    blocker = tmp_path / "blocker" / "aiogram"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise SystemExit('aiogram is being imported')\n")
    pythonpath = os.pathsep.join([str(tmp_path / "blocker"), str(REPOSITORY)])
    result = shell(tmp_path, *args, script="/quit\n", env={"PYTHONPATH": pythonpath})
    assert "aiogram is being imported" in result.stderr
    assert result.stdout == first_line + "\n"


def test_readme_says_python_3_11_a_venv_and_the_escape() -> None:
    commands = README.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert len(commands) == 2
    assert commands[0].startswith("python3 -m venv .venv && . .venv/bin/activate && pip install")
    assert commands[1].startswith('pip install -e ".[dev]"')  # what .ci/run runs
    top = README.split("## ", 1)[0]
    assert "Python 3.11" in top
    assert "`\\5` sends the text 5" in top


def readme_script() -> str:
    [argument] = re.findall(r"`printf '([^']*)' \| python -m bot shell`", README)
    # bash's own printf, as a reader's terminal runs it
    printed = subprocess.run(  # noqa: S603 - README's argument to a builtin, no shell
        ["bash", "-c", 'printf "$1"', "printf", argument],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return printed.stdout


def test_readmes_piped_example_works_twice_in_one_folder(tmp_path: Path) -> None:
    runs = [shell(tmp_path, script=readme_script()) for _ in range(2)]
    chats = []
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "(no handler" not in run.stdout and "(!)" not in run.stdout
        chats.append(run.stdout[run.stdout.index("> /pay") :])
    assert "Beeline" in chats[0] and "Type the amount" in chats[0]
    assert chats[1] == chats[0]
    assert "A fresh start" in runs[0].stdout
    assert "Continuing the last run" in runs[1].stdout


@pytest.mark.parametrize(
    ("language", "expected", "not_expected"),
    [
        ("en", ["Sandbox test cards", "(debt)", "so'm", "Humo's published test card"], "долг"),
        ("ru", ["Тестовые карты песочницы", "(долг)", "сум"], "(debt)"),
        ("uz", ["Sinov muhitining test kartalari", "(qarz)", "so‘m"], "(долг)"),
    ],
)
def test_the_banner_is_in_the_shells_language(
    language: str, expected: list[str], not_expected: str
) -> None:
    texts = ShellTexts(language)
    lines = sandbox_lines(PaylovSandbox().test_data(texts.language), texts)
    settings = Settings(_env_file=None)
    text = banner(settings, lines, admin=False, texts=texts)
    for part in expected:
        assert part in text
    assert not_expected not in text
    assert "сум" not in text or language == "ru"


def test_a_database_without_its_sandbox_state_is_said_so(tmp_path: Path) -> None:
    database = tmp_path / "paybot.sqlite3"
    url = f"sqlite+aiosqlite:///{database}"
    assert sandbox_files(url).continuity is Continuity.FRESH
    (tmp_path / "paybot.sandbox.json").write_text("{}")  # left from a deleted database
    assert sandbox_files(url) == SandboxFiles(
        Continuity.FRESH, database, tmp_path / "paybot.sandbox.json"
    )
    assert not (tmp_path / "paybot.sandbox.json").exists()
    database.write_bytes(b"")
    missing = sandbox_files(url)
    assert missing.continuity is Continuity.STATE_MISSING
    text = banner(Settings(_env_file=None), [], admin=False, files=missing)
    assert "cards saved in it are not linked" in text
    assert sandbox_files("sqlite+aiosqlite:///:memory:").continuity is Continuity.IN_MEMORY
    server = sandbox_files("postgresql+asyncpg://postgres@127.0.0.1/paybot")
    assert server == SandboxFiles(Continuity.FORGETS)


def test_what_the_shell_writes_is_ignored_by_git() -> None:
    ignored = (REPOSITORY / ".gitignore").read_text(encoding="utf-8").splitlines()
    for pattern in ("*.sqlite3", "*.sandbox.json", "shell-files/"):
        assert pattern in ignored
