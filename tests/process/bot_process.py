"""`python -m bot run` as a child process: started, watched through its log, killed.

The child's stdout and stderr go to one log file, line by line, and are read as they come:
aiogram logs "Update id=N is handled" (or "is not handled") once the dispatcher is done with an
update, so a test can wait for exactly that instead of guessing with sleeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from tests.process.fake_bot_api import Changes

REPO_ROOT = Path(__file__).resolve().parents[2]
_HANDLED = re.compile(rb"Update id=(\d+) is (?:not )?handled")
# bot/runner.py, once the webhook server listens and the webhook is set (by it or another).
_SERVING_WEBHOOK = b"serving the webhook"
# What the child may see of this process's environment; everything else is set explicitly, so
# no BOT_*, PAYLOV_* or DB_* of the developer's shell leaks in (nor PYTHONDONTWRITEBYTECODE:
# the child may cache bytecode, it starts often).
_PASSED_ON = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def child_env(settings: Mapping[str, str]) -> dict[str, str]:
    env = {key: os.environ[key] for key in _PASSED_ON if key in os.environ}
    # This checkout's code, whatever the venv's editable install points at.
    env["PYTHONPATH"] = str(REPO_ROOT)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(settings)
    return env


class BotProcess:
    """One running (or exited) `python -m bot run`."""

    def __init__(
        self,
        name: str,
        process: asyncio.subprocess.Process,
        log_path: Path,
        changes: Changes,
        on_exit: Callable[[BotProcess], None],
    ) -> None:
        self.name = name
        self.log_path = log_path
        self.handled: list[int] = []  # update ids, in the order the dispatcher finished them
        self.serving_webhook = False
        self._process = process
        self._changes = changes
        self._on_exit = on_exit
        self._exited = asyncio.Event()
        self._watcher = asyncio.create_task(self._watch(), name=f"watch {name}")

    @classmethod
    async def start(
        cls,
        name: str,
        env: Mapping[str, str],
        *,
        cwd: Path,
        log_path: Path,
        changes: Changes,
        on_exit: Callable[[BotProcess], None],
    ) -> BotProcess:
        """cwd should hold no `.env`: Settings reads one from the working directory."""
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=cwd,
            env=child_env(env),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            limit=1 << 20,
        )
        return cls(name, process, log_path, changes, on_exit)

    # --- state --------------------------------------------------------------------------------

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def running(self) -> bool:
        return not self._exited.is_set()

    @property
    def returncode(self) -> int | None:
        """None while running; -9 after kill(); 0 after a clean exit."""
        return self._process.returncode if self._exited.is_set() else None

    def has_handled(self, update_id: int) -> bool:
        return update_id in self.handled

    def log(self, since: int = 0) -> str:
        """What the process wrote (stdout and stderr), all or from a `log_mark()` on."""
        with self.log_path.open("rb") as log:
            log.seek(since)
            return log.read().decode("utf-8", errors="replace")

    def log_mark(self) -> int:
        """Where the log ends now, for `log(since=...)`."""
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_tail(self, lines: int = 25) -> str:
        if not self.log_path.exists():
            return "(no output yet)"
        return "\n".join(self.log().splitlines()[-lines:])

    def describe(self) -> str:
        state = "running" if self.running else f"exited {self.returncode}"
        return f"{self.name} (pid {self.pid}, {state}, handled {self.handled})"

    # --- signals ------------------------------------------------------------------------------

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs."""
        self._signal(signal.SIGKILL)

    def terminate(self) -> None:
        """SIGTERM: aiogram stops polling and the app shuts down."""
        self._signal(signal.SIGTERM)

    def _signal(self, signum: int) -> None:
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                self._process.send_signal(signum)

    async def wait_exit(self, timeout: float = 15.0) -> int:  # noqa: ASYNC109
        """The exit code (negative: killed by that signal); AssertionError after `timeout`."""
        try:
            async with asyncio.timeout(timeout):
                await self._exited.wait()
        except TimeoutError:
            raise AssertionError(
                f"{self.describe()} did not exit within {timeout}s; log:\n{self.log_tail()}"
            ) from None
        code = self.returncode
        assert code is not None
        return code

    async def stop(self) -> None:
        """Kill if still running and wait for it (teardown)."""
        self.kill()
        with contextlib.suppress(AssertionError):
            await self.wait_exit(10.0)
        await self._watcher

    # --- watching -----------------------------------------------------------------------------

    async def _watch(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        try:
            with self.log_path.open("ab") as log:
                async for line in stdout:
                    log.write(line)
                    log.flush()
                    found = _HANDLED.search(line)
                    if found:
                        self.handled.append(int(found.group(1)))
                        self._changes.notify()
                    elif _SERVING_WEBHOOK in line:
                        self.serving_webhook = True
                        self._changes.notify()
            await self._process.wait()
        finally:
            self._exited.set()
            self._on_exit(self)
            self._changes.notify()
